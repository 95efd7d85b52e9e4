import dataclasses
import datetime as dt
import json

import pytest

from coding_fake_pipeline import FakeCoder
from marsad.eval import stream
from marsad.eval.data import EvalDataError
from marsad.eval.stream import (before_window, cumulative_toll, exported_mentions,
                                stream_report)
from marsad.model import Article, EventMention, Fatalities, ResolvedDate, Sentence

# invented reporting: one line per article, as the news streams hold them
DOCS = [
    {"doc_id": "s-1", "source": "Invented Wire", "published": "2020-03-05",
     "text": "The army shelled Alphatown on 2020-03-04, killing 5 civilians. "
             "More than 2000 people have been killed in Betaville since the uprising began, "
             "an air strike on 2020-03-04 killing 2000."},
    {"doc_id": "s-2", "source": "Invented Wire", "published": "2020-03-05",
     "text": "Rebels clashed with the army in Tripoli on 2020-03-03."},
    {"doc_id": "s-3", "source": "Other Wire", "published": "2020-03-05",
     "text": "Rebels clashed with the army on 2019-12-01, killing 3."},
    {"doc_id": "s-4", "source": "Other Wire", "published": "2020-03-05",
     "text": "The army may shell Alphatown. Earlier, the army shelled Betaville on 2020-03-01. "
             "Rebels shelled Unnamedland, an unconfirmed report said."},
    {"doc_id": "s-5", "source": "Sport Daily", "published": "2020-03-06",
     "text": "Fans protested in Gammaburg on 2020-03-06 after the football final."},
]


def write_stream(path, docs=DOCS):
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    return path


@pytest.fixture
def stream_file(tmp_path):
    return write_stream(tmp_path / "invented_stream.jsonl")


def test_counts_where_when_and_how_many(stream_file):
    coder = FakeCoder()
    r = stream_report(stream_file, pipeline=coder, sample=0)
    # ingest honours the stream's published and source fields
    assert [a.published for a in coder.seen] == [dt.date(2020, 3, 5)] * 4 + [dt.date(2020, 3, 6)]
    assert coder.seen[0].outlet == "Invented Wire"
    assert r.articles == 5 and r.ingest_failures == 0
    assert r.mentions == 8
    # s-4: the hypothetical and the background mention are not exported
    assert r.events == 6
    assert r.events_per_article == pytest.approx(6 / 5)
    assert r.articles_with_events == 5
    # a place without a country is written as the theater's country, as the export does
    assert (r.in_theater, r.abroad, r.no_place) == (4, 1, 1)
    assert r.abroad_countries == {"Libya": 1}
    assert r.big_tolls == 1
    assert r.cumulative_tolls == 1
    assert r.before_window == 1           # s-3: 2019-12-01, 95 days before publication
    assert r.undated == 1                 # s-4's Unnamedland row
    assert r.held_back == 0               # the fake pipeline holds nothing back
    assert not r.judged


def test_window_is_a_parameter(stream_file):
    assert stream_report(stream_file, pipeline=FakeCoder(), sample=0,
                         window_days=100).before_window == 0
    assert stream_report(stream_file, pipeline=FakeCoder(), sample=0,
                         big_toll=5).big_tolls == 2   # 5 and 2000; 3 is below


def test_relevance_verdicts_count_off_topic_events(stream_file):
    r = stream_report(stream_file, pipeline=FakeCoder(judge=True), sample=0)
    assert (r.judged_articles, r.off_topic_articles, r.off_topic_events) == (5, 1, 1)
    lines = list(stream.format_report(r))
    assert any("1 off-topic" in line for line in lines)
    plain = stream.as_json(stream_report(stream_file, pipeline=FakeCoder(), sample=0))
    assert plain["off_topic_events"] == "not judged"
    assert any("not judged" in line for line in
               stream.format_report(stream_report(stream_file, pipeline=FakeCoder(), sample=0)))


def test_held_back_mentions_are_counted_and_not_exported(stream_file):
    r = stream_report(stream_file, pipeline=FakeCoder(held_back=True), sample=0)
    assert r.held_back == 1
    assert r.events == 5 and r.undated == 0


def _article(sentence, fatalities=None, start=None, end=None):
    text = f"Headline.\n\n{sentence}"
    art = Article(id="a", text=text, published=dt.date(2020, 3, 5))
    art.sentences = [Sentence(0, 0, 9, "Headline."), Sentence(1, 11, len(text), sentence)]
    # the mention holds only a clause; the cue may sit in the rest of the sentence
    m = EventMention(id="m", article_id="a", sentence=1, start=11, end=20, text=sentence[:9],
                     event_type="Battles", sub_event_type="Armed clash",
                     fatalities=Fatalities(fatalities, fatalities, fatalities)
                     if fatalities is not None else Fatalities(),
                     date=ResolvedDate(start, end or start, "day") if start else ResolvedDate())
    art.events.append(m)
    return art, m


