"""The page-junk filter and text normalization."""

from __future__ import annotations

import re

import pytest

from marsad.ingest import IngestError, clean_text, load_junk_rules, normalize_text

BODY = ("Rebels shelled the army checkpoint at Souran on Tuesday, killing at least "
        "four soldiers, activists said.")
BODY2 = "The army said it had repelled the attack and killed dozens of terrorists."


def wrap(junk: str) -> str:
    return f"Rebels shell Souran checkpoint\n\n{BODY}\n\n{junk}\n\n{BODY2}\n"


JUNK_LINES = [
    "Share", "Tweet", "Print", "Email", "Facebook Twitter WhatsApp", "Share this article",
    "Share on Facebook", "Advertisement", "ADVERTISEMENT", "Recommend article",
    "Sender's Name:", "Sender's Email:", "Receiver's Name:", "Receiver's Email:",
    "Back to top button", "Back to top", "Logo Wide", "Latest developments",
    "Helpful keywords", "Read more: Opposition factions open a new front in Daraa",
    "Red more: Fight for Hama airport: army digs in", "Read also: Army advances in Hama",
    "Your email address will not be published. Required fields are marked *",
    "Skip to content", "Tags: Syria, Hama, Souran", "Copyright 2017 Example News",
    "(Reporting by A. Writer; Editing by B. Editor)", "By Example Wire Staff",
    "Click here to subscribe", "Follow us on Twitter",
]


@pytest.mark.parametrize("junk", JUNK_LINES)
def test_each_junk_line_is_removed(junk):
    out = clean_text(wrap(junk))
    assert junk.split(":")[0] not in out
    assert BODY in out and BODY2 in out


def test_responsibility_boilerplate_and_translation_byline_removed():
    text = wrap("This article was translated and edited by The Example Observer. "
                "Responsibility for the information and views set out in this article "
                "lies entirely with the author.")
    out = clean_text(text)
    assert "Responsibility" not in out and "Example Observer" not in out
    assert out.endswith(BODY2)


def test_boilerplate_sentence_removed_but_rest_of_line_kept():
    text = (f"{BODY} Responsibility for the information and views set out in this article "
            "lies entirely with the author.")
    assert clean_text(text) == BODY


def test_related_articles_link_list_dropped_until_real_paragraph():
    text = (f"{BODY}\n\nRelated Articles\nArmy advances in eastern Hama\n"
            f"Aid reaches al-Waer\n\nRebels clash with ISIS near Palmyra\n\n{BODY2}")
    out = clean_text(text)
    assert "Related" not in out and "al-Waer" not in out and "Palmyra" not in out
    assert out == f"{BODY}\n\n{BODY2}"


def test_comment_section_cut_after_leave_a_reply():
    text = (f"{BODY}\n\nLeave a Reply\n\nAbu Omar\nThe army killed 300 terrorists today, "
            "God bless them all and their families.")
    assert clean_text(text) == BODY


def test_duplicated_headline_dropped():
    text = f"Army retakes Maan\n\nSubtitle about the battle\nArmy retakes Maan\n\n{BODY}"
    out = clean_text(text)
    assert out.count("Army retakes Maan") == 1
    assert out.startswith("Army retakes Maan\n\n")


def test_trailing_related_headlines_dropped_but_short_article_kept():
    text = f"{BODY}\n\n{BODY2}\n\nPope calls violence in Syria 'unacceptable'\n"
    assert clean_text(text) == f"{BODY}\n\n{BODY2}"
    # nothing sentence-like before it: the short paragraph is the article, keep it
    assert clean_text("Army retakes Maan\n\nRebels withdraw to Halfaya") == \
        "Army retakes Maan\n\nRebels withdraw to Halfaya"


def test_junk_words_inside_sentences_survive():
    text = "Activists share videos of the air strike on Kafr Zita. Advertisement boards burned."
    assert clean_text(text) == text


def test_quotes_spaces_and_invisibles_normalized():
    raw = "Lebanon\u2019s Hezbollah said \u201cwe advanced\u201d\u00a0near\u200b Morek\r\n"
    assert clean_text(raw) == "Lebanon's Hezbollah said \"we advanced\" near Morek"
    assert normalize_text("Assad\u00e2\u20ac\u2122s forces") == "Assad's forces"


