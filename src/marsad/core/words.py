"""English function words and report filler: words that say nothing about which event."""

from __future__ import annotations

STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each earlier few for
from further had has have having he her here hers him his how i if in into is it its itself
just last later latest least made many may me meanwhile might more most much must my near new
no nor not now of off on once one only or other our out over own per said same say says she
should since so some such than that the their them then there these they this those through
to too under until up upon very was we were what when where which while who whom why will
with within would yesterday today reported reports according according told week day days
monday tuesday wednesday thursday friday saturday sunday morning evening night
""".split())
