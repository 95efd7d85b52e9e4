"""Transliteration-tolerant keys for Arabic names written in Latin script.

Two keys, for two jobs:

- :func:`place_name_key` (the gazetteer's, landmarks'): an exact-lookup key that folds a
  whole name into one string, spaces gone ("Deir ez-Zor" -> "darzar");
- :func:`loose_name_key` (the linker's): a per-word key that keeps word boundaries and folds
  fewer letters, for comparing names and words across reports ("al-Hikmeh" -> "hikm").

They are not interchangeable: each one's keys are stored or compared only with its own.

``place_name_key`` maps the many spellings of one name to one key, so that exact dictionary
lookup does most of the matching::

    Hamdaniya, Hamdanyya, al-Hamdaniyah  -> "hamdan"
    Ramousa, Ramouseh, Ramousah          -> "ramas"
    Deir ez-Zor, Deir Ezzor, Dayr al-Zawr -> "darzar"

The key is built token by token (``token_key``) so a tagger can fold each word of an
article once and join n-grams by concatenation.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Arabic article forms written as their own token ("al-Bab", "Deir ez-Zor").
ARTICLES = frozenset({
    "al", "el", "il", "ul", "ar", "er", "as", "es", "ash", "esh", "ech", "ad", "ed", "at",
    "et", "az", "ez", "an", "en", "ath", "adh", "ac",
})
# sun-letter assimilation glued to the word: "Ezzor", "Arraqqa", "Assuwayda", "Alleramoon"
_GLUED_ARTICLE = re.compile(r"^(?:a|e)(?:l(?=l)|(t|d|r|z|s|n)(?=\1))")
_APOSTROPHES = dict.fromkeys(map(ord, "'`’‘ʿʾ´\u02bb\u02bc\u02bd\u2032"), None)
#: letters NFKD does not decompose: Turkish dotless i ("Umranlı" is 'Umranli)
_UNDECOMPOSED = {ord("ı"): "i", ord("İ"): "I"}
_SPLIT = re.compile(r"[^a-z0-9]+")
_DIGRAPHS = (("kh", "k"), ("gh", "g"), ("dh", "d"), ("th", "t"), ("sh", "s"), ("ch", "s"),
             ("ph", "f"), ("dj", "j"), ("q", "k"), ("c", "k"), ("x", "ks"), ("ou", "u"))
_VOWELS = frozenset("aeiou")
#: "Kfar Nabl", "Kfer Zita": the colloquial Kfar is the Kafr of other outlets
_KFAR = re.compile(r"^kf[aei]r")


def fold_ascii(text: str) -> str:
    """Lowercase, strip diacritics and apostrophes/ayn marks."""
    text = text.translate(_APOSTROPHES)
    if text.isascii():   # most names: nothing to decompose
        return text.lower()
    text = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


@lru_cache(maxsize=65536)   # pure, and an article's words recur across articles
def token_key(token: str) -> str:
    """Fold one lowercase ASCII token; "" for an article."""
    if token in ARTICLES:
        return ""
    if len(token) > 4:
        token = _GLUED_ARTICLE.sub("", token, count=1)
    if token.startswith("kf"):
        token = _KFAR.sub("kafr", token, count=1)
    for a, b in _DIGRAPHS:
        if a in token:
            token = token.replace(a, b)
    out: list[str] = []
    n = len(token)
    prev_vowel = False
    prev = ""
    for i, ch in enumerate(token):
        nxt = token[i + 1] if i + 1 < n else ""
        if ch in _VOWELS:
            vowel = True
        elif ch == "y":
            # vowel in -iya/-yya/Abyad/Dayr; consonant word-initially and in Darayya/Mayadin
            if i == 0:
                vowel = False
            elif prev in "ie" and i > 1 and token[i - 2] in _VOWELS:
                vowel = nxt not in _VOWELS  # "Daraiya", "Dareiya": a consonant y after a diphthong
            elif prev in "ie" or (prev == "y" and prev_vowel) or not prev_vowel:
                vowel = True
            else:
                vowel = not (nxt in _VOWELS or nxt == "y")
        elif ch == "w":
            # a vowel in a diphthong ("Zawr") but not before a vowel ("Wadi", "Awad")
            vowel = prev_vowel and nxt not in _VOWELS
        elif ch == "h" and prev_vowel and i == n - 1:
            continue  # trailing -ah/-eh/-iyah
        else:
            vowel = False
        if vowel:
            if not prev_vowel:
                out.append("a")
        elif not out or out[-1] != ch:
            out.append(ch)
        prev_vowel = vowel
        prev = ch
    # a final -a/-e/-o vowel varies (Ramousa/Ramouseh); a final -i does not (Halab/Halabi)
    if token[-1:] in ("i", "y") and token[-2:-1] not in ("i", "y") and out and out[-1] == "a":
        out[-1] = "i"
        return "".join(out)
    if len(out) > 2 and out[-1] == "a":
        out.pop()
    return "".join(out)


def tokens(text: str) -> list[str]:
    return [t for t in _SPLIT.split(fold_ascii(text)) if t]


@lru_cache(maxsize=65536)   # pure
def place_name_key(name: str) -> str:
    """The lookup key of a place name (see module doc)."""
    return join_keys([token_key(t) for t in tokens(name)])


def join_keys(parts: list[str]) -> str:
    """Concatenate token keys, collapsing a doubled letter at a seam, so that
    "Tall Biseh" and "Tallbisah" agree."""
    out = ""
    for p in parts:
        if p:
            out += p[1:] if out and out[-1] == p[0] else p
    return out


# --- the linker's per-word key ------------------------------------------------------------

_LOOSE_ARTICLES = ("al", "el", "ar", "as", "ad", "an", "at", "az", "ash", "ath", "adh", "ad-")
_LOOSE_FOLD = (("ou", "u"), ("oo", "u"), ("ee", "i"), ("ei", "i"), ("ai", "i"), ("ay", "i"),
               ("y", "i"), ("q", "k"), ("e", "a"), ("o", "u"))


def strip_accents(text: str) -> str:
    """Text without diacritics, with a typographic apostrophe as a plain one (case kept)."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).replace("’", "'")


