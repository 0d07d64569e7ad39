"""Pricing one person's month for the column bound (roster.bounds.column_generation): the cheapest whole schedules.

A schedule is a listed work/rest row (roster.patterns: its cost comes from the row rules' own
functions), a shift on every worked day and the on-duty days. Its own cost adds what depends on
the shifts: shift preferences, shift stability, successions (from the previous month into day 0
too). Working blocks of a row do not interact (a day off lies between them), so the shift part is
priced once per block (start, end) by a small dynamic programme, vectorised over all starts, and
a row's cost is the sum of its blocks' costs, its days off and the row's own — exact, and fast
enough to price every listed row of every person at each master solve.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from roster.patterns import PATTERN_RULES, Pattern

INF = float("inf")


@dataclass(frozen=True)
class Schedule:
    """One person's month: the shift of each day (None: not worked) and the on-duty days."""

    person: int
    shifts: tuple[str | None, ...]
    duty: frozenset[int]
    cost: float                # the person's own penalty as priced (rules relaxed here cost 0)


class PersonPricing:
    """The pricing data of one person: rows, states (off, each shift, the duty shift on duty), own
    costs per day and state, transition costs, and the fair-spread counts of each row."""

    def __init__(self, m, p: int, rows: list[Pattern]):
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
                if s is not None and ((p, d, s) not in m.work
                                      or s in inst.unplanned_shifts and m.pinned.get((p, d)) != s):
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
            if w.person != self.p or (w.shift is None and w.rule_id in PATTERN_RULES):
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
        ends, back = [v.argmin(axis=1)], [None]        # per block length: best last state, back-pointers
        for length in range(1, self.longest):
            step = v[:-1, :, None] + trans[None]                                   # (start, from, to)
            arg = step.argmin(axis=1)
            v = np.take_along_axis(step, arg[:, None, :], axis=1)[:, 0, :] + work[length:]
            s = starts[:len(v)]
            block[s * n + s + length] = v.min(axis=1)
            ends.append(v.argmin(axis=1))
            back.append(arg)
        # (a sum, not a matrix product: BLAS would take the cores CP-SAT is using beside this thread)
        total = block[self.span_index].sum(axis=1) + (self.off * cost[:, 0]).sum(axis=1) + row_cost
        out = []
        for r in np.argsort(total, kind="stable")[:best]:
            if not total[r] < below:
                break
            out.append((float(total[r]), int(r), self._path(int(r), ends, back)))
        return float(total.min()), out

    def _path(self, r: int, ends: list, back: list) -> list[int]:
        """The best states of row r: each working block (start s, length L) followed back from
        its best last state through the back-pointers of price()."""
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
            j = int(ends[e - d][d])
            path = [j]
            for length in range(e - d, 0, -1):
                j = int(back[length][d, j])
                path.append(j)
            states += [x + 1 for x in reversed(path)]
            d = e + 1
        return states

    def own_cost(self, r: int, states: list[int]) -> float:
        cost = self.row_cost[r] + self.first[states[0]] + sum(self.own[d, s] for d, s in enumerate(states))
        return float(cost + sum(self.trans[a, b] for a, b in zip(states, states[1:])))
