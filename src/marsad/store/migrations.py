"""Versioned schema migrations: an ordered list of named functions, each applied once.

Each applied migration is recorded in ``marsad_migrations`` with its position and a UTC
timestamp. ``0001_initial`` creates the current tables (``schema.metadata``), so a later
migration that alters a table must tolerate a fresh database where the table already has
the new shape: use :func:`add_column` (it checks first).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from . import rows, schema
from .errors import MigrationError
from .sql import write_transaction

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Migration:
    name: str
    apply: Callable[[Connection], None]


def _initial(conn: Connection) -> None:
    schema.metadata.create_all(conn, checkfirst=True)


def add_column(conn: Connection, table: str, column: sa.Column) -> None:
    """``ALTER TABLE ... ADD COLUMN`` unless the column is already there (portable DDL)."""
    existing = {c["name"] for c in sa.inspect(conn).get_columns(table)}
    if column.name in existing:
        return
    type_sql = column.type.compile(dialect=conn.dialect)
    prep = conn.dialect.identifier_preparer
    conn.execute(sa.text(
        f"ALTER TABLE {prep.quote(table)} ADD COLUMN {prep.quote(column.name)} {type_sql}"))


def _relevance_and_held_back(conn: Connection) -> None:
    add_column(conn, "articles", sa.Column("relevance", sa.JSON))
    add_column(conn, "event_mentions", sa.Column("held_back", sa.Text))


#: indexes of the first schema that no query used but every add_article paid for
_UNUSED_INDEXES = ("ix_mentions_kind_norm", "ix_event_mentions_event_type",
                   "ix_event_mentions_actor1", "ix_event_mentions_actor2",
                   "ix_event_mentions_place_id", "ix_event_mentions_date_start",
                   "ix_event_mentions_date_end")


def _drop_unused_indexes(conn: Connection) -> None:
    for name in _UNUSED_INDEXES:
        conn.execute(sa.text(f"DROP INDEX IF EXISTS {conn.dialect.identifier_preparer.quote(name)}"))


def _event_query_indexes(conn: Connection) -> None:
    for index in schema.EVENT_QUERY_INDEXES:
        index.create(conn, checkfirst=True)


def _event_filter_columns(conn: Connection) -> None:
    """The status and the outlet and contradiction counts as columns of their own, filled
    from each stored event's ``attrs`` (as the filters read them before: a missing list
    counts 0), and the page indexes over them."""
    for column in (sa.Column("status", sa.String(32)), sa.Column("outlets_count", sa.Integer),
                   sa.Column("contradictions_count", sa.Integer)):
        add_column(conn, "events", column)
    t = schema.events

    def count(key: str) -> sa.ColumnElement[int]:
        return sa.func.coalesce(sa.func.json_array_length(t.c.attrs[key]), 0)

    conn.execute(t.update().values(status=t.c.attrs["status"].as_string(),
                                   outlets_count=count("outlets"),
                                   contradictions_count=count("contradictions")))
    for old in schema.EVENT_QUERY_INDEXES:   # 0007's, superseded
        old.drop(conn, checkfirst=True)
    for index in schema.EVENT_PAGE_INDEXES:
        index.create(conn, checkfirst=True)


def date_span_sql(conn: Connection) -> sa.ColumnElement[int]:
    """``rows.date_span`` of each row of ``events`` in SQL (SQLite stores dates as text)."""
    t = schema.events
    days: sa.ColumnElement[Any]
    if conn.dialect.name == "sqlite":
        days = sa.cast(sa.func.julianday(t.c.date_end) - sa.func.julianday(t.c.date_start),
                       sa.Integer)
    else:   # PostgreSQL: a date minus a date is days
        days = t.c.date_end - t.c.date_start
    return sa.case(
        (sa.and_(t.c.date_start.is_(None), t.c.date_end.is_(None)), sa.null()),
        (t.c.date_start.is_(None), rows.OPEN_SPAN),
        (sa.or_(t.c.date_end.is_(None), t.c.date_end < t.c.date_start), 0),
        else_=days)


def _event_date_span(conn: Connection) -> None:
    """Each stored event's span in days and its index (``schema.events.c.date_span``)."""
    add_column(conn, "events", sa.Column("date_span", sa.Integer))
    t = schema.events
    conn.execute(t.update().values(date_span=date_span_sql(conn)))
    for index in t.c.date_span.table.indexes:
        if list(index.columns) == [t.c.date_span]:
            index.create(conn, checkfirst=True)


