"""AppTest of the Playbook page: an empty pilot, and the demo with its sessions, tiers and a prompt."""

from __future__ import annotations

import datetime as dt
import json

from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

from pilot import store
from pilot.playbook import prompts, training
from pilot.setup.pilots import get_pilot
from tests.app.conftest import page, run_page
from tests.made_up import small_pilot

PAGE = page("8_Playbook.py")


def test_a_pilot_without_usage_or_training(app_db):
    db = store.connect(app_db)
    small_pilot(db)
    db.close()
    at = run_page(PAGE)
    assert at.title[0].value == "🧭 Playbook"
    assert [t.label for t in at.tabs] == ["Engagement", "Training", "Prompts", "Pulse", "Recognition"]
    infos = [i.value for i in at.info]
    assert infos[0].startswith("No tool usage yet")
    assert infos[1].startswith("No training session yet")
    assert infos[2].startswith("No prompt yet")
    assert infos[3].startswith("No pulse survey answers yet")


def test_demo_shows_what_followed_the_training(app_demo):
    at = run_page(PAGE)
    texts = [t.value for t in at.text]
    assert texts[0].startswith("Of 36 people at all sessions, 29 (81%) posted in the next two weeks")
    assert "Of 13 people at the 16 Sep 2026 lunch & learn, 11 (85%) posted" in texts[2]
    titles = [json.loads(c.proto.spec)["title"] for c in at.get("vega_lite_chart")]
    assert titles == [
        "Engagement tiers by week",
        "Posted in the two weeks after a session",
        "Prompt completion by week",
        "Pulse survey: average score by week",
    ]
    sessions = next(d.value for d in at.dataframe if "topic" in d.value.columns)
    assert len(sessions) == 6
    figures = next(d.value for d in at.dataframe if "posted after" in d.value.columns)
    assert figures.iloc[0][["session", "group", "posted after"]].tolist() == [
        "all sessions",
        "at the session",
        "29 of 36 (81%)",
    ]  # the words' figure, with the weeks before and the active rate beside it
    assert len(figures) == 2 * 7  # all sessions and each of the 6, attendees and not yet trained


def test_the_training_chart_draws_no_rate_of_fewer_than_five_people(app_demo):
    """Walkthrough defect: the demo's two one-on-ones (one attendee each) were 100% bars, both
    labelled "21 Oct 2026 one-…", under a caption saying such counts are not shown as rates."""
    at = run_page(PAGE)
    [chart] = [
        c
        for c in at.get("vega_lite_chart")
        if json.loads(c.proto.spec)["title"] == "Posted in the two weeks after a session"
    ]
    [drawn] = [convert_arrow_bytes_to_pandas_df(d.data.data) for d in chart.proto.datasets]
    assert drawn[["session", "group", "posted", "people"]].values.tolist() == [
        ["2 Sep 2026 intro", "at the session", 10, 10],  # the words' 100%, 27%, 85%, 32% ...
        ["2 Sep 2026 intro", "not yet trained", 10, 37],
        ["16 Sep 2026 lunch & learn", "at the session", 11, 13],
        ["16 Sep 2026 lunch & learn", "not yet trained", 10, 31],
        ["30 Sep 2026 office hours", "at the session", 4, 6],
        ["30 Sep 2026 office hours", "not yet trained", 9, 26],
        ["14 Oct 2026 lunch & learn", "at the session", 2, 5],
        ["14 Oct 2026 lunch & learn", "not yet trained", 9, 24],
    ]
    texts = [t.value for t in at.text]  # the one-on-ones stay in the words, as counts
    assert "Of 1 person at the 21 Oct 2026 one-on-one with Mona Okafor, 1 posted in the next two weeks" in (
        " ".join(texts)
    )
    assert any("Under 5 people, counts instead of rates: the chart leaves out" in c.value for c in at.caption)


def test_prompt_and_pulse_rates_read_with_one_decimal_as_the_readme_says(app_demo):
    """Walkthrough defect: the Prompts and Pulse tables showed rates to two decimals (18.33%)."""
    at = run_page(PAGE)
    completion = next(d.value for d in at.dataframe if "text" in d.value.columns)
    assert completion["rate"].tolist() == ["18.3%", "29.2%", "48.3%", "50%", "56.7%"]  # 11 of 60, 7 of 24...
    answers = next(d.value for d in at.dataframe if "response_rate" in d.value.columns)
    assert answers[["response_rate", "average"]].values.tolist() == [
        ["68.3%", "2.7"],  # 41 of 60
        ["66.7%", "3.4"],
        ["56.7%", "3.6"],
        ["68.3%", "2.6"],
        ["66.7%", "3.5"],
        ["56.7%", "3.8"],
    ]


