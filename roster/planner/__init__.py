"""The planner: one typed entry behind every roster (roster solve, roster repair, the web pages,
the scale and Curtois benchmarks).

    from roster.planner import Budget, SolverProfile, plan
    result = plan(instance, Budget(20), SolverProfile(seed=1), progress=callback)

Layout: budget (time), profile (every tunable), progress (what the callback gets), result (Plan),
problem, strategy (the interface), portfolio (which strategy, by the instance's shape), the
strategies patterns_first, groups, neighbourhood_search, whole_model, and their parts: cp_sat
(solvers and read-back), first_schedules, person_by_person, price_and_dive, sub_models,
neighbourhoods. Bounds are in roster.bounds. docs/planner.md explains each.
"""
from roster.planner.budget import Budget
from roster.planner.plan import plan
from roster.planner.profile import SolverProfile
from roster.planner.progress import Progress
from roster.planner.result import Plan

__all__ = ["Budget", "Plan", "Progress", "SolverProfile", "plan"]
