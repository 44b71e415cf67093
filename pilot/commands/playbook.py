"""Commands of the adoption playbook: the training log, the pulse survey and the weekly digest."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from pilot.commands.base import command, file_arg, open_db, pilot_arg, read_bytes, week_arg
from pilot.core.errors import PilotError


def _training_args(parser: argparse.ArgumentParser) -> None:
    pilot_arg(parser)
    file_arg(parser, "the training CSV (date,kind,topic,host,email), one attendee a row")


@command("training", _training_args)
def _training(args: argparse.Namespace) -> str:
    """Add the training sessions of a CSV and who attended; prints how many sessions and attendees.

    The whole file is checked first: one bad row and nothing is stored. A session is known by its
    date, kind, topic and host, so importing a file twice adds nothing.
    example: python -m pilot training --db data/pilot.db --pilot demo data/demo/training.csv
    """
    from pilot.playbook import training

    db, pilot = open_db(args)
    sessions, added = training.import_csv(db, pilot, read_bytes(args.file))
    untrained = len(training.untrained(db, pilot.id))
    return f"{sessions} sessions, {added} attendees added: {untrained} participants not trained yet"


def _survey_args(parser: argparse.ArgumentParser) -> None:
    pilot_arg(parser)
    file_arg(parser, "the pulse survey CSV (week,email,question,score), scores 1 to 5")


@command("survey", _survey_args)
def _survey(args: argparse.Namespace) -> str:
    """Add pulse survey answers; an answer given again for the same week and question replaces it.

    The whole file is checked first: one bad row and nothing is stored.
    example: python -m pilot survey --db data/pilot.db --pilot demo data/demo/survey.csv
    """
    from pilot.playbook import survey

    db, pilot = open_db(args)
    stored = survey.import_csv(db, pilot, read_bytes(args.file))
    answered = survey.answers(db, pilot.id)
    return f"{stored} answers stored: {len(answered)} answers to {answered['question'].nunique()} questions"


def _digest_args(parser: argparse.ArgumentParser) -> None:
    pilot_arg(parser)
    parser.add_argument("--to", required=True, metavar="EMAILS", help="recipients, separated by commas")
    parser.add_argument(
        "--week", metavar="DATE", help="any day of the week (default: the week that ended last Sunday)"
    )
    parser.add_argument(
        "--eml", type=Path, metavar="FILE", help="write the message here instead of sending it"
    )
    parser.add_argument(
        "--secrets", type=Path, metavar="FILE", help="the secrets file with [smtp] (default: the project's)"
    )
    parser.add_argument(
        "--allow-missing", action="store_true", help="send even if the week's tool report is missing"
    )


@command("digest", _digest_args)
def _digest(args: argparse.Namespace) -> str:
    """Send the weekly digest: the week, its figures and goals, wins, a chart, and the PDF attached.

    SMTP comes from [smtp] in .streamlit/secrets.toml (README, Weekly digest). Refused while the
    week's tool report is missing, unless --allow-missing. --eml FILE writes the message instead.
    example: python -m pilot digest --db data/pilot.db --pilot demo --to ceo@example.com --eml digest.eml
    """
    from pilot import mailer
    from pilot.report import digest  # only here: the drawing stack takes a second to load

    to = mailer.recipients(args.to)
    smtp = mailer.smtp_settings(args.secrets) if args.eml is None or args.secrets else None
    db, pilot = open_db(args)
    week = dt.date.fromisoformat(week_arg(args.week)) if args.week else digest.default_week(pilot)
    try:
        message = digest.compose(
            db, pilot, week, to, smtp.sender if smtp else mailer.NO_REPLY, args.allow_missing
        )
    except digest.MissingReport as e:
        raise PilotError(f"{e} with --allow-missing") from e
    if args.eml is not None:
        try:
            args.eml.write_bytes(bytes(message))
        except OSError as e:
            raise PilotError(f"Cannot write {args.eml}: {e.strerror}") from e
        return f"{args.eml}: {message['Subject']}"
    mailer.send(message, smtp)
    return f"Sent to {', '.join(to)}: {message['Subject']}"
