"""Column generation: the month's LP bound over whole personal schedules.

The CP-SAT model's LP sees each person's work/rest rows as an exact hull (roster.patterns) but the
shifts inside them only through weak clauses, and it needs tens of seconds to lift its bound on
the example month (202 at 10 s, 237 at 60 s). Here the month is written the Dantzig-Wolfe way:
every person picks one whole schedule (a row, a shift on each worked day, the on-duty days),
priced with everything that is the person's own (the row's cost, shift preferences, stability,
successions), and the master LP only couples the people: coverage, on-duty people, fair spreads
(max - min, as roster.rules.fairness has them).

    bound = ColumnBound(m, rows)          # m: a RosterModel, rows: roster.patterns.rows_by_person
    bound.add_roster(assignment)          # optional: a first roster's schedules as first columns
    bound.run(seconds)                    # column generation; bound.bound is valid at any time
    month_bound(m, rows, seconds, roster) # the same in one call: the bound rounded up, or None

The bound is Lagrangian: after each master solve, the master's value plus every person's most
negative reduced cost (found exactly by a dynamic programme over the person's listed rows and the
shifts) bounds every roster's penalty from below, whether or not the generation has converged.
The pricing relaxes what it does not see (shift_limits, working_minutes: per-person counters; hard
wishes) and the master lets a hard cover or on-duty day go short at a cost: both only make the
problem larger, so the bound stays valid. The example month: 240.5 after ~40 master solves (2 s),
so no roster costs less than 241.
"""
from __future__ import annotations

import math
import os
import threading
import time
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import highspy

from roster.instance import NA
from roster.patterns import ROW_RULES, Row, rows_by_person

INF = float("inf")
# A hard cover or on-duty day short of a person, or a person left out, costs SHORT in the master
# while columns are generated (a low price keeps the duals tame: 40 master solves on the example
# against 65 at 1,000), then HARD_SHORT until the end. Any price >= 0 keeps the bound valid; a
# price too low only weakens it (at 10 the example's bound is 240.1 instead of 240.5).
SHORT, HARD_SHORT = 20.0, 1e5
EPS = 1e-6
ROUNDING = 1e-4                # penalties are whole numbers: the bound is rounded up past this
FAIR_RULES = ("fair_late_shifts", "fair_weekend_rest", "fair_duty", "fair_holiday_work")


@dataclass(frozen=True)
class Schedule:
    """One person's month: the shift of each day (None: not worked) and the on-duty days."""

    person: int
    shifts: tuple[str | None, ...]
    duty: frozenset[int]
    cost: float                # the person's own penalty as priced (rules relaxed here cost 0)


