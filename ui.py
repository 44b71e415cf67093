"""Streamlit helpers shared by every page: set-up, navigation, the database, the pilot picker, errors.

Every page starts with `db, pilot = ui.page_setup("Title")`, so a deep link that
runs a page without app.py (a fresh server's first request) still gets the same set-up and
the same navigation. The navigation is drawn here from NAVIGATION, not Streamlit's page list.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, NoReturn, TypeVar

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

import auth
from pilot import access, demo, store
from pilot.access import Actor
from pilot.core.catalog import TOO_EARLY
from pilot.core.errors import PilotError
from pilot.core.format import day, stamp
from pilot.core.text import escape
from pilot.report import render, text
from pilot.report import summary as report
from pilot.report.summary import Summary
from pilot.results import charts, small_groups, tiles
from pilot.setup.pilots import Pilot, list_pilots
from pilot.store import Database

NOBODY = Actor(email="", name="not signed in", via="")  # sees no pilot, may change nothing
PILOT_KEY = "pilot_slug"  # the session's chosen pilot
PICKER_KEY = "pilot_picker"  # the sidebar widget
URL_KEY = "pilot_in_url"  # the slug this session last wrote into the URL
FLASH_KEY = "flash"  # what the last change stored, shown on the next run
PAGE_KEY = "page_shown"  # the page of the last run: another one starts a new visit
SEEN = "seen:"  # the versions (store.version) this visit's edit forms showed, by record
# where a purged pilot's results went (Home and Weekly results say it; Go / no-go shows them)
PURGED = "Personal data removed: the figures and the decision are in the summary kept on **Go / no-go**."
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
    NavItem("pages/9_History.py", "History", "Results", OWNERS),
)


def page_setup(title: str, icon: str = "📊", need_pilot: bool = True) -> tuple[Database, Pilot | None]:
    """Page config, the sign-in gate, the database (acting as the signed-in user), the pilot chosen
    in the sidebar, the navigation the user's role allows, and what the last change stored.

    A page the user's role may not open (a deep link, a bookmark) says so politely and stops:
    pilot/ would refuse their writes anyway, and the page may show per-person data.
    """
    with contextlib.suppress(st.errors.StreamlitAPIException):  # already set by this run
        st.set_page_config(page_title=f"{title} · Pilot dashboard", page_icon=icon, layout="wide")
    links = st.sidebar.container()  # the navigation sits on top, drawn once the role is known
    db = checked(open_db)
    if db is None:  # busy, read-only or damaged: said once, nothing else on the page
        st.stop()
    db.actor = auth.signed_in(db)  # from here on every read and write is theirs
    pilot = pilot_picker(db)
    held = OWNER if pilot is None or may_change(db, pilot) else VIEWER
    navigation(links, [item for item in NAVIGATION if held in item.roles])
    if st.session_state.get(PAGE_KEY) != title:  # a new visit shows the records as they are now
        forget_versions()
        st.session_state[PAGE_KEY] = title
    st.title(f"{icon} {title}")
    if message := st.session_state.pop(FLASH_KEY, None):
        st.success(escape(message))
    if pilot is None and store.role(db, None) != access.ADMIN:
        st.info("You hold no role on any pilot yet: ask an admin to grant you one.")
        st.stop()
    if need_pilot and pilot is None:
        st.info("No pilot yet. Create one on the **Pilot** page, or load the demo pilot there.")
        st.stop()
    if held not in _page_item(inspect.stack()[1].filename).roles:
        st.info(f"This page is for the pilot's owners: your role on {escape(pilot.name)} is {held}.")
        st.stop()
    return db, pilot


def _page_item(script: str) -> NavItem:
    """The navigation entry of the page script that is running (every role, if it has none)."""
    here = Path(script).resolve()
    root = Path(__file__).resolve().parent
    return next((i for i in NAVIGATION if (root / i.path).resolve() == here), NavItem("", "", ""))


def navigation(where: Any, items: list[NavItem]) -> None:
    """The sidebar's links, under their group headings (Streamlit's own page list is hidden)."""
    group = ""
    for item in items:
        if item.group != group:
            group = item.group
            where.caption(group)
        where.page_link(item.path, label=item.label)


def open_db(actor: Actor | None = None) -> Database:
    """A connection for this script run, acting as `actor` (None: not signed in yet, enough to
    read the users); a brand-new database starts with the demo pilot (loaded once even when many
    sessions open it at once: `demo.load` runs under BEGIN IMMEDIATE)."""
    path = store.default_path()
    if not Path(path).exists():
        seed = store.connect(path)  # whoever started the server holds the file
        demo.load(seed)
        seed.close()
    return store.connect(path, actor=actor or NOBODY)


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


def opened(db: Database, pilot: Pilot, entity: str, entity_id: object = "") -> int:
    """The version of a record when this visit first showed its edit form. The save carries it, so
    that a change someone made meanwhile is refused with their name, not silently overwritten."""
    key = f"{SEEN}{pilot.id}:{entity}:{entity_id}"
    if key not in st.session_state:
        st.session_state[key] = store.version(db, pilot.id, entity, entity_id)
    return st.session_state[key]


def forget_versions() -> None:
    """After the user's own change (or on a new visit), the forms start from what is stored now."""
    for key in [k for k in st.session_state if str(k).startswith(SEEN)]:
        del st.session_state[key]


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
    forget_versions()
    if done is None:
        st.rerun()
    flash(done if isinstance(done, str) else done(result))


