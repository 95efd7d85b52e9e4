"""The web server's page keys (``marsad.web.pagekeys.PageKeys``: statements compiled once
per shape, the request's values bound to them) are ``store.query.event_list_keys``'s, for
every sort, filter, page size and offset, on the samples with the odd events (undated, no
place, a month-long window: unknown sort values and a start bound of 27 days)."""

from __future__ import annotations

import datetime as dt
import itertools
import sys
from pathlib import Path

import pytest

import marsad
from marsad import query
from marsad.api import open_store
from marsad.store import query as sq
from marsad.web.memo import Memo
from marsad.web import pagekeys
from marsad.web.pagekeys import ListRows, PageKeys

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from store_fixtures import BACKENDS, backend_url  # noqa: E402
from test_event_page_rows import _odd_events  # noqa: E402


@pytest.fixture(scope="module", params=BACKENDS)
def store(request, tmp_path_factory):
    """The samples with test_event_page_rows' odd events."""
    with backend_url(request.param, tmp_path_factory.mktemp("keys"), "samples.db") as url:
        assert marsad.run(samples=True, store=url).ok
        with open_store(url) as s:
            s.save_events(_odd_events([a.id for a in s.articles(with_text=False)]))
            yield s

SORTS = ["date", "-date", "fatalities", "-fatalities", "type", "-place", "updated", "-updated"]
FILTERS = [
    {},
    {"include_held_back": True},
    {"start": "2017-03-03"},
    {"start": "2017-02-20", "end": "2017-03-02", "include_held_back": True},
    {"end": "2016-12-31"},
    {"admin1": "hama", "start": "2017-01-01", "end": "2017-12-31"},
    {"event_type": "Battles", "sub_event_type": "Armed clash"},
    {"bbox": "36,34.5,38,36.5", "start": "2016-01-01"},
    {"status": "none,disputed"},
    {"has_contradiction": True},
    {"has_contradiction": False, "min_outlets": 2},
    {"start": "2030-01-01"},
    {"place": "idlib"},           # the substring filters go to event_list_keys
    {"actor": "army", "outlet": "a"},
]
PAGES = [(1, 0), (3, 2), (101, 0), (5, 40), (50, 100_000)]


def _same(store, keys: PageKeys, sort: str, limit: int, offset: int, filters: dict) -> None:
    f = query.event_filter(query.display_pack(store), **filters)
    for count in (True, False):
        want = sq.event_list_keys(store, f, sort=sort, limit=limit, offset=offset, count=count)
        assert keys(store, f, sort=sort, limit=limit, offset=offset, count=count) == want, \
            (sort, limit, offset, filters, count)


@pytest.mark.parametrize("sort", SORTS)
def test_page_keys_are_event_list_keys(store, sort):
    keys = PageKeys(Memo(store.path))
    for filters, (limit, offset) in itertools.product(FILTERS, PAGES):
        _same(store, keys, sort, limit, offset, filters)
    if store.path is not None:   # SQLite: only the substring filters went the long way
        assert keys.fallbacks == 2 * 2 * len(PAGES)
        assert keys._shapes and all(s is not None for s in keys._shapes.values())


def test_each_request_binds_its_own_values(store):
    """One shape, many values: each answer is its own request's, never the template's
    or an earlier one's."""
    keys = PageKeys(Memo(store.path))
    day = dt.date(2016, 6, 1)
    while day < dt.date(2017, 6, 1):
        for admin1 in ("Hama", "Aleppo", "Idlib"):
            _same(store, keys, "date", 10, 0, {"admin1": admin1, "start": day.isoformat(),
                                                "end": (day + dt.timedelta(days=60)).isoformat()})
        day += dt.timedelta(days=23)
    assert len(keys._shapes) == 1 or store.path is None


def test_a_cursor_goes_to_event_list_keys(store):
    keys = PageKeys()
    f = query.event_filter(query.display_pack(store))
    first, _ = sq.event_list_keys(store, f, limit=3)
    after = (first[-1][1], first[-1][0])
    assert keys(store, f, limit=3, after=after) == sq.event_list_keys(store, f, limit=3, after=after)
    assert keys.fallbacks == 1


def test_list_rows_are_event_list_rows(store):
    """ListRows (one statement compiled once, the ids as one JSON parameter) reads the
    rows event_list_rows reads, odd events and ids not stored included."""
    rows = ListRows()
    ids = [k for k, _ in sq.event_list_keys(store, query.event_filter(include_held_back=True),
                                            limit=1000)[0]]
    assert {"odd-noplace", "odd-undated", "odd-month"} <= set(ids)
    for chunk in (ids, ids[:1], ids[3:40], [*ids[:5], "no-such-event"], []):
        assert rows(store, chunk) == sq.event_list_rows(store, chunk)


