"""The mention blocking index keeps a mention's grid cells of one week as one rectangle
row, and reads back exactly the keys it was given (marsad.store.blockcells)."""

from __future__ import annotations

import sqlalchemy as sa

from marsad.store import MIGRATIONS, Store
from marsad.store.blockcells import RECT, cell, expand, pack


def _cells(prefix: str, rows: range, cols: range) -> list[str]:
    return [f"{prefix}c{i},{j}" for i in rows for j in cols]


#: as the linker writes them: two weeks of a 3 x 4 box, a place key, the article
M1 = ([(k, 735100, 735108) for k in _cells("remote|105014|", range(131, 134), range(-2, 2))]
      + [(k, 735100, 735108) for k in _cells("remote|105015|", range(131, 134), range(-2, 2))]
      + [("remote|spec|old city", None, None), ("~art|a1", None, None)])
#: cells that fill no rectangle, and a box whose cells do not share one window
M2 = ([("battle|105014|c131,-2", 735101, 735103), ("battle|105014|c132,-1", 735101, 735103)]
      + [(k, 735101, 735103 + (k.endswith("0")))
         for k in _cells("battle|105015|", range(5, 7), range(0, 2))])


def _index_rows(store: Store) -> int:
    with store._engine.connect() as conn:
        return conn.execute(sa.text("SELECT count(*) FROM mention_blocks")).scalar_one()


def test_a_weeks_cells_are_one_row_and_read_back_as_given(store_url):
    blocks = {"m1": M1, "m2": M2}
    with Store(store_url) as store:
        store.set_mention_blocks(blocks, new=True)
        # m1: a row per week's box, the place key, the article, the indexed marker
        assert _index_rows(store) == (2 + 2 + 1) + (len(M2) + 1)
        given = sorted((k, mid, lo, hi) for mid, rs in blocks.items() for k, lo, hi in rs)
        assert store.mention_block_rows(mention_ids=["m1", "m2"]) == given
        asked = ["remote|105014|c132,0", "remote|105015|c133,1", "remote|105014|c134,0",
                 "battle|105014|c131,-2", "battle|105015|c6,1", "remote|spec|old city"]
        assert store.mention_block_rows(blocks=asked) == sorted(
            r for r in given if r[0] in asked)
        store.set_mention_blocks({"m1": M1[:1]})   # replaced: the box row goes too
        assert store.mention_block_rows(mention_ids=["m1"]) == [(*M1[0][:1], "m1", *M1[0][1:])]


def test_rows_written_one_per_cell_read_together_with_boxes(store_url):
    """A store indexed before 0013 holds a row per cell: read beside the boxes, the same."""
    with Store(store_url) as store:
        store.set_mention_blocks({"m1": M1}, new=True)
        with store.begin() as conn:   # m0's rows as the index wrote them before
            conn.execute(sa.text("INSERT INTO mention_blocks (block, mention_id, lo, hi) "
                                 "VALUES ('remote|105014|c132,0', 'm0', 735099, 735101), "
                                 "('*', 'm0', NULL, NULL)"))
        assert store.mention_block_rows(blocks=["remote|105014|c132,0"]) == [
            ("remote|105014|c132,0", "m0", 735099, 735101),
            ("remote|105014|c132,0", "m1", 735100, 735108)]
        assert store.mention_block_rows(mention_ids=["m0"]) == [
            ("remote|105014|c132,0", "m0", 735099, 735101)]


def test_the_migration_adds_the_bounds_to_an_older_index(store_url):
    before = [m for m in MIGRATIONS if m.name < "0013"]
    with Store(store_url, migrations=before) as s:
        with s._engine.begin() as conn:
            for name in ("i0", "i1", "j0", "j1"):
                conn.execute(sa.text(f"ALTER TABLE mention_blocks DROP COLUMN {name}"))
            conn.execute(sa.text("INSERT INTO mention_blocks (block, mention_id, lo, hi) "
                                 "VALUES ('remote|105014|c1,2', 'm0', 1, 2)"))
    with Store(store_url) as s:
        assert "0013_mention_block_cells" in [n for n, _ in s.applied_migrations()]
        assert s.mention_block_rows(mention_ids=["m0"]) == [("remote|105014|c1,2", "m0", 1, 2)]
        s.set_mention_blocks({"m1": M1}, new=True)
        assert len(s.mention_block_rows(mention_ids=["m1"])) == len(M1)


def test_pack_keeps_what_is_no_box_as_it_is():
    assert cell("g|2400|c-3,12") == ("g|2400|", -3, 12)
    assert cell("g|2400|c01,2") is None and cell("g|spec|c1") is None
    keyed = {k: (lo, hi) for k, lo, hi in M2}
    keyed["g|2400|c01,2"] = (1, 2)
    assert pack(keyed) == sorted([(k, lo, hi, None, None, None, None)
                                  for k, (lo, hi) in keyed.items()])
    [box] = [r for r in pack({k: (1, 5) for k in _cells("g|7|", range(0, 3), range(4, 6))})]
    assert box == ("g|7|" + RECT, 1, 5, 0, 2, 4, 5)
    assert sorted(expand(box[0], *box[3:])) == sorted(_cells("g|7|", range(0, 3), range(4, 6)))


def test_execute_tuples_binds_each_name_to_its_parameter(store_url):
    """A link run re-points mentions with one UPDATE whose parameters come in another
    order than the statement binds them (SQLite: tuples straight to the driver)."""
    from marsad.store import schema
    from store_fixtures import make_article

    em = schema.event_mentions
    stmt = em.update().where(em.c.id == sa.bindparam("_mid")).values(event_id=sa.bindparam("_ev"))
    with Store(store_url) as store:
        list(store.add_articles([make_article()]))
        ids = sorted(m.id for m in store.event_mentions())
        assert ids
        with store.begin() as conn:
            store.execute_tuples(conn, stmt, ("_mid", "_ev"),
                                 [(mid, f"ev-{mid[:6]}") for mid in ids], key="test-point")
        assert {m.id: m.event_id for m in store.event_mentions()} == {
            mid: f"ev-{mid[:6]}" for mid in ids}


def test_rows_read_as_stored_and_keys_of_one_kind(store_url):
    """``mention_block_packed`` gives the rows under exactly the blocks asked for, a
    rectangle unexpanded; ``mention_block_keys`` a mention's keys of one kind by prefix,
    the prefix's ``_`` and ``%`` taken as themselves."""
    blocks = {"m1": M1 + [("~copy|a_b", None, None)], "m2": M2 + [("~copy%x", None, None)],
              "m3": [("~copyzz", None, None), ("~art|a3", None, None)]}
    with Store(store_url) as store:
        store.set_mention_blocks(blocks, new=True)
        box = "remote|105014|" + RECT
        assert store.mention_block_packed([box, "battle|105014|c131,-2", "*"]) == [
            ("battle|105014|c131,-2", "m2", 735101, 735103, None, None, None, None),
            (box, "m1", 735100, 735108, 131, 133, -2, 1)]
        assert store.mention_block_packed(["remote|105014|c132,0"]) == []   # inside a box
        assert store.mention_block_keys(["m1", "m2", "m3"], "~copy|") == [("~copy|a_b", "m1")]
        assert store.mention_block_keys(["m1", "m2", "m3"], "~copy%") == [("~copy%x", "m2")]
        assert store.mention_block_keys(["m2"], "~art|") == []
