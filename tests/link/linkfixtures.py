"""Shared fixtures for link and summarize tests: a tiny theater pack and an event-mention factory."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from marsad.model import (Actor, Claim, EventMention, Fatalities, Place, ResolvedDate,
                          SUB_EVENT_TO_TYPE, stable_id)

PLACES = {
    "cement-factory": Place("cement-factory", "Aleppo Cement Factory", 36.155, 37.135,
                            "landmark", admin1="Aleppo"),
    "ramouseh": Place("ramouseh", "Ramouseh", 36.160, 37.140, "neighbourhood", admin1="Aleppo"),
    "aleppo": Place("aleppo", "Aleppo", 36.202, 37.155, "city", admin1="Aleppo"),
    "aleppo-gov": Place("aleppo-gov", "Aleppo Governorate", 36.25, 37.35, "governorate",
                        admin1="Aleppo"),
    "tal-sheikh": Place("tal-sheikh", "Tal Sheikh", 35.13, 36.75, "city", admin1="Hama"),
    "idlib": Place("idlib", "Idlib", 35.93, 36.63, "city", admin1="Idlib"),
}


def fake_pack():
    return SimpleNamespace(
        name="fake",
        actors=(
            Actor("saa", "Military Forces of Syria (2000-)", side="government", inter=1),
            Actor("hezbollah", "Hezbollah", side="pro-government", inter=8),
            Actor("jaish-al-fatah", "Jaish al-Fatah", side="opposition", inter=2),
            Actor("jfs", "Jabhat Fatah al-Sham", side="jihadist", inter=2),
            Actor("isis", "Islamic State (Syria)", side="isis", inter=2),
            Actor("sdf", "Syrian Democratic Forces", side="sdf", inter=2),
            Actor("civilians", "Civilians (Syria)", side="civilian", inter=7),
        ),
        outlets=(
            {"name": "SANA", "aliases": ["sana.sy"], "alignment": "state-media-syria"},
            {"name": "Al-Masdar News", "aliases": ["almasdarnews"], "alignment": "pro-government"},
            {"name": "Enab Baladi", "aliases": [], "alignment": "opposition"},
            {"name": "Orient News", "aliases": [], "alignment": "opposition"},
            {"name": "Reuters", "aliases": [], "alignment": "wire"},
        ),
    )


def mention(text, *, article, sub="Non-state actor overtakes territory", place="cement-factory",
            day="2016-08-06", precision="day", actor1="jaish-al-fatah", actor2="saa",
            modality="asserted", background=False, killed=None, geo_precision=1,
            place_text=None, sentence=0, relative=False):
    start = dt.date.fromisoformat(day) if day else None
    end = start + dt.timedelta(days=6) if start and precision == "week" else start
    fat = Fatalities()
    if killed is not None:
        low, best, high, qual = killed
        fat = Fatalities(low=low, best=best, high=high, qualifier=qual)
    return EventMention(
        id=stable_id(article, sentence, text), article_id=article, sentence=sentence,
        start=0, end=len(text), text=text, event_type=SUB_EVENT_TO_TYPE[sub],
        sub_event_type=sub, actor1=actor1, actor2=actor2,
        place=PLACES[place] if place else None, place_text=place_text,
        geo_precision=geo_precision if place else None,
        date=ResolvedDate(start, end, precision if start else "unknown", relative=relative),
        fatalities=fat, modality=modality, background=background)


def claim(m, source, *, kind="outlet", stance="asserts", actor=None):
    return Claim(id=stable_id(m.id, source, stance), article_id=m.article_id,
                 sentence=m.sentence, source=source, source_kind=kind, source_actor=actor,
                 stance=stance, event_mention=m.id)
