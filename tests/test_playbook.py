"""The playbook (training, prompts, follow-ups) and what followed, on a small pilot worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from pilot import store
from pilot.core.catalog import BADGES
from pilot.core.errors import ValidationError
from pilot.playbook import follow_ups, prompts, recognition, survey, training
from pilot.results import (
    after_follow_up,
    after_training,
    badges,
    celebrate,
    metrics,
    prompt_completion,
    pulse,
)
from pilot.results.playbook_view import playbook_view
from pilot.setup.participants import list_participants
from pilot.setup.pilots import get_pilot, save_pilot
from tests.conftest import snapshot
from tests.metrics_data import add_people, add_usage, make_pilot

WEEKS = ["2026-09-07", "2026-09-14", "2026-09-21", "2026-09-28", "2026-10-05"]  # pilot weeks 1-5
PEOPLE = [f"p{i}@example.com" for i in range(1, 7)]


@pytest.fixture
def pilot(fresh_db):
    """p1 reads in week 1 and posts in week 4; p2 reads in week 5; p4 posts in week 5;
    p6 posts in week 1; p3 and p5 do nothing. Every week has a tool report."""
    p = make_pilot(fresh_db, end="2026-11-01")
    ids = add_people(fresh_db, p.id, [(e, "A") for e in PEOPLE])
    rows = [("p5@example.com", w, "tool", 0, 0) for w in WEEKS]
    rows += [
        ("p1@example.com", WEEKS[0], "tool", 0, 3),
        ("p1@example.com", WEEKS[3], "tool", 2, 0),
        ("p2@example.com", WEEKS[4], "tool", 0, 1),
        ("p4@example.com", WEEKS[4], "tool", 1, 0),
        ("p6@example.com", WEEKS[0], "tool", 4, 0),
    ]
    add_usage(fresh_db, p.id, ids, rows)
    return p


CSV = (
    "date,kind,topic,host,email\n"
    "2026-09-23,Lunch & Learn,Posting your first update,Kira,p1@example.com\n"
    "2026-09-23,lunch & learn,Posting your first update,Kira, P2@Example.com \n"
    "2026-09-30,office hours,Questions,Omar,p3@example.com\n"
)


def test_import_groups_rows_into_sessions_and_is_idempotent(fresh_db, pilot):
    assert training.import_csv(fresh_db, pilot, CSV.encode()) == (2, 3)
    assert training.import_csv(fresh_db, pilot, CSV.encode()) == (2, 0)
    sessions = training.list_sessions(fresh_db, pilot.id)
    assert sessions[["date", "kind", "attendees"]].values.tolist() == [
        ["2026-09-30", "office hours", 1],
        ["2026-09-23", "lunch & learn", 2],
    ]
    assert training.untrained(fresh_db, pilot.id)["email"].tolist() == PEOPLE[3:]


def test_a_bad_row_stores_nothing(fresh_db, db_path, pilot):
    before = snapshot(db_path)
    bad = CSV + "2026-09-30,webinar,Questions,Omar,stranger@example.com\n"
    with pytest.raises(ValidationError) as e:
        training.import_csv(fresh_db, pilot, bad.encode())
    assert e.value.messages[0].startswith("Line 5: Unknown kind 'webinar'")
    assert "Line 5: Not in the sample group: stranger@example.com" in e.value.messages
    assert snapshot(db_path) == before


def test_record_and_delete_a_session(fresh_db, pilot):
    session, added = training.record_session(
        fresh_db, pilot, training.Session("2026-09-16", "intro", " Getting started ", "", ["p5@example.com"])
    )
    assert added == 1 and session.topic == "Getting started"
    assert training.get_session(fresh_db, pilot.id, session.id).attendees == ["p5@example.com"]
    training.delete_session(fresh_db, pilot.id, session.id)
    assert training.list_sessions(fresh_db, pilot.id).empty


def test_adoption_after_training_by_hand(fresh_db, pilot):
    training.import_csv(fresh_db, pilot, CSV.encode())
    inputs = metrics.read_inputs(fresh_db, pilot.id)
    lunch, hours = after_training.session_effects(inputs, training.attendance(fresh_db, pilot.id))
    # lunch & learn in week 3: before = weeks 1-2, after = weeks 4-5. Attendees p1, p2.
    assert lunch.attendees == after_training.Group(2, 1, 2, 0, 1)
    # Not yet trained by week 5: p4, p5, p6 (p3, trained in week 4, is left out).
    assert lunch.others == after_training.Group(3, 1, 1, 1, 1)
    assert lunch.sentence() == (
        "Of 2 people at the 23 Sep 2026 lunch & learn, 1 posted in the next two weeks, "
        "against 1 of 3 not yet trained."
    )
    # office hours in week 4: after = week 5 only (week 6 has no data yet).
    assert hours.weeks_after == 1
    assert hours.attendees == after_training.Group(1, 0, 0, 0, 0)
    assert hours.others == after_training.Group(3, 0, 1, 0, 1)  # before = weeks 2-3: nobody
    pooled = after_training.overall([lunch, hours])
    assert pooled.attendees == after_training.Group(3, 1, 2, 0, 1)
    # the figures behind the words: under 5 people, counts only
    assert after_training.table([pooled, lunch]).values.tolist() == [
        ["all sessions", "at the session", 3, "1 of 3", "2 of 3", "0 of 3", "1 of 3"],
        ["all sessions", "not yet trained", 6, *["1 of 6 (17%)", "2 of 6 (33%)"] * 2],
        ["the 23 Sep 2026 lunch & learn", "at the session", 2, "1 of 2", "2 of 2", "0 of 2", "1 of 2"],
        ["the 23 Sep 2026 lunch & learn", "not yet trained", 3, "1 of 3", "1 of 3", "1 of 3", "1 of 3"],
    ]


def test_two_sessions_of_a_kind_on_one_day_are_told_apart(fresh_db, pilot):
    """Two one-on-ones with Kira on one day had one label: the chart drew their bars in one band."""
    two = "date,kind,topic,host,email\n2026-09-23,one-on-one,Start,Kira,p1@example.com\n"
    two += "2026-09-23,one-on-one,Groups,Kira,p2@example.com\n2026-09-23,one-on-one,Start,,p3@example.com\n"
    training.import_csv(fresh_db, pilot, two.encode())
    effects = after_training.session_effects(
        metrics.read_inputs(fresh_db, pilot.id), training.attendance(fresh_db, pilot.id)
    )
    assert [e.label for e in effects] == [
        "the 23 Sep 2026 one-on-one with Kira",
        "the 23 Sep 2026 one-on-one with Kira (2)",
        "the 23 Sep 2026 one-on-one",
    ]


def test_the_chart_draws_rates_of_five_people_or_more_only():
    """Walkthrough defect: a one-on-one's single attendee was drawn as a 100% bar, against the
    caption's rule (under 5 people, counts, not rates)."""
    effect, group = after_training.Effect, after_training.Group
    one_on_one = effect("the 21 Oct 2026 one-on-one", group(1, 0, 1, 0, 1), group(24, 9, 12, 8, 10), 2)
    late = effect(  # nearly everyone trained by then: 4 left to compare with
        "the 4 Nov 2026 lunch & learn", group(6, 3, 5, 2, 3), group(4, 1, 1, 1, 1), 2
    )
    lunch = effect("the 16 Sep 2026 lunch & learn", group(5, 1, 4, 0, 2), group(20, 5, 8, 3, 5), 2)
    too_soon = effect("the 20 Nov 2026 intro", group(8, 0, 0, 0, 0), lunch.others, 0)
    drawn = after_training.shares([one_on_one, late, lunch, too_soon])
    assert drawn.values.tolist() == [
        ["4 Nov 2026 lunch & learn", "at the session", 6, 3, 0.5],
        ["16 Sep 2026 lunch & learn", "at the session", 5, 2, 0.4],
        ["16 Sep 2026 lunch & learn", "not yet trained", 20, 5, 0.25],
    ]
    assert after_training.shares([one_on_one]).empty
    # the words keep the same rule: 4 people not yet trained are a count, not "25%"
    assert late.sentence() == (
        "Of 6 people at the 4 Nov 2026 lunch & learn, 3 (50%) posted in the next two weeks, "
        "against 1 of the 4 not yet trained."
    )


