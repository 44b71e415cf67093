"""The command registry and the arguments every command shares.

Each handler imports what it uses, so a command loads only its own part of `pilot` (and --help
none of it): start-up stays close to that of pandas alone (issue 14, bench/bench_startup.py).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from pilot.core.errors import PilotError

__all__ = ["COMMANDS", "command", "file_arg", "open_db", "pilot_arg", "read_bytes", "read_text", "week_arg"]

Handler = Callable[[argparse.Namespace], str]
COMMANDS: dict[str, tuple[Handler, Callable[[argparse.ArgumentParser], None]]] = {}


def command(
    name: str, arguments: Callable[[argparse.ArgumentParser], None] = lambda p: None
) -> Callable[[Handler], Handler]:
    """Register a handler as the command `name`; `arguments` adds its options to its parser."""

    def register(handler: Handler) -> Handler:
        COMMANDS[name] = (handler, arguments)
        return handler

    return register


def pilot_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pilot", required=True, metavar="SLUG", help="the pilot's slug")


def file_arg(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("file", type=Path, metavar="FILE", help=what)


def open_db(args: argparse.Namespace, with_pilot: bool = True) -> tuple:
    """The database of --db and (unless `with_pilot` is False) the pilot of --pilot, acting as
    --as EMAIL (a user here, with their roles) or, without it, as the OS user who holds the
    database file: an admin, marked as command line in the audit trail."""
    from pilot import store
    from pilot.setup.pilots import get_pilot

    db = store.connect(args.db)
    if args.actor is not None:  # users (and argon2 with it) load only for --as
        from pilot.access import COMMAND_LINE
        from pilot.setup import users

        actor = users.actor_for(db, args.actor, COMMAND_LINE)
        db.close()
        if actor is None:
            raise PilotError(f"{args.actor}: no such user to act as (python -m pilot user list)")
        db = store.connect(args.db, actor=actor)
    return db, get_pilot(db, args.pilot) if with_pilot else None


def read_bytes(path: Path) -> bytes:
    """A user's input file as bytes, or a one-line error naming it."""
    from pilot.core import csvfile

    return csvfile.read_bytes(path)


def read_text(path: Path) -> str:
    """A user's input file as text, or a one-line error naming it."""
    try:
        return read_bytes(path).decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise PilotError(f"{path} is not UTF-8 text") from e


def week_arg(text: str | None) -> str | None:
    from pilot.core.weeks import parse_day

    if text is None:
        return None
    day = parse_day(text.strip())
    if day is None:
        raise PilotError(f"--week must be a date like 2026-11-16, not {text!r}")
    return day.isoformat()
