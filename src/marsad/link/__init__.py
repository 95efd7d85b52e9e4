"""marsad.link"""
