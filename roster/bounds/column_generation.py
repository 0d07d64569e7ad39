"""Column generation: the month's LP bound over whole personal schedules.

The CP-SAT model's LP sees each person's work/rest rows as an exact hull (roster.patterns) but the
shifts inside them only through weak clauses, and it needs tens of seconds to lift its bound on
the example month (202 at 10 s, 237 at 60 s). Here the month is written the Dantzig-Wolfe way:
every person picks one whole schedule (a row, a shift on each worked day, the on-duty days),
priced with everything that is the person's own (the row's cost, shift preferences, stability,
successions), and the master LP only couples the people: coverage, on-duty people, fair spreads
(max - min, as roster.rules.fairness has them).

    bound = ColumnBound(m, patterns)      # m: a RosterModel, patterns: roster.patterns.patterns_by_person
    bound.add_roster(assignment)          # optional: a first roster's schedules as first columns
    bound.run(budget)                     # column generation; bound.bound is valid at any time
    month_bound(m, patterns, budget)      # the same in one call: the bound rounded up, or None

The bound is Lagrangian: at any duals of the coupling rows, the duals' worth plus each person's
cheapest schedule alone (found exactly by roster.bounds.schedule_pricing over the person's listed rows and the
shifts) bounds every roster's penalty from below, whether or not the generation has
converged. The duals priced are smoothed (Wentges: a mix of the master's and those of the best
bound so far), which takes the example from 52 master solves to about 45.
The pricing relaxes what it does not see (shift_limits, working_minutes: per-person counters; hard
wishes; the hours rule beyond the rows a hard one leaves, see roster.patterns, and its soft cost)
and the master lets a hard cover or on-duty day go short at a cost: both only make the
problem larger, so the bound stays valid. The example month: 240.5 after ~40 master solves (2 s),
so no roster costs less than 241. (A branch and bound on the fair spreads' max and min lifted it to
243, but only in runs of 60 s and more, and moved no roster: it was dropped, docs/planner.md.)
"""
from __future__ import annotations

import math
import os
import threading
import time
from collections import defaultdict

import numpy as np
import highspy

from roster.instance import NA
from roster.patterns import Pattern
from roster.bounds.schedule_pricing import INF, PersonPricing, Schedule

# A hard cover or on-duty day short of a person, or a person left out, costs SHORT in the master
# while columns are generated (a low price keeps the duals tame: 40 master solves on the example
# against 65 at 1,000), then HARD_SHORT until no column prices out again (at SHORT alone the
# example's LP uses a shortage when SHORT is 10). Any price >= 0 keeps the bound valid.
SHORT, HARD_SHORT = 20.0, 1e5
EPS = 1e-6
SMOOTHING = 0.6                # Wentges: weight of the centre in the pricing duals (0.3-0.6 alike)
ROUNDING = 1e-4               # penalties are whole numbers: a bound within this of one is that number
FAIR_RULES = ("fair_late_shifts", "fair_weekend_rest", "fair_duty", "fair_holiday_work")


