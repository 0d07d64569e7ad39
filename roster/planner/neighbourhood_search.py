"""Search on top of the roster model: large-neighbourhood search (LNS) and whole-model turns.

    plan = NeighbourhoodSearch().run(problem, Budget(60))

Works on any Instance and the product's own RosterModel (the same rule functions as every strategy).
It starts from a first roster — in runs of 240 s and more over up to eight weeks where only
coverage ties people together (roster.planner.price_and_dive.applies), rows planned person by person against the
covers (roster.person_by_person: Curtois 13 5,919 at 35 s where each person's best row alone costs
71,209); elsewhere each person's best row alone (both roster.first_schedules) — then takes turns:
1. LNS: keep the best roster; repeatedly free a neighbourhood — some people over the whole horizon
   (their rows are re-planned against everyone else's coverage), a window of days for everyone, a
   window for some people (windows wrap around the horizon's end), every Saturday and Sunday (a
   few weekdays in a row) for everyone, or every weekend (two weekdays in a row) for everyone and a
   few people over the whole horizon besides (roster.planner.neighbourhoods) — fix every other cell to the
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
price-and-dive turn (roster.planner.price_and_dive) follows the first turn: column generation, whose Lagrangian
bound is the search's bound, and a dive from its LP to a roster that LNS then polishes (Curtois 5
at 60 s: every run lands on the best known's number of uncovered places, against one in four
without the turn).
The result is a roster.planner.result.Plan read back through the same model (penalties in words).
"""
from __future__ import annotations

import math
import random
import threading
import time

from ortools.sat.python import cp_model

from roster.instance import Assignment
from roster.model import RosterModel, add_person_bounds
from roster.planner.budget import Budget
from roster.planner.cp_sat import STATUS, LP_LED, StopWhenStalled, hint_complete, penalty_lines, solver_for
from roster.planner.first_schedules import first_schedules
from roster.planner.neighbourhoods import Neighbourhoods
from roster.planner.person_by_person import one_person_pricers
from roster.planner.price_and_dive import applies, price_and_dive
from roster.planner.problem import Problem
from roster.planner.profile import SolverProfile
from roster.planner.result import Plan
from roster.planner.sub_models import SubModels

# Extra CP-SAT parameters (text format). Whole model: the LP-led portfolio (max_lp: linearization
# level 2, core: objective cores) beats the default pair of workers on 2 cores by far (Curtois 5:
# 1147 vs 1359 in 60 s). Sub-models: linearization 2 closes a 4-person Curtois 5 sub-model in
# 0.1 s where the default times out at 5 s.
WHOLE_PARAMETERS = LP_LED[2]
SUB_PARAMETERS = "linearization_level: 2"
# A price-and-dive turn where it applies (roster.planner.price_and_dive) and the time allows
# (profile.price_and_dive_least_s). Measured on Curtois at 300 s (2 cores): 15 3,895-4,185 over four
# seeds against 4,490 without it, 17 5,758-5,774, 13 1,977-2,070 against 2,241; 19 3,614-3,683
# against 3,489 (its LP does not settle: the time spent is lost; not over 84 days since, see
# profile.long_run_most_days).