def test_rates_from_five_attendees_and_too_soon():
    group = after_training.Group(12, 6, 10, 4, 9)
    effect = after_training.Effect(
        "the 15 Sep 2026 lunch & learn", group, after_training.Group(20, 0, 9, 0, 8), 2
    )
    assert effect.sentence() == (
        "Of 12 people at the 15 Sep 2026 lunch & learn, 9 (75%) posted in the next two weeks, "
        "against 40% of those not yet trained."
    )
    assert after_training.table([effect]).iloc[0].tolist() == [
        "the 15 Sep 2026 lunch & learn", "at the session", 12, "6 of 12 (50%)", "10 of 12 (83%)",
        "4 of 12 (33%)", "9 of 12 (75%)",
    ]  # fmt: skip
    too_soon = after_training.Effect("x", group, group, 0)
    assert "too soon to tell" in too_soon.sentence()
    assert after_training.table([too_soon]).empty  # no weeks after it yet: no figures to show


def test_prompt_completion_by_hand(fresh_db, pilot):
    fresh_db.execute("UPDATE participants SET audience = 'leadership' WHERE email = 'p4@example.com'")
    everyone = prompts.assign_prompt(fresh_db, pilot, prompts.Prompt("2026-09-30", prompts.LIBRARY[0]))
    assert everyone.week == "2026-09-28"  # any day of the week: stored as its Monday
    prompts.assign_prompt(
        fresh_db, pilot, prompts.Prompt("2026-10-05", "Reply to a post", audience="leadership")
    )
    marked = prompts.assign_prompt(
        fresh_db, pilot, prompts.Prompt("2026-09-14", "Share a photo", department="A", from_data=False)
    )
    prompts.assign_prompt(fresh_db, pilot, prompts.Prompt("2026-10-12", "Thank someone"))
    ids = dict(zip(*[list_participants(fresh_db, pilot.id)[c] for c in ("email", "id")], strict=True))
    prompts.mark_done(fresh_db, pilot.id, marked.id, [ids["p2@example.com"], ids["p3@example.com"]])
    done = prompt_completion.completion(
        metrics.read_inputs(fresh_db, pilot.id),
        prompts.list_prompts(fresh_db, pilot.id),
        prompts.marks(fresh_db, pilot.id),
    ).set_index("pilot_week")
    assert done.loc[2, ["for_whom", "targeted", "done"]].tolist() == ["A", 6, 2]  # the owner's marks
    assert done.loc[4, ["for_whom", "targeted", "done"]].tolist() == ["everyone", 6, 1]  # only p1 posted
    assert done.loc[4, "rate"] == pytest.approx(1 / 6)
    assert done.loc[5, ["for_whom", "targeted", "done", "rate"]].tolist() == [
        "the leadership audience",
        1,
        1,
        1.0,
    ]
    assert pd.isna(done.loc[6, "done"]) and pd.isna(done.loc[6, "rate"])  # week 6 has no report yet
    shown = prompt_completion.table(done.reset_index())  # as the Playbook page lists them
    assert list(shown.columns) == ["pilot_week", "text", "for_whom", "targeted", "done", "rate"]
    assert shown["rate"].tolist() == ["33.3%", "16.7%", "100%", "–"]  # one decimal, '–' without data


