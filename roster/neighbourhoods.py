"""Which cells an LNS sub-model frees (roster.search): people over the whole horizon, a window of
days for everyone, a window for some people, or the days of a few weekdays for everyone. Each
kind keeps its own size, adapted to how hard its sub-models turn out."""
from __future__ import annotations

import random

from roster.instance import Instance


class Neighbourhoods:
    """Draws a kind of neighbourhood at random and the cells it frees; keeps each kind's size."""

    KINDS = ("people", "days", "block", "weekdays")

    def __init__(self, instance: Instance, rng: random.Random):
        self.rng = rng
        self.n_people, self.n_days = len(instance.people), instance.n_days
        self.weekday = [day.weekday for day in instance.days]
        cells = max(1, self.n_people * self.n_days)
        # start small (a sub-model CP-SAT closes in well under a second), then adapt
        self.size = {
            "people": max(2, min(self.n_people, round(150 / max(1, self.n_days)))),
            "days": max(2, min(self.n_days, round(150 / max(1, self.n_people)))),
            "block": min(1.0, 150 / cells),
            "weekdays": 2,                 # weekdays in a row: a weekend's worth
        }
        # the sizes stay within (people, days, share of the cells, weekdays)
        self.limits = {"people": (2, self.n_people), "days": (2, self.n_days), "block": (0.02, 1.0),
                       "weekdays": (1, 7)}
        self.stats: dict[str, tuple[int, int, int]] = {}     # kind -> tries, closed, improved

    def summary(self) -> str:
        return "  ".join(f"{kind} {t} tried {c} closed {g} better (size {self.size[kind]:.2f})"
                         for kind, (t, c, g) in sorted(self.stats.items()))

    def _window(self, length: int, costly_days: list[int]) -> list[int]:
        """`length` days in a row, half the time around a day that still costs something, else
        anywhere. The window wraps around the end of the horizon: totals over the whole horizon
        (minutes, shifts of a type, weekends, rest days) tie its last days to its first, and a
        roster one covered place short often needs both ends re-planned at once (Curtois 5 at 1,234,
        12 places short: no window of 21 days or less, nor 9 of 16 people over the whole horizon,
        finds a better roster; 24 of its 28 days for everyone, both ends included, reach 1,147-1,155
        with 11 short in 3-14 s; runs at 60 s: README, Curtois section)."""
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
        weekend days freed for everyone (runs at 60 s: README, Curtois section)."""
        if costly_days and self.rng.random() < 0.5:
            first = self.weekday[self.rng.choice(costly_days)] - self.rng.randrange(length)
        else:
            first = self.rng.randrange(7)
        chosen = {(first + i) % 7 for i in range(length)}
        return [d for d in range(self.n_days) if self.weekday[d] in chosen]

    def draw(self, costly_days: list[int] = ()) -> tuple[str, set[int], list[int]]:
        kind = self.rng.choice(self.KINDS)
        people, days = set(range(self.n_people)), list(range(self.n_days))
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
        return kind, people, days

    def feedback(self, kind: str, closed: bool, improved: bool) -> None:
        """closed: the sub-model was solved to optimality (grow); otherwise it timed out (shrink)."""
        tries, closes, gains = self.stats.get(kind, (0, 0, 0))
        self.stats[kind] = (tries + 1, closes + closed, gains + improved)
        factor = 1.15 if closed else 0.85
        low, high = self.limits[kind]
        self.size[kind] = min(high, max(low, self.size[kind] * factor))
