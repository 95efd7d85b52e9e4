"""Re-running is a no-op: a link run with no mention that no run has seen changes nothing
(issue 14, item 2: the first re-run used to link a few leftover mentions)."""

from __future__ import annotations

import io

import sqlalchemy as sa

import marsad
from marsad import api
from marsad.link import service
from marsad.store import Store, schema


#: its future-tense threat is an event mention that no event takes: a leftover
LEFTOVER = ("Army warns Douma\n\n7 March 2016 - The Syrian army said it would shell Douma on "
            "Sunday if rebels did not withdraw, state media reported. Rebels denied that they "
            "had attacked army positions in Harasta on Saturday.\n")


def _inputs(tmp_path) -> list[str]:
    path = tmp_path / "threat.txt"
    path.write_text(LEFTOVER, encoding="utf-8")
    return [str(path)]


def _export(store) -> str:
    out = io.StringIO()
    api.export_events(store, "jsonl", out, include_held_back=True)
    return out.getvalue()


def test_rerun_and_relink_change_nothing(tmp_path, monkeypatch):
    db = tmp_path / "s.db"
    first = marsad.run(_inputs(tmp_path), samples=True, store=db)
    assert first.stored > 0
    with Store(db) as store:
        before, stats = _export(store), store.stats()
        unlinked = store.unlinked_mention_ids()
        t = schema.event_mentions
        with store._engine.connect() as conn:   # what the run left in no event is marked
            marked = sorted(conn.scalars(sa.select(t.c.id).where(t.c.link_checked.is_(True))))
        assert marked == unlinked and len(unlinked) >= 1
        assert store.unchecked_mention_ids() == []

    calls = []
    monkeypatch.setattr(service.Linker, "link", lambda self, *a, **kw: calls.append(a) or [])
    again = marsad.run(_inputs(tmp_path), samples=True, store=db)
    assert again.stored == 0 and again.new_events == 0
    with Store(db) as store:
        report = api.link(store)
        assert report.mentions == 0
        assert _export(store) == before and store.stats() == stats
    assert calls == []            # the linker was not even asked


def test_leftovers_are_considered_again_with_new_mentions(tmp_path):
    """A mention no run has seen (here: one a store from before the mark left unlinked)
    brings the leftovers back into the next link run."""
    db = tmp_path / "s.db"
    marsad.run(_inputs(tmp_path), samples=True, store=db)
    with Store(db) as store:
        leftovers = store.unlinked_mention_ids()
        assert leftovers
        t = schema.event_mentions
        with store.begin() as conn:
            conn.execute(t.update().values(link_checked=None))
        report = api.link(store)
        assert report.mentions == len(leftovers)
        assert store.unchecked_mention_ids() == []
