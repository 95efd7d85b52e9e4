"""The real pipeline on the bundled (invented) sample articles: what a careful reader codes.

The samples ship in ``marsad/samples`` (see its README): a rebel offensive in the northern
Hama countryside in March 2017 told by outlets on opposite sides, with page junk, a denial,
future and hypothetical statements.
"""

import datetime as dt

import pytest

from marsad.ingest import IngestFailure, read_paths, sample_paths
from marsad.pipeline import build_pipeline

JUNK = ("Related Articles", "Read more", "Leave a Reply", "Advertisement", "Share", "Tweet",
        "Recommend article", "Sender's", "Back to top", "All rights reserved", "Tags:")


@pytest.fixture(scope="module")
def articles():
    pipeline = build_pipeline()
    out = {}
    for item in read_paths(sample_paths()):
        assert not isinstance(item, IngestFailure), item
        out[item.outlet] = pipeline(item)
    return out


def events(article, sub=None, place=None, modality="asserted"):
    return [e for e in article.events
            if e.modality == modality and (sub is None or e.sub_event_type in
                                           ((sub,) if isinstance(sub, str) else sub))
            and (place is None or (e.place is not None and e.place.name == place))]


def side(article, actor_id):
    return next(m.actor_info.side for m in article.mentions if m.kind == "actor" and m.norm == actor_id)


def test_every_sample_is_read_with_outlet_and_date(articles):
    assert set(articles) == {"Hama Free Voice", "Damascus Front Line", "Levant Wire", "Orontes Post",
                             "Homeland Radar", "Idlib Relief Monitor"}
    assert all(a.published is not None and a.published.year == 2017 for a in articles.values())


def test_no_event_comes_from_page_junk(articles):
    for article in articles.values():
        for e in article.events:
            assert not any(j in e.text for j in JUNK), e.text
        assert "Read more" not in article.text and "Leave a Reply" not in article.text


def test_rebels_take_souran_on_tuesday(articles):
    a = articles["Hama Free Voice"]
    taken = events(a, "Non-state actor overtakes territory", "Suran")
    assert taken, [(e.sub_event_type, e.place and e.place.name) for e in a.events]
    e = next(e for e in taken if e.date.precision == "day")
    assert e.date.start == dt.date(2017, 3, 21) and e.geo_precision == 1
    assert side(a, e.actor1) == "opposition"
    assert any(c.source == "activists" for c in a.claims if c.event_mention == e.id)


def test_air_strikes_on_kafr_zita(articles):
    for outlet in ("Hama Free Voice", "Idlib Relief Monitor"):
        assert events(articles[outlet], "Air/drone strike", "Kafr Zayta"), outlet


def test_future_and_conditional_statements_are_not_events(articles):
    a = articles["Hama Free Voice"]
    # "would move on the town of Halfaya", "If we reach Qamhana ...": nothing asserted there
    assert not events(a, place="Halfaya") and not events(a, place="Qamhana")
    assert any(e.modality in ("future", "hypothetical") for e in a.events)
    o = articles["Orontes Post"]
    # "the rebels could lose Halfaya if air strikes continued": not an event at Halfaya
    assert not [e for e in events(o, place="Halfaya") if "could lose" in e.text]
    h = articles["Homeland Radar"]
    assert not [e for e in events(h) if "will soon restore" in e.text]


def test_army_repels_attack_on_wednesday(articles):
    a = articles["Damascus Front Line"]
    clashes = [e for e in events(a, "Armed clash") if e.date.start == dt.date(2017, 3, 22)]
    assert clashes and side(a, clashes[0].actor1) == "government"


def test_denied_capture_of_mhardeh_is_a_denies_claim(articles):
    a = articles["Damascus Front Line"]
    denied = events(a, "Non-state actor overtakes territory", "Maharda", modality="denied")
    assert len(denied) == 1
    claims = [c for c in a.claims if c.event_mention == denied[0].id]
    assert [c.stance for c in claims] == ["denies"]
    assert "source" in claims[0].source.lower()
    assert not events(a, ("Non-state actor overtakes territory", "Government regains territory"), "Maharda")


def test_rocket_fire_on_mhardeh_kills_a_child(articles):
    a = articles["Damascus Front Line"]
    (e,) = events(a, "Shelling/artillery/missile attack", "Maharda")
    assert e.fatalities.best == 1 and e.date.start == dt.date(2017, 3, 22)


def test_government_retakes_maan(articles):
    for outlet, day in (("Levant Wire", dt.date(2017, 3, 25)), ("Orontes Post", dt.date(2017, 3, 26))):
        a = articles[outlet]
        taken = events(a, "Government regains territory", "Maan")
        assert any(e.date.start == day and side(a, e.actor1) == "government" for e in taken), outlet


def test_shelling_of_mhardeh_kills_two_and_the_shot_down_plane_is_denied(articles):
    a = articles["Homeland Radar"]
    # (the headline, "Terrorists shell Mhardeh and ...", is dated by its lead but tells no toll)
    shelled = [e for e in events(a, "Shelling/artillery/missile attack", "Maharda")
               if e.date.start == dt.date(2017, 3, 25) and "killing two civilians" in e.text]
    # "on the towns of Mhardeh and Suqaylabiyah ..., killing two civilians": one event per
    # town, the toll divided between them as ACLED does
    assert shelled and shelled[0].fatalities.best == 1
    assert shelled[0].coding.fatalities_split == 2
    denied = [e for e in a.events if e.modality == "denied"]
    assert denied and all(c.stance == "denies" for c in a.claims if c.event_mention == denied[0].id)


def test_every_event_mention_has_a_claim_and_a_place(articles):
    for article in articles.values():
        for e in article.events:
            assert e.claims and e.place is not None and e.geo_precision in (1, 2, 3)


def test_two_worker_processes_store_exactly_what_one_does(tmp_path):
    import inspect

    from click.testing import CliRunner

    from marsad.cli import cli

    separate = "mix_stderr" in inspect.signature(CliRunner).parameters
    SEPARATE_STDERR = {"mix_stderr": False} if separate else {}  # click < 8.2 mixes them

    exports = []
    for workers in ("1", "2"):
        db, out = str(tmp_path / f"w{workers}.db"), tmp_path / f"w{workers}.jsonl"
        runner = CliRunner(**SEPARATE_STDERR)
        ran = runner.invoke(cli, ["run", "--samples", "--db", db, "-q", "--workers", workers])
        assert ran.exit_code == 0, ran.stderr
        exported = runner.invoke(cli, ["export", "--format", "jsonl", "--db", db, "-o", str(out)])
        assert exported.exit_code == 0, exported.stderr
        exports.append(out.read_text(encoding="utf-8"))
    assert exports[0] == exports[1] and exports[0].count("\n") >= 10
