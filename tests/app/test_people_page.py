"""AppTest of the People page: empty database, made-up usage with exact names, and the demo."""

from __future__ import annotations

import datetime as dt

from pilot import store
from tests.app.conftest import page, run_page
from tests.made_up import add_usage, small_pilot
from tests.test_people import USAGE

PAGE = page("6_People.py")
SUBHEADERS = [
    "Who needs help",
    "One-on-ones",
    "Top contributors over the pilot",
    "Top contributors last week",
    "Champions",
    "Personal data",
]


def test_empty_database_asks_for_a_pilot():
    at = run_page(PAGE)
    assert at.title[0].value == "🤝 People"
    assert "No pilot yet" in at.info[0].value


def test_a_pilot_without_usage(app_db):
    db = store.connect(app_db)
    small_pilot(db)
    db.close()
    at = run_page(PAGE)
    assert [s.value for s in at.subheader] == SUBHEADERS
    assert at.info[0].value.startswith("Nobody to follow up")
    assert [len(d.value) for d in at.dataframe] == [0, 0, 2]  # nobody posted yet; two champions


def test_made_up_usage_names_the_right_people(app_db):
    db = store.connect(app_db)
    add_usage(db, small_pilot(db), USAGE)
    db.close()
    at = run_page(PAGE)
    helped, top, last_week, champions = (d.value for d in at.dataframe)
    assert helped[["name", "reason"]].values.tolist() == [
        ["Cy Diaz", "never active"],
        ["Bob Smith", "last active in week 2, 2 weeks ago"],
    ]
    assert at.caption[0].value.startswith("2 participants never active on the tool")
    assert top["name"].tolist() == ["Di Park", "Ann Lee", "Bob Smith"]
    assert last_week["name"].tolist() == ["Ann Lee", "Di Park"]
    assert champions["name"].tolist() == ["Di Park", "Bob Smith"]


def test_demo(app_demo):
    at = run_page(PAGE)
    assert [s.value for s in at.subheader] == SUBHEADERS
    helped, one_on_ones, top, last_week, champions = (d.value for d in at.dataframe)
    assert at.caption[0].value.startswith(f"{len(helped)} participants")
    assert one_on_ones["name"].tolist() == [
        "Jon Khan",
        "Dan Moreau",
        "Harry Schmidt",
    ]  # data/demo/playbook.toml
    assert len(top) == 5
    assert list(top["posts"]) == sorted(top["posts"], reverse=True)
    assert champions["champion"].all()
    assert len(champions) == 5  # the champions of data/demo/participants.csv


def test_record_a_one_on_one_and_see_what_followed(app_demo):
    at = run_page(PAGE)
    with_whom = next(s for s in at.selectbox if s.label == "With")
    db = store.connect(app_demo)
    chloe = db.execute("SELECT id FROM participants WHERE email = 'chloe.meyer@example.com'").fetchone()[0]
    db.close()
    with_whom.set_value(chloe)
    at.date_input[0].set_value(dt.date(2026, 10, 6))
    at.text_area[0].input("**Coffee** and [a link](https://evil.example)")
    at.button[[b.label for b in at.button].index("Record")].click().run()
    assert at.success[0].value.startswith(
        "One-on-one with Chloe Meyer, Marketing (chloe.meyer@\u2060example.com) recorded"
    )
    table = next(d.value for d in at.dataframe if "note" in d.value.columns)
    assert table[["name", "note", "after"]].values.tolist()[0] == [
        "Chloe Meyer",
        "**Coffee** and [a link](https://evil.example)",  # as typed: plain text
        "yes",  # she read in week 7
    ]


def test_the_personal_data_date_says_whether_it_is_the_default_or_set_for_the_pilot(app_demo):
    """It said "(default: 90 days after the end)" beside a date the owner had set."""
    kept = [c.value for c in run_page(PAGE).caption if c.value.startswith("Personal data is kept")]
    assert kept == ["Personal data is kept until 20 Feb 2027 (default: 90 days after the end)."]
    db = store.connect(app_demo)
    db.execute("UPDATE pilots SET personal_data_until = '2027-06-30'")
    db.close()
    kept = [c.value for c in run_page(PAGE).caption if c.value.startswith("Personal data is kept")]
    assert kept == ["Personal data is kept until 30 Jun 2027 (set for this pilot)."]
