"""The commands that keep data and let it go: backup, restore, redo, restore a deleted item,
import a whole pilot, erase a person, purge personal data after its date.

Registered in the @command registry of pilot.commands.base (the docstring is the --help); each
handler imports what it uses, as in pilot.cli."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from pilot.commands.base import command, file_arg, open_db, pilot_arg, read_bytes

if TYPE_CHECKING:
    from pilot.store import Database


def _backup_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, required=True, metavar="FILE", help="the backup file to write")


@command("backup", _backup_args)
def _backup(args: argparse.Namespace) -> str:
    """Copy the whole database (every pilot) into one file, safely while the app and imports run.

    Uses SQLite's online backup API, so what is still in the WAL is included.
    example: python -m pilot backup --db data/pilot.db --out backups/pilot-$(date +%F).db
    """
    from pilot import backup, store

    out = backup.backup(args.db or store.default_path(), args.out)
    return f"{out}: backup of {args.db or store.default_path()} ({out.stat().st_size:,} bytes)"


@command("restore", lambda p: p.add_argument("file", type=Path, metavar="FILE", help="a backup file"))
def _restore(args: argparse.Namespace) -> str:
    """Replace the database by a backup, once the backup passes integrity_check and its schema is known.

    The replaced database is kept beside it as NAME.replaced-DATE-TIME.db.
    example: python -m pilot restore --db data/pilot.db backups/pilot-2026-11-29.db
    """
    from pilot import backup, store

    target = args.db or store.default_path()
    version, kept = backup.restore(args.file, target)
    where = f"; the replaced database is kept as {kept}" if kept else ""
    return f"{target}: restored from {args.file} (schema version {version}){where}"


def _import_id_args(parser: argparse.ArgumentParser) -> None:
    pilot_arg(parser)
    parser.add_argument("import_id", type=int, metavar="IMPORT", help="the import's # in its history")


@command("undo", _import_id_args)
def _undo(args: argparse.Namespace) -> str:
    """Undo an import: its rows are taken out (and kept, for redo), the rows it replaced come back.

    example: python -m pilot undo --db data/pilot.db --pilot demo 14
    """
    from pilot.intake import history

    history.undo_import(_import_of(args), args.import_id)
    return f"Import #{args.import_id} undone (its rows are kept: `redo` brings them back)"


@command("redo", _import_id_args)
def _redo(args: argparse.Namespace) -> str:
    """Bring an undone import's rows back, as they were before the undo.

    example: python -m pilot redo --db data/pilot.db --pilot demo 14
    """
    from pilot.intake import history

    history.redo_import(_import_of(args), args.import_id)
    return f"Import #{args.import_id} redone"


def _import_of(args: argparse.Namespace) -> Database:
    """The database, once the import is known to belong to the pilot named: a number typed for
    another pilot is not found."""
    from pilot import store

    db, pilot = open_db(args)
    store.pilot_row(db, "imports", pilot.id, args.import_id, "import")
    return db


@command("deleted", pilot_arg)
def _deleted(args: argparse.Namespace) -> str:
    """List the pilot's deleted goals and benefits, which `undelete` brings back.

    example: python -m pilot deleted --db data/pilot.db --pilot demo
    """
    from pilot.setup import goals
    from pilot.stories import benefits

    db, pilot = open_db(args)
    pilot_id = pilot.id
    lines = [f"goal {g.id}: {g.describe()} (deleted {when})" for g, when in goals.deleted_goals(db, pilot_id)]
    for b in benefits.deleted_benefits(db, pilot_id).itertuples():
        lines.append(f"benefit {b.id}: {b.date} {b.category}: {b.description[:60]} (deleted {b.deleted_at})")
    return "\n".join(lines) or "Nothing deleted"


def _undelete_args(parser: argparse.ArgumentParser) -> None:
    pilot_arg(parser)
    parser.add_argument("kind", choices=("goal", "benefit"), help="what to bring back")
    parser.add_argument("item_id", type=int, metavar="ID", help="its id, as `deleted` lists it")


@command("undelete", _undelete_args)
def _undelete(args: argparse.Namespace) -> str:
    """Restore a deleted goal (with the benefits tied to it) or a deleted benefit.

    example: python -m pilot undelete --db data/pilot.db --pilot demo goal 3
    """
    from pilot.setup import goals
    from pilot.stories import benefits

    db, pilot = open_db(args)
    pilot_id = pilot.id
    if args.kind == "goal":
        goal = goals.restore_goal(db, pilot_id, args.item_id)
        return f"goal {goal.id} restored: {goal.describe()}"
    benefit = benefits.restore_benefit(db, pilot_id, args.item_id)
    return f"benefit {benefit.id} restored: {benefit.description[:60]}"


@command("import-pilot", lambda p: file_arg(p, "the data zip of an export (the page's All data (zip))"))
def _import_pilot(args: argparse.Namespace) -> str:
    """Rebuild a whole pilot from the data zip of its export; prints the new pilot's slug.

    Participants, usage, group counts, KPIs, benefits, wins, concerns and decisions come back;
    one bad file and nothing is stored. The import history is not replayed.
    example: python -m pilot import-pilot --db other.db demo.zip
    """
    from pilot import reimport

    db, _ = open_db(args, with_pilot=False)
    pilot = reimport.import_pilot(db, read_bytes(args.file))
    return pilot.slug


def _erase_args(parser: argparse.ArgumentParser) -> None:
    pilot_arg(parser)
    parser.add_argument("email", metavar="EMAIL", help="the participant's email")
    parser.add_argument("--yes", action="store_true", help="really erase (without it: say what would go)")


@command("erase", _erase_args)
def _erase(args: argparse.Namespace) -> str:
    """Erase a participant on request: every row about them, their name in stories made anonymous.

    Usage rows go (the weekly figures may change), benefits and wins stay with "a participant in
    DEPARTMENT", and no byte of the email is left in the database file. A restore of an older
    backup erases them again. Lists the free texts that may still mention them. Without --yes,
    says what would be erased and changes nothing.
    example: python -m pilot erase --db data/pilot.db --pilot demo ana.lima@example.com --yes
    """
    from pilot import privacy

    db, pilot = open_db(args)
    done = privacy.erase_participant(db, pilot, args.email, preview=not args.yes)
    who = "the sponsor" if done.was_sponsor else f"a participant in {done.department or 'no department'}"
    counts = f"{done.rows_deleted} rows deleted, {done.texts_changed} texts made anonymous"
    lines = [f"Erased {who}: {counts}" if args.yes else f"Would erase {who}: {counts}"]
    lines += [f"check: {m}" for m in done.still_mentioned]
    return "\n".join(lines + ([] if args.yes else ["run again with --yes to erase"]))


def _purge_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pilot", metavar="SLUG", help="only this pilot (default: all past their date)")
    parser.add_argument("--yes", action="store_true", help="really remove (without it: list what is due)")


@command("purge", _purge_args)
def _purge(args: argparse.Namespace) -> str:
    """Remove the personal data of pilots past their "personal data kept until" date (default: 90
    days after the end), keeping weekly figures, goal statuses, decision and a pseudonymised summary.

    Without --yes, lists the pilots that are due. A cron line can run it weekly.
    example: python -m pilot purge --db data/pilot.db --yes
    """
    from pilot import retention  # only here: the frozen summary loads the drawing stack
    from pilot.setup.pilots import get_pilot

    db, _ = open_db(args, with_pilot=False)
    pilots = retention.due(db)
    if args.pilot:
        pilot = get_pilot(db, args.pilot)
        pilots = [pilot]
        if not args.yes:
            return f"{pilot.slug}: personal data kept until {pilot.keep_until}"
    if not args.yes:
        due = [f"{p.slug}: personal data kept until {p.keep_until}, due now" for p in pilots]
        return "\n".join(due + ["run again with --yes to purge"]) if due else "No pilot is past its date"
    lines = [f"{p.slug}: {retention.purge(db, p)} participants removed" for p in pilots]
    return "\n".join(lines) or "No pilot is past its date"
