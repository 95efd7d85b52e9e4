"""JSON lines and CSV are read a line at a time (issue 14.8): a feed of any size takes the
memory of its longest record, and the size limit bounds each line instead of the file."""

from __future__ import annotations

import json
import tracemalloc

from marsad.ingest import IngestFailure, read_paths
from marsad.model import Article

BODY = "Shelling hit the old market in Homs on Monday, killing two people, activists said. "


def test_a_jsonl_feed_above_the_size_limit_streams_and_a_long_line_fails_alone(tmp_path):
    feed = tmp_path / "feed.jsonl"
    lines = [json.dumps({"text": f"{BODY} Report {i}."}) for i in range(50)]
    lines[20] = json.dumps({"text": BODY * 200})             # one line above the limit
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    limit = 2_000
    assert feed.stat().st_size > 5 * limit
    results = list(read_paths(feed, max_bytes=limit))
    assert len(results) == 50
    failure = results[20]
    assert isinstance(failure, IngestFailure) and failure.source == f"{feed}:line 21"
    assert "above the limit of 2,000 bytes" in failure.reason
    articles = [r for r in results if isinstance(r, Article)]
    assert [a.meta["line"] for a in articles] == [n for n in range(1, 51) if n != 21]
    assert articles[-1].text.endswith("Report 49.")


def test_a_csv_feed_streams_and_a_long_row_fails_alone(tmp_path):
    feed = tmp_path / "feed.csv"
    rows = ["title,text"] + [f'"Head {i}","{BODY} Report {i}."' for i in range(30)]
    rows[11] = f'"Head long","{BODY * 100}"'
    feed.write_text("\r\n".join(rows) + "\r\n", encoding="utf-8")
    results = list(read_paths(feed, max_bytes=1_000))
    assert len(results) == 30
    failure = results[10]
    assert isinstance(failure, IngestFailure) and failure.source == f"{feed}:row 11"
    assert all(isinstance(r, Article) for i, r in enumerate(results) if i != 10)
    assert results[29].title == "Head 29" and results[29].meta["row"] == 30


def test_each_streamed_line_is_decoded_on_its_own(tmp_path):
    feed = tmp_path / "mixed.jsonl"
    good = json.dumps({"text": f"{BODY} Caf\u00e9 news."}, ensure_ascii=False).encode("utf-8")
    latin = json.dumps({"text": f"{BODY} Caf\u00e9 talk."}, ensure_ascii=False).encode("cp1252")
    feed.write_bytes(b"\xef\xbb\xbf" + good + b"\n" + latin + b"\n" + good + b"\n")
    a, b, c = read_paths(feed)
    assert a.text.endswith("Caf\u00e9 news.") and b.text.endswith("Caf\u00e9 talk.")
    assert (a.meta["encoding"], b.meta["encoding"], c.meta["encoding"]) == (
        "utf-8-sig", "cp1252", "utf-8")


def test_reading_a_large_feed_holds_one_line_at_a_time(tmp_path):
    feed = tmp_path / "big.jsonl"
    line = json.dumps({"text": f"{BODY * 12} Report."}) + "\n"
    with open(feed, "w", encoding="utf-8") as fh:
        for i in range(20_000):
            fh.write(line.replace("Report", f"Report {i}"))
    size = feed.stat().st_size
    assert size > 20_000_000
    tracemalloc.start()
    try:
        n = sum(1 for r in read_paths(feed, max_bytes=100_000) if isinstance(r, Article))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert n == 20_000
    assert peak < size / 10     # the whole file read at once would take more than its size
