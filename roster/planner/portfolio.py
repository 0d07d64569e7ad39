"""Which strategy plans a problem: chosen by the problem's shape, never by the command that asks.

    strategy = choose(problem, budget)        # a roster.planner.strategy.Strategy

- part of the roster already fixed (a repair: a baseline and days kept as they are): WholeModel
  from the old roster, which changes as few cells as it can;
- small problems (at most profile.whole_model_most_cells person-day-shift cells): WholeModel, which
  proves them optimal in a second or two where any staging would only add work;
- every person's work/rest patterns can be listed (an exact number of rest days in the horizon and
  a hard statutory-holiday rule, as in the product's months) and no longer than a month:
  PatternsFirst; more people than profile.group_size: Groups of such teams, each planned
  PatternsFirst, then the whole team from their roster;
- otherwise (patterns cannot be listed: the Curtois benchmark's staff with no fixed days off, or
  horizons beyond a month): NeighbourhoodSearch (LNS and whole-model turns, price and dive where
  only coverage ties people together and the time allows).

A month whose patterns cannot be listed for a reason the shape does not show (a soft statutory rule)
goes PatternsFirst too: its merged-shift route covers it.
"""
from __future__ import annotations

from roster.instance import Instance
from roster.planner.budget import Budget
from roster.planner.groups import Groups
from roster.planner.neighbourhood_search import NeighbourhoodSearch
from roster.planner.patterns_first import PatternsFirst
from roster.planner.problem import Problem
from roster.planner.whole_model import WholeModel

MONTH_DAYS = 31


def monthly_shape(instance: Instance) -> bool:
    """A month of a team with an exact number of rest days each: patterns can be listed (or the
    merged-shift route plans it), as in every month the product builds (roster.monthly)."""
    return (instance.n_days <= MONTH_DAYS and bool(instance.people)
            and all(p.rest_days is not None for p in instance.people))


def work_cells(instance: Instance) -> int:
    return len(instance.people) * instance.n_days * len(instance.shifts)


def choose(problem: Problem, budget: Budget):
    instance = problem.instance
    if problem.frozen or work_cells(instance) <= problem.profile.whole_model_most_cells:
        return WholeModel()
    if monthly_shape(instance):
        patterns_first = PatternsFirst()
        if len(instance.people) > problem.profile.group_size:
            return Groups(patterns_first.run)
        return patterns_first
    return NeighbourhoodSearch()
