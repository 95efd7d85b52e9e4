"""Read articles from files, folders and glob patterns; every bad input becomes an IngestFailure.

Formats by extension: plain text and Markdown (first line = headline), HTML (trafilatura's
main text, precision first), JSON lines, JSON and CSV/TSV (one article per row, columns
found by alias). Folders are walked recursively in sorted order, skipping hidden files and
README/LICENSE/ATTRIBUTION files; glob matches are sorted too, so a batch always comes out
in the same order.
"""

from __future__ import annotations

import codecs
import csv
import functools
import glob
import io
import itertools
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from ..model import Article
from .article import article_from_text
from .errors import EmptyArticle, IngestError, IngestFailure
from .infer import parse_date

SUPPORTED_EXTENSIONS: dict[str, str] = {
    ".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".csv": "csv", ".tsv": "csv",
}

#: field -> accepted column names (case-insensitive), first match wins
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("article_title", "title", "headline"),
    "text": ("article_content", "content", "text", "body"),
    "outlet": ("source", "outlet", "publisher", "site"),
    "date": ("date", "published", "publication_date", "pubdate"),
    "url": ("url", "link"),
}

_SKIP_IN_FOLDERS = re.compile(r"(?i)(?:readme|license|licence|attribution|notice|changelog)(?:\.\w+)?"
                              r"|source\.txt")
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
_SNIFF = 8192
# a fixed max_date (trafilatura defaults to today) keeps the output the same on every run
_HTML_DATE_PARAMS = {"original_date": True, "extensive_search": False, "max_date": "2099-12-31"}


Result = Article | IngestFailure


def sample_paths() -> list[str]:
    """The invented demonstration articles shipped in ``marsad/samples`` (sorted)."""
    root = resources.files("marsad").joinpath("samples")
    return sorted(str(p) for p in Path(str(root)).iterdir()
                  if p.suffix.lower() in SUPPORTED_EXTENSIONS and p.name.lower() != "readme.md")


def read_paths(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], *,
               columns: dict[str, str] | None = None, max_bytes: int = 50_000_000,
               encoding: str | None = None) -> Iterator[Result]:
    """Yield an Article for every article found, an IngestFailure for every bad input.

    ``columns`` overrides the column/field for ``title``, ``text``, ``outlet``, ``date`` or
    ``url`` in CSV/JSON inputs. ``max_bytes``: a larger file is skipped, except JSON lines
    and CSV/TSV, which are read a line at a time (never whole, whatever their size): there a
    longer line fails alone. ``encoding`` forces one encoding; by default UTF-8 is tried,
    then cp1252, then latin-1 (the one used is in ``meta["encoding"]``).
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    columns = dict(columns or {})
    unknown = sorted(set(columns) - set(COLUMN_ALIASES))
    if unknown:
        raise IngestError(f"unknown column mapping keys {unknown}; use {', '.join(COLUMN_ALIASES)}")
    for given in paths:
        given = os.fspath(given)
        try:
            for item in _expand(given):
                if isinstance(item, IngestFailure):
                    yield item
                else:
                    yield from _read_guarded(item, columns=columns, max_bytes=max_bytes,
                                             encoding=encoding)
        except Exception as exc:  # noqa: BLE001 - one input never ends the batch
            yield IngestFailure(display_path(given), f"cannot read: {_reason(exc)}")


def display_path(path: str) -> str:
    """``path`` as a string any store or UTF-8 file can hold: the bytes of a non-UTF-8 file
    name (decoded by Python as lone surrogates) written as ``\\xff`` escapes."""
    if path.isascii():
        return path
    try:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    except UnicodeError:
        return path.encode("utf-8", "backslashreplace").decode("utf-8")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "nested too deeply (RecursionError)"
    if isinstance(exc, OSError):
        return str(exc.strerror or exc)
    return f"{type(exc).__name__}: {exc}"


def _read_guarded(path: str, **kwargs: Any) -> Iterator[Result]:
    """:func:`_read_file`, with any error it did not foresee turned into a failure naming
    the file (the file's articles already yielded stay)."""
    try:
        yield from _read_file(path, **kwargs)
    except Exception as exc:  # noqa: BLE001 - one input never ends the batch
        yield IngestFailure(display_path(path), f"cannot read: {_reason(exc)}")


def _expand(given: str) -> Iterator[str | IngestFailure]:
    path = Path(given)
    if path.is_dir():
        root = path.resolve()
        found: list[str] = []
        for name in sorted(str(p) for p in path.rglob("*")):
            p = Path(name)
            if _hidden(p.relative_to(path)) or _SKIP_IN_FOLDERS.fullmatch(p.name):
                continue
            if p.is_symlink() and not _resolves_inside(p, root):
                yield IngestFailure(display_path(name),
                                    "symbolic link to a file outside the folder given; "
                                    "name the file itself to read it")
                continue
            if not p.is_dir():   # devices, FIFOs and broken links too: _read_file names them
                found.append(name)
        if not found:
            yield IngestFailure(display_path(given), "folder holds no files")
        yield from found
    elif path.exists() or path.is_symlink():
        yield given
    elif glob.has_magic(given):
        # the folder the pattern starts from is the input folder: no link out of it either
        parts = Path(given).parts
        base = Path(*parts[:next(i for i, part in enumerate(parts) if glob.has_magic(part))] or ".")
        root = base.resolve()
        found = []
        for name in sorted(p for p in glob.glob(given, recursive=True) if Path(p).is_file()):
            if Path(name).is_symlink() and not _resolves_inside(Path(name), root):
                yield IngestFailure(display_path(name),
                                    "symbolic link to a file outside the folder given; "
                                    "name the file itself to read it")
            else:
                found.append(name)
        if not found:
            yield IngestFailure(display_path(given), "pattern matched no files")
        yield from found
    else:
        yield IngestFailure(display_path(given), "no such file or folder")


def _resolves_inside(link: Path, root: Path) -> bool:
    try:
        return link.resolve().is_relative_to(root)
    except (OSError, RuntimeError):  # a link loop
        return False


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts)


