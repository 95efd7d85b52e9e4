"""Text normalization and the line-level page-junk filter.

The filter's rules live in ``junk_patterns.txt`` (data, theater-independent); the few
structural heuristics that regexes cannot express are here: a line that repeats an earlier
line (a duplicated headline), link lists after a "Related Articles" header, trailing
headline-like lines after the last real paragraph, and hard-wrapped paragraphs.

The cleaned text is paragraphs joined by a blank line; all offsets index into it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .errors import IngestError

RULE_KINDS = ("line", "strip", "list", "end", "tags", "lead")

# Curly quotes, odd spaces and invisible characters -> plain equivalents.
_CHAR_MAP = {
    **{c: "'" for c in "\u2018\u2019\u201a\u201b\u2032\u02bc"},
    **{c: '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"},
    **{c: " " for c in "\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
       "\u202f\u205f\u3000\t\f\v"},
    **{c: "" for c in "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f"},
    **{c: "-" for c in "\u2010\u2011"},
    **{c: "\n" for c in "\u2028\u2029\x85\r"},
}
# str.translate looks up every character; a regex over the few special ones is ~10x faster
_CHAR_RE = re.compile("[" + "".join(_CHAR_MAP) + "]")

# what no store can keep in a text column: NUL (PostgreSQL refuses it) and lone surrogates
# (a JSON "\ud800" escape, a non-UTF-8 file name: not encodable as UTF-8)
_UNSTORABLE_RE = re.compile("[\x00\ud800-\udfff]")

# UTF-8 text that was decoded as cp1252 somewhere upstream ("Assadâ€™s").
_MOJIBAKE = (("\u00e2\u20ac\u2122", "'"), ("\u00e2\u20ac\u02dc", "'"), ("\u00e2\u20ac\u0153", '"'),
             ("\u00e2\u20ac\x9d", '"'), ("\u00e2\u20ac\u201c", "\u2013"),
             ("\u00e2\u20ac\u201d", "\u2014"), ("\u00e2\u20ac\u00a6", "\u2026"), ("\u00c2\u00a0", " "))

MAX_LOOSE_KEY = 200
MAX_WRAP_WIDTH = 100
_TERMINAL = ".!?:;\u2026"
_QUOTES = "\"')]"
_ALNUM_RE = re.compile(r"[^\w]+", re.UNICODE)


@dataclass(frozen=True)
class JunkRules:
    """Compiled junk rules: one alternation per kind (None when a kind has no rule)."""

    line: re.Pattern[str] | None
    strip: re.Pattern[str] | None
    list_header: re.Pattern[str] | None
    end: re.Pattern[str] | None
    source: str
    tags: re.Pattern[str] | None = None   # opens a run of tags glued to the lead ("Tags ...")
    lead: re.Pattern[str] | None = None   # function words: the lead has begun by one


def default_rules_path() -> str:
    return str(resources.files("marsad.ingest").joinpath("junk_patterns.txt"))


@lru_cache(maxsize=8)
def load_junk_rules(path: str | None = None) -> JunkRules:
    """Read and compile a junk-pattern file (cached per path; the result is immutable)."""
    path = path or default_rules_path()
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise IngestError(f"cannot read junk patterns {path}: {exc.strerror or exc}") from exc
    by_kind: dict[str, list[str]] = {k: [] for k in RULE_KINDS}
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        kind, sep, pattern = line.partition(":")
        kind, pattern = kind.strip(), pattern.strip()
        if not sep or kind not in by_kind or not pattern:
            raise IngestError(f"{path}:{number}: expected '<kind>: <regex>' with kind in "
                              f"{', '.join(RULE_KINDS)}, got {raw!r}")
        try:
            re.compile(pattern)
        except re.error as exc:
            raise IngestError(f"{path}:{number}: bad regex {pattern!r}: {exc}") from exc
        by_kind[kind].append(pattern)

    def join(patterns: list[str]) -> re.Pattern[str] | None:
        if not patterns:
            return None
        return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)

    lead = join(by_kind["lead"])
    return JunkRules(line=join(by_kind["line"]), strip=join(by_kind["strip"]),
                     list_header=join(by_kind["list"]), end=join(by_kind["end"]), source=path,
                     tags=join(by_kind["tags"]),
                     lead=re.compile(rf"\b(?:{lead.pattern})\b", re.IGNORECASE) if lead else None)


def normalize_text(text: str) -> str:
    """NFC, straight quotes, plain spaces, no invisible characters, ``\\n`` line ends; no NUL
    and no lone surrogate (see :func:`scrub_text`)."""
    text = scrub_text(text)
    if "\u00e2\u20ac" in text or "\u00c2\u00a0" in text:
        for bad, good in _MOJIBAKE:
            text = text.replace(bad, good)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n")
    return _CHAR_RE.sub(_replace_char, text)


def scrub_text(text: str) -> str:
    """``text`` without NUL characters and with U+FFFD for each lone surrogate: what every
    store (SQLite, PostgreSQL) and every UTF-8 file can hold. Ingest passes each string it
    keeps through this."""
    if _UNSTORABLE_RE.search(text) is None:
        return text
    return _UNSTORABLE_RE.sub(_unstorable, text)


def _unstorable(m: re.Match[str]) -> str:
    return "" if m.group() == "\x00" else "\ufffd"


def scrub_value(value: object) -> object:
    """:func:`scrub_text` on every string in a JSON-like value (dict keys included)."""
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, dict):
        return {scrub_value(k): scrub_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub_value(v) for v in value]
    if isinstance(value, tuple):
        return tuple(scrub_value(v) for v in value)
    return value


def _replace_char(m: re.Match[str]) -> str:
    return _CHAR_MAP[m.group()]


def line_key(line: str) -> str:
    """Comparison key for duplicates: lower-case alphanumerics only."""
    return _ALNUM_RE.sub("", line.casefold())


def ends_sentence(line: str) -> bool:
    """Whether a line ends like a sentence (period, question mark, quote after a period...)."""
    end = line.rstrip()
    while end and end[-1] in _QUOTES:
        end = end[:-1].rstrip()
        if end and end[-1] in _TERMINAL + ",":
            return True
    return bool(end) and end[-1] in _TERMINAL


def headline_like(line: str, max_words: int = 20) -> bool:
    """Short and not ending like a sentence: a headline, a link, a caption, a button."""
    return not ends_sentence(line) and len(line.split()) <= max_words


def clean_text(text: str, rules: JunkRules | None = None) -> str:
    """Normalize ``text`` and drop page junk; paragraphs are joined by a blank line."""
    return clean_normalized(normalize_text(text), rules)


def clean_normalized(text: str, rules: JunkRules | None = None) -> str:
    """:func:`clean_text` for text already passed through :func:`normalize_text`."""
    rules = rules or load_junk_rules()
    blocks = _filtered_blocks(text, rules)
    paragraphs: list[str] = []
    for block in blocks:
        paragraphs.extend(_unwrap(block))
    _trim_trailing_headlines(paragraphs)
    return "\n\n".join(paragraphs)


def _filtered_blocks(text: str, rules: JunkRules) -> list[list[str]]:
    """Kept lines, grouped into runs of adjacent lines (a dropped line breaks a run)."""
    blocks: list[list[str]] = []
    current: list[str] = []
    seen: set[str] = set()
    in_list = False
    line_re, strip_re, list_re, end_re = rules.line, rules.strip, rules.list_header, rules.end
    if strip_re is not None and strip_re.search(text) is None:
        strip_re = None  # one search of the whole text spares a substitution per line
    for raw in text.split("\n"):
        line = " ".join(raw.split())
        if not line:
            if current:
                blocks.append(current)
                current = []
            continue
        keep = True
        if end_re is not None and end_re.fullmatch(line):
            break
        if list_re is not None and list_re.fullmatch(line):
            in_list, keep = True, False
        elif in_list and headline_like(line):
            keep = False
        else:
            in_list = False
            if line_re is not None and line_re.fullmatch(line):
                keep = False
            elif strip_re is not None:
                stripped = strip_re.sub("", line)
                if stripped != line:
                    line = " ".join(stripped.split())
                    keep = bool(line) and not (line_re is not None and line_re.fullmatch(line))
        if keep and rules.tags is not None and rules.lead is not None:
            tag_run, line = _split_tag_run(line, rules.tags, rules.lead)
            if tag_run:
                # a paragraph of its own: the article's topic words, not the lead's
                if current:
                    blocks.append(current)
                blocks.append([tag_run])
                current = []
        if keep:
            # short lines compare loosely (a re-punctuated headline), long ones exactly
            key = line_key(line) if len(line) <= MAX_LOOSE_KEY else line.casefold()
            if not key or key in seen:
                keep = False
            else:
                seen.add(key)
        if keep:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


#: how far into a tagged line the lead must have begun
_TAG_RUN_CHARS = 300
_CAPITALIZED = re.compile(r"(?<!\S)[A-Z0-9][\w'-]*")


def _split_tag_run(line: str, tags: re.Pattern[str], lead: re.Pattern[str]) -> tuple[str, str]:
    """"Tags Ruritania Westmark army war Government shelling of a border town ...":
    a page's tag list run together with the lead, split off as ("Tags ... war", "Government
    shelling ..."): its places and groups are the article's topics, not the lead's actors
    and places. The lead begins after a full stop in the run, at a function word written
    capitalized ("The", "At least"), or at the last capitalized word before the first
    function word. ("", line) when no function word comes soon enough."""
    opener = tags.match(line)
    if opener is None:
        return "", line
    body = line[opener.end():]
    stop = body.find(". ", 0, _TAG_RUN_CHARS)
    word = lead.search(body, 0, _TAG_RUN_CHARS)
    if word is None:
        return "", line
    if 0 <= stop < word.start():
        start = stop + 2
    elif word.group(0)[0].isupper():
        start = word.start()
    else:
        caps = [m.start() for m in _CAPITALIZED.finditer(body, 0, word.start())]
        if not caps:
            return "", line
        start = caps[-1]
    head, rest = line[:opener.end() + start].strip().rstrip("."), body[start:].strip()
    return (head, rest) if rest else ("", line)


def _unwrap(block: list[str]) -> list[str]:
    """Split a run of adjacent lines into paragraphs, re-joining hard-wrapped lines."""
    if len(block) == 1:
        return block
    body = block[:-1]
    # hard-wrapped text: lines of similar, limited width, most ending mid-sentence
    wrapped = (len(block) >= 3 and max(len(line) for line in block) <= MAX_WRAP_WIDTH
               and all(len(line) >= 40 for line in body)
               and 2 * sum(not ends_sentence(line) for line in body) >= len(body))
    out = [block[0]]
    for line in block[1:]:
        prev = out[-1]
        if wrapped or (not ends_sentence(prev) and line[:1].islower()):
            joined_word = prev.endswith("-") and not prev.endswith(" -") and line[:1].islower()
            out[-1] = prev + line if joined_word else f"{prev} {line}"
        else:
            out.append(line)
    return out


def _trim_trailing_headlines(paragraphs: list[str]) -> None:
    """Drop related-headline lines left after the last real paragraph."""
    while len(paragraphs) > 1 and headline_like(paragraphs[-1]):
        if not any(not headline_like(p) for p in paragraphs[:-1]):
            return
        paragraphs.pop()
