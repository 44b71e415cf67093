"""Recompute `expected.json` from the demo's files: `python tests/samples/make_expected.py`.

An independent computation of DESIGN section 3's metrics, for the whole sample group and for each
audience, straight from the admin exports (csv and tomllib only: nothing of `pilot` is imported),
so that the product's metrics are checked against figures it did not make (tests/test_expected.py).
The rules are the README's: a 7-day report belongs to the week holding most of its days (the
week of its middle day); rows match participants by email, case-insensitively; Viva Engage posts are
Posted Count, reads Read Count + Liked Count; the replaced channel's posts are Email's Send Count;
weeks before the start are the baseline (the mean replaced volume over them); the demo's group has
no joining or leaving dates, so everybody is enrolled every week. Per audience: the same
definitions over the audience's participants, with its own baseline; the sponsor's posts only in
the sponsor's audience; a benefit counts for its author's audience.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "data" / "demo"
OUT = Path(__file__).resolve().parent / "expected.json"
AUDIENCES = ("leadership", "management", "practitioner", "infrastructure", "observer")
GROUP_IDS = (
    "active_rate",
    "contributor_rate",
    "tool_posts",
    "replaced_volume",
    "substitution",
    "tool_share",
    "department_coverage",
    "sponsor_posts",
    "retention",
)


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def report_week(refresh: str) -> dt.date:
    """The Monday of the week holding most of the 7 days ending on the refresh date."""
    return monday(dt.date.fromisoformat(refresh) - dt.timedelta(days=3))


def read_usage(people: dict[str, dict]) -> tuple[dict, dict]:
    """week -> email -> (posts, reads) on the tool; week -> email -> posts on the replaced channel."""
    tool: dict[dt.date, dict[str, tuple[int, int]]] = {}
    replaced: dict[dt.date, dict[str, int]] = {}
    for path in sorted((DEMO / "exports").glob("*.csv")):
        for row in rows(path):
            email = row["User Principal Name"].strip().lower()
            if email not in people:
                continue
            week = report_week(row["Report Refresh Date"])
            if path.name.startswith("VivaEngage"):
                reads = int(row["Read Count"] or 0) + int(row["Liked Count"] or 0)
                tool.setdefault(week, {})[email] = (int(row["Posted Count"] or 0), reads)
            else:
                replaced.setdefault(week, {})[email] = int(row["Send Count"] or 0)
    return tool, replaced


def rate(num: float, den: float) -> float | None:
    return num / den if den else None


def metrics(members: set[str], people: dict, pilot: dict, tool: dict, replaced: dict, told: list) -> list:
    """One row a pilot week over `members` (emails); `told`: the dates of the benefits they count."""
    start, end = monday(pilot["start"]), pilot["end"]
    sponsor = pilot["sponsor"]["email"].lower()
    weeks = sorted(w for w in {*tool, *replaced} if start <= w <= end)
    baseline = [sum(p for e, p in replaced[w].items() if e in members) for w in replaced if w < start]
    first = sum(p for e, p in replaced[weeks[0]].items() if e in members)
    base = sum(baseline) / len(baseline) if baseline else first  # without a baseline, week 1's volume
    departments = {people[e]["department"] for e in members}
    seen: set[str] = set()
    out = []
    for number, week in enumerate(weeks, start=1):
        assert week in tool and week in replaced, "the demo has both reports every week"
        used = {e: v for e, v in tool[week].items() if e in members}
        active = {e for e, (posts, reads) in used.items() if posts + reads > 0}
        posts = sum(p for p, _ in used.values())
        volume = sum(p for e, p in replaced[week].items() if e in members)
        row = {
            "week": week.isoformat(),
            "pilot_week": number,
            "active_rate": rate(len(active), len(members)),
            "contributor_rate": rate(sum(1 for p, _ in used.values() if p > 0), len(members)),
            "tool_posts": posts,
            "replaced_volume": volume,
            "substitution": 1 - volume / base if base else None,
            "tool_share": rate(posts, posts + volume),
            "department_coverage": rate(len({people[e]["department"] for e in active}), len(departments)),
            "sponsor_posts": used.get(sponsor, (0, 0))[0] if sponsor in members else None,
            "retention": rate(len(active & seen), len(seen)) if number > 1 else None,
            "benefits": sum(1 for day in told if day < week + dt.timedelta(days=7)),
        }
        seen |= active
        out.append(row)
    return out


def expected() -> dict:
    pilot = tomllib.loads((DEMO / "pilot.toml").read_text(encoding="utf-8"))
    people = {r["email"].strip().lower(): r for r in rows(DEMO / "participants.csv")}
    tool, replaced = read_usage(people)
    stories = [
        (dt.date.fromisoformat(r["date"]), r["email"].strip().lower()) for r in rows(DEMO / "benefits.csv")
    ]
    group = metrics(set(people), people, pilot, tool, replaced, [day for day, _ in stories])
    for row in group:  # the group's count is the top-level total, as before
        row.pop("benefits")
    audiences = {}
    for audience in AUDIENCES:
        members = {e for e, p in people.items() if p["audience"] == audience}
        told = [day for day, who in stories if who in members]  # a story counts for its author's audience
        audiences[audience] = metrics(members, people, pilot, tool, replaced, told)
    return {
        "start": monday(pilot["start"]).isoformat(),
        "weeks": len(group),
        "group": len(people),
        "benefits": len(stories),
        "metrics": group,
        "audiences": {a: sum(1 for p in people.values() if p["audience"] == a) for a in AUDIENCES},
        "by_audience": audiences,
    }


def text() -> str:
    return json.dumps(expected(), indent=1, ensure_ascii=False)


if __name__ == "__main__":
    OUT.write_text(text(), encoding="utf-8")
    sys.stdout.write(f"wrote {OUT}\n")
