"""The HTTP API: a thin FastAPI layer over :mod:`marsad.query` (reads),
:func:`marsad.runner.run_upload` (ingest) and :func:`marsad.api.delete_article` (delete),
the last two only with a write token.

Each route checks its parameters (FastAPI: a wrong type is a 422 naming the parameter),
calls one library function and returns what it gives. Errors are mapped in one place
(:func:`_install_error_handlers`): an :class:`~marsad.errors.InvalidArgument` is a 422
naming its parameter, a :class:`~marsad.store.NotFoundError` a 404, any other
:class:`~marsad.errors.MarsadError` a 400. JSON is written with ``<``, ``>`` and ``&``
escaped (``\\u003c``...), so article text can never be read as markup, and every response
carries ``X-Content-Type-Options: nosniff`` and a Content-Security-Policy that allows
nothing to run.
"""

from __future__ import annotations

import datetime as dt
import hmac
import io
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import anyio.to_thread
from fastapi import Depends, FastAPI, Header, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response

from .. import __version__, api, query
from ..errors import InvalidArgument, MarsadError
from ..runner import run_upload
from ..store import NotFoundError, Store
from .docs import docs_page
from .fastpath import EventsFastPath, FastPathStats
from .memo import MISSING, CacheStats, Memo, ResponseCache, RowCache, SharedAnswers
from .pagekeys import ListRows, PageKeys
from .pages import install_pages

#: the largest upload accepted (bytes) unless create_app is told otherwise
MAX_UPLOAD = 5_000_000
#: worker threads for the routes (at most the store's connection pool)
THREADS = 12
#: upload media types and the kind of document each is read as
UPLOAD_TYPES = {"text/plain": "text", "text/markdown": "markdown", "text/html": "html",
                "application/json": "json", "application/x-ndjson": "jsonl",
                "application/jsonl": "jsonl"}
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


class SafeJSONResponse(JSONResponse):
    """JSON with ``<``, ``>`` and ``&`` as ``\\u`` escapes: the same data once parsed, but
    never markup, whatever an article contains.

    The routes with large answers (event pages, dossiers, timelines) return one of these
    themselves: a plain dict goes through FastAPI's ``jsonable_encoder``, which walks every
    value in Python and cost ~8 times the encoding itself on a page of 100 events."""

    def render(self, content: Any) -> bytes:
        return safe_json_bytes(query.page_json(content))


def safe_json_bytes(text: str) -> bytes:
    """JSON text with ``<``, ``>`` and ``&`` written as ``\\u`` escapes, in UTF-8."""
    return safe_json_text(text).encode("utf-8")


def safe_json_text(text: str) -> str:
    """JSON text with ``<``, ``>`` and ``&`` written as ``\\u`` escapes."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class SecurityHeaders:
    """Adds :data:`SECURITY_HEADERS` to every response that does not set them itself: a
    plain ASGI middleware (Starlette's ``@app.middleware("http")`` wraps each response in
    streams and tasks, which cost more than a small API response's own work)."""

    _HEADERS = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS.items()]

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in self._HEADERS if k not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


@dataclass
class Settings:
    """What the app serves and who may write."""

    db: str
    write_token: str | None = None
    max_upload: int = MAX_UPLOAD


async def _filters(
    start: Annotated[dt.date | None, Query(description="Events whose date window ends on or after this day (YYYY-MM-DD).")] = None,
    end: Annotated[dt.date | None, Query(description="Events whose date window starts on or before this day (YYYY-MM-DD).")] = None,
    bbox: Annotated[str | None, Query(description="west,south,east,north in degrees (WGS84).")] = None,
    admin1: Annotated[str | None, Query(description="Governorate (ACLED admin1), exact, any case.")] = None,
    place: Annotated[str | None, Query(description="Place name, id or admin name (substring).")] = None,
    actor: Annotated[str | None, Query(description="Actor name, alias or id (substring), as actor 1 or 2.")] = None,
    event_type: Annotated[str | None, Query(description="ACLED event type, exact (e.g. Battles).")] = None,
    sub_event_type: Annotated[str | None, Query(description="ACLED sub-event type, exact (e.g. Armed clash).")] = None,
    outlet: Annotated[str | None, Query(description="An outlet reporting the event (substring).")] = None,
    status: Annotated[str | None, Query(description="Comma-separated: " + ", ".join(query.STATUSES) + ".")] = None,
    has_contradiction: Annotated[bool | None, Query(description="Only events where sources contradict each other (true) or none do (false).")] = None,
    min_outlets: Annotated[int | None, Query(ge=0, le=1000, description="At least this many distinct outlets report the event.")] = None,
    include_held_back: Annotated[bool, Query(alias="all", description="Also background-only, denied-only and unasserted events (left out of the record by default).")] = False,
) -> dict[str, Any]:
    return {"start": start, "end": end, "bbox": bbox, "admin1": admin1, "place": place,
            "actor": actor, "event_type": event_type, "sub_event_type": sub_event_type,
            "outlet": outlet, "status": status, "has_contradiction": has_contradiction,
            "min_outlets": min_outlets, "include_held_back": include_held_back}


