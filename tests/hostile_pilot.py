"""The demo pilot with every text a user types replaced by Markdown, HTML and a spreadsheet formula
(issue 10, "Plain text everywhere"): the pilot, tool and channel names, currency, checklist notes,
participants' names and departments, units, KPI and goal names, benefit, win and concern texts,
training, prompts, one-on-ones, the survey and the owner's decision. Shown anywhere, each must read
as typed: no link (an email's included), no image, no colour, no bold."""

from __future__ import annotations

import csv
import io
import tomllib
from dataclasses import replace

from pilot.intake import kpis, usage
from pilot.playbook import follow_ups, prompts, recognition, survey, training
from pilot.results import decision
from pilot.setup import participants, users
from pilot.setup.goals import Goal
from pilot.setup.pilots import Pilot, definition_from_toml, save_pilot
from pilot.store import Database
from pilot.stories import benefits, concerns, wins
from pilot.stories.wins import Win

from .conftest import DEMO_DIR

HOSTILE = (
    "[x](https://evil.example/a) ![i](https://evil.example/i.png) :red[bold] **b** "
    '<img src=x onerror=alert(1)> =HYPERLINK("https://evil.example") boss@evil.example'
)
SLUG = "hostile"
KPI = f"{HOSTILE} kpi"
UNIT = f"{HOSTILE} unit"


def hostile_pilot(db: Database) -> Pilot:
    """The demo's data (so every chart, table and tile has something to show) under hostile text."""
    pilot, goals = definition_from_toml((DEMO_DIR / "pilot.toml").read_text(encoding="utf-8"))
    pilot.slug = SLUG
    for name in ("name", "purpose", "tool_name", "replaced_name", "replaced_rule", "currency"):
        setattr(pilot, name, HOSTILE)
    for item in pilot.checklist.values():
        item["note"] = HOSTILE
    goals += [Goal(f"manual:{KPI}", "at_least", 5), Goal(f"benefits:{UNIT}", "at_least", 3)]
    pilot = save_pilot(db, pilot, goals)
    group = _rows("participants.csv")
    departments = sorted({r["department"] for r in group})
    for n, row in enumerate(group):
        row["name"] = f"{HOSTILE} {n}"
        row["department"] = f"{HOSTILE} {departments.index(row['department'])}"
    participants.import_csv(db, pilot, _csv(group))
    for export in sorted((DEMO_DIR / "exports").glob("*.csv")):
        channel = "tool" if export.name.startswith("Viva") else "replaced"
        usage.import_file(db, pilot, export, channel=channel)
    _stories(db, pilot)
    _playbook(db, pilot, group)
    kpis.save_kpi(db, pilot, KPI, pilot.weeks[-1], 7)
    users.add_user(db, "decider@example.com", "owner", pilot, name=HOSTILE)  # the decision names them
    decider = Database(db.conn, users.actor_for(db, "decider@example.com", "password"))
    decision.record_override(decider, pilot.id, "Go", HOSTILE)
    return pilot


def _stories(db: Database, pilot: Pilot) -> None:
    stories = _rows("benefits.csv")
    for n, row in enumerate(stories):
        row["description"] = HOSTILE
        row["unit"] = UNIT if n % 2 and row["quantity"] else row["unit"]
    benefits.import_csv(db, pilot, _csv(stories))
    raised = _rows("concerns.csv")
    for row in raised:
        row.update(raised_by=HOSTILE, description=HOSTILE, handling=HOSTILE)
    concerns.import_csv(db, pilot, _csv(raised))
    wins.record_win(db, pilot, Win(stories[0]["date"], HOSTILE, stories[0]["email"]))


def _playbook(db: Database, pilot: Pilot, group: list[dict[str, str]]) -> None:
    sessions = _rows("training.csv")
    for row in sessions:
        row.update(topic=HOSTILE, host=HOSTILE)
    training.import_csv(db, pilot, _csv(sessions))
    answers = _rows("survey.csv")
    for row in answers:
        row["question"] = HOSTILE
    survey.import_csv(db, pilot, _csv(answers))
    book = tomllib.loads((DEMO_DIR / "playbook.toml").read_text(encoding="utf-8"))
    ids = dict(zip(*[participants.list_participants(db, pilot.id)[c] for c in ("email", "id")], strict=True))
    given = prompts.assign_prompt(
        db,
        pilot,
        prompts.Prompt(pilot.weeks[2].isoformat(), HOSTILE, department=f"{HOSTILE} 0", from_data=False),
    )
    prompts.mark_done(db, pilot.id, given.id, [ids[group[0]["email"]]])
    for f in book["follow_ups"]:
        follow_ups.record_follow_up(
            db, pilot, follow_ups.FollowUp(ids[f["email"]], f["date"].isoformat(), HOSTILE)
        )
    recognition.set_recognition(db, pilot, replace(recognition.EVERY_BADGE, leaderboard=True))


def _rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((DEMO_DIR / name).read_text(encoding="utf-8"))))


def _csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()
