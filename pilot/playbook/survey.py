"""The pulse survey: a short question set every week or two ("Would you keep the tool?", "Did it
save you time this week?"), scored 1 to 5, imported as CSV `week,email,question,score`.

A pilot that people use because they must, but would not keep, is a risk executives should see:
the averages sit beside the usage figures and a goal may target one.
"""

from __future__ import annotations

import pandas as pd

from pilot import store
from pilot.core.csvfile import capped, read_rows
from pilot.core.errors import ValidationError
from pilot.core.text import normalize_email
from pilot.core.weeks import monday, parse_day
from pilot.setup.participants import ids_by_email
from pilot.setup.pilots import Pilot
from pilot.store import Database

SCORES = range(1, 6)
MAX_QUESTION = 200


def import_csv(db: Database, pilot: Pilot, data: bytes) -> int:
    """Store every answer of the file (an answer given again for the same week and question
    replaces the earlier one), or none if any row is wrong. Returns how many rows were stored."""
    people = ids_by_email(db, pilot.id)
    answers, errors = [], []
    for line, cells in read_rows(data, "The survey file", ("week", "email", "question", "score")):
        problems, answer = _answer(pilot, people, cells)
        errors += [f"Line {line}: {p}" for p in problems]
        answers.append(answer)
    if errors:
        raise ValidationError(capped(errors))
    with store.transaction(db, pilot.id):
        db.conn.executemany(
            "INSERT OR REPLACE INTO survey_answers (pilot_id, week, participant_id, question, score)"
            " VALUES (?, ?, ?, ?, ?)",
            [(pilot.id, *a) for a in answers],
        )
        store.audit(db, "survey", "", "imported", None, {"answers": len(answers)})
    return len(answers)


def answers(db: Database, pilot_id: int) -> pd.DataFrame:
    """week, participant_id, department, audience, question, score."""
    return store.frame(
        db,
        "SELECT a.week, a.participant_id, p.department, p.audience, a.question, a.score"
        " FROM survey_answers a JOIN participants p ON p.id = a.participant_id"
        " WHERE a.pilot_id = ? ORDER BY a.week, a.question",
        [pilot_id],
    )


def questions(db: Database, pilot_id: int) -> list[str]:
    """The questions answered so far, in the order first asked: what a survey goal may target."""
    sql = "SELECT question FROM survey_answers WHERE pilot_id = ? GROUP BY question ORDER BY MIN(week)"
    return [row[0] for row in db.execute(sql, [pilot_id]).fetchall()]


def _answer(pilot: Pilot, people: dict[str, int], cells: dict[str, str]) -> tuple[list[str], tuple]:
    problems = []
    day = parse_day(cells["week"].strip())
    if day is None:
        problems.append(f"'{cells['week']}' is not a date like 2026-09-14")
    elif monday(day) not in pilot.weeks:
        problems.append(f"The week of {day} is not a pilot week ({pilot.weeks[0]} to {pilot.weeks[-1]})")
    email = normalize_email(cells["email"])
    if email not in people:
        problems.append(f"'{email}' is not in the sample group")
    question = " ".join(cells["question"].split())
    if not question or len(question) > MAX_QUESTION:
        problems.append(f"The question must be 1 to {MAX_QUESTION} characters")
    score = cells["score"].strip()
    if score not in {str(s) for s in SCORES}:
        problems.append(f"The score must be a whole number from 1 to 5, not '{score}'")
    if problems:
        return problems, ()
    return [], (monday(day).isoformat(), people[email], question, int(score))
