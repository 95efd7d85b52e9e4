"""Table definitions (SQLAlchemy Core) for the current schema version.

Event mentions are indexed only where they are looked up (article, event, unlinked): every
index costs each add_article; events carry the query indexes.
Only portable types (String, Text, Integer, Float, Boolean, Date, DateTime, JSON) so the
same tables work on SQLite and PostgreSQL. Character offsets are named ``start_char`` /
``end_char`` because ``end`` is reserved in SQL.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

ID = sa.String(64)

migrations_table = sa.Table(
    "marsad_migrations", metadata,
    sa.Column("name", sa.String(200), primary_key=True),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("applied_at", sa.DateTime, nullable=False),
)

settings = sa.Table(
    "marsad_settings", metadata,
    sa.Column("key", sa.String(200), primary_key=True),
    sa.Column("value", sa.Text),
)

articles = sa.Table(
    "articles", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("title", sa.Text),
    sa.Column("outlet", sa.Text, index=True),
    sa.Column("published", sa.Date, index=True),
    sa.Column("url", sa.Text),
    sa.Column("source_path", sa.Text),
    sa.Column("language", sa.String(16)),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("meta", sa.JSON),
    sa.Column("ingested_at", sa.DateTime, nullable=False),
    sa.Column("relevance", sa.JSON),   # the relevance stage's verdict (0005)
)

sentences = sa.Table(
    "sentences", metadata,
    sa.Column("article_id", ID, sa.ForeignKey("articles.id"), primary_key=True),
    sa.Column("idx", sa.Integer, primary_key=True),
    sa.Column("start_char", sa.Integer, nullable=False),
    sa.Column("end_char", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
)

mentions = sa.Table(
    "mentions", metadata,
    sa.Column("article_id", ID, sa.ForeignKey("articles.id"), primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True),  # order within the article
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("start_char", sa.Integer, nullable=False),
    sa.Column("end_char", sa.Integer, nullable=False),
    sa.Column("sentence", sa.Integer, nullable=False),
    sa.Column("norm", sa.Text),
    sa.Column("attrs", sa.JSON),
)


def _place_columns(prefix: str = "place_", *, index: bool = False) -> list[sa.Column]:
    return [
        sa.Column(f"{prefix}id", sa.Text, index=index),
        sa.Column(f"{prefix}name", sa.Text),
        sa.Column(f"{prefix}level", sa.String(32)),
        sa.Column(f"{prefix}lat", sa.Float),
        sa.Column(f"{prefix}lon", sa.Float),
        sa.Column(f"{prefix}admin1", sa.Text),
        sa.Column(f"{prefix}admin2", sa.Text),
        sa.Column(f"{prefix}admin3", sa.Text),
        sa.Column("place", sa.JSON),  # the full Place record
    ]


def _date_fatality_columns(*, index: bool = False) -> list[sa.Column]:
    return [
        sa.Column("date_start", sa.Date, index=index),
        sa.Column("date_end", sa.Date, index=index),
        sa.Column("date_precision", sa.String(16)),
        sa.Column("date", sa.JSON),  # the full ResolvedDate record (text, relative)
        sa.Column("fatalities_low", sa.Integer),
        sa.Column("fatalities_best", sa.Integer),
        sa.Column("fatalities_high", sa.Integer),
        sa.Column("fatalities_qualifier", sa.Text),
        sa.Column("fatalities", sa.JSON),
    ]


event_mentions = sa.Table(
    "event_mentions", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("article_id", ID, sa.ForeignKey("articles.id"), nullable=False, index=True),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("sentence", sa.Integer, nullable=False),
    sa.Column("start_char", sa.Integer, nullable=False),
    sa.Column("end_char", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("event_type", sa.String(64), nullable=False),
    sa.Column("sub_event_type", sa.String(64), nullable=False),
    sa.Column("actor1", sa.Text),
    sa.Column("actor2", sa.Text),
    sa.Column("assoc_actor1", sa.JSON),
    sa.Column("assoc_actor2", sa.JSON),
    *_place_columns(),
    sa.Column("place_text", sa.Text),
    sa.Column("geo_precision", sa.Integer),
    *_date_fatality_columns(),
    sa.Column("modality", sa.String(16), nullable=False),
    sa.Column("background", sa.Boolean, nullable=False),
    sa.Column("confidence", sa.Float),
    sa.Column("claims", sa.JSON),
    sa.Column("event_id", ID, index=True),
    sa.Column("attrs", sa.JSON),
    sa.Column("held_back", sa.Text),   # why the screen keeps it out of the record (0005)
    #: a link run considered it and left it in no event (0006): the next run links it
    #: again only together with mentions no run has seen, so re-running is a no-op
    sa.Column("link_checked", sa.Boolean),
)

claims = sa.Table(
    "claims", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("article_id", ID, sa.ForeignKey("articles.id"), nullable=False, index=True),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("sentence", sa.Integer, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("source_kind", sa.String(32)),
    sa.Column("source_actor", sa.Text),
    sa.Column("stance", sa.String(32)),
    sa.Column("event_mention", ID, index=True),
    sa.Column("text", sa.Text),
)

events = sa.Table(
    "events", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("event_type", sa.String(64), nullable=False, index=True),
    sa.Column("sub_event_type", sa.String(64), nullable=False),
    sa.Column("actor1", sa.Text, index=True),
    sa.Column("actor2", sa.Text, index=True),
    *_place_columns(index=True),
    sa.Column("geo_precision", sa.Integer),
    *_date_fatality_columns(index=True),
    sa.Column("mentions", sa.JSON),
    sa.Column("articles", sa.JSON),
    sa.Column("attrs", sa.JSON),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    # the linking fields the API filters on, copied out of ``attrs`` when the event is
    # written (rows.event_row; migration 0008 fills them in older stores), so a filter is
    # an indexed column instead of a JSON function over every row: the reconciled status
    # (None: never reconciled) and how many outlets and contradictions it names (0 when
    # not reconciled, as ``attrs`` then stores none)
    sa.Column("status", sa.String(32)),
    sa.Column("outlets_count", sa.Integer),
    sa.Column("contradictions_count", sa.Integer),
    # the days from the event's start to its end (0009; rows.date_span): the longest one in
    # the store, read from its index, bounds the start of an event that ends on or after a
    # date filter's start, so that filter is a range of the page indexes' date_start
    sa.Column("date_span", sa.Integer, index=True),
)

#: 0007's indexes (a governorate or an event type by date, a map's bounding box), made
#: when that migration runs; 0008 replaces them with EVENT_PAGE_INDEXES
#: (on a copy of the table's columns in a MetaData of its own, so that a new store, made
#: from ``metadata``, never has them)
_events_0007 = sa.Table("events", sa.MetaData(), sa.Column("place_admin1", sa.Text),
                        sa.Column("event_type", sa.String(64)), sa.Column("date_start", sa.Date),
                        sa.Column("place_lon", sa.Float), sa.Column("place_lat", sa.Float))
EVENT_QUERY_INDEXES = (
    sa.Index("ix_events_admin1_date", _events_0007.c.place_admin1, _events_0007.c.date_start),
    sa.Index("ix_events_type_date", _events_0007.c.event_type, _events_0007.c.date_start),
    sa.Index("ix_events_lon_lat", _events_0007.c.place_lon, _events_0007.c.place_lat),
)

_e = events.c
#: the HTTP API's filtered pages and the workbench's counts (0008). The events' rows are
#: wide (the linking ``attrs``): each index holds a filter's columns in the page's order
#: (date, then id) followed by the rest of the date and record-only tests (end date,
#: status), so a page and its count are found in the index alone and only the page's own
#: rows are read from the table: a governorate and/or an event type by date (the type's
#: with what the timeline sums per day and type: fatalities), a date window, a map's box
#: (with what its grid sums)
EVENT_PAGE_INDEXES = (
    sa.Index("ix_events_admin1_type_page", _e.place_admin1, _e.event_type, _e.date_start,
             _e.id, _e.date_end, _e.status),
    sa.Index("ix_events_admin1_page", _e.place_admin1, _e.date_start, _e.id, _e.date_end,
             _e.status),
    sa.Index("ix_events_type_page", _e.event_type, _e.date_start, _e.id, _e.date_end,
             _e.status, _e.fatalities_best, _e.fatalities_low, _e.fatalities_high),
    sa.Index("ix_events_date_page", _e.date_start, _e.id, _e.date_end, _e.status),
    sa.Index("ix_events_map", _e.place_lon, _e.place_lat, _e.date_start, _e.date_end,
             _e.status, _e.event_type, _e.fatalities_best),
)
#: the map's points (/api/map) in date order, read from the index alone (0010): every
#: column a point shows, after the date and id the map is ordered by, so 200,000 points of
#: a million events are a walk along one index instead of a sort of every wide row
EVENT_MAP_DATE_INDEX = sa.Index(
    "ix_events_map_date", _e.date_start, _e.id, _e.date_end, _e.status, _e.place_lon,
    _e.place_lat, _e.event_type, _e.sub_event_type, _e.fatalities_best, _e.geo_precision,
    _e.outlets_count, _e.contradictions_count, _e.place_name)
#: 0007's indexes that 0008 drops: EVENT_PAGE_INDEXES begin with the same columns, and
#: every index costs each event written
SUPERSEDED_INDEXES = tuple(str(i.name) for i in EVENT_QUERY_INDEXES)

_m = event_mentions.c
#: an event mention no link run has considered yet: in no event, not held back, not marked
UNCHECKED_MENTIONS = sa.and_(_m.event_id.is_(None), _m.held_back.is_(None),
                             _m.link_checked.is_(None))
#: those mentions (0015): a partial index holding only them
#: (its columns those the link run's query tests, then the id it reads), so a link run
#: finds its new mentions without reading every row of ``event_mentions``; a mention leaves
#: it when linked or marked checked
UNCHECKED_MENTIONS_INDEX = sa.Index(
    "ix_event_mentions_unchecked", _m.event_id, _m.held_back, _m.link_checked, _m.id,
    sqlite_where=UNCHECKED_MENTIONS, postgresql_where=UNCHECKED_MENTIONS)

#: the linker's blocking keys of each event (week x grid cell, landmark, article, ...): a
#: new mention is compared only with events sharing one, found by key rather than by
#: reading every event of its date window
event_blocks = sa.Table(
    "event_blocks", metadata,
    sa.Column("block", sa.String(255), primary_key=True),
    sa.Column("event_id", ID, primary_key=True, index=True),
)

#: the linker's blocking keys of each event mention (``marsad.link.neighbourhood``), with
#: the mention's date window (``lo``..``hi``, day ordinals; NULL for keys that are not
#: time buckets): a link run re-links every stored mention a new one could pair with
#: A mention's grid cells of one week fill a rectangle and are one row (0013): ``block``
#: is their prefix plus ``blockcells.RECT``, ``i0``..``i1`` x ``j0``..``j1`` the cells (NULL
#: on every other row); the store reads them back as a key per cell (:mod:`.blockcells`)
mention_blocks = sa.Table(
    "mention_blocks", metadata,
    sa.Column("block", sa.String(255), primary_key=True),
    sa.Column("mention_id", ID, primary_key=True, index=True),
    sa.Column("lo", sa.Integer),
    sa.Column("hi", sa.Integer),
    sa.Column("i0", sa.Integer),
    sa.Column("i1", sa.Integer),
    sa.Column("j0", sa.Integer),
    sa.Column("j1", sa.Integer),
)

#: the data tables, in insertion order (parents first), counted by Store.stats()
DATA_TABLES = (articles, sentences, mentions, event_mentions, claims, events)
