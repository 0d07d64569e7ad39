"""Search on top of the roster model: large-neighbourhood search (LNS) and whole-model turns.

    result = improve(instance, SearchParams(time_limit_s=60, workers=2))

Works on any Instance and the product's own RosterModel (the same rule functions as roster.solve).
It starts from a first roster — in runs of 240 s and more over up to eight weeks where only
coverage ties people together (roster.dive.applies), rows planned person by person against the
covers (roster.cover_rows: Curtois 13 5,919 at 35 s where each person's best row alone costs
71,209); elsewhere each person's best row alone (both roster.first_rows) — then takes turns:
1. LNS: keep the best roster; repeatedly free a neighbourhood — some people over the whole horizon
   (their rows are re-planned against everyone else's coverage), a window of days for everyone, a
   window for some people (windows wrap around the horizon's end), every Saturday and Sunday (a
   few weekdays in a row) for everyone, or every weekend (two weekdays in a row) for everyone and a
   few people over the whole horizon besides (roster.neighbourhoods) — fix every other cell to the
   best roster, and re-solve that much smaller model from the best roster as a hint. A better roster
   replaces the best; the size of the neighbourhood adapts (grows when a sub-model is solved to
   optimality, shrinks when it times out). The turn ends when a share of the time passes without a
   better roster;
2. whole model: CP-SAT on everything from the best roster, with the LP-led pair of workers (it
   proves small instances optimal, gets close on medium ones, and gives the bound); it ends when it
   stalls, never before a least share of the whole time (nor before a first roster exists);
and so on until the time is up. Which turn goes first after the rows depends on the model's size
(WHOLE_FIRST_MOST_CELLS): on big models LNS gains far faster than the whole model (Curtois 19 at
300 s: 3,373 against 3,561–3,665 whole first), and once there is a roster the whole model takes no
more turns there (_whole_again); on small ones the whole model's LP mends the rows' coverage over
the whole horizon at once, where LNS crawls one neighbourhood at a time.
Where only coverage ties people together and the run has the time (COLUMN_TURN_LEAST_S), a
price-and-dive turn (roster.dive) follows the first turn: column generation, whose Lagrangian
bound is the search's bound, and a dive from its LP to a roster that LNS then polishes (Curtois 5
at 60 s: every run lands on the best known's number of uncovered places, against one in four
without the turn).
The result is a roster.solve.SolveResult read back through the same model (penalties in words).
"""
from __future__ import annotations

import math
import random
import sys
import threading
import time
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from roster.cover_rows import one_person_pricers
from roster.dive import applies, price_and_dive
from roster.first_rows import first_rows
from roster.instance import Assignment, Instance
from roster.model import RosterModel, add_person_bounds
from roster.neighbourhoods import Neighbourhoods
from roster.solve import (STATUS, SolveParams, SolveResult, StopWhenStalled, hint_complete, make_solver,
                          penalty_lines)
from roster.sub_models import SubModels


@dataclass
class SearchParams(SolveParams):
    whole_share: float = 0.2           # least share of the time for the whole-model solve
    stall_share: float = 0.03          # ... which goes on until this share passes without a gain
    sub_time_s: float = 2.0            # time limit of one LNS sub-model
    first_rows: bool = True            # start from a row for everyone (roster.first_rows)
    lns: bool = True
    # extra CP-SAT parameters (text format). Whole model: the LP-led portfolio (max_lp: linearization
    # level 2, core: objective cores) beats the default pair of workers on 2 cores by far (Curtois 5:
    # 1147 vs 1359 in 60 s). Sub-models: linearization 2 closes a 4-person Curtois 5 sub-model in
    # 0.1 s where the default times out at 5 s.
    whole_parameters: str = 'subsolvers: "max_lp" subsolvers: "core"'
    sub_parameters: str = "linearization_level: 2"
    # a price-and-dive turn where it applies (roster.dive) and the time allows (COLUMN_TURN_LEAST_S).
    # Measured on Curtois at 300 s (2 cores): 15 3,895-4,185 over four seeds against 4,490 without
    # it, 17 5,758-5,774, 13 1,977-2,070 against 2,241; 19 3,614-3,683 against 3,489 (its LP does
    # not settle: the time spent is lost; not over 84 days since, see LONG_RUN_MOST_DAYS)
    columns: bool = True


