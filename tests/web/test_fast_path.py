"""The event list's fast path (``marsad.web.fastpath``): a JSON page whose parameters are
plain is answered without FastAPI's parameter checks, with the same status, headers and
bytes as FastAPI's route gives; everything else (odd spellings, errors, other formats)
goes to the route as before."""

from __future__ import annotations

import datetime as dt
import itertools
import urllib.parse

import pytest
from fastapi.testclient import TestClient

from marsad import query
from marsad.web import create_app
from marsad.web.fastpath import parse_events_query


def _parse(qs: str):
    return parse_events_query(qs.encode("latin-1"), max_page=query.MAX_PAGE,
                              default_page=query.DEFAULT_PAGE)


def test_plain_parameters_are_read_as_the_route_gets_them():
    filters, limit, offset, sort, cursor = _parse(
        "start=2017-01-01&end=2017-12-31&admin1=Hama&event_type=Battles&limit=100&offset=5"
        "&sort=-date&min_outlets=2&has_contradiction=false&all=true&bbox=36%2C34%2C38%2C36"
        "&status=none%2Cdisputed&actor=army&place=%D8%AD%D9%85%D8%A7%D8%A9&format=json")
    assert filters == {"start": dt.date(2017, 1, 1), "end": dt.date(2017, 12, 31),
                       "bbox": "36,34,38,36", "admin1": "Hama", "place": "حماة",
                       "actor": "army", "event_type": "Battles", "sub_event_type": None,
                       "outlet": None, "status": "none,disputed", "has_contradiction": False,
                       "min_outlets": 2, "include_held_back": True}
    assert (limit, offset, sort, cursor) == (100, 5, "-date", None)
    filters, limit, offset, sort, cursor = _parse("")
    assert all(v is None for k, v in filters.items() if k != "include_held_back")
    assert filters["include_held_back"] is False
    assert (limit, offset, sort, cursor) == (query.DEFAULT_PAGE, 0, "date", None)


@pytest.mark.parametrize("qs", [
    "limit=0", "limit=1001", "limit=05", "limit=%2B5", "limit=5.0", "limit=", "offset=-1",
    "offset=1e3", "offset=9999999999", "min_outlets=1001", "min_outlets=01",
    "all=1", "all=True", "has_contradiction=yes", "start=2017-02-30", "start=2017-1-1",
    "start=20170101", "start=2017-01-01T00:00", "end=%D9%A2%D9%A0%D9%A1%D9%A7-01-01",
    "format=geojson", "format=csv", "cursor=" + "x" * 2001, "admin1=Hama&admin1=Homs",
    "admin1=", "unknown=1", "include_held_back=true", "limit=5&limit=6",
])
def test_anything_unusual_goes_to_fastapi(qs):
    assert _parse(qs) is None


@pytest.fixture(scope="module")
def app(samples_db):
    return create_app(str(samples_db))


@pytest.fixture(scope="module")
def fast_client(app):
    with TestClient(app) as c:
        yield c


SORTS = ["date", "-date", "fatalities", "-type", "place", "-updated"]
FILTERS = [
    {"start": "2017-01-01", "end": "2017-12-31"},
    {"start": "2016-06-01", "end": "2017-03-31", "all": "true"},
    {"start": "2017-02-01", "end": "2017-03-15", "admin1": "hama"},
    {"start": "2016-01-01", "end": "2016-12-31", "event_type": "Battles"},
    {"start": "2017-01-01", "end": "2017-06-30", "bbox": "36,34.5,38,36.5"},
    {"start": "2017-01-01", "end": "2017-12-31", "status": "none,disputed"},
    {"start": "2017-01-01", "end": "2017-12-31", "has_contradiction": "true"},
    {"start": "2016-01-01", "end": "2016-12-31", "min_outlets": "2"},
    {"start": "2017-01-01", "end": "2017-12-31", "outlet": "a", "actor": "army"},
    {"start": "2017-01-01", "end": "2017-12-31", "place": "idlib"},
    {"start": "2017-01-01", "end": "2017-12-31", "sub_event_type": "armed clash"},
]
PAGES = [{}, {"limit": "3"}, {"limit": "2", "offset": "3"}, {"limit": "1000"},
         {"offset": "500"}]