def _read_failure(exc: Exception) -> str:
    """The message of a file that could not be opened or read: ours as it is, the system's
    as "cannot read: ..."."""
    if isinstance(exc, IngestError):
        return str(exc)
    return f"cannot read: {exc.strerror if isinstance(exc, OSError) and exc.strerror else exc}"


def _read_file(path: str, *, columns: dict[str, str], max_bytes: int,
               encoding: str | None) -> Iterator[Result]:
    name = display_path(path)   # what failures and Article.source_path say
    kind = SUPPORTED_EXTENSIONS.get(Path(path).suffix.lower())
    if kind is None:
        yield IngestFailure(name, f"unsupported file type {display_path(Path(path).suffix) or '(no extension)'!r}; "
                                  f"supported: {', '.join(SUPPORTED_EXTENSIONS)}")
        return
    if kind in STREAMED:
        try:
            fh = _open_regular(path)
        except (IngestError, OSError) as exc:
            yield IngestFailure(name, _read_failure(exc))
            return
        with fh:
            lines = _streamed_lines(fh, encoding, max_bytes)
            if lines is not None:
                meta: dict[str, Any] = {}
                if kind == "jsonl":
                    yield from _read_jsonl(_decoded(lines, meta, encoding=encoding), name,
                                           columns, meta, max_bytes)
                else:
                    yield from _read_csv(_CsvLines(_decoded(lines, meta, encoding=encoding)),
                                         name, columns, meta, delimiter="\t" if
                                         path.lower().endswith(".tsv") else None)
                return
    try:
        data = _read_bytes(path, max_bytes)
    except (IngestError, OSError) as exc:
        yield IngestFailure(name, _read_failure(exc))
        return
    try:
        declared = _declared_charset(data) if kind == "html" and not encoding else None
        text, used = decode_bytes(data, encoding, declared=declared)
    except IngestError as exc:
        yield IngestFailure(name, str(exc))
        return
    if not text.strip():
        yield IngestFailure(name, "empty file" + (" (0 bytes)" if not data else " (only whitespace)"))
        return
    meta = {"encoding": used}
    if kind in ("text", "markdown"):
        if kind == "markdown":
            text = _strip_markdown(text)
        yield _guard(name, lambda: article_from_text(
            text, source_path=name, meta=meta, title_from_first_line=True))
    elif kind == "html":
        yield _guard(name, lambda: _article_from_html(text, name, meta))
    elif kind == "jsonl":
        yield from _read_jsonl(text.split("\n"), name, columns, meta, max_bytes)
    elif kind == "json":
        yield from _read_json(text, name, columns, meta)
    else:
        yield from _read_csv(io.StringIO(text, newline=""), name, columns, meta,
                             delimiter="\t" if path.lower().endswith(".tsv") else None)


