"""The four nlp stages together: contracts, edge inputs, determinism and speed."""
import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.model import Article
from marsad.pipeline import Pipeline

from nlp_fixtures import ARTICLE


def test_stage_contracts(stages, pack):
    assert [s.name for s in stages] == ["sentences", "entities", "dates", "numbers"]
    Pipeline(stages, pack)  # validates requires/assigns order
    assert stages[1].requires == ("sentences",)
    assert set(stages[1].assigns) == {"mentions.actor", "mentions.person", "mentions.weapon"}


def test_empty_and_blank_articles(run):
    for text in ("", "   \n\n  ", "Share"):
        a = run(text)
        assert all(m.kind not in ("actor", "date", "number") for m in a.mentions)


def test_offsets_index_the_text(run):
    a = run(ARTICLE)
    for m in a.mentions:
        assert a.text[m.start:m.end] == m.text
        s = a.sentences[m.sentence]
        assert s.start <= m.start < s.end


def test_deterministic_and_serializable(run):
    a, b = run(ARTICLE), run(ARTICLE)
    assert a.to_dict() == b.to_dict()
    assert Article.from_dict(a.to_dict()).mentions == a.mentions


def test_sample_article_reads_right(run):
    a = run(ARTICLE, published=dt.date(2016, 8, 8))
    actors = {m.norm for m in a.mentions if m.kind == "actor"}
    assert {"syrian-opposition", "hezbollah", "jaish-al-fatah", "military-forces-of-syria",
            "ahrar-al-sham", "liwa-al-quds", "russia-military", "pro-government-militias"} <= actors
    nums = {m.text: m.number_info.casualty for m in a.mentions if m.kind == "number"}
    assert nums["9"] == "captured" and nums["At least 14"] == "killed"
    assert nums["dozens"] == "wounded" and nums["more than 300"] is None
    dates = {m.text: m.norm for m in a.mentions if m.kind == "date"}
    assert dates == {"on Sunday": "2016-08-07", "on Friday morning": "2016-08-05",
                     "Last month": "2016-07-01"}
    persons = {m.text: m.person_info.role for m in a.mentions if m.kind == "person"}
    assert persons == {"Abu Omar al-Halabi": "field commander with Ahrar al-Sham"}


_WORDS = st.sampled_from([
    "Rebels", "rebel-held", "ISIS", "militants", "of", "Jeish", "al-Sunna", "Brigade", "killed",
    "at least", "12", "twelve", "dozens", "on Sunday", "August 6", "last month", "Syrian",
    "Army", "said", "Abu", "Omar", ",", ".", "\n", "“", "”", "Ahrar al-Sham", "wounded", "-",
    "SOHR head Rami Abdurrahman", "2016", "more than", "600", "Russian strikes", "the"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_WORDS, max_size=40).map(" ".join))
def test_any_text_gives_valid_mentions(run, text):
    a = run(text)
    for m in a.mentions:
        assert 0 <= m.start < m.end <= len(a.text) and a.text[m.start:m.end] == m.text
        assert 0 <= m.sentence < max(1, len(a.sentences))


def test_stages_pickle_for_worker_processes(stages, run):
    import pickle
    copies = pickle.loads(pickle.dumps(stages))
    a = Article(id=Article.make_id(ARTICLE), text=ARTICLE, published=dt.date(2016, 8, 8))
    for stage in copies:
        a = stage(a)
    assert a.to_dict() == run(ARTICLE).to_dict()
