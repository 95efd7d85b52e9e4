"""Invented fixture text for the nlp tests (no real article text)."""

# An invented article in the style of the seed reports (headline, body, page junk).
ARTICLE = """Rebels break siege in the south of Idlib… And a Hezbollah commander killed

Opposition fighters stormed the grain silos on Sunday and captivated 9 pro-regime fighters, according to activists.

Jeish al-Fatah said its fighters had used a car bomb against regime forces near the silos. At least 14 soldiers were killed and dozens wounded.

“We took the hill.We are holding it”, said Abu Omar al-Halabi, a field commander with Ahrar al-Sham.

Liwaa Al-Quds and the Syrian Arab Army (SAA) regained two positions on Friday morning, state media said, despite more than 300 Turkish shells.

Last month, Russian warplanes carried out strikes on the town.

Share this article
"""