def _mention_block_cells(conn: Connection) -> None:
    """The rectangle bounds of ``schema.mention_blocks`` (NULL on the rows already there)."""
    for name in ("i0", "i1", "j0", "j1"):
        add_column(conn, "mention_blocks", sa.Column(name, sa.Integer))


#: a covering index of the articles' outlets by id (SQLite only, see below)
ARTICLE_OUTLET_INDEX = "ix_articles_id_outlet"


def _article_outlet_index(conn: Connection) -> None:
    """On SQLite, an index of ``articles (id, outlet)``: the event list's rows read their
    articles' outlets by id (a correlated subquery per row, ``store.query._list_extras``),
    and through the primary key's index each is a search of that index and then of the
    table, whose rows hold the article's text; this index answers it in one search. Not
    on PostgreSQL, which reads the outlets by one ``id IN (...)`` query a page, and whose
    B-tree entries have a size limit that an outlet's free text could pass."""
    if conn.dialect.name != "sqlite":
        return
    prep = conn.dialect.identifier_preparer
    conn.execute(sa.text(f"CREATE INDEX IF NOT EXISTS {prep.quote(ARTICLE_OUTLET_INDEX)} "
                         f"ON {prep.quote(schema.articles.name)} (id, outlet)"))


#: a setting present when mentions or events other than a link run's new mentions may lack
#: their rows in the blocking indexes (a store from before this migration, events saved by
#: ``Store.save_events``, mentions stored already linked): the next link run then looks for
#: them in the whole store, and only then (``Store.link_index_check``). Its value is a
#: token, so a run clears only the mark it saw
LINK_INDEX_CHECK = "link_index_check"


def _link_pending(conn: Connection) -> None:
    """The partial index of the mentions no link run has considered
    (``schema.UNCHECKED_MENTIONS_INDEX``), and the mark that makes the next link run look
    once more, in the whole store, for mentions and events missing from the blocking
    indexes (the link runs after it look only at their new mentions); a store holding no
    event mention and no event has nothing to look for."""
    schema.UNCHECKED_MENTIONS_INDEX.create(conn, checkfirst=True)
    if not any(conn.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first()
               for table in (schema.event_mentions, schema.events)):
        return
    t = schema.settings
    conn.execute(t.delete().where(t.c.key == LINK_INDEX_CHECK))
    conn.execute(t.insert().values(key=LINK_INDEX_CHECK, value="0015"))


