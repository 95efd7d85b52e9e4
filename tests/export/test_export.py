from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pandas as pd
import pytest

from marsad import api
from marsad.export import ACLED_COLUMNS, EXPORTERS, ExportError, acled_row, events_frame, export
from marsad.export.acled import actor_name, interaction_code, local_name
from marsad.model import (
    Actor, Article, Claim, Event, EventMention, Fatalities, Place, ResolvedDate, stable_id,
)
from marsad.store import Store
from marsad.theaters import TheaterPack

HANDARAT = Place(id="handarat", name="Handarat", lat=36.28, lon=37.17, level="city",
                 country="Syria", iso=760, admin1="Aleppo", admin2="Jebel Saman")

PACK = TheaterPack(
    name="test", country="Syria", iso=760, region="Middle East",
    actors=(Actor("syrian-army", "Military Forces of Syria", side="government", inter=1),
            Actor("jaish-al-fatah", "Jaish al Fatah", side="opposition", inter=2),
            Actor("civilians", "Civilians (Syria)", side="civilian", inter=7),
            Actor("russian-air-force", "Military Forces of Russia", side="government", inter=8)),
    generic=(), places=(HANDARAT,), place_aliases={}, place_population={},
    outlets=({"name": "Front Line Daily", "scale": "Subnational"},
             {"name": "Free Voice", "aliases": ["freevoice.example"], "country": "Syria"},
             {"name": "Levant Wire", "country": "United Kingdom"}), path="/nowhere")


def article(outlet: str, published=dt.date(2016, 8, 2)) -> Article:
    text = f"{outlet} report on Handarat."
    return Article(id=Article.make_id(text), text=text, outlet=outlet, published=published)


def mention(art: Article, n: int, *, actor1="syrian-army", actor2="jaish-al-fatah",
            assoc1=(), text="Government forces clashed with rebels in Handarat.") -> EventMention:
    return EventMention(id=stable_id(art.id, n), article_id=art.id, sentence=n, start=0,
                        end=len(text), text=text, event_type="Battles",
                        sub_event_type="Armed clash", actor1=actor1, actor2=actor2,
                        assoc_actor1=assoc1, place=HANDARAT, geo_precision=1)


def event_of(mentions, *, actor1="syrian-army", actor2="jaish-al-fatah", date=None,
             fatalities=Fatalities(), place=HANDARAT, etype="Battles", sub="Armed clash"):
    return Event(id=stable_id("event", mentions[0].id), event_type=etype, sub_event_type=sub,
                 mentions=[m.id for m in mentions],
                 articles=list(dict.fromkeys(m.article_id for m in mentions)),
                 actor1=actor1, actor2=actor2, place=place, geo_precision=1,
                 date=date or ResolvedDate(dt.date(2016, 8, 1), dt.date(2016, 8, 1), "day"),
                 fatalities=fatalities)


def test_row_has_acled_columns_in_order_and_fields():
    a1, a2 = article("Front Line Daily"), article("Free Voice", dt.date(2016, 8, 3))
    ms = [mention(a1, 1, assoc1=("russian-air-force",)), mention(a2, 4)]
    ev = event_of(ms, fatalities=Fatalities(low=7, best=9, high=11, qualifier="at least"))
    row = acled_row(ev, ms, [a1, a2], [], PACK)
    assert tuple(row) == ACLED_COLUMNS
    # ACLED's form: ISO3 letters then digits, the event id's first 8 hex digits as a number
    assert row["event_id_cnty"] == "SYR" + f"{int(ev.id[:8], 16):010d}"
    assert row["event_id_cnty"][3:].isdigit()
    assert (row["event_date"], row["year"], row["time_precision"]) == ("2016-08-01", 2016, 1)
    assert row["disorder_type"] == "Political violence"
    assert row["actor1"] == "Military Forces of Syria" and row["actor2"] == "Jaish al Fatah"
    assert row["assoc_actor_1"] == "Military Forces of Russia"
    assert (row["inter1"], row["inter2"], row["interaction"]) == (1, 2, "12")
    assert row["civilian_targeting"] == ""
    assert row["source"] == "Front Line Daily; Free Voice"
    assert row["source_scale"] == "Subnational-National"
    # one sentence once, even when two outlets use the same words
    assert row["notes"] == "Government forces clashed with rebels in Handarat."
    assert row["fatalities"] == 9 and row["tags"] == "fatalities at least"
    assert (row["location"], row["admin1"], row["latitude"], row["iso"]) == ("Handarat", "Aleppo", 36.28, 760)
    assert row["timestamp"] == int(dt.datetime(2016, 8, 3, tzinfo=dt.UTC).timestamp())


