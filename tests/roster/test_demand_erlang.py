"""Erlang C and Erlang A (roster.demand.erlang, roster.demand.required) against published values,
pyworkforce's numbers, exact special cases and a discrete-event simulation."""
from __future__ import annotations

import math

import pytest

from chat_simulation import simulate
from roster.demand.erlang import erlang_a, erlang_c, erlang_c_asa, erlang_c_service_level, traffic
from roster.demand.intervals import ServiceParams
from roster.demand.required import predict, productive_agents, required_agents

# Published Erlang C table (probability of waiting), offered load A = 10 Erlangs (e.g. the tables
# of Cooper, Introduction to Queueing Theory, and every call-centre Erlang C calculator).
ERLANG_C_TABLE = [(11, 0.6821), (12, 0.4494), (13, 0.2853), (14, 0.1741), (15, 0.1020)]

# pyworkforce 0.5.1 ErlangC(transactions, aht (min), asa = 20/60, interval = 30, shrinkage = 0.3)
# .required_positions(service_level = 0.8): (chats, aht seconds, raw_positions, positions). One
# exception, on purpose: for 100 chats of 300 s pyworkforce says 31 positions, because 21 / (1 − 0.3)
# is 30.000000000000004 in floating point; 21 agents at 30 % shrinkage need exactly 30.
PYWORKFORCE = [(20, 120, 3, 5), (20, 180, 4, 6), (20, 300, 6, 9), (50, 120, 6, 9), (50, 180, 8, 12),
               (50, 300, 12, 18), (100, 120, 10, 15), (100, 180, 14, 20), (100, 300, 21, 30),
               (200, 120, 17, 25), (200, 180, 24, 35), (200, 300, 39, 56), (400, 120, 31, 45),
               (400, 180, 45, 65), (400, 300, 74, 106)]

PYWORKFORCE_TARGET = ServiceParams(concurrency=1, shrinkage=0.3, first_reply_s=20, first_reply_share=0.8,
                                   delay_s=60, delay_share_max=1.0)


class TestErlangC:
    @pytest.mark.parametrize("servers,p_wait", ERLANG_C_TABLE)
    def test_published_table(self, servers, p_wait):
        assert erlang_c(servers, 10.0) == pytest.approx(p_wait, abs=5e-5)

    def test_pyworkforce_documented_example(self):
        # pyworkforce's own test: 100 chats in 30 min, 3 min each, 80 % in 20 s: 14 agents, 20 with
        # 30 % shrinkage, service level 0.888, waiting probability 0.174
        load = traffic(100, 30 * 60, 180)
        assert load == pytest.approx(10.0)
        assert round(erlang_c_service_level(14, load, 180, 20), 3) == 0.888
        assert round(erlang_c(14, load), 3) == 0.174
        assert round(erlang_c_service_level(13, load, 180, 20), 3) == 0.796      # 13 is one short

    @pytest.mark.parametrize("chats,aht,raw,positions", PYWORKFORCE)
    def test_required_agents_match_pyworkforce(self, chats, aht, raw, positions):
        assert productive_agents(chats, 30, aht, PYWORKFORCE_TARGET) == raw
        assert required_agents(chats, 30, aht, PYWORKFORCE_TARGET) == positions

    def test_unstable_queue_never_serves(self):
        assert erlang_c(10, 10.0) == 1.0
        assert erlang_c_service_level(10, 10.0, 180, 20) == 0.0
        assert erlang_c_asa(9, 10.0, 180) == math.inf

    def test_no_chats_need_nobody(self):
        assert required_agents(0, 30, 180, PYWORKFORCE_TARGET) == 0

    def test_delay_target_can_bind(self):
        # at most 3 % not answered within 60 s needs 15 agents where 80 % within 20 s needs 14
        strict = ServiceParams(first_reply_s=20, first_reply_share=0.8, delay_s=60, delay_share_max=0.03)
        assert productive_agents(100, 30, 180, strict) > productive_agents(100, 30, 180, PYWORKFORCE_TARGET)


class TestErlangA:
    def test_without_abandonment_is_erlang_c(self):
        load = 10.0
        a = erlang_a(12, load, 180, 1e9, (20, 60))
        assert a.p_wait == pytest.approx(erlang_c(12, load), abs=1e-6)
        assert a.answered_within[20] == pytest.approx(erlang_c_service_level(12, load, 180, 20), abs=1e-6)
        assert a.p_abandon == pytest.approx(0.0, abs=1e-6)

    def test_patience_equal_to_handle_time_is_infinite_server(self):
        # θ = μ: the number in system is Poisson(A) (M/M/∞), so waiting = P(K ≥ n) and the
        # abandonment = E[(K − n)⁺] / A
        n, load = 5, 4.0
        pk = [math.exp(-load + k * math.log(load) - math.lgamma(k + 1)) for k in range(200)]
        a = erlang_a(n, load, 100, 100)
        assert a.p_wait == pytest.approx(sum(pk[n:]), abs=1e-9)
        assert a.p_abandon == pytest.approx(sum(max(k - n, 0) * p for k, p in enumerate(pk)) / load, abs=1e-9)

    def test_everyone_is_answered_or_gives_up(self):
        a = erlang_a(5, 4.0, 100, 200, (1e5,))
        assert a.answered_within[1e5] == pytest.approx(1 - a.p_abandon, abs=1e-9)

    def test_abandonment_lowers_the_wait(self):
        assert erlang_a(10, 10.0, 180, 60).p_wait < erlang_c(10, 10.0) == 1.0

    def test_simulation_agrees(self):
        load, aht, patience = 4.0, 100.0, 200.0
        a = erlang_a(5, load, aht, patience, (10, 30, 60))
        sim = simulate(5, 1, load / aht, aht, (10, 30, 60), patience_s=patience, chats=150_000, seed=3)
        assert sim["abandoned"] == pytest.approx(a.p_abandon, abs=0.01)
        for t in (10, 30, 60):
            assert sim["answered_within"][t] == pytest.approx(a.answered_within[t], abs=0.015)


class TestConcurrencySimulation:
    """Agents serving several chats at once: the formula (n × concurrency servers) against the
    simulation of agents with slots."""

    @pytest.mark.parametrize("agents,concurrency,chats", [(4, 3, 300), (6, 2, 200), (3, 4, 260)])
    def test_service_level_agrees(self, agents, concurrency, chats):
        aht, interval = 240, 30
        sp = ServiceParams(concurrency=concurrency, aht_s=aht, first_reply_s=30, delay_s=60)
        expected = predict(agents, chats, interval, aht, sp)
        sim = simulate(agents, concurrency, chats / (interval * 60), aht, (30, 60), chats=120_000, seed=5)
        assert sim["answered_within"][30] == pytest.approx(expected.first_reply, abs=0.015)
        assert 1 - sim["answered_within"][60] == pytest.approx(expected.delayed, abs=0.015)

    def test_concurrency_needs_fewer_agents(self):
        one = ServiceParams(concurrency=1, aht_s=240)
        three = ServiceParams(concurrency=3, aht_s=240)
        assert productive_agents(200, 30, 240, three) < productive_agents(200, 30, 240, one) / 2
