"""Great-circle distances on a spherical Earth."""

from __future__ import annotations

from haversine import Unit, haversine


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two (lat, lon) points in degrees, on the IUGG
    mean Earth radius (6371.0088 km)."""
    # check=False: coordinates are not range-checked, as before (a bad row is not an error)
    km: float = haversine((lat1, lon1), (lat2, lon2), unit=Unit.KILOMETERS, check=False)
    return km
