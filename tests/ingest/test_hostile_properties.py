"""Property tests (issue 14.9): ingest of txt, JSONL and CSV holding arbitrary text never
raises; every record ends as an Article or as one failure naming its file (and line or
row); whatever is kept can be stored anywhere (UTF-8, no NUL)."""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from marsad.ingest import IngestFailure, read_paths
from marsad.model import Article

SETTINGS = settings(max_examples=120, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

#: any text a file can hold (a file's bytes decode to no lone surrogate)
file_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=400)
#: any string a JSON document can hold, lone surrogates included (as \\uXXXX escapes)
any_string = st.text(max_size=200)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | any_string,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(any_string, inner, max_size=4),
    max_leaves=20)
records = st.dictionaries(
    st.sampled_from(["text", "title", "source", "date", "url", "body", "x"]) | any_string,
    json_values | any_string, max_size=6)


def storable(value: object) -> bool:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in text


def check(results: list, path: Path) -> list:
    """Every result is an Article or a failure naming ``path``; articles are storable."""
    for r in results:
        assert isinstance(r, (Article, IngestFailure)), r
        if isinstance(r, IngestFailure):
            assert r.source == str(path) or r.source.startswith(f"{path}:"), r
            assert r.reason
        else:
            assert r.text.strip()
            for value in (r.text, r.title, r.outlet, r.url, r.source_path, r.meta, r.id):
                assert value is None or storable(value), (value, r)
    return results


def read(name: str, data: bytes) -> tuple[list, Path]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return check(list(read_paths(path)), path), path


@SETTINGS
@given(file_text)
@example("Head\n\nShelling in Homs\x00 killed two.")
@example("\n" * 5)
def test_text_files(text):
    results, path = read("a.txt", text.encode("utf-8"))
    assert len(results) == 1


@SETTINGS
@given(st.binary(max_size=400), st.sampled_from(["a.txt", "a.md", "a.jsonl", "a.csv", "a.json"]))
@example(b"\xff\xfe\x00\xd8", "a.txt")
@example(b'{"text": "x"' + b"[" * 5000, "a.jsonl")
def test_any_bytes_in_any_supported_file(data, name):
    read(name, data)


@SETTINGS
@given(st.lists(records | json_values | file_text, max_size=6))
@example([{"text": "Shelling in Homs \ud800 killed two."}])
@example([{"text": "Clashes in Hama.", "date": "1 " * 2000}])
@example([{"text": "Protest in Raqqa\x00."}])
def test_jsonl_lines(items):
    lines = [json.dumps(item) if not isinstance(item, str) else item.replace("\n", " ")
             for item in items]
    at = len(lines) // 2
    lines.insert(at, "[" * 200_000 + "]" * 200_000)   # nested too deeply
    results, path = read("a.jsonl", "\n".join(lines).encode("utf-8"))
    if len(results) == 1 and results[0].source == str(path):   # the whole file refused
        assert "binary file" in results[0].reason
        return
    expected = [n for n, line in enumerate(lines, 1) if line.strip()]
    # one result per non-blank line, in order, each naming its line
    assert len(results) == len(expected)
    for r, n in zip(results, expected):
        if isinstance(r, IngestFailure):
            assert r.source == f"{path}:line {n}"
    deep = results[expected.index(at + 1)]
    assert isinstance(deep, IngestFailure) and "nested too deeply" in deep.reason


@SETTINGS
@given(st.lists(st.lists(file_text, min_size=1, max_size=4), max_size=6),
       st.sampled_from([["text"], ["title", "text", "date"], ["body", "source"], ["x"]]))
@example([["Shelling in Homs\x00 killed two.", "1 " * 2000]], ["text", "date"])
def test_csv_rows(rows, header):
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    writer.writerows(rows)
    results, path = read("a.csv", buf.getvalue().encode("utf-8"))
    for r in results:
        if isinstance(r, IngestFailure):
            assert re.fullmatch(rf"{re.escape(str(path))}(:row \d+)?", r.source), r.source


@SETTINGS
@given(file_text | st.builds(
    "<html><head><title>{}</title></head><body><article><p>{}</p></article></body></html>".format,
    file_text, file_text))
@example("<html><body><article><p>Shelling in Homs\x00 killed two.</p></article></body></html>")
@example("<" * 5000 + "p>" * 5000)
def test_html_pages(page):
    results, path = read("a.html", page.encode("utf-8"))
    assert len(results) == 1