def test_a_prompt_outside_the_pilot_or_for_nobody_is_refused(fresh_db, pilot):
    with pytest.raises(ValidationError) as e:
        prompts.assign_prompt(fresh_db, pilot, prompts.Prompt("2027-03-01", " ", department="Nowhere"))
    assert e.value.messages == [
        "The week of 2027-03-01 is not a pilot week (2026-09-07 to 2026-10-26)",
        "Say what people should try: the prompt is empty",
        "No department 'Nowhere' in the sample group",
    ]
    assert len(prompts.LIBRARY) >= 12


def test_follow_ups_and_who_is_still_stuck(fresh_db, pilot):
    ids = dict(zip(*[list_participants(fresh_db, pilot.id)[c] for c in ("email", "id")], strict=True))
    for email, date in [("p5", "2026-09-15"), ("p2", "2026-09-22"), ("p4", "2026-10-06")]:
        follow_ups.record_follow_up(
            fresh_db, pilot, follow_ups.FollowUp(ids[f"{email}@example.com"], date, "coffee")
        )
    out = follow_ups.list_follow_ups(fresh_db, pilot.id)
    got = after_follow_up.outcomes(metrics.read_inputs(fresh_db, pilot.id), out).set_index("name")
    assert got.loc["p5", ["active_after", "still_inactive"]].tolist() == [False, True]  # weeks 3-5: nothing
    assert got.loc["p2", ["active_after", "still_inactive"]].tolist() == [True, False]  # read in week 5
    assert got.loc["p4", ["active_after", "still_inactive"]].tolist() == [
        None,
        False,
    ]  # weeks 6-7: no data yet
    with pytest.raises(ValidationError):
        follow_ups.record_follow_up(fresh_db, pilot, follow_ups.FollowUp(999, "2026-09-15"))


