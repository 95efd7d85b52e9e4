"""Issue 13: ghayn written Q ("Qarbi" for Gharbi) can spell a town of standing whose key
folds like a hamlet only Who's On First knows (Q as K): both are candidates, and the
namesake rules choose (training reports, population, context), instead of the hamlet
winning by its key alone. Invented sentences; Abu al Ghurr is a village of Hama that
training reports name; Abu Qir, a hamlet of Who's On First in Hasakeh, has the key
of "Abu al Qurr"."""

from marsad.geo import make_place_tagger
from geo_testkit import make_article


def placed(pack, text):
    article = make_place_tagger(pack)(make_article(text))
    return [(m.text, pack.place(m.norm).admin1) for m in article.mentions if m.kind == "place"
            and m.place_info.level != "country"]


def test_ghayn_written_q_brings_the_town_of_standing_among_the_candidates(pack):
    assert placed(pack, "Syrian troops shelled the village of Abu al Qurr on Monday.") == [
        ("Abu al Qurr", "Hama")]


def test_the_spelling_with_gh_is_still_the_town(pack):
    assert placed(pack, "Syrian troops shelled the village of Abu al Ghurr on Monday.") == [
        ("Abu al Ghurr", "Hama")]
