"""LNS sub-models: the roster model with every work cell outside a neighbourhood fixed to a roster.

A sub-model is a copy of the whole model with the cells outside the neighbourhood fixed, hinted
with the roster everywhere. Copying the model is fast (C++), fixing each cell's variables from
Python is not: on Curtois 13 (120 people x 28 days x 18 shift types) fixing every cell took
0.3-0.4 s, longer than CP-SAT takes to solve a two-person sub-model (0.2 s), and the LNS
workers build their sub-models one at a time. So the cells are fixed once, in a copy kept in step
with the roster (only the cells whose values changed are fixed again), and each sub-model is a copy
of that with the neighbourhood's cells set free again.

    subs = SubModels(m)
    model = subs.free(values, people, days)     # values: a full variable vector (the roster)
    model = subs.free(values, people, days, whole)      # ... and `whole` free on every day
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from ortools.sat.python import cp_model

from roster.model import RosterModel
from roster.planner.cp_sat import hint_complete


class SubModels:
    """The model with every cell fixed to the last roster given, and the sub-models freed from it."""

    def __init__(self, m: RosterModel):
        self.m = m
        variables = m.model.proto.variables
        self.cells: dict[tuple[int, int], list[int]] = {
            (p, d): [on.index] + [m.work[p, d, s].index for s in m.shift_ids if (p, d, s) in m.work]
            for (p, d), on in m.on.items()}
        self.indexes = np.array([i for ids in self.cells.values() for i in ids], dtype=np.int64)
        self.domains = {int(i): list(variables[int(i)].domain) for i in self.indexes}
        self.fixed = m.model.clone()
        self.values: np.ndarray | None = None      # the roster's values at self.indexes

    def _fix(self, values: list[int]) -> None:
        """Fix every cell to `values`: the cells whose values changed since the last roster."""
        now = np.asarray(values, dtype=np.int64)[self.indexes]
        changed = self.indexes if self.values is None else self.indexes[now != self.values]
        variables = self.fixed.proto.variables
        for i in changed.tolist():
            domain = variables[i].domain
            domain[0] = domain[1] = values[i]
        self.values = now

    def free(self, values: list[int], people: set[int], days: Iterable[int],
             whole: Iterable[int] = ()) -> cp_model.CpModel:
        """A copy of the model with every cell outside (people x days) and (whole x every day)
        fixed to `values`, hinted with `values` everywhere."""
        self._fix(values)
        sub = self.fixed.clone()
        variables = sub.proto.variables
        whole = set(whole)
        cells = {(p, d) for d in days for p in people} | {(p, d) for (p, d) in self.cells if p in whole}
        for cell in cells:
            for i in self.cells.get(cell, ()):
                domain = variables[i].domain
                domain[0], domain[1] = self.domains[i]
        hint_complete(sub, range(len(values)), values)
        return sub
