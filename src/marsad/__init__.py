"""marsad: war reporting in, a verified, geocoded, source-attributed event record out."""

__version__ = "0.1.0"

__all__ = ["__version__"]