def _both(client, app, params: dict[str, str]) -> tuple[object, object, bool]:
    """The answer through the fast path and through FastAPI's route (an unknown parameter
    sends it there: FastAPI ignores it), and whether the fast path answered."""
    qs = urllib.parse.urlencode(params)
    before = app.state.fast_path.answered
    fast = client.get(f"/api/events?{qs}")
    answered = app.state.fast_path.answered > before
    slow = client.get(f"/api/events?{qs}{'&' if qs else ''}zz=1")
    assert app.state.fast_path.answered == before + answered
    return fast, slow, answered


def _same(fast, slow) -> None:
    assert fast.status_code == slow.status_code
    assert fast.headers.raw == slow.headers.raw
    assert fast.content == slow.content


def test_fast_pages_are_fastapis_bytes(fast_client, app):
    answered = 0
    for sort, filters, page in itertools.product(SORTS, FILTERS, PAGES):
        params = {**filters, **page, "sort": sort}
        fast, slow, hit = _both(fast_client, app, params)
        assert fast.status_code == 200, fast.text
        _same(fast, slow)
        answered += hit
        body = fast.json()
        if body["next_cursor"]:   # and the page after it, by cursor
            fast, slow, hit = _both(fast_client, app, {**filters, "sort": sort,
                                                       "cursor": body["next_cursor"],
                                                       "limit": page.get("limit", "100")})
            assert fast.status_code == 200, fast.text
            _same(fast, slow)
            answered += hit
    assert answered > len(SORTS) * len(FILTERS) * len(PAGES) * 0.9


def test_a_page_whose_count_is_kept_is_answered_fast_too(fast_client, app):
    """Without a short window the first page takes a worker thread (the route's way);
    once its count is kept, the pages after it run on the loop, here too."""
    params = {"admin1": "idlib", "limit": "2"}
    fast, slow, hit = _both(fast_client, app, params)
    _same(fast, slow)
    assert not hit
    fast, slow, hit = _both(fast_client, app, {**params, "offset": "2"})
    _same(fast, slow)
    assert hit


@pytest.mark.parametrize("params", [
    {"sort": "nope"},                                        # the route's 422
    {"start": "2017-12-31", "end": "2017-01-01"},            # start after end
    {"start": "2017-01-01", "end": "2017-12-31", "admin1": "Atlantis"},
    {"start": "2017-01-01", "end": "2017-12-31", "event_type": "Picnic"},
    {"start": "2017-01-01", "end": "2017-12-31", "bbox": "1,2,3"},
    {"start": "2017-01-01", "end": "2017-12-31", "status": "happy"},
    {"start": "2017-01-01", "end": "2017-12-31", "cursor": "not-a-cursor"},
    {"start": "2017-01-01", "end": "2017-12-31", "cursor": "x", "offset": "4"},
    {"start": "2017-01-01", "end": "2017-12-31", "limit": "0"},
    {"start": "2017-01-01", "end": "2017-12-31", "limit": "1001"},
    {"start": "2017-01-01", "end": "2017-12-31", "all": "yes"},
    {"start": "2017-01-01", "end": "2017-12-31", "all": "1"},
    {"start": "2017-01-01", "end": "2017-12-31", "limit": "07"},
    {"start": "2017-02-30"},
    {"start": "2017-01-01", "end": "2017-12-31", "format": "csv"},
    {"start": "2017-01-01", "end": "2017-12-31", "format": "geojson"},
    {"start": "2017-01-01", "end": "2017-12-31", "place": "<script>alert(1)</script>"},
])
def test_errors_and_odd_requests_are_the_routes(fast_client, app, params):
    fast, slow, _ = _both(fast_client, app, params)
    _same(fast, slow)
    if fast.status_code != 200:
        assert fast.headers["content-type"] == "application/json"


def test_security_headers_and_escaping_on_fast_pages(fast_client, app):
    before = app.state.fast_path.answered
    r = fast_client.get("/api/events", params={"start": "2017-01-01", "end": "2017-12-31",
                                               "place": "<b>&"})
    assert app.state.fast_path.answered == before + 1
    assert r.status_code == 200
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert b"<" not in r.content and b">" not in r.content and b"&" not in r.content
