"""Queueing formulas for a chat queue: Erlang C (M/M/n) and Erlang A (M/M/n+M, customers who give up).

Chat concurrency: an agent who serves `concurrency` chats at once is `concurrency` servers, each chat
taking its handle time `aht_s` (measured at that concurrency) — so n agents are n × concurrency
servers. Shrinkage (meetings, training, absence; not the shift's breaks, which the interval count
already takes out) scales what must be scheduled: scheduled = ceil(productive / (1 − shrinkage)),
as pyworkforce and the usual WFM tools do.

Service level: the share of chats answered within t seconds. Erlang C:
    SL(t) = 1 − P(wait) · exp(−(servers − traffic) · t / aht)
Erlang A (patience exponential with mean `patience_s`): the queue is a birth–death chain (solved
exactly over a state space truncated where the probability is negligible); a chat that finds j
others queued ahead is answered when it has moved j + 1 places before its own patience runs out,
each place at rate servers/aht + (places ahead) / patience; SL(t) is the share answered within t
(chats that give up are not answered), and abandonment the share that gives up.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


def traffic(contacts: float, interval_s: float, aht_s: float) -> float:
    """Offered load in Erlangs: arrivals per second × handle time."""
    return contacts / interval_s * aht_s


def erlang_b(servers: int, load: float) -> float:
    """Blocking probability of M/M/n/n (the stable recursion)."""
    inv = 1.0
    for k in range(1, servers + 1):
        inv = 1.0 + inv * k / load
    return 1.0 / inv


def erlang_c(servers: int, load: float) -> float:
    """Probability that an arrival waits in M/M/n (1 when the queue is unstable)."""
    if load <= 0:
        return 0.0
    if servers <= load:
        return 1.0
    b = erlang_b(servers, load)
    return servers * b / (servers - load * (1 - b))


def erlang_c_service_level(servers: int, load: float, aht_s: float, t_s: float) -> float:
    """Share of arrivals answered within t_s seconds (Erlang C)."""
    if load <= 0:
        return 1.0
    if servers <= load:
        return 0.0
    return max(0.0, 1.0 - erlang_c(servers, load) * math.exp(-(servers - load) * t_s / aht_s))


def erlang_c_asa(servers: int, load: float, aht_s: float) -> float:
    """Average speed of answer in seconds (Erlang C); infinite when unstable."""
    if load <= 0:
        return 0.0
    if servers <= load:
        return math.inf
    return erlang_c(servers, load) * aht_s / (servers - load)


@dataclass(frozen=True)
class ErlangA:
    """M/M/n+M figures: waiting probability, abandonment, answered within t, mean wait."""

    p_wait: float
    p_abandon: float
    answered_within: dict[float, float]


def _stationary(servers: int, lam: float, mu: float, theta: float, tail: float = 1e-12) -> np.ndarray:
    """π_k, k = 0..K of the birth–death chain (λ; min(k, n)μ + (k − n)⁺θ), K where π is below `tail`."""
    logs = [0.0]
    k = 0
    while True:
        k += 1
        death = min(k, servers) * mu + max(k - servers, 0) * theta
        logs.append(logs[-1] + math.log(lam) - math.log(death))
        if k > servers and logs[-1] < math.log(tail) + max(logs) and death > lam:
            break
        if k > servers + 100_000:
            break
    arr = np.exp(np.array(logs) - max(logs))
    return arr / arr.sum()


def _answered_by(positions: int, rate_service: float, theta: float, t: float) -> np.ndarray:
    """For j = 0..positions−1 others ahead: P(answered within t) for a chat that will give up after an
    exponential patience (rate θ), by uniformization of the pure-death chain with killing."""
    j = np.arange(positions)
    rates = rate_service + j * theta                     # move one place forward (j ahead -> j-1)
    lam = float(rates.max() + theta) if positions else 1.0
    stay = 1.0 - (rates + theta) / lam                   # no event in one uniformized step
    move = rates / lam
    # state vector: probability of being at each place; absorbed "answered" accumulates
    p = np.eye(positions)                                # row: start place, column: current place
    answered = np.zeros(positions)
    weight = math.exp(-lam * t)
    total = weight
    n, cumulative = 0, np.zeros(positions)
    while True:
        # answered by step n: mass already absorbed; P(answered by t) = Σ_n Poisson(n) · answered_n
        cumulative += weight * answered
        n += 1
        if total > 1 - 1e-12 or n > 20 * lam * t + 200:
            break
        new_answered = answered + p[:, 0] * move[0]
        shifted = np.zeros_like(p)
        shifted[:, :-1] = p[:, 1:] * move[1:]
        p = p * stay + shifted
        answered = new_answered
        weight *= lam * t / n
        total += weight
    return cumulative + (1 - total) * answered


def erlang_a(servers: int, load: float, aht_s: float, patience_s: float, t_s: tuple[float, ...] = ()) -> ErlangA:
    """Erlang A for `servers` servers, offered `load` Erlangs, handle time aht_s and mean patience
    patience_s (seconds); answered_within[t] for each t in t_s."""
    if load <= 0:
        return ErlangA(0.0, 0.0, {t: 1.0 for t in t_s})
    mu, theta = 1.0 / aht_s, 1.0 / patience_s
    lam = load * mu
    pi = _stationary(servers, lam, mu, theta)
    queue = np.maximum(np.arange(len(pi)) - servers, 0)
    p_wait = float(pi[servers:].sum())
    p_abandon = float(theta * (pi * queue).sum() / lam)
    within = {}
    ahead = pi[servers:]                                 # PASTA: an arrival finds j = k − n queued ahead
    for t in t_s:
        if len(ahead) == 0:
            within[t] = 1.0
            continue
        by_t = _answered_by(len(ahead), servers * mu, theta, t)
        within[t] = float(pi[:servers].sum() + (ahead * by_t).sum())
    return ErlangA(p_wait, p_abandon, within)
