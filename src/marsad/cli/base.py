"""What every `marsad` command shares: errors turned into messages, --debug, logging.

Errors are handled in one place, :meth:`MarsadCommand.invoke`: a
:class:`~marsad.errors.MarsadError` becomes one ``error: ...`` line and exit code 1 (an
:class:`~marsad.errors.InvalidArgument` a usage error, exit code 2); any other exception
is a bug and gets a one-line message with a hint to rerun with ``--debug``, which prints
the traceback.
"""

from __future__ import annotations

import atexit
import functools
import gc
import logging
import os
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

import click

from ..errors import InvalidArgument, MarsadError

LOG_FORMAT = "%(levelname)s %(name)s: %(message)s"


class _EchoHandler(logging.Handler):
    """Log records to the current stderr (click's, so CliRunner captures them)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            click.echo(self.format(record), err=True)
        except Exception:  # noqa: BLE001 - logging must not break the command
            self.handleError(record)


def configure_logging(verbosity: int) -> None:
    """The ``marsad`` loggers to stderr: warnings, INFO with -v, DEBUG with -vv/--debug.
    Called once per command line, by the CLI entry only (never at import)."""
    logger = logging.getLogger("marsad")
    for old in [h for h in logger.handlers if isinstance(h, _EchoHandler)]:
        logger.removeHandler(old)
    handler = _EchoHandler()
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbosity >= 2 else
                    logging.INFO if verbosity == 1 else logging.WARNING)


@functools.cache
def skip_exit_collection() -> None:
    """At exit, before the interpreter's teardown, keep every object out of the
    collector's view (``gc.freeze``): the teardown's collections walked the whole heap
    (the built pipeline: gazetteer, patterns, classifier), about 0.2 CPU-s of the 1.2 of
    ``marsad run`` on one article. Objects are still freed as their counts drop; files and
    stores are closed by the commands themselves. Registered once per process."""
    atexit.register(gc.freeze)


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection for a while (the collector's state restored after):
    importing the library (numpy, SQLAlchemy, marsad's modules) makes objects that all
    live on, and the collections over them, a full one among them, were about 0.05 of the
    ~0.8 CPU-s of ``marsad run`` on one article. Only around imports and builds: a run's
    articles are coded with the collector on."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def debug_enabled(ctx: click.Context) -> bool:
    return bool(ctx.find_root().params.get("debug"))


class MarsadCommand(click.Command):
    """A command whose library errors become messages (the one place that does it)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except BrokenPipeError:  # the reader of our stdout went away (`marsad timeline | head`)
            stop_quietly_on_closed_stdout()
        except InvalidArgument as exc:
            raise click.BadParameter(str(exc), ctx=ctx, param_hint=exc.param) from exc
        except MarsadError as exc:
            fail(ctx, str(exc))
        except Exception as exc:  # noqa: BLE001 - a bug: say so in one line
            fail(ctx, f"unexpected {type(exc).__name__}: {exc} (a bug? run "
                      "`marsad --debug ...` to see the traceback)")


def stop_quietly_on_closed_stdout() -> None:
    """Exit 1 without a message or Python's exit-time flush error on the closed pipe."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    raise SystemExit(1) from None


def fail(ctx: click.Context, message: str) -> None:
    """Print ``error: message`` (after the traceback with --debug) and exit 1."""
    if debug_enabled(ctx):
        click.echo(traceback.format_exc().rstrip(), err=True)
    click.echo(f"error: {message}", err=True)
    ctx.exit(1)


class MarsadGroup(click.Group):
    """A group whose subcommands (``@group.command()``) are MarsadCommands."""

    command_class = MarsadCommand


#: ``@command(...)``: click.command making a :class:`MarsadCommand`
command = functools.partial(click.command, cls=MarsadCommand)
#: ``@group(...)``: click.group whose subcommands are MarsadCommands
group = functools.partial(click.group, cls=MarsadGroup)


class LazyChoice(click.Choice):
    """A :class:`click.Choice` whose choices are computed on first use (checking a value,
    the command's own --help), not when the command is defined: ``marsad --help`` lists
    the commands without importing what their choices come from."""

    def __init__(self, load: Callable[[], Iterable[str]], case_sensitive: bool = True) -> None:
        self._load = load
        self._choices: tuple[str, ...] | None = None
        self.case_sensitive = case_sensitive

    @property
    def choices(self) -> tuple[str, ...]:
        if self._choices is None:
            self._choices = tuple(self._load())
        return self._choices

    @choices.setter
    def choices(self, value: Iterable[str]) -> None:
        self._choices = tuple(value)


def db_option(func):
    return click.option(
        "--db", default="marsad.db", envvar="MARSAD_DB", show_default=True,
        help="Store: a SQLite file or a SQLAlchemy URL (env MARSAD_DB).")(func)
