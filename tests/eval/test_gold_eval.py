import csv
import datetime as dt
import json

import pytest

from coding_fake_pipeline import FakeCoder
from marsad.eval import gold
from marsad.eval.data import EvalDataError
from marsad.eval.gold import (GoldEvent, SystemEvent, date_ok, evaluate_gold, match_events,
                              normalize_actor, read_gold, same_actor)

FAKES_HEADER = ["unit_id", "article_title", "article_content", "source", "date", "location",
                "labels"]
FAKES_ROWS = [
    ["101", "Report from Alphatown",
     "Wed 04 Mar 2020 The army shelled Alphatown on 2020-03-04, killing 5 civilians. "
     "Rebels clashed with the army in Gammaburg on 2020-03-03.",
     "Invented News", "3/4/2020", "Hama", "1"],
    ["102", "Match report", "Fans protested in Gammaburg on 2020-03-06 after the football final.",
     "Sport Daily", "3/6/2020", "Aleppo", "0"],
]
STREAM = [
    {"doc_id": "inv-7", "source": "Invented Wire", "published": "2011-03-02",
     "text": "Rebels clashed with the army in Tripoli on 2011-03-01, killing 9."},
]


@pytest.fixture
def data_dir(tmp_path):
    root = tmp_path / "data"
    (root / "fakes").mkdir(parents=True)
    with open(root / "fakes" / "dev.csv", "w", encoding="latin-1", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(FAKES_HEADER)
        w.writerows(FAKES_ROWS)
    (root / "news_streams").mkdir()
    (root / "news_streams" / "invented.jsonl").write_text(
        "".join(json.dumps(d) + "\n" for d in STREAM), encoding="utf-8")
    return root


def ev(sub, etype, lat=35.0, lon=36.0, date="2020-03-04", **kw):
    out = {"event_type": etype, "sub_event_type": sub, "country": "Syria", "admin1": "Hama",
           "location": "Alphatown", "lat": lat, "lon": lon, "geo_precision": 1, "date": date,
           "time_precision": 1, "actor1": "", "actor2": "", "fatalities": None,
           "evidence": [0, 10]}
    out.update(kw)
    return out


SHELL = ("Shelling/artillery/missile attack", "Explosions/Remote violence")
CLASH = ("Armed clash", "Battles")


def write_gold(path, lines):
    path.write_text("".join((x if isinstance(x, str) else json.dumps(x)) + "\n"
                            for x in lines), encoding="utf-8")
    return path


def gold_line(article, events, corpus="fakes_dev", relevant=True, published="2020-03-04"):
    return {"corpus": corpus, "article": article, "published": published,
            "relevant": relevant, "relevance": "invented", "events": events}


def test_end_to_end_on_fakes_and_a_stream(tmp_path, data_dir):
    path = write_gold(tmp_path / "gold_x.jsonl", [
        gold_line("101", [
            ev(*SHELL, actor1="Military Forces of Syria", actor2="civilians (syria)",
               fatalities=5),
            ev(*CLASH, lat=36.01, lon=37.02, date="2020-03-02", admin1="Aleppo",
               actor1="Opposition Rebels (Syria)", actor2="Military Forces of Syria"),
            ev("Air/drone strike", "Explosions/Remote violence", lat=35.9, lon=36.9)]),
        gold_line("102", [], relevant=False, published=None),
        gold_line("inv-7", [ev(*CLASH, lat=32.89, lon=13.19, date="2011-03-01",
                               country="Libya", admin1="Tripoli", fatalities=9)],
                  corpus="invented", published="2011-03-02"),
    ])
    coder = FakeCoder()
    r = evaluate_gold(path, data_dir=data_dir, pipeline=coder)
    # FA-KES text assembled as the FA-KES evaluation does: title first, outlet, and the
    # publication date only from the text's own dateline; the stream's own fields
    first = coder.seen[0]
    assert first.text.startswith("Report from Alphatown\n\n")
    assert first.outlet == "Invented News" and first.published == dt.date(2020, 3, 4)
    assert coder.seen[1].published is None
    assert coder.seen[2].published == dt.date(2011, 3, 2) and coder.seen[2].outlet == "Invented Wire"
    assert (r.n_articles, r.n_gold, r.n_system) == (3, 4, 4)
    m = r.match
    assert (m.tp, m.fp, m.fn) == (3, 1, 1)
    assert m.precision == pytest.approx(0.75) and m.recall == pytest.approx(0.75)
    right = r.field_right()
    assert right["sub_event_type"] == 3 and right["place"] == 3
    # the clash in Gammaburg is dated 03-03 against a gold 03-02: within one day
    assert right["date"] == 3
    assert right["actor1"] == 2      # the stream's clash: gold has no actor1, system has one
    assert right["actor2"] == 2
    assert right["fatalities"] == 3  # gold null = unknown = exported 0
    assert r.all_right == 3
    assert r.system_from_irrelevant == 1 and r.irrelevant_articles == 1
    assert r.relevance is None and r.held_back == 0
    out = gold.as_json(r)
    assert out["precision"] == pytest.approx(0.75) and out["relevance"] == "not judged"
    assert all(isinstance(v, (int, float, str, bool)) or v is None for v in out.values())
    text = "\n".join(gold.format_report(r))
    assert "precision 0.750" in text and "not judged" in text and "held back: 0" in text


def test_relevance_verdicts_and_held_back(tmp_path, data_dir):
    path = write_gold(tmp_path / "gold_r.jsonl", [
        gold_line("101", [ev(*SHELL)]), gold_line("102", [], relevant=False)])
    r = evaluate_gold(path, data_dir=data_dir, pipeline=FakeCoder(judge=True, held_back=True))
    rel = r.relevance
    assert (rel.tp, rel.fp, rel.fn) == (1, 0, 0) and r.relevance_judged == 2
    assert r.held_back == 0
    assert gold.as_json(r)["relevance.precision"] == 1.0


def S(sub=SHELL[0], etype=SHELL[1], lat=35.0, lon=36.0, admin1="Hama", start="2020-03-04",
      end=None, actor1="", actor2="", fatalities=0):
    day = dt.date.fromisoformat(start) if start else None
    return SystemEvent("m", etype, sub, "x", admin1, "Syria", lat, lon, day,
                       dt.date.fromisoformat(end) if end else day, actor1, actor2,
                       fatalities, "")


def G(sub=SHELL[0], etype=SHELL[1], lat=35.0, lon=36.0, admin1="Hama", date="2020-03-04",
      date_end=None, actor1="", actor2="", fatalities=None):
    return GoldEvent(etype, sub, "Syria", admin1, "x", lat, lon, dt.date.fromisoformat(date),
                     dt.date.fromisoformat(date_end) if date_end else None, actor1, actor2,
                     fatalities)


def test_match_needs_the_same_event_type():
    assert match_events([S()], [G(*CLASH)]) == []
    # same type, another sub-type: matched, sub-type wrong
    [pair] = match_events([S()], [G("Air/drone strike", SHELL[1])])
    assert not pair.right["sub_event_type"] and pair.right["place"]


def test_match_within_25_km():
    assert len(match_events([S()], [G(lat=35.2)])) == 1       # 22 km
    assert match_events([S()], [G(lat=35.25)]) == []          # 28 km
    # the rule is distance when both have coordinates, even in the same admin1
    assert match_events([S()], [G(lat=35.25, admin1="Hama")]) == []


def test_without_coordinates_the_admin1_decides():
    [pair] = match_events([S(lat=None, lon=None)], [G(admin1="Hama")])
    assert pair.km is None and not pair.right["place"]   # matched, place not verified
    [pair] = match_events([S(admin1="Idleb")], [G(lat=None, lon=None, admin1="Idlib")])
    assert pair.km is None
    assert match_events([S()], [G(lat=None, lon=None, admin1="Idlib")]) == []
    assert match_events([S(lat=None, lon=None, admin1="")], [G(lat=None, lon=None,
                                                                admin1="")]) == []


def test_matching_is_greedy_and_one_to_one():
    system = [S(lat=35.1), S(lat=35.0, sub="Air/drone strike")]
    golds = [G(lat=35.0), G(lat=35.0)]
    pairs = match_events(system, golds)
    assert len(pairs) == 2
    assert len({p.system_index for p in pairs}) == 2 and len({p.gold_index for p in pairs}) == 2
    # one system event, two gold: the same sub-type wins over the nearer one
    [pair] = match_events([S()], [G(sub="Air/drone strike"), G(lat=35.1)])
    assert pair.gold_index == 1
    # two system events, one gold: the nearer takes it, the other is unmatched
    [pair] = match_events([S(lat=35.15), S(lat=35.01)], [G()])
    assert pair.system_index == 1


def test_date_within_one_day_or_the_gold_range():
    assert date_ok(S(start="2020-03-05"), G(date="2020-03-04"))
    assert date_ok(S(start="2020-03-03"), G(date="2020-03-04"))
    assert not date_ok(S(start="2020-03-06"), G(date="2020-03-04"))
    assert not date_ok(S(start="2020-03-02"), G(date="2020-03-04"))
    assert date_ok(S(start="2020-03-08"), G(date="2020-03-01", date_end="2020-03-10"))
    assert date_ok(S(start="2020-03-11"), G(date="2020-03-01", date_end="2020-03-10"))
    assert not date_ok(S(start="2020-03-12"), G(date="2020-03-01", date_end="2020-03-10"))
    # a system week is right only inside the gold window
    assert not date_ok(S(start="2020-02-27", end="2020-03-04"), G(date="2020-03-04"))
    assert not date_ok(S(start=None), G())


def test_fatalities_and_actors_on_a_pair():
    [pair] = match_events([S(fatalities=5, actor1="Military Forces of Syria (2000-)")],
                          [G(fatalities=5, actor1="military forces of syria")])
    assert pair.right["fatalities"] and pair.right["actor1"] and pair.right["actor2"]
    [pair] = match_events([S(fatalities=0)], [G(fatalities=4)])
    assert not pair.right["fatalities"] and not pair.all_right


def test_normalize_actor():
    assert normalize_actor("Military Forces of Syria (2000-)") == "military forces of syria"
    assert normalize_actor("  The  Military Forces of Syria ") == "military forces of syria"
    assert normalize_actor("Military Forces of Iraq (2003-2014)") == "military forces of iraq"
    assert normalize_actor("Civilians (Syria)") == "civilians (syria)"
    assert normalize_actor("Civilians (Syria)") != normalize_actor("Civilians (Iraq)")
    assert normalize_actor(None) == ""


@pytest.mark.parametrize("a, b", [
    ("Ahrar al Sham", "Ahrar al-Sham"),                     # hyphen or space after "al"
    ("Hayat Tahrir al Sham", "Hay'at Tahrir al-Sham"),        # an 'ayn/hamza apostrophe
    ("Hayat Tahrir al Sham", "Hay’at Tahrir ash-Sham"),       # the article before a sun letter
    ("Ansar al Din", "Ansar ad-Din"),
    ("YPG: Peoples Protection Units", "YPG: People's Protection Units"),
    ("NATO: North Atlantic Treaty Organization", "NATO"),      # ACLED's "ABBR: Full Name"
    ("QSD: Syrian Democratic Forces", "Syrian Democratic Forces"),
    ("QSD: Syrian Democratic Forces", "SDF: Syrian Democratic Forces"),
    ("HTS: Hayat Tahrir al Sham", "Hayat Tahrir al-Sham"),
    ("JaS: Levant Front", "Levant Front"),
    ("Military Forces of Syria (2000-)", "Military Forces of Syria"),
    ("", ""),
])
def test_spelling_variants_and_acled_abbreviations_name_the_same_actor(a, b):
    assert same_actor(a, b) and same_actor(b, a)


@pytest.mark.parametrize("a, b", [
    ("Civilians (Syria)", "Civilians (Iraq)"),
    ("NATO: North Atlantic Treaty Organization", ""),
    ("", "Islamic State (Syria)"),
    ("QSD: Syrian Democratic Forces", "YPG: Peoples Protection Units"),
    ("Jaysh al Islam", "Jaysh al Izza"),
    ("Al Nusrah Front", "Jabhat Fateh al Sham"),              # names, not spellings: not folded
    ("Military Forces of Syria", "Military Forces of Russia"),
    ("Attack: at-risk civilians", "Attack al risk civilians"),  # no abbreviation before ':'
])
def test_different_actors_stay_different(a, b):
    assert not same_actor(a, b) and not same_actor(b, a)


def test_the_gold_eval_scores_actors_by_same_actor():
    [pair] = match_events([S(actor1="NATO: North Atlantic Treaty Organization",
                             actor2="Hayat Tahrir al Sham")],
                          [G(actor1="NATO", actor2="Hay'at Tahrir al-Sham")])
    assert pair.right["actor1"] and pair.right["actor2"]
    [pair] = match_events([S(actor1="NATO: North Atlantic Treaty Organization")],
                          [G(actor1="Military Forces of France")])
    assert not pair.right["actor1"]


@pytest.mark.parametrize("bad, message", [
    ("{not json", "line 2: malformed JSON"),
    (json.dumps(gold_line("102", [ev("Airstrike", SHELL[1])])),
     "line 2: event 1: unknown sub_event_type 'Airstrike'"),
    (json.dumps(gold_line("102", [ev(SHELL[0], "Battles")])),
     "line 2: event 1: event_type 'Battles' does not hold"),
    (json.dumps(gold_line("102", [ev(*SHELL, date="04/03/2020")])), "line 2: event 1: date"),
    (json.dumps(gold_line("102", [ev(*SHELL, lat="north")])), "line 2: event 1: lat"),
    (json.dumps(gold_line("102", [ev(*SHELL, fatalities=2.5)])), "line 2: event 1: fatalities"),
    (json.dumps(gold_line("101", [])), "line 2: article '101' of 'fakes_dev' again"),
    (json.dumps({"corpus": "fakes_dev", "events": []}), "line 2: no article id"),
    ("[1, 2]", "line 2: expected a JSON object"),
])
def test_unreadable_gold_lines_name_file_and_line(tmp_path, bad, message):
    path = write_gold(tmp_path / "gold_bad.jsonl", [gold_line("101", []), bad])
    with pytest.raises(EvalDataError) as exc:
        read_gold(path)
    assert str(exc.value).startswith(f"{path}: ")
    assert message in str(exc.value)


def test_missing_article_or_corpus_names_the_gold_line(tmp_path, data_dir):
    path = write_gold(tmp_path / "gold_m.jsonl", [gold_line("101", []), "",
                                                  gold_line("999", [])])
    with pytest.raises(EvalDataError, match=r"gold_m.jsonl: line 3: article '999' is not in "
                                            r".*dev.csv"):
        evaluate_gold(path, data_dir=data_dir, pipeline=FakeCoder())
    path = write_gold(tmp_path / "gold_c.jsonl", [gold_line("x", [], corpus="nowhere")])
    with pytest.raises(EvalDataError, match=r"gold_c.jsonl: line 1: corpus 'nowhere'"):
        evaluate_gold(path, data_dir=data_dir, pipeline=FakeCoder())
    with pytest.raises(EvalDataError, match="no such gold file"):
        evaluate_gold(tmp_path / "absent.jsonl", data_dir=data_dir, pipeline=FakeCoder())


def test_each_theater_reads_its_own_relevance_label(tmp_path):
    line = {**gold_line("101", []), "relevant": False, "relevant_libya": True}
    path = write_gold(tmp_path / "gold_t.jsonl", [json.dumps(line)])
    assert read_gold(path)[0].relevant is False
    assert read_gold(path, "libya")[0].relevant is True
    assert read_gold(path, "yemen")[0].relevant is None


def test_recall_at_home_counts_only_the_theaters_country():
    import dataclasses
    home, abroad = G(), dataclasses.replace(G(lat=30.0, lon=31.2), country="Egypt")
    system = [S()]
    report = gold.GoldReport(gold_path="g", theater="syria", home_country="Syria")
    report.articles.append(gold.ArticleResult(
        corpus="c", article="a", line=1, relevant=True, verdict=True, gold=[home, abroad],
        system=system, pairs=match_events(system, [home, abroad])))
    assert report.recall_at_home() == (1, 1)
    assert report.match.recall == 0.5
    lines = list(gold.format_report(report))
    assert any("recall on the gold events in Syria: 1.000 (1 of 1; 1 gold events" in x for x in lines)
    assert gold.as_json(report)["recall_at_home"] == 1.0