# The price-and-dive turn's LP settles in 10-25 s on four-week months of 16-50 people (Curtois 5,
# 7, 9, 11) and in ~120 s on Curtois 15 (45 people, more shift types); the turn itself gives up when
# its first round says the LP will not settle in the time (roster.dive). Below this limit the LNS
# turns have the time to themselves. Measured at 60 s (2 cores, seeds 0-3, the benchmark's table
# runs) with the turn against without: 5 1,143-1,154 against 1,145-1,239 (four runs within 1 % of
# the best known against one), 7 1,059-1,064 against 1,061-1,067, 9 439-442 against 441-454 (with
# CHECK_SHARE 2/3 there), 11 3,443 in all four against 3,444-3,549; 1 and 3 optimal either way.
COLUMN_TURN_LEAST_S = 30.0
# planning the first rows against coverage (roster.first_rows) needs this much time; it pays where
# LNS would spend minutes covering the days; in one-minute runs it was no better (Curtois at 60 s,
# one run: 5 1,144, 7 1,068, 9 454, 11 3,453 with it; 1,152, 1,063, 443, 3,454 without; seeds 0-3
# later: 9 443-455 against 442-454)
COVER_ROWS_LEAST_S = 240.0
# Both long-run turns build a one-person model per person; over a long horizon that alone takes
# minutes (Curtois 23, 100 people over 364 days: no roster at all within 600 s with them,
# 263,197 without on the earlier machine; 21, 182 days: 22,917 with them, 21,497 without). Over
# twelve weeks they lose even where they fit: the column LP does not settle in the time (19, 84
# days: its Lagrangian bound -16,253 against an LP of 4,881 when the turn gives up) and LNS from
# the rows planned against coverage stalls higher (19: 3,775 against 3,358 from each person's best
# row alone, LNS only both). So only up to eight weeks (Curtois 13, 15 and 17: 28, 42, 56 days).
LONG_RUN_MOST_DAYS = 56
# Of the time, at most, before the price-and-dive turn: the whole model on small models
# (WHOLE_FIRST_MOST_CELLS; it proves Curtois 3 optimal in 2-4 s: 8-12 s with LNS first, 5-13 s
# when the whole model stopped at its first stall), LNS on the others.
FIRST_TURN_SHARE = 0.1
# Up to this many work cells (person, day, shift) the whole model takes the first turn after the
# rows (before a price-and-dive turn too; after it LNS goes first, see improve). Measured at 60 s
# (2 cores), whole first against LNS first: Curtois 7 (1,560 cells) 1,060-1,065 against
# 1,068-1,172 (seeds 0-3; all four runs within 1 % of the best known against none); 9 (3,744
# cells) 440-451, median 445.5, against 442-543, median 453 (seeds 0-7; three runs within 1 %
# against one; LNS's first turn took 17-32 s from the rows' 15,000 to ~560, where the whole model
# is at ~550 in 11 s); 5 (832 cells) 1,145-1,239 against 1,239-1,250; 11 (7,800 cells) three of
# five runs within 1 % either way. 19 (15,200 cells) is faster with LNS first (see the module
# docstring).
WHOLE_FIRST_MOST_CELLS = 10_000


class Incumbent:
    """The best roster so far: the full variable vector and the solver whose response holds it."""

    def __init__(self, solver: cp_model.CpSolver, m: RosterModel):
        self.objective = None
        self.take_if_better(solver, m)

    def take_if_better(self, solver: cp_model.CpSolver, m: RosterModel) -> bool:
        # the roster's own cost (what penalty_lines reports), not CP-SAT's ObjectiveValue(), which
        # may sit a little above it (see roster.solve.run)
        lines = penalty_lines(m, solver)
        objective = sum(line.amount for line in lines)
        if self.objective is not None and objective >= self.objective:
            return False
        self.solver, self.objective = solver, objective
        self.values = list(solver.response_proto.solution)
        # where the roster still costs something: neighbourhoods are drawn around these days
        self.costly_days = sorted({line.day for line in lines if line.day is not None})
        return True


