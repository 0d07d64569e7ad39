"""Price and dive: column generation with one-person CP-SAT pricing, then a dive to a roster.

For instances whose people are tied together by coverage alone (every other rule is the person's
own: the Curtois & Qu benchmark), the month is written the Dantzig-Wolfe way, like roster.bounds.column_generation
but without listed rows: each person's schedules are found by the one-person model of the
person-local rules (roster.model.PERSON_RULES, the same rule functions), whose objective is the
person's own penalty less the cover duals, and an LP (HiGHS) couples the people through each
cover's shortage and excess. Its LP is strong (Curtois Instance15: 3,842 after ~110 s, best known
3,829, while LNS's rosters then cost ~5,500), but the schedules found do not combine into a
good roster by themselves (an IP over them: 6,979). So the roster comes from a dive: fix the
schedules the LP likes most (a quarter of the free people at a time, every one the LP takes
whole), generate columns again for the others, and repeat until everyone is fixed; whoever is
still free when its time is up takes the schedule of their own pool worth most against the covers
as they stand; then everyone is re-planned against the others (roster.person_by_person). Instance15:
a roster of 4,621 at 211 s that LNS took to 3,895 by 300 s (4,714 → 4,075 on another seed).

    schedules, bound = price_and_dive(m, start, budget, profile)   # {person: codes} or None
"""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from roster.bounds import MasterLP
from roster.planner.person_by_person import HARD_SHORT, SCALE, Planner, Pricer, one_person_pricers, own_cost, score
from roster.instance import Assignment
from roster.model import PERSON_RULES, RosterModel
from roster.rules import RULES

EPS = 1e-6
# (profile.generate_share 0.45, profile.dive_share 0.25: of the time left when the turn starts)
# The LP needs about half a pricing round per person to settle (Curtois 15, 45 people: 3,830 after
# 33 rounds; 13, 120 people: still 2,079 against 1,348 after 17): when the first round says fewer
# fit in the generation time, the turn gives up at once and leaves the time to LNS; when the first
# rows (roster.person_by_person) measured one person's solve, it gives up before its first round.
# (profile.rounds_per_person = 0.5)
# The dive starts only from a settled LP: its Lagrangian bound within this share of its value
# (Curtois 15: 3,780 against 3,842; 19 after 28 rounds: LP 3,372 above the best known 3,149, and a
# dive from there lost to plain LNS, 3,982 against 3,373). Generation stops as soon as it settles,
# and gives up two thirds of the way through its time when the bound is not yet within
# CHECK_SETTLED of the LP (19: -16,253 against 4,881 a third of the way, still 3,372 against a best
# known 3,149 after 28 rounds). Not earlier: the Lagrangian bound stays far below zero for most of
# the rounds and then rises within a few (Curtois 9 at 60 s: -46 against an LP of 500 after 10
# rounds, 405.6 against 405.7 after 19; giving up a third of the way, at round 10, it cost 9 its
# turn: 444-451 over seeds 0-3 against 440-444 from the turn; Curtois 15 at 300 s a third of the
# way: bound 2,728–3,261 against LP 4,090–4,145, settled after 28–29 rounds).
# (profile.settled = 0.02)
CHECK_SHARE, CHECK_SETTLED = 2 / 3, 0.5
# (profile.fix_share = 4: the dive fixes 1/this of the people still free at a time, at least one)
# the dive's roster is re-planned person by person (roster.person_by_person) for this share of the time,
# each person's solve at most REPLAN_SECONDS
# (profile.finish_share 0.05, profile.replan_s 0.5)
# (profile.dive_rounds = 2: pricing rounds after each fixing at most, fewer once few columns come)


def applies(m: RosterModel) -> bool:
    """Only coverage ties people together: no on-duty people, no fair spreads, nothing pinned."""
    inst = m.instance
    coupled = [r for r in RULES if r not in PERSON_RULES and r != "coverage"]
    return (bool(inst.people) and not inst.duty_per_day and not m.pinned
            and all(not m.setting(r).hard and not m.setting(r).weight for r in coupled if r != "duty"))


