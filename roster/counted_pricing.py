"""Pricing a person's month with limits on their own counts: late shifts and on-duty days.

At a node of the branching on fair spreads (roster.spread_branching) the spread's max and min have
ranges: max <= 6, say, or min >= 3. In every roster of that node each member's own count lies
between them, so the node may price each member over the schedules whose counts do (the master
alone keeps only each member's average, over the schedules it mixes, between them). The example
month: with these limits the nodes prove 243 (9-14 s of a core) where, without them, every leaf
stayed at 241.9 (242) after ~580 nodes.

The counts are kept in the dynamic programme of roster.pricing as extra dimensions up to their
upper limits (counts only grow: a schedule past a limit is out at once): per working block a cost
for each pair of counts, and a row's cost the min-plus sum of its blocks' (a day off lies between
them) — exact.

    least, found = price_within(person, day_cost, row_cost, limits, late_states, best=2, below=pi)
    # limits: {"late": (lo, hi), "duty": (lo, hi)}, either may be missing (no limit);
    # late_states: per state of person.states, whether it is the fair (late) shift
"""
from __future__ import annotations

import numpy as np

from roster.pricing import INF, PersonPricing


def price_within(person: PersonPricing, day_cost: np.ndarray, row_cost: np.ndarray,
                 limits: dict[str, tuple[int, int]], late_states: np.ndarray, best: int = 2,
                 below: float = INF) -> tuple[float, list[tuple[float, int, list[int]]]]:
    """As PersonPricing.price, over the schedules whose counts lie within `limits` ("late": states
    of the fair shift, "duty": on-duty states; late_states and the duty flags per state index)."""
    cost = np.where(person.allowed, person.own + day_cost, INF)                   # (n, k)
    counters = _Counters(person, limits, late_states)
    blocks = _Blocks(person, cost, counters)
    totals, picks = _row_totals(person, blocks.cost, counters)
    totals = totals + ((person.off * cost[:, 0]).sum(axis=1) + row_cost)[:, None, None]
    ends = np.where(counters.mask[None], totals, INF).reshape(len(totals), -1)
    within = ends.min(axis=1)
    out = []
    for r in np.argsort(within, kind="stable")[:best]:
        if not within[r] < below:
            break
        a, b = divmod(int(ends[r].argmin()), counters.sizes[1])
        out.append((float(within[r]), int(r), _path(person, blocks, picks, counters, int(r), a, b)))
    return float(within.min()), out


class _Counters:
    """The counted dimensions: per state the step it adds to each count (0 or 1), each count's
    size (its upper limit + 1; 1 when not counted) and the pairs of counts within the limits."""

    def __init__(self, person: PersonPricing, limits: dict[str, tuple[int, int]], late_states: np.ndarray):
        k = len(person.states)
        duty = np.array([on for _, on in person.states], dtype=bool)
        steps = {"late": np.asarray(late_states, dtype=bool), "duty": duty}
        self.steps, self.sizes, lows = [], [], []
        for name in ("late", "duty"):
            if name in limits and steps[name].any():
                lo, hi = limits[name]
                self.steps.append(steps[name].astype(np.int64))
                self.sizes.append(max(1, hi + 1))
                lows.append(max(0, lo) if hi >= 0 else 1)     # hi < 0: nothing is within
            else:
                self.steps.append(np.zeros(k, dtype=np.int64))
                self.sizes.append(1)
                lows.append(0)
        self.mask = np.zeros(self.sizes, dtype=bool)
        self.mask[lows[0]:, lows[1]:] = True


def _shift(values: np.ndarray, step: int, axis: int) -> np.ndarray:
    """Counts moved up by `step` (0 or 1) along `axis`; past the last cell they are out."""
    if step == 0:
        return values
    out = np.full_like(values, INF)
    size = values.shape[axis]
    if size > 1:
        to = [slice(None)] * values.ndim
        to[axis] = slice(1, size)
        frm = [slice(None)] * values.ndim
        frm[axis] = slice(0, size - 1)
        out[tuple(to)] = values[tuple(frm)]
    return out


def _moved(values: np.ndarray, step_a: int, step_b: int, axis: int) -> np.ndarray:
    """Both counts moved up by their steps (axes `axis` and `axis` + 1)."""
    return _shift(_shift(values, step_a, axis), step_b, axis + 1)