def improve(instance: Instance, params: SearchParams | None = None) -> SolveResult:
    """The best roster found within params.time_limit_s (LNS and whole-model turns, see the module
    docstring)."""
    params = params or SearchParams()
    started = time.monotonic()
    deadline = started + params.time_limit_s
    say = _reporter(params, started)

    m = RosterModel(instance)
    if params.person_bounds and instance.people:
        per_person = min(0.5, 0.05 * params.time_limit_s / len(instance.people))
        if per_person >= 0.02:
            add_person_bounds(m, per_person, params.seed)

    rows_best, price_s = None, None
    subs = SubModels(m)
    # both long-run turns price people with the same one-person models: built once for both
    pricers = (one_person_pricers(m, params.workers) if params.lns and instance.people
               and _long_run(m, params, min(COVER_ROWS_LEAST_S, COLUMN_TURN_LEAST_S)) else None)
    if params.first_rows and instance.people:
        against_cover = pricers is not None and _long_run(m, params, COVER_ROWS_LEAST_S)
        rows, price_s = first_rows(m, params, started, deadline, pricers if against_cover else None)
        if len(rows) == len(instance.people) and params.lns:
            rows_best = _rows_roster(subs, rows, params, deadline)
        if params.log_progress is True:
            cost = "no valid roster" if rows_best is None else f"penalty {rows_best.objective}"
            print(f"{time.monotonic() - started:7.1f}s  rows  of {len(rows)}/{len(instance.people)} "
                  f"people: {cost}", file=sys.stderr, flush=True)

    search = _Search(m, params, deadline, say, subs, rows_best, price_s, pricers)
    dived = params.columns and _long_run(m, params, COLUMN_TURN_LEAST_S)
    if dived:
        if rows_best is not None:          # a first turn gives the columns a better start ...
            first_until = started + FIRST_TURN_SHARE * params.time_limit_s
            if _whole_first(m):             # ... and may close a small model before they are needed
                search.whole(float("inf"), until=first_until)      # no stop at a stall: it proves
            else:
                search.lns(until=first_until)
        if not search.done():
            search.columns(started)
    # turns: the whole model from the best roster (it proves small instances optimal, gets close on
    # medium ones, and gives the bound) until it stalls, but not before a least share of the whole
    # time has passed; LNS until it stalls; and so on until the time is up. With a roster from the
    # rows LNS goes first on big models and after a price-and-dive turn (_whole_first); on big
    # models the whole model comes back only while there is no roster (_whole_again)
    whole_turn = rows_best is None or not params.lns or (not dived and _whole_first(m))
    while not search.done():
        if not whole_turn:
            search.lns()
        elif not search.whole(params.whole_share * params.time_limit_s - (time.monotonic() - started)):
            break                           # optimal, infeasible, or no LNS to go on with
        whole_turn = search.best is None or (not whole_turn and _whole_again(m))
    if params.log_progress is True:
        print(f"LNS: {search.hoods.summary()}", file=sys.stderr, flush=True)
    return search.result(started)