Filters = Annotated[dict[str, Any], Depends(_filters)]
Limit = Annotated[int, Query(ge=1, le=query.MAX_PAGE, description=f"Page size (at most {query.MAX_PAGE}).")]
Offset = Annotated[int, Query(ge=0, description="Events to skip.")]
Cursor = Annotated[str | None, Query(max_length=2000, description="The `next_cursor` of the page before (same filters and sort): the page after it, found by its key instead of skipping `offset` events. Not with `offset`.")]


def _short_window(filters: dict[str, Any]) -> bool:
    """Whether the filters give a date window (start and end) of a year or less."""
    start, end = filters.get("start"), filters.get("end")
    return start is not None and end is not None and (end - start).days <= 366


def _key(filters: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted(filters.items(), key=lambda kv: kv[0]))


def create_app(db: str, *, write_token: str | None = None, max_upload: int = MAX_UPLOAD,
               tile_url: str | None = None, shared_cache: str | None = None) -> FastAPI:
    """The API and the workbench's pages over the store at ``db`` (a SQLite path or
    SQLAlchemy URL; it must exist). Ingest (POST /api/articles) is on only with a
    ``write_token``. ``tile_url`` (else ``MARSAD_TILE_URL``): an optional raster tile
    server for the map (``https://host/{z}/{x}/{y}.png``); without it the map draws the
    offline basemap. ``shared_cache``: a file where the worker processes of one server
    share the answers they computed (:class:`~marsad.web.memo.SharedAnswers`; ``marsad
    serve --workers N`` gives each one in a temporary folder of its own)."""
    settings = Settings(db=db, write_token=write_token or None, max_upload=max_upload)
    store = api.open_store(db)   # a missing store fails here, before the server starts
    store.optimize()             # planner statistics for the filtered pages
    store.map_reads()            # a SQLite file's pages read from memory, not copied in
    query.display_pack(store)    # the theater pack parsed now, not in the first request
    ingest_lock = threading.Lock()   # one ingest at a time: the linker sees every event
    memo = Memo(store.path)          # the map's and timeline's counts while the store is unchanged
    # the answers the worker processes of one server share (serve --workers)
    shared = SharedAnswers(shared_cache) if shared_cache else None
    rows = RowCache(memo)            # the event list's rows, as long as the memo's
    # the event list's statements, compiled once per shape, and its windows' totals
    page_keys = PageKeys(memo, background=True)
    list_rows = ListRows()           # and its rows' statement, compiled once

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # route functions run in worker threads, each holding a store connection while it
        # runs: no more threads than the connection pool holds (5 + 10 overflow), so a
        # burst of clients waits its turn instead of timing out on the pool
        anyio.to_thread.current_default_thread_limiter().total_tokens = THREADS
        yield
        store.close()
        if shared is not None:
            shared.close()

    app = FastAPI(title="marsad", version=__version__, lifespan=lifespan,
                  default_response_class=SafeJSONResponse,
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json",
                  description="Events coded in ACLED's taxonomy from war reporting, with who "
                              "says what. Read-only unless the server has a write token.")
    app.state.settings = settings
    app.state.store = store
    app.state.memo = memo
    app.state.rows = rows
    _install_error_handlers(app)

    # innermost: a JSON page of events whose parameters are plain is answered by the
    # route's own function without FastAPI's parameter checks (fastpath.py); the rest,
    # and any page that fails there, go to the route as before
    app.state.fast_path = FastPathStats()
    app.add_middleware(EventsFastPath, handler=lambda *args: fast_events(*args),
                       max_page=query.MAX_PAGE, default_page=query.DEFAULT_PAGE,
                       stats=app.state.fast_path)
    app.add_middleware(SecurityHeaders)
    # outermost: a repeated read is answered from the bytes of the first answer (with the
    # security headers it was sent with) while the store is unchanged
    app.state.response_cache = CacheStats()
    app.add_middleware(ResponseCache, memo=memo, stats=app.state.response_cache, shared=shared)

    @app.get("/api", include_in_schema=False)
    def api_root() -> dict[str, str]:
        return {"name": "marsad", "version": __version__, "api": "/api/stats",
                "openapi": "/openapi.json", "docs": "/docs", "app": "/map"}

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def docs() -> HTMLResponse:
        return HTMLResponse(docs_page(app.openapi()))

    @app.get("/api/events", summary="Events: filtered, sorted, paged; JSON, GeoJSON, ACLED CSV, Parquet or GeoPackage",
             description="A page of the selected events. Page by `offset` (events to skip), or, "
                         "faster on deep pages and stable while events are added, by `cursor`: "
                         "each JSON and GeoJSON page has a `next_cursor` (null on the last page) "
                         "to pass as `cursor` for the page after it, with the same filters and sort.",
             responses={200: {"content": {"application/geo+json": {}, "text/csv": {},
                                          query.FILE_FORMATS["parquet"][0]: {},
                                          query.FILE_FORMATS["gpkg"][0]: {}}}})
    async def events(filters: Filters, limit: Limit = query.DEFAULT_PAGE, offset: Offset = 0,
                     sort: Annotated[str, Query(description="date, fatalities, type, place or updated; -KEY for descending.")] = "date",
                     format: Annotated[Literal["json", "geojson", "csv", "parquet", "gpkg"], Query(description="json (rows with total), geojson (FeatureCollection), csv (ACLED columns), parquet (ACLED columns, typed) or gpkg (GeoPackage, layer `events`, the events with coordinates).")] = "json",
                     cursor: Cursor = None,
                     ) -> Any:
        # A JSON page runs here, on the event loop, when its count is known (kept while
        # the store is unchanged) or bounded by a date window of a year at most: its
        # queries are then a range of a page index bounded by the page size, a
        # millisecond or so, where handing it to a worker thread and back cost as much
        # again, and the loop thread then waited for the interpreter lock behind the
        # workers at each of its own system calls (tens of milliseconds at 50 clients).
        # A first count of a broad filter (0.3 s for the whole record of a million
        # events) and the other formats, which read and build much more, take a thread.
        if format == "json" and (_short_window(filters) or memo.peek(("count", _key(filters)))):
            return events_json(filters, limit, offset, sort, cursor)
        return await run_in_threadpool(events_export, filters, limit, offset, sort, format, cursor)

    def fast_events(filters: dict[str, Any], limit: int, offset: int, sort: str,
                    cursor: str | None) -> Response | None:
        # what the route runs on the event loop (above), with the values it would be given;
        # None (the route answers it, its error included) for the rest
        if not (_short_window(filters) or memo.peek(("count", _key(filters)))):
            return None
        try:
            return events_json(filters, limit, offset, sort, cursor)
        except Exception:   # the route computes it again and answers as it always has
            return None

    def events_export(filters: dict[str, Any], limit: int, offset: int, sort: str, format: str,
                    cursor: str | None) -> Response:
        if format == "geojson":
            return SafeJSONResponse(query.events_geojson(store, sort=sort, limit=limit, offset=offset,
                                                         cursor=cursor, **filters),
                                    media_type="application/geo+json")
        if format == "csv":
            buf = io.StringIO()
            query.write_events_csv(store, buf, sort=sort, limit=limit, offset=offset,
                                   cursor=cursor, **filters)
            return Response(buf.getvalue(), media_type="text/csv; charset=utf-8",
                            headers={"Content-Disposition": 'attachment; filename="marsad-events.csv"'})
        if format in query.FILE_FORMATS:
            media, suffix = query.FILE_FORMATS[format]
            body = query.events_file(store, format, sort=sort, limit=limit, offset=offset,
                                     cursor=cursor, **filters)
            return Response(body, media_type=media, headers={
                "Content-Disposition": f'attachment; filename="marsad-events{suffix}"'})
        return events_json(filters, limit, offset, sort, cursor)

    def events_json(filters: dict[str, Any], limit: int, offset: int, sort: str,
                    cursor: str | None) -> Response:
        # the total of a filter is counted once while the store is unchanged (with the
        # first page asked for, in its connection): the pages after it (by offset or
        # cursor) need only their own rows
        # and the rows of events shown before are not read nor built again
        key = ("count", _key(filters))
        generation, total = memo.lookup(key)
        text, counted = query.events_page_json(
            store, rows.keeper(query.display_pack(store)), sort=sort, limit=limit,
            offset=offset, cursor=cursor, total=None if total is MISSING else total,
            find_keys=page_keys, find_rows=list_rows, escape=safe_json_text, **filters)
        if total is MISSING:
            memo.keep(key, counted, generation)
        # escaped as it was built (its rows kept escaped)
        return Response(text.encode("utf-8"), media_type="application/json")

    @app.get("/api/map", summary="Every selected event with coordinates, as compact GeoJSON points for a map",
             responses={200: {"content": {"application/geo+json": {}}}})
    def map_points(filters: Filters, limit: Annotated[int, Query(ge=1, le=query.MAX_MAP)] = query.MAX_MAP,
                   ) -> Any:
        return Response(safe_json_bytes(query.map_points_json(store, limit=limit, **filters)),
                        media_type="application/geo+json")

    @app.get("/api/map/grid", summary="Selected events with coordinates counted per grid cell, for a zoomed-out map",
             responses={200: {"content": {"application/geo+json": {}}}})
    def map_grid(filters: Filters,
                 cell: Annotated[float, Query(description="Cell size in degrees: " + ", ".join(map(str, query.MAP_CELLS)) + ".")] = 0.1,
                 ) -> Any:
        key = ("grid", cell, _key(filters))
        return SafeJSONResponse(memo.get(key, lambda: query.map_grid(store, cell=cell, **filters)),
                                media_type="application/geo+json")

    @app.get("/api/plots/camps", summary="Events reported by several outlets: outlets per camp for each",
             response_model=dict[str, Any])
    def camps(filters: Filters, limit: Limit = 200) -> Any:
        return SafeJSONResponse(query.camps_per_event(store, limit=limit, **filters))

    @app.get("/api/events/{event_id}", summary="One event: consensus, spread of each field, claims, contradictions, sentences, articles",
             response_model=dict[str, Any])
    def event(event_id: str) -> Any:
        return SafeJSONResponse(query.event_dossier(store, event_id))

    @app.get("/api/articles/{article_id}", summary="One article: text with the offsets of its sentences, mentions, events and claims")
    def article(article_id: str) -> dict[str, Any]:
        return query.article_view(store, article_id)

    @app.get("/api/actors", summary="Actors of the selected events, with side and event count")
    def actors(filters: Filters) -> list[dict[str, Any]]:
        return query.actors(store, **filters)

    @app.get("/api/places", summary="Places of the selected events, with coordinates and event count")
    def places(filters: Filters, limit: Limit = query.MAX_PAGE) -> list[dict[str, Any]]:
        return query.places(store, limit=limit, **filters)

    @app.get("/api/contradictions", summary="Events where sources contradict each other, with both sides",
             response_model=dict[str, Any])
    def contradictions(filters: Filters, limit: Limit = query.DEFAULT_PAGE,
                       offset: Offset = 0) -> Any:
        return SafeJSONResponse(query.contradictions(store, limit=limit, offset=offset, **filters))

    @app.get("/api/timeline", summary="Selected events per day, week or month, by type, with date uncertainty and fatalities",
             response_model=dict[str, Any])
    def timeline(filters: Filters, bucket: Annotated[Literal["day", "week", "month"], Query()] = "day",
                 ) -> Any:
        key = ("timeline", bucket, _key(filters))
        return SafeJSONResponse(memo.get(key, lambda: query.timeline(store, bucket=bucket, **filters)))

    @app.get("/api/stories", summary="Chains of related events with cited summaries")
    def stories() -> list[dict[str, Any]]:
        return [s.to_dict() for s in api.summaries(store, story=True)]

    @app.get("/api/search", summary="Events and articles containing a text")
    def search(q: Annotated[str, Query(min_length=query.MIN_SEARCH, max_length=200)],
               limit: Annotated[int, Query(ge=1, le=200)] = 50) -> dict[str, Any]:
        return query.search(store, q, limit=limit)

    @app.get("/api/stats", summary="What the store holds")
    def stats() -> dict[str, Any]:
        return {**query.stats(store), "ingest": settings.write_token is not None}

    @app.post("/api/articles", status_code=201,
              summary="Ingest an article (text, Markdown, HTML, JSON or JSON lines) through the pipeline; needs the write token")
    async def post_article(
        request: Request,
        authorization: Annotated[str | None, Header(description="Bearer WRITE_TOKEN")] = None,
        title: Annotated[str | None, Query(max_length=500)] = None,
        outlet: Annotated[str | None, Query(max_length=200)] = None,
        date: Annotated[str | None, Query(max_length=40, description="Publication date of a text upload.")] = None,
        url: Annotated[str | None, Query(max_length=2000)] = None,
    ) -> Any:
        denied = _check_token(settings, authorization)
        if denied is not None:
            return denied
        media = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
        kind = UPLOAD_TYPES.get(media)
        if kind is None:
            return _error(415, f"unsupported content type {media or 'none'!r}; send one of "
                               f"{', '.join(UPLOAD_TYPES)}")
        body = await _read_limited(request, settings.max_upload)
        if body is None:
            return _error(413, f"upload larger than {settings.max_upload} bytes")
        if not body.strip():
            return _error(400, "empty upload")
        metadata = {"title": title, "outlet": outlet, "date": date, "url": url}
        result, ids = await run_in_threadpool(
            _ingest, ingest_lock, body, kind, store, metadata, settings.max_upload)
        memo.clear()
        failures = [{"input": f.input, "error": f.error} for f in result.failures]
        if not ids and failures:
            return _error(422, "; ".join(f"{f['input']}: {f['error']}" for f in failures))
        return {"articles": ids, "stored": result.stored, "skipped": result.skipped,
                "new_events": result.new_events, "failures": failures}

    @app.delete("/api/articles/{article_id}",
                summary="Delete an article with its mentions and claims and re-link the events it was part of; needs the write token",
                description="Afterwards the store holds the record of a store into which the article "
                            "was never put: an event only it reported is gone, the others are "
                            "reconciled again from what they have left. One transaction. 403 "
                            "without the write token (or when the server has none), 404 for an "
                            "unknown id.")
    async def delete_article(
        article_id: Annotated[str, Path(max_length=200)],
        authorization: Annotated[str | None, Header(description="Bearer WRITE_TOKEN")] = None,
    ) -> Any:
        denied = _check_token(settings, authorization)
        if denied is not None:
            return denied
        try:
            report = await run_in_threadpool(_delete, ingest_lock, store, article_id)
        finally:
            memo.clear()
        return report.to_dict()

    install_pages(app, theater=store.get_setting("theater") or "syria", tile_url=tile_url)
    return app