def test_interaction_is_sorted_and_civilian_targeting():
    a = article("Free Voice")
    ms = [mention(a, 1, actor1="jaish-al-fatah", actor2="syrian-army")]
    assert acled_row(event_of(ms, actor1="jaish-al-fatah", actor2="syrian-army"), ms, [a], [],
                     PACK)["interaction"] == "12"
    civ = event_of(ms, actor2="civilians", etype="Violence against civilians", sub="Attack")
    row = acled_row(civ, ms, [a], [], PACK)
    assert row["interaction"] == "17" and row["civilian_targeting"] == "Civilian targeting"
    lone = acled_row(event_of(ms, actor2=None), ms, [a], [], PACK)
    assert lone["interaction"] == "10" and lone["actor2"] == "" and lone["inter2"] == ""
    assert interaction_code(None, None) == "" and interaction_code(8, 3) == "38"


def test_notes_follow_publication_order_and_close_headlines():
    late, early = article("Late Wire", dt.date(2016, 8, 5)), article("Early Post", dt.date(2016, 8, 1))
    ms = [mention(late, 2, text="Later report of the clash."),
          mention(early, 0, text="Clashes  in Handarat"),
          mention(early, 1, text="Clashes  in Handarat")]
    row = acled_row(event_of(ms), ms, [late, early], [], PACK)
    assert row["notes"] == "Clashes in Handarat. Later report of the clash."
    assert row["source"] == "Early Post; Late Wire"
    assert row["source_scale"] == "Other"


def test_source_scale_from_outlet_profiles():
    from marsad.export.acled import _source_scale
    assert _source_scale(["the levant wire", "Free Voice"], PACK) == "National-International"
    assert _source_scale(["Levant Wire"], PACK) == "International"
    assert _source_scale([], PACK) == "" and _source_scale(["Free Voice"], None) == ""


def test_source_scales_are_read_per_pack_object():
    # the lookup is built once per pack: another pack with other profiles gets its own
    import dataclasses

    from marsad.export.acled import _source_scale
    assert _source_scale(["Levant Wire"], PACK) == "International"
    other = dataclasses.replace(PACK, outlets=({"name": "Levant Wire", "scale": "Regional"},))
    assert _source_scale(["Levant Wire"], other) == "Regional"
    assert _source_scale(["Levant Wire"], PACK) == "International"


def test_unknown_date_fatalities_and_new_actor():
    a = article("Free Voice", published=None)
    ms = [mention(a, 1, actor1="new:liwa-al-quds")]
    ev = event_of(ms, actor1="new:liwa-al-quds", date=ResolvedDate(), place=None)
    row = acled_row(ev, ms, [a], [], PACK)
    assert (row["event_date"], row["year"], row["time_precision"]) == ("", "", 3)
    assert row["fatalities"] == 0 and row["tags"] == "fatalities unknown"
    assert row["actor1"] == "Liwa Al Quds" and row["inter1"] == ""
    assert row["latitude"] == "" and row["location"] == "" and row["timestamp"] == ""
    assert row["country"] == "Syria"  # from the pack when the place is unknown


@pytest.fixture
def store(tmp_path):
    a1, a2 = article("Front Line Daily"), article("Free Voice")
    m1, m2 = mention(a1, 0), mention(a2, 0, text="Rebels repelled an army attack on Handarat.")
    a1.events, a2.events = [m1], [m2]
    a2.claims = [Claim(id="c1", article_id=a2.id, sentence=0, source="activists",
                       source_kind="anonymous", stance="reports_unverified", event_mention=m2.id)]
    with Store(tmp_path / "x.db") as s:
        s.add_article(a1)
        s.add_article(a2)
        nocoords = event_of([m1], place=Place(id="somewhere", name="Somewhere", lat=None, lon=None))
        nocoords.id = "nocoords"
        nocoords.mentions = []
        s.save_events([event_of([m1, m2]), nocoords])
        yield s


def test_events_frame_columns(store):
    frame = events_frame(store, pack=PACK)
    assert list(frame.columns) == list(ACLED_COLUMNS)
    assert len(frame) == 2
    assert sorted(frame["source"]) == ["Free Voice; Front Line Daily", "Front Line Daily"]
    assert len(events_frame(store, pack=PACK, place="handarat")) == 1
    assert str(frame["fatalities"].dtype) == "Int64" and str(frame["latitude"].dtype) == "Float64"
    assert frame["year"].tolist() == [2016, 2016]
    nocoords = frame[frame["location"] == "Somewhere"].iloc[0]
    assert pd.isna(nocoords["latitude"]) and nocoords["inter2"] == 2
    assert len(events_frame(store, pack=PACK, event_type="protest")) == 0


