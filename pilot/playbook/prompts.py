"""Things to try: a weekly prompt that gives people an explicit, small reason to post.

The owner picks one from the built-in library (written for this product) or writes their own,
and assigns it to a pilot week and to everyone, one audience or one department. Completion is
marked per participant by the owner, or read from the data when the prompt says so ("posted at
least once that week"): `results/prompt_completion` works it out.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

from pilot import store
from pilot.core.catalog import AUDIENCES
from pilot.core.errors import ValidationError
from pilot.core.weeks import monday
from pilot.setup.participants import list_participants
from pilot.setup.pilots import Pilot
from pilot.store import Database

MAX_TEXT = 300
LIBRARY = (
    "Post one thing you learned this week",
    "Answer a colleague's question in the group instead of by email",
    "Share a photo of your team's workspace",
    "Introduce yourself: your role and one thing people can ask you about",
    "Post a procedure change in the group instead of emailing it",
    "Thank someone in public for help they gave you this week",
    "Ask the group a question you would normally ask one person",
    "Share a link to something useful you read, with one line on why",
    "Reply to a post from another department",
    "Post a short update on what your team shipped or fixed this week",
    "Share a tip that saves you time every day",
    "Tag a colleague who knows the answer to an open question",
    "Move one recurring email thread into the group and say so in the email",
    "Post a draft and ask for comments instead of sending an attachment",
)


@dataclass
class Prompt:
    week: str  # the Monday of the pilot week it is for, ISO
    text: str
    audience: str = ""  # '' = everyone; else one of catalog.AUDIENCES
    department: str = ""  # '' = every department
    from_data: bool = True  # completed by posting on the tool that week (else marked by the owner)
    id: int | None = None

    def for_whom(self) -> str:
        return self.department or (f"the {self.audience} audience" if self.audience else "everyone")


def validate_prompt(pilot: Pilot, prompt: Prompt, departments: set[str]) -> list[str]:
    errors = []
    try:
        if monday(prompt.week) not in pilot.weeks:
            errors.append(
                f"The week of {prompt.week} is not a pilot week ({pilot.weeks[0]} to {pilot.weeks[-1]})"
            )
    except ValueError:
        errors.append(f"'{prompt.week}' is not a date like 2026-09-14")
    if not prompt.text:
        errors.append("Say what people should try: the prompt is empty")
    if len(prompt.text) > MAX_TEXT:
        errors.append(f"Keep the prompt under {MAX_TEXT} characters")
    if prompt.audience and prompt.audience not in AUDIENCES:
        errors.append(f"Unknown audience '{prompt.audience}': use one of {', '.join(AUDIENCES)}")
    if prompt.department and prompt.department not in departments:
        errors.append(f"No department '{prompt.department}' in the sample group")
    if prompt.audience and prompt.department:
        errors.append("Give a prompt to one audience or one department, not both")
    return errors


def assign_prompt(db: Database, pilot: Pilot, prompt: Prompt) -> Prompt:
    """Store a new prompt (or update one that has an id)."""
    prompt = Prompt(
        week=str(prompt.week).strip()[:10],
        text=" ".join(prompt.text.split()),
        audience=prompt.audience.strip().lower(),
        department=prompt.department.strip(),
        from_data=bool(prompt.from_data),
        id=prompt.id,
    )
    departments = set(list_participants(db, pilot.id)["department"])
    errors = validate_prompt(pilot, prompt, departments)
    if errors:
        raise ValidationError(errors)
    prompt.week = monday(prompt.week).isoformat()
    row = {k: v for k, v in asdict(prompt).items() if k != "id"}
    with store.transaction(db, pilot.id):
        before = None
        if prompt.id is None:
            prompt.id = db.table("prompts").insert({**row, "pilot_id": pilot.id}).last_pk
        else:
            before = store.pilot_row(db, "prompts", pilot.id, prompt.id, "prompt")
            db.table("prompts").update(prompt.id, row)
        after = {**row, "id": prompt.id, "pilot_id": pilot.id}
        store.audit(db, "prompt", prompt.id, "changed" if before else "created", before, after)
    return prompt


def delete_prompt(db: Database, pilot_id: int, prompt_id: int) -> None:
    with store.transaction(db, pilot_id):
        before = store.pilot_row(db, "prompts", pilot_id, prompt_id, "prompt")
        store.audit(db, "prompt", prompt_id, "deleted", before)
        db.execute("DELETE FROM prompt_done WHERE prompt_id = ?", [prompt_id])
        db.execute("DELETE FROM prompts WHERE id = ?", [prompt_id])


def list_prompts(db: Database, pilot_id: int) -> pd.DataFrame:
    """Oldest week first: id, week, text, audience, department, from_data."""
    frame = store.frame(
        db,
        "SELECT id, week, text, audience, department, from_data FROM prompts"
        " WHERE pilot_id = ? ORDER BY week, id",
        [pilot_id],
    )
    frame["from_data"] = frame["from_data"].astype(bool)
    return frame


def mark_done(db: Database, pilot_id: int, prompt_id: int, participant_ids: list[int]) -> None:
    """The owner's marks for a prompt: exactly these participants completed it."""
    with store.transaction(db, pilot_id):
        store.pilot_row(db, "prompts", pilot_id, prompt_id, "prompt")
        done = sorted({int(p) for p in participant_ids})
        store.audit(db, "prompt", prompt_id, "marked", None, {"done by": done})
        known = set(list_participants(db, pilot_id)["id"])
        strangers = [p for p in participant_ids if p not in known]
        if strangers:
            raise ValidationError([f"Participant id(s) {strangers} are not in this pilot's sample group"])
        db.execute("DELETE FROM prompt_done WHERE prompt_id = ?", [prompt_id])
        db.conn.executemany(
            "INSERT INTO prompt_done (prompt_id, participant_id) VALUES (?, ?)",
            [(prompt_id, int(p)) for p in dict.fromkeys(participant_ids)],
        )


def marks(db: Database, pilot_id: int) -> pd.DataFrame:
    """prompt_id, participant_id: the completions the owner marked."""
    return store.frame(
        db,
        "SELECT d.prompt_id, d.participant_id FROM prompt_done d JOIN prompts p ON p.id = d.prompt_id"
        " WHERE p.pilot_id = ?",
        [pilot_id],
    )
