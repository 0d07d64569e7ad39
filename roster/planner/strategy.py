"""The one interface every strategy has: plan the problem within the budget, starting from (and
never returning worse than) the incumbent.

    class Strategy:
        name: str
        def run(self, problem, budget, incumbent=None) -> Plan

Strategies (each in its own module): PatternsFirst (roster.planner.patterns_first), Groups
(roster.planner.groups), NeighbourhoodSearch (roster.planner.neighbourhood_search), WholeModel
(roster.planner.whole_model). roster.planner.portfolio picks one by the instance's shape.
"""
from __future__ import annotations

from typing import Protocol

from roster.planner.budget import Budget
from roster.planner.problem import Problem
from roster.planner.result import Plan


class Strategy(Protocol):
    name: str

    def run(self, problem: Problem, budget: Budget, incumbent: Plan | None = None) -> Plan:
        ...
