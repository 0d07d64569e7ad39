"""Price and dive: column generation with one-person CP-SAT pricing, then a dive to a roster.

For instances whose people are tied together by coverage alone (every other rule is the person's
own: the Curtois & Qu benchmark), the month is written the Dantzig-Wolfe way, like roster.columns
but without listed rows: each person's schedules are found by the one-person model of the
person-local rules (roster.model.PERSON_RULES, the same rule functions), whose objective is the
person's own penalty less the cover duals, and an LP (HiGHS) couples the people through each
cover's shortage and excess. Its LP is strong (Curtois Instance15: 3,827 after ~120 s, best known
3,829, while the search's rosters cost ~4,500), but the schedules found do not combine into a
good roster by themselves (an IP over them: 6,979). So the roster comes from a dive: fix the
schedules the LP likes most (a few people at a time, more while many are free), generate columns
again for the others, and repeat until everyone is fixed (Instance15: 4,068).

    rows = price_and_dive(m, start, deadline, workers, seed)   # {person: codes} or None
"""
from __future__ import annotations

import math
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from ortools.sat.python import cp_model

from roster.columns import Master
from roster.instance import Assignment
from roster.model import PERSON_RULES, RosterModel, person_instance
from roster.rules import RULES

SCALE = 100                   # duals are real, CP-SAT objectives whole: cover duals in hundredths
PRICE_SECONDS = 2.0           # one person's pricing solve at most
KEEP = 3                      # improving schedules kept from one pricing solve (its last ones)
EPS = 1e-6
HARD_SHORT = 1e5              # a hard cover short: allowed in the LP at this price
GENERATE_SHARE, DIVE_SHARE = 0.45, 0.25    # of the time left when the turn starts
# The LP needs about half a pricing round per person to settle (Curtois 15, 45 people: 3,830 after
# 33 rounds; 13, 120 people: still 2,079 against 1,348 after 17): when the first round says fewer
# fit in the generation time, the turn gives up at once and leaves the time to LNS.
ROUNDS_PER_PERSON = 0.5
# The dive starts only from a settled LP: its Lagrangian bound within this share of its value
# (Curtois 15: 3,800 against 3,830; 19 after 28 rounds: LP 3,372 above the best known 3,149, and a
# dive from there lost to plain LNS, 3,982 against 3,373). Generation stops as soon as it settles.
SETTLED = 0.02
FIX_SHARE = 8                 # the dive fixes 1/this of the people still free at a time (at least one)
DIVE_ROUNDS = 4               # pricing rounds after each fixing at most (fewer once few columns come)


def applies(m: RosterModel) -> bool:
    """Only coverage ties people together: no on-duty people, no fair spreads, nothing pinned."""
    inst = m.instance
    coupled = [r for r in RULES if r not in PERSON_RULES and r != "coverage"]
    return (bool(inst.people) and not inst.duty_per_day and not m.pinned
            and all(not m.setting(r).hard and not m.setting(r).weight for r in coupled if r != "duty"))


class _Pricer:
    """One person's pricing model: the person-local rules alone, objective set per round."""

    def __init__(self, inst, p: int):
        self.sm = RosterModel(person_instance(inst, p), rules={r: RULES[r] for r in PERSON_RULES})
        self.own = [(pen.weight, pen.expr) for pen in self.sm.penalties if pen.weight]
        self.shift_ids = inst.shift_ids
        self.n = inst.n_days

    def price(self, dual: dict[tuple[int, str], int], seed: int) -> tuple[list[tuple[tuple, int]], float]:
        """The last few schedules found minimising own penalty - duals (duals in hundredths): (shift
        or None per day, own cost); and a lower bound on that minimum (inf: no schedule exists)."""
        sm = self.sm
        model = sm.model.clone()
        own = sum(w * e for w, e in self.own if not isinstance(e, (int, bool))) if self.own else 0
        fixed = sum(w * int(e) for w, e in self.own if isinstance(e, (int, bool)))
        terms = [(v, dual[d, s]) for (_, d, s), v in sm.work.items() if dual.get((d, s))]
        model.Minimize(SCALE * own - sum(c * model.GetBoolVarFromProtoIndex(v.Index()) for v, c in terms))
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.max_time_in_seconds = PRICE_SECONDS
        solver.parameters.linearization_level = 2        # as roster.search.hint_person_rows
        solver.parameters.random_seed = seed
        found = _Found(self)
        status = solver.Solve(model, found)
        least = (float("inf") if status == cp_model.INFEASIBLE else
                 math.floor(solver.BestObjectiveBound() + 1e-6) / SCALE + fixed)
        return found.schedules[-KEEP:], least

    def codes(self, value) -> tuple:
        return tuple(next((s for s in self.shift_ids if (0, d, s) in self.sm.work and value(self.sm.work[0, d, s])),
                          None) for d in range(self.n))


class _Found(cp_model.CpSolverSolutionCallback):
    def __init__(self, pricer: _Pricer):
        super().__init__()
        self.pricer, self.schedules = pricer, []

    def on_solution_callback(self) -> None:
        cost = sum(w * (int(e) if isinstance(e, (int, bool)) else self.Value(e)) for w, e in self.pricer.own)
        self.schedules.append((self.pricer.codes(self.Value), cost))