#: the known migrations, in order; append new ones, never reorder or rename
MIGRATIONS: tuple[Migration, ...] = (
    Migration("0001_initial", _initial),
    Migration("0002_drop_unused_mention_indexes", _drop_unused_indexes),
    Migration("0003_event_mention_attrs",
              lambda conn: add_column(conn, "event_mentions", sa.Column("attrs", sa.JSON))),
    # events stored before it have no rows: the next link run indexes them
    Migration("0004_event_blocks",
              lambda conn: schema.event_blocks.create(conn, checkfirst=True)),
    # rows stored before it read as relevant and not held back: nothing stored is lost
    Migration("0005_relevance_and_held_back", _relevance_and_held_back),
    # mentions left unlinked before it read as never considered: the next link run
    # considers them once more (as it did before), then marks them
    Migration("0006_link_checked",
              lambda conn: add_column(conn, "event_mentions", sa.Column("link_checked", sa.Boolean))),
    # the API's filtered pages (marsad.store.query) on large stores
    Migration("0007_event_query_indexes", _event_query_indexes),
    # the filters on status, outlets and contradictions as indexed columns, and indexes a
    # page and its count are read from (1 million events); events stored before it get
    # their columns from their attrs, nothing else changes
    Migration("0008_event_filter_columns", _event_filter_columns),
    # each event's span in days, so a date filter's start bounds date_start (a range of the
    # page indexes instead of every earlier event of a governorate); events stored before
    # it get theirs from their dates, nothing else changes
    Migration("0009_event_date_span", _event_date_span),
    # the map's points in date order from one index (schema.EVENT_MAP_DATE_INDEX): nothing
    # else changes
    Migration("0010_event_map_date_index",
              lambda conn: schema.EVENT_MAP_DATE_INDEX.create(conn, checkfirst=True)),
    # mentions stored before it have no rows: the next link run with new mentions indexes
    # them (a one-off pass over the store), then re-links what the new ones touch
    Migration("0011_mention_blocks",
              lambda conn: schema.mention_blocks.create(conn, checkfirst=True)),
    # a mention's grid cells of one week as one row (a rectangle) instead of a row each:
    # rows written before it stay as they are and read the same
    Migration("0013_mention_block_cells", _mention_block_cells),
    # the event list's outlets read from an index (SQLite; 1 s on 2 million articles):
    # nothing else changes
    Migration("0014_article_outlet_index", _article_outlet_index),
    # a link run reads its new mentions from a partial index, and looks for mentions and
    # events missing from the blocking indexes only where something may have left them so
    # (three reads of whole tables each run before): the first link run after it looks
    # once in the whole store, as every run did before; the events do not change
    Migration("0015_link_pending_index", _link_pending),
)


def applied(conn: Connection) -> list[str]:
    """Names of the migrations recorded in this database, in the order applied."""
    if not sa.inspect(conn).has_table(schema.migrations_table.name):
        return []
    rows = conn.execute(sa.select(schema.migrations_table.c.name)
                        .order_by(schema.migrations_table.c.seq))
    return [r[0] for r in rows]


def migrate(engine: sa.Engine, migrations: Sequence[Migration] = MIGRATIONS,
            lock: Callable[[], AbstractContextManager[object]] | None = None) -> list[str]:
    """Apply the migrations not yet recorded, each in its own transaction; return their names.

    ``lock()``: the store's migration lock (see :mod:`.locks`), taken only when something
    is pending, so two processes opening a new store take turns: the second finds the
    migrations applied and does nothing (without it both created the tables and one died)."""
    names = [m.name for m in migrations]
    if len(set(names)) != len(names):
        raise MigrationError(f"duplicate migration names in {names}")
    with engine.connect() as conn:
        done = applied(conn)
    _check_known(done, names)
    if set(names) <= set(done):
        return []   # the usual case: no lock, no write (a read-only store opens too)
    with lock() if lock is not None else nullcontext():
        with write_transaction(engine) as conn:
            schema.migrations_table.create(conn, checkfirst=True)
            done = applied(conn)   # again: another process may have migrated meanwhile
        _check_known(done, names)
        ran: list[str] = []
        for seq, migration in enumerate(migrations, start=1):
            if migration.name in done:
                continue
            with write_transaction(engine) as conn:
                try:
                    migration.apply(conn)
                except sa.exc.SQLAlchemyError as exc:
                    raise MigrationError(f"migration {migration.name} failed: {exc}") from exc
                conn.execute(schema.migrations_table.insert().values(
                    name=migration.name, seq=seq,
                    applied_at=dt.datetime.now(dt.UTC).replace(tzinfo=None)))
            log.info("applied migration %s", migration.name)
            ran.append(migration.name)
    return ran


def _check_known(done: list[str], names: list[str]) -> None:
    unknown = [n for n in done if n not in names]
    if unknown:
        raise MigrationError(
            f"this store was written by a newer marsad (unknown migrations {unknown}); upgrade marsad")