SURVEY = (
    "week,email,question,score\n"
    + "".join(
        f"2026-09-16,p{i}@example.com,Would you keep the tool?,{s}\n"
        for i, s in zip(range(1, 6), [5, 4, 4, 3, 2], strict=True)
    )
    + "2026-09-14,p1@example.com,Did it save you time this week?,4\n"
    + "2026-09-14,p2@example.com,Did it save you time this week?,2\n"
)


def test_pulse_survey_by_hand(fresh_db, pilot):
    assert survey.import_csv(fresh_db, pilot, SURVEY.encode()) == 7
    inputs = metrics.read_inputs(fresh_db, pilot.id)
    got = pulse.results(inputs, survey.answers(fresh_db, pilot.id), 5).set_index("question")  # k = 5
    keep = got.loc["Would you keep the tool?"]
    assert (keep["week"], keep["respondents"], keep["average"]) == ("2026-09-14", 5, pytest.approx(3.6))
    assert keep["response_rate"] == pytest.approx(5 / 6)
    time = got.loc["Did it save you time this week?"]
    assert time["hidden"] and pd.isna(time["average"]) and pd.isna(time["response_rate"])  # 2 answers
    shown = pulse.table(got.reset_index())  # as the Playbook page lists them: one decimal, '–' hidden
    assert list(shown.columns) == ["question", "week", "respondents", "response_rate", "average"]
    assert shown[["response_rate", "average"]].values.tolist() == [["–", "–"], ["83.3%", "3.6"]]
    # answering again replaces: p1 now says 1
    survey.import_csv(
        fresh_db, pilot, b"week,email,question,score\n2026-09-14,P1@example.com,Would you keep the tool?,1\n"
    )
    again = pulse.results(inputs, survey.answers(fresh_db, pilot.id), 5).set_index("question")
    assert again.loc["Would you keep the tool?", "average"] == pytest.approx(2.8)
    by = pulse.results(inputs, survey.answers(fresh_db, pilot.id), 5, by="department")
    assert by[["department", "question", "respondents"]].values.tolist()[1] == [
        "A",
        "Would you keep the tool?",
        5,
    ]
    assert by["average"].iloc[1] == pytest.approx(2.8) and by["response_rate"].iloc[1] == pytest.approx(5 / 6)
    # per audience, each under the threshold: p5 is the one observer, 4 practitioners answered
    fresh_db.execute("UPDATE participants SET audience = 'observer' WHERE email = 'p5@example.com'")
    inputs = metrics.read_inputs(fresh_db, pilot.id)
    by = pulse.results(inputs, survey.answers(fresh_db, pilot.id), 5, by="audience")
    keep = by[by["question"] == "Would you keep the tool?"]
    assert keep[["audience", "respondents", "hidden"]].values.tolist() == [
        ["observer", 1, True],
        ["practitioner", 4, True],
    ]
    assert keep["average"].isna().all() and keep["response_rate"].isna().all()


def test_pulse_figures_hide_below_the_pilots_own_small_group_threshold(fresh_db, pilot):
    """They hid below a fixed 5 whatever the pilot's k (Pilot.small_group, set on the Pilot page)."""
    survey.import_csv(fresh_db, pilot, SURVEY.encode())
    pilot.small_group = 2  # the 2 answers on saving time are enough
    save_pilot(fresh_db, pilot)
    shown = playbook_view(fresh_db, pilot.id, pilot.small_group).pulse["group"].set_index("question")
    assert shown["hidden"].tolist() == [False, False]
    assert shown.loc["Did it save you time this week?", "average"] == pytest.approx(3.0)  # (4 + 2) / 2
    pilot.small_group = 6  # the 5 answers on keeping the tool are too few
    save_pilot(fresh_db, pilot)
    shown = playbook_view(fresh_db, pilot.id, pilot.small_group).pulse["group"].set_index("question")
    assert shown["hidden"].tolist() == [True, True] and shown["average"].isna().all()


def test_a_wrong_survey_row_stores_nothing(fresh_db, db_path, pilot):
    before = snapshot(db_path)
    bad = "week,email,question,score\n2026-09-14,p1@example.com,Keep?,6\n2027-01-04,x@example.com,Keep?,3\n"
    with pytest.raises(ValidationError) as e:
        survey.import_csv(fresh_db, pilot, bad.encode())
    assert e.value.messages == [
        "Line 2: The score must be a whole number from 1 to 5, not '6'",
        "Line 3: The week of 2027-01-04 is not a pilot week (2026-09-07 to 2026-10-26)",
        "Line 3: 'x@example.com' is not in the sample group",
    ]
    assert snapshot(db_path) == before


