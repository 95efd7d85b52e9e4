"""Typed payloads serialise to exactly the ``attrs`` dicts stored and exported before they
were typed, and those dicts read back into the same records."""

from __future__ import annotations

import datetime as dt

import pytest

from marsad.model import (ActorInfo, CodingNotes, Credibility, DateInfo, DateRange, Event,
                          EventMention, Fatalities, Mention, NumberInfo, PersonInfo, PlaceInfo,
                          ResolvedDate, WeaponInfo, mention_info)

# dicts as the stages wrote them before the payloads were typed (key sets and optional keys)
STORED = [
    ("place", {"level": "city", "lat": 36.2, "lon": 37.1, "relation": "south of",
               "anchor": "gn:1", "candidates": ["adm1:aleppo"]}),
    ("place", {"level": "city", "lat": 36.2, "lon": 37.1, "relation": "in", "anchor": None,
               "candidates": [], "fuzzy": 0.912}),
    ("place", {"level": "city", "lat": 36.3, "lon": 43.1, "relation": "in", "anchor": None,
               "candidates": ["abroad:mosul"], "abroad": True, "country": "Iraq",
               "locative": True}),
    ("actor", {"side": "opposition", "inter": 2, "generic": True, "new": False}),
    ("actor", {"side": "isis", "inter": 2, "generic": True, "new": False, "ambiguous": True}),
    ("actor", {"side": "pro-government", "inter": 3, "generic": False, "new": True,
               "name": "Liwa Example"}),
    ("person", {"role": "spokesman"}),
    ("person", {}),
    ("weapon", {}),
    ("date", {"date": {"start": "2016-08-07", "end": "2016-08-07", "precision": "day",
                       "text": "on Sunday", "relative": True}}),
    ("date", {"date": {"start": "2011-03-01", "end": "2011-03-31", "precision": "month",
                       "text": "since March 2011", "relative": False}, "bound": "since"}),
    ("number", {"fatalities": {"low": 12, "high": None, "best": 12, "qualifier": "at least",
                               "text": "at least 12"}, "noun": "soldiers",
                "casualty": "killed", "subset": False}),
]


@pytest.mark.parametrize(("kind", "attrs"), STORED)
def test_stored_attrs_round_trip_exactly(kind, attrs):
    m = Mention.from_dict({"kind": kind, "text": "x", "start": 0, "end": 1, "sentence": 0,
                           "norm": None, "attrs": attrs})
    assert m.to_dict()["attrs"] == attrs
    assert Mention.from_dict(m.to_dict()) == m


def test_payloads_are_typed_by_kind():
    m = Mention.from_dict({"kind": "date", "text": "on Sunday", "start": 0, "end": 9,
                           "sentence": 0, "attrs": STORED[9][1]})
    assert m.date_info.date == ResolvedDate(dt.date(2016, 8, 7), dt.date(2016, 8, 7), "day",
                                            "on Sunday", True)
    n = Mention("number", "12", 0, 2, 0, "12",
                NumberInfo(Fatalities(low=12, best=12), "soldiers", "killed"))
    assert n.number_info.fatalities.best == 12
    with pytest.raises(TypeError):
        n.place_info   # noqa: B018 - a number mention has no place payload
    with pytest.raises(TypeError):
        Mention("place", "Aleppo", 0, 6, 0, "gn:1", ActorInfo())
    with pytest.raises(ValueError):
        Mention("planet", "Mars", 0, 4, 0)
    # no payload given: the kind's defaults
    assert Mention("weapon", "mortar", 0, 6, 0, "mortar").info == WeaponInfo()
    assert Mention("person", "he", 0, 2, 0).person_info == PersonInfo()
    assert mention_info("place", {}) == PlaceInfo()


def test_coding_notes_serialise_only_what_was_set():
    coding = CodingNotes(landmark="hikm school", landmark_span=(4, 20), geo_step="sentence",
                         place_relation="near")
    ev = EventMention(id="m", article_id="a", sentence=0, start=0, end=30, text="t",
                      event_type="Battles", sub_event_type="Armed clash", coding=coding)
    d = ev.to_dict()
    assert "coding" not in d
    assert d["attrs"] == {"landmark": "hikm school", "landmark_span": [4, 20],
                          "geo_step": "sentence", "place_relation": "near"}
    assert EventMention.from_dict(d) == ev
    assert EventMention.from_dict({**d, "attrs": {}}).coding == CodingNotes()


def test_event_linking_fields_serialise_as_attrs():
    reconciled = {
        "versions": {"occurred": [{"mention_id": "m", "value": "asserted", "outlet": "SANA"}]},
        "version_sentences": {"m": "Rebels attacked."},
        "status": "asserted", "background_only": False,
        "date_range": {"start": "2016-08-01", "end": "2016-08-07", "sources": 2},
        "sub_event_types": {"Armed clash": 1}, "outlets": ["SANA"], "contradictions": [],
        "credibility": {"reasons": ["one"], "outlets": ["SANA"],
                        "camps": {"SANA": "pro-government"}, "denied": False},
        "block_sig": "abc",
    }
    base = {"id": "e", "event_type": "Battles", "sub_event_type": "Armed clash"}
    e = Event.from_dict({**base, "attrs": reconciled})
    assert e.status == "asserted" and e.outlets == ["SANA"]
    assert e.date_range == DateRange("2016-08-01", "2016-08-07", 2)
    assert isinstance(e.credibility, Credibility) and list(e.credibility.reasons) == ["one"]
    assert e.to_dict()["attrs"] == reconciled
    # a score stored by an older version is dropped on load: marsad shows no number
    old = {**reconciled, "credibility": {**reconciled["credibility"], "score": 0.3}}
    assert "score" not in Event.from_dict({**base, "attrs": old}).to_dict()["attrs"]["credibility"]
    # not reconciled: the reconciliation keys are not written; a singleton keeps its marks
    singleton = {"linking": "singleton", "background_only": True}
    s = Event.from_dict({**base, "attrs": singleton})
    assert s.status is None and s.to_dict()["attrs"] == singleton
    # reconciled without a dated version: date_range is stored as null, not left out
    undated = Event(**base, status="unasserted", background_only=False)
    assert undated.attrs_dict()["date_range"] is None
    assert Event.from_dict(undated.to_dict()) == undated
    assert Event.from_dict({**base, "attrs": {**reconciled, "versions_dropped": 3}}
                           ).versions_dropped == 3


def test_date_info_unparsable_reads_as_unresolved():
    assert DateInfo.from_attrs({"date": {"start": "not a date"}}).date is None
