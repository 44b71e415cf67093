"""The summary's charts as pictures, drawn offline by vl-convert: SVG for HTML, PNG for PDF.

A chart is drawn once: its SVG, and the PNG rasterised from that SVG when first needed (the same
pixels as drawing the PNG from the spec), are kept by the chart's Vega-Lite spec (the summary keeps
its charts as specs). The spec holds the chart's data, so it stands for (pilot, data version,
week): a second format, or a second download of the same summary, draws nothing, and a change of
data draws anew (issue 14).
"""

from __future__ import annotations

import io
import json
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

import vl_convert as vlc
from PIL import Image

from pilot.report.summary import Summary

KEPT = 64  # drawn charts kept: 10 a summary, for about six summaries (a few MB)


def chart_images(summary: Summary, fmt: str) -> dict[str, bytes]:
    """Every chart of the summary as `fmt` (svg or png), drawn if not drawn before.

    Drawn in threads: vl-convert works outside Python's lock, so the charts draw side by side.
    """
    with ThreadPoolExecutor(max_workers=4) as pool:
        images = pool.map(lambda chart: chart_image(chart, fmt), summary.charts.values())
        return dict(zip(summary.charts, images, strict=True))


def chart_image(spec: dict, fmt: str) -> bytes:
    """One app chart (its Vega-Lite spec) drawn offline by vl-convert: SVG text or PNG."""
    key = json.dumps(spec, sort_keys=True)
    return _svg(key) if fmt == "svg" else _png(key)


@lru_cache(maxsize=KEPT)
def _svg(spec: str) -> bytes:
    """The chart of a Vega-Lite spec (JSON) as SVG: what HTML shows, and what the PNG is made from."""
    return vlc.vegalite_to_svg(json.loads(spec)).encode("utf-8")


@lru_cache(maxsize=KEPT)
def _png(spec: str) -> bytes:
    """The chart's SVG rasterised at twice its size, with a 256-colour palette (median cut). A chart
    has few colours, so it looks the same (on a white background, as Vega draws it), is about a
    fifth of the size, and the PDF embeds it four times faster: fpdf re-encodes an RGBA picture's
    pixels in every document. Made only when a PDF or an email first needs it."""
    out = io.BytesIO()
    png = vlc.svg_to_png(_svg(spec).decode("utf-8"), scale=2)
    Image.open(io.BytesIO(png)).convert("RGB").quantize(256).save(out, format="PNG")
    return out.getvalue()
