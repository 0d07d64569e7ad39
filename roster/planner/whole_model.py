"""WholeModel: CP-SAT on the whole model from the incumbent (or the problem's hint or baseline).

The strategy for a repair (most of the month kept, the rest from the old roster as a hint) and for
small problems nothing else fits; the other strategies end with it too (roster.planner.cp_sat).
"""
from __future__ import annotations

from dataclasses import replace

from roster.planner.budget import Budget
from roster.planner.cp_sat import solve_whole
from roster.planner.problem import Problem
from roster.planner.result import Plan, with_bound


class WholeModel:
    name = "whole model"

    def __init__(self, parameters: str = ""):
        self.parameters = parameters          # extra CP-SAT parameters (text format)

    def run(self, problem: Problem, budget: Budget, incumbent: Plan | None = None) -> Plan:
        hint = incumbent.assignment if incumbent is not None and incumbent.ok else None
        result = solve_whole(problem, budget, hint=hint, parameters=self.parameters)
        if incumbent is not None and incumbent.ok and (not result.ok or incumbent.objective < result.objective):
            # CP-SAT does not always keep a hint through presolve: never worse than the incumbent
            bound = result.bound if result.ok else incumbent.bound
            result = replace(incumbent, bound=bound)
        return with_bound(result, result.bound, budget)
