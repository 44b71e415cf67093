"""The summary as a PDF for paper: fpdf2 (no HTML engine, so nothing is ever fetched), the app's
charts as PNG drawn offline, and the DejaVu Sans font shipped in pilot/fonts.

The font covers European, Cyrillic and Vietnamese letters; a character it lacks (CJK, emoji)
prints as '?' so that the gap is visible and the PDF is still produced.
"""

from __future__ import annotations

import io
import unicodedata
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont
from fpdf import FPDF

from pilot.core.catalog import TOO_EARLY
from pilot.core.format import tick
from pilot.report import text
from pilot.report.images import chart_images
from pilot.report.summary import Summary

FONTS = Path(__file__).resolve().parent / "fonts"
REGULAR, BOLD = FONTS / "DejaVuSans.ttf", FONTS / "DejaVuSans-Bold.ttf"
MISSING = "?"
CELL_MAX = 500  # characters in a table cell: a row must fit on one page (the other formats keep it all)
COLOURS = {
    "Go": (215, 245, 221),
    "Extend": (255, 241, 194),
    "No-go": (253, 224, 224),
    TOO_EARLY: (229, 231, 235),
}
HEADINGS = (243, 245, 247)  # the table header's shade


@cache
def covered() -> frozenset[int]:
    """Code points that both bundled fonts can draw."""
    regular, bold = (set(TTFont(f)["cmap"].getBestCmap()) for f in (REGULAR, BOLD))
    return frozenset(regular & bold)


def printable(value: object) -> str:
    """Text the font can draw: composed (NFC), with each character it lacks replaced by '?'."""
    chars = covered()
    composed = unicodedata.normalize("NFC", str(value if value is not None else ""))
    return "".join(c if ord(c) in chars or c == "\n" else MISSING for c in composed)


class _Document(FPDF):
    """A4 landscape (the weekly table is wide) with the page number at the foot of every page."""

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font("DejaVu", "", 8)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="C")


def pdf(s: Summary, whole: bool = True) -> bytes:
    """The whole summary as PDF bytes. Page 1 is the one-pager: verdict, reasons, risks, context;
    `whole=False` gives that page alone (the weekly digest's attachment)."""
    doc = _Document(orientation="L", format="A4")
    doc.add_font("DejaVu", "", str(REGULAR))
    doc.add_font("DejaVu", "B", str(BOLD))
    doc.set_title(printable(text.title(s)))
    doc.set_auto_page_break(True, margin=14)
    doc.add_page()
    _write(doc, text.title(s), size=18, bold=True)
    _write(doc, text.as_of(s), size=9)
    _decision(doc, s)
    _heading(doc, "Risks beside the verdict")
    for line in text.risks(s):
        _write(doc, f"• {line}")
    _heading(doc, "The pilot")
    for key, val in text.context_items(s):
        _write(doc, f"{key}: {val}")
    if not whole:
        return bytes(doc.output())
    doc.add_page()
    if s.this_week:
        _heading(doc, "This week")
        _write(doc, s.this_week, size=11)
    _heading(doc, "Goals")
    if s.goals:
        _table(doc, *text.goal_table(s), widths=(32, 22, 30, 22, 22, 22, 18, 100))
    else:
        _write(doc, "No goal status yet.")
    if s.goal_changes:
        _write(doc, f"{text.GOAL_CHANGES}:", size=11, bold=True)
        for note in s.goal_changes:
            _write(doc, f"- {note}", size=10)
    _charts(doc, s)
    _heading(doc, "The pilot as defined")
    for key, val in text.pilot_items(s):
        _write(doc, f"{key}: {val}")
    _heading(doc, "Sample group")
    _write(doc, text.group_text(s))
    for table in text.group_tables(s):
        _table(doc, *table, widths=(70, 30))
    _heading(doc, "Benefits")
    _write(doc, text.benefit_text(s))
    if s.benefits["top"]:
        _table(doc, *text.benefit_table(s), widths=(22, 40, 35, 140, 30))
    _heading(doc, "Wins")
    for line in text.wins(s):
        _write(doc, f"• {line}")
    _heading(doc, "Concerns")
    if s.concerns:
        _table(doc, *text.concern_table(s), widths=(22, 40, 90, 20, 95))
    else:
        _write(doc, "No concern raised.")
    _heading(doc, "Throw-away checklist")
    for done, label, note in text.checklist(s):
        _write(doc, f"{tick(done)}: {label}" + (f": {note}" if note else ""))
    _heading(doc, "Budget")
    _write(doc, text.budget_text(s))
    for line in text.business_text(s):
        _write(doc, line)
    if not s.metrics.empty:
        _heading(doc, "Weekly metrics")
        _table(doc, *text.metric_table(s), size=7)
    _heading(doc, "Glossary")
    for term, meaning in text.glossary():
        _write(doc, f"{term}: {meaning}")
    return bytes(doc.output())