@pytest.mark.parametrize("sentence, flagged", [
    ("Fighting killed 12 people in the town on Sunday, medics said.", False),
    ("Fighting killed 20,000 people since March, activists said.", True),
    ("Some 300 people have been killed so far this year.", True),
    ("The toll in total stands at 45 dead.", True),
    ("More than 40 died after the uprising began in the south.", True),
    ("Clashes sincerely regretted killed 4.", False),
])
def test_cumulative_toll_cues_in_the_whole_sentence(sentence, flagged):
    art, m = _article(sentence, fatalities=7)
    assert cumulative_toll(art, m) is flagged


def test_cumulative_toll_needs_a_number():
    art, m = _article("Fighting has raged since March.")
    assert not cumulative_toll(art, m)


def test_before_window_uses_the_last_day_of_the_event():
    published = dt.date(2020, 3, 5)
    _, m = _article("x", start=dt.date(2020, 2, 4))          # 30 days: inside
    assert not before_window(m, published)
    _, m = _article("x", start=dt.date(2020, 2, 3))          # 31 days: before
    assert before_window(m, published)
    assert not before_window(m, published, window_days=31)
    _, m = _article("x", start=dt.date(2020, 1, 1), end=dt.date(2020, 3, 1))
    assert not before_window(m, published)
    assert not before_window(m, None)


def test_exported_mentions_mirror_the_export_filters():
    art, m = _article("x")
    art.events = [m, dataclasses.replace(m, id="bg", background=True),
                  dataclasses.replace(m, id="fut", modality="future"),
                  dataclasses.replace(m, id="den", modality="denied"),
                  dataclasses.replace(m, id="held", held_back="off-topic article: invented")]
    assert [e.id for e in exported_mentions(art)] == ["m"]


def many_docs(n):
    return [{"doc_id": f"m-{i}", "source": "Invented Wire", "published": "2020-03-05",
             "text": f"The army shelled Alphatown on 2020-03-04, killing {i} civilians."}
            for i in range(n)]


def test_sample_is_reproducible_for_a_seed(tmp_path):
    path = write_stream(tmp_path / "many.jsonl", many_docs(30))

    def ids(seed, size=6):
        r = stream_report(path, pipeline=FakeCoder(), sample=size, seed=seed)
        return [row.article for row in r.sample]

    first = ids(3)
    assert len(first) == 6 and len(set(first)) == 6
    assert ids(3) == first
    assert ids(4) != first
    # printed in file order, whatever order they were drawn in
    assert first == sorted(first, key=lambda a: int(a.split("-")[1]))
    assert len(ids(0, size=100)) == 30


def test_sample_rows_carry_what_a_coder_audits(stream_file):
    r = stream_report(stream_file, pipeline=FakeCoder(), sample=50)
    assert r.sample_size == 6
    row = r.sample[0]
    assert row.article == "s-1" and row.published == dt.date(2020, 3, 5)
    assert (row.event_type, row.sub_event_type) == ("Explosions/Remote violence",
                                                    "Shelling/artillery/missile attack")
    assert row.place == "Alphatown (Hama, Syria)" and row.date == "2020-03-04"
    assert row.fatalities == 5
    assert (row.actor1, row.actor2) == ("Military Forces of Syria (2000-)", "Civilians (Syria)")
    assert row.sentence.startswith("The army shelled Alphatown")
    assert "cumulative toll" in r.sample[1].flags
    text = "\n".join(stream.format_report(r))
    assert "abroad: Libya" in text and "s-3" in text


def test_json_is_flat(stream_file):
    out = stream.as_json(stream_report(stream_file, pipeline=FakeCoder(), sample=3))
    assert out["events"] == 6 and out["abroad_countries.Libya"] == 1
    assert out["held_back"] == 0
    assert all(isinstance(v, (int, float, str, bool)) or v is None for v in out.values())
    json.dumps(out)


def test_ingest_failures_are_counted_not_fatal(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(DOCS[1]) + "\n{not json\n", encoding="utf-8")
    r = stream_report(path, pipeline=FakeCoder(), sample=0)
    assert r.articles == 1 and r.ingest_failures == 1
    assert "line 2" in r.failure_examples[0]


def test_missing_stream_names_the_file(tmp_path):
    with pytest.raises(EvalDataError, match="nope.jsonl"):
        stream_report(tmp_path / "nope.jsonl", pipeline=FakeCoder())
