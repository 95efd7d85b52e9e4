"""A vague report ('somewhere in Aleppo that week') must not chain two named places together."""

from __future__ import annotations

from linkfixtures import fake_pack, mention

from marsad.link import Linker
from marsad.model import CodingNotes


def test_vague_report_does_not_chain_a_named_quarter_and_a_named_landmark():
    # one article: a takeover in Ramouseh dated only by the publication week, a vaguer
    # takeover "in Aleppo" that week, and the capture of a named school on a known day
    quarter = mention("Rebels announced the liberation of the Ramouseh quarter.", article="a1",
                      place="ramouseh", day="2016-07-25", precision="week", relative=True,
                      sentence=1)
    vague = mention("Rebels said they had taken army positions in the city.", article="a1",
                    place="aleppo", day="2016-07-25", precision="week", relative=True,
                    geo_precision=2, sentence=2)
    school = mention("Opposition fighters captured on Sunday the al-Nour School south of "
                     "Aleppo.", article="a1", place="aleppo", day="2016-07-31",
                     geo_precision=2, place_text="al-Nour School", sentence=3)
    school.coding = CodingNotes(landmark="nur school")
    events = Linker(fake_pack()).link([quarter, vague, school], [])
    groups = [set(e.mentions) for e in events]
    assert not any(quarter.id in g and school.id in g for g in groups)


def test_dated_landmark_and_its_quarter_may_still_be_one_event():
    a = mention("Rebels took the cement factory.", article="a1")
    c = mention("Rebels took the cement factory near Ramouseh.", article="a3")
    b = mention("Rebels took positions in Ramouseh.", article="a2", place="ramouseh")
    assert len(Linker(fake_pack()).link([a, b, c], [])) == 1