@lru_cache(maxsize=65536)   # a pure function of a short string: names and words recur
def loose_name_key(name: str) -> str:
    """A transliteration-tolerant key for a proper name, word by word ("al-Hikmeh" -> "hikm")."""
    out = []
    for tok in re.split(r"[\s'’`-]+", strip_accents(name).lower()):
        tok = re.sub(r"[^a-z0-9]", "", tok)
        if not tok or tok in _LOOSE_ARTICLES:
            continue
        if len(tok) > 4:
            tok = re.sub(r"(?:ah|eh|a|e|h)$", "", tok)   # ta marbuta endings
        for a, b in _LOOSE_FOLD:
            tok = tok.replace(a, b)
        tok = re.sub(r"(.)\1+", r"\1", tok)
        out.append(tok)
    return " ".join(out)


# --- same-length folding (offsets stay valid) ---------------------------------------------

_FOLD_APOSTROPHES = "'`\u2018\u2019\u02bc\u02bf\u02be\u00b4"
_FOLD_DASHES = "-\u2010\u2011\u2012\u2013\u2014"


def fold_char(ch: str) -> str:
    """One character, case- and diacritic-folded, as exactly one character."""
    if ch in _FOLD_APOSTROPHES:
        return "'"
    if ch in _FOLD_DASHES:
        return "-"
    base = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in base if not unicodedata.combining(c)) or ch
    base = base.lower()
    return base[0] if len(base) >= 1 else ch


def fold(text: str) -> str:
    """Case/diacritic-insensitive form with the same length (offsets stay valid)."""
    return "".join(fold_char(c) for c in text)
