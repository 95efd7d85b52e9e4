"""Issue 13: "the capital" with no demonym beside it is the theater's capital only where the
article says which country it means (it names the theater more than any other country, and
the nearest country it names before the phrase is the theater); otherwise no place. Our own
sentences."""

import pytest

from marsad.pipeline import build_pipeline, process
from marsad.theaters import load_pack


@pytest.fixture(scope="module")
def pipeline():
    return build_pipeline("syria", pack=load_pack("syria", overlays=()))


def capital_mentions(pipeline, text):
    article = process(text, published="2016-05-10", pipeline=pipeline)
    return [m for m in article.mentions if m.kind == "place" and m.text.lower() == "the capital"]


@pytest.mark.parametrize("text", [
    "Syrian rebels fired mortars at the capital on Monday, killing three people.",
    "Rebels fired mortars at the capital on Monday. The Syrian Observatory said three died.",
    "Aleppo was quiet on Sunday. On Monday rebels fired mortars into the capital's old city.",
])
def test_the_capital_of_an_article_about_the_theater_is_its_capital(pipeline, text):
    found = capital_mentions(pipeline, text)
    assert [m.norm for m in found] == [pipeline.pack.capital]
    assert "the text is about Syria" in (found[0].place_info.choice or "")


@pytest.mark.parametrize("text", [
    # the nearest country named before it is another
    "Syrian refugees crossed into Lebanon on Sunday. Shells hit the capital on Monday, "
    "killing three people.",
    # no country before it, another after it
    "Militants set off a car bomb in the capital on Tuesday, a week after clashes near Mosul, Iraq.",
    # another country named more often than the theater
    "Iraq said on Monday that Baghdad and Basra were calm; in Syria, rebels held out. "
    "In Iraq, a bomb hit the capital on Tuesday.",
    # no country named at all
    "A bomb hit the capital on Tuesday, killing three people.",
    # the capital named right after: the name itself is the place
    "Syrian rebels fired mortars at the capital, Damascus, on Monday.",
    "Syrian rebels shelled the capital of Raqqa province on Monday.",
    # another kind of capital
    "Syrian rebels shelled the provincial capital on Monday.",
    "Syrian troops besieged Raqqa, the capital of the jihadists' self-declared caliphate.",
    "Homs, once called the capital of the Syrian revolution, was shelled on Monday.",
    # a province named before it in its sentence: the capital may be the province's
    "Syrian jihadists tried to take the whole province, where part of the capital is held "
    "by the army.",
])
def test_nor_where_the_article_does_not_say(pipeline, text):
    assert capital_mentions(pipeline, text) == []
