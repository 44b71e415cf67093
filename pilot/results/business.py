"""The business case: the hours people say the tool saved them, in money, and projected to a year.

An estimate in the open, beside the budget: it says how it was computed, and it never enters the
decision rule (that rests on the sponsor's goals only).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from pilot.core.format import amount

WEEKS_A_YEAR = 52


@dataclass
class BusinessCase:
    currency: str
    hourly_cost: float
    hours: float  # hours saved so far (benefits in hours, up to the week)
    value: float  # hours x hourly cost
    spent: float  # the budget spent
    weeks: int  # pilot weeks so far
    participants: int  # enrolled in the sample group
    year_group: float | None  # the value projected to a year for the sample group
    organisation_size: int | None
    year_organisation: float | None  # ... and for the organisation size the owner entered

    def so_far(self) -> str:
        """e.g. "Value of hours saved so far: 990 EUR, against 1,200 EUR spent." """
        return (
            f"Value of hours saved so far: {self._money(self.value)}, "
            f"against {self._money(self.spent)} spent."
        )

    def projection(self) -> str:
        """The value projected to a year, for the sample group and the organisation."""
        if self.year_group is None:
            return "Projected to a year: needs at least one pilot week and one participant."
        text = (
            f"Projected to a year: about {self._money(_rounded(self.year_group))} for the sample group "
            f"of {self.participants}"
        )
        if self.year_organisation is not None:
            organisation = self._money(_rounded(self.year_organisation))
            text += f", about {organisation} for {self.organisation_size:,} people"
        return text + "."

    def lines(self) -> list[str]:
        """What it adds up to, the projection, and how the projection was computed."""
        return [self.so_far(), self.projection(), *([self.how()] if self.year_group is not None else [])]

    def how(self) -> str:
        """The projection's formula in one line, with this pilot's figures."""
        people = f"{self.participants} in the sample group"
        if self.organisation_size:
            people += f", {self.organisation_size:,} in the organisation"
        return (
            f"How: {self._money(self.value)} ÷ {self.weeks} pilot weeks ÷ {self.participants} participants "
            f"× {WEEKS_A_YEAR} weeks × the number of people ({people}); {self._money(self.value)} = "
            f"{amount(self.hours)} hours reported × {self._money(self.hourly_cost)} an hour. "
            "An estimate, never part of the decision rule."
        )

    def _money(self, value: float) -> str:
        return f"{amount(value)} {self.currency}"


def business_case(
    currency: str,
    hourly_cost: float | None,
    hours: float,
    spent: float,
    weeks: int,
    participants: int,
    organisation_size: int | None = None,
) -> BusinessCase | None:
    """The business case as of a week, or None without an hourly cost. The projection: value per
    enrolled participant per pilot week so far, x 52 weeks, x the number of people."""
    if hourly_cost is None:
        return None
    value = hours * hourly_cost
    per_person_week = value / weeks / participants if weeks > 0 and participants > 0 else None
    year_group = year_org = None
    if per_person_week is not None:
        year_group = per_person_week * WEEKS_A_YEAR * participants
        if organisation_size:
            year_org = per_person_week * WEEKS_A_YEAR * organisation_size
    return BusinessCase(
        currency,
        hourly_cost,
        hours,
        value,
        spent,
        weeks,
        participants,
        year_group,
        organisation_size,
        year_org,
    )


def _rounded(value: float) -> float:
    """Three significant figures: a projection is an estimate (22,880 reads as 22,900)."""
    if value == 0:
        return 0.0
    digits = int(math.floor(math.log10(abs(value)))) + 1
    return float(round(value, min(0, 3 - digits)))
