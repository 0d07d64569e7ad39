"""What a plan tells its caller while it runs: one Progress record per step, through a callback.

The library never prints; roster.cli turns these into lines on stderr (plain words, or with
--verbose the solver's figures too).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Progress:
    elapsed: float                 # seconds since the plan started
    penalty: float | None          # the best roster's penalty so far (None: no roster yet)
    bound: float | None            # no roster can cost less (None: nothing proven yet)
    words: str                     # what happened, for a supervisor (Chinese)
    step: str = ""                 # the strategy's step, for --verbose (e.g. "lns", "whole")


class Reporter:
    """Sends Progress records to a callback (or nowhere), the elapsed time from the plan's budget."""

    def __init__(self, callback: Callable[[Progress], None] | None, budget):
        self.callback, self.budget = callback, budget

    def __call__(self, words: str, penalty: float | None = None, bound: float | None = None,
                 step: str = "") -> None:
        if self.callback is None:
            return
        if bound is not None and (math.isnan(bound) or math.isinf(bound)):
            bound = None
        elif bound is not None:
            bound = max(0.0, bound)        # every penalty is a count times a weight >= 0
        self.callback(Progress(self.budget.elapsed(), penalty, bound, words, step))

    def improved(self, step: str, penalty: float, bound: float | None = None) -> None:
        """A better roster was found."""
        self(f"目前最好的排班扣 {penalty:.0f} 分", penalty, bound, step)

    @property
    def quiet(self) -> bool:
        return self.callback is None


def silent() -> Reporter:
    return Reporter(None, None)
