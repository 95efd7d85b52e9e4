"""The event screen (issue 12): running tolls, off-topic articles, old dates, no place."""

from marsad.extract.screen import cumulative_toll
from marsad.model import Fatalities


def _toll(text: str, number: int = 300) -> Fatalities:
    return Fatalities(best=number, low=number, high=number, text=text)


def test_a_running_total_is_cumulative():
    sentence = "More than 3,000 people have been killed since March, the monitor said."
    assert cumulative_toll(sentence, _toll("More than 3,000"))
    sentence = "The toll in the uprising has passed 9,000, the UN says."
    assert cumulative_toll(sentence, _toll("9,000"))


def test_an_incident_toll_is_not():
    sentence = "Shelling killed 12 people in Douma on Sunday, a monitor said."
    assert not cumulative_toll(sentence, _toll("12", 12))
    assert not cumulative_toll(sentence, Fatalities())


def test_the_cue_must_be_near_the_number():
    sentence = ("An air strike killed 7 people at a market in the town on Tuesday, residents said, "
                "in one of the deadliest days the province has seen, though fighting there has "
                "gone on since the start of the year.")
    assert not cumulative_toll(sentence, _toll("7", 7))
