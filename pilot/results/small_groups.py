"""Small groups stay unidentifiable: what a viewer sees of departments and audiences under k people.

A department (or audience) with fewer than the pilot's k participants shows viewers no rate and
no per-person figure: it is merged into "Other (fewer than k each)"; if Other still holds fewer
than k, the smallest remaining group joins it until it has k, so that no hidden figure can be
read by subtracting the shown ones from the total. Owners see every group, with a note where a
figure is hidden from viewers. The figures of the merged group are computed afresh from its
members (metrics.compute over relabelled inputs), never averaged.

Every function takes an explicit `for_viewer`: the sign-in roles (issue 10) decide it.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from pilot.core.text import pseudonym
from pilot.results import metrics
from pilot.results.progress import GoalStatus
from pilot.setup import participants
from pilot.setup.pilots import Pilot
from pilot.store import Database
from pilot.stories.benefits import SEPARATOR


def other_label(k: int) -> str:
    return f"Other (fewer than {k} each)"


def merge_map(sizes: pd.Series, k: int) -> dict[str, str]:
    """Group name -> "Other (...)" for every group a viewer must not see alone (sizes: name -> people)."""
    small = sizes[sizes < k]
    if small.empty:
        return {}
    merged, total = list(small.index), int(small.sum())
    for name, size in sizes[sizes >= k].sort_values(kind="stable").items():
        if total >= k:
            break
        merged.append(name)
        total += int(size)
    return {str(name): other_label(k) for name in merged}


def group_sizes(inputs: metrics.Inputs, key: str) -> pd.Series:
    """Participants per department (or audience) over the pilot: name -> count."""
    people = inputs.grid.drop_duplicates("participant_id")
    return people[key].value_counts()


def hidden(inputs: metrics.Inputs, key: str, k: int) -> list[str]:
    """The groups whose own figures a viewer does not get (the owner's note lists them)."""
    return sorted(merge_map(group_sizes(inputs, key), k))


def protect(inputs: metrics.Inputs, key: str, k: int) -> metrics.Inputs:
    """The same inputs with small groups relabelled into Other, so compute() yields Other's figures."""
    mapping = merge_map(group_sizes(inputs, key), k)
    if not mapping:
        return inputs

    def relabel(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.assign(**{key: frame[key].replace(mapping)})

    frames = {name: relabel(getattr(inputs, name)) for name in ("grid", "replaced", "benefits")}
    return dataclasses.replace(inputs, **frames)


def goals_as_seen(statuses: list[GoalStatus], inputs: metrics.Inputs, k: int) -> list[GoalStatus]:
    """The goals as a viewer sees them: a goal on an audience that viewers see only inside Other
    shows its status, not its value (no actual, forecast or weekly values, and words that say why)."""
    merged = set(hidden(inputs, "audience", k))
    return [_status_only(s, k) if s.goal.audience in merged else s for s in statuses]


def _status_only(status: GoalStatus, k: int) -> GoalStatus:
    why = (
        f"Status only: {status.goal.audience}'s figures are shown inside '{other_label(k)}', "
        "so that nobody in a small group can be identified."
    )
    return dataclasses.replace(status, actual=None, forecast=None, values=None, explanation=why)


def by_group(
    db: Database, pilot: Pilot, key: str, for_viewer: bool, results: PilotResults | None = None
) -> pd.DataFrame:
    """The metrics per department (or audience, `key`) as a viewer (small groups merged into Other)
    or an owner (every group) sees them; from `results`' read when the caller has it (the pages'
    cache), else from a read of its own."""
    inputs = results.inputs if results is not None else metrics.read_inputs(db, pilot.id)
    shown = protect(inputs, key, pilot.small_group) if for_viewer else inputs
    return metrics.compute(shown, [key])


def merged_people(people: pd.DataFrame, k: int) -> pd.DataFrame:
    """The sample group with small departments and audiences relabelled (for counts and the make-up chart)."""
    out = people.copy()
    for key in ("department", "audience"):
        out[key] = out[key].replace(merge_map(out[key].value_counts(), k))
    return out


@dataclasses.dataclass
class PilotResults:
    """The metrics that the result pages and the summary share, from one read of the pilot (the
    pages cache it per data version): the weekly figures, the departments as an owner sees them
    (every one) and as viewers and summaries see them (small ones merged into Other)."""

    weekly: pd.DataFrame
    by_department: pd.DataFrame
    shared_by_department: pd.DataFrame
    note: str  # owner_note: "" when no department is merged
    inputs: metrics.Inputs  # the read itself: who posted, for the summary's concentration and badges


def pilot_results(db: Database, pilot_id: int, k: int) -> PilotResults:
    """Every figure of PilotResults from one read (plain arguments, so that pages can cache it)."""
    inputs = metrics.read_inputs(db, pilot_id)
    by_department = metrics.compute(inputs, ["department"])
    shared = protect(inputs, "department", k)
    return PilotResults(
        weekly=metrics.compute(inputs, []),
        by_department=by_department,
        shared_by_department=by_department if shared is inputs else metrics.compute(shared, ["department"]),
        note=owner_note(inputs, k),
        inputs=inputs,
    )


def owner_note(inputs: metrics.Inputs, k: int) -> str:
    """For owners: which departments viewers see only inside Other, or "" when none."""
    names = hidden(inputs, "department", k)
    if not names:
        return ""
    shown = ", ".join(names)
    return f"Viewers and summaries see {shown} only inside '{other_label(k)}'."


@dataclasses.dataclass(frozen=True)
class Names:
    """How a reader who may not see names sees the sample group: each participant's pseudonym, by
    email ("Participant 17 (Sales)"), and each department as it is shown beside one (small ones
    merged into Other, as the pseudonym says)."""

    people: dict[str, str]
    departments: dict[str, str]


def pseudonymised(group: pd.DataFrame, k: int) -> Names:
    """The pseudonyms of `group` (participants.list_participants) and its departments under k merged:
    over the whole group, so that a participant's pseudonym is the same on every page and week."""
    departments = merge_map(group["department"].value_counts(), k)
    merged = group["department"].replace(departments)
    people = {e: pseudonym(int(i), d) for e, i, d in zip(group["email"], group["id"], merged, strict=True)}
    return Names(people, departments)


def hides_names(pilot: Pilot, for_viewer: bool) -> bool:
    """Whether the reader sees pseudonyms, not names: a viewer (or a summary) of a pilot whose owner
    turned them on."""
    return for_viewer and pilot.pseudonyms


def names_for(db: Database, pilot: Pilot, for_viewer: bool) -> Names | None:
    """The pseudonyms a reader gets: a viewer of a pilot whose owner turned them on (a summary
    counts as a viewer's: it travels); None when the reader sees names."""
    if not hides_names(pilot, for_viewer):
        return None
    return pseudonymised(participants.list_participants(db, pilot.id), pilot.small_group)


def as_seen(frame: pd.DataFrame, names: Names | None) -> pd.DataFrame:
    """Rows naming participants (`email`, `name`, and `department` or `departments` when present)
    as a reader with `names` sees them: each name a pseudonym (blank for anyone outside the group),
    departments merged as the pseudonyms say. None: as stored."""
    if names is None:
        return frame
    out = frame.assign(name=[names.people.get(e, "") for e in frame["email"]])
    if "department" in out:
        out["department"] = out["department"].replace(names.departments)
    if "departments" in out:
        out["departments"] = [_merged(str(d), names.departments) for d in out["departments"].fillna("")]
    return out


def _merged(departments: str, merged: dict[str, str]) -> str:
    """A benefit's departments ("Sales; Patents") with the merged ones named once as Other."""
    names = [merged.get(d, d) for d in departments.split(SEPARATOR) if d]
    return SEPARATOR.join(dict.fromkeys(names))