class _Dive:
    def __init__(self, m: RosterModel, workers: int, seed: int):
        inst = m.instance
        self.m, self.seed, self.n_people = m, seed, len(inst.people)
        self.pool = ThreadPoolExecutor(max(1, workers))     # CP-SAT lets go of Python while it solves
        self.pricers = list(self.pool.map(lambda p: _Pricer(inst, p), range(self.n_people)))
        self.lp = Master()
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
        """The Lagrangian bound at duals y (see roster.columns.ColumnBound.lagrangian): the covers'
        worth, each person's cheapest schedule alone (or nobody), each shortage and excess at the
        cheaper end of its range."""
        rhs = self.lp.signed(np.zeros(self.lp.rows))[1]
        conv = set(self.conv)
        value = float(sum(y[i] * b for i, b in enumerate(rhs) if i not in conv))
        value += sum(min(HARD_SHORT, least[p]) for p in range(self.n_people))
        for cost, upper, row, coef in self.aux:
            value += min(0.0, cost - y[row] * coef) * upper
        return value

    def fix_some(self, everyone: bool = False) -> bool:
        """Fix the schedules the LP likes most: every one it takes whole, else the largest shares
        (1/FIX_SHARE of the people still free); `everyone`: each free person's largest share."""
        values = np.array(self.lp.h.getSolution().col_value)
        best = {}
        for p in range(self.n_people):
            if p not in self.fixed and self.columns[p]:
                k = max(range(len(self.columns[p])), key=lambda k: values[self.columns[p][k][2]])
                best[p] = (values[self.columns[p][k][2]], k)
        free = self.n_people - len(self.fixed)
        chosen = list(best) if everyone else [p for p, (v, _) in best.items() if v > 1 - EPS] or \
            sorted(best, key=lambda p: -best[p][0])[:max(1, free // FIX_SHARE)]
        for p in chosen:
            self.fixed[p] = best[p][1]
            self.lp.h.changeColBounds(self.columns[p][best[p][1]][2], 1.0, 1.0)
        return bool(chosen)


def price_and_dive(m: RosterModel, start: Assignment | None, deadline: float, workers: int = 2,
                   seed: int = 0, say=None) -> tuple[dict[int, list[str]] | None, float]:
    """A roster from generation then a dive, by person (codes per day), or None when there is not
    the time for it (the first pricing round says how long a round takes); and the Lagrangian
    bound of the generation (-inf: none)."""
    now = time.monotonic()
    left = deadline - now
    generate_until = now + GENERATE_SHARE * left
    dive_until = generate_until + DIVE_SHARE * left
    dive = _Dive(m, workers, seed)
    try:
        inst = m.instance
        if start is not None:
            for p in range(dive.n_people):
                codes = tuple(c if c in inst.shift_ids else None for c in start.codes[p])
                cost = _own_cost(dive.pricers[p], codes)
                if cost is not None:
                    dive.add(p, codes, cost)
        first = time.monotonic()
        rounds = 0
        while time.monotonic() < generate_until:
            added = dive.round()
            rounds += 1
            took = time.monotonic() - first
            if rounds == 1 and (generate_until - first) < ROUNDS_PER_PERSON * dive.n_people * took:
                return None, dive.bound         # too slow a round for the LP to settle in time
            if not added or dive.value - dive.bound <= SETTLED * abs(dive.value):
                break
        if say:
            say(f"columns: LP {dive.value:.1f}, bound {dive.bound:.1f} after {rounds} rounds")
        if dive.value - dive.bound > SETTLED * abs(dive.value):
            return None, dive.bound             # not settled: its dive would lose to LNS
        while len(dive.fixed) < dive.n_people:
            if dive.lp.solve() is None:
                return None, dive.bound
            if not dive.fix_some(everyone=time.monotonic() >= dive_until):   # out of time: the LP's choice for all
                return None, dive.bound         # someone has no schedule at all
            for _ in range(DIVE_ROUNDS):
                if len(dive.fixed) == dive.n_people or time.monotonic() >= dive_until:
                    break
                added = dive.round()
                if not added or added < 3:
                    break
        if say:
            say(f"dive: LP {dive.lp.solve()[0]:.1f} with everyone fixed")
        return ({p: [s if s is not None else m.rest_code(p, d) for d, s in enumerate(dive.columns[p][k][0])]
                 for p, k in dive.fixed.items()}, dive.bound)
    finally:
        dive.pool.shutdown(wait=True)


def _own_cost(pricer: _Pricer, codes: tuple) -> int | None:
    """The person-local penalty of a schedule (None when it breaks a person-local hard rule)."""
    sm = pricer.sm
    model = sm.model.clone()
    for (_, d, s), v in sm.work.items():
        model.Add(model.GetBoolVarFromProtoIndex(v.Index()) == int(codes[d] == s))
    model.Minimize(sum(w * e for w, e in pricer.own if not isinstance(e, (int, bool))) if pricer.own else 0)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = PRICE_SECONDS
    if solver.Solve(model) != cp_model.OPTIMAL:
        return None
    return int(round(solver.ObjectiveValue())) + sum(w * int(e) for w, e in pricer.own if isinstance(e, (int, bool)))
