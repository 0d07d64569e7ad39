"""Ranks, scorecard and roster-code parsing computed once per group give the figures of the naive
definitions (which were quadratic at 10,000 employees): ties share a rank, min-max per role."""
from __future__ import annotations

import random
from decimal import Decimal as D

import pytest
from payroll_testkit import agent, policy

from payroll.rules.context import ranks
from payroll.scorecard import appraisals, metric_fraction
from roster.codes import _shifts_by_upper, parse_code

P = policy()


def naive_ranks(values, higher_is_better=True):
    """The definition: 1 + how many are strictly better."""
    better = (lambda a, b: a > b) if higher_is_better else (lambda a, b: a < b)
    return {k: 1 + sum(1 for w in values.values() if better(w, v)) for k, v in values.items()}


@pytest.mark.parametrize("higher_is_better", [True, False])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_ranks_match_the_definition_with_ties(seed, higher_is_better):
    rng = random.Random(seed)
    values = {f"E{i}": D(rng.randint(0, 40)) / 4 for i in range(500)}        # many ties
    values["X"], values["Y"] = D("2.50"), D("2.5")                              # equal Decimals, other spelling
    assert ranks(values, higher_is_better) == naive_ranks(values, higher_is_better)


def test_competition_ranking():
    assert ranks({"a": D(9), "b": D(9), "c": D(7), "d": D(5)}) == {"a": 1, "b": 1, "c": 3, "d": 4}
    assert ranks({"a": D(9), "b": D(9), "c": D(7)}, higher_is_better=False) == {"a": 2, "b": 2, "c": 1}
    assert ranks({}) == {}


def test_scorecard_points_match_min_max_over_the_whole_role():
    rng = random.Random(7)
    agents = [agent(f"E{i:03d}", first_response_s=rng.randint(5, 60), reply_rate=rng.randint(90, 100),
                    avg_response_s=rng.randint(40, 200), delay_rate=rng.randint(0, 10),
                    conversion_rate=rng.randint(20, 70), sales=rng.randint(100_000, 500_000)) for i in range(300)]
    result = appraisals(agents, P)
    weights = P.scorecard.weights["presale"]
    total = sum(weights.values())
    for a in agents[:40]:
        points = {m: w * metric_fraction(D(getattr(a.kpi, m)), P.scorecard.metrics[m],
                                         [D(getattr(b.kpi, m)) for b in agents]) for m, w in weights.items() if w}
        assert result[a.employee_id].score == (sum(points.values()) / total * 100).quantize(D("0.01"))
    scores = {k: r.score for k, r in result.items()}
    assert {k: r.rank for k, r in result.items()} == naive_ranks(scores)


def test_parse_code_builds_its_shift_lookup_once():
    _shifts_by_upper.cache_clear()
    shifts = ("A", "B", "C")
    for text in ("a", " B ", "c★", "休", "off", "x"):
        parse_code(text, shifts)
        parse_code(text, list(shifts))                     # a list of the same ids shares the lookup
    assert _shifts_by_upper.cache_info().misses == 1
    assert parse_code("c值", shifts) == ("C", True) and parse_code("休", shifts) == ("OFF", False)
    assert parse_code("A", ("A", "B")) == ("A", False) and parse_code("C", ("A", "B")) is None
