"""``marsad run``'s progress bar knows about how many articles its inputs hold (issue 15.5:
a total, a rate and the time left), counted before the run: one per text, Markdown, HTML
or JSON file, one per non-blank JSON line and per CSV row."""

from __future__ import annotations

import io

from marsad.cli import store as cli_store


def _inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("One report.\n")
    (folder / "b.html").write_text("<p>Another.</p>")
    (folder / "README.md").write_text("not an article: skipped in folders\n")
    (folder / "notes.pdf").write_bytes(b"%PDF")   # unsupported: no article
    (folder / "feed.jsonl").write_text('{"text": "x"}\n\n{"text": "y"}\n{"text": "z"}')
    (folder / "feed.csv").write_text("text,title\nfirst,1\nsecond,2\n")
    single = tmp_path / "one.md"
    single.write_text("# one\n")
    return [str(folder), str(single)]


def test_the_progress_bar_counts_the_inputs_articles(tmp_path):
    paths = _inputs(tmp_path)
    assert cli_store._article_estimate(paths) == 2 + 3 + 2 + 1
    assert cli_store._article_estimate([str(tmp_path / "missing")]) == 0
    assert cli_store._article_estimate(paths, seconds=-1) is None   # no time to count


def test_the_progress_bar_shows_the_total(tmp_path, monkeypatch):
    """The bar wraps the article stream, every item passed on, its length the estimate."""
    seen = {}
    real = cli_store.click.progressbar

    def spy(items, **kwargs):
        seen.update(kwargs)
        return real(items, **{**kwargs, "file": io.StringIO()})

    monkeypatch.setattr(cli_store.click, "progressbar", spy)
    bar = cli_store._progress(_inputs(tmp_path))
    assert list(bar(iter(range(5)))) == list(range(5))
    assert seen["length"] == 8 and seen["show_eta"] and seen["show_pos"]
    assert seen["item_show_func"](None) == "" or "articles/s" in seen["item_show_func"](None)
