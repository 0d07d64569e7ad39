"""Branching on the fair spreads: a higher month bound than the column LP alone.

The column LP (roster.columns) prices each fair spread (max - min of a count over a group) with a
max and a min that may be fractional: on the example month the presale C spread is 6.49 and five
other maxima and minima are fractional, and the LP stops at 240.5, so no roster is proven to cost
more than 241. In every roster the counts are whole numbers, so the max and the min are too: this
is a best-first branch and bound over them (max <= 6 or max >= 7, ...), each node's LP settled by
generating columns again with the node's ranges. A node's ranges also hold each member's own count
(max <= 6: nobody in the group works more than 6 Cs): the master leaves out the schedules outside
and the pricing finds only those within (roster.columns.ColumnBound.limit, roster.counted_pricing),
where the LP alone only keeps each member's average between the max and the min. A node's bound is
the best Lagrangian at its duals with its ranges (valid whether or not the node settled), or its
LP once no schedule within its limits prices out. The bound returned is the least over the nodes
still open and the nodes whose maxima and minima are all whole (leaves: branching on the spreads can
lift them no further). The example month: no roster costs less than 242 after 3 nodes and 243
after 5-8 (9-14 s of one core alone, ~18 s beside a 20-s solve; the optimum lies in [243, 244]).
Without the members' counts held the nodes stopped at 242: the leaves stayed at 241.9 after ~580
nodes. Each node's LP starts from its parent's basis with the dual simplex (new bounds), then the
primal one (new columns): the first solve of a node took ~1,650 iterations from the last node's.

    bound = branch_on_spreads(column_bound, deadline)   # after column_bound.run(...)
"""
from __future__ import annotations

import heapq
import math
import time
from typing import TYPE_CHECKING

import highspy
import numpy as np

if TYPE_CHECKING:
    from roster.columns import ColumnBound

ROUNDING = 1e-4     # penalties are whole numbers: a bound within this of one is that number
WHOLE = 1e-6        # a max or min this close to a whole number is whole
# nodes in a row that did not lift the rounded bound: then the bound lets CP-SAT have its core
# (the example: 242 after 5 nodes, 1.3 s of a core after the LP; the next ~570 left it there).
# Once it has lifted the bound, fewer: the 10 nodes after the lift took 2.8 s of the core CP-SAT
# needs beside it (the example at 10 s, seeds 8-15: rosters 245-305, median 251, with 3 against
# 245-308, median 264, with 10; 242 proven either way)
STALL_NODES = 10
STALL_AFTER_LIFT = 3
SETTLED_TOLERANCE = 1e-6    # per person: the pricing adds no schedule pricing out by less (roster.columns.EPS)


def branch_on_spreads(cb: "ColumnBound", deadline: float, per_person: int = 2) -> float:
    """A bound on every roster's penalty (see the module docstring), found by `deadline`, or once
    branching can lift it no further or has not lifted it for STALL_NODES nodes (STALL_AFTER_LIFT
    once it has lifted it); -inf when the column LP has no spread to branch on."""
    if not cb.fair_cols or not math.isfinite(cb.value) or not math.isfinite(cb.bound):
        return -math.inf
    order = 0
    heap = [(cb.bound, order, {}, None)]       # open nodes: (bound so far, order, ranges, parent's basis)
    leaves: list[float] = []
    best, stalled, lifted = _rounded(heap, leaves), 0, False
    while (heap and stalled < (STALL_AFTER_LIFT if lifted else STALL_NODES) and time.monotonic() < deadline
           and not cb.stop.is_set()):
        if leaves and best >= math.ceil(min(leaves) - ROUNDING):
            break                              # a leaf holds the bound down: no node can lift it
        key, _, ranges, basis = heapq.heappop(heap)
        node = _solve_node(cb, ranges, deadline, per_person, basis)
        if node is None:                       # out of time: the node stays open with its bound
            heapq.heappush(heap, (key, -1, ranges, None))
            break
        bound, x, basis = max(key, node[0]), node[1], node[2]
        col = _most_fractional(cb, x)
        if col is None:
            leaves.append(bound)
        else:
            low, high = ranges.get(col, (0.0, float(cb.fair_cols[col])))
            for child in ((low, math.floor(x[col])), (math.ceil(x[col]), high)):
                if child[0] <= child[1]:
                    order += 1
                    heapq.heappush(heap, (bound, order, {**ranges, col: child}, basis))
        if not heap and not leaves:
            break
        now = _rounded(heap, leaves)
        best, stalled, lifted = (now, 0, True) if now > best else (best, stalled + 1, lifted)
    _restore(cb)
    return min([node[0] for node in heap] + leaves, default=-math.inf)


def _rounded(heap: list, leaves: list[float]) -> int:
    """The bound so far (some node open or a leaf), rounded up to the whole penalty it proves."""
    return math.ceil(min([node[0] for node in heap] + leaves) - ROUNDING)


def _solve_node(cb: "ColumnBound", ranges: dict, deadline: float, per_person: int, basis=None):
    """The node's bound, its LP solution and its final basis once no column prices out; None when
    time runs out first. `basis`: the parent's, a start a bound away (columns added since it was
    taken start at zero)."""
    for col, upper in cb.fair_cols.items():
        cb.lp.h.changeColBounds(col, *ranges.get(col, (0.0, float(upper))))
    cb.limit(ranges)
    best = -math.inf
    if basis is not None:
        basis.col_status = list(basis.col_status) + [highspy.HighsBasisStatus.kLower] * (cb.lp.cols - len(basis.col_status))
        cb.lp.h.setBasis(basis)
    first = True
    while time.monotonic() < deadline and not cb.stop.is_set():
        # new bounds leave the basis dual feasible (dual simplex), new columns primal (primal)
        cb.lp.h.setOptionValue("simplex_strategy", 1 if first else 4)
        first = False
        solved = cb.lp.solve()
        if solved is None:
            return None
        y = cb.lp.signed(solved[1])[0]
        added, least = cb.price_all(y, per_person)
        best = max(best, cb.lagrangian(y, least, ranges))
        if not added:
            # no schedule within the node's limits prices out: its LP is its bound (the Lagrangian
            # may sit below it where a person's least came from the plain pricing, see
            # ColumnBound._price_person), less what the pricing's tolerance may hide
            lp = solved[0] - len(cb.people) * SETTLED_TOLERANCE
            return max(best, lp), np.array(cb.lp.h.getSolution().col_value), cb.lp.h.getBasis()
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
    cb.limit({})
    cb.lp.h.setOptionValue("simplex_strategy", 4)
