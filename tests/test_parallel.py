"""pipe_parallel: the same articles, in the same order, as one process; errors reported."""

from __future__ import annotations

import os

import pytest

from marsad.model import Article
from marsad.parallel import WorkerError, pipe_parallel
from marsad.pipeline import FunctionStage, Pipeline


def _mark(article: Article) -> Article:
    if "poison" in article.text:
        raise ValueError(f"cannot read {article.id}")
    article.meta["pid"] = os.getpid()
    article.meta["words"] = len(article.text.split())
    return article


@pytest.fixture
def pipeline():
    return Pipeline([FunctionStage("mark", _mark)], pack=None)


def _articles(n):
    return [Article(id=f"a{i:03d}", text="poison" if i == 7 else "word " * i)
            for i in range(n)]


def test_results_come_back_in_input_order_from_several_processes(pipeline):
    out = list(pipe_parallel(pipeline, _articles(40)[8:], 2, max_pending=5))
    assert [a.id for a in out] == [f"a{i:03d}" for i in range(8, 40)]
    assert [a.meta["words"] for a in out] == list(range(8, 40))
    assert os.getpid() not in {a.meta["pid"] for a in out}


def test_a_failing_article_is_reported_and_the_rest_go_on(pipeline):
    failed = []
    out = list(pipe_parallel(pipeline, _articles(12), 2,
                             on_error=lambda a, e: failed.append((a.id, e))))
    assert [a.id for a in out] == [f"a{i:03d}" for i in range(12) if i != 7]
    [(aid, exc)] = failed
    assert aid == "a007" and isinstance(exc, WorkerError)
    assert str(exc) == "ValueError: cannot read a007"


def test_without_a_handler_the_error_is_raised(pipeline):
    with pytest.raises(WorkerError, match="cannot read a007"):
        list(pipe_parallel(pipeline, _articles(12), 2))


def test_one_worker_is_the_plain_pipe(pipeline):
    out = list(pipe_parallel(pipeline, _articles(5), 1))
    assert {a.meta["pid"] for a in out} == {os.getpid()}