def test_a_list_of_ids_goes_to_event_list_keys(store):
    """An id list, even an empty one (which selects nothing), is not a shape."""
    keys = PageKeys()
    for ids in ((), ("odd-month", "odd-undated")):
        f = sq.EventFilter(ids=ids)
        assert keys(store, f, limit=5) == sq.event_list_keys(store, f, limit=5)
    assert keys.fallbacks == 2


WINDOW_BASES = [{}, {"include_held_back": True}, {"admin1": "Hama"}, {"event_type": "Battles"},
                {"status": "none,disputed"}, {"has_contradiction": False, "min_outlets": 2},
                {"admin1": "Idlib", "include_held_back": True}]
WINDOW_DAYS = ["2016-01-01", "2016-12-31", "2017-01-31", "2017-02-01", "2017-02-27",
               "2017-02-28", "2017-03-01", "2017-03-02", "2017-03-04", "2017-03-05",
               "2017-12-31", "2030-01-01"]


def test_window_totals_are_counted_in_memory_as_sql_counts_them(store, monkeypatch):
    """A filter with a window (start and end) is counted from its events' kept dates
    (pagekeys._Windows, once SQL has counted a few of its windows): the same totals as
    SQL's count, at every boundary of the odd events' ranges (a month, four days) and for
    one-day windows."""
    monkeypatch.setattr(pagekeys, "WINDOW_AFTER", 3)
    keys = PageKeys(Memo(store.path))
    for base in WINDOW_BASES:
        for first, last in itertools.combinations_with_replacement(WINDOW_DAYS, 2):
            _same(store, keys, "date", 3, 0, {**base, "start": first, "end": last})
    if store.path is not None:
        assert keys._windows is not None and keys._windows._entries
        assert all(w is not None for w in keys._windows._entries.values())


def test_window_counts_with_odd_dates(tmp_path, monkeypatch):
    """Events that end before they start, span longer than the others or have no start
    are counted as SQL counts them (or left to SQL)."""
    monkeypatch.setattr(pagekeys, "WINDOW_AFTER", 3)
    from marsad.model import Event, Place, ResolvedDate
    from marsad.store import Store

    hama = Place(id="x-hama", name="Hama", lat=35.13, lon=36.75, level="admin1",
                 country="Syria", admin1="Hama")

    def event(i, start, end):
        return Event(id=f"w{i}", event_type="Battles", sub_event_type="Armed clash",
                     place=hama, date=ResolvedDate(start, end, "range"), status="asserted")

    d = dt.date
    events = [event(0, d(2017, 3, 5), d(2017, 3, 1)),     # ends before it starts
              event(1, d(2017, 3, 1), None), event(2, d(2017, 1, 1), d(2017, 6, 30)),
              event(3, d(2017, 3, 3), d(2017, 3, 3)), event(4, None, None),
              event(5, d(2016, 12, 30), d(2017, 1, 2))]
    days = [d(2016, 12, 29) + dt.timedelta(days=k) for k in range(0, 200, 3)]
    with Store(tmp_path / "w.db") as store:
        store.save_events(events)
        keys = PageKeys(Memo(store.path))
        for first, last in itertools.combinations_with_replacement(days, 2):
            f = sq.EventFilter(start=first, end=last, admin1="Hama")
            assert keys(store, f, limit=2)[1] == sq.event_list_keys(store, f, limit=2)[1], (first, last)
        assert any(w is not None and w.odd for w in keys._windows._entries.values())
        store.save_events([event(6, None, d(2017, 3, 2))])   # an end and no start: no floor
        for first, last in itertools.combinations_with_replacement(days[:20], 2):
            f = sq.EventFilter(start=first, end=last, admin1="Hama")
            assert keys(store, f, limit=2)[1] == sq.event_list_keys(store, f, limit=2)[1], (first, last)


def test_a_server_reads_the_days_in_a_thread_of_its_own(store, monkeypatch):
    """With ``background`` (the server's), SQL counts until a thread has read the days;
    then they count, the same totals."""
    monkeypatch.setattr(pagekeys, "WINDOW_AFTER", 2)
    keys = PageKeys(Memo(store.path), background=True)
    days = [dt.date(2016, 6, 1) + dt.timedelta(days=k) for k in range(0, 400, 20)]
    for first in days:
        _same(store, keys, "date", 3, 0, {"admin1": "Hama", "start": first.isoformat(),
                                          "end": (first + dt.timedelta(days=90)).isoformat()})
        if keys.reader is not None:
            keys.reader.join()
    if store.path is not None:
        assert keys.reader is not None and keys._windows._entries
