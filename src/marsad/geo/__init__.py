"""marsad.geo: gazetteer matching, the ``places`` and ``geocode`` stages, ``geocode_name``.

- :class:`Gazetteer` (``Gazetteer.for_pack(pack)``): ``lookup(name)``, ``find(text)``.
- ``make_place_tagger(pack)`` -> stage ``places``; ``make_event_geocoder(pack)`` -> ``geocode``.
- ``geocode_name(name, pack, context=None) -> Place | None`` for evaluation and reference import.
- ``find_landmarks(text)``: landmarks the gazetteer lacks ("the cement factory"); an event about
  one keeps its name in ``place_text``, ``coding.landmark`` (its ``marsad.core.names.place_name_key``) and is placed
  at the place the text puts it in (``coding.geo_step``, ``coding.place_relation``).
"""

from ..core.landmarks import Landmark, find_landmarks
from .gazetteer import Gazetteer, GazetteerError, PlaceMatch
from .geocoder import geocode_name, make_event_geocoder, precision_of
from .tagger import make_place_tagger

__all__ = ["Gazetteer", "GazetteerError", "Landmark", "PlaceMatch", "find_landmarks", "geocode_name",
           "make_event_geocoder", "make_place_tagger", "precision_of"]