def _delete(lock: threading.Lock, store: Store, article_id: str):
    with lock:   # as an ingest: the linker sees every event
        return api.delete_article(store, article_id)


def _ingest(lock: threading.Lock, body: bytes, kind: str, store: Store,
            metadata: dict[str, str | None], max_bytes: int):
    with lock:
        pack = store.get_setting("theater") or "syria"
        return run_upload(body, kind, store=store, pack=pack, name=kind,
                          metadata={k: v for k, v in metadata.items() if v}, max_bytes=max_bytes)


def _check_token(settings: Settings, authorization: str | None) -> Response | None:
    if settings.write_token is None:
        return _error(403, "writing (ingest, delete) is off: start the server with a write "
                           "token (marsad serve --write-token, or MARSAD_WRITE_TOKEN)")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(),
                                                             settings.write_token.encode()):
        return _error(403, "a valid write token is needed: Authorization: Bearer TOKEN")
    return None


async def _read_limited(request: Request, limit: int) -> bytes | None:
    """The request body, or None as soon as it is longer than ``limit``."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _error(status: int, message: str) -> Response:
    return SafeJSONResponse({"detail": message}, status_code=status)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(InvalidArgument)
    async def invalid(_request: Request, exc: InvalidArgument) -> Response:
        return SafeJSONResponse({"detail": [{"loc": ["query", exc.param or ""], "msg": str(exc),
                                             "type": "value_error"}]}, status_code=422)

    @app.exception_handler(NotFoundError)
    async def not_found(_request: Request, exc: NotFoundError) -> Response:
        return _error(404, str(exc))

    @app.exception_handler(MarsadError)
    async def marsad_error(_request: Request, exc: MarsadError) -> Response:
        return _error(400, str(exc))

    @app.exception_handler(RequestValidationError)
    async def validation(_request: Request, exc: RequestValidationError) -> Response:
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
                  for e in exc.errors()]
        return SafeJSONResponse({"detail": errors}, status_code=422)


__all__ = ["MAX_UPLOAD", "SECURITY_HEADERS", "UPLOAD_TYPES", "SafeJSONResponse", "Settings",
           "create_app"]
