"""Outlet profiles: who published an article and where it stands in the conflict."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from ..theaters import TheaterPack

_PUNCT = re.compile(r"[^\w.]+")


def _key(name: str) -> str:
    key = _PUNCT.sub(" ", name.casefold().replace("’", "'").replace("'", "")).strip()
    if key.startswith("the "):
        key = key[4:]
    return " ".join(key.split())


def _hosts(name: str) -> list[str]:
    """Candidate domain keys for a URL or bare domain: host, then parent domains."""
    text = name.strip().casefold()
    if "/" in text or text.startswith("www."):
        host = urlsplit(text if "//" in text else "//" + text).hostname or ""
    elif re.fullmatch(r"[a-z0-9.-]+\.[a-z]{2,}", text):
        host = text
    else:
        return []
    host = host.removeprefix("www.")
    parts = host.split(".")
    return [".".join(parts[i:]) for i in range(len(parts) - 1)]


def outlet_index(pack: TheaterPack) -> dict[str, dict[str, Any]]:
    """Normalized name/alias/domain -> outlet profile (first outlet wins on a clash)."""
    index: dict[str, dict[str, Any]] = {}
    for outlet in pack.outlets:
        for name in [outlet["name"], *outlet.get("aliases", ())]:
            index.setdefault(_key(name), outlet)
    return index


def outlet_profile(pack: TheaterPack, name: str | None,
                   index: dict[str, dict[str, Any]] | None = None) -> dict[str, Any] | None:
    """Profile of an outlet named by name, alias, short code, domain or article URL.

    Case-insensitive. Pass a prebuilt ``outlet_index(pack)`` when calling in a loop.
    """
    if not name:
        return None
    index = index if index is not None else outlet_index(pack)
    hit = index.get(_key(name))
    if hit is not None:
        return hit
    for host in _hosts(name):
        hit = index.get(_key(host))
        if hit is not None:
            return hit
    return None
