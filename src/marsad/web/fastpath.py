"""The event list's JSON page without FastAPI's per-request parameter machinery.

FastAPI checks a request's query parameters by walking each declared parameter's
annotation and validating its value with pydantic: for ``GET /api/events`` (eighteen
parameters) that cost about a third of the server's time on a new filtered page of 100
events, more than its two queries. :class:`EventsFastPath` reads the query string itself for
the common case and hands the route's own function (``events_json`` in :mod:`.app`) the
values FastAPI would have handed it; anything it is not sure of goes to FastAPI as before.

It answers only requests whose every parameter is known, given once, non-empty and in its
plain form: dates ``YYYY-MM-DD`` that exist, integers as plain digits within the declared
bounds, booleans ``true``/``false``, ``format=json`` (or none), a cursor of at most 2,000
characters. A repeated, unknown or empty parameter, another spelling of a number or a
boolean (``+5``, ``05``, ``1``, ``yes``...), a value out of bounds, another format, a page the
route would compute in a worker thread, and any error while computing the page go to
FastAPI, whose answer (its 422 or 400 included) is the one given before. The values are
read from the query string as Starlette reads them (``parse_qsl`` of the Latin-1 text, blank
values kept), so a page answered here is the same bytes, status and headers as FastAPI's
(``tests/web/test_fast_path.py`` holds them equal over a grid of requests).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

#: the filters of ``GET /api/events`` and their kinds, in the order the route's
#: dependency gives them (query name -> (filter name, kind))
_FILTERS: dict[str, tuple[str, str]] = {
    "start": ("start", "date"), "end": ("end", "date"), "bbox": ("bbox", "str"),
    "admin1": ("admin1", "str"), "place": ("place", "str"), "actor": ("actor", "str"),
    "event_type": ("event_type", "str"), "sub_event_type": ("sub_event_type", "str"),
    "outlet": ("outlet", "str"), "status": ("status", "str"),
    "has_contradiction": ("has_contradiction", "bool"),
    "min_outlets": ("min_outlets", "int"), "all": ("include_held_back", "bool"),
}
_PAGE = ("limit", "offset", "sort", "format", "cursor")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DIGITS = re.compile(r"0|[1-9][0-9]{0,8}")
_BOOLS = {"true": True, "false": False}
#: the longest cursor the route accepts (its ``max_length``)
MAX_CURSOR = 2000


def parse_events_query(query_string: bytes, *, max_page: int, default_page: int,
                       max_outlets: int = 1000) -> tuple[dict[str, Any], int, int, str, str | None] | None:
    """(filters, limit, offset, sort, cursor) of a JSON page as ``GET /api/events``'s
    parameters give them to its route, or None where FastAPI should read them (see the
    module docstring). ``max_page``, ``default_page``, ``max_outlets``: the route's bounds
    and default page size."""
    try:
        pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    except ValueError:
        return None
    filters: dict[str, Any] = {name: None for name, _ in _FILTERS.values()}
    filters["include_held_back"] = False
    limit, offset, sort, cursor = default_page, 0, "date", None
    seen: set[str] = set()
    for key, value in pairs:
        if key in seen or not value:
            return None
        seen.add(key)
        spec = _FILTERS.get(key)
        if spec is not None:
            name, kind = spec
            if kind == "str":
                filters[name] = value
            elif kind == "date":
                if not _DATE.fullmatch(value):
                    return None
                try:
                    filters[name] = dt.date.fromisoformat(value)
                except ValueError:
                    return None
            elif kind == "bool":
                if value not in _BOOLS:
                    return None
                filters[name] = _BOOLS[value]
            else:   # int: min_outlets
                if not _DIGITS.fullmatch(value) or int(value) > max_outlets:
                    return None
                filters[name] = int(value)
        elif key == "limit":
            if not _DIGITS.fullmatch(value) or not 1 <= int(value) <= max_page:
                return None
            limit = int(value)
        elif key == "offset":
            if not _DIGITS.fullmatch(value):
                return None
            offset = int(value)
        elif key == "sort":
            sort = value
        elif key == "format":
            if value != "json":
                return None
        elif key == "cursor":
            if len(value) > MAX_CURSOR:
                return None
            cursor = value
        else:
            return None
    return filters, limit, offset, sort, cursor


@dataclass
class FastPathStats:
    """How many pages :class:`EventsFastPath` answered itself."""

    answered: int = 0


class EventsFastPath:
    """An ASGI middleware answering ``GET /api/events`` JSON pages by
    ``handler(filters, limit, offset, sort, cursor)`` (a Starlette response, or None to
    leave the request to the app) when :func:`parse_events_query` reads its parameters;
    every other request goes to the app. ``stats`` counts the pages answered here."""

    def __init__(self, app: Any, handler: Callable[..., Any], *, max_page: int,
                 default_page: int, path: str = "/api/events",
                 stats: FastPathStats | None = None):
        self.app = app
        self.handler = handler
        self.max_page = max_page
        self.default_page = default_page
        self.path = path
        self.stats = stats if stats is not None else FastPathStats()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and scope["path"] == self.path:
            args = parse_events_query(scope.get("query_string", b""), max_page=self.max_page,
                                      default_page=self.default_page)
            if args is not None:
                response = self.handler(*args)
                if response is not None:
                    self.stats.answered += 1
                    await response(scope, receive, send)
                    return
        await self.app(scope, receive, send)


__all__ = ["EventsFastPath", "FastPathStats", "MAX_CURSOR", "parse_events_query"]
