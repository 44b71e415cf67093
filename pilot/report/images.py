"""The summary's charts as pictures, drawn offline by vl-convert: SVG for HTML, PNG for PDF.

A chart is drawn once: the SVG, and the PNG rasterised from that SVG (the same pixels as drawing
the PNG from the spec), are kept by the chart's Vega-Lite spec (the summary holds its charts as
specs). The spec holds the chart's data, so it stands for (pilot, data version, week): a second
format, or a second download of the same summary, draws nothing, and a change of data draws anew
(issue 14).
"""

from __future__ import annotations

import io
import json
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

import vl_convert as vlc
from PIL import Image

from pilot.report.summary import Summary

KINDS = ("svg", "png")
KEPT = 64  # drawn charts kept: 6 a summary, for about ten summaries (a few MB)


def chart_images(summary: Summary, fmt: str) -> dict[str, bytes]:
    """Every chart of the summary as `fmt` (svg or png), drawn if not drawn before.

    Drawn in threads: vl-convert works outside Python's lock, so the charts draw side by side.
    """
    with ThreadPoolExecutor(max_workers=4) as pool:
        images = pool.map(lambda chart: chart_image(chart, fmt), summary.charts.values())
        return dict(zip(summary.charts, images, strict=True))


def chart_image(spec: dict, fmt: str) -> bytes:
    """One app chart (its Vega-Lite spec) drawn offline by vl-convert: SVG text or PNG."""
    return _drawn(json.dumps(spec, sort_keys=True))[KINDS.index(fmt)]


@lru_cache(maxsize=KEPT)
def _drawn(spec: str) -> tuple[bytes, bytes]:
    """The chart of a Vega-Lite spec (JSON) as SVG and as PNG at twice the size."""
    svg = vlc.vegalite_to_svg(json.loads(spec))
    return svg.encode("utf-8"), _with_palette(vlc.svg_to_png(svg, scale=2))


def _with_palette(png: bytes) -> bytes:
    """The PNG with a 256-colour palette (median cut). A chart has few colours, so it looks the
    same (on a white background, as Vega draws it), is about a fifth of the size, and the PDF
    embeds it four times faster: fpdf re-encodes an RGBA picture's pixels in every document."""
    out = io.BytesIO()
    Image.open(io.BytesIO(png)).convert("RGB").quantize(256).save(out, format="PNG")
    return out.getvalue()