def fresh(form: str) -> str:
    """The key prefix of a form's fields, e.g. benefit0: a new one after each save empties the form."""
    return f"{form}{st.session_state.setdefault(f'{form}_version', 0)}"


def emptied(form: str, action: Callable[[], T]) -> Callable[[], T]:
    """`action`, then `form` emptied (its fields get fresh keys): only a stored entry empties it,
    so a refused one stays as typed, to be fixed (st.form's clear_on_submit empties it either way)."""

    def run() -> T:
        result = action()
        st.session_state[f"{form}_version"] += 1
        return result

    return run


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
    for column in plain.columns:  # text is pandas' `str` dtype, or `object` when mixed
        if kind := date_kind(plain[column]):  # dates as people read them, like the grid's
            plain[column] = plain[column].map(lambda v, f=DATE_TEXT[kind]: f(str(v)) if _given(v) else "")
        elif not pd.api.types.is_numeric_dtype(plain[column]):
            plain[column] = plain[column].map(_plain)
    plain.columns = plain.columns.map(_plain)
    plain.index = plain.index.map(_plain)
    st.table(plain, **options)


def _plain(value: object) -> object:
    return escape(value) if isinstance(value, str) else value


def _given(value: object) -> bool:
    return not pd.isna(value) and value != ""


ISO_DAY = r"\d{4}-\d{2}-\d{2}"
ISO_STAMP = ISO_DAY + r"[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?"
# format.day's "16 Nov 2026" and format.stamp's "16 Nov 2026 14:02" in the grid's own date
# formats, so a click on the header still sorts by date, not alphabetically
GRID_FORMATS = {"date": "D MMM YYYY", "datetime": "D MMM YYYY HH:mm"}
DATE_TEXT = {"date": day, "datetime": stamp}


def grid(frame: pd.DataFrame, column_config: dict | None = None, **options: Any) -> None:
    """st.dataframe with dates as people read them: every column of ISO dates or timestamps (as
    stored: text) shown in the product's one date format, keeping its header and width."""
    shown, config = pd.DataFrame(frame).copy(), dict(column_config or {})
    for column in shown.columns:
        kind = date_kind(shown[column])
        if kind:
            shown[column] = pd.to_datetime(shown[column], format="ISO8601")
            given = config.get(column) or {}
            given = {"label": given} if isinstance(given, str) else given
            config[column] = {**given, "type_config": {"type": kind, "format": GRID_FORMATS[kind]}}
    st.dataframe(shown, column_config=config, **options)


