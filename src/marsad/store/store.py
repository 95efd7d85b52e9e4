"""The event store on SQLAlchemy Core: SQLite by default, any SQLAlchemy URL otherwise."""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from operator import itemgetter
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
import sqlalchemy.dialects.postgresql
import sqlalchemy.dialects.sqlite

from ..model import Article, Claim, Event, EventMention
from . import blockcells, rows, schema
from .errors import NotFoundError, StoreError
from .locks import store_lock
from .migrations import LINK_INDEX_CHECK, MIGRATIONS, Migration, migrate
from ..core.datelines import as_date
from .sql import (chunks, execute_tuples, insert_many, insert_new, insert_tuples, json_dumps,
                  resolve_url, sqlite_pragmas, utc_now, write_transaction)

log = logging.getLogger(__name__)

#: what storing one article can raise besides the database's own errors: a driver that
#: refuses a value (psycopg2: a NUL in text; sqlite3: a lone surrogate) raises ValueError,
#: an unserializable meta value TypeError; each is that article's error, never the run's
_ARTICLE_ERRORS = (sa.exc.StatementError, ValueError, TypeError)

INDEXED = "*"  # the blocking key every indexed event has (see set_event_blocks)

#: seconds to wait before each new try when the connection to a database server is lost
#: mid-write (the server restarted, a proxy dropped it): then the run stops with one error
RETRY_DELAYS: tuple[float, ...] = (0.5, 1.0, 2.0, 4.0, 8.0)
#: how much of a SQLite file a read server maps into memory (:meth:`Store.map_reads`;
#: SQLite's own build limit, 2 GB by default, caps it)
MMAP_BYTES = 1 << 34


#: what SQLite says when another writer held the file past ``busy_timeout``
_BUSY = ("database is locked", "database is busy")
#: the exception types a retried call looks at (then :func:`is_transient` decides)
_RETRIED = (sa.exc.DBAPIError, sa.exc.DisconnectionError)

T = TypeVar("T")


@functools.cache
def shared_json(table: sa.Table) -> tuple[Any, ...]:
    """The table's columns for a read that decodes its rows, those of
    :data:`rows.SHARED_JSON` as their text: each distinct place, date or figure is then
    decoded once per process, not once per row (on PostgreSQL the driver decodes JSON
    itself, and the rows take the decoded value)."""
    return tuple(sa.type_coerce(c, sa.Text).label(c.name) if c.name in rows.SHARED_JSON else c
                 for c in table.c)


@functools.cache
def _by_key() -> dict[str, Any]:
    """The reads of one event and of an event's bundle, built once with bound parameters:
    a statement built anew for each call costs SQLAlchemy more (building it, then its
    cache key) than SQLite spends answering it."""
    e, em, c, a = schema.events, schema.event_mentions, schema.claims, schema.articles
    ids: sa.BindParameter[Any] = sa.bindparam("ids", expanding=True)
    return {"event": sa.select(*shared_json(e)).where(e.c.id == sa.bindparam("id")),
            "mentions": sa.select(*shared_json(em)).where(em.c.id.in_(ids)),
            "claims": sa.select(c).where(c.c.event_mention.in_(ids)),
            "articles": sa.select(*[col for col in a.c if col.name != "text"])
            .where(a.c.id.in_(ids))}


def is_transient(exc: BaseException, server: bool = True) -> bool:
    """Whether trying again later may succeed: a lost connection (:func:`is_disconnect`),
    one the pool found dead (``DisconnectionError``), or a SQLite file another writer kept
    locked past ``busy_timeout``."""
    if isinstance(exc, sa.exc.DisconnectionError):
        return True
    if not isinstance(exc, sa.exc.DBAPIError):
        return False
    if is_disconnect(exc, server):
        return True
    return isinstance(exc, sa.exc.OperationalError) and any(
        b in str(exc.orig).lower() for b in _BUSY)


def retried(method: Callable[..., T]) -> Callable[..., T]:
    """A :class:`Store` method (a read, or one whole transaction) run by
    :meth:`Store.retrying`."""
    @functools.wraps(method)
    def wrapper(self: Store, *args: Any, **kwargs: Any) -> T:
        return self.retrying(lambda: method(self, *args, **kwargs))
    return wrapper


def is_disconnect(exc: BaseException, server: bool = True) -> bool:
    """Whether ``exc`` is a lost connection to the database, not an error of the data: a
    connection SQLAlchemy found dead, or on a server (``server``) any ``OperationalError``
    (the server refused a new connection, restarted, cancelled the transaction)."""
    return isinstance(exc, sa.exc.DBAPIError) and (
        bool(exc.connection_invalidated) or (server and isinstance(exc, sa.exc.OperationalError)))


def _linked_already(articles: Iterable[Article]) -> bool:
    """Whether any of these articles' linkable event mentions comes already linked (an event
    id): no link run indexed it (:data:`LINK_INDEX_CHECK`)."""
    return any(m.event_id is not None and m.held_back is None
               for a in articles for m in a.events)