class _Dive:
    def __init__(self, m: RosterModel, workers: int, seed: int, pricers: list[Pricer] | None = None, profile=None):
        self.profile = profile
        inst = m.instance
        self.m, self.seed, self.n_people, self.workers = m, seed, len(inst.people), max(1, workers)
        self.pool = ThreadPoolExecutor(self.workers)     # CP-SAT lets go of Python while it solves
        self.pricers = pricers or one_person_pricers(m, pool=self.pool)
        self.lp = MasterLP()
        self.aux: list[tuple[float, float, int, float]] = []     # shortages, excesses: cost, upper, row, coefficient
        self.bound = float("-inf")
        self.conv = [self.lp.row(1, 1) for _ in range(self.n_people)]
        for row in self.conv:                 # nobody, at a price no schedule pays: always an LP
            self.lp.col(HARD_SHORT, 0, 1, {row: 1.0})
        self.cells: dict[tuple[int, str], list[int]] = {}   # (day, shift) -> cover rows
        for c in inst.covers:
            if c.role is not None:
                raise ValueError("price and dive covers any role only")
            if c.minimum > 0 and (c.under_hard or c.under_weight):
                row = self.lp.row(c.minimum, float("inf"))
                self._aux(HARD_SHORT if c.under_hard else c.under_weight, c.minimum, row, 1.0)
                self.cells.setdefault((c.day, c.shift), []).append(row)
            if c.over_weight:
                row = self.lp.row(-float("inf"), c.minimum)
                self._aux(c.over_weight, self.n_people, row, -1.0)
                self.cells.setdefault((c.day, c.shift), []).append(row)
        self.columns: list[list[tuple[tuple, int, int]]] = [[] for _ in range(self.n_people)]   # (codes, cost, col)
        self.seen: set[tuple] = set()
        self.fixed: dict[int, int] = {}
        self.value = float("nan")

    def _aux(self, cost: float, upper: float, row: int, coef: float) -> None:
        self.lp.col(cost, 0, upper, {row: coef})
        self.aux.append((cost, upper, row, coef))

    def add(self, p: int, codes: tuple, cost: int) -> bool:
        if (p, codes) in self.seen:
            return False
        self.seen.add((p, codes))
        entries = {self.conv[p]: 1.0}
        for d, s in enumerate(codes):
            for row in self.cells.get((d, s), ()) if s is not None else ():
                entries[row] = entries.get(row, 0.0) + 1.0
        self.columns[p].append((codes, cost, self.lp.col(float(cost), 0, 1, entries)))
        return True

    def reduced(self, p: int, codes: tuple, cost: int, y: np.ndarray) -> float:
        return cost - y[self.conv[p]] - sum(y[row] for d, s in enumerate(codes) if s is not None
                                            for row in self.cells.get((d, s), ()))

    def round(self) -> int | None:
        """Solve the master, price every free person; the number of schedules added (None: no LP)."""
        solved = self.lp.solve()
        if solved is None:
            return None
        self.value, y = solved
        # duals in whole hundredths with a bound's signs: the pricing then prices them exactly
        y = np.round(SCALE * self.lp.signed(y)[0]) / SCALE
        dual = {cell: int(round(SCALE * sum(y[row] for row in rows))) for cell, rows in self.cells.items()}
        free = [p for p in range(self.n_people) if p not in self.fixed]
        found = self.pool.map(lambda p: (p, self.pricers[p].price(dual, self.seed)), free)
        added, least = 0, {}
        for p, (schedules, lowest) in found:
            least[p] = lowest
            for codes, cost in schedules:
                if self.reduced(p, codes, cost, y) < -EPS:
                    added += self.add(p, codes, cost)
        if not self.fixed:                    # with people fixed it would bound the dive, not the month
            self.bound = max(self.bound, self.lagrangian(y, least))
        return added

    def lagrangian(self, y: np.ndarray, least: dict[int, float]) -> float:
        """The Lagrangian bound at duals y (see roster.bounds.column_generation.ColumnBound.lagrangian): the covers'
        worth, each person's cheapest schedule alone (or nobody), each shortage and excess at the
        cheaper end of its range."""
        rhs = self.lp.signed(np.zeros(self.lp.rows))[1]
        conv = set(self.conv)
        value = float(sum(y[i] * b for i, b in enumerate(rhs) if i not in conv))
        value += sum(min(HARD_SHORT, least[p]) for p in range(self.n_people))
        for cost, upper, row, coef in self.aux:
            value += min(0.0, cost - y[row] * coef) * upper
        return value

    def largest_shares(self) -> dict[int, tuple[float, int]]:
        """Per free person with schedules: the largest share the LP gives one, and which."""
        values = np.array(self.lp.h.getSolution().col_value)
        best = {}
        for p in range(self.n_people):
            if p not in self.fixed and self.columns[p]:
                k = max(range(len(self.columns[p])), key=lambda k: values[self.columns[p][k][2]])
                best[p] = (values[self.columns[p][k][2]], k)
        return best

    def fix_some(self) -> bool:
        """Fix the schedules the LP likes most: every one it takes whole, else the largest shares
        (1/FIX_SHARE of the people still free)."""
        best = self.largest_shares()
        free = self.n_people - len(self.fixed)
        chosen = [p for p, (v, _) in best.items() if v > 1 - EPS] or \
            sorted(best, key=lambda p: -best[p][0])[:max(1, free // self.profile.fix_share)]
        for p in chosen:
            self.fixed[p] = best[p][1]
            self.lp.h.changeColBounds(self.columns[p][best[p][1]][2], 1.0, 1.0)
        return bool(chosen)

    def finish(self, until: float) -> dict[int, list[str]] | None:
        """The roster: the people fixed keep their schedules; each one still free, in the order of
        the LP's liking, takes the schedule of their own that is worth most against the covers as
        they stand then; then everyone is re-planned against the others (roster.person_by_person) until
        `until`. None when someone has no schedule at all."""
        planner = Planner(self.m, self.pool, self.workers, self.profile.replan_s, self.seed, pricers=self.pricers,
                          profile=self.profile)
        for p, k in self.fixed.items():
            planner.place(p, *self.columns[p][k][:2])
        best = self.largest_shares()
        free = [p for p in range(self.n_people) if p not in self.fixed]
        if any(not self.columns[p] for p in free):
            return None
        for p in sorted(free, key=lambda p: -best.get(p, (0.0, 0))[0]):
            worth = planner.covers.worth(p)
            codes, cost, _ = min(self.columns[p], key=lambda col: score(col[0], col[1], worth))
            planner.place(p, codes, cost)
        planner.replan(until)
        return planner.codes()


def price_and_dive(m: RosterModel, start: Assignment | None, budget, profile, say=None,
                   price_s: float | None = None,
                   pricers: list[Pricer] | None = None) -> tuple[dict[int, list[str]] | None, float]:
    """A roster from generation then a dive, by person (codes per day), or None when there is not
    the time for it (the first pricing round says how long a round takes; `price_s`, one person's
    pricing time measured before, says it at once); and the Lagrangian bound of the generation
    (-inf: none). `pricers`: everyone's one-person models when already built
    (roster.person_by_person.one_person_pricers)."""
    workers, seed = profile.threads, profile.seed
    now = time.monotonic()
    left = budget.left()
    generate_until = now + profile.generate_share * left
    dive_until = generate_until + profile.dive_share * left
    n = len(m.instance.people)
    if (price_s is not None and
            profile.generate_share * left < profile.rounds_per_person * n * price_s * n / max(1, workers)):
        return None, float("-inf")
    dive = _Dive(m, workers, seed, pricers, profile)
    try:
        inst = m.instance
        if start is not None:
            for p in range(dive.n_people):
                codes = tuple(c if c in inst.shift_ids else None for c in start.codes[p])
                cost = own_cost(dive.pricers[p], codes)
                if cost is not None:
                    dive.add(p, codes, cost)
        first = time.monotonic()
        checkpoint = first + CHECK_SHARE * (generate_until - first)
        rounds = 0
        while time.monotonic() < generate_until:
            added = dive.round()
            rounds += 1
            took = time.monotonic() - first
            if rounds == 1 and (generate_until - first) < profile.rounds_per_person * dive.n_people * took:
                return None, dive.bound         # too slow a round for the LP to settle in time
            if say:
                say(f"columns round {rounds}: LP {dive.value:.1f}, bound {dive.bound:.1f}")
            if not added or dive.value - dive.bound <= profile.settled * abs(dive.value):
                break
            if checkpoint is not None and time.monotonic() >= checkpoint:
                if dive.value - dive.bound > CHECK_SETTLED * abs(dive.value):
                    return None, dive.bound     # too far from settling: leave the time to LNS
                checkpoint = None
        if say:
            say(f"columns: LP {dive.value:.1f}, bound {dive.bound:.1f} after {rounds} rounds")
        if dive.value - dive.bound > profile.settled * abs(dive.value):
            return None, dive.bound             # not settled: its dive would lose to LNS
        while len(dive.fixed) < dive.n_people and time.monotonic() < dive_until:
            if dive.lp.solve() is None:
                return None, dive.bound
            if not dive.fix_some():
                return None, dive.bound         # someone has no schedule at all
            for _ in range(profile.dive_rounds):
                if len(dive.fixed) == dive.n_people or time.monotonic() >= dive_until:
                    break
                added = dive.round()
                if not added or added < 3:
                    break
        if say:
            say(f"dive: {len(dive.fixed)} of {dive.n_people} people fixed")
        schedules = dive.finish(dive_until + profile.finish_share * left)
        return schedules, dive.bound
    finally:
        dive.pool.shutdown(wait=True)