def _decision(doc: FPDF, s: Summary) -> None:
    d = s.decision
    doc.ln(3)
    doc.set_font("DejaVu", "B", 26)
    doc.set_fill_color(*COLOURS[d.recommendation])
    doc.cell(0, 16, printable(text.verdict(s)), fill=True, new_x="LMARGIN", new_y="NEXT")
    doc.set_fill_color(255, 255, 255)
    doc.ln(2)
    for line in text.reasons(s):
        _write(doc, f"• {line}", size=11)
    _write(doc, f"Rule: {d.rule}", size=9)
    override = text.override(s)
    if override:
        _write(doc, override[0], size=11, bold=True)
        _write(doc, override[1], size=11)


def _charts(doc: FPDF, s: Summary) -> None:
    """The charts two to a row, each fitted into a 135 x 80 mm box; a new page when a row would not fit."""
    note = text.charts_note(s)
    if not (s.charts or note):
        return
    _heading(doc, "Charts")
    if note:
        _write(doc, note)
    box_w, box_h, gap = 135, 80, 7
    images = list(chart_images(s, "png").values())
    for i in range(0, len(images), 2):
        sizes = [_fit(png, box_w, box_h) for png in images[i : i + 2]]
        height = max(h for _, h in sizes)
        if doc.get_y() + height > doc.page_break_trigger:
            doc.add_page()
        top = doc.get_y()
        for j, (png, (w, h)) in enumerate(zip(images[i : i + 2], sizes, strict=True)):
            doc.image(io.BytesIO(png), x=doc.l_margin + j * (box_w + gap), y=top, w=w, h=h)
        doc.set_y(top + height + 3)


def _fit(png: bytes, box_w: float, box_h: float) -> tuple[float, float]:
    """The size of a PNG (its header gives pixels) scaled to fit the box, keeping its shape."""
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    scale = min(box_w / width, box_h / height)
    return width * scale, height * scale


def _heading(doc: FPDF, title: str) -> None:
    doc.ln(3)
    _write(doc, title, size=13, bold=True)


def _write(doc: FPDF, value: str, size: float = 10, bold: bool = False) -> None:
    """A paragraph; one that fits on a line is drawn as a cell, as fpdf would draw its one line,
    without breaking it into lines character by character first (most of the summary's lines)."""
    doc.set_font("DejaVu", "B" if bold else "", size)
    text = printable(value)
    if _fits(doc, text, doc.epw):
        doc.cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
    else:
        doc.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")


def _fits(doc: FPDF, text: str, width: float) -> bool:
    """Whether the text goes on one line of `width` (with the cell's margins) in the current font."""
    return "\n" not in text and doc.get_string_width(text) + 2 * doc.c_margin <= width


def _table(
    doc: FPDF,
    header: list[str],
    rows: list[list[str]],
    widths: tuple[int, ...] | None = None,
    size: float = 8,
) -> None:
    """A bordered table, its header shaded and drawn again at the top of each page it runs onto.

    Drawn here rather than by fpdf's `table`, which breaks every cell into lines character by
    character, twice (to size the row, then to draw it): most cells here are a figure or a few
    words, drawn at once; only a longer one (a story) is broken into lines (a third of a PDF's time)."""
    doc.set_font("DejaVu", "", size)
    line = 2 * doc.font_size  # the line height of fpdf's table
    columns = list(widths) if widths else [doc.epw / len(header)] * len(header)
    _header_row(doc, header, columns, line)
    for row in rows:
        cells = [printable(c if len(c) <= CELL_MAX else c[: CELL_MAX - 1] + "…") for c in row]
        lines = [_lines(doc, cell, width) for cell, width in zip(cells, columns, strict=True)]
        if doc.get_y() + line * max(map(len, lines)) > doc.page_break_trigger:
            doc.add_page()
            _header_row(doc, header, columns, line)
        _row(doc, lines, columns, line)
    doc.ln(1)


def _header_row(doc: FPDF, header: list[str], columns: list[float], line: float) -> None:
    size = doc.font_size_pt
    doc.set_font("DejaVu", "B", size)
    doc.set_fill_color(*HEADINGS)
    lines = [_lines(doc, printable(name), width) for name, width in zip(header, columns, strict=True)]
    _row(doc, lines, columns, line, "DF")
    doc.set_font("DejaVu", "", size)


def _lines(doc: FPDF, cell: str, width: float) -> list[str]:
    """The lines a cell's text takes in its column: one when it fits (nearly every cell)."""
    if _fits(doc, cell, width):
        return [cell]
    return doc.multi_cell(width, 1, cell, dry_run=True, output="LINES")


def _row(doc: FPDF, lines: list[list[str]], columns: list[float], line: float, style: str = "D") -> None:
    """One row at the current height: each cell as tall as the tallest, its lines centred upright."""
    height = line * max(map(len, lines))
    top, x = doc.get_y(), doc.l_margin
    for width, cell_lines in zip(columns, lines, strict=True):
        doc.rect(x, top, width, height, style=style)
        y = top + (height - line * len(cell_lines)) / 2
        for one in cell_lines:
            doc.set_xy(x, y)
            doc.cell(width, line, one)
            y += line
        x += width
    doc.set_xy(doc.l_margin, top + height)
