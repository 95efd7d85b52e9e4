"""Foundation helpers with one home each, imported by every layer above (see docs/DESIGN.md).

- :mod:`.geometry`: great-circle distance (``haversine_km``)
- :mod:`.names`: transliteration-tolerant keys for Arabic names in Latin script
- :mod:`.landmarks`: facility names the gazetteer lacks ("al-Hikmah School")
- :mod:`.datelines`: the date line at the top of a report ("ALEPPO, 6 April 2017 -")
- :mod:`.sides`: `SideTable` (a pack's sides, camps and allies as data) and the tables for code without a pack

Nothing here imports a stage package, the store or the linker.
"""
