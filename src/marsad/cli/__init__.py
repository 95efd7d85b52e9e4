"""The `marsad` command: a thin click layer over the library.

Each command parses its options, calls one library function (:mod:`marsad.runner`,
:mod:`marsad.api`, :mod:`marsad.eval.service`) and renders what it returns; errors become
messages in one place (:mod:`marsad.cli.base`). One module per command group.

The command modules import the library inside each command, for what it uses:
``marsad --help`` loads click and these modules (about 40 ms), ``marsad stats`` no
pipeline or evaluation (tests/cli/test_cli_lazy_imports.py).
"""

from __future__ import annotations

import click

from .. import __version__
from . import evaluation, linking, store, web
from .base import MarsadGroup, configure_logging, skip_exit_collection


@click.group(cls=MarsadGroup)
@click.version_option(__version__, prog_name="marsad")
@click.option("-v", "--verbose", count=True,
              help="Log what marsad does (INFO); -vv: everything (DEBUG).")
@click.option("--debug", is_flag=True,
              help="Full tracebacks: of an error, and of each failing article (implies -vv).")
def cli(verbose: int, debug: bool) -> None:
    """marsad: turn war reporting into a geocoded, source-attributed event record."""
    configure_logging(2 if debug else verbose)
    skip_exit_collection()


for _command in (store.run, store.events, store.stats, store.show, store.export, store.delete,
                 linking.link, linking.contradictions, linking.timeline, linking.summary,
                 linking.credibility, evaluation.eval_, evaluation.reference,
                 evaluation.benchmark, web.serve):
    cli.add_command(_command)

__all__ = ["cli"]
