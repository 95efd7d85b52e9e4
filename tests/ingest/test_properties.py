"""Properties of the cleaner over generated documents built from article-like pieces."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.ingest import article_from_text, clean_text
from marsad.ingest.clean import load_junk_rules

PIECES = [
    "Rebels shelled Mhardeh on Friday, killing two civilians, state media said.",
    "The army said it retook Maan.", "Army retakes Maan", "Share", "Advertisement",
    "Related Articles", "Read more: Army advances in Hama", "Leave a Reply",
    "Sender's Name:", "Tweet", "activists said the town", "fell after heavy shelling.",
    "\u201cWe advanced,\u201d he said.", "Kafr\u00a0Zita", "  ", "", "Syria's war",
    "This article was edited by Example News.",
]
documents = st.lists(st.sampled_from(PIECES), min_size=0, max_size=30).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(documents)
def test_clean_is_idempotent_and_leaves_no_junk_line(doc):
    once = clean_text(doc)
    assert clean_text(once) == once
    rules = load_junk_rules()
    for para in once.split("\n\n") if once else []:
        assert para == para.strip() and "\n" not in para and para
        assert not rules.line.fullmatch(para)
        assert not rules.end.fullmatch(para) and not rules.list_header.fullmatch(para)


@settings(max_examples=100, deadline=None)
@given(documents)
def test_article_is_deterministic(doc):
    try:
        a = article_from_text(doc, title_from_first_line=True)
    except ValueError:
        return
    b = article_from_text(doc, title_from_first_line=True)
    assert a.to_dict() == b.to_dict()