def test_hard_wrapped_paragraph_rejoined():
    text = ("Government forces backed by Russian air strikes launched a\n"
            "counter-attack against rebels north of Hama on Saturday and\n"
            "recaptured the village of Maan, the army said.\n\nSecond paragraph here.")
    out = clean_text(text)
    assert out.split("\n\n")[0] == ("Government forces backed by Russian air strikes launched a "
                                   "counter-attack against rebels north of Hama on Saturday and "
                                   "recaptured the village of Maan, the army said.")


def test_whitespace_collapsed_and_paragraphs_separated_by_blank_line():
    out = clean_text("  First   line  here.\n\n\n\n  Second\tline here.  ")
    assert out == "First line here.\n\nSecond line here."


def test_bad_rules_file_raises_clear_error(tmp_path):
    bad = tmp_path / "rules.txt"
    bad.write_text("line: (unclosed\n", encoding="utf-8")
    with pytest.raises(IngestError, match=r"rules.txt:1: bad regex"):
        load_junk_rules(str(bad))
    bad.write_text("drop: share\n", encoding="utf-8")
    with pytest.raises(IngestError, match="expected '<kind>: <regex>'"):
        load_junk_rules(str(bad))


def test_default_rules_compile_and_have_every_kind():
    rules = load_junk_rules()
    assert all(isinstance(p, re.Pattern) for p in (rules.line, rules.strip, rules.list_header, rules.end))


def test_long_paragraph_that_starts_like_junk_is_kept():
    glued = "Read more: Army advances in Hama. " + BODY * 6
    assert clean_text(glued) == glued
    assert clean_text("Tags: " + BODY * 8) != ""


def test_one_paragraph_per_line_is_not_mistaken_for_hard_wrapping():
    # trafilatura and many CSV exports put one paragraph per line, without blank lines
    lines = ["Syrian government forces recaptured the village of Maan in the northern Hama "
             "countryside on Sunday.",
             "At least 23 government fighters died in the battle, the war monitor's "
             "figures showed.",
             "Residents of Kafr Zita said warplanes struck the town at least 15 times overnight.",
             "Thousands fled."]
    assert clean_text("\n".join(lines)) == "\n\n".join(lines)


@pytest.mark.parametrize("text, lead", [
    ("Tags Ruritania Westmark army war Government shelling of a border town killed 12.",
     "Government shelling of a border town killed 12."),
    ("Tags Coast road Ruritania army UN siege Westmark At least 9 fighters died.",
     "At least 9 fighters died."),
    ("Tags Westmark Front border extremism war. A bomber blew himself up at a checkpoint.",
     "A bomber blew himself up at a checkpoint."),
])
def test_a_tag_list_run_into_the_lead_is_a_paragraph_of_its_own(text, lead):
    paragraphs = clean_text(text).split("\n\n")
    assert paragraphs[-1] == lead and paragraphs[0].startswith("Tags ")


@pytest.mark.parametrize("text", ["Tags are words that a site adds to its pages.",
                                  "Rebels said tags were found on the bodies."])
def test_a_line_that_only_starts_with_tags_is_left_alone(text):
    assert clean_text(text) == text


def test_a_share_counter_is_no_part_of_the_lead():
    # "Get short URL 0 87": a page widget and its counters, which ran into the lead as a toll
    cleaned = clean_text("12.03.2017 Get short URL 0 87 Rebel fighters killed 9 soldiers near "
                         "the dam on Sunday.")
    assert "short URL" not in cleaned and " 87 " not in cleaned
    assert "Rebel fighters killed 9 soldiers" in cleaned


def test_a_reader_comment_stamp_ends_the_article():
    # "June 3, 2012 at 2:40 am | Report abuse | ...": the comment section has begun
    cleaned = clean_text("Rebels took the port on Sunday, a spokesman said.\nI agree with the "
                         "last reader.\nJune 3, 2012 at 2:40 am | Report abuse | Shells hit "
                         "the town on Monday, killing nine.\nJets struck the airport today.")
    assert "Rebels took the port" in cleaned
    assert "Shells hit" not in cleaned and "Jets struck" not in cleaned
