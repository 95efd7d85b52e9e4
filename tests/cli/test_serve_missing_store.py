"""``marsad serve`` without a store: one error line naming the file, and, where ``marsad
run --samples`` wrote its own store here, how to serve that one (the README's first run
writes ./marsad-samples.db, never ./marsad.db); no line saying the API is on."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from marsad.cli import cli


def test_serve_names_the_missing_store_and_the_samples_store(tmp_path, monkeypatch):
    monkeypatch.delenv("MARSAD_DB", raising=False)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, ["serve", "--port", "8791"])
    assert result.exit_code == 1
    assert "no store at" in result.output and "marsad.db" in result.output
    assert "marsad-samples.db" not in result.output and "API on" not in result.output
    Path("marsad-samples.db").write_bytes(b"")
    result = runner.invoke(cli, ["serve", "--port", "8791"])
    assert result.exit_code == 1
    assert "marsad serve --db marsad-samples.db" in result.output
    assert "API on" not in result.output
