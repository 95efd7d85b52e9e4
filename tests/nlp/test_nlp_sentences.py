from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.model import Article
from marsad.nlp.sentences import make_sentencizer, paragraph_of, split_sentences

from nlp_fixtures import ARTICLE


def texts(text):
    return [s.text for s in split_sentences(text)]


def test_abbreviations_and_initials_do_not_split():
    got = texts("Mr. Smith met Gen. Ali and Lt. Col. Haddad in the U.S. capital on Aug. 7. "
                "Dr. J. R. Doe said the U.N. team left. St. Simeon was shelled.")
    assert got == ["Mr. Smith met Gen. Ali and Lt. Col. Haddad in the U.S. capital on Aug. 7.",
                   "Dr. J. R. Doe said the U.N. team left.", "St. Simeon was shelled."]


def test_quotes_ellipsis_and_glued_sentences():
    got = texts("“We seized the hill.” Then they left… And the army came. "
                "We have now seized the area.We are in our trenches")
    assert got == ["“We seized the hill.”", "Then they left…", "And the army came.",
                   "We have now seized the area.", "We are in our trenches"]


def test_lowercase_after_quote_does_not_split():
    assert texts("“We took the hill,” he said. The army denied it.") == [
        "“We took the hill,” he said.", "The army denied it."]


def test_newlines_separate_headlines_and_offsets_index_the_text():
    text = "Rebels advance in Aleppo\nSyrian rebels launch a battle\n\nThe battle began on Sunday."
    sents = split_sentences(text)
    assert [s.text for s in sents] == ["Rebels advance in Aleppo", "Syrian rebels launch a battle",
                                       "The battle began on Sunday."]
    assert all(text[s.start:s.end] == s.text for s in sents)
    assert [s.index for s in sents] == [0, 1, 2]


def test_stage_and_paragraphs():
    stage = make_sentencizer(None)
    assert stage.name == "sentences" and stage.assigns == ("sentences",)
    article = stage(Article(id="a", text=ARTICLE))
    assert article.sentences[0].text.startswith("Rebels break siege")
    assert article.sentences[1].text.startswith("And a Hezbollah commander")
    assert paragraph_of(article, 0) == 0 and paragraph_of(article, 1) == 0
    idx = next(s.index for s in article.sentences if s.text.startswith("At least 14"))
    assert paragraph_of(article, idx) == 2
    glued = [s.text for s in article.sentences if s.text.startswith("We are holding")]
    assert glued, "glued sentence 'hill.We' was not split"


_ALPHABET = st.sampled_from(list("ab AB.?!…\n“”\"'U.S") + ["Mr.", "Gen.", " Rebels", " the "])


@settings(max_examples=200, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_spans_are_ordered_trimmed_and_cover_all_text(text):
    spans = [(s.start, s.end) for s in split_sentences(text)]
    covered = set()
    prev_end = 0
    for start, end in spans:
        assert prev_end <= start < end
        assert not text[start].isspace() and not text[end - 1].isspace()
        covered.update(range(start, end))
        prev_end = end
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())


def test_a_wire_dateline_starts_the_lead_after_a_run_in_teaser():
    text = ("By the Example Wire Staff NEW: Reports of 9 dead in the port town Army holds the "
            "airport Port City, Country (EWS) -- Doctors said on Friday that 9 people died.")
    sents = [s.text for s in split_sentences(text)]
    assert sents[-1].startswith("Port City, Country (EWS) -- Doctors said")
    assert sents[0].startswith("By the Example Wire Staff")
    # a dateline that opens its line is no cut; nor one deep in the body
    assert len(split_sentences("CITY (EWS) - Rebels said they hold the airport.")) == 1
    body = "x " * 1100 + "words Port City (EWS) -- rebels said so."
    assert len(split_sentences(body)) == 1


def test_a_dated_wire_dateline_and_a_capitals_city_start_the_lead():
    teaser = ("ROUNDUP 3-Forces fight for the port * Rebels say they hold the hill (Adds quotes) "
              "PORT CITY, Country, March 4 (EWS) - Troops pushed into the port on Friday.")
    assert [s.text for s in split_sentences(teaser)][-1].startswith("PORT CITY, Country, March 4")
    credit = ("Updated at May 092016 Rescuers carry a man from rubble in the old town (EWS photo) "
              "HARBOURTOWN Air strikes on a market killed nine people on Sunday.")
    assert [s.text for s in split_sentences(credit)][-1].startswith("HARBOURTOWN Air strikes")
    # capitals after a word are an acronym or an index, no dateline
    assert len(split_sentences("The EXAMPLE Index of oil shares fell on Monday.")) == 1


def test_a_weekday_date_run_into_the_lead_ends_the_headline():
    # a page stripped of line breaks: headline, standfirst and an agency's dated slug glued
    # to the lead; the lead starts after the date
    text = ("Shelling kills 9 in border town Shells hit a border town killing nine people Wire "
            "Tuesday 3 Mar 2015 The monitor said on Tuesday that 7 people died in the town.")
    sents = [s.text for s in split_sentences(text)]
    assert sents == ["Shelling kills 9 in border town Shells hit a border town killing nine "
                     "people Wire Tuesday 3 Mar 2015",
                     "The monitor said on Tuesday that 7 people died in the town."]
    # a date inside a sentence, before a lower-case word or at the line's start, is no cut
    assert len(split_sentences("Talks began on Tuesday 3 March 2015 in the capital.")) == 1
    assert len(split_sentences("Tuesday 3 March 2015 The monitor said 7 died.")) == 1


def test_a_tag_list_run_into_the_lead_is_its_own_sentence():
    text = ("Jets strike a hospital. Tags Kafr Example hospital jets Russia A hospital in the town "
            "was destroyed on Monday.")
    assert [s.text for s in split_sentences(text)] == [
        "Jets strike a hospital.", "Tags Kafr Example hospital jets Russia",
        "A hospital in the town was destroyed on Monday."]
    # with no determiner or count to start a lead, nothing is cut
    assert len(split_sentences("Tags Syria war Government raids in a town killed 5.")) == 1
