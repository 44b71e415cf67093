"""`python -m pilot ...`: each command is one library call; library errors become one line and exit 2.

Add a command by writing a function decorated with @command (pilot.commands.base): its docstring
is the --help text (with an example), `arguments` adds its options, and it returns the text to
print. Commands of a newer area live in a module of pilot/commands/, imported here.
"""

from __future__ import annotations

import argparse
import inspect
import os
import sys
from pathlib import Path

from pilot.commands import access, keep, playbook  # noqa: F401 (their commands register themselves)
from pilot.commands.base import (
    COMMANDS,
    command,
    file_arg,
    open_db,
    pilot_arg,
    read_bytes,
    read_text,
    week_arg,
)
from pilot.core.catalog import SUMMARY_FORMATS
from pilot.core.errors import PilotError
from pilot.core.text import visible


@command("create", lambda p: file_arg(p, "the pilot definition (TOML)"))
def _create(args: argparse.Namespace) -> str:
    """Create a pilot from its definition file; prints the new pilot's slug.

    example: python -m pilot create --db data/pilot.db data/demo/pilot.toml
    """
    from pilot.setup.pilots import create_from_toml

    db, _ = open_db(args, with_pilot=False)
    return create_from_toml(db, read_text(args.file)).slug


@command("demo")
def _demo(args: argparse.Namespace) -> str:
    """Load the demo pilot (slug `demo`); running it twice changes nothing.

    example: python -m pilot demo --db data/pilot.db
    """
    from pilot import demo

    return demo.load(open_db(args, with_pilot=False)[0]).slug


def _participants_args(parser: argparse.ArgumentParser) -> None:
    pilot_arg(parser)
    file_arg(parser, "the participants CSV (name,email,department,audience,sponsor,champion)")


@command("participants", _participants_args)
def _participants(args: argparse.Namespace) -> str:
    """Add or update the sample group from a participants CSV; prints counts and group warnings.

    The whole file is checked first: one bad row and nothing is stored.
    example: python -m pilot participants --db data/pilot.db --pilot demo data/demo/participants.csv
    """
    from pilot.setup import participants

    db, pilot = open_db(args)
    added, updated = participants.import_csv(db, pilot, read_bytes(args.file))
    group = participants.list_participants(db, pilot.id)
    from pilot.core.format import counted

    summary = f"{added} added, {updated} updated: {counted(len(group), 'participant')} in "
    summary += counted(group["department"].nunique(), "department")
    return "\n".join([summary] + [f"warning: {w}" for w in participants.group_checks(pilot, group)])


def _import_args(parser: argparse.ArgumentParser) -> None:
    pilot_arg(parser)
    parser.add_argument(
        "--channel", choices=("tool", "replaced"), help="override the channel the pilot implies"
    )
    parser.add_argument(
        "--week", metavar="DATE", help="any day of the week the report covers (default: from the report)"
    )
    parser.add_argument(
        "--allow-empty",
        action="store_true",
        help="store the report even if nobody of the sample group is in it (the week becomes empty)",
    )
    file_arg(parser, "the weekly admin export (Teams, Viva Engage, Email, Slack) or the generic template")


@command("import", _import_args)
def _import(args: argparse.Namespace) -> str:
    """Import a weekly usage report for the sample group; prints format, week, channel and counts.

    Re-importing a week and channel replaces it. A refused file stores nothing.
    example: python -m pilot import --db data/pilot.db --pilot demo EmailActivityUserDetail_20261122.csv
    """
    from pilot.intake import usage

    week = week_arg(args.week)
    db, pilot = open_db(args)
    return usage.import_file(
        db, pilot, args.file, week=week, channel=args.channel, allow_empty=args.allow_empty
    ).summary()


def _benefits_args(parser: argparse.ArgumentParser) -> None:
    pilot_arg(parser)
    file_arg(parser, "the benefits CSV (date,email,category,description,quantity,unit,goal)")


@command("benefits", _benefits_args)
def _benefits(args: argparse.Namespace) -> str:
    """Add the benefits of a benefits CSV; prints how many were added and the total.

    The whole file is checked first: one bad row and nothing is stored. A row already
    stored (identical in every field) is skipped, so importing a file twice adds nothing.
    example: python -m pilot benefits --db data/pilot.db --pilot demo data/demo/benefits.csv
    """
    from pilot.stories import benefits

    db, pilot = open_db(args)
    added = benefits.import_csv(db, pilot, read_bytes(args.file))
    total = len(benefits.list_benefits(db, pilot.id))
    return f"{added} benefits added: {total} benefits in pilot {pilot.slug}"


def _summary_args(parser: argparse.ArgumentParser) -> None:
    pilot_arg(parser)
    parser.add_argument("--format", required=True, choices=SUMMARY_FORMATS, help="the file format")
    parser.add_argument("--out", type=Path, metavar="FILE", help="write here (default: print; PDF needs it)")
    parser.add_argument(
        "--week", metavar="DATE", help="the summary as of the pilot week holding DATE (the weekly digest)"
    )
    parser.add_argument(
        "--include-small-groups",
        action="store_true",
        help="owners only: show departments and audiences under the pilot's k on their own",
    )