class _Search:
    """The alternating search of improve(): the best roster, the bound, LNS and whole-model turns."""

    def __init__(self, m: RosterModel, params: SearchParams, deadline: float, say, subs: SubModels,
                 best: Incumbent | None, price_s: float | None = None, pricers: list | None = None):
        self.m, self.params, self.deadline, self.say = m, params, deadline, say
        self.best = best
        self.bound = float("-inf")
        self.status = None                  # of the last whole-model turn that settled the search
        # the crosses only where the whole model takes no turns (see _whole_again): on small models
        # its turns move work between weekends and weekdays over the whole horizon at once. (With
        # them there, Curtois 5 at 60 s gave 1,143 and 1,233 over seeds 0-1, against 1,143 and
        # 1,147 without — but 1,236 and 1,143 without in a later run: within 5's spread.)
        self.hoods = Neighbourhoods(m.instance, random.Random(params.seed), cross=not _whole_first(m))
        self.seed = params.seed
        self.lock = threading.Lock()
        self.last_gain = time.monotonic()   # of the LNS turn under way
        self.solver = None                  # the whole-model solver that settled the search
        self.price_s = price_s              # one person's pricing solve, as measured by the first rows
        self.pricers = pricers              # everyone's one-person models, when built for the long run
        self.subs = subs                    # the LNS sub-models

    def done(self) -> bool:
        return self.status is not None or time.monotonic() >= self.deadline - 0.2 or self.closed_enough()

    def closed_enough(self) -> bool:
        return (self.best is not None and
                self.best.objective - self.bound <= self.params.relative_gap * max(1, self.best.objective) + 1e-6)

    def whole(self, least_s: float, until: float | None = None) -> bool:
        """A whole-model turn from the best roster until it stalls (or until `until`); False when
        the search is over."""
        params, m = self.params, self.m
        if self.best is not None:
            hint_complete(m.model, range(len(self.best.values)), self.best.values)
        end = self.deadline if until is None else min(until, self.deadline)
        solver = _solver(params, end - time.monotonic(), params.whole_parameters)
        watch = StopWhenStalled(least_s if params.lns else float("inf"), params.stall_share * params.time_limit_s,
                                lambda obj, bound: self.say("whole", obj, bound), have_roster=self.best is not None)
        watch.watch(solver)
        code = solver.Solve(m.model, watch)
        watch.close()
        status = STATUS[code]
        if status in ("OPTIMAL", "FEASIBLE"):
            self.bound = max(self.bound, solver.BestObjectiveBound())
            if self.best is None:
                self.best = Incumbent(solver, m)
            else:
                self.best.take_if_better(solver, m)
        if status == "OPTIMAL" or status == "INFEASIBLE":
            self.status = status
            self.solver = solver
            return False
        return params.lns                   # LNS next (or, with no roster yet, another whole turn)

    def columns(self, started: float) -> None:
        """A price-and-dive turn (roster.dive): its roster replaces the best when it is better."""
        start = _codes(self.m, self.best.values) if self.best is not None else None
        note = (lambda words: print(f"{time.monotonic() - started:7.1f}s  {words}", file=sys.stderr, flush=True)
                if self.params.log_progress is True else None)
        rows, bound = price_and_dive(self.m, start, self.deadline, self.params.workers, self.seed, note,
                                     price_s=self.price_s, pricers=self.pricers)
        if math.isfinite(bound) and bound > 0:      # penalties are never negative: a bound <= 0 says nothing
            self.bound = max(self.bound, math.ceil(bound - 1e-4))
        if rows is None or len(rows) < len(self.m.instance.people):
            return
        found = _rows_roster(self.subs, rows, self.params, self.deadline)
        if found is not None and (self.best is None or found.objective < self.best.objective):
            self.best = found
            self.say("dive", found.objective, self.bound)

    def lns(self, until: float | None = None) -> None:
        """An LNS turn on every worker until it stalls (a stall share of the time without a gain),
        or until `until`."""
        stall_s = self.params.stall_share * self.params.time_limit_s
        self.last_gain = time.monotonic()
        end = self.deadline - 0.2 if until is None else min(until, self.deadline - 0.2)

        def go_on() -> bool:
            now = time.monotonic()
            return now < end and now - self.last_gain < stall_s and not self.closed_enough()

        def worker(seed: int) -> None:
            # one sub-model at a time per worker, one CP-SAT thread each: small models gain nothing
            # from a portfolio, and the workers' sub-models run side by side
            params, m, best, hoods = self.params, self.m, self.best, self.hoods
            while go_on():
                with self.lock:
                    kind, people, days, whole = hoods.draw(best.costly_days)
                    sub = self.subs.free(best.values, people, days, whole)
                budget = min(params.sub_time_s, self.deadline - time.monotonic())
                sub_solver = _solver(replace(params, workers=1, seed=seed), budget, params.sub_parameters)
                code = sub_solver.Solve(sub)
                with self.lock:
                    better = (code in (cp_model.OPTIMAL, cp_model.FEASIBLE)
                              and sub_solver.ObjectiveValue() < best.objective + 0.5
                              and best.take_if_better(sub_solver, m))
                    hoods.feedback(kind, code == cp_model.OPTIMAL, better)
                    if code == cp_model.OPTIMAL and len(people) == hoods.n_people and len(days) == hoods.n_days:
                        # nothing was fixed: the sub-model was the whole model, its optimum is a bound
                        self.bound = max(self.bound, sub_solver.BestObjectiveBound())
                    if better:
                        self.last_gain = time.monotonic()
                        self.say(kind, best.objective, self.bound)
                seed += 1000

        threads = [threading.Thread(target=worker, args=(self.seed + i,)) for i in range(max(1, self.params.workers))]
        self.seed += 100_000
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    def result(self, started: float) -> SolveResult:
        if self.status == "INFEASIBLE" or self.best is None:
            return _result(self.m, self.status or "UNKNOWN", None, None, started)
        if self.status == "OPTIMAL":        # proven by the whole model: its roster is the best
            return _result(self.m, "OPTIMAL", self.solver, self.bound, started)
        final = "OPTIMAL" if self.best.objective <= self.bound else "FEASIBLE"
        return _result(self.m, final, self.best.solver, self.bound, started)


