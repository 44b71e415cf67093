"""The one navigation: every page draws the same sidebar links, in the flow's groups."""

from __future__ import annotations

import tomllib

import pytest

import ui
from tests.app.conftest import HOME, ROOT, page, run_page

LABELS = [
    "Home",
    "Pilot",
    "Sample group",
    "Usage",
    "Playbook",
    "Weekly results",
    "Benefits and wins",
    "People",
    "Go / no-go",
    "History",
]
PAGES = [HOME, *(f"pages/{p.name}" for p in sorted((ROOT / "pages").glob("*.py")))]


def test_the_navigation_lists_every_page_once_with_its_label():
    assert [item.label for item in ui.NAVIGATION] == LABELS
    assert sorted(item.path for item in ui.NAVIGATION) == sorted(PAGES)
    assert [item.group for item in ui.NAVIGATION] == ["", "Set up", "Set up", "Run", "Run", *["Results"] * 5]


def test_the_readme_describes_every_page_in_the_navigations_order():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    pages, flow = readme.split("## Pages")[1].split("\n## ")[0].split("The sidebar's navigation")
    described = [line.split("`")[1] for line in pages.splitlines() if line.startswith("- **")]
    assert sorted(described) == sorted(PAGES)
    named = [" ".join(flow.replace("*", "").split()).find(label) for label in LABELS]
    assert named == sorted(named) and -1 not in named  # the flow sentence names them all, in order


def test_streamlit_s_own_page_list_is_hidden():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showSidebarNavigation"] is False


@pytest.mark.parametrize("script", PAGES)
def test_every_page_draws_the_navigation(app_demo, script: str):
    at = run_page(script, timeout=60)
    assert [link.label for link in at.sidebar.get("page_link")] == LABELS
    assert [c.value for c in at.sidebar.caption][:3] == ["Set up", "Run", "Results"]
    assert at.sidebar.selectbox(key="pilot_picker").value == "demo"


def test_a_page_without_a_pilot_still_draws_the_navigation():
    at = run_page(page("4_Weekly_results.py"))
    assert [link.label for link in at.sidebar.get("page_link")] == LABELS
    assert "No pilot yet" in at.info[0].value
