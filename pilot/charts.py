"""Altair charts from frames: the pages and the exported summary draw the very same charts."""

from __future__ import annotations

import altair as alt
import pandas as pd


def group_makeup(frame: pd.DataFrame) -> alt.Chart:
    """The sample group by department, stacked by audience (frame of participants.makeup)."""
    return (
        alt.Chart(frame, title="Sample group by department and audience")
        .mark_bar()
        .encode(
            x=alt.X("sum(participants):Q", title="Participants"),
            y=alt.Y("department:N", title=None, sort="-x"),
            color=alt.Color("audience:N", title="Audience"),
            tooltip=["department:N", "audience:N", "participants:Q"],
        )
    )
