"""A discrete-event simulation of a chat queue, independent of the Erlang formulas: Poisson arrivals,
exponential handle times, `agents` agents each serving up to `concurrency` chats at once, first
come first served, exponential patience (None: everyone waits). Each chat takes the slot that frees
first (the agent with a free slot); a chat whose wait would exceed its patience leaves unserved."""
from __future__ import annotations

import heapq

import numpy as np


def simulate(agents: int, concurrency: int, arrivals_per_s: float, aht_s: float, t_s: tuple[float, ...],
             patience_s: float | None = None, chats: int = 200_000, seed: int = 1) -> dict:
    rng = np.random.default_rng(seed)
    times = np.cumsum(rng.exponential(1 / arrivals_per_s, chats))
    handle = rng.exponential(aht_s, chats)
    patience = rng.exponential(patience_s, chats) if patience_s else np.full(chats, np.inf)
    slots = [(0.0, a) for a in range(agents) for _ in range(concurrency)]   # (free at, agent)
    heapq.heapify(slots)
    warm = chats // 10
    answered = {t: 0 for t in t_s}
    abandoned = waited = 0
    for i in range(chats):
        free, agent = slots[0]
        wait = max(0.0, free - times[i])
        if wait > patience[i]:
            abandoned += i >= warm
            continue
        heapq.heapreplace(slots, (times[i] + wait + handle[i], agent))
        if i >= warm:
            waited += wait > 0
            for t in t_s:
                answered[t] += wait <= t
    n = chats - warm
    return {"answered_within": {t: answered[t] / n for t in t_s}, "abandoned": abandoned / n, "waited": waited / n}