@command("summary", _summary_args)
def _summary(args: argparse.Namespace) -> str:
    """The go / no-go summary as Markdown, self-contained HTML, PDF or JSON.

    Default: as of the latest week with data; --week gives it as of an earlier week.
    example: python -m pilot summary --db data/pilot.db --pilot demo --format pdf --out summary.pdf
    """
    from pilot.report import render, summary  # only here: the drawing stack takes a second to load

    if args.format == "pdf" and args.out is None:
        raise PilotError("A PDF cannot be printed: give --out FILE")
    db, pilot = open_db(args)
    if pilot.purged_at:  # nothing left to compute from: the summary kept at the purge
        from pilot import retention

        data = retention.kept_file(db, pilot, args.format, args.week)
        said = f"the summary kept when its personal data was removed on {pilot.purged_at}"
    else:
        built = summary.build(db, pilot, args.week, include_small_groups=args.include_small_groups)
        data = render.render(built, args.format)
        week = f"as of week {built.pilot_week}" if built.pilot_week else "no usage data yet"
        said = f"{built.decision.recommendation}, {week}"
    if args.out is None:
        return data.decode("utf-8").rstrip("\n")
    try:
        args.out.write_bytes(data)
    except OSError as e:
        raise PilotError(f"Cannot write {args.out}: {e.strerror}") from e
    return f"{args.out}: {said} ({len(data):,} bytes)"


def _export_args(parser: argparse.ArgumentParser) -> None:
    pilot_arg(parser)
    parser.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="the folder to write into (NAME.zip: one zip)"
    )


@command("export", _export_args)
def _export(args: argparse.Namespace) -> str:
    """Write every table of the pilot as CSV, plus its definition as TOML, into a folder (or a zip).

    participants.csv, usage.csv and benefits.csv are in the formats that the participants,
    import and benefits commands read; a zip (--out NAME.zip) is what import-pilot reads back.
    example: python -m pilot export --db data/pilot.db --pilot demo --out out/demo
    """
    from pilot import export

    db, pilot = open_db(args)
    written = export.export_to(db, pilot, args.out)
    return "\n".join(str(path) for path in written)


def _metrics_args(parser: argparse.ArgumentParser) -> None:
    pilot_arg(parser)
    parser.add_argument("--format", choices=("csv", "json"), default="csv", help="csv (default) or json")
    parser.add_argument(
        "--by", choices=("department", "audience"), help="one row per department (or audience) and week"
    )


@command("metrics", _metrics_args)
def _metrics(args: argparse.Namespace) -> str:
    """The metrics of every pilot week: one row a week, the metric ids as columns (no data: empty / null).

    --by department or --by audience gives the same metrics per group, its name the first column
    (for a viewer, groups under the pilot's smallest group merged into Other, as on the pages).
    example: python -m pilot metrics --db data/pilot.db --pilot demo --format json
    """
    from pilot.results import metrics

    db, pilot = open_db(args)
    if pilot.purged_at:  # the weekly figures kept at the purge; per group none were kept
        from pilot import retention

        if args.by:
            raise PilotError(f"Pilot {pilot.slug}'s personal data was removed: its figures by {args.by} too")
        weekly = retention.kept_metrics(db, pilot)
    elif args.by:  # a viewer gets the groups under the pilot's k merged into Other, as on the pages
        from pilot import store
        from pilot.access import may_write
        from pilot.results import small_groups

        weekly = small_groups.by_group(db, pilot, args.by, for_viewer=not may_write(store.role(db, pilot.id)))
    else:
        weekly = metrics.weekly(db, pilot.id)
    return (metrics.to_json(weekly) if args.format == "json" else metrics.to_csv(weekly)).rstrip("\n")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """Every command's parser, or `only` that command's (a command parses its own arguments: the
    others' help texts cost each run a few milliseconds of its start-up)."""
    parser = argparse.ArgumentParser(
        prog="python -m pilot",
        description="Run a throw-away pilot of a collaboration tool from the shell.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (handler, arguments) in COMMANDS.items():
        if only not in (None, name):
            continue
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
        spellings = ["--as"] + (["--by"] if "--by" not in p._option_string_actions else [])  # metrics --by
        p.add_argument(*spellings, dest="actor", metavar="EMAIL", help="act as this user, with their roles")
        p.set_defaults(handler=handler)
    return parser


def parse(argv: list[str] | None) -> argparse.Namespace:
    """The command's arguments. `user add --db DB EMAIL`: argparse gives an optional positional
    (EMAIL) its empty match before the options, so one word left after them is that EMAIL."""
    words = sys.argv[1:] if argv is None else argv
    parser = build_parser(words[0] if words and words[0] in COMMANDS else None)
    args, extra = parser.parse_known_args(argv)
    if len(extra) == 1 and not extra[0].startswith("-") and getattr(args, "email", "") is None:
        args.email = extra.pop()
    if extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    try:
        out = args.handler(args)
    except PilotError as e:
        print(f"error: {visible(' '.join(str(e).split()))}", file=sys.stderr)  # one line, no escape codes
        return 2
    if out:
        try:
            print(out, flush=True)
        except BrokenPipeError:  # `... | head` closed the pipe: not an error of ours
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0