def date_kind(values: pd.Series) -> str | None:
    """ "date" for a column of ISO dates, "datetime" for one of timestamps (blanks allowed), else None."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return "datetime"
    if pd.api.types.is_numeric_dtype(values):
        return None
    text = values.dropna().astype(str)
    text = text[text != ""]
    if text.empty:
        return None
    for kind, pattern in (("date", ISO_DAY), ("datetime", ISO_STAMP)):
        # the first value rules out a column of names or stories without reading every row
        if re.fullmatch(pattern, text.iat[0]) and text.str.fullmatch(pattern).all():
            return kind
    return None


def show_error(error: PilotError) -> None:
    """One place that renders a user-fixable error: every message, no traceback.

    Messages quote what the user gave (file names, headers, names), so they are escaped:
    a crafted file name must not become a link or a remote image in the page.
    """
    messages = [escape(m) for m in getattr(error, "messages", None) or [str(error)]]
    st.error("\n".join(f"- {m}" for m in messages) if len(messages) > 1 else messages[0])


def cached(func: Callable[..., Any], db: Database, *args: Any) -> Any:
    """Call `func(db, *args)` once per data version: a rerun reuses the result.

    The cache is shared by every session, so the acting user is part of its key and the call
    runs as them: one user's result (their role, their view) is never served to another.
    A PilotResults argument (`results` of the pilot another argument names) is keyed by the data
    version, not hashed: hashing its frames cost every run of the result pages 20 to 60 ms.
    """
    name = f"{func.__module__}:{func.__qualname__}"
    key = tuple("results" if isinstance(a, small_groups.PilotResults) else a for a in args)
    return _cached_call(name, str(store.default_path()), store.data_version(db), db.actor, key, args)


def results(db: Database, pilot: Pilot) -> small_groups.PilotResults:
    """The metrics Home, Weekly results and Go / no-go share, from one read of the pilot per data
    version: the weekly figures, the departments (every one, and as viewers see them), the note."""
    return cached(small_groups.pilot_results, db, pilot.id, pilot.small_group)


@st.cache_data(max_entries=256, show_spinner=False)
def _cached_call(name: str, path: str, version: int, actor: Actor, key: tuple, _args: tuple) -> Any:
    module, qualname = name.split(":")
    func = getattr(importlib.import_module(module), qualname)
    db = store.connect(path, actor=actor)
    try:
        return func(db, *_args)
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


def override(summary: Summary) -> None:
    """The owner's recorded decision beside the computed one (who, when, which, why; the reason is
    what they typed: plain text): Home and Go / no-go, as the summary's files show it."""
    if shown := text.override(summary):
        head, reason = shown
        st.info(f"**{escape(head)}**\n\n{escape(reason)}")


def risks(summary: Summary) -> None:
    """The risks beside the verdict: shown, never changing it."""
    lines = "\n".join(f"- {escape(line)}" for line in text.risks(summary))
    st.markdown(f"**Risks beside the verdict** (they never change it)\n\n{lines}")


def glossary() -> None:
    """The words of the verdict defined, one click away."""
    with st.popover("Definitions"):
        for term, meaning in text.glossary():
            st.markdown(f"**{escape(term)}**: {escape(meaning)}")


def pdf_button(db: Database, summary: Summary, label: str = "Download the PDF summary") -> None:
    """The summary as PDF, built only when clicked: charts and all, though the page's summary (the
    verdict alone) has none; over a connection of its own, as the one who clicked."""
    path, slug, actor = store.default_path(), summary.pilot.slug, db.actor

    def pdf() -> bytes:
        clicked = store.connect(path, actor=actor)
        try:
            return render.render(report.summary_of(clicked, slug), "pdf")
        finally:
            clicked.close()

    st.download_button(
        label,
        data=pdf,
        file_name=report.file_name(summary, "pdf"),
        mime=render.MEDIA_TYPES["pdf"],
        key="download_pdf",
        on_click="ignore",
    )


def role(db: Database, pilot: Pilot) -> str:
    """The signed-in user's role on the pilot, in words: admin, owner or viewer."""
    return store.role(db, pilot.id) or "none"


def may_create(db: Database) -> bool:
    """Whether to offer creating a pilot (or loading the demo): an admin's job, pilot/ refuses others."""
    return access.may_write(store.role(db, None))


def may_change(db: Database, pilot: Pilot) -> bool:
    """Whether to draw edit controls: pilot/ refuses a viewer's write anyway."""
    return access.may_write(store.role(db, pilot.id))
