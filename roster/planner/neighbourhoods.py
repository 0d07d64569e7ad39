"""Which cells an LNS sub-model frees (roster.planner.neighbourhood_search): people over the whole horizon, a window of
days for everyone, a window for some people, the days of a few weekdays for everyone, or those
days for everyone and a few people over the whole horizon besides (a cross). Each kind keeps its
own size, adapted to how hard its sub-models turn out.

    kind, people, days, whole = hoods.draw(costly_days)   # free people x days, and whole x every day
"""
from __future__ import annotations

import random

from roster.instance import Instance


STUCK_DRAWS = 5


class Neighbourhoods:
    STUCK_DRAWS = STUCK_DRAWS
    """Draws a kind of neighbourhood at random and the cells it frees; keeps each kind's size."""

    KINDS = ("people", "days", "block", "weekdays", "cross")
    # A cross of a big team is too big to close at any size (Curtois 13, 120 people x 18 shift types:
    # 58 sub-models in a 300-s run, none closed, 2 s each); after this many time-outs in a row at a
    # kind's least size without a better roster, it is drawn no more (profile.lns_stuck_draws)

    def __init__(self, instance: Instance, rng: random.Random, cross: bool = True, first_cells: int = 150,
                 stuck_draws: int = STUCK_DRAWS):
        self.rng = rng
        self.stuck_draws = stuck_draws
        self.kinds = self.KINDS if cross else tuple(k for k in self.KINDS if k != "cross")
        self.n_people, self.n_days = len(instance.people), instance.n_days
        self.weekday = [day.weekday for day in instance.days]
        cells = max(1, self.n_people * self.n_days)
        # start small (a sub-model CP-SAT closes in well under a second), then adapt
        self.size = {
            "people": max(2, min(self.n_people, round(first_cells / max(1, self.n_days)))),
            "days": max(2, min(self.n_days, round(first_cells / max(1, self.n_people)))),
            "block": min(1.0, first_cells / cells),
            "weekdays": 2,                 # weekdays in a row: a weekend's worth
            "cross": 2,                    # people over the whole horizon beside a weekend's worth
        }
        # the sizes stay within (people, days, share of the cells, weekdays)
        self.limits = {"people": (2, self.n_people), "days": (2, self.n_days), "block": (0.02, 1.0),
                       "weekdays": (1, 7), "cross": (1, self.n_people)}
        self.stats: dict[str, tuple[int, int, int]] = {}     # kind -> tries, closed, improved
        self.stuck: dict[str, int] = {}     # kind -> time-outs in a row at its least size

    def summary(self) -> str:
        return "  ".join(f"{kind} {t} tried {c} closed {g} better (size {self.size[kind]:.2f}"
                         f"{'' if kind in self.kinds else ', drawn no more'})"
                         for kind, (t, c, g) in sorted(self.stats.items()))

    def _window(self, length: int, costly_days: list[int]) -> list[int]:
        """`length` days in a row, half the time around a day that still costs something, else
        anywhere. The window wraps around the end of the horizon: totals over the whole horizon
        (minutes, shifts of a type, weekends, rest days) tie its last days to its first, and a
        roster one covered place short often needs both ends re-planned at once (Curtois 5 at 1,234,
        12 places short: no window of 21 days or less, nor 9 of 16 people over the whole horizon,
        finds a better roster; 24 of its 28 days for everyone, both ends included, reach 1,147-1,155
        with 11 short in 3-14 s; runs at 60 s: benchmarks/RESULTS.md, Curtois section)."""
        if costly_days and self.rng.random() < 0.5:
            start = self.rng.choice(costly_days) - self.rng.randrange(length)
        else:
            start = self.rng.randrange(self.n_days)
        return sorted((start + i) % self.n_days for i in range(length))

    def _weekdays(self, length: int, costly_days: list[int]) -> list[int]:
        """Every day of the horizon on `length` weekdays in a row (Saturday and Sunday, say), half
        the time including a costly day's weekday. Rules that count days of a kind over the
        horizon (worked weekends, weekend rests) tie them together: Curtois 11 at 3,556, 35 places
        short, all on weekends, gains nothing from 3-4-s sub-models of 10-30 people over the horizon
        or of 14-25 days (both ends included) for everyone, and reaches 3,456 in 0.2 s with its 8
        weekend days freed for everyone (runs at 60 s: benchmarks/RESULTS.md, Curtois section)."""
        if costly_days and self.rng.random() < 0.5:
            first = self.weekday[self.rng.choice(costly_days)] - self.rng.randrange(length)
        else:
            first = self.rng.randrange(7)
        chosen = {(first + i) % 7 for i in range(length)}
        return [d for d in range(self.n_days) if self.weekday[d] in chosen]

    def _cross(self, costly_days: list[int]) -> tuple[list[int], set[int]]:
        """Every day of two weekdays in a row (a weekend, say) for everyone, and a few people over
        the whole horizon besides. Totals over the horizon (minutes, worked weekends) pin a
        person's weekdays to their weekends; re-planning the weekends alone cannot move work
        between weekends and weekdays. Curtois 19 at 3,559 (33 places short, all on weekends, 14
        of them where someone works one day of a weekend): weekends for everyone alone, or with two
        people beside, gain at most 2 in 40 s; with four people beside, 3,458 in 100 s (one worker,
        3-s sub-models); six do not close."""
        days = self._weekdays(2, costly_days)
        return days, set(self.rng.sample(range(self.n_people), min(self.n_people, int(self.size["cross"]))))

    def draw(self, costly_days: list[int] = ()) -> tuple[str, set[int], list[int], set[int]]:
        """A kind, and the cells it frees: `people` on `days`, and `whole` on every day."""
        kind = self.rng.choice(self.kinds)
        people, days, whole = set(range(self.n_people)), list(range(self.n_days)), set()
        if kind == "people":
            people = set(self.rng.sample(range(self.n_people), int(self.size["people"])))
        elif kind == "days":
            days = self._window(int(self.size["days"]), costly_days)
        elif kind == "block":
            share = self.size["block"]
            k = max(2, round(self.n_people * share ** 0.5))
            length = max(2, min(self.n_days, round(self.n_days * share ** 0.5)))
            people = set(self.rng.sample(range(self.n_people), min(k, self.n_people)))
            days = self._window(length, costly_days)
        elif kind == "weekdays":
            days = self._weekdays(int(self.size["weekdays"]), costly_days)
        elif kind == "cross":
            days, whole = self._cross(costly_days)
        return kind, people, days, whole

    def feedback(self, kind: str, closed: bool, improved: bool) -> None:
        """closed: the sub-model was solved to optimality (grow); otherwise it timed out (shrink).
        A kind whose sub-models time out STUCK_DRAWS times in a row at its least size, none of them
        with a better roster, is drawn no more (while another kind is left)."""
        tries, closes, gains = self.stats.get(kind, (0, 0, 0))
        self.stats[kind] = (tries + 1, closes + closed, gains + improved)
        factor = 1.15 if closed else 0.85
        low, high = self.limits[kind]
        at_least = self.size[kind] <= low
        self.size[kind] = min(high, max(low, self.size[kind] * factor))
        self.stuck[kind] = self.stuck.get(kind, 0) + 1 if at_least and not (closed or improved) else 0
        if self.stuck[kind] >= self.stuck_draws and kind in self.kinds and len(self.kinds) > 1:
            self.kinds = tuple(k for k in self.kinds if k != kind)