def test_csv_export_parses(store):
    fh = io.StringIO()
    assert export(store, "acled-csv", fh, pack=PACK) == 2
    rows = list(csv.DictReader(io.StringIO(fh.getvalue())))
    assert tuple(rows[0]) == ACLED_COLUMNS
    assert {r["event_type"] for r in rows} == {"Battles"}


def test_geojson_export_skips_events_without_coordinates(store):
    fh = io.StringIO()
    assert export(store, "geojson", fh, pack=PACK) == 1
    doc = json.loads(fh.getvalue())
    (feature,) = doc["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [37.17, 36.28]}
    props = feature["properties"]
    assert set(ACLED_COLUMNS) <= set(props)
    assert len(props["mention_ids"]) == 2 and len(props["article_ids"]) == 2


def test_jsonl_export_has_mentions_articles_claims(store):
    fh = io.StringIO()
    assert export(store, "jsonl", fh, pack=PACK) == 2
    docs = [json.loads(line) for line in fh.getvalue().splitlines()]
    linked = next(d for d in docs if d["mentions"])
    assert sorted(linked["outlets"]) == ["Free Voice", "Front Line Daily"]
    assert [c["stance"] for c in linked["claims"]] == ["reports_unverified"]
    assert "text" not in linked["articles"][0]
    assert Event.from_dict(linked["event"]).id == linked["event"]["id"]


def test_exporter_registry(store, monkeypatch):
    monkeypatch.setitem(EXPORTERS, "count", lambda s, fh, **kw: fh.write(str(len(s.events()))))
    fh = io.StringIO()
    export(store, "count", fh)
    assert fh.getvalue() == "2"
    with pytest.raises(ExportError, match="unknown export format 'xml'"):
        export(store, "xml", io.StringIO())


@pytest.fixture
def record_store(tmp_path):
    """One asserted event, one made only of background mentions, one held-back mention."""
    a1, a2 = article("Front Line Daily"), article("Free Voice")
    m1, m2 = mention(a1, 0), mention(a2, 0, text="Rebels had taken Handarat in 2013.")
    held = mention(a2, 1, text="Markets fell in Handarat.")
    held.held_back = "off-topic article: invented"
    a1.events, a2.events = [m1], [m2, held]
    with Store(tmp_path / "r.db") as s:
        s.add_article(a1)
        s.add_article(a2)
        background = event_of([m2])
        background.status = "background_only"
        asserted = event_of([m1])
        asserted.status = "asserted"
        s.save_events([asserted, background])
        yield s


def test_the_record_leaves_background_only_events_out_unless_asked(record_store):
    fh = io.StringIO()
    assert export(record_store, "acled-csv", fh, pack=PACK) == 1
    assert export(record_store, "acled-csv", io.StringIO(), pack=PACK,
                  include_unasserted=True) == 2
    assert export(record_store, "geojson", io.StringIO(), pack=PACK) == 1
    # JSON Lines keeps every event with its status, and held-back mentions on request
    fh = io.StringIO()
    assert export(record_store, "jsonl", fh, pack=PACK, include_held_back=True) == 3
    docs = [json.loads(line) for line in fh.getvalue().splitlines()]
    assert {d["event"]["attrs"]["status"] for d in docs if "event" in d} == {
        "asserted", "background_only"}
    (held,) = [d for d in docs if "held_back" in d]
    assert held["held_back"].startswith("off-topic article")


def test_held_back_counts_say_what_was_left_out_and_why(record_store):
    summary = api.held_back(record_store)
    assert summary.events_by_status == {"background_only": 1}
    assert summary.mentions_by_reason == {"off-topic article": 1}
    assert any("off-topic article 1" in line for line in summary.lines())


def test_country_codes_come_from_iso_3166():
    from marsad.export.acled import country_code, event_id_prefix
    assert country_code(760, None) == "SYR" and country_code(None, "Libya") == "LBY"
    assert country_code(None, "Russia") == "RUS"          # a common name, found fuzzily
    assert country_code(None, None) == "XXX"
    assert event_id_prefix("SYR0000000255") == "000000ff"
    assert event_id_prefix("SYR33A23038") is None          # not ACLED's digits


def test_a_branch_of_a_force_is_written_as_the_force():
    pack = TheaterPack(
        name="test", country="Syria", iso=760, region="Middle East",
        actors=(Actor("army-x", "Military Forces of Xland (1990-)", side="government", inter=1),
                Actor("navy-x", "Military Forces of Xland (1990-) Navy", side="government", inter=1,
                      parent="army-x"),
                Actor("front-x", "Front of Xland", side="opposition", inter=2, parent="army-x")),
        generic=(), places=(), place_aliases={}, place_population={}, outlets=(), path="/nowhere")
    assert actor_name("navy-x", pack) == "Military Forces of Xland (1990-)"
    assert actor_name("front-x", pack) == "Front of Xland"     # a member, not a branch
    assert actor_name("army-x", pack) == "Military Forces of Xland (1990-)"


def test_an_actor_is_named_as_it_was_called_on_the_events_day():
    renamed = Actor("nusra", "HTS: Hayat Tahrir al Sham", side="jihadist", inter=2,
                    names=(("2016-07-27", "Al Nusrah Front"),
                           ("2017-01-27", "Jabhat Fateh al Sham")))
    pack = TheaterPack(
        name="test", country="Syria", iso=760, region="Middle East",
        actors=(*PACK.actors, renamed), generic=(), places=(HANDARAT,), place_aliases={},
        place_population={}, outlets=(), path="/nowhere")

    def row_on(day):
        a = article("Front Line Daily", day)
        ms = [mention(a, 1, actor1="nusra", actor2="syrian-army", assoc1=("nusra",))]
        ev = event_of(ms, actor1="syrian-army", actor2="nusra",
                      date=ResolvedDate(day, day, "day"))
        ms2 = [mention(a, 1, actor1="syrian-army", actor2="jaish-al-fatah", assoc1=("nusra",))]
        return acled_row(ev, ms, [a], [], pack), acled_row(event_of(ms2, date=ev.date), ms2,
                                                           [a], [], pack)

    for day, name in ((dt.date(2015, 3, 28), "Al Nusrah Front"),
                      (dt.date(2016, 7, 27), "Al Nusrah Front"),
                      (dt.date(2016, 7, 28), "Jabhat Fateh al Sham"),
                      (dt.date(2017, 1, 28), "HTS: Hayat Tahrir al Sham")):
        row, assoc = row_on(day)
        assert row["actor2"] == name, day
        assert assoc["assoc_actor_1"] == name, day       # associated actors too
        assert (row["inter2"], row["interaction"]) == (2, "12")
    undated = event_of([mention(article("Front Line Daily"), 1)], actor1="nusra",
                       date=ResolvedDate(None, None, "unknown"))
    assert acled_row(undated, [], [], [], pack)["actor1"] == "HTS: Hayat Tahrir al Sham"
    assert actor_name("nusra", pack) == "HTS: Hayat Tahrir al Sham"
    assert actor_name("nusra", pack, dt.date(2014, 1, 1)) == "Al Nusrah Front"
    # a branch is written as its force, under the force's name of that day
    branch = TheaterPack(
        name="test", country="Xland", iso=None, region=None,
        actors=(Actor("army-x", "Military Forces of Xland (2000-)", side="government", inter=1,
                      names=(("1999-12-31", "Military Forces of Xland (1990-1999)"),)),
                Actor("navy-x", "Military Forces of Xland (2000-) Navy", side="government",
                      inter=1, parent="army-x")),
        generic=(), places=(), place_aliases={}, place_population={}, outlets=(), path="/nowhere")
    assert actor_name("navy-x", branch, dt.date(1995, 5, 1)) == "Military Forces of Xland (1990-1999)"
    assert actor_name("navy-x", branch, dt.date(2005, 5, 1)) == "Military Forces of Xland (2000-)"


def test_groups_are_named_for_the_country_an_event_abroad_happened_in():
    pack = PACK
    assert local_name("Civilians (Syria)", "Yemen", pack) == "Civilians (Yemen)"
    assert local_name("Islamic State (Syria); Civilians (Syria)", "Iraq", pack) == \
        "Islamic State (Iraq); Civilians (Iraq)"
    # a state's forces keep their name; an event at home keeps the theater's
    assert local_name("Military Forces of Syria (2000-)", "Lebanon", pack) == \
        "Military Forces of Syria (2000-)"
    assert local_name("Civilians (Syria)", "Syria", pack) == "Civilians (Syria)"


def test_notes_are_a_few_asserted_sentences_and_say_how_many_were_left_out():
    from marsad.export.acled import short_notes
    many = [f"Report number {i} of the same clash in the town." for i in range(6)]
    notes = short_notes(many)
    assert notes.startswith(many[0]) and many[2] in notes and many[3] not in notes
    assert notes.endswith("[3 more sentences in the record]")
    long_first = "A" * 900 + "."
    assert short_notes([long_first, "Second."]) == long_first + " [1 more sentence in the record]"
    assert short_notes(["One.", "Two."]) == "One. Two."
