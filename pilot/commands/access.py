"""`python -m pilot user ...` and `python -m pilot audit ...`: who may do what, and what was done."""

from __future__ import annotations

import argparse
import sys

from pilot.access import ROLES
from pilot.commands.base import command, open_db, pilot_arg
from pilot.core.errors import PilotError


def _user_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=("add", "remove", "list"), help="what to do")
    parser.add_argument("email", nargs="?", metavar="EMAIL", help="the user (add, remove)")
    parser.add_argument("--role", choices=ROLES, help="the role to grant on --pilot (add)")
    parser.add_argument("--pilot", metavar="SLUG", help="the pilot of the role (add; remove: that role only)")
    parser.add_argument("--name", default="", help="the name the app and the audit trail show (add)")
    parser.add_argument("--admin", action="store_true", help="may create pilots and grant roles (add)")
    parser.add_argument(
        "--password-stdin", action="store_true", help="read a password from standard input (add)"
    )


@command("user", _user_args)
def _user(args: argparse.Namespace) -> str:
    """Grant a role (owner or viewer) on a pilot, remove a role or a user, or list the users.

    Sign-in by email matches case-insensitively; a password is stored as an argon2 hash only.
    example: echo 'a long passphrase' | python -m pilot user add kira@example.com --role owner \\
                 --pilot demo --name "Kira Garcia" --password-stdin
    example: python -m pilot user remove kira@example.com --pilot demo
    example: python -m pilot user list
    """
    from pilot.setup import users
    from pilot.setup.pilots import get_pilot

    db, _ = open_db(args, with_pilot=False)
    if args.action == "list":
        return users.list_users(db).to_csv(index=False).rstrip("\n")
    if not args.email:
        raise PilotError(f"user {args.action} needs an EMAIL")
    pilot = get_pilot(db, args.pilot) if args.pilot else None
    if args.action == "remove":
        users.remove_user(db, args.email, pilot)
        return f"{args.email}: {'role on ' + pilot.slug if pilot else 'user'} removed"
    password = sys.stdin.readline().rstrip("\r\n") if args.password_stdin else None
    user = users.add_user(db, args.email, args.role, pilot, password, args.admin, args.name)
    role = f", {args.role} of {pilot.slug}" if pilot else ""
    return f"{user.email} ({user.name}){', admin' if user.admin else ''}{role}"


def _audit_args(parser: argparse.ArgumentParser) -> None:
    pilot_arg(parser)
    parser.add_argument("--format", choices=("csv", "json"), default="csv", help="csv (default) or json")


@command("audit", _audit_args)
def _audit(args: argparse.Namespace) -> str:
    """The pilot's audit trail, oldest first: who changed what, when (UTC), before -> after.

    example: python -m pilot audit --db data/pilot.db --pilot demo --format json
    """
    from pilot.core.csvfile import csv_bytes
    from pilot.results import history

    db, pilot = open_db(args)
    trail = history.audit_trail(db, pilot.id)
    if args.format == "json":
        return trail.to_json(orient="records", force_ascii=False, indent=1)
    return csv_bytes(trail).decode("utf-8-sig").rstrip("\n")  # formulas neutralised
