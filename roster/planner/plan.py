"""plan(): the one entry to the planner, for `roster solve`, `roster repair`, the web pages and the
benchmarks alike.

    result = plan(instance, Budget(20))                                  # the defaults
    result = plan(instance, Budget(20), SolverProfile.from_policy(policy), progress=print)
    result = plan(instance, Budget(20), profile, baseline=old, freeze_before=9)   # a repair
    result.status, result.assignment, result.objective, result.bound, result.gap, result.penalties
"""
from __future__ import annotations

from typing import Callable

from roster.capacity import capacity_shortages
from roster.instance import Assignment, Instance
from roster.planner.budget import Budget
from roster.planner.portfolio import choose
from roster.planner.problem import Problem
from roster.planner.profile import SolverProfile
from roster.planner.progress import Progress, Reporter
from roster.planner.result import Plan, with_bound
from roster.rules import RULES


def plan(instance: Instance, budget: Budget, profile: SolverProfile | None = None,
         progress: Callable[[Progress], None] | None = None, *, baseline: Assignment | None = None,
         freeze_before: int | None = None, hint: Assignment | None = None, rules=None) -> Plan:
    """The best roster found within the budget by the strategy the instance's shape calls for
    (roster.planner.portfolio). With a `baseline`, days before `freeze_before` stay as they are and
    every other cell changed from it costs (rule repair_changes). `progress` gets a Progress record
    at each step; `rules`: the rule functions (roster.explain relaxes some). A month whose hard
    staffing minimums no roster can meet (roster.capacity, proven by counting) is INFEASIBLE at once."""
    profile = profile or SolverProfile()
    if profile.deterministic and not budget.deterministic:
        budget = Budget(budget.seconds, started=budget.started, deterministic=True)
    problem = Problem(instance, profile, Reporter(progress, budget), baseline,
                      freeze_before or 0 if baseline is not None else 0, hint, rules or RULES)
    if problem.freeze_before == 0 and capacity_shortages(instance):
        return Plan("INFEASIBLE", None, None, None, None, budget.spent(), strategy="capacity")
    strategy = choose(problem, budget)
    result = strategy.run(problem, budget)
    result = with_bound(result, result.bound, budget)
    result.strategy = strategy.name
    return result
