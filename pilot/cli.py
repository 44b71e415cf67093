"""`python -m pilot ...`: each command is one library call; library errors become one line and exit 2.

Add a command by writing a function decorated with @command: its docstring is the
--help text (with an example), `arguments` adds its options, and it returns the text to print.
"""

from __future__ import annotations

import argparse
import datetime as dt
import inspect
import sys
from collections.abc import Callable
from pathlib import Path

from pilot import demo, store, usage
from pilot.errors import PilotError
from pilot.pilots import create_from_toml, get_pilot

Handler = Callable[[argparse.Namespace], str]
COMMANDS: dict[str, tuple[Handler, Callable[[argparse.ArgumentParser], None]]] = {}


def command(name: str, arguments: Callable[[argparse.ArgumentParser], None] = lambda p: None):
    def register(handler: Handler) -> Handler:
        COMMANDS[name] = (handler, arguments)
        return handler

    return register


def _pilot_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pilot", required=True, metavar="SLUG", help="the pilot's slug")


def _file_arg(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("file", type=Path, metavar="FILE", help=what)


def read_text(path: Path) -> str:
    """A user's input file as text, or a one-line error naming it."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as e:
        raise PilotError(f"No such file: {path}") from e
    except UnicodeDecodeError as e:
        raise PilotError(f"{path} is not UTF-8 text") from e
    except OSError as e:
        raise PilotError(f"Cannot read {path}: {e.strerror}") from e


@command("create", lambda p: _file_arg(p, "the pilot definition (TOML)"))
def _create(args: argparse.Namespace) -> str:
    """Create a pilot from its definition file; prints the new pilot's slug.

    example: python -m pilot create --db data/pilot.db data/demo/pilot.toml
    """
    db = store.connect(args.db)
    return create_from_toml(db, read_text(args.file)).slug


@command("demo")
def _demo(args: argparse.Namespace) -> str:
    """Load the demo pilot (slug `demo`); running it twice changes nothing.

    example: python -m pilot demo --db data/pilot.db
    """
    return demo.load(store.connect(args.db)).slug


def _import_args(parser: argparse.ArgumentParser) -> None:
    _pilot_arg(parser)
    parser.add_argument(
        "--channel", choices=("tool", "replaced"), help="override the channel the pilot implies"
    )
    parser.add_argument(
        "--week", metavar="DATE", help="any day of the week the report covers (default: from the report)"
    )
    _file_arg(parser, "the weekly admin export (Teams, Viva Engage, Email, Slack) or the generic template")


@command("import", _import_args)
def _import(args: argparse.Namespace) -> str:
    """Import a weekly usage report for the sample group; prints format, week, channel and counts.

    Re-importing a week and channel replaces it. A refused file stores nothing.
    example: python -m pilot import --db data/pilot.db --pilot demo EmailActivityUserDetail_20261122.csv
    """
    db = store.connect(args.db)
    week = _week_arg(args.week)
    return usage.import_file(
        db, get_pilot(db, args.pilot), args.file, week=week, channel=args.channel
    ).summary()


def _week_arg(text: str | None) -> str | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip()).isoformat()
    except ValueError as e:
        raise PilotError(f"--week must be a date like 2026-11-16, not {text!r}") from e


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pilot",
        description="Run a throw-away pilot of a collaboration tool from the shell.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (handler, arguments) in COMMANDS.items():
        doc = inspect.cleandoc(handler.__doc__ or "")
        p = sub.add_parser(
            name,
            help=doc.splitlines()[0],
            description=doc,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.add_argument(
            "--db", type=Path, default=None, help="the database (default: PILOT_DB or data/pilot.db)"
        )
        arguments(p)
        p.set_defaults(handler=handler)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        out = args.handler(args)
    except PilotError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if out:
        print(out)
    return 0
