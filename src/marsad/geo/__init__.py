"""marsad.geo: gazetteer matching, the ``places`` and ``geocode`` stages, ``geocode_name``.

- :class:`Gazetteer` (``Gazetteer.for_pack(pack)``): ``lookup(name)``, ``find(text)``.
- ``make_place_tagger(pack)`` -> stage ``places``; ``make_event_geocoder(pack)`` -> ``geocode``.
- ``geocode_name(name, pack, context=None) -> Place | None`` for evaluation and reference import.
"""

from .gazetteer import Gazetteer, GazetteerError, PlaceMatch
from .geocoder import geocode_name, make_event_geocoder, precision_of
from .normalize import name_key
from .tagger import make_place_tagger

__all__ = ["Gazetteer", "GazetteerError", "PlaceMatch", "geocode_name", "make_event_geocoder",
           "make_place_tagger", "name_key", "precision_of"]
