"""The one object that hands out time to a plan and its parts.

    budget = Budget(20)              # 20 s from now
    budget.left()                    # seconds left (never below 0)
    part = budget.share(0.3)         # 30 % of the whole 20 s from now, never past the end
    part = budget.most(2.0)          # at most 2 s from now, never past the end
    part = budget.rest()             # all that is left, as a part of its own
    budget.until()                   # the end, on time.monotonic()'s clock
    budget.elapsed()                 # seconds since the plan started (the root budget's start)

Every part keeps its root's start, so progress is counted from when the plan began, whichever part
reports it. A part never ends after the budget it was cut from.

Deterministic budgets (SolverProfile.deterministic) hand out time by account, not by the clock:
each part cut from one is charged to it in full when it is cut, and a part's solver stops on
CP-SAT's deterministic time (roster.planner.cp_sat.solver_for). Two runs on the same inputs then
take the same decisions and get the same roster, however busy the machine; the run's wall time
follows CP-SAT's deterministic time, not the clock, so it can end before or after its seconds.
"""
from __future__ import annotations

import time


class Budget:
    def __init__(self, seconds: float, *, started: float | None = None, origin: float | None = None,
                 deterministic: bool = False):
        self.seconds = max(0.0, float(seconds))
        self.started = time.monotonic() if started is None else started
        self.origin = self.started if origin is None else origin      # the root budget's start
        self.deterministic = deterministic
        self._charged = 0.0                   # deterministic: seconds handed out to parts so far

    def __repr__(self) -> str:
        return f"Budget({self.seconds:.2f} s, {self.left():.2f} s left{', deterministic' if self.deterministic else ''})"

    def until(self) -> float:
        """The end of this budget on time.monotonic()'s clock."""
        return self.started + self.seconds

    def left(self) -> float:
        """Seconds left: by the clock, or (deterministic) by account."""
        if self.deterministic:
            return max(0.0, self.seconds - self._charged)
        return max(0.0, self.until() - time.monotonic())

    def spent(self) -> float:
        """Seconds since this budget started (by the clock)."""
        return time.monotonic() - self.started

    def elapsed(self) -> float:
        """Seconds since the plan started (the root budget's start, by the clock)."""
        return time.monotonic() - self.origin

    def over(self, margin: float = 0.0) -> bool:
        return self.left() <= margin

    def _cut(self, seconds: float) -> Budget:
        length = max(0.0, min(float(seconds), self.left()))
        if self.deterministic:
            self._charged += length
        return Budget(length, origin=self.origin, deterministic=self.deterministic)

    def share(self, fraction: float) -> Budget:
        """`fraction` of this budget's whole length, from now, cut at its end."""
        return self._cut(fraction * self.seconds)

    def most(self, seconds: float) -> Budget:
        """At most `seconds` from now, cut at this budget's end."""
        return self._cut(seconds)

    def rest(self) -> Budget:
        """All that is left, from now, as a part of its own."""
        return self._cut(self.seconds)

    def at_least(self, seconds: float) -> Budget:
        """What is left, but never less than `seconds` (a solver needs some time to say anything)."""
        part = self._cut(self.seconds)
        part.seconds = max(part.seconds, seconds)
        return part
