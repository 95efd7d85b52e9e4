"""marsad.nlp: the language layer.

Stages (registered in ``marsad.registrations``): ``sentences`` (:mod:`.sentences`),
``entities`` (:mod:`.entities`: actor, person, weapon mentions), ``dates`` (:mod:`.dates`),
``numbers`` (:mod:`.numbers`). Helpers for other packages: :class:`.entities.ActorResolver`,
:func:`.outlets.outlet_profile`, :func:`.dates.resolve_date`, :func:`.dates.article_event_date`,
:func:`.numbers.parse_fatalities`, :func:`.sentences.paragraph_of`.
"""
