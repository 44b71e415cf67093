"""Everything the Playbook page shows, from one read of the pilot: tiers, concentration, what
followed each training session, prompt completion and follow-ups (cached per data version)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pilot.playbook import follow_ups, prompts, survey, training
from pilot.results import after_follow_up, after_training, engagement, metrics, prompt_completion, pulse
from pilot.setup.participants import list_participants
from pilot.store import Database


@dataclass
class PlaybookView:
    tier_counts: pd.DataFrame  # week x tier
    moves: (
        pd.DataFrame
    )  # who moved tier in the latest week with data: name, department, before, now, direction
    concentration: list[engagement.Concentration]  # one a week with tool data
    sessions: pd.DataFrame  # training.list_sessions
    effects: list[after_training.Effect]
    training_shares: pd.DataFrame  # after_training.shares: what the training chart draws
    overall: after_training.Effect | None
    untrained: pd.DataFrame  # participants never at a session
    prompts: pd.DataFrame  # prompt_completion.completion (the chart's)
    prompt_table: pd.DataFrame  # prompt_completion.table: the same rows as people read them
    follow_ups: pd.DataFrame  # follow_ups.list_follow_ups with their outcome
    latest_week: int | None  # the latest pilot week with tool data
    pulse: dict[str, pd.DataFrame]  # "group", "department", "audience" -> pulse.results
    pulse_tables: dict[str, pd.DataFrame]  # the same keys -> pulse.table: as people read them


def playbook_view(db: Database, pilot_id: int, k: int) -> PlaybookView:
    """`k`: the pilot's small-group threshold (Pilot.small_group), below which pulse figures hide."""
    inputs = metrics.read_inputs(db, pilot_id)
    tiered = engagement.tiers(inputs)
    weeks = sorted(inputs.tool_weeks & set(inputs.weeks))
    latest = weeks[-1] if weeks else None
    names = list_participants(db, pilot_id).set_index("id")[["name", "department"]]
    moved = engagement.moves(tiered, latest) if latest else engagement.moves(tiered, 0)
    answers = survey.answers(db, pilot_id)
    effects = after_training.session_effects(inputs, training.attendance(db, pilot_id))
    given, marks = prompts.list_prompts(db, pilot_id), prompts.marks(db, pilot_id)
    done = prompt_completion.completion(inputs, given, marks)
    surveyed = {b or "group": pulse.results(inputs, answers, k, b) for b in (None, "department", "audience")}
    return PlaybookView(
        tier_counts=engagement.tier_counts(tiered),
        moves=moved.join(names, on="participant_id")[["name", "department", "before", "now", "direction"]],
        concentration=[engagement.concentration(inputs, w) for w in weeks],
        sessions=training.list_sessions(db, pilot_id),
        effects=effects,
        training_shares=after_training.shares(effects),
        overall=after_training.overall(effects),
        untrained=training.untrained(db, pilot_id),
        prompts=done,
        prompt_table=prompt_completion.table(done),
        follow_ups=after_follow_up.outcomes(inputs, follow_ups.list_follow_ups(db, pilot_id)),
        latest_week=latest,
        pulse=surveyed,
        pulse_tables={by: pulse.table(frame) for by, frame in surveyed.items()},
    )