def test_badges_by_hand(fresh_db, pilot):
    ids = dict(zip(*[list_participants(fresh_db, pilot.id)[c] for c in ("email", "id")], strict=True))
    add_usage(
        fresh_db,
        pilot.id,
        ids,
        [("p3@example.com", w, "tool", 0, 1) for w in WEEKS[:4]]  # p3 reads in weeks 1-4
        + [("p6@example.com", WEEKS[0], "replaced", 10, 0), ("p1@example.com", WEEKS[3], "replaced", 1, 0)],
    )
    training.import_csv(fresh_db, pilot, CSV.encode())
    marked = [
        prompts.assign_prompt(fresh_db, pilot, prompts.Prompt(w, "Try it", from_data=False)).id
        for w in ("2026-09-14", "2026-09-21")
    ]
    for prompt_id in marked:
        prompts.mark_done(fresh_db, pilot.id, prompt_id, [ids["p1@example.com"]])
    prompts.assign_prompt(
        fresh_db, pilot, prompts.Prompt("2026-09-28", "Post something")
    )  # p1 posts in week 4
    got = badges.badges(fresh_db, pilot.id)
    assert sorted(zip(got["name"], got["badge"], got["week"], strict=True)) == sorted(
        [
            ("p6", "First post", 1),
            ("p1", "First post", 4),
            ("p4", "First post", 5),
            ("p1", "Posted more on the tool than on the old channel", 4),  # 2 on the tool, 1 by email
            ("p1", "Came to a training session", 3),
            ("p2", "Came to a training session", 3),
            ("p3", "Came to a training session", 4),
            ("p1", "Completed 3 prompts", 4),
            ("p3", "Active 4 weeks running", 4),
        ]
    )


def test_badges_are_off_until_the_owner_turns_each_on(fresh_db, pilot):
    assert recognition.recognition(fresh_db, pilot.id) == recognition.Recognition((), False)
    chosen = recognition.set_recognition(fresh_db, pilot, recognition.Recognition((), leaderboard=True))
    assert chosen == recognition.Recognition((), False)  # no leaderboard without a badge
    picked = recognition.Recognition(("four weeks", "trained"), True)
    recognition.set_recognition(fresh_db, pilot, picked)
    stored = recognition.recognition(fresh_db, pilot.id)
    assert stored == recognition.Recognition(("trained", "four weeks"), True)  # in the catalog's order
    with pytest.raises(ValidationError, match="No such badge: gold star"):
        recognition.set_recognition(fresh_db, pilot, recognition.Recognition(("gold star",)))
    assert recognition.recognition(fresh_db, pilot.id) == stored


def test_only_the_badges_switched_on_are_earned(demo_db):
    demo = get_pilot(demo_db, "demo")
    every = celebrate.earned_badges(demo_db, demo.id)
    assert set(every["badge"]) == set(BADGES.values())  # the demo shows every badge
    recognition.set_recognition(demo_db, demo, recognition.Recognition(("trained",)))
    some = celebrate.earned_badges(demo_db, demo.id)
    assert set(some["badge"]) == {"Came to a training session"}
    assert some.equals(every[every["badge"] == "Came to a training session"].reset_index(drop=True))


def test_a_pilot_that_had_badges_on_keeps_every_badge_after_the_migration(db_path):
    db = store.connect(db_path)  # back to the schema before m014: one switch for all badges
    db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm014_badges_one_by_one'")
    db.executescript(
        "ALTER TABLE recognition DROP COLUMN kinds;"
        " ALTER TABLE recognition ADD COLUMN badges INTEGER NOT NULL DEFAULT 0;"
    )
    for slug in ("on", "off"):
        sql = "INSERT INTO pilots (slug, name, start, end) VALUES (?, ?, '2026-09-07', '2026-10-04')"
        db.execute(sql, [slug, slug])
    db.execute("INSERT INTO recognition (pilot_id, badges, leaderboard) VALUES (1, 1, 1), (2, 0, 0)")
    db.close()
    db = store.connect(db_path)
    assert recognition.recognition(db, 1) == recognition.Recognition(tuple(BADGES), True)
    assert recognition.recognition(db, 2) == recognition.Recognition((), False)
