"""Streamlit helpers shared by every page: set-up, navigation, the database, the pilot picker, errors.

Every page starts with `db, pilot = ui.page_setup("Title")`, so a deep link that
runs a page without app.py (a fresh server's first request) still gets the same set-up and
the same navigation. The navigation is drawn here from NAVIGATION, not Streamlit's page list.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, NoReturn, TypeVar

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from pilot import demo, store
from pilot.core.catalog import TOO_EARLY
from pilot.core.errors import PilotError
from pilot.core.text import escape
from pilot.report import render, text
from pilot.report import summary as report
from pilot.report.summary import Summary
from pilot.results import charts, small_groups, tiles
from pilot.setup.pilots import Pilot, list_pilots
from pilot.store import Database

PILOT_KEY = "pilot_slug"  # the session's chosen pilot
PICKER_KEY = "pilot_picker"  # the sidebar widget
URL_KEY = "pilot_in_url"  # the slug this session last wrote into the URL
FLASH_KEY = "flash"  # what the last change stored, shown on the next run
T = TypeVar("T")

OWNER, VIEWER = "owner", "viewer"


@dataclass(frozen=True)
class NavItem:
    """One link of the sidebar navigation; `roles` says who may see it (sign-in filters by it)."""

    path: str  # the page script, relative to app.py
    label: str
    group: str  # the heading it sits under; "" for Home
    roles: frozenset[str] = frozenset({OWNER, VIEWER})


OWNERS = frozenset({OWNER})
NAVIGATION = (  # the flow of a pilot: set it up, run it, read the results
    NavItem("app.py", "Home", ""),
    NavItem("pages/1_Pilot.py", "Pilot", "Set up", OWNERS),
    NavItem("pages/2_Sample_group.py", "Sample group", "Set up", OWNERS),
    NavItem("pages/3_Usage.py", "Usage", "Run", OWNERS),
    NavItem("pages/8_Playbook.py", "Playbook", "Run", OWNERS),
    NavItem("pages/4_Weekly_results.py", "Weekly results", "Results"),
    NavItem("pages/5_Benefits_and_wins.py", "Benefits and wins", "Results"),
    NavItem("pages/6_People.py", "People", "Results", OWNERS),
    NavItem("pages/7_Go_no-go.py", "Go / no-go", "Results"),
)


def page_setup(title: str, icon: str = "📊", need_pilot: bool = True) -> tuple[Database, Pilot | None]:
    """Page config, the sidebar navigation, the database, the pilot chosen in the sidebar, and
    what the last change stored."""
    with contextlib.suppress(st.errors.StreamlitAPIException):  # already set by this run
        st.set_page_config(page_title=f"{title} · Pilot dashboard", page_icon=icon, layout="wide")
    navigation(NAVIGATION)
    db = checked(open_db)
    if db is None:  # busy, read-only or damaged: said once, nothing else on the page
        st.stop()
    pilot = pilot_picker(db)
    st.title(f"{icon} {title}")
    if message := st.session_state.pop(FLASH_KEY, None):
        st.success(escape(message))
    if need_pilot and pilot is None:
        st.info("No pilot yet. Create one on the **Pilot** page, or load the demo pilot there.")
        st.stop()
    return db, pilot


def navigation(items: tuple[NavItem, ...]) -> None:
    """The sidebar's links, under their group headings (Streamlit's own page list is hidden)."""
    group = ""
    for item in items:
        if item.group != group:
            group = item.group
            st.sidebar.caption(group)
        st.sidebar.page_link(item.path, label=item.label)


def open_db() -> Database:
    """A connection for this script run; a brand-new database starts with the demo pilot (loaded
    once even when many sessions open it at once: `demo.load` runs under BEGIN IMMEDIATE)."""
    path = store.default_path()
    is_new = not Path(path).exists()
    db = store.connect(path)
    if is_new:
        demo.load(db)
    return db


def pilot_picker(db: Database) -> Pilot | None:
    """The sidebar's pilot picker; the choice lives in the session and travels in the URL (?pilot=slug).

    The session's choice is the truth: a page switch may drop the widget's own state or the URL's
    query, so the widget is steered from it on every run (before it exists) and a pick updates it
    through the callback. A URL naming another pilot than the one this session last wrote (a
    bookmark, a pasted link) wins once.
    """
    pilots = list_pilots(db)
    if not pilots:
        return None
    by_slug = {p.slug: p for p in pilots}
    from_url = st.query_params.get("pilot")
    if from_url in by_slug and from_url != st.session_state.get(URL_KEY):
        st.session_state[PILOT_KEY] = from_url
    if st.session_state.get(PILOT_KEY) not in by_slug:
        st.session_state[PILOT_KEY] = pilots[0].slug
    st.session_state[PICKER_KEY] = st.session_state[PILOT_KEY]
    slug = st.sidebar.selectbox(
        "Pilot", list(by_slug), format_func=lambda s: by_slug[s].name, key=PICKER_KEY, on_change=_picked
    )
    st.session_state[PILOT_KEY] = st.session_state[URL_KEY] = slug
    st.query_params["pilot"] = slug
    return by_slug[slug]


def _picked() -> None:
    st.session_state[PILOT_KEY] = st.session_state[PICKER_KEY]


def select_pilot(slug: str) -> None:
    """Make `slug` the picked pilot on the next run (after creating one, say)."""
    st.session_state[PILOT_KEY] = slug


def flash(message: str) -> NoReturn:
    """Rerun the page, which then says what was stored (in words the user may have typed: escaped)."""
    st.session_state[FLASH_KEY] = message
    st.rerun()


def attempt(action: Callable[[], T], done: str | Callable[[T], str] | None = None) -> None:
    """Make a change the user asked for: on success rerun the page, which then says `done` (a
    message, or one built from the action's result); a PilotError is shown and the page stays.

    Steps that must follow only a stored change (empty a form, pick the new pilot) go in `action`.
    """
    try:
        result = action()
    except PilotError as error:
        show_error(error)
        return
    if done is None:
        st.rerun()
    flash(done if isinstance(done, str) else done(result))


def checked(action: Callable[[], T]) -> T | None:
    """Read what the user gave (a preview, a summary): the result, or None once its error is shown."""
    try:
        return action()
    except PilotError as error:
        show_error(error)
        return None


def box(
    where: DeltaGenerator,
    label: str,
    value: object,
    delta: str | None = None,
    help: str | None = None,
    moved: bool = True,
) -> None:
    """A figure in a bordered box, drawn as Markdown, which every page has loaded by then.

    st.metric's own component is fetched on its first use in a browser and shows an empty grey box
    until it arrives: on a first visit the tiles flashed blank (issue 9). A change shows an arrow and
    a colour only when it `moved`."""
    text = f":gray[{escape(label)}]\n\n### {escape(value)}"
    if delta and moved:
        text += f"\n\n:red[↓ {delta}]" if delta.startswith(("-", "−")) else f"\n\n:green[↑ {delta}]"
    elif delta:
        text += f"\n\n{delta}"
    where.container(border=True).markdown(text, help=help)


def table(frame: pd.DataFrame, **options: Any) -> None:
    """A wrapping table whose cells stay plain text: st.table renders each cell as Markdown, and
    cells hold what users typed (names, stories, units)."""
    plain = frame.copy()
    for column in plain.columns:
        if plain[column].dtype == object:
            plain[column] = plain[column].map(lambda v: escape(v) if isinstance(v, str) else v)
    plain.columns = [escape(c) if isinstance(c, str) else c for c in plain.columns]
    if plain.index.dtype == object:
        plain.index = plain.index.map(lambda v: escape(v) if isinstance(v, str) else v)
    st.table(plain, **options)


def show_error(error: PilotError) -> None:
    """One place that renders a user-fixable error: every message, no traceback.

    Messages quote what the user gave (file names, headers, names), so they are escaped:
    a crafted file name must not become a link or a remote image in the page.
    """
    messages = [escape(m) for m in getattr(error, "messages", None) or [str(error)]]
    st.error("\n".join(f"- {m}" for m in messages) if len(messages) > 1 else messages[0])


def cached(func: Callable[..., Any], db: Database, *args: Any) -> Any:
    """Call `func(db, *args)` once per data version: a rerun reuses the result."""
    name = f"{func.__module__}:{func.__qualname__}"
    return _cached_call(name, str(store.default_path()), store.data_version(db), args)


def results(db: Database, pilot: Pilot) -> small_groups.PilotResults:
    """The metrics Home, Weekly results and Go / no-go share, from one read of the pilot per data
    version: the weekly figures, the departments (every one, and as viewers see them), the note."""
    return cached(small_groups.pilot_results, db, pilot.id, pilot.small_group)


@st.cache_data(max_entries=256, show_spinner=False)
def _cached_call(name: str, path: str, version: int, args: tuple) -> Any:
    module, qualname = name.split(":")
    func = getattr(importlib.import_module(module), qualname)
    db = store.connect(path)
    try:
        return func(db, *args)
    finally:
        db.close()


def chart(where: DeltaGenerator | ModuleType, drawn: Any, **options: Any) -> None:
    """A chart of pilot.results, in a column or container (or `st`): an Altair chart, or its
    Vega-Lite spec from a cached result (charts.spec). Drawn from the spec: st.altair_chart would
    convert and validate the chart again on every run, the most of a rerun's time."""
    where.vega_lite_chart(spec=drawn if isinstance(drawn, dict) else charts.spec(drawn), **options)


def tile(column: DeltaGenerator, figure: tiles.Tile) -> None:
    """One KPI tile; no change shows neither an arrow nor a colour (an up arrow on '+0' misleads)."""
    box(column, figure.label, figure.value, figure.delta, figure.help, moved=figure.changed)


VERDICT_BOXES = {"Go": st.success, "Extend": st.warning, "No-go": st.error, TOO_EARLY: st.info}
GO_NO_GO = "pages/7_Go_no-go.py"


def verdict(summary: Summary, more: str = "") -> None:
    """The recommendation (or Too early to recommend) with its reasons one line each: Home and Go / no-go.

    Goals left out of the reasons are "and 2 more": a link to Go / no-go, or `more` where they are.
    """
    made = summary.decision
    lines = "\n".join(f"- {escape(line)}" for line in summary.reasons)
    VERDICT_BOXES[made.recommendation](f"## {text.verdict(summary)}\n\n{escape(made.reason)}\n\n{lines}")
    if summary.more_reasons and more:
        st.caption(f"and {summary.more_reasons} more {more}")
    elif summary.more_reasons:
        st.page_link(GO_NO_GO, label=f"and {summary.more_reasons} more on Go / no-go")


def risks(summary: Summary) -> None:
    """The risks beside the verdict: shown, never changing it."""
    lines = "\n".join(f"- {escape(line)}" for line in text.risks(summary))
    st.markdown(f"**Risks beside the verdict** (they never change it)\n\n{lines}")


def glossary() -> None:
    """The words of the verdict defined, one click away."""
    with st.popover("Definitions"):
        for term, meaning in text.glossary():
            st.markdown(f"**{escape(term)}**: {escape(meaning)}")


def pdf_button(summary: Summary, label: str = "Download the PDF summary", key: str = "download_pdf") -> None:
    """The summary as PDF, built only when clicked."""
    st.download_button(
        label,
        data=lambda: render.render(summary, "pdf"),
        file_name=report.file_name(summary, "pdf"),
        mime=render.MEDIA_TYPES["pdf"],
        key=key,
        on_click="ignore",
    )