class _Blocks:
    """Cost of every working block (start, end) for each pair of counts, `cost` (n*n + 1, A, B) with
    the last slot a zero block (rows with fewer blocks), and the back-pointers to its states."""

    def __init__(self, person: PersonPricing, cost: np.ndarray, counters: _Counters):
        n = self.n = cost.shape[0]
        sa, sb = counters.sizes
        work, trans = cost[:, 1:], person.trans[1:, 1:]
        self.step_a, self.step_b = counters.steps[0][1:], counters.steps[1][1:]
        kw = work.shape[1]
        self.cost = np.full((n * n + 1, sa, sb), INF)
        self.cost[n * n, 0, 0] = 0.0
        v = np.full((n, kw, sa, sb), INF)                            # (start, last state, a, b)
        for j in range(kw):
            if self.step_a[j] < sa and self.step_b[j] < sb:
                v[:, j, self.step_a[j], self.step_b[j]] = work[:, j]
        v[0] += person.first[1:][:, None, None]
        starts = np.arange(n)
        self.cost[starts * n + starts] = v.min(axis=1)
        self.last = [v.argmin(axis=1)]               # per length - 1: the best last state (start, a, b)
        self.back = [None]                           # ... the state before (start, to, a, b), before the step
        for length in range(1, person.longest):
            step = v[:-1, :, None] + trans[None, :, :, None, None]      # (start, from, to, a, b)
            reached, came = step.min(axis=1), step.argmin(axis=1)
            v = np.stack([_moved(reached[:, j], int(self.step_a[j]), int(self.step_b[j]), 1)
                          + work[length:, j][:, None, None] for j in range(kw)], axis=1)
            s = starts[:len(v)]
            self.cost[s * n + s + length] = v.min(axis=1)
            self.last.append(v.argmin(axis=1))
            self.back.append(came)

    def states(self, span: int, a: int, b: int) -> list[int]:
        """The best work states (indexes into the person's states) of block `span` with counts a, b."""
        start, end = divmod(span, self.n)
        length = end - start
        j = int(self.last[length][start, a, b])
        out = [j]
        for step in range(length, 0, -1):
            a, b = a - int(self.step_a[j]), b - int(self.step_b[j])
            j = int(self.back[step][start, j, a, b])
            out.append(j)
        return [x + 1 for x in reversed(out)]


def _row_totals(person: PersonPricing, block_cost: np.ndarray, counters: _Counters) -> tuple[np.ndarray, list]:
    """Each row's cost of its working blocks for each pair of counts (min-plus over its blocks),
    and per block after the first which counts it took (R, A, B: a * B + b)."""
    sa, sb = counters.sizes
    total = block_cost[person.span_index[:, 0]]
    picks = [None]
    for col in range(1, person.span_index.shape[1]):
        part = block_cost[person.span_index[:, col]]                     # (R, A, B)
        summed = np.full_like(total, INF)
        pick = np.zeros(total.shape, dtype=np.int64)
        for a in range(sa):
            for b in range(sb):
                piece = part[:, a, b]
                if not np.isfinite(piece).any():
                    continue
                moved = np.full_like(total, INF)
                moved[:, a:, b:] = total[:, :sa - a, :sb - b]
                candidate = moved + piece[:, None, None]
                better = candidate < summed
                summed = np.where(better, candidate, summed)
                pick = np.where(better, a * sb + b, pick)
        total = summed
        picks.append(pick)
    return total, picks


def _path(person: PersonPricing, blocks: _Blocks, picks: list, counters: _Counters, r: int,
          a: int, b: int) -> list[int]:
    """The states of row r's best schedule with counts a, b: each block's share of the counts
    followed back through the row's min-plus sums, then each block's states."""
    n = blocks.n
    spans = person.span_index[r]
    shares = []
    for col in range(len(spans) - 1, 0, -1):
        share_a, share_b = divmod(int(picks[col][r, a, b]), counters.sizes[1])
        shares.append((int(spans[col]), share_a, share_b))
        a, b = a - share_a, b - share_b
    shares.append((int(spans[0]), a, b))
    states = [0] * n
    for span, share_a, share_b in shares:
        if span == n * n:                        # no block in this slot
            continue
        start = span // n
        for d, state in enumerate(blocks.states(span, share_a, share_b)):
            states[start + d] = state
    return states
