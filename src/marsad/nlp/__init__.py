"""marsad.nlp"""
