"""Hostile inputs (issue 14): each bad record is one failure naming it, the batch goes on,
and whatever is kept can be stored anywhere (no NUL, no lone surrogate)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from marsad.ingest import IngestFailure, parse_date, read_paths
from marsad.ingest.infer import MAX_DATE_CHARS
from marsad.model import Article

GOOD1 = "Rebels seized the cement factory south of Aleppo on Sunday, activists said."
GOOD2 = "Airstrikes hit a market in Idlib on Tuesday, killing five people, a monitor said."
TXT = "Army repels attack\n\n" + GOOD1 + "\n"


def split(results):
    results = list(results)
    return ([r for r in results if isinstance(r, Article)],
            [r for r in results if isinstance(r, IngestFailure)])


def storable(value: str) -> bool:
    """What PostgreSQL and UTF-8 accept."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in value


def jsonl(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_json_nested_200000_deep_is_one_failed_line(tmp_path):
    deep = "[" * 200_000 + "]" * 200_000
    path = jsonl(tmp_path / "feed.jsonl", json.dumps({"text": GOOD1}), deep,
                 json.dumps({"text": GOOD2}))
    arts, fails = split(read_paths(path))
    assert [a.text for a in arts] == [GOOD1, GOOD2]
    [f] = fails
    assert f.source == f"{path}:line 2" and "nested too deeply" in f.reason


def test_deep_json_file_and_deep_value_in_a_record(tmp_path):
    (tmp_path / "deep.json").write_text("{\"a\":" * 100_000 + "1" + "}" * 100_000)
    # near json's own limit: loaded, then kept in meta or failed alone, never raised
    record = '{"text": "' + GOOD1 + '", "x": ' + "[" * 990 + "1" + "]" * 990 + "}"
    path = jsonl(tmp_path / "rec.jsonl", record, json.dumps({"text": GOOD2}))
    arts, fails = split(read_paths([tmp_path / "deep.json", path]))
    assert fails[0].source == str(tmp_path / "deep.json")
    assert "nested too deeply" in fails[0].reason
    assert GOOD2 in [a.text for a in arts]
    assert len(arts) + len(fails) == 3 and {f.source for f in fails[1:]} <= {f"{path}:line 1"}


def test_lone_surrogate_escape_is_replaced_everywhere(tmp_path):
    line = ('{"text": "Shelling in Homs \\ud800 killed two people.", "title": "T \\udfff", '
            '"source": "Out\\ud800let", "url": "http://x/\\ud800", "tag": {"k\\ud800": ["\\udc00"]}}')
    path = jsonl(tmp_path / "s.jsonl", line, json.dumps({"text": GOOD2}))
    arts, fails = split(read_paths(path))
    assert not fails and len(arts) == 2
    a = arts[0]
    assert "\ufffd" in a.text and "\ufffd" in a.title and a.outlet == "Out\ufffdlet"
    for value in (a.text, a.title, a.outlet, a.url, a.id, json.dumps(a.meta, ensure_ascii=False)):
        assert storable(value)


def test_nul_characters_are_stripped(tmp_path):
    path = jsonl(tmp_path / "n.jsonl", json.dumps({"text": "Protesters gathered\u0000 in Raqqa.",
                                                   "title": "A\u0000B", "note": "x\u0000"}))
    # a NUL after the first 8 KB of a text file is not "binary": it is stripped too
    txt = tmp_path / "late.txt"
    txt.write_text("Head\n\n" + "word " * 3000 + "\x00Shelling in Homs.", encoding="utf-8")
    arts, fails = split(read_paths([path, txt]))
    assert not fails
    assert arts[0].text.startswith("A") and "Protesters gathered in Raqqa." in arts[0].text
    assert arts[0].meta["extra"] == {"note": "x"}
    assert all("\x00" not in a.text for a in arts)


@pytest.mark.parametrize("length", [3_000, 20_000])
def test_a_very_long_date_field_is_kept_raw_not_parsed(tmp_path, length):
    date = ("1 " * length)[:length]
    path = jsonl(tmp_path / "d.jsonl", json.dumps({"text": GOOD1, "date": date}),
                 json.dumps({"text": GOOD2, "date": "2017-04-05"}))
    arts, fails = split(read_paths(path))
    assert not fails
    assert arts[0].published is None and arts[0].meta["date_raw"] == date
    assert str(arts[1].published) == "2017-04-05"
    assert parse_date("1 " * MAX_DATE_CHARS) is None
    assert str(parse_date("on " * 60 + "5 April 2017")) == "2017-04-05"   # patterns still look


def test_a_record_that_breaks_any_step_fails_alone(tmp_path, monkeypatch):
    import marsad.ingest.readers as readers

    def boom(value):
        if value == "bad":
            raise RecursionError("maximum recursion depth exceeded")
        return None

    monkeypatch.setattr(readers, "parse_date", boom)
    path = tmp_path / "f.csv"
    path.write_text(f"text,date\n\"{GOOD1}\",bad\n\"{GOOD2}\",\n", encoding="utf-8")
    arts, fails = split(read_paths(path))
    assert [a.text for a in arts] == [GOOD2]
    [f] = fails
    assert f.source == f"{path}:row 1" and "RecursionError" in f.reason


def test_an_unforeseen_error_reading_a_file_names_it_and_the_batch_goes_on(tmp_path, monkeypatch):
    import marsad.ingest.readers as readers

    def broken(*args, **kwargs):
        raise MemoryError("cannot allocate")

    (tmp_path / "a.txt").write_text(TXT)
    (tmp_path / "b.jsonl").write_text(json.dumps({"text": GOOD2}) + "\n")
    monkeypatch.setattr(readers, "_read_jsonl", broken)
    arts, fails = split(read_paths([tmp_path / "b.jsonl", tmp_path / "a.txt"]))
    assert [a.source_path for a in arts] == [str(tmp_path / "a.txt")]
    [f] = fails
    assert f.source == str(tmp_path / "b.jsonl") and "MemoryError" in f.reason


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses non-UTF-8 file names")
def test_non_utf8_file_name_is_read_and_named_with_escapes(tmp_path):
    folder = os.fsencode(tmp_path / "in")
    os.mkdir(folder)
    with open(os.path.join(folder, b"bad\xffname.txt"), "w", encoding="utf-8") as fh:
        fh.write(TXT)
    with open(os.path.join(folder, b"empty\xfe.txt"), "w", encoding="utf-8"):
        pass
    arts, fails = split(read_paths(tmp_path / "in"))
    [a] = arts
    assert a.source_path == str(tmp_path / "in" / "bad\\xffname.txt")
    assert storable(a.source_path)
    [f] = fails
    assert f.source == str(tmp_path / "in" / "empty\\xfe.txt") and storable(f.source)


def test_symlink_out_of_the_folder_is_refused(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text(TXT)
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "real.txt").write_text(TXT.replace("Aleppo", "Hama"))
    (folder / "out.txt").symlink_to(outside)
    (folder / "inside.txt").symlink_to(folder / "sub" / "real.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    arts, fails = split(read_paths(folder))
    assert sorted(Path(a.source_path).name for a in arts) == ["inside.txt", "real.txt"]
    by_name = {Path(f.source).name: f.reason for f in fails}
    assert "outside the folder" in by_name["out.txt"]
    assert "loop.txt" in by_name
    # so does a glob pattern from the folder
    globbed = list(read_paths(str(folder / "*.txt")))
    assert [Path(a.source_path).name for a in globbed if isinstance(a, Article)] == ["inside.txt"]
    assert any(isinstance(f, IngestFailure) and f.source.endswith("out.txt")
               and "outside the folder" in f.reason for f in globbed)
    # named explicitly, the same link is read: the user chose it
    [a] = read_paths(folder / "out.txt")
    assert isinstance(a, Article)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_and_device_are_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    (tmp_path / "good.txt").write_text(TXT)
    arts, fails = split(read_paths([fifo, tmp_path / "zero.txt", tmp_path / "good.txt"]))
    assert [Path(a.source_path).name for a in arts] == ["good.txt"]
    reasons = {Path(f.source).name: f.reason for f in fails}
    assert "named pipe (FIFO), not a regular file" in reasons["pipe.txt"]
    assert "character device, not a regular file" in reasons["zero.txt"]
    # in a folder too (the link to /dev/zero is outside it)
    arts, fails = split(read_paths(tmp_path))
    reasons = {Path(f.source).name: f.reason for f in fails}
    assert "named pipe" in reasons["pipe.txt"] and "outside the folder" in reasons["zero.txt"]


def test_size_limit_counts_what_is_read(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text(TXT * 100)
    [f] = read_paths(big, max_bytes=len(TXT))
    assert isinstance(f, IngestFailure) and "above the limit" in f.reason
    [a] = read_paths(big, max_bytes=len(TXT) * 100)
    assert isinstance(a, Article)
