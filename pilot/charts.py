"""Altair charts from frames: the pages and the exported summary draw the very same charts."""

from __future__ import annotations

import altair as alt
import pandas as pd
