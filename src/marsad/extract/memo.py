"""A per-article memo for sentence-level parses shared by the coder and the claim tagger.

It lives in the Article instance's ``__dict__`` (not a dataclass field, so it is never
serialised and dies with the article) and is keyed by the sentence text, so a changed
sentence is parsed again. No module-level state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def memoized(article, name: str, text: str, compute: Callable[[str], T]) -> T:
    memo = article.__dict__.setdefault(name, {})
    found = memo.get(text)
    if found is None:
        found = memo[text] = compute(text)
    return found


def drop(article, name: str) -> None:
    article.__dict__.pop(name, None)
