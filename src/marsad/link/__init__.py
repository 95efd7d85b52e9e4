"""marsad.link: cross-article linking, reconciliation, contradictions and credibility.

    from marsad.link import Linker, link_store
    events = Linker(pack).link(new_mentions, existing_events, outlets=..., claims=...)
"""

from .credibility import ReferenceEvents, ReferenceMatch, article_credibility, event_credibility
from .linker import LinkError, Linker
from .reconcile import find_contradictions, reconcile
from .service import (DeleteReport, LinkReport, RecentArticles, contradictions,
                      delete_article, link_store, store_article_credibility)

__all__ = ["DeleteReport", "Linker", "LinkError", "LinkReport", "RecentArticles", "link_store",
           "contradictions", "delete_article", "store_article_credibility",
           "article_credibility", "event_credibility", "ReferenceEvents", "ReferenceMatch",
           "reconcile", "find_contradictions"]
