"""A `marsad` process leaves its heap out of the collector's view when it exits (the
teardown's collections over the built pipeline were a sixth of `marsad run` on one
article), and what it stores is what the library stores in process."""

from __future__ import annotations

import json
import subprocess
import sys

TEXT = ("Government warplanes struck the town of Saraqib in Idlib province on Tuesday, "
        "killing six civilians, a monitoring group said.\n")


def _run_cli(args: list[str]) -> str:
    """``marsad ARGS`` in a new process, then what a handler registered before it (so run
    after its own exit handlers) sees of the collector."""
    probe = ("import atexit, gc, sys\n"
             "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0))\n"
             "from marsad.cli import cli\n"
             f"try:\n    cli.main({args!r}, prog_name='marsad')\n"
             "except SystemExit:\n    pass\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True)
    return out.stdout


def test_the_heap_is_frozen_at_exit_and_the_run_stores_what_the_library_does(tmp_path):
    from marsad import api
    from marsad.runner import run

    article = tmp_path / "one.txt"
    article.write_text(TEXT, encoding="utf-8")
    out = _run_cli(["run", str(article), "--db", str(tmp_path / "cli.db")])
    assert out.rstrip().endswith("frozen True"), out
    run([str(article)], store=str(tmp_path / "lib.db"))
    with api.open_store(str(tmp_path / "cli.db")) as cli_store, \
            api.open_store(str(tmp_path / "lib.db")) as lib_store:
        assert api.stats(cli_store) == api.stats(lib_store)
        assert api.stats(cli_store)["events"] >= 1
    assert json.loads(_run_cli(["stats", "--json", "--db", str(tmp_path / "cli.db")])
                      .rsplit("frozen", 1)[0])["events"] >= 1