#: formats read a line (a row) at a time, never whole: a 5 GB feed takes the memory of its
#: longest record; ``max_bytes`` bounds each line instead of the file
STREAMED = frozenset({"jsonl", "csv"})


class _TooLong(IngestError):
    """A line above ``max_bytes`` (skipped, unread)."""


def _streamed_lines(fh: io.BufferedReader, encoding: str | None,
                    max_bytes: int) -> Iterator[bytes | None] | None:
    """The file's lines as bytes (None for one above ``max_bytes``, skipped without being
    held), or None when it must be read whole instead: empty, blank or binary at its
    start, UTF-16 (a BOM), or a given encoding whose newline is not the byte 0x0A. The
    whole-file path then says why, as for any file."""
    head = fh.peek(_SNIFF)[:_SNIFF]
    if (not head.strip() or head.startswith((b"\xff\xfe", b"\xfe\xff"))
            or b"\x00" in head
            or len(head) - len(head.translate(None, _CONTROL_BYTES)) > 0.05 * len(head)):
        return None
    if encoding:
        try:
            if "\n".encode(encoding) != b"\n":
                return None
        except LookupError:
            return None

    def lines() -> Iterator[bytes | None]:
        while line := fh.readline(max_bytes + 1):
            if len(line) > max_bytes and not line.endswith(b"\n"):
                while (rest := fh.readline(1 << 20)) and not rest.endswith(b"\n"):
                    pass
                yield None
                continue
            yield line
    return lines()


class _CsvLines:
    """Decoded lines for ``csv.reader``, split as a text file opened with ``newline=""``
    splits them (a lone ``\r`` ends one too); a line above the limit raises
    :class:`_TooLong` from ``next`` and the lines after it still come (a generator that
    raised would end)."""

    def __init__(self, lines: Iterator[str | None]):
        self._lines = lines
        self._parts: list[str] = []

    def __iter__(self) -> _CsvLines:
        return self

    def __next__(self) -> str:
        while not self._parts:
            line = next(self._lines)
            if line is None:
                raise _TooLong("a line above the size limit")
            self._parts = list(io.StringIO(line, newline=""))
            self._parts.reverse()
        return self._parts.pop()


def _decoded(lines: Iterator[bytes | None], meta: dict[str, Any], *,
             encoding: str | None = None) -> Iterator[str | None]:
    """Each line decoded on its own (a given encoding, else UTF-8, cp1252, latin-1: what
    :func:`decode_bytes` does for a whole file), ``meta["encoding"]`` saying which; a UTF-8
    BOM on the first line is dropped. A line above the limit is None."""
    first = True
    for raw in lines:
        if raw is None:
            yield None
            continue
        if first and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
            meta["encoding"] = "utf-8-sig"
            yield raw.decode("utf-8", errors="replace")
            first = False
            continue
        first = False
        names = (encoding,) if encoding else ("utf-8", "cp1252")
        for name in names:
            try:
                line = raw.decode(name)
                meta["encoding"] = name
                break
            except UnicodeDecodeError as exc:
                if encoding:
                    raise IngestError(f"cannot decode as {encoding}: {exc.reason}") from None
        else:
            line = raw.decode("latin-1")
            meta["encoding"] = "latin-1"
        yield line


_FILE_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
               (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
               (stat.S_ISSOCK, "a socket"))


def _open_regular(path: str) -> io.BufferedReader:
    """The file opened for reading in binary; IngestError for what is not a regular file
    (checked on the file opened, without blocking on a FIFO)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    fh = open(fd, "rb")
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            what = next((kind for test, kind in _FILE_KINDS if test(mode)), "not a regular file")
            raise IngestError(f"{what}, not a regular file; only regular files are read")
    except BaseException:
        fh.close()
        raise
    return fh


def _read_bytes(path: str, max_bytes: int) -> bytes:
    """The file's bytes; IngestError for what is not a regular file (see
    :func:`_open_regular`) and for a file above ``max_bytes`` (counted on what is read,
    not on what the file system claims)."""
    with _open_regular(path) as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        size = os.path.getsize(path)
        shown = f"{size:,} bytes" if size > max_bytes else f"above {max_bytes:,} bytes"
        raise IngestError(f"file is {shown}, above the limit of {max_bytes:,} bytes; "
                          "raise max_bytes to read it")
    return data


def _guard(source: str, build) -> Result:
    """``build()``, or an IngestFailure naming ``source`` for any error it raises: one bad
    record (too deeply nested, a date that breaks dateparser, ...) never ends the batch."""
    try:
        return build()
    except IngestError as exc:
        return IngestFailure(source, str(exc))
    except Exception as exc:  # noqa: BLE001 - reported by name; the batch goes on
        return IngestFailure(source, _reason(exc))


_CHARSET_RE = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_\-]{2,30})""", re.IGNORECASE)


