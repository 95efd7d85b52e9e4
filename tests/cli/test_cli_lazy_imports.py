"""The command line imports what the command it runs uses: `marsad --help` loads click and
the command modules only, never the store, the runner, the linker or the evaluations; each
command still finds what it needs when it runs (the other CLI tests run them)."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

HEAVY = ("sqlalchemy", "numpy", "marsad.runner", "marsad.store", "marsad.link", "marsad.api",
         "marsad.pipeline", "marsad.eval", "marsad.export", "marsad.cluster")


def _loaded_after(code: str) -> set[str]:
    probe = (f"import sys\n{code}\n"
             f"print(' '.join(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'numpy')"
             f" or m.startswith('marsad.')))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def _heavy(modules: set[str]) -> set[str]:
    return {m for m in modules for h in HEAVY if m == h or m.startswith(h + ".")}


def test_importing_the_cli_loads_no_library():
    assert _heavy(_loaded_after("from marsad.cli import cli")) == set()


def test_help_loads_no_library():
    code = ("from marsad.cli import cli\n"
            "try:\n    cli.main(['--help'], prog_name='marsad')\nexcept SystemExit:\n    pass")
    assert _heavy(_loaded_after(code)) == set()


def test_a_store_command_loads_no_pipeline_or_evaluation(tmp_path):
    code = ("from marsad.cli import cli\n"
            f"try:\n    cli.main(['stats', '--db', {str(tmp_path / 's.db')!r}], prog_name='marsad')\n"
            "except SystemExit:\n    pass")
    loaded = _loaded_after(code)
    assert "marsad.store" in loaded            # it did run
    assert not {m for m in loaded if m.startswith(("marsad.eval", "marsad.runner"))}


def test_eval_names_are_checked_when_the_command_runs():
    from marsad.cli import cli
    from marsad.eval import service

    result = CliRunner().invoke(cli, ["eval", "no-such-eval"])
    assert result.exit_code == 2
    for name in [*service.EVALS, *service.REAL_NEWS_EVALS]:
        assert repr(name) in result.output
    assert "{case2021|credibility|" in CliRunner().invoke(cli, ["eval", "--help"]).output


def test_run_imports_the_library_with_the_collector_paused(tmp_path):
    """`marsad run` imports the library with no cyclic collection (the objects all live
    on: collections over them were 0.05 CPU-s of a one-article run), and codes its articles
    with the collector on again."""
    (tmp_path / "a.txt").write_text("Rebels shelled the town of Example on Monday.\n")
    code = ("import gc, sys\n"
            "from marsad.cli import cli\n"
            "seen = {}\n"
            "def probe(frame, event, arg):\n"
            "    if event == 'call' and frame.f_code.co_filename.endswith('runner.py')"
            " and frame.f_code.co_name == '<module>':\n"
            "        seen['import'] = gc.isenabled()\n"
            "    if event == 'call' and frame.f_code.co_name == 'run_articles':\n"
            "        seen['run'] = gc.isenabled()\n"
            "sys.setprofile(probe)\n"
            "try:\n"
            f"    cli.main(['run', {str(tmp_path / 'a.txt')!r}, '--db', {str(tmp_path / 's.db')!r},"
            " '-q'], prog_name='marsad')\n"
            "except SystemExit:\n    pass\n"
            "sys.setprofile(None)\n"
            "print(seen.get('import'), seen.get('run'), gc.isenabled())\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out[-3:] == ["False", "True", "True"], out