class MasterLP:
    """The master LP in HiGHS, which keeps its basis when columns are added (GLOP through
    pywraplp solves from scratch: ~1,000 simplex iterations and 80-160 ms a solve on the example
    month, against a few dozen iterations here)."""

    def __init__(self):
        saved = os.dup(1)                      # HiGHS prints its banner on stdout when created
        try:
            with open(os.devnull, "w") as null:
                os.dup2(null.fileno(), 1)
                self.h = highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
        self.h.setOptionValue("output_flag", False)
        # primal simplex from the last basis, no presolve (new columns keep the basis primal
        # feasible): 0.75 s of simplex over the 40 solves of the example month, 2.2 s by default
        self.h.setOptionValue("presolve", "off")
        self.h.setOptionValue("simplex_strategy", 4)
        self.rows = self.cols = 0
        self.lo: list[float] = []
        self.hi: list[float] = []

    def row(self, lo: float, hi: float) -> int:
        self.h.addRow(lo, hi, 0, np.array([], dtype=np.int32), np.array([]))
        self.lo.append(lo)
        self.hi.append(hi)
        self.rows += 1
        return self.rows - 1

    def col(self, cost: float, lo: float, hi: float, entries: dict[int, float]) -> int:
        index = np.array(list(entries), dtype=np.int32)
        self.h.addCol(cost, lo, hi, len(index), index, np.array(list(entries.values()), dtype=float))
        self.cols += 1
        return self.cols - 1

    def cost(self, col: int, cost: float) -> None:
        self.h.changeColCost(col, cost)

    def signed(self, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Duals with the signs a bound needs (>= rows >= 0, <= rows <= 0; solver noise cut off),
        and each row's right-hand side as the Lagrangian sees it."""
        lo, hi = np.array(self.lo), np.array(self.hi)
        y = np.where(np.isinf(hi), np.maximum(y, 0.0), np.where(np.isinf(lo), np.minimum(y, 0.0), y))
        return y, np.where(np.isinf(lo), hi, lo)

    def solve(self) -> tuple[float, np.ndarray] | None:
        """The optimum and the row duals (reduced cost = cost - duals · column), or None."""
        self.h.run()
        if self.h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        return self.h.getInfo().objective_function_value, np.array(self.h.getSolution().row_dual)


class ColumnBound:
    """Column generation for the month's LP bound (see the module docstring)."""

    def __init__(self, m, rows: dict[int, list[Pattern]], stop: threading.Event | None = None,
                 smoothing: float = SMOOTHING):
        self.started = time.monotonic()
        self.smoothing = smoothing
        self.stop = stop or threading.Event()
        self.m, inst = m, m.instance
        self.n = inst.n_days
        self.people = {p: PersonPricing(m, p, listed) for p, listed in rows.items()}
        self.columns: dict[int, list[Schedule]] = defaultdict(list)
        self._seen: set[tuple] = set()
        self.bound = -INF
        self.value = INF
        self.iterations = 0
        self._center: tuple[np.ndarray, float] | None = None      # duals of the best bound, and it
        self._col: dict[int, list[int]] = defaultdict(list)       # person -> master column per schedule
        self._col_counts: dict[int, list[dict[str, int]]] = defaultdict(list)   # ... its fair counts
        self._slack_cols: list[int] = []                           # shortages of hard covers and duty
        self._nobody: dict[int, int] = {}                          # person -> the "nobody" column
        self._cost: dict[int, float] = {}                          # master column -> cost (all but schedules)
        self._aux_cols: list[tuple[int, float, np.ndarray, np.ndarray]] = []   # (column, upper, rows, coefficients)
        self.lp = MasterLP()
        self._convexity = {p: self.lp.row(1, 1) for p in self.people}
        for p, row in self._convexity.items():     # nobody (at a cost): the master is always feasible
            self._nobody[p] = self.lp.col(SHORT, 0, 1, {row: 1})
            self._cost[self._nobody[p]] = SHORT
            self._slack_cols.append(self._nobody[p])
        self._covers()
        self._duty()
        self._fairness()
        # row-level counts of the fair rules (weekend days rested, statutory days worked) per row
        self._row_counts = {p: self._counts_by_row(p) for p in self.people}
        self._maps = {p: self._pricing_map(p) for p in self.people}
        self._late_states = {p: np.array([s is not None and s == inst.fair_shift for s, _ in person.states])
                             for p, person in self.people.items()}

    # ------------------------------------------------------------ the master's coupling rows
    def _aux(self, cost: float, upper: float, entries: dict[int, float]) -> int:
        """A master column that is no schedule (a shortage, an excess, a spread's max or min)."""
        col = self.lp.col(cost, 0, upper, entries)
        self._cost[col] = cost
        self._aux_cols.append((col, upper, np.array(list(entries), dtype=np.int64),
                               np.array(list(entries.values()), dtype=float)))
        return col

    def _covers(self) -> None:
        inst, lp = self.m.instance, self.lp
        self._cover_rows = []                   # (row, day, shift, role)
        for c in inst.covers:
            staff = [p for p, person in enumerate(inst.people)
                     if (c.role is None or person.role == c.role) and (p, c.day, c.shift) in self.m.work]
            if c.minimum > 0 and (c.under_hard or c.under_weight):
                row = lp.row(c.minimum, INF)
                col = self._aux(SHORT if c.under_hard else c.under_weight, c.minimum, {row: 1})
                if c.under_hard:
                    self._slack_cols.append(col)
                self._cover_rows.append((row, c.day, c.shift, c.role))
            if c.over_weight and len(staff) > c.minimum:
                row = lp.row(-INF, c.minimum)
                self._aux(c.over_weight, len(staff), {row: -1})
                self._cover_rows.append((row, c.day, c.shift, c.role))

    def _duty(self) -> None:
        inst, setting = self.m.instance, self.m.setting("duty")
        self._duty_rows = {}
        if not inst.duty_per_day:
            return
        for d in range(inst.n_days):
            need = inst.duty_on(d)
            if not need or d in self.m.pinned_duty:
                continue
            row = self.lp.row(need, need)
            col = self._aux(SHORT if setting.hard else setting.weight, need, {row: 1})
            if setting.hard:
                self._slack_cols.append(col)
            self._duty_rows[d] = row

    def _fairness(self) -> None:
        """Per fair rule and group: hi >= count(p) >= lo for each member, weight × (hi - lo)."""
        inst, lp = self.m.instance, self.lp
        self._fair_rows = defaultdict(list)     # person -> [(rule_id, row_hi, row_lo)]
        self.fair_cols: dict[int, int] = {}     # a spread's max or min column -> its upper bound
        self.spread_of: dict[int, tuple[str, list[int], bool]] = {}   # ... -> rule, members, is the max
        for rule_id in FAIR_RULES:
            setting = self.m.setting(rule_id)
            if (not setting.hard and not setting.weight) or (rule_id == "fair_late_shifts" and not inst.fair_shift):
                continue
            if rule_id == "fair_holiday_work" and not any(day.statutory for day in inst.days):
                continue
            for group, members in sorted(inst.fair_members(rule_id).items()):
                if len(members) < 2 or any(inst.people[p].carry(rule_id) for p in members):
                    continue                # earlier months' carry: left out (the bound stays a bound)
                hi, lo = {}, {}
                for p in members:
                    row_hi, row_lo = lp.row(-INF, 0), lp.row(-INF, 0)     # count - hi <= 0, lo - count <= 0
                    hi[row_hi], lo[row_lo] = -1, 1
                    self._fair_rows[p].append((rule_id, row_hi, row_lo))
                if setting.hard:                                         # hi - lo <= 0
                    row = lp.row(-INF, 0)
                    hi[row], lo[row] = 1, -1
                col_hi = self._aux(0 if setting.hard else setting.weight, inst.n_days, hi)
                col_lo = self._aux(0 if setting.hard else -setting.weight, inst.n_days, lo)
                self.fair_cols[col_hi] = self.fair_cols[col_lo] = inst.n_days
                self.spread_of[col_hi], self.spread_of[col_lo] = (rule_id, members, True), (rule_id, members, False)

    # ------------------------------------------------------------ a schedule's column
    def _counts(self, p: int, shifts, duty) -> dict[str, int]:
        inst, m = self.m.instance, self.m
        out = {}
        for rule_id, _, _ in self._fair_rows[p]:
            if rule_id == "fair_late_shifts":
                out[rule_id] = sum(1 for s in shifts if s == inst.fair_shift)
            elif rule_id == "fair_duty":
                out[rule_id] = len(duty)
            elif rule_id == "fair_weekend_rest":
                out[rule_id] = sum(1 for d, day in enumerate(inst.days) if day.weekday >= 5 and
                                   (shifts[d] is None if (p, d) in m.on else m.fixed.get((p, d)) != NA))
            else:
                out[rule_id] = sum(1 for d, day in enumerate(inst.days) if day.statutory and shifts[d] is not None)
        return out

    def _counts_by_row(self, p: int) -> dict[str, np.ndarray]:
        """The row-level fair counts (weekend days rested, statutory days worked) of each of p's rows."""
        inst, m, works = self.m.instance, self.m, self.people[p].works
        out = {}
        for rule_id, _, _ in self._fair_rows[p]:
            if rule_id == "fair_weekend_rest":
                free = [d for d, day in enumerate(inst.days) if day.weekday >= 5 and (p, d) in m.on]
                fixed = sum(1 for d, day in enumerate(inst.days) if day.weekday >= 5 and (p, d) not in m.on
                            and m.fixed.get((p, d)) != NA)
                out[rule_id] = (~works[:, free]).sum(axis=1) + fixed
            elif rule_id == "fair_holiday_work":
                out[rule_id] = works[:, [d for d, day in enumerate(inst.days) if day.statutory]].sum(axis=1)
        return out

    def add(self, schedule: Schedule) -> bool:
        """Add a schedule to the master (False when it is there already)."""
        key = (schedule.person, schedule.shifts, schedule.duty)
        if key in self._seen:
            return False
        self._seen.add(key)
        p = schedule.person
        entries = self._entry_map(schedule)
        self._col[p].append(self.lp.col(schedule.cost, 0, 1, entries))
        self.columns[p].append(schedule)
        return True

    def _entries(self, schedule: Schedule) -> tuple[np.ndarray, np.ndarray]:
        entries = self._entry_map(schedule)
        return np.array(list(entries), dtype=np.int64), np.array(list(entries.values()), dtype=float)

    def _entry_map(self, schedule: Schedule) -> dict[int, float]:
        """The schedule's column in the master: its person's convexity row, its covers, duty days
        and fair counts."""
        p = schedule.person
        entries = {self._convexity[p]: 1.0}
        role = self.m.instance.people[p].role
        for row, d, s, r in self._cover_rows:
            if schedule.shifts[d] == s and (r is None or r == role):
                entries[row] = 1.0
        for d in schedule.duty:
            if d in self._duty_rows:
                entries[self._duty_rows[d]] = 1.0
        counts = self._counts(p, schedule.shifts, schedule.duty)
        for rule_id, row_hi, row_lo in self._fair_rows[p]:
            if counts[rule_id]:
                entries[row_hi], entries[row_lo] = counts[rule_id], -counts[rule_id]
        return entries

    def add_roster(self, assignment) -> None:
        """Every person's schedule of a roster (e.g. a first roster from CP-SAT)."""
        shifts = set(self.m.instance.shift_ids)
        for p, person in self.people.items():
            row = tuple(code if code in shifts else None for code in assignment.codes[p])
            duty = frozenset(d for d, who in enumerate(assignment.duty) if p in who)
            works = tuple(s is not None for s in row)
            r = next((i for i, listed in enumerate(person.rows) if listed.works == works), None)
            if r is None:
                continue
            states = [person.states.index((s, d in duty)) for d, s in enumerate(row)]
            self.add(Schedule(p, row, duty, person.own_cost(r, states)))

    # ------------------------------------------------------------ generation
    def _pricing_map(self, p: int):
        """Where each master row's dual enters person p's prices: (rows, days, states, coefficients)
        for the per-day costs, and (row_hi, row_lo, counts) for the per-row costs."""
        inst, person = self.m.instance, self.people[p]
        role = inst.people[p].role
        cells = []                                    # (master row, day, state, coefficient)
        for row, d, s, r in self._cover_rows:
            if r is None or r == role:
                cells += [(row, d, i, 1.0) for i, (ss, _) in enumerate(person.states) if ss == s]
        duty_states = [i for i, (_, on_duty) in enumerate(person.states) if on_duty]
        for d, row in self._duty_rows.items():
            cells += [(row, d, i, 1.0) for i in duty_states]
        by_row = []
        for rule_id, row_hi, row_lo in self._fair_rows[p]:
            if rule_id in ("fair_late_shifts", "fair_duty"):
                states = (duty_states if rule_id == "fair_duty" else
                          [i for i, (s, _) in enumerate(person.states) if s == inst.fair_shift])
                cells += [(row, d, i, sign) for row, sign in ((row_hi, 1.0), (row_lo, -1.0))
                          for d in range(self.n) for i in states]
            else:
                by_row.append((row_hi, row_lo, self._row_counts[p][rule_id]))
        rows, days, states, coefs = (np.array(x) for x in zip(*cells)) if cells else ([], [], [], [])
        return (np.asarray(rows, dtype=np.int64), np.asarray(days, dtype=np.int64),
                np.asarray(states, dtype=np.int64), np.asarray(coefs, dtype=float)), by_row

    def _prices(self, p: int, y) -> tuple[np.ndarray, np.ndarray]:
        """Per-day state costs and per-row costs of person p under the duals y (one per master row)."""
        person = self.people[p]
        (rows, days, states, coefs), by_row = self._maps[p]
        day_cost = np.zeros((self.n, len(person.states)))
        np.add.at(day_cost, (days, states), -coefs * y[rows])
        row_cost = person.row_cost.copy()
        for row_hi, row_lo, counts in by_row:
            row_cost -= (y[row_hi] - y[row_lo]) * counts
        return day_cost, row_cost

    def run(self, budget, per_person: int = 2) -> float:
        """Generate columns within `budget` (roster.planner.budget.Budget): at the low shortage
        price until no column prices out, then at the hard one until none does again; returns the
        bound (valid at any time, whether or not the generation has converged)."""
        deadline = budget.until()
        self._generate(deadline, per_person)
        for col in self._slack_cols:
            self.lp.cost(col, HARD_SHORT)
            self._cost[col] = HARD_SHORT
        self._center = None                   # the duals changed meaning with the prices
        self._generate(deadline, per_person)
        return self.bound

    def lagrangian(self, y: np.ndarray, least: dict[int, float],
                   ) -> float:
        """The Lagrangian bound at duals y: every coupling row priced by its dual, each person
        choosing alone their cheapest schedule (least[p], from the pricing at y) or nobody, each
        shortage, excess and spread variable at whichever end of its range is cheaper."""
        value = float(sum(y[i] * b for i, b in enumerate(self._rhs) if i not in self._convexity_rows))
        value += sum(min(least[p], self._cost[self._nobody[p]]) for p in self.people)
        for col, upper, rows, coefs in self._aux_cols:
            reduced = self._cost[col] - float(y[rows] @ coefs)
            value += min(0.0, reduced * upper)
        return value

    def price_all(self, y: np.ndarray, per_person: int = 2) -> tuple[int, dict[int, float]]:
        """Price everyone at the master's duals y: the schedules added, and each person's least cost."""
        return self._price_all(y, y, per_person)

    def _generate(self, deadline: float, per_person: int) -> None:
        """Wentges smoothing: price at a mix of the master's duals and the duals of the best bound
        so far (the centre), which damps the duals' swings; a mix that finds no column the master
        wants is dropped for the master's own duals."""
        self._rhs = self.lp.signed(np.zeros(self.lp.rows))[1]
        self._convexity_rows = set(self._convexity.values())
        while time.monotonic() < deadline and not self.stop.is_set():
            solved = self.lp.solve()
            if solved is None:
                break
            self.iterations += 1
            self.value, y_out = solved
            y_out = self.lp.signed(y_out)[0]
            alpha = self.smoothing if self._center is not None else 0.0
            while True:
                y = y_out if alpha == 0.0 else alpha * self._center[0] + (1 - alpha) * y_out
                added, least = self._price_all(y, y_out, per_person)
                bound = self.lagrangian(y, least)
                if self._center is None or bound > self._center[1]:
                    self._center = (y, bound)
                self.bound = max(self.bound, bound)
                if added or alpha == 0.0:
                    break
                alpha = 0.0
            if not added or self.value - self.bound < EPS:
                break

    def _price_person(self, p: int, y: np.ndarray, per_person: int, below: float):
        """Person p's least cost at duals y and their cheapest schedules costing less than `below`."""
        day_cost, row_cost = self._prices(p, y)
        return self.people[p].price(day_cost, row_cost, per_person, below=below)

    def _schedule(self, p: int, r: int, states: list[int]) -> Schedule:
        """Person p's schedule of row r with these pricing states, at its own cost."""
        person = self.people[p]
        shifts = tuple(person.states[s][0] for s in states)
        duty = frozenset(d for d, s in enumerate(states) if person.states[s][1])
        return Schedule(p, shifts, duty, person.own_cost(r, states))

    def _price_all(self, y: np.ndarray, y_out: np.ndarray, per_person: int) -> tuple[int, dict[int, float]]:
        """Price every person at duals y; add the schedules the master (duals y_out) wants."""
        added, least = 0, {}
        for p in self.people:
            pi = y[self._convexity[p]]
            least[p], found = self._price_person(p, y, per_person, below=pi - EPS)
            for _, r, states in found:
                schedule = self._schedule(p, r, states)
                rows, coefs = self._entries(schedule)
                if schedule.cost - float(y_out[rows] @ coefs) < -EPS:
                    added += self.add(schedule)
        return added, least


def month_bound(m, patterns: dict[int, list[Pattern]], budget, roster=None,
                stop: threading.Event | None = None, smoothing: float = SMOOTHING) -> int | None:
    """A lower bound on every roster's penalty for the month of m (every person's patterns listed in
    `patterns`), found within `budget` (roster.planner.budget.Budget), rounded up; None when it says
    nothing (no time, or rules this bound does not model: pinned cells of a repair); `stop` ends it early."""
    if (budget.left() <= 0 or not patterns or m.pinned or m.pinned_duty or m.freeze_before
            or len(patterns) != len(m.instance.people)):
        return None
    bound = ColumnBound(m, patterns, stop, smoothing)
    if roster is not None:
        bound.add_roster(roster)
    value = bound.run(budget)
    return max(0, math.ceil(value - ROUNDING)) if math.isfinite(value) else None