class _Person:
    """The pricing data of one person: rows, states (off, each shift, the duty shift on duty), own
    costs per day and state, transition costs, and the fair-spread counts of each row."""

    def __init__(self, m, p: int, rows: list[Row]):
        inst = m.instance
        self.p, self.rows = p, rows
        self.works = np.array([row.works for row in rows], dtype=bool)             # (R, n)
        self.row_cost = np.array([row.cost for row in rows], dtype=float)
        shifts = inst.shift_ids
        duty_days = {d for (pp, d) in m.duty if pp == p and inst.duty_on(d)}
        self.states: list[tuple[str | None, bool]] = [(None, False), *((s, False) for s in shifts)]
        if duty_days:
            self.states.append((inst.duty_shift, True))
        n, k = inst.n_days, len(self.states)
        self.allowed = np.ones((n, k), dtype=bool)                                 # per day and state
        for d in range(n):
            for i, (s, on_duty) in enumerate(self.states):
                if s is not None and (p, d, s) not in m.work:
                    self.allowed[d, i] = False
                if on_duty and d not in duty_days:
                    self.allowed[d, i] = False
        self.own = np.zeros((n, k))
        self._wishes(m)
        self.trans = self._transitions(m)
        self.first = self._from_history(m)
        self._blocks()

    def _wishes(self, m) -> None:
        for w in m.instance.wishes:
            if w.person != self.p or (w.shift is None and w.rule_id in ROW_RULES):
                continue                          # whole-day requests are in the row costs
            rule = m.setting(w.rule_id)
            if rule.hard:
                continue                          # hard wishes: relaxed here (a valid bound still)
            weight = w.weight
            for i, (s, _) in enumerate(self.states):
                hit = s is not None if w.shift is None else s == w.shift
                if hit != (w.kind == "on"):
                    self.own[w.day, i] += weight

    def _transitions(self, m) -> np.ndarray:
        inst = m.instance
        k = len(self.states)
        t = np.zeros((k, k))
        stability, succession = m.setting("shift_stability"), m.setting("succession")
        for i, (a, _) in enumerate(self.states):
            for j, (b, _) in enumerate(self.states):
                if a is None or b is None:
                    continue
                if a != b and len(inst.shift_ids) > 1:
                    t[i, j] += INF if stability.hard else stability.weight
                if (a, b) in inst.forbidden_successions:
                    t[i, j] += INF if succession.hard else succession.weight
        return t

    def _from_history(self, m) -> np.ndarray:
        inst = m.instance
        person = inst.people[self.p]
        last = person.history[-1] if person.history else None
        setting = m.setting("succession")
        out = np.zeros(len(self.states))
        for i, (s, _) in enumerate(self.states):
            if s is not None and (last, s) in inst.forbidden_successions:
                out[i] = INF if setting.hard else setting.weight
        return out

    def _blocks(self) -> None:
        """Each row as its working blocks: the cost of a row is its off days' costs plus the best
        shifts of each block, and blocks do not interact (a day off between them), so the shift
        part is priced once per block (start, end) instead of once per row."""
        n = self.works.shape[1]
        spans = []
        for works in self.works:
            blocks, d = [], 0
            while d < n:
                if works[d]:
                    e = d
                    while e + 1 < n and works[e + 1]:
                        e += 1
                    blocks.append(d * n + e)
                    d = e + 1
                else:
                    d += 1
            spans.append(blocks)
        width = max(1, max(len(b) for b in spans))
        self.span_index = np.full((len(spans), width), n * n, dtype=np.int64)   # n*n: a zero slot
        for r, blocks in enumerate(spans):
            self.span_index[r, :len(blocks)] = blocks
        self.longest = max((e % n - e // n + 1 for blocks in spans for e in blocks), default=0)
        self.off = (~self.works).astype(float)

    def price(self, day_cost: np.ndarray, row_cost: np.ndarray, best: int = 3,
              below: float = INF) -> tuple[float, list[tuple[float, int, list[int]]]]:
        """The least cost of any schedule, and the `best` cheapest (cost, row, states) costing less
        than `below`, under these per-day state costs and row costs."""
        n = self.works.shape[1]
        cost = np.where(self.allowed, self.own + day_cost, INF)                    # (n, k)
        work, trans = cost[:, 1:], self.trans[1:, 1:]
        block = np.full(n * n + 1, INF)
        block[n * n] = 0.0
        v = work.copy()
        v[0] += self.first[1:]
        starts = np.arange(n)
        block[starts * n + starts] = v.min(axis=1)
        for length in range(1, self.longest):
            v = (v[:-1, :, None] + trans[None]).min(axis=1) + work[length:]
            s = starts[:len(v)]
            block[s * n + s + length] = v.min(axis=1)
        # (a sum, not a matrix product: BLAS would take the cores CP-SAT is using beside this thread)
        total = block[self.span_index].sum(axis=1) + (self.off * cost[:, 0]).sum(axis=1) + row_cost
        out = []
        for r in np.argsort(total, kind="stable")[:best]:
            if not total[r] < below:
                break
            out.append((float(total[r]), int(r), self._path(int(r), cost)))
        return float(total.min()), out

    def _path(self, r: int, cost: np.ndarray) -> list[int]:
        """The best states of row r under these costs (a plain dynamic programme with back-pointers)."""
        works = self.works[r]
        states, d, n = [], 0, len(works)
        while d < n:
            if not works[d]:
                states.append(0)
                d += 1
                continue
            e = d
            while e + 1 < n and works[e + 1]:
                e += 1
            v = cost[d, 1:] + (self.first[1:] if d == 0 else 0)
            back = []
            for t in range(d + 1, e + 1):
                step = v[:, None] + self.trans[1:, 1:]
                back.append(step.argmin(axis=0))
                v = step.min(axis=0) + cost[t, 1:]
            last = int(v.argmin())
            path = [last]
            for arg in reversed(back):
                path.append(int(arg[path[-1]]))
            states += [s + 1 for s in reversed(path)]
            d = e + 1
        return states

    def own_cost(self, r: int, states: list[int]) -> float:
        cost = self.row_cost[r] + self.first[states[0]] + sum(self.own[d, s] for d, s in enumerate(states))
        return float(cost + sum(self.trans[a, b] for a, b in zip(states, states[1:])))


class _Master:
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

    def row(self, lo: float, hi: float) -> int:
        self.h.addRow(lo, hi, 0, np.array([], dtype=np.int32), np.array([]))
        self.rows += 1
        return self.rows - 1

    def col(self, cost: float, lo: float, hi: float, entries: dict[int, float]) -> int:
        index = np.array(list(entries), dtype=np.int32)
        self.h.addCol(cost, lo, hi, len(index), index, np.array(list(entries.values()), dtype=float))
        self.cols += 1
        return self.cols - 1

    def fix(self, col: int) -> None:
        self.h.changeColBounds(col, 1.0, 1.0)

    def cost(self, col: int, cost: float) -> None:
        self.h.changeColCost(col, cost)

    def values(self) -> np.ndarray:
        return np.array(self.h.getSolution().col_value)

    def solve(self) -> tuple[float, np.ndarray] | None:
        """The optimum and the row duals (reduced cost = cost - duals · column), or None."""
        self.h.run()
        if self.h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        return self.h.getInfo().objective_function_value, np.array(self.h.getSolution().row_dual)


class ColumnBound:
    """Column generation for the month's LP bound (see the module docstring)."""

    def __init__(self, m, rows: dict[int, list[Row]], stop: threading.Event | None = None):
        self.started = time.monotonic()
        self.stop = stop or threading.Event()
        self.m, inst = m, m.instance
        self.n = inst.n_days
        self.people = {p: _Person(m, p, listed) for p, listed in rows.items()}
        self.columns: dict[int, list[Schedule]] = defaultdict(list)
        self._seen: set[tuple] = set()
        self.bound = -INF
        self.value = INF
        self.iterations = 0
        self._col: dict[int, list[int]] = defaultdict(list)       # person -> master column per schedule
        self._slack_cols: list[int] = []                           # shortages of hard covers and duty
        self.lp = _Master()
        self._convexity = {p: self.lp.row(1, 1) for p in self.people}
        for p, row in self._convexity.items():     # nobody (at a cost): the master is always feasible
            self._slack_cols.append(self.lp.col(SHORT, 0, 1, {row: 1}))
        self._covers()
        self._duty()
        self._fairness()
        # row-level counts of the fair rules (weekend days rested, statutory days worked) per row
        self._row_counts = {p: {rule_id: np.array([self._counts(p, tuple("" if w else None for w in row.works),
                                                                frozenset())[rule_id] for row in person.rows])
                                for rule_id, _, _ in self._fair_rows[p]}
                            for p, person in self.people.items()}

    # ------------------------------------------------------------ the master's coupling rows
    def _covers(self) -> None:
        inst, lp = self.m.instance, self.lp
        self._cover_rows = []                   # (row, day, shift, role)
        for c in inst.covers:
            staff = [p for p, person in enumerate(inst.people)
                     if (c.role is None or person.role == c.role) and (p, c.day, c.shift) in self.m.work]
            if c.minimum > 0 and (c.under_hard or c.under_weight):
                row = lp.row(c.minimum, INF)
                col = lp.col(SHORT if c.under_hard else c.under_weight, 0, c.minimum, {row: 1})
                if c.under_hard:
                    self._slack_cols.append(col)
                self._cover_rows.append((row, c.day, c.shift, c.role))
            if c.over_weight and len(staff) > c.minimum:
                row = lp.row(-INF, c.minimum)
                lp.col(c.over_weight, 0, len(staff), {row: -1})
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
            col = self.lp.col(SHORT if setting.hard else setting.weight, 0, need, {row: 1})
            if setting.hard:
                self._slack_cols.append(col)
            self._duty_rows[d] = row

    def _fairness(self) -> None:
        """Per fair rule and group: hi >= count(p) >= lo for each member, weight × (hi - lo)."""
        inst, lp = self.m.instance, self.lp
        self._fair_rows = defaultdict(list)     # person -> [(rule_id, row_hi, row_lo)]
        for rule_id in FAIR_RULES:
            setting = self.m.setting(rule_id)
            if (not setting.hard and not setting.weight) or (rule_id == "fair_late_shifts" and not inst.fair_shift):
                continue
            if rule_id == "fair_holiday_work" and not any(day.statutory for day in inst.days):
                continue
            groups = defaultdict(list)
            for p, person in enumerate(inst.people):
                if person.fair_group is not None and (rule_id != "fair_duty" or person.duty_eligible):
                    groups[person.fair_group].append(p)
            for group, members in sorted(groups.items()):
                if len(members) < 2:
                    continue
                hi, lo = {}, {}
                for p in members:
                    row_hi, row_lo = lp.row(-INF, 0), lp.row(-INF, 0)     # count - hi <= 0, lo - count <= 0
                    hi[row_hi], lo[row_lo] = -1, 1
                    self._fair_rows[p].append((rule_id, row_hi, row_lo))
                if setting.hard:                                         # hi - lo <= 0
                    row = lp.row(-INF, 0)
                    hi[row], lo[row] = 1, -1
                lp.col(0 if setting.hard else setting.weight, 0, inst.n_days, hi)
                lp.col(0 if setting.hard else -setting.weight, 0, inst.n_days, lo)

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

    def add(self, schedule: Schedule) -> bool:
        """Add a schedule to the master (False when it is there already)."""
        key = (schedule.person, schedule.shifts, schedule.duty)
        if key in self._seen:
            return False
        self._seen.add(key)
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
        self._col[p].append(self.lp.col(schedule.cost, 0, 1, entries))
        self.columns[p].append(schedule)
        return True

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
    def _prices(self, p: int, y) -> tuple[np.ndarray, np.ndarray]:
        """Per-day state costs and per-row costs of person p under the duals y (constraint -> dual)."""
        inst, person, y_of = self.m.instance, self.people[p], y
        role = inst.people[p].role
        day_cost = np.zeros((self.n, len(person.states)))
        for ct, d, s, r in self._cover_rows:
            if r is None or r == role:
                y = y_of[ct]
                for i, (ss, _) in enumerate(person.states):
                    if ss == s:
                        day_cost[d, i] -= y
        for d, ct in self._duty_rows.items():
            for i, (_, on_duty) in enumerate(person.states):
                if on_duty:
                    day_cost[d, i] -= y_of[ct]
        row_cost = person.row_cost.copy()
        for rule_id, ct_hi, ct_lo in self._fair_rows[p]:
            y = y_of[ct_hi] - y_of[ct_lo]        # per unit of the person's count
            if rule_id == "fair_late_shifts":
                for i, (s, _) in enumerate(person.states):
                    if s == inst.fair_shift:
                        day_cost[:, i] -= y
            elif rule_id == "fair_duty":
                for i, (_, on_duty) in enumerate(person.states):
                    if on_duty:
                        day_cost[:, i] -= y
            else:
                row_cost -= y * self._row_counts[p][rule_id]
        return day_cost, row_cost

    def run(self, seconds: float, per_person: int = 3) -> float:
        """Generate columns for at most `seconds`: at the low shortage price until no column
        prices out, then at the hard one until none does again; returns the bound."""
        deadline = time.monotonic() + seconds
        self._generate(deadline, per_person)
        for col in self._slack_cols:
            self.lp.cost(col, HARD_SHORT)
        self._generate(deadline, per_person)
        return self.bound

    def _generate(self, deadline: float, per_person: int) -> None:
        while time.monotonic() < deadline and not self.stop.is_set():
            solved = self.lp.solve()
            if solved is None:
                break
            self.iterations += 1
            self.value, y = solved
            added, reduced = 0, 0.0
            for p, person in self.people.items():
                pi = y[self._convexity[p]]
                least, found = person.price(*self._prices(p, y), per_person, below=pi - EPS)
                reduced += min(0.0, least - pi)
                for total, r, states in found:
                    shifts = tuple(person.states[s][0] for s in states)
                    duty = frozenset(d for d, s in enumerate(states) if person.states[s][1])
                    added += self.add(Schedule(p, shifts, duty, person.own_cost(r, states)))
            self.bound = max(self.bound, self.value + reduced)
            if not added:
                break



def month_bound(m, rows: dict[int, list[Row]], seconds: float, roster=None,
                stop: threading.Event | None = None) -> int | None:
    """A lower bound on every roster's penalty for the month of m (every person's rows listed in
    `rows`), found in at most `seconds`, rounded up; None when it says nothing (no time, or rules
    this bound does not model: pinned cells of a repair); `stop` ends it early."""
    if seconds <= 0 or not rows or m.pinned or m.pinned_duty or m.freeze_before or len(rows) != len(m.instance.people):
        return None
    bound = ColumnBound(m, rows, stop)
    if roster is not None:
        bound.add_roster(roster)
    value = bound.run(seconds - (time.monotonic() - bound.started))
    return max(0, math.ceil(value - ROUNDING)) if math.isfinite(value) else None


class BackgroundBound(threading.Thread):
    """month_bound in a thread beside the CP-SAT solves, which let go of Python while they run
    (measured on the example: the bound in 4 s beside an 8-s solve, whose roster is no worse).
    Without `rows`, the thread lists them itself (and builds the model when `m` is an Instance)."""

    def __init__(self, m, seconds: float, rows: dict[int, list[Row]] | None = None, report=None):
        super().__init__(daemon=True)
        self._m, self._rows, self._report = m, rows, report
        self._deadline = time.monotonic() + seconds
        self.bound: int | None = None
        self._halt = threading.Event()
        self.start()

    def run(self) -> None:
        from roster.model import RosterModel

        m = self._m if isinstance(self._m, RosterModel) else RosterModel(self._m)
        rows = self._rows if self._rows is not None else rows_by_person(m)
        self.bound = month_bound(m, rows, self._deadline - time.monotonic(), stop=self._halt)
        if self.bound is not None and self._report is not None:
            self._report(self.bound)

    def result(self, objective: int | None = None) -> int:
        """The bound once the thread has ended (0 when it found none). With the roster's
        `objective`: a bound above it would contradict the roster, and is not used."""
        self.join()
        bound = self.bound or 0
        return 0 if objective is not None and bound > objective else bound

    def stop(self) -> None:
        """End the generation now (a proven roster needs no bound; a failed stage no time)."""
        self._halt.set()
        self.join()