def _rows_roster(subs: SubModels, rows: dict[int, list[str]], params: SearchParams,
                 deadline: float) -> Incumbent | None:
    """The whole model with every cell fixed to the rows: their roster, scored, or None."""
    m = subs.m
    values = [0] * len(m.model.proto.variables)
    for (p, d), on in m.on.items():
        values[on.index] = int(rows[p][d] in m.shift_ids)
        for s in m.shift_ids:
            if (p, d, s) in m.work:
                values[m.work[p, d, s].index] = int(rows[p][d] == s)
    sub = subs.free(values, set(), ())
    solver = _solver(replace(params, workers=1), min(60.0, deadline - time.monotonic()), "")
    if solver.Solve(sub) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return Incumbent(solver, m)


def _long_run(m: RosterModel, params: SearchParams, least_s: float) -> bool:
    """A long-run turn (cover rows, price and dive) fits: time enough, a horizon short enough, and
    only coverage tying people together."""
    return params.time_limit_s >= least_s and m.instance.n_days <= LONG_RUN_MOST_DAYS and applies(m)


def _whole_first(m: RosterModel) -> bool:
    """The whole model takes the first turn: a model small enough for its LP to mend the first
    rows' coverage faster than LNS (WHOLE_FIRST_MOST_CELLS)."""
    return len(m.work) <= WHOLE_FIRST_MOST_CELLS


def _whole_again(m: RosterModel) -> bool:
    """After an LNS turn that stalled, the whole model takes a turn again: only on small models
    (WHOLE_FIRST_MOST_CELLS). On big ones its turns gained little and took the time of two stalls
    each at least, where LNS goes on gaining after a stall. Measured at 300 s (2 cores), LNS alone
    after the first turn against the turns taken in alternation: Curtois 13 1,993 and 2,033
    against 2,142-2,215 (seed 0); 19 3,330-3,559 (seeds 0-2) against 3,532-3,649 (seeds 0, 1),
    but 4,052 in another run of seed 0 - 19's spread from run to run is wider than the change."""
    return _whole_first(m)


def _codes(m: RosterModel, values: list[int]) -> Assignment:
    """The roster (codes only) of a full variable vector."""
    inst = m.instance
    codes = [[next((s for s in m.shift_ids if (p, d, s) in m.work and values[m.work[p, d, s].Index()]),
                   m.rest_code(p, d)) for d in range(inst.n_days)] for p in range(len(inst.people))]
    return Assignment(codes, [[] for _ in range(inst.n_days)])


def _solver(params: SearchParams, seconds: float, extra: str) -> cp_model.CpSolver:
    solver = make_solver(replace(params, time_limit_s=max(0.1, seconds)))
    if extra:
        solver.parameters.merge_text_format(extra)
    return solver


def _result(m: RosterModel, status: str, solver: cp_model.CpSolver | None, bound: float | None,
            started: float) -> SolveResult:
    wall = time.monotonic() - started
    if solver is None:
        return SolveResult(status, None, None, bound, None, wall)
    lines = penalty_lines(m, solver)
    objective = sum(line.amount for line in lines)
    if bound is None or bound == float("-inf"):
        bound, gap = None, None
    else:
        gap = 0.0 if status == "OPTIMAL" else (objective - bound) / max(1, abs(objective))
    return SolveResult(status, m.assignment(solver), objective, bound, gap, wall, lines)


def _reporter(params: SolveParams, started: float):
    def say(stage: str, objective: float, bound: float) -> None:
        if params.log_progress is True:
            print(f"{time.monotonic() - started:7.1f}s  {stage:<6} best penalty {objective:.0f}  "
                  f"bound {bound:.0f}", file=sys.stderr, flush=True)
        elif callable(params.log_progress):
            params.log_progress(time.monotonic() - started, objective, bound)
    return say
