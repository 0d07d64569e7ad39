"""A first roster planned person by person against coverage, then improved one person at a time.

roster.first_schedules.person_alone_schedules plans each person alone, blind to coverage: on a big benchmark
instance that roster is far from covered (Curtois 13, 120 people: 71,209 against a best known
1,348) and LNS spends minutes just covering the days. Here each person's row is found by the
one-person model of the person-local rules (Pricer, the same rule functions) with an objective
of their own penalty less what their shifts are worth to the covers, given everyone planned so
far: a place still short is worth its shortage weight, a full one costs its excess
weight. A person works at most one shift a day, so these prices are the exact change of the
month's cover cost: each plan is the person's best answer to everyone else.

Then passes of re-planning one person at a time against all the others, kept when the month costs
less, until a pass gains little or the time given is up (Curtois 13: 10,132 once everyone is
planned, 5,899 after three passes, 35 s in all on 2 cores).

    schedules, seconds = person_by_person(m, seconds_each, budget, workers, seed)   # {person: codes per day} or None

The one-person pricers (one_person_pricers) can be built once and shared with roster.planner.price_and_dive.
"""
from __future__ import annotations

import math
import time
from concurrent.futures import ThreadPoolExecutor

from ortools.sat.python import cp_model

from roster.model import PERSON_RULES, RosterModel, person_instance
from roster.rules import RULES

SCALE = 100                   # prices are real, CP-SAT objectives whole: prices in hundredths
PRICE_SECONDS = 2.0           # one person's pricing solve at most (profile.price_s)
KEEP = 3                      # improving schedules kept from one pricing solve (its last ones)
HARD_SHORT = 1e5              # a hard cover short: allowed at this price
PASS_GAIN = 0.01              # another re-planning pass only while the last one gained this share (profile.pass_gain)


class _Covers:
    """Headcount per cover as people are planned, and what one more person is worth at a place."""

    def __init__(self, m: RosterModel):
        inst = m.instance
        self.covers = list(inst.covers)
        self.count = [0] * len(self.covers)
        self.at: dict[tuple[int, str], list[int]] = {}
        for i, c in enumerate(self.covers):
            self.at.setdefault((c.day, c.shift), []).append(i)
        self.roles = [person.role for person in inst.people]

    def _counts(self, p: int, i: int) -> bool:
        role = self.covers[i].role
        return role is None or role == self.roles[p]

    def worth(self, p: int) -> dict[tuple[int, str], float]:
        """Per place: what p working there takes off the cover cost (negative: it adds to it)."""
        out = {}
        for place, ids in self.at.items():
            value = 0.0
            for i in ids:
                if not self._counts(p, i):
                    continue
                c = self.covers[i]
                if self.count[i] < c.minimum:
                    value += HARD_SHORT if c.under_hard else c.under_weight
                else:
                    value -= c.over_weight
            if value:
                out[place] = value
        return out

    def move(self, p: int, codes: tuple, sign: int) -> None:
        for d, s in enumerate(codes):
            if s is not None:
                for i in self.at.get((d, s), ()):
                    if self._counts(p, i):
                        self.count[i] += sign

    def cost(self) -> float:
        total = 0.0
        for c, n in zip(self.covers, self.count):
            short = max(0, c.minimum - n)
            total += short * (HARD_SHORT if c.under_hard else c.under_weight) + max(0, n - c.minimum) * c.over_weight
        return total


class Pricer:
    """One person's pricing model: the person-local rules alone, objective set per round."""

    def __init__(self, inst, p: int):
        self.sm = RosterModel(person_instance(inst, p), rules={r: RULES[r] for r in PERSON_RULES})
        self.own = [(pen.weight, pen.expr) for pen in self.sm.penalties if pen.weight]
        self.shift_ids = inst.shift_ids
        self.n = inst.n_days

    def price(self, dual: dict[tuple[int, str], int], seed: int,
              seconds: float = PRICE_SECONDS) -> tuple[list[tuple[tuple, int]], float]:
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
        solver.parameters.max_time_in_seconds = seconds
        solver.parameters.linearization_level = 2        # as roster.first_schedules.person_alone_schedules
        solver.parameters.random_seed = seed
        found = Found(self)
        status = solver.Solve(model, found)
        least = (float("inf") if status == cp_model.INFEASIBLE else
                 math.floor(solver.BestObjectiveBound() + 1e-6) / SCALE + fixed)
        return found.schedules[-KEEP:], least

    def codes(self, value) -> tuple:
        return tuple(next((s for s in self.shift_ids if (0, d, s) in self.sm.work and value(self.sm.work[0, d, s])),
                          None) for d in range(self.n))


class Found(cp_model.CpSolverSolutionCallback):
    def __init__(self, pricer: Pricer):
        super().__init__()
        self.pricer, self.schedules = pricer, []

    def on_solution_callback(self) -> None:
        cost = sum(w * (int(e) if isinstance(e, (int, bool)) else self.Value(e)) for w, e in self.pricer.own)
        self.schedules.append((self.pricer.codes(self.Value), cost))


