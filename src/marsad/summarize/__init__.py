"""marsad.summarize"""