# The price-and-dive turn's LP settles in 10-25 s on four-week months of 16-50 people (Curtois 5,
# 7, 9, 11) and in ~120 s on Curtois 15 (45 people, more shift types); the turn itself gives up when
# its first round says the LP will not settle in the time (roster.planner.price_and_dive). Below this limit the LNS
# turns have the time to themselves. Measured at 60 s (2 cores, seeds 0-3, the benchmark's table
# runs) with the turn against without: 5 1,143-1,154 against 1,145-1,239 (four runs within 1 % of
# the best known against one), 7 1,059-1,064 against 1,061-1,067, 9 439-442 against 441-454 (with
# CHECK_SHARE 2/3 there), 11 3,443 in all four against 3,444-3,549; 1 and 3 optimal either way.
# (profile.price_and_dive_least_s = 30)
# planning the first rows against coverage (roster.first_schedules) needs this much time; it pays where
# LNS would spend minutes covering the days; in one-minute runs it was no better (Curtois at 60 s,
# one run: 5 1,144, 7 1,068, 9 454, 11 3,453 with it; 1,152, 1,063, 443, 3,454 without; seeds 0-3
# later: 9 443-455 against 442-454)
# (profile.person_by_person_least_s = 240)
# Both long-run turns build a one-person model per person; over a long horizon that alone takes
# minutes (Curtois 23, 100 people over 364 days: no roster at all within 600 s with them,
# 263,197 without on the earlier machine; 21, 182 days: 22,917 with them, 21,497 without). Over
# twelve weeks they lose even where they fit: the column LP does not settle in the time (19, 84
# days: its Lagrangian bound -16,253 against an LP of 4,881 when the turn gives up) and LNS from
# the rows planned against coverage stalls higher (19: 3,775 against 3,358 from each person's best
# row alone, LNS only both). So only up to eight weeks (Curtois 13, 15 and 17: 28, 42, 56 days).
# (profile.long_run_most_days = 56)
# Of the time, at most, before the price-and-dive turn: the whole model on small models
# (WHOLE_FIRST_MOST_CELLS; it proves Curtois 3 optimal in 2-4 s: 8-12 s with LNS first, 5-13 s
# when the whole model stopped at its first stall), LNS on the others.
# (profile.first_turn_share = 0.1)
# Up to this many work cells (person, day, shift) the whole model takes the first turn after the
# rows (before a price-and-dive turn too; after it LNS goes first, see improve). Measured at 60 s
# (2 cores), whole first against LNS first: Curtois 7 (1,560 cells) 1,060-1,065 against
# 1,068-1,172 (seeds 0-3; all four runs within 1 % of the best known against none); 9 (3,744
# cells) 440-451, median 445.5, against 442-543, median 453 (seeds 0-7; three runs within 1 %
# against one; LNS's first turn took 17-32 s from the rows' 15,000 to ~560, where the whole model
# is at ~550 in 11 s); 5 (832 cells) 1,145-1,239 against 1,239-1,250; 11 (7,800 cells) three of
# five runs within 1 % either way. 19 (15,200 cells) is faster with LNS first (see the module
# docstring).
# (profile.whole_first_most_cells = 10,000)


class Incumbent:
    """The best roster so far: the full variable vector and the solver whose response holds it."""

    def __init__(self, solver: cp_model.CpSolver, m: RosterModel):
        self.objective = None
        self.take_if_better(solver, m)

    def take_if_better(self, solver: cp_model.CpSolver, m: RosterModel) -> bool:
        # the roster's own cost (what penalty_lines reports), not CP-SAT's ObjectiveValue(), which
        # may sit a little above it (see roster.planner.cp_sat.read_back)
        lines = penalty_lines(m, solver)
        objective = sum(line.amount for line in lines)
        if self.objective is not None and objective >= self.objective:
            return False
        self.solver, self.objective = solver, objective
        self.values = list(solver.response_proto.solution)
        # where the roster still costs something: neighbourhoods are drawn around these days
        self.costly_days = sorted({line.day for line in lines if line.day is not None})
        return True


class NeighbourhoodSearch:
    """LNS and whole-model turns from first schedules (see the module docstring)."""
    name = "neighbourhood search"

    def run(self, problem: Problem, budget: Budget, incumbent: Plan | None = None) -> Plan:
        return improve(problem, budget)


def improve(problem: Problem, budget: Budget) -> Plan:
    """The best roster found within the budget (LNS and whole-model turns, see the module docstring)."""
    instance, profile, report = problem.instance, problem.profile, problem.report
    m = RosterModel(instance, rules=problem.rules)
    if profile.person_bounds and instance.people:
        per_person = min(0.5, 0.05 * budget.seconds / len(instance.people))
        if per_person >= 0.02:
            add_person_bounds(m, per_person, profile.seed)

    first_best, price_s = None, None
    subs = SubModels(m)
    # both long-run turns price people with the same one-person models: built once for both
    pricers = (one_person_pricers(m, profile.threads) if instance.people
               and _long_run(m, profile, budget, min(profile.person_by_person_least_s,
                                                     profile.price_and_dive_least_s)) else None)
    if instance.people:
        against_cover = pricers is not None and _long_run(m, profile, budget, profile.person_by_person_least_s)
        schedules, price_s = first_schedules(m, profile, budget, pricers if against_cover else None)
        if len(schedules) == len(instance.people):
            first_best = _schedules_roster(subs, schedules, profile, budget)
        cost = "无" if first_best is None else f"扣分 {first_best.objective}"
        report(f"每人的第一份排班（{len(schedules)}/{len(instance.people)} 人）：{cost}",
               None if first_best is None else first_best.objective, step="first")

    search = _Search(m, profile, budget, report, subs, first_best, price_s, pricers)
    dived = _long_run(m, profile, budget, profile.price_and_dive_least_s)
    if dived:
        if first_best is not None:          # a first turn gives the columns a better start ...
            first_turn = budget.most(profile.first_turn_share * budget.seconds - budget.spent())
            if _whole_first(m, profile):   # ... and may close a small model before they are needed
                search.whole(None, until=first_turn)      # no stop at a stall: it proves
            else:
                search.lns(until=first_turn)
        if not search.done():
            search.columns()
    # turns: the whole model from the best roster (it proves small instances optimal, gets close on
    # medium ones, and gives the bound) until it stalls, but not before a least share of the whole
    # time has passed; LNS until it stalls; and so on until the time is up. With a roster from the
    # first schedules LNS goes first on big models and after a price-and-dive turn (_whole_first); on
    # big models the whole model comes back only while there is no roster (_whole_again)
    whole_turn = first_best is None or (not dived and _whole_first(m, profile))
    while not search.done():
        if not whole_turn:
            search.lns()
        elif not search.whole(budget.most(profile.whole_share * budget.seconds - budget.spent())):
            break                           # optimal or infeasible
        whole_turn = search.best is None or (not whole_turn and _whole_again(m, profile))
    report(f"LNS: {search.hoods.summary()}", step="lns")
    return search.result(budget)


