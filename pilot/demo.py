"""The demo pilot, built from the same files in data/demo/ that the tests use."""

from __future__ import annotations

import tomllib

from pilot import store
from pilot.core.errors import NotFound
from pilot.intake import usage
from pilot.playbook import follow_ups, prompts, recognition, survey, training
from pilot.setup import participants
from pilot.setup.pilots import Pilot, definition_from_toml, get_pilot, list_pilots, save_pilot
from pilot.store import Database
from pilot.stories import benefits, concerns

DEMO_DIR = store.ROOT / "data" / "demo"
DEMO_SLUG = "demo"
DEMO_WAIT_MS = 300_000


def load(db: Database) -> Pilot:
    """Create the demo pilot (slug `demo`) unless it is there already: running twice changes nothing."""
    if (found := _demo(db)) is not None:
        return found
    pilot, goals = definition_from_toml((DEMO_DIR / "pilot.toml").read_text(encoding="utf-8"))
    pilot.slug = DEMO_SLUG
    # BEGIN IMMEDIATE, then look again: of many processes opening a new file at once, one loads it
    # and the others wait for it (longer than for an import: the demo is 28 imports and more)
    with store.transaction(db, None, wait_ms=DEMO_WAIT_MS):  # creating a pilot: an admin's job
        if (found := _demo(db)) is not None:
            return found
        if pilot.name.casefold() in {p.name.casefold() for p in list_pilots(db, include_archived=True)}:
            pilot.name += " (demo)"  # an owner's pilot already has the demo's name
        pilot = save_pilot(db, pilot, goals)
        participants.import_csv(db, pilot, (DEMO_DIR / "participants.csv").read_bytes())
        for export in sorted((DEMO_DIR / "exports").glob("*.csv")):
            usage.import_file(db, pilot, export)
        benefits.import_csv(db, pilot, (DEMO_DIR / "benefits.csv").read_bytes())
        concerns.import_csv(db, pilot, (DEMO_DIR / "concerns.csv").read_bytes())
        training.import_csv(db, pilot, (DEMO_DIR / "training.csv").read_bytes())
        survey.import_csv(db, pilot, (DEMO_DIR / "survey.csv").read_bytes())
        _playbook(db, pilot, tomllib.loads((DEMO_DIR / "playbook.toml").read_text(encoding="utf-8")))
    return pilot


def _demo(db: Database) -> Pilot | None:
    try:
        return get_pilot(db, DEMO_SLUG)
    except NotFound:
        return None


def _playbook(db: Database, pilot: Pilot, book: dict) -> None:
    """The demo's prompts (with the owner's marks), one-on-ones and badges."""
    ids = participants.ids_by_email(db, pilot.id)
    for p in book["prompts"]:
        fields = {k: p.get(k, "") for k in ("text", "audience", "department")}
        given = prompts.assign_prompt(
            db, pilot, prompts.Prompt(week=p["week"].isoformat(), from_data="done_by" not in p, **fields)
        )
        if "done_by" in p:
            prompts.mark_done(db, pilot.id, given.id, [ids[e] for e in p["done_by"]])
    for f in book["follow_ups"]:
        follow_ups.record_follow_up(
            db, pilot, follow_ups.FollowUp(ids[f["email"]], f["date"].isoformat(), f["note"])
        )
    recognition.set_recognition(db, pilot, recognition.Recognition(tuple(book["badges"])))