def test_give_a_prompt_from_the_library_and_see_its_completion(app_demo):
    at = run_page(PAGE)
    library = next(s for s in at.selectbox if s.label == "From the library")
    library.set_value(prompts.LIBRARY[0])
    at.button[[b.label for b in at.button].index("Give the prompt")].click().run()
    assert at.success[0].value == "Prompt given"
    db = store.connect(store.default_path())
    given = prompts.list_prompts(db, get_pilot(db, "demo").id)
    assert len(given) == 6 and given["text"].iloc[0] == prompts.LIBRARY[0]  # week 1 comes before the demo's 5
    completion = next(d.value for d in at.dataframe if "text" in d.value.columns)
    assert completion.iloc[0][["text", "targeted"]].tolist() == [prompts.LIBRARY[0], 60]


def labelled(widgets, label: str):
    return next(w for w in widgets if w.label == label)


def test_a_session_form_keeps_a_refused_entry_and_empties_once_stored(app_demo):
    """It kept its text after a successful save, unlike every other form that adds an entry."""
    at = run_page(PAGE)
    db = store.connect(store.default_path())
    before = len(training.list_sessions(db, get_pilot(db, "demo").id))
    labelled(at.date_input, "Date").set_value(dt.date(2026, 11, 18))
    labelled(at.text_input, "Host").input("Ana")
    labelled(at.multiselect, "Attendees").set_value(["kira.garcia@example.com", "dan.moreau@example.com"])
    at.button[[b.label for b in at.button].index("Record the session")].click().run()
    assert at.error[0].value == "Say what the session was about: the topic is empty"
    assert labelled(at.text_input, "Host").value == "Ana"  # refused: kept, to be fixed
    labelled(at.text_input, "Topic").input("Answering in threads")
    at.button[[b.label for b in at.button].index("Record the session")].click().run()
    assert not at.exception and not at.error
    assert at.success[0].value == "Session recorded: 2 attendees added"
    assert [labelled(at.text_input, name).value for name in ("Host", "Topic")] == ["", ""]
    assert labelled(at.multiselect, "Attendees").value == []
    assert len(training.list_sessions(db, get_pilot(db, "demo").id)) == before + 1


def test_a_prompt_form_keeps_a_refused_entry_and_empties_once_stored(app_demo):
    at = run_page(PAGE)
    week_3 = get_pilot(store.connect(store.default_path()), "demo").weeks[2]
    labelled(at.selectbox, "Week").set_value(week_3)
    at.button[[b.label for b in at.button].index("Give the prompt")].click().run()
    assert at.error[0].value == "Say what people should try: the prompt is empty"
    assert labelled(at.selectbox, "Week").value == week_3  # refused: kept, to be fixed
    labelled(at.text_input, "Or your own prompt").input("Answer one customer question in a thread")
    at.button[[b.label for b in at.button].index("Give the prompt")].click().run()
    assert not at.exception and at.success[0].value == "Prompt given"
    assert labelled(at.text_input, "Or your own prompt").value == ""
    assert labelled(at.selectbox, "Week").index == 0


def test_badges_computed_switched_on_one_by_one_and_off(app_demo):
    at = run_page(PAGE)
    earned = next(d.value for d in at.dataframe if "badge" in d.value.columns)  # the demo has them on
    assert {"First post", "Came to a training session", "Active 4 weeks running"} <= set(earned["badge"])
    at.multiselect(key="badge_kinds").set_value(["trained"])
    at.button[[b.label for b in at.button].index("Save")].click().run()
    assert at.success[0].value == "Badges on: 1 of 5"
    earned = next(d.value for d in at.dataframe if "badge" in d.value.columns)
    assert set(earned["badge"]) == {"Came to a training session"}
    at.multiselect(key="badge_kinds").set_value([])
    at.button[[b.label for b in at.button].index("Save")].click().run()
    assert at.success[0].value == "Badges off"
    assert any(c.value.startswith("Badges are off") for c in at.caption)
    assert not any("badge" in d.value.columns for d in at.dataframe)


def test_the_pulse_tab_hides_figures_below_the_pilots_own_threshold(app_demo):
    db = store.connect(app_demo)
    db.execute("UPDATE pilots SET small_group = 3")
    db.close()
    at = run_page(PAGE)
    said = [c.value for c in at.caption if c.value.startswith("A figure from fewer than")]
    assert said == [
        "A figure from fewer than 3 answers (the pilot's smallest group shown) is not shown, "
        "so nobody's answer can be read off."
    ]