class Planner:
    """Everyone's row and own penalty, the covers' headcounts, and the one-person pricers
    (Pricer) that plan a person against the others."""

    def __init__(self, m: RosterModel, pool: ThreadPoolExecutor, workers: int, seconds_each: float,
                 seed: int = 0, pricers: list | None = None, profile=None):
        self.pass_gain = PASS_GAIN if profile is None else profile.pass_gain
        inst = m.instance
        self.m, self.pool, self.seconds_each, self.seed = m, pool, seconds_each, seed
        self.n = len(inst.people)
        self.workers = max(1, workers)
        self.pricers = pricers or one_person_pricers(m, pool=pool)
        self.covers = _Covers(m)
        self.rows: dict[int, tuple] = {}
        self.own: dict[int, int] = {}
        self.priced, self.pricing_s = 0, 0.0        # pricing solves so far and their time

    def plan(self, p: int, worth: dict) -> tuple[tuple, int] | None:
        """p's best row found against `worth` (the covers without p): (codes, own penalty)."""
        dual = {place: int(round(SCALE * v)) for place, v in worth.items()}
        started = time.monotonic()
        found, _ = self.pricers[p].price(dual, self.seed + p, self.seconds_each)
        self.priced, self.pricing_s = self.priced + 1, self.pricing_s + time.monotonic() - started
        return min(found, key=lambda f: score(f[0], f[1], worth)) if found else None

    def place(self, p: int, codes: tuple, own: int) -> None:
        if p in self.rows:
            self.covers.move(p, self.rows[p], -1)
        self.rows[p], self.own[p] = codes, own
        self.covers.move(p, codes, +1)

    def total(self) -> float:
        return sum(self.own.values()) + self.covers.cost()

    def build(self, until: float) -> bool:
        """Everyone planned in turn, `workers` people at a time against the covers as they stand;
        False when someone has no row or the time is up first."""
        for first in range(0, self.n, self.workers):
            if time.monotonic() >= until:
                return False
            batch = [p for p in range(first, min(self.n, first + self.workers)) if p not in self.rows]
            worth = {p: self.covers.worth(p) for p in batch}
            for p, planned in zip(batch, self.pool.map(lambda p: self.plan(p, worth[p]), batch)):
                if planned is None:
                    return False
                self.place(p, *planned)
        return True

    def replan(self, until: float) -> None:
        """Passes of re-planning each person against all the others (`workers` at a time, each kept
        when the month, as it stands then, costs less) until a pass gains little or time is up."""
        order = list(range(self.n))
        while time.monotonic() < until:
            before = self.total()
            for first in range(0, len(order), self.workers):
                if time.monotonic() >= until:
                    break
                batch = order[first:first + self.workers]
                stale = {p: self._without(p) for p in batch}
                plans = self.pool.map(lambda p: self.plan(p, stale[p]), batch)
                for p, planned in zip(batch, plans):
                    if planned is None:
                        continue
                    worth = self._without(p)    # the covers as they stand now, p left out
                    if score(*planned, worth) < score(self.rows[p], self.own[p], worth) - 1e-9:
                        self.place(p, *planned)
            if before - self.total() <= self.pass_gain * max(1.0, abs(before)):
                break

    def _without(self, p: int) -> dict:
        self.covers.move(p, self.rows[p], -1)
        worth = self.covers.worth(p)
        self.covers.move(p, self.rows[p], +1)
        return worth

    def codes(self) -> dict[int, list[str]]:
        return {p: [s if s is not None else self.m.rest_code(p, d) for d, s in enumerate(codes)]
                for p, codes in self.rows.items()}


def score(codes: tuple, own: int, worth: dict) -> float:
    """A row's own penalty less what it takes off the covers."""
    return own - sum(worth.get((d, s), 0.0) for d, s in enumerate(codes) if s is not None)


def one_person_pricers(m: RosterModel, workers: int = 2, pool: ThreadPoolExecutor | None = None) -> list[Pricer]:
    """Everyone's one-person pricing model, built on `pool` or `workers` at a time."""
    if pool is not None:
        return list(pool.map(lambda p: Pricer(m.instance, p), range(len(m.instance.people))))
    with ThreadPoolExecutor(max(1, workers)) as own:
        return one_person_pricers(m, pool=own)


def person_by_person(m: RosterModel, seconds_each: float, budget, workers: int = 2, seed: int = 0,
               pricers: list[Pricer] | None = None) -> tuple[dict[int, list[str]] | None, float | None]:
    """Rows planned person by person against coverage, then re-planned (see the module docstring),
    or None when some person has no row keeping their own hard rules or the time runs out first;
    and the mean time of one person's solve (None: none was made). `pricers`: everyone's
    one-person models when already built (one_person_pricers)."""
    with ThreadPoolExecutor(max(1, workers)) as pool:
        planner = Planner(m, pool, workers, seconds_each, seed, pricers)
        until = budget.until()
        built = planner.build(until)
        if built:
            planner.replan(until)
    mean = planner.pricing_s / planner.priced if planner.priced else None
    return (planner.codes() if built else None), mean


def own_cost(pricer: Pricer, codes: tuple) -> int | None:
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
