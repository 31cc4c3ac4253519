"""How ``make bench`` prints a row: one line per measure, against its floor.

``<measure>: trellis=<value> floor=<value> ratio=<r>x target=<t> ok|miss``

A row's target is either a ratio to its floor (``<=1.5x``) or an absolute limit
(``<=30ms``); a row with no floor prints ``floor=- ratio=-``. Values are medians over
the repeats of one run, so a ratio is always of figures measured side by side.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass


def median(values: Sequence[float]) -> float:
    """The median of the values that were measured (NaN when none were)."""
    seen = [v for v in values if not math.isnan(v)]
    return statistics.median(seen) if seen else math.nan


def p95(values: Sequence[float]) -> float:
    """The 95th percentile (nearest rank): 19 of 20 keystrokes were at least this fast."""
    seen = sorted(v for v in values if not math.isnan(v))
    if not seen:
        return math.nan
    rank = max(1, math.ceil(0.95 * len(seen)))
    return seen[rank - 1]


def show(value: float, unit: str) -> str:
    """A value in its unit, with as many digits as a noisy machine deserves."""
    if math.isnan(value):
        return "-"
    if math.isinf(value):
        return "timeout"  # the step ran past its limit (bench.ui_run --step-limit)
    if unit == "s":
        return f"{value:.3f}s"
    if unit == "ms":
        return f"{value:.1f}ms" if value < 100 else f"{value:.0f}ms"
    if unit == "MiB":
        return f"{value:.0f}MiB"
    return f"{value:g}{unit}"


@dataclass(frozen=True)
class Row:
    """One measure of the issue's table, measured against its floor in the same run."""

    measure: str
    trellis: float
    floor: float | None
    unit: str  # "s", "ms" or "MiB"
    # Either a ratio to the floor, or a limit in the row's unit (never both).
    target_ratio: float | None = None
    target_limit: float | None = None

    @property
    def ratio(self) -> float:
        if (self.floor is None or math.isnan(self.floor) or self.floor <= 0
                or math.isinf(self.trellis)):
            return math.nan
        return self.trellis / self.floor

    @property
    def ok(self) -> bool | None:
        """True within the target, False outside it, None when it could not be judged."""
        if math.isnan(self.trellis):
            return None
        if math.isinf(self.trellis):
            return False  # timed out
        if self.target_ratio is not None:
            return None if math.isnan(self.ratio) else self.ratio <= self.target_ratio
        if self.target_limit is not None:
            return self.trellis <= self.target_limit
        return None

    def target(self) -> str:
        if self.target_ratio is not None:
            return f"<={self.target_ratio:g}x"
        if self.target_limit is not None:
            return "<=" + show(self.target_limit, self.unit)
        return "-"

    def line(self) -> str:
        floor = "-" if self.floor is None else show(self.floor, self.unit)
        ratio = "-" if math.isnan(self.ratio) else f"{self.ratio:.2f}x"
        verdict = {True: "ok", False: "miss", None: "unmeasured"}[self.ok]
        return (f"{self.measure}: trellis={show(self.trellis, self.unit)} floor={floor} "
                f"ratio={ratio} target={self.target()} {verdict}")