def _declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag, if it is one Python knows."""
    m = _CHARSET_RE.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(data: bytes, encoding: str | None = None, *,
                 declared: str | None = None) -> tuple[str, str]:
    """Decode file bytes: a given encoding, else by BOM, the page's declared charset,
    UTF-8, cp1252, latin-1.

    Raises IngestError for binary data (NUL bytes, many control characters) or when the
    given encoding does not fit.
    """
    if encoding:
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise IngestError(f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            raise IngestError(f"cannot decode as {encoding}: {exc.reason} at byte {exc.start}") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise IngestError(f"bad UTF-16 text: {exc.reason} at byte {exc.start}") from None
    head = data[:_SNIFF]
    if b"\x00" in head:
        raise IngestError("binary file (contains NUL bytes), not a text document")
    if head:
        control = len(head) - len(head.translate(None, _CONTROL_BYTES))
        if control / len(head) > 0.05:
            raise IngestError(f"binary file ({control / len(head):.0%} control characters), "
                              "not a text document")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    for name in dict.fromkeys(n for n in (declared, "utf-8", "cp1252") if n):
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_MARK = re.compile(r"(?m)^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+(?=\S))|\*\*|__")


def _strip_markdown(text: str) -> str:
    return _MD_MARK.sub("", _MD_LINK.sub(r"\1", _MD_IMAGE.sub("", text)))


def _article_from_html(html: str, path: str, meta: dict[str, Any]) -> Article:
    import trafilatura  # heavy; only needed for HTML
    from trafilatura.settings import Document

    doc = trafilatura.bare_extraction(html, favor_precision=True, with_metadata=True,
                                      include_comments=False, include_tables=False,
                                      date_extraction_params=_HTML_DATE_PARAMS)
    body = getattr(doc, "text", None) if doc is not None else None
    if not body or not body.strip():
        raise IngestError("no article text found in the HTML page")
    assert isinstance(doc, Document)  # as_dict=False: a Document (None and a dict have no .text)
    day = parse_date(doc.date) if doc.date else None
    if doc.date and day is None:
        meta["date_raw"] = doc.date
    if doc.author:
        meta["author"] = doc.author
    try:
        return article_from_text(body, title=doc.title, outlet=doc.sitename, published=day,
                                 url=doc.url, source_path=path, meta=meta)
    except EmptyArticle:
        raise EmptyArticle("no article text found in the HTML page (only page junk)") from None


# ---------------------------------------------------------------------------
# Row formats: CSV/TSV, JSON lines, JSON
# ---------------------------------------------------------------------------


def _resolve_columns(names: list[str], columns: dict[str, str], where: str) -> dict[str, str]:
    """field -> actual column name; raises IngestError without a text column."""
    by_lower = {n.strip().lstrip("\ufeff").lower(): n for n in names}
    resolved: dict[str, str] = {}
    for field, aliases in COLUMN_ALIASES.items():
        if field in columns:
            actual = by_lower.get(columns[field].strip().lower())
            if actual is None:
                raise IngestError(f"column {columns[field]!r} (given for {field}) not found in {where}; "
                                  f"columns found: {', '.join(names) or '(none)'}")
            resolved[field] = actual
            continue
        for alias in aliases:
            if alias in by_lower:
                resolved[field] = by_lower[alias]
                break
    if "text" not in resolved:
        raise IngestError(f"no text column in {where}; columns found: {', '.join(names) or '(none)'}; "
                          f"accepted: {', '.join(COLUMN_ALIASES['text'])} "
                          "(or map one: `--columns text=NAME` on the command line, columns={'text': NAME} in Python)")
    return resolved


def _article_from_record(record: dict[str, Any], fields: dict[str, str], source: str,
                         meta: dict[str, Any]) -> Article:
    text = record.get(fields["text"])
    if not isinstance(text, str):
        kind = "missing" if text is None else f"a {type(text).__name__}, not text"
        raise IngestError(f"text field {fields['text']!r} is {kind}")
    values = {f: record.get(col) for f, col in fields.items() if f != "text"}
    meta = dict(meta)
    raw_date = values.get("date")
    day = parse_date(raw_date) if raw_date not in (None, "") else None
    if raw_date not in (None, "") and day is None:
        meta["date_raw"] = str(raw_date)
    used = set(fields.values())
    extra = {k: v for k, v in record.items() if k not in used and k is not None}
    if extra:
        meta["extra"] = extra

    def opt(name: str) -> str | None:
        value = values.get(name)
        return None if value in (None, "") else str(value)

    return article_from_text(text, title=opt("title"), outlet=opt("outlet"), published=day,
                             url=opt("url"), source_path=source, meta=meta)


def _read_csv(lines: Iterable[str], path: str, columns: dict[str, str], meta: dict[str, Any],
              delimiter: str | None) -> Iterator[Result]:
    """The rows of a CSV file given as its lines (with their line ends): the whole text's,
    or a stream's (:data:`STREAMED`), whose meta ``encoding`` is the last line's."""
    lines = iter(lines)
    try:
        first = next(lines, "")
    except _TooLong:
        yield IngestFailure(path, "cannot read the CSV header: a line above the size limit "
                                  "(max_bytes)")
        return
    if delimiter is None:
        head = first.rstrip("\r\n")
        delimiter = max((",", ";", "\t"), key=head.count) if head.count(",") == 0 else ","
    reader = csv.reader(itertools.chain([first], lines), delimiter=delimiter)
    try:
        header = next(reader)
    except (csv.Error, StopIteration) as exc:
        yield IngestFailure(path, f"cannot read the CSV header: {exc}")
        return
    try:
        fields = _resolve_columns(header, columns, path)
    except IngestError as exc:
        yield IngestFailure(path, str(exc))
        return
    row_number = 0
    while True:
        row_number += 1
        source = f"{path}:row {row_number}"
        try:
            row = next(reader)
        except StopIteration:
            return
        except _TooLong:
            yield IngestFailure(source, "a line above the size limit (max_bytes), skipped unread")
            continue
        except csv.Error as exc:
            yield IngestFailure(source, f"malformed CSV row: {exc}")
            continue
        if not any(cell.strip() for cell in row):
            row_number -= 1
            continue
        if len(row) != len(header):
            yield IngestFailure(source, f"malformed CSV row: {len(row)} fields, header has {len(header)}")
            continue
        record = dict(zip(header, row))
        yield _guard(source, functools.partial(_article_from_record, record, fields, source,
                                               {**meta, "row": row_number}))


def _read_jsonl(lines: Iterable[str | None], path: str, columns: dict[str, str],
                meta: dict[str, Any], max_bytes: int) -> Iterator[Result]:
    """One result per non-blank line: the whole text's lines, or a stream's
    (:data:`STREAMED`: None for a line above ``max_bytes``, and meta ``encoding`` says how
    the line just read was decoded)."""
    for number, line in enumerate(lines, 1):
        source = f"{path}:line {number}"
        if line is None:
            yield IngestFailure(source, f"line above the limit of {max_bytes:,} bytes, skipped "
                                        "unread; raise max_bytes to read it")
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield IngestFailure(source, f"malformed JSON line: {exc.msg} at column {exc.colno}")
            continue
        except RecursionError:
            yield IngestFailure(source, "malformed JSON line: nested too deeply")
            continue
        yield _record_result(record, source, columns, {**meta, "line": number})


def _read_json(text: str, path: str, columns: dict[str, str],
               meta: dict[str, Any]) -> Iterator[Result]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        yield IngestFailure(path, f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")
        return
    except RecursionError:
        yield IngestFailure(path, "malformed JSON: nested too deeply")
        return
    if isinstance(doc, dict) and isinstance(doc.get("articles"), list):
        doc = doc["articles"]
    items = doc if isinstance(doc, list) else [doc]
    for index, record in enumerate(items, 1):
        source = f"{path}:item {index}" if isinstance(doc, list) else path
        yield _record_result(record, source, columns, {**meta, "item": index})


def _record_result(record: Any, source: str, columns: dict[str, str],
                   meta: dict[str, Any]) -> Result:
    if not isinstance(record, dict):
        return IngestFailure(source, f"expected a JSON object, got {type(record).__name__}")

    def build() -> Article:
        fields = _resolve_columns(list(record), columns, "this record")
        return _article_from_record(record, fields, source, meta)

    return _guard(source, build)
