"""Branching on the fair spreads: a higher month bound than the column LP alone.

The column LP (roster.columns) prices each fair spread (max - min of a count over a group) with a
max and a min that may be fractional: on the example month the presale C spread is 6.49 and five
other maxima and minima are fractional, and the LP stops at 240.5, so no roster is proven to cost
more than 241. In every roster the counts are whole numbers, so the max and the min are too: this
is a best-first branch and bound over them (max <= 6 or max >= 7, ...), each node's LP settled by
generating columns again with the node's ranges, each node's bound the Lagrangian at its duals with
the node's ranges (valid whether or not the node settled). The bound returned is the least over the
nodes still open and the nodes whose maxima and minima are all whole (leaves: branching on the
spreads can lift them no further). The example month: 241.5 after 8 nodes (a few seconds of one
core after the LP), so no roster costs less than 242 — what a gap of 1 % needs when the best
roster costs 244; its leaves stay at 241.9 after ~580 nodes.

    bound = branch_on_spreads(column_bound, deadline)   # after column_bound.run(...)
"""
from __future__ import annotations

import heapq
import math
import time
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from roster.columns import ColumnBound

ROUNDING = 1e-4     # penalties are whole numbers: a bound within this of one is that number
WHOLE = 1e-6        # a max or min this close to a whole number is whole
# nodes in a row that did not lift the rounded bound: then the thread lets CP-SAT have its core
# (the example: 242 after 5 nodes, 1.3 s of a core after the LP; the next ~570 left it there).
# Once it has lifted the bound, fewer: the 10 nodes after the lift took 2.8 s of the core CP-SAT
# needs beside it (the example at 10 s, seeds 8-15: rosters 245-305, median 251, with 3 against
# 245-308, median 264, with 10; 242 proven either way)
STALL_NODES = 10
STALL_AFTER_LIFT = 3


def branch_on_spreads(cb: "ColumnBound", deadline: float, per_person: int = 2) -> float:
    """A bound on every roster's penalty (see the module docstring), found by `deadline`, or once
    branching can lift it no further or has not lifted it for STALL_NODES nodes (STALL_AFTER_LIFT
    once it has lifted it); -inf when the column LP has no spread to branch on."""
    if not cb.fair_cols or not math.isfinite(cb.value) or not math.isfinite(cb.bound):
        return -math.inf
    order = 0
    heap = [(cb.bound, order, {})]             # open nodes: (bound so far, order, the node's ranges)
    leaves: list[float] = []
    best, stalled, lifted = _rounded(heap, leaves), 0, False
    while (heap and stalled < (STALL_AFTER_LIFT if lifted else STALL_NODES) and time.monotonic() < deadline
           and not cb.stop.is_set()):
        if leaves and best >= math.ceil(min(leaves) - ROUNDING):
            break                              # a leaf holds the bound down: no node can lift it
        key, _, ranges = heapq.heappop(heap)
        node = _solve_node(cb, ranges, deadline, per_person)
        if node is None:                       # out of time: the node stays open with its bound
            heapq.heappush(heap, (key, -1, ranges))
            break
        bound, x = max(key, node[0]), node[1]
        col = _most_fractional(cb, x)
        if col is None:
            leaves.append(bound)
        else:
            low, high = ranges.get(col, (0.0, float(cb.fair_cols[col])))
            for child in ((low, math.floor(x[col])), (math.ceil(x[col]), high)):
                if child[0] <= child[1]:
                    order += 1
                    heapq.heappush(heap, (bound, order, {**ranges, col: child}))
        if not heap and not leaves:
            break
        now = _rounded(heap, leaves)
        best, stalled, lifted = (now, 0, True) if now > best else (best, stalled + 1, lifted)
    _restore(cb)
    return min([key for key, _, _ in heap] + leaves, default=-math.inf)


def _rounded(heap: list, leaves: list[float]) -> int:
    """The bound so far (some node open or a leaf), rounded up to the whole penalty it proves."""
    return math.ceil(min([key for key, _, _ in heap] + leaves) - ROUNDING)


def _solve_node(cb: "ColumnBound", ranges: dict, deadline: float, per_person: int):
    """The node's best Lagrangian bound and its LP solution once no column prices out; None when
    time runs out first."""
    for col, upper in cb.fair_cols.items():
        cb.lp.h.changeColBounds(col, *ranges.get(col, (0.0, float(upper))))
    best = -math.inf
    while time.monotonic() < deadline and not cb.stop.is_set():
        solved = cb.lp.solve()
        if solved is None:
            return None
        y = cb.lp.signed(solved[1])[0]
        added, least = cb.price_all(y, per_person)
        best = max(best, cb.lagrangian(y, least, ranges))
        if not added:
            return best, np.array(cb.lp.h.getSolution().col_value)
    return None


def _most_fractional(cb: "ColumnBound", x: np.ndarray) -> int | None:
    """The spread max or min furthest from a whole number, or None when all are whole."""
    col, most = None, WHOLE
    for c in cb.fair_cols:
        off = abs(x[c] - round(x[c]))
        if off > most:
            col, most = c, off
    return col


def _restore(cb: "ColumnBound") -> None:
    for col, upper in cb.fair_cols.items():
        cb.lp.h.changeColBounds(col, 0.0, float(upper))