class Store:
    """Articles with their sentences, mentions, event mentions and claims; linked events.

    ``Store(path_or_url)`` opens (and migrates) the store; use it as a context manager or
    call :meth:`close`.
    """

    def __init__(self, url_or_path: str | os.PathLike | None = None, *,
                 migrations: Sequence[Migration] = MIGRATIONS, create: bool = True):
        self.url = resolve_url(url_or_path)
        self.migrations = tuple(migrations)
        self._inserts: dict = {}  # compiled INSERT statements, per table and key set
        self._retry_depth = threading.local()   # retried calls running in this thread
        db_file = self.path
        if not create and db_file is not None and not db_file.exists():
            raise StoreError(f"no store at {db_file} (create one with `marsad run`)")
        try:
            self._server = not self.url.startswith("sqlite")
            # a server's pooled connection may have been dropped while idle (a restart, a
            # proxy's timeout): test each at checkout and replace it, rather than fail
            self._engine = sa.create_engine(self.url, json_serializer=json_dumps,
                                            pool_pre_ping=self._server)
        except (sa.exc.ArgumentError, ModuleNotFoundError) as exc:
            raise StoreError(f"cannot open store {self.url!r}: {exc}") from exc
        if self._engine.dialect.name == "sqlite":
            sa.event.listen(self._engine, "connect", sqlite_pragmas)
        self.migrate()

    # --- lifecycle ------------------------------------------------------------------

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None for an in-memory or server database."""
        prefix = "sqlite:///"
        if self.url.startswith(prefix) and len(self.url) > len(prefix):
            return Path(self.url[len(prefix):])
        return None

    def __str__(self) -> str:
        return str(self.path) if self.path else self._engine.url.render_as_string(hide_password=True)

    def retrying(self, fn: Callable[[], T]) -> T:
        """``fn()``, tried again after each pause of ``RETRY_DELAYS`` while it fails on a
        lost connection or a locked SQLite file (:func:`is_transient`), then one
        :class:`StoreError`. ``fn`` must be safe to run again: reads, or whole transactions
        (a link run). Inside another retried call it runs once: the outer one retries."""
        depth = getattr(self._retry_depth, "n", 0)
        if depth:
            return fn()
        self._retry_depth.n = 1
        try:
            for delay in (*RETRY_DELAYS, None):
                try:
                    return fn()
                except _RETRIED as exc:
                    if not is_transient(exc, self._server):
                        raise
                    self._lost_connection(exc, delay)
            raise AssertionError("unreachable: the last try raises")
        finally:
            self._retry_depth.n = 0

    def migrate(self) -> list[str]:
        """Apply pending schema migrations; returns the names applied now."""
        try:
            return migrate(self._engine, self.migrations, lock=lambda: self.lock("migrate"))
        except sa.exc.DatabaseError as exc:   # unreachable server; a file that is no database
            raise StoreError(f"cannot open store {self}: {exc.orig}") from exc

    def lock(self, name: str):
        """A context manager holding this store's lock ``name`` across processes (a file
        lock beside a SQLite file, an advisory lock on PostgreSQL; see :mod:`.locks`):
        migrations and linking run under it, so several writers take turns at them."""
        return store_lock(self._engine, name, self.path)

    def begin(self):
        """A write transaction (``BEGIN IMMEDIATE`` on SQLite, see ``write_transaction``)."""
        return write_transaction(self._engine)

    @retried
    def applied_migrations(self) -> list[tuple[str, dt.datetime]]:
        t = schema.migrations_table
        with self._engine.connect() as conn:
            return [(r.name, r.applied_at)
                    for r in conn.execute(sa.select(t.c.name, t.c.applied_at).order_by(t.c.seq))]

    def connect(self) -> sa.Connection:
        """A connection for read queries (``marsad.store.query``); use it in a ``with``."""
        return self._engine.connect()

    def optimize(self) -> None:
        """Refresh the query planner's statistics (SQLite: ``ANALYZE`` sampling at most
        1,000 rows per index, milliseconds on any size; other databases keep their own). Without them SQLite cannot tell a governorate index from an event-type
        one and may read ten times the rows a filtered page needs."""
        if self._engine.dialect.name != "sqlite":
            return
        with self._engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA analysis_limit=1000")
            conn.exec_driver_sql("ANALYZE")

    def map_reads(self, size: int = MMAP_BYTES) -> None:
        """Have SQLite map up to ``size`` bytes of the file into memory on each connection
        from now on (``PRAGMA mmap_size``; the pool's connections are replaced): a
        server's reads then find the pages they look up in memory rather than copying
        each through a system call into the connection's small page cache. Writes are
        unchanged (the write-ahead log); nothing on other databases."""
        if self._engine.dialect.name != "sqlite":
            return
        size = int(size)

        def pragma(dbapi_conn, _record) -> None:
            cur = dbapi_conn.cursor()
            cur.execute(f"PRAGMA mmap_size={size}")
            cur.close()

        sa.event.listen(self._engine, "connect", pragma)
        self._engine.dispose()

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @retried
    def get_setting(self, key: str) -> str | None:
        t = schema.settings
        with self._engine.connect() as conn:
            return conn.execute(sa.select(t.c.value).where(t.c.key == key)).scalar()

    @retried
    def set_setting(self, key: str, value: str) -> None:
        t = schema.settings
        with self.begin() as conn:
            dialect = conn.dialect.name
            if dialect in ("sqlite", "postgresql"):   # one statement: no race between writers
                insert = (sa.dialects.sqlite.insert(t) if dialect == "sqlite"
                          else sa.dialects.postgresql.insert(t))
                conn.execute(insert.values(key=key, value=value).on_conflict_do_update(
                    index_elements=[t.c.key], set_={"value": value}))
            elif conn.execute(sa.update(t).where(t.c.key == key).values(value=value)).rowcount == 0:
                conn.execute(sa.insert(t).values(key=key, value=value))

    def link_index_check(self) -> str | None:
        """The token of :data:`LINK_INDEX_CHECK` (None: only a link run's new mentions can
        be missing from the blocking indexes)."""
        return self.get_setting(LINK_INDEX_CHECK)

    @staticmethod
    def mark_link_index_check(conn: sa.Connection) -> None:
        """Set :data:`LINK_INDEX_CHECK` to a new token, in the caller's transaction."""
        t = schema.settings
        conn.execute(t.delete().where(t.c.key == LINK_INDEX_CHECK))
        conn.execute(t.insert().values(key=LINK_INDEX_CHECK, value=uuid.uuid4().hex))

    @retried
    def clear_link_index_check(self, token: str) -> None:
        """Remove :data:`LINK_INDEX_CHECK` if it still holds ``token`` (a writer that set it
        again meanwhile keeps it set)."""
        t = schema.settings
        with self.begin() as conn:
            conn.execute(t.delete().where(t.c.key == LINK_INDEX_CHECK, t.c.value == token))

    # --- articles -------------------------------------------------------------------

    def add_article(self, article: Article) -> bool:
        """Store an article and all its children in one transaction; False if already stored."""
        self._check_children(article)
        try:
            with self.begin() as conn:
                rows_ = self._article_rows(article, utc_now())
                _, (article_row,) = next(rows_)
                if not self._insert_article(conn, article_row):
                    return False   # stored already (by this or another writer)
                for table, table_rows in rows_:
                    if table_rows:
                        insert_many(conn, table, table_rows, self._inserts)
                if _linked_already([article]):
                    self.mark_link_index_check(conn)
        except _ARTICLE_ERRORS as exc:
            if self.has_article(article.id):  # another writer stored it meanwhile
                return False
            raise StoreError(f"article {article.id} ({article.source_path or article.title}): "
                             f"{getattr(exc, 'orig', None) or exc}") from exc
        return True

    def add_articles(self, articles: Iterable[Article], *, batch_size: int = 100,
                     on_error: Callable[[Article, StoreError], None] | None = None,
                     ) -> Iterator[tuple[Article, bool]]:
        """Store a stream of articles, yielding ``(article, stored)`` in input order.

        Faster than :meth:`add_article` in a loop: one transaction and one insert per
        table for each batch. Each article is still all-or-nothing: when a batch fails it
        is rolled back and retried article by article, and an article that fails alone goes
        to ``on_error`` (raised when None) and is not yielded.
        """
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= batch_size:
                yield from self._add_batch(batch, on_error)
                batch = []
        if batch:
            yield from self._add_batch(batch, on_error)

    def _add_batch(self, batch: list[Article], on_error) -> Iterator[tuple[Article, bool]]:
        rejected: dict[int, StoreError] = {}
        for i, article in enumerate(batch):
            try:
                self._check_children(article)
            except StoreError as exc:
                if on_error is None:
                    raise
                rejected[i] = exc
        now = utc_now()
        outcome: list[bool | StoreError] = []
        for delay in (*RETRY_DELAYS, None):
            try:
                outcome = self._write_batch(batch, rejected, now)
                break
            except _ARTICLE_ERRORS as exc:
                if isinstance(exc, sa.exc.DBAPIError) and is_transient(exc, self._server):
                    self._lost_connection(exc, delay)   # rolled back: try it again
                    continue
                log.info("a batch of %d articles failed; storing them one by one", len(batch))
                outcome = []
                for i, article in enumerate(batch):
                    try:
                        outcome.append(rejected[i] if i in rejected else self.add_article(article))
                    except StoreError as exc:
                        if on_error is None:
                            raise
                        outcome.append(exc)
                break
        for article, result in zip(batch, outcome):
            if isinstance(result, StoreError):
                on_error(article, result)
            else:
                yield article, result

    def _lost_connection(self, exc: sa.exc.DBAPIError | sa.exc.DisconnectionError,
                         delay: float | None) -> None:
        """Wait ``delay`` seconds before the next try, or (None) stop with one error."""
        orig = getattr(exc, "orig", None) or exc
        text = str(orig).strip()
        reason = text.splitlines()[0] if text else type(orig).__name__
        busy = any(b in text.lower() for b in _BUSY) and not is_disconnect(exc, self._server)
        what = (f"store {self} stayed locked by another writer" if busy
                else f"lost the connection to store {self}")
        if delay is None:
            raise StoreError(f"{what} ({reason}), {len(RETRY_DELAYS) + 1} tries; what was "
                             "stored before stays, run again to go on") from exc
        log.warning("%s (%s); trying again in %g s", what, reason, delay)
        time.sleep(delay)

    def _write_batch(self, batch: list[Article], rejected: dict[int, StoreError],
                     now: dt.datetime) -> list[bool | StoreError]:
        """One transaction storing ``batch`` (less ``rejected``): whether each is new."""
        outcome: list[bool | StoreError] = []
        with self.begin() as conn:
            ids = sorted({a.id for a in batch})
            seen = {r for chunk in chunks(ids) for r in conn.scalars(
                sa.select(schema.articles.c.id).where(schema.articles.c.id.in_(chunk)))}
            pending: dict[sa.Table, list[dict]] = {}
            fresh: list[tuple[int, Any, dict]] = []   # (index, child rows, article row)
            for i, article in enumerate(batch):
                if i in rejected:
                    outcome.append(rejected[i])
                    continue
                rows_ = self._article_rows(article, now)
                _, (article_row,) = next(rows_)
                outcome.append(False)
                if article.id not in seen:   # the first of its copies in the batch
                    fresh.append((i, rows_, article_row))
                seen.add(article.id)
            # the database decides: insert-or-skip on the article's content hash
            inserted = self._insert_articles(conn, [row for _, _, row in fresh])
            for (i, rows_, _row), is_new in zip(fresh, inserted):
                outcome[i] = is_new
                if is_new:
                    for table, table_rows in rows_:
                        pending.setdefault(table, []).extend(table_rows)
            for table in schema.DATA_TABLES[1:]:  # parents first (articles are in)
                if pending.get(table):
                    insert_many(conn, table, pending[table], self._inserts)
            if _linked_already(batch[i] for i, _, _ in fresh):
                self.mark_link_index_check(conn)
        return outcome

    @staticmethod
    def _article_rows(article: Article, now: dt.datetime):
        """(table, rows) pairs, parents first; lazy so a failure can come mid-transaction."""
        yield schema.articles, [rows.article_row(article, now)]
        yield schema.sentences, rows.sentence_rows(article)
        yield schema.mentions, rows.mention_rows(article)
        yield schema.event_mentions, [rows.event_mention_row(m, i)
                                      for i, m in enumerate(article.events)]
        yield schema.claims, [rows.claim_row(c, i) for i, c in enumerate(article.claims)]

    @staticmethod
    def _check_children(article: Article) -> None:
        where = f"article {article.id} ({article.source_path or article.title})"
        for kind, items in (("event mention", article.events), ("claim", article.claims)):
            seen: set[str] = set()
            for item in items:
                if item.article_id != article.id:
                    raise StoreError(f"{where}: {kind} {item.id} names article {item.article_id}")
                if item.id in seen:
                    raise StoreError(f"{where}: two {kind}s with id {item.id}")
                seen.add(item.id)

    def _insert_articles(self, conn: sa.Connection, article_rows: list[dict]) -> list[bool]:
        """:meth:`_insert_article` for each row (distinct ids): whether each was stored now.
        PostgreSQL takes them in one statement per page of rows (``INSERT ... ON CONFLICT
        DO NOTHING RETURNING id``): one round trip to the server per article was most of
        what storing cost there; SQLite, in this process, inserts them one by one."""
        if conn.dialect.name == "postgresql" and len(article_rows) > 1:
            stored = insert_new(conn, schema.articles, article_rows, self._inserts, key="id")
            return [row["id"] in stored for row in article_rows]
        return [self._insert_article(conn, row) for row in article_rows]

    def _insert_article(self, conn: sa.Connection, row: dict) -> bool:
        """Insert one article row unless its id (the content hash) is stored: ``INSERT ...
        ON CONFLICT DO NOTHING`` (SQLite, PostgreSQL), so two writers storing the same
        article at once store it once and neither fails; True when this call stored it."""
        t = schema.articles
        dialect = conn.dialect.name
        stmt: sa.Insert
        if dialect == "sqlite":
            stmt = sa.dialects.sqlite.insert(t).on_conflict_do_nothing(index_elements=[t.c.id])
        elif dialect == "postgresql":
            stmt = sa.dialects.postgresql.insert(t).on_conflict_do_nothing(index_elements=[t.c.id])
        else:
            if self._has(conn, row["id"]):
                return False
            stmt = t.insert()
        return conn.execute(stmt, row).rowcount == 1

    @staticmethod
    def _has(conn, article_id: str) -> bool:
        t = schema.articles
        return conn.execute(sa.select(t.c.id).where(t.c.id == article_id)).first() is not None

    def delete_article_rows(self, conn: sa.Connection, article_id: str) -> list[str]:
        """Remove the article ``article_id`` and every row that hangs off it (sentences,
        mentions, event mentions, claims, its event mentions' rows in the mention blocking
        index), in the caller's transaction; returns the ids of the event mentions removed.

        The events that held those mentions are the caller's to rebuild in the same
        transaction: :func:`marsad.link.delete_article` (``marsad delete``) re-links what
        they had left. Raises :class:`NotFoundError` when no such article is stored."""
        t = schema.articles
        if not self._has(conn, article_id):
            raise NotFoundError(f"no article {article_id!r} in {self}")
        em = schema.event_mentions
        mention_ids = sorted(conn.scalars(sa.select(em.c.id).where(em.c.article_id == article_id)))
        for chunk in chunks(mention_ids):
            conn.execute(schema.mention_blocks.delete()
                         .where(schema.mention_blocks.c.mention_id.in_(chunk)))
        for table in reversed(schema.DATA_TABLES[1:-1]):   # children first: claims .. sentences
            conn.execute(table.delete().where(table.c.article_id == article_id))
        conn.execute(t.delete().where(t.c.id == article_id))
        return mention_ids

    @retried
    def has_article(self, article_id: str) -> bool:
        with self._engine.connect() as conn:
            return self._has(conn, article_id)

    @retried
    def stored_article_ids(self, article_ids: Iterable[str]) -> set[str]:
        """Which of ``article_ids`` are stored: :meth:`has_article` for many, in one query
        per few hundred ids (a run checks what it reads in batches)."""
        t = schema.articles
        ids = sorted(set(article_ids))
        with self._engine.connect() as conn:
            return {r for chunk in chunks(ids) for r in conn.scalars(
                sa.select(t.c.id).where(t.c.id.in_(chunk)))}

    @retried
    def get_article(self, article_id: str) -> Article:
        """The article with its sentences, mentions, event mentions and claims."""
        with self._engine.connect() as conn:
            row = conn.execute(sa.select(schema.articles)
                               .where(schema.articles.c.id == article_id)).first()
            if row is None:
                raise NotFoundError(f"no article {article_id!r} in {self}")
            article = rows.to_article(row)

            def children(table, order):
                return conn.execute(sa.select(table).where(table.c.article_id == article_id)
                                    .order_by(order))

            t = schema
            article.sentences = [rows.to_sentence(r) for r in children(t.sentences, t.sentences.c.idx)]
            article.mentions = [rows.to_mention(r) for r in children(t.mentions, t.mentions.c.seq)]
            article.events = [rows.to_event_mention(r)
                              for r in children(t.event_mentions, t.event_mentions.c.seq)]
            article.claims = [rows.to_claim(r) for r in children(t.claims, t.claims.c.seq)]
        return article

    @retried
    def articles(self, ids: Iterable[str] | None = None, *, with_text: bool = True) -> list[Article]:
        """Articles without their children (sentences, mentions...), by publication date."""
        t = schema.articles
        cols = [c for c in t.c if with_text or c.name != "text"]
        order = (t.c.published.is_(None), t.c.published, t.c.id)
        with self._engine.connect() as conn:
            if ids is None:
                result = list(conn.execute(sa.select(*cols).order_by(*order)))
            else:
                wanted = sorted(set(ids))
                result = [r for chunk in chunks(wanted)
                          for r in conn.execute(sa.select(*cols).where(t.c.id.in_(chunk)))]
                result.sort(key=lambda r: (r.published is None, r.published or dt.date.min, r.id))
        return [rows.to_article(r, with_text=with_text) for r in result]

    # --- event mentions and claims --------------------------------------------------

    @retried
    def event_mentions(self, *, unlinked: bool = False, article_ids: Iterable[str] | None = None,
                       ids: Iterable[str] | None = None,
                       event_ids: Iterable[str] | None = None) -> list[EventMention]:
        """Event mentions (all modalities), ordered by article and position."""
        t = schema.event_mentions
        base = sa.select(*shared_json(t))
        if unlinked:   # awaiting linking: held-back mentions never are
            base = base.where(t.c.event_id.is_(None), t.c.held_back.is_(None))
        filters = [(t.c.article_id, article_ids), (t.c.id, ids), (t.c.event_id, event_ids)]
        chunked = [(col, sorted(set(v))) for col, v in filters if v is not None]
        with self._engine.connect() as conn:
            if not chunked:
                result = list(conn.execute(base))
            else:
                col, values = chunked[0]
                for other_col, other in chunked[1:]:
                    base = base.where(other_col.in_(other))
                result = [r for chunk in chunks(values)
                          for r in conn.execute(base.where(col.in_(chunk)))]
        result.sort(key=lambda r: (r.article_id, r.seq))
        return [rows.to_event_mention(r) for r in result]

    @retried
    def unlinked_mention_ids(self) -> list[str]:
        """Ids of the event mentions no event holds yet and the screen let through, sorted."""
        t = schema.event_mentions
        with self._engine.connect() as conn:
            return sorted(conn.scalars(sa.select(t.c.id).where(
                t.c.event_id.is_(None), t.c.held_back.is_(None))))

    @retried
    def unchecked_mention_ids(self) -> list[str]:
        """Ids of the unlinked mentions no link run has considered yet, sorted."""
        t = schema.event_mentions
        with self._engine.connect() as conn:
            # read from their partial index (schema.UNCHECKED_MENTIONS_INDEX), whose
            # condition this is
            return sorted(conn.scalars(sa.select(t.c.id).where(schema.UNCHECKED_MENTIONS)))

    def mark_link_checked(self, mention_ids: Iterable[str],
                          conn: sa.Connection | None = None) -> None:
        """Record that a link run considered these mentions (and left them unlinked)."""
        if conn is None:
            with self.begin() as conn:
                self.mark_link_checked(mention_ids, conn)
            return
        t = schema.event_mentions
        for chunk in chunks(sorted(set(mention_ids))):
            conn.execute(t.update().where(t.c.id.in_(chunk)).values(link_checked=True))

    @retried
    def claims_for(self, mention_ids: Iterable[str]) -> list[Claim]:
        t = schema.claims
        wanted = sorted(set(mention_ids))
        with self._engine.connect() as conn:
            result = [r for chunk in chunks(wanted)
                      for r in conn.execute(sa.select(t).where(t.c.event_mention.in_(chunk)))]
        result.sort(key=lambda r: (r.article_id, r.seq))
        return [rows.to_claim(r) for r in result]

    # --- events ---------------------------------------------------------------------

    @retried
    def events(self, *, start: str | dt.date | None = None, end: str | dt.date | None = None,
               place: str | None = None, actor: str | Sequence[str] | None = None,
               event_type: str | None = None, limit: int | None = None) -> list[Event]:
        """Events ordered by date (unknown dates last).

        ``start``/``end`` keep events whose date window overlaps them (undated events are
        dropped when either is given); ``place`` matches place name, id or admin names,
        ``event_type`` the type or sub-type, ``actor`` an actor id (or any of several),
        all case-insensitive substrings.
        """
        q = self._events_query(sa.select(schema.events), start=start, end=end, place=place,
                               actor=actor, event_type=event_type)
        if limit is not None:
            q = q.limit(limit)
        with self._engine.connect() as conn:
            return [rows.to_event(r) for r in conn.execute(q)]

    def iter_events(self, batch: int = 500, **filters) -> Iterator[list[Event]]:
        """The events of :meth:`events` in batches, so exports of a large store stay small."""
        t = schema.events

        def ids_() -> list[str]:
            with self._engine.connect() as conn:
                return list(conn.scalars(self._events_query(sa.select(t.c.id), **filters)))

        def read(chunk: Sequence[str]) -> dict[str, Event]:
            with self._engine.connect() as conn:
                return {r.id: rows.to_event(r)
                        for r in conn.execute(sa.select(*shared_json(t)).where(t.c.id.in_(chunk)))}

        for chunk in chunks(self.retrying(ids_), batch):
            found = self.retrying(lambda: read(chunk))   # noqa: B023 - called at once
            yield [found[i] for i in chunk if i in found]

    @staticmethod
    def _events_query(q, *, start=None, end=None, place=None, actor=None, event_type=None):
        t = schema.events
        start, end = as_date(start), as_date(end)
        if start is not None:
            q = q.where(sa.func.coalesce(t.c.date_end, t.c.date_start) >= start)
        if end is not None:
            q = q.where(t.c.date_start <= end)
        if place:
            needle = place.lower()
            q = q.where(sa.or_(*(sa.func.lower(c).contains(needle, autoescape=True)
                                 for c in (t.c.place_name, t.c.place_id, t.c.place_admin1,
                                           t.c.place_admin2, t.c.place_admin3))))
        if event_type:
            needle = event_type.lower()
            q = q.where(sa.or_(sa.func.lower(t.c.event_type).contains(needle, autoescape=True),
                               sa.func.lower(t.c.sub_event_type).contains(needle, autoescape=True)))
        if actor:
            needles = [actor] if isinstance(actor, str) else list(actor)
            q = q.where(sa.or_(*(sa.func.lower(c).contains(n.lower(), autoescape=True)
                                 for n in needles for c in (t.c.actor1, t.c.actor2))))
        return q.order_by(t.c.date_start.is_(None), t.c.date_start, t.c.id)

    @retried
    def events_overlapping(self, start: str | dt.date | None,
                           end: str | dt.date | None) -> list[Event]:
        """Candidate events for linking a mention dated [start, end].

        A None bound is open, and then undated events are included too; with both None
        only undated events are returned (an undated mention cannot be placed in time).
        """
        t = schema.events
        start, end = as_date(start), as_date(end)
        undated = t.c.date_start.is_(None)
        cond: sa.ColumnElement[bool]
        if start is None and end is None:
            cond = undated
        else:
            parts = []
            if start is not None:
                parts.append(sa.func.coalesce(t.c.date_end, t.c.date_start) >= start)
            if end is not None:
                parts.append(t.c.date_start <= end)
            cond = sa.and_(*parts)
            if start is None or end is None:
                cond = sa.or_(cond, undated)
        q = sa.select(t).where(cond).order_by(t.c.date_start.is_(None), t.c.date_start, t.c.id)
        with self._engine.connect() as conn:
            return [rows.to_event(r) for r in conn.execute(q)]

    @retried
    def get_event(self, event_id: str) -> Event | None:
        with self._engine.connect() as conn:
            row = conn.execute(_by_key()["event"], {"id": event_id}).first()
        return rows.to_event(row) if row else None

    @retried
    def events_by_id(self, event_ids: Iterable[str]) -> list[Event]:
        """The stored events of these ids, ordered by id (unknown ids are skipped)."""
        t = schema.events
        wanted = sorted(set(event_ids))
        with self._engine.connect() as conn:
            found = [r for chunk in chunks(wanted)
                     for r in conn.execute(sa.select(*shared_json(t)).where(t.c.id.in_(chunk)))]
        return [rows.to_event(r) for r in sorted(found, key=lambda r: r.id)]

    # --- what a link run writes (marsad.link.persist) ---------------------------------

    def insert_rows(self, conn: sa.Connection, table: sa.Table,
                    table_rows: list[dict[str, Any]]) -> None:
        """Insert rows that share their keys into ``table`` the way articles are stored
        (one compiled statement, the columns' bind processing, executemany)."""
        if table_rows:
            insert_many(conn, table, table_rows, self._inserts)

    def execute_tuples(self, conn: sa.Connection, stmt: sa.Update, names: tuple[str, ...],
                       params: list[tuple[Any, ...]], key: Any) -> None:
        """``stmt`` once per tuple of parameters ``names`` (:func:`.sql.execute_tuples`)."""
        execute_tuples(conn, stmt, names, params, self._inserts, key)

    # --- blocking index (the linker's candidate lookup) ------------------------------

    @retried
    def event_ids_in_blocks(self, blocks: Iterable[str]) -> set[str]:
        """Ids of the events indexed under any of these blocking keys."""
        t = schema.event_blocks
        wanted = sorted(set(blocks) - {INDEXED})
        with self._engine.connect() as conn:
            return {r for chunk in chunks(wanted)
                    for r in conn.scalars(sa.select(t.c.event_id).distinct()
                                          .where(t.c.block.in_(chunk)))}

    @retried
    def unblocked_events(self) -> list[Event]:
        """Events with no blocking keys yet (saved before the index existed, or by
        :meth:`save_events`, which drops a changed event's keys), ordered by id."""
        t, b = schema.events, schema.event_blocks
        q = (sa.select(t).outerjoin(b, b.c.event_id == t.c.id)
             .where(b.c.event_id.is_(None)).order_by(t.c.id))
        with self._engine.connect() as conn:
            return [rows.to_event(r) for r in conn.execute(q)]

    def set_event_blocks(self, blocks: Mapping[str, Iterable[str]],
                         conn: sa.Connection | None = None) -> None:
        """Replace the blocking keys of each event id in ``blocks``."""
        if conn is None:
            with self.begin() as conn:
                self.set_event_blocks(blocks, conn)
            return
        t = schema.event_blocks
        ids = sorted(blocks)
        for chunk in chunks(ids):
            conn.execute(t.delete().where(t.c.event_id.in_(chunk)))
        # every indexed event has the INDEXED row, so one with no keys is not re-indexed
        rows_ = [{"block": k, "event_id": eid} for eid in ids
                 for k in sorted(set(blocks[eid]) | {INDEXED})]
        if rows_:
            insert_many(conn, t, rows_, self._inserts)

    # --- mention blocking index (the linker's neighbourhood lookup) -------------------

    @retried
    def unindexed_mention_ids(self, among: Iterable[str] | None = None) -> list[str]:
        """Ids of the linkable (not held back) event mentions with no row in the mention
        blocking index yet (stored since the last link run, or before the index existed).
        ``among``: only those of these ids (linkable mentions), looked up by id instead of
        reading every mention of the store."""
        t, b = schema.event_mentions, schema.mention_blocks
        if among is not None:
            wanted = sorted(set(among))
            with self._engine.connect() as conn:
                indexed = {r for chunk in chunks(wanted) for r in conn.scalars(
                    sa.select(b.c.mention_id).where(b.c.block == INDEXED,
                                                    b.c.mention_id.in_(chunk)))}
            return [i for i in wanted if i not in indexed]
        q = (sa.select(t.c.id).outerjoin(b, sa.and_(b.c.mention_id == t.c.id,
                                                    b.c.block == INDEXED))
             .where(t.c.held_back.is_(None), b.c.mention_id.is_(None)))
        with self._engine.connect() as conn:
            return sorted(conn.scalars(q))

    def set_mention_blocks(self, blocks: Mapping[str, Iterable[tuple[str, int | None, int | None]]],
                           conn: sa.Connection | None = None, *, new: bool = False) -> None:
        """Replace the blocking keys of each mention id in ``blocks``: (key, lo, hi) with the
        mention's date window for the time-bucket keys (see ``schema.mention_blocks``).
        ``new``: the mentions have no row yet (none to delete)."""
        if conn is None:
            with self.begin() as conn:
                self.set_mention_blocks(blocks, conn, new=new)
            return
        t = schema.mention_blocks
        ids = sorted(blocks)
        if not new:
            for chunk in chunks(ids):
                conn.execute(t.delete().where(t.c.mention_id.in_(chunk)))
        rows_: list[tuple[str, str, int | None, int | None, int | None, int | None,
                          int | None, int | None]] = []
        for mid in ids:   # the INDEXED row: indexed, even with no key
            keyed = {k: (lo, hi) for k, lo, hi in blocks[mid]}
            keyed.setdefault(INDEXED, (None, None))
            # a week's grid cells as one rectangle row (about 23 rows a mention -> 5)
            rows_ += [(k, mid, lo, hi, i0, i1, j0, j1)
                      for k, lo, hi, i0, i1, j0, j1 in blockcells.pack(keyed)]
        insert_tuples(conn, t, ("block", "mention_id", "lo", "hi", "i0", "i1", "j0", "j1"),
                      rows_, self._inserts)

    @retried
    def has_mention_blocks(self) -> bool:
        """Whether the mention blocking index holds any row (a new store's first link run
        finds none, and need not look its buckets up)."""
        t = schema.mention_blocks
        with self._engine.connect() as conn:
            return conn.execute(sa.select(t.c.mention_id).limit(1)).first() is not None

    @retried
    def mention_block_rows(self, *, blocks: Iterable[str] | None = None,
                           mention_ids: Iterable[str] | None = None
                           ) -> list[tuple[str, str, int | None, int | None]]:
        """(key, mention id, lo, hi) rows of the mention blocking index under these keys
        or of these mentions (the INDEXED marker left out), sorted."""
        t = schema.mention_blocks
        col, values = (t.c.block, blocks) if blocks is not None else (t.c.mention_id, mention_ids)
        wanted = sorted(set(values or ()) - {INDEXED})
        # a cell key asked for may be in a rectangle row (blockcells): its block is read too
        rects = blockcells.rect_blocks(wanted) if blocks is not None else {}
        asked = set(wanted)
        q = sa.select(t.c.block, t.c.mention_id, t.c.lo, t.c.hi, t.c.i0, t.c.i1, t.c.j0,
                      t.c.j1).where(t.c.block != INDEXED)
        found: set[tuple[str, str, int | None, int | None]] = set()
        with self._engine.connect() as conn:
            for chunk in chunks(sorted(asked | rects.keys())):
                for k, mid, lo, hi, i0, i1, j0, j1 in conn.execute(q.where(col.in_(chunk))):
                    if i0 is None:   # a key of its own
                        if blocks is None or k in asked:
                            found.add((k, mid, lo, hi))
                    elif blocks is None:   # a mention's rectangle: each of its cells
                        found.update((c, mid, lo, hi) for c in blockcells.expand(k, i0, i1, j0, j1))
                    else:   # the cells asked for that it holds
                        found.update((c, mid, lo, hi) for c, i, j in rects.get(k, ())
                                     if i0 <= i <= i1 and j0 <= j <= j1)
        return sorted(found, key=lambda r: (r[0], r[1]))

    @retried
    def mention_block_packed(self, blocks: Iterable[str]
                             ) -> list[tuple[str, str, int | None, int | None, int | None,
                                             int | None, int | None, int | None]]:
        """The mention blocking index's rows under exactly these blocks, as stored:
        (block, mention id, lo, hi, i0, i1, j0, j1), a rectangle of grid cells not expanded
        (``blockcells``; its bounds None on a plain row), sorted. For a reader that tests
        cells against a rectangle instead of asking for every cell
        (:func:`marsad.link.neighbourhood.neighbourhood`)."""
        t = schema.mention_blocks
        wanted = sorted(set(blocks) - {INDEXED})
        q = sa.select(t.c.block, t.c.mention_id, t.c.lo, t.c.hi, t.c.i0, t.c.i1, t.c.j0, t.c.j1)
        with self._engine.connect() as conn:
            found = [tuple(r) for chunk in chunks(wanted)
                     for r in conn.execute(q.where(t.c.block.in_(chunk)))]
        return sorted(found, key=itemgetter(0, 1))

    @retried
    def mention_block_keys(self, mention_ids: Iterable[str], prefix: str
                           ) -> list[tuple[str, str]]:
        """(key, mention id) of these mentions' index rows whose key starts with
        ``prefix`` (a kind of key that is never a grid cell, e.g. identical reports'),
        sorted."""
        t = schema.mention_blocks
        wanted = sorted(set(mention_ids))
        like = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        q = sa.select(t.c.block, t.c.mention_id).where(t.c.block.like(like, escape="\\"))
        with self._engine.connect() as conn:
            found = [(r[0], r[1]) for chunk in chunks(wanted)
                     for r in conn.execute(q.where(t.c.mention_id.in_(chunk)))]
        return sorted(found)

    @retried
    def mention_event_ids(self, mention_ids: Iterable[str]) -> dict[str, str]:
        """mention id -> id of the event holding it, for those of ``mention_ids`` linked."""
        t = schema.event_mentions
        with self._engine.connect() as conn:
            return {r.id: r.event_id for chunk in chunks(sorted(set(mention_ids)))
                    for r in conn.execute(sa.select(t.c.id, t.c.event_id).where(
                        t.c.id.in_(chunk), t.c.event_id.is_not(None)))}

    @retried
    def event_mention_ids(self, event_ids: Iterable[str]) -> list[str]:
        """Ids of the mentions these events hold, sorted."""
        t = schema.event_mentions
        with self._engine.connect() as conn:
            return sorted(r for chunk in chunks(sorted(set(event_ids)))
                          for r in conn.scalars(sa.select(t.c.id).where(t.c.event_id.in_(chunk))))

    @retried
    def linkable_mention_ids(self) -> list[str]:
        """Ids of every event mention the screen let through (what ``--rebuild`` links)."""
        t = schema.event_mentions
        with self._engine.connect() as conn:
            return sorted(conn.scalars(sa.select(t.c.id).where(t.c.held_back.is_(None))))

    @retried
    def find_event_ids(self, prefix: str) -> list[str]:
        """Event ids starting with ``prefix`` (for short ids typed by a user)."""
        t = schema.events
        with self._engine.connect() as conn:
            return list(conn.scalars(sa.select(t.c.id)
                                     .where(t.c.id.startswith(prefix, autoescape=True))
                                     .order_by(t.c.id).limit(20)))

    @retried
    def save_events(self, events: Iterable[Event], *,
                    new_mentions: Iterable[str] | None = None) -> None:
        """Insert or update events and point their mentions' ``event_id`` at them.

        Mentions that pointed at a saved event but are no longer in its ``mentions`` are
        unlinked (``event_id`` NULL), so a re-clustered event replaces its old membership.
        ``new_mentions`` (for a linker that only ever adds mentions to events): only these
        mention ids are pointed at their events and nothing is unlinked, so saving a grown
        event costs its new mentions, not all of them.
        """
        by_id = {e.id: e for e in events}
        if not by_id:
            return
        now = utc_now()
        t, em = schema.events, schema.event_mentions
        ids = sorted(by_id)
        with self.begin() as conn:
            existing = {r for chunk in chunks(ids)
                        for r in conn.scalars(sa.select(t.c.id).where(t.c.id.in_(chunk)))}
            inserts = [rows.event_row(by_id[i], now) for i in ids if i not in existing]
            updates = [{**rows.event_row(by_id[i], now), "_eid": i} for i in ids if i in existing]
            if inserts:
                insert_many(conn, t, inserts, self._inserts)
            if updates:
                conn.execute(t.update().where(t.c.id == sa.bindparam("_eid")), updates)
            for chunk in chunks(ids):   # re-indexed by the next link run
                conn.execute(schema.event_blocks.delete()
                             .where(schema.event_blocks.c.event_id.in_(chunk)))
            # which it finds by looking at the whole store (the events, and mentions
            # linked here that no link run indexed)
            self.mark_link_index_check(conn)
            if new_mentions is None:
                for chunk in chunks(ids):
                    conn.execute(em.update().where(em.c.event_id.in_(chunk)).values(event_id=None))
                links = [{"_mid": m, "_ev": e.id} for e in by_id.values() for m in e.mentions]
            else:
                wanted = set(new_mentions)
                links = [{"_mid": m, "_ev": e.id} for e in by_id.values() for m in e.mentions
                         if m in wanted]
            if links:
                conn.execute(em.update().where(em.c.id == sa.bindparam("_mid"))
                             .values(event_id=sa.bindparam("_ev")), links)

    @retried
    def delete_events(self, event_ids: Iterable[str]) -> None:
        """Remove events (e.g. merged away by the linker) and unlink their mentions."""
        t, em = schema.events, schema.event_mentions
        ids = sorted(set(event_ids))
        with self.begin() as conn:
            for chunk in chunks(ids):
                conn.execute(em.update().where(em.c.event_id.in_(chunk)).values(event_id=None))
                conn.execute(schema.event_blocks.delete()
                             .where(schema.event_blocks.c.event_id.in_(chunk)))
                conn.execute(t.delete().where(t.c.id.in_(chunk)))

    @retried
    def event_bundles(self, events: Sequence[Event]) -> list[
            tuple[Event, list[EventMention], list[Article], list[Claim]]]:
        """Each event with its mentions, its articles (without text) and its claims (as
        :meth:`event_mentions`, :meth:`claims_for` and :meth:`articles` give them), read in
        one connection."""
        q = _by_key()
        mention_ids = sorted({m for e in events for m in e.mentions})
        with self._engine.connect() as conn:
            def read(name: str, ids: Sequence[str]) -> list[Any]:
                return [r for chunk in chunks(ids)
                        for r in conn.execute(q[name], {"ids": list(chunk)})]

            found = sorted(read("mentions", mention_ids), key=lambda r: (r.article_id, r.seq))
            mentions = {r.id: rows.to_event_mention(r) for r in found}
            claim_rows = sorted(read("claims", mention_ids), key=lambda r: (r.article_id, r.seq))
            article_ids = sorted({m.article_id for m in mentions.values()}
                                 | {a for e in events for a in e.articles})
            articles = {r.id: rows.to_article(r, with_text=False)
                        for r in read("articles", article_ids)}
        claims_by_mention: dict[str, list[Claim]] = defaultdict(list)
        for c in map(rows.to_claim, claim_rows):
            if c.event_mention is not None:   # only these mentions' claims were read
                claims_by_mention[c.event_mention].append(c)
        out = []
        for e in events:
            ms = [mentions[m] for m in e.mentions if m in mentions]
            aids = list(dict.fromkeys(list(e.articles) + [m.article_id for m in ms]))
            out.append((e, ms, [articles[a] for a in aids if a in articles],
                        [c for m in ms for c in claims_by_mention.get(m.id, ())]))
        return out

    # --- counts ---------------------------------------------------------------------

    @retried
    def stats(self) -> dict[str, int]:
        """Row counts per data table."""
        with self._engine.connect() as conn:
            return {t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
                    for t in schema.DATA_TABLES}

    @retried
    def event_type_counts(self) -> dict[str, int]:
        t = schema.events
        with self._engine.connect() as conn:
            q = sa.select(t.c.event_type, sa.func.count()).group_by(t.c.event_type)
            return dict(sorted(conn.execute(q).tuples()))
