"""The event list's rows are built from narrow columns (``store.query.event_list_page``:
on SQLite the articles' outlets in the same query, elsewhere one more), not from decoded
events: they must be the rows the decoded events give (``query.event_row``), field for
field, whatever the event holds, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

import marsad
from marsad import query
from marsad.api import open_store
from marsad.model import Event, Fatalities, Place, ResolvedDate
from marsad.store import query as sq

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from store_fixtures import BACKENDS, backend_url  # noqa: E402


def _odd_events(article_ids: list[str]) -> list[Event]:
    """Events the samples lack: no place, undated, ranged and month-precise dates, a
    fatality qualifier and range, an actor the pack does not know, never reconciled (the
    row then counts its articles' outlets), an article that is not stored."""
    idlib = Place(id="x-idlib", name="Idlib", lat=35.93, lon=36.63, level="city",
                  country="Syria", admin1="Idlib", admin2="Idlib")
    same_name = Place(id="x-hama", name="Hama", lat=35.13, lon=36.75, level="admin1",
                      country="Syria", admin1="Hama")
    return [
        Event(id="odd-noplace", event_type="Battles", sub_event_type="Armed clash",
              articles=article_ids[:2], mentions=["m1", "m2"], actor1="syrian-army",
              actor2="new:tribal-fighters", date=ResolvedDate(dt.date(2017, 3, 1), dt.date(2017, 3, 4), "range"),
              fatalities=Fatalities(low=3, high=9, best=5, qualifier="at least"),
              status="disputed", outlets=["A", "B", "C"],
              contradictions=[{"field": "occurred", "kind": "claim and denial", "sides": []}]),
        Event(id="odd-undated", event_type="Explosions/Remote violence",
              sub_event_type="Air/drone strike", articles=[*article_ids[2:4], "not-stored"],
              place=idlib, geo_precision=2, fatalities=Fatalities(best=None, low=None),
              date=ResolvedDate()),
        Event(id="odd-month", event_type="Violence against civilians", sub_event_type="Attack",
              articles=article_ids[4:5], place=same_name, geo_precision=3,
              date=ResolvedDate(dt.date(2017, 2, 1), dt.date(2017, 2, 28), "month"),
              fatalities=Fatalities(low=2, best=2, high=2, qualifier="dozens"), status="asserted"),
    ]


@pytest.fixture(scope="module", params=BACKENDS)
def store(request, tmp_path_factory):
    with backend_url(request.param, tmp_path_factory.mktemp("rows"), "samples.db") as url:
        assert marsad.run(samples=True, store=url).ok
        with open_store(url) as s:
            s.save_events(_odd_events([a.id for a in s.articles(with_text=False)]))
            yield s


def _old_rows(store, sort: str, limit: int, offset: int, filters: dict) -> tuple[list[dict], int]:
    """The rows as the list built them before: decoded events, their articles, event_row."""
    pack = query.display_pack(store)
    found, total = sq.find_events(store, query.event_filter(pack, **filters), sort=sort,
                                  limit=limit, offset=offset)
    arts = {a.id: a for a in store.articles({a for e in found for a in e.articles}, with_text=False)}
    return [query.event_row(e, [arts[a] for a in e.articles if a in arts], pack) for e in found], total or 0


CASES = [
    ("date", 100, 0, {}),
    ("date", 100, 0, {"include_held_back": True}),
    ("-date", 5, 3, {"include_held_back": True}),
    ("fatalities", 50, 0, {"event_type": "Battles"}),
    ("-place", 20, 0, {"admin1": "hama", "start": "2017-01-01", "end": "2017-12-31"}),
    ("type", 100, 0, {"has_contradiction": True}),
    ("updated", 100, 0, {"status": "none,disputed"}),
    ("date", 10, 0, {"min_outlets": 2}),
]


@pytest.mark.parametrize(("sort", "limit", "offset", "filters"), CASES, ids=range(len(CASES)))
def test_page_rows_are_the_decoded_events_rows(store, sort, limit, offset, filters):
    page = query.events_page(store, sort=sort, limit=limit, offset=offset, **filters)
    rows, total = _old_rows(store, sort, limit, offset, filters)
    assert page["events"] == rows
    assert page["total"] == total


def test_the_odd_events_are_on_the_pages(store):
    """The cases above do meet the odd events (else they would prove nothing about them)."""
    rows = {r["id"]: r for r in query.events_page(store, limit=1000, include_held_back=True)["events"]}
    assert {"odd-noplace", "odd-undated", "odd-month"} <= set(rows)
    assert rows["odd-noplace"]["place"] == "?" and rows["odd-noplace"]["lat"] is None
    assert rows["odd-noplace"]["outlets"] == 3 and rows["odd-noplace"]["contradictions"] == 1
    assert rows["odd-undated"]["date"] == "unknown" and rows["odd-undated"]["status"] is None
    assert rows["odd-undated"]["outlets"] == len(rows["odd-undated"]["sources"]) > 0
    assert rows["odd-month"]["fatalities"] == "dozens 2"



#: date-filtered requests whose starts fall inside, before and after the samples' and the
#: odd events' windows (a four-day range, a month), on every route that takes filters
DATED = [f"{path}{sep}{q}" for path, sep in (
    ("/api/events", "?"), ("/api/events?format=geojson", "&"), ("/api/events?format=csv", "&"),
    ("/api/map", "?"), ("/api/map/grid", "?"), ("/api/timeline", "?"), ("/api/actors", "?"),
    ("/api/places", "?"), ("/api/contradictions", "?"))
    for q in ("start=2017-03-03", "start=2017-02-20&end=2017-03-02&all=true",
              "start=2016-08-08&admin1=aleppo", "start=2016-01-01&event_type=Battles",
              "start=2030-01-01")]


def test_the_start_bound_leaves_every_response_byte_identical(store, monkeypatch):
    """A date filter's start also bounds the events' start by the store's longest span
    (migration 0009): the responses are those of the filter without the bound, byte for
    byte."""
    from fastapi.testclient import TestClient

    from marsad.web.app import create_app

    if store.path is None:
        pytest.skip("the server's answers are compared on the SQLite store")

    def responses() -> list[tuple[int, bytes]]:
        with TestClient(create_app(str(store.path))) as client:
            return [(r.status_code, r.content) for r in map(client.get, DATED)]

    with store.connect() as conn:
        assert sq.longest_span(conn) == 27   # odd-month: the bound is on, and not trivial
    bounded = responses()
    monkeypatch.setattr(sq, "longest_span", lambda conn: None)
    assert responses() == bounded
    assert all(status == 200 for status, _ in bounded)
    assert sum(b"odd-month" in body for _, body in bounded) >= 3


class _Keeper:
    """A RowKeeper that keeps everything (and counts what it was asked for)."""

    def __init__(self):
        self.rows: dict[str, str] = {}
        self.asked = self.found = 0

    def get_many(self, event_ids):
        self.asked += len(event_ids)
        out = {i: self.rows[i] for i in event_ids if i in self.rows}
        self.found += len(out)
        return out

    def put_many(self, rows):
        self.rows.update(rows)


@pytest.mark.parametrize(("sort", "limit", "offset", "filters"), CASES, ids=range(len(CASES)))
def test_the_page_text_is_the_pages_json_with_rows_kept_or_not(store, sort, limit, offset, filters):
    """The server writes a page from the text of rows built for earlier pages: the same
    characters as the page built whole, whether no row, some or all were kept."""
    keeper = _Keeper()
    page = query.events_page(store, sort=sort, limit=limit, offset=offset, **filters)
    expected = query.page_json(page)
    cold, total = query.events_page_json(store, keeper, sort=sort, limit=limit, offset=offset, **filters)
    assert (cold, total) == (expected, page["total"])
    assert keeper.found == 0 and len(keeper.rows) == len(page["events"])
    warm, _ = query.events_page_json(store, keeper, sort=sort, limit=limit, offset=offset, **filters)
    assert warm == expected and keeper.found == len(page["events"])
    # half the rows kept, and a counted total handed in
    half = _Keeper()
    half.rows = dict(list(keeper.rows.items())[::2])
    mixed, _ = query.events_page_json(store, half, sort=sort, limit=limit, offset=offset,
                                      total=page["total"], **filters)
    assert mixed == expected


@pytest.mark.parametrize("sort", ["date", "-fatalities", "type", "-place", "updated"])
def test_the_page_texts_cursors_walk_the_same_pages(store, sort):
    keeper, seen, cursor = _Keeper(), [], None
    while True:
        text, _ = query.events_page_json(store, keeper, sort=sort, limit=7, cursor=cursor,
                                         include_held_back=True)
        page = query.events_page(store, sort=sort, limit=7, cursor=cursor, include_held_back=True)
        assert text == query.page_json(page)
        seen += [r["id"] for r in page["events"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == query.events_page(store, limit=1000, include_held_back=True)["total"]


def test_the_servers_kept_rows_go_when_the_store_changes(store, tmp_path):
    """The server keeps the list's rows while the store is unchanged: an event changed
    (by another process) shows its new values on the next page that holds it, even one
    whose other rows were kept."""
    import sqlite3

    from fastapi.testclient import TestClient

    from marsad.web.app import create_app

    if store.path is None:
        pytest.skip("the server's row cache follows a SQLite file")
    db = tmp_path / "copy.db"
    with sqlite3.connect(store.path) as src, sqlite3.connect(db) as dst:
        src.backup(dst)   # with what the write-ahead log holds
    with TestClient(create_app(str(db))) as client:
        first = client.get("/api/events?all=true&limit=1000").json()["events"]
        row = next(r for r in first if r["id"] == "odd-month")
        assert row["fatalities"] == "dozens 2"
        assert len(client.app.state.rows) == len(first)
        with open_store(str(db)) as other:
            (event,) = other.events_by_id(["odd-month"])
            event.fatalities = Fatalities(low=4, best=4, high=4)
            other.save_events([event])
        again = client.get("/api/events?all=true&limit=999").json()["events"]
        assert next(r for r in again if r["id"] == "odd-month")["fatalities"] == "4"
        assert [r["id"] for r in again] == [r["id"] for r in first]


def test_page_json_is_json_dumps_with_the_apis_arguments():
    """page_json keeps one encoder: its text is json.dumps's with the same arguments."""
    import json

    value = {"a": [1, 2.5, -0.0, 1e22, None, True], "ḥ": 'q"\\<b>&\u2028\x01🙂',
             "d": dt.date(2017, 3, 1), "t": dt.datetime(2017, 3, 1, 5, 6), "e": {}}
    want = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"),
                      default=query._json_default)
    assert query.page_json(value) == want
    for bad in (float("nan"), {"x": float("inf")}):
        with pytest.raises(ValueError):
            query.page_json(bad)
    with pytest.raises(TypeError):
        query.page_json({"x": object()})


# --- the row writer: each row's text straight from its values ----------------------------

class _Pack:
    """What the list's rows ask of a pack (``actor``): a renamed group, a branch of a renamed
    force and a branch of a force never renamed."""

    def __init__(self):
        from marsad.model import Actor

        self._actors = {a.id: a for a in (
            Actor(id="nusra", name="Hayat Tahrir al-Sham",
                  names=(("2016-07-27", "Al Nusrah Front"), ("2017-01-27", "Jabhat Fateh al Sham"))),
            Actor(id="army", name="Military Forces of Syria", names=(("2011-12-31", "Old Army"),)),
            Actor(id="army-air", name="Military Forces of Syria Air Force", parent="army"),
            Actor(id="police", name="Police Forces of Syria"),
            Actor(id="police-riot", name="Police Forces of Syria Riot Unit", parent="police"),
            Actor(id="odd-branch", name="Someone Else", parent="police"),
        )}

    def actor(self, actor_id):
        return self._actors.get(actor_id)


def _row_values():
    from hypothesis import strategies as st

    text = st.text(alphabet=st.sampled_from(list('ab <>&"\\\u00e9\u062d\u2028\x01🙂')), max_size=6)
    day = st.dates(min_value=dt.date(2010, 1, 1), max_value=dt.date(2019, 12, 31))
    number = st.one_of(st.none(), st.integers(-3, 10**12), st.floats(allow_nan=False, allow_infinity=False),
                       st.floats(min_value=1e-9, max_value=1e-3))
    count = st.one_of(st.none(), st.integers(0, 5), st.just(1.0))
    actor = st.one_of(st.none(), st.just(""), st.sampled_from(
        ["nusra", "army", "army-air", "police", "police-riot", "odd-branch", "new:tribal-fighters",
         "some_new-group"]), text)
    return st.tuples(
        text, st.sampled_from(["Battles", "Riots"]), text, actor, actor,
        st.one_of(st.none(), text), st.one_of(st.none(), text), number, number,
        st.one_of(st.none(), text), count, st.one_of(st.none(), day), st.one_of(st.none(), day),
        st.one_of(st.none(), st.sampled_from(["day", "range", "month"]), text),
        count, count, count, st.one_of(st.none(), st.sampled_from(["at least", "dozens"]), text),
        st.one_of(st.none(), text), count, count, st.integers(0, 4),
        st.lists(text, max_size=3))


def test_the_row_writer_writes_the_rows_json():
    """_RowWriter writes each row's JSON from its values, keeping literals, actors' names
    and fatality texts between rows: the text of page_json of the row's dict (escaped or
    not), whatever the values, the actor's name on the row's day included."""
    from hypothesis import given, settings

    from marsad.web.app import safe_json_text

    pack = _Pack()
    writers = {escape: query._RowWriter(pack, escape) for escape in (None, safe_json_text)}
    for writer in [query._RowWriter(None, None), query._RowWriter(load_syria(), None)]:
        writers[id(writer)] = writer

    @settings(max_examples=400, deadline=None)
    @given(_row_values())
    def check(values):
        for writer in writers.values():
            want = query.page_json(query._page_rows([values], writer.pack)[0])
            if writer.escape is not None:
                want = writer.escape(want)
            assert writer.row(values) == want
            assert writer.row(values) == want   # from what the writer kept

    check()


def load_syria():
    from marsad.theaters import load_pack

    return load_pack("syria")


def test_the_row_writer_fails_where_the_dict_fails():
    """A value JSON cannot hold (a float that is not finite) is the encoder's error, as
    page_json of the row's dict gives it."""
    values = ("e1", "Battles", "Armed clash", None, None, "p1", "Here", float("nan"), 1.0,
              "Hama", 1, dt.date(2017, 1, 1), None, "day", 1, 1, 1, None, "asserted", 1, 0, 1, [])
    with pytest.raises(ValueError):
        query.page_json(query._page_rows([values], None)[0])
    with pytest.raises(ValueError):
        query._RowWriter(None, None).row(values)