class _Search:
    """The alternating search of improve(): the best roster, the bound, LNS and whole-model turns."""

    def __init__(self, m: RosterModel, profile: SolverProfile, budget: Budget, report, subs: SubModels,
                 best: Incumbent | None, price_s: float | None = None, pricers: list | None = None):
        self.m, self.profile, self.budget, self.report = m, profile, budget, report
        self.best = best
        self.bound = float("-inf")
        self.status = None                  # of the last whole-model turn that settled the search
        # the crosses only where the whole model takes no turns (see _whole_again): on small models
        # its turns move work between weekends and weekdays over the whole horizon at once. (With
        # them there, Curtois 5 at 60 s gave 1,143 and 1,233 over seeds 0-1, against 1,143 and
        # 1,147 without — but 1,236 and 1,143 without in a later run: within 5's spread.)
        self.hoods = Neighbourhoods(m.instance, random.Random(profile.seed), cross=not _whole_first(m, profile),
                                    first_cells=profile.lns_first_cells, stuck_draws=profile.lns_stuck_draws)
        self.seed = profile.seed
        self.lock = threading.Lock()
        self.last_gain = time.monotonic()   # of the LNS turn under way
        self.solver = None                  # the whole-model solver that settled the search
        self.price_s = price_s              # one person's pricing solve, as measured by the first schedules
        self.pricers = pricers              # everyone's one-person models, when built for the long run
        self.subs = subs                    # the LNS sub-models

    def say(self, step: str, objective: float) -> None:
        self.report.improved(step, objective, self.bound)

    def done(self) -> bool:
        return self.status is not None or self.budget.left() <= 0.2 or self.closed_enough()

    def closed_enough(self) -> bool:
        return (self.best is not None and
                self.best.objective - self.bound <= self.profile.relative_gap * max(1, self.best.objective) + 1e-6)

    def whole(self, least: Budget | None, until: Budget | None = None) -> bool:
        """A whole-model turn from the best roster until it stalls, but not before `least` is spent
        (None: no stop at a stall), or until `until` ends; False when the search is over."""
        profile, m = self.profile, self.m
        if self.best is not None:
            hint_complete(m.model, range(len(self.best.values)), self.best.values)
        part = self.budget.rest() if until is None else until
        solver = solver_for(profile, part, WHOLE_PARAMETERS)
        watch = StopWhenStalled(least, profile.stall_share * self.budget.seconds,
                                lambda obj, bound: self.report.improved("whole", obj, bound),
                                have_roster=self.best is not None)
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
        return True                         # LNS next (or, with no roster yet, another whole turn)

    def columns(self) -> None:
        """A price-and-dive turn (roster.planner.price_and_dive): its roster replaces the best when better."""
        start = _codes(self.m, self.best.values) if self.best is not None else None
        note = None if self.report.quiet else (lambda words: self.report(words, step="dive"))
        schedules, bound = price_and_dive(self.m, start, self.budget, self.profile, note,
                                          price_s=self.price_s, pricers=self.pricers)
        if math.isfinite(bound) and bound > 0:      # penalties are never negative: a bound <= 0 says nothing
            self.bound = max(self.bound, math.ceil(bound - 1e-4))
        if schedules is None or len(schedules) < len(self.m.instance.people):
            return
        found = _schedules_roster(self.subs, schedules, self.profile, self.budget)
        if found is not None and (self.best is None or found.objective < self.best.objective):
            self.best = found
            self.say("dive", found.objective)

    def lns(self, until: Budget | None = None) -> None:
        """An LNS turn on every worker until it stalls (a stall share of the time without a gain),
        or until `until` ends."""
        stall_s = self.profile.stall_share * self.budget.seconds
        self.last_gain = time.monotonic()
        end = self.budget.until() - 0.2 if until is None else min(until.until(), self.budget.until() - 0.2)

        def go_on() -> bool:
            now = time.monotonic()
            return now < end and now - self.last_gain < stall_s and not self.closed_enough()

        def worker(seed: int) -> None:
            # one sub-model at a time per worker, one CP-SAT thread each: small models gain nothing
            # from a portfolio, and the workers' sub-models run side by side
            profile, m, best, hoods = self.profile, self.m, self.best, self.hoods
            while go_on():
                with self.lock:
                    kind, people, days, whole = hoods.draw(best.costly_days)
                    sub = self.subs.free(best.values, people, days, whole)
                sub_solver = solver_for(profile, self.budget.most(profile.lns_sub_s), SUB_PARAMETERS,
                                        threads=1, seed=seed)
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
                        self.say(kind, best.objective)
                seed += 1000

        threads = [threading.Thread(target=worker, args=(self.seed + i,)) for i in range(self.profile.threads)]
        self.seed += 100_000
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    def result(self, budget: Budget) -> Plan:
        if self.status == "INFEASIBLE" or self.best is None:
            return _result(self.m, self.status or "UNKNOWN", None, None, budget)
        if self.status == "OPTIMAL":        # proven by the whole model: its roster is the best
            return _result(self.m, "OPTIMAL", self.solver, self.bound, budget)
        final = "OPTIMAL" if self.best.objective <= self.bound else "FEASIBLE"
        return _result(self.m, final, self.best.solver, self.bound, budget)


