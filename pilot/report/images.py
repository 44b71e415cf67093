"""The summary's charts as pictures, drawn offline by vl-convert: SVG for HTML, PNG for PDF."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import altair as alt
import vl_convert as vlc

from pilot.report.summary import Summary


def chart_images(summary: Summary, fmt: str) -> dict[str, bytes]:
    """Every chart of the summary drawn offline by vl-convert (SVG for HTML, PNG for PDF).

    Drawn in threads: vl-convert works outside Python's lock, so the charts draw side by side.
    """
    with ThreadPoolExecutor(max_workers=4) as pool:
        images = pool.map(lambda chart: chart_image(chart, fmt), summary.charts.values())
        return dict(zip(summary.charts, images, strict=True))


def chart_image(chart: alt.Chart, fmt: str) -> bytes:
    """One app chart drawn offline by vl-convert: SVG text or PNG."""
    spec = chart.to_dict()
    if fmt == "svg":
        return vlc.vegalite_to_svg(spec).encode("utf-8")
    return vlc.vegalite_to_png(spec, scale=2)