def _schedules_roster(subs: SubModels, schedules: dict[int, list[str]], profile: SolverProfile,
                      budget: Budget) -> Incumbent | None:
    """The whole model with every cell fixed to the schedules: their roster, scored, or None."""
    m = subs.m
    values = [0] * len(m.model.proto.variables)
    for (p, d), on in m.on.items():
        values[on.index] = int(schedules[p][d] in m.shift_ids)
        for s in m.shift_ids:
            if (p, d, s) in m.work:
                values[m.work[p, d, s].index] = int(schedules[p][d] == s)
    sub = subs.free(values, set(), ())
    solver = solver_for(profile, budget.most(60.0), threads=1)
    if solver.Solve(sub) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return Incumbent(solver, m)


def _long_run(m: RosterModel, profile: SolverProfile, budget: Budget, least_s: float) -> bool:
    """A long-run turn (first schedules against coverage, price and dive) fits: time enough, a
    horizon short enough, and only coverage tying people together."""
    return budget.seconds >= least_s and m.instance.n_days <= profile.long_run_most_days and applies(m)


def _whole_first(m: RosterModel, profile: SolverProfile) -> bool:
    """The whole model takes the first turn: a model small enough for its LP to mend the first
    schedules' coverage faster than LNS (profile.whole_first_most_cells)."""
    return len(m.work) <= profile.whole_first_most_cells


def _whole_again(m: RosterModel, profile: SolverProfile) -> bool:
    """After an LNS turn that stalled, the whole model takes a turn again: only on small models
    (profile.whole_first_most_cells). On big ones its turns gained little and took the time of two
    stalls each at least, where LNS goes on gaining after a stall. Measured at 300 s (2 cores), LNS
    alone after the first turn against the turns taken in alternation: Curtois 13 1,993 and 2,033
    against 2,142-2,215 (seed 0); 19 3,330-3,559 (seeds 0-2) against 3,532-3,649 (seeds 0, 1),
    but 4,052 in another run of seed 0 - 19's spread from run to run is wider than the change."""
    return _whole_first(m, profile)


def _codes(m: RosterModel, values: list[int]) -> Assignment:
    """The roster (codes only) of a full variable vector."""
    inst = m.instance
    codes = [[next((s for s in m.shift_ids if (p, d, s) in m.work and values[m.work[p, d, s].Index()]),
                   m.rest_code(p, d)) for d in range(inst.n_days)] for p in range(len(inst.people))]
    return Assignment(codes, [[] for _ in range(inst.n_days)])


def _result(m: RosterModel, status: str, solver: cp_model.CpSolver | None, bound: float | None,
            budget: Budget) -> Plan:
    wall = budget.spent()
    if solver is None:
        return Plan(status, None, None, bound, None, wall)
    lines = penalty_lines(m, solver)
    objective = sum(line.amount for line in lines)
    if bound is None or bound == float("-inf"):
        bound, gap = None, None
    else:
        gap = 0.0 if status == "OPTIMAL" else (objective - bound) / max(1, abs(objective))
    return Plan(status, m.assignment(solver), objective, bound, gap, wall, lines)
