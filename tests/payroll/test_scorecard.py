"""scorecard: standards met → full weight, else scaled; no standard → min-max in the role; given score wins."""
from decimal import Decimal as D

import pytest
from payroll_testkit import agent, policy

from payroll.policy import MetricStandard
from payroll.scorecard import appraisals, metric_fraction

P = policy()
GOOD = dict(first_response_s=20, reply_rate=99, avg_response_s=100, delay_rate=3, conversion_rate=40, sales=300000)


@pytest.mark.parametrize("metric, value, fraction", [
    ("first_response_s", "30", "1"),        # on the standard (≤ 30 s)
    ("first_response_s", "29", "1"),
    ("first_response_s", "40", "0.75"),     # 30 / 40
    ("reply_rate", "98", "1"),              # on the standard (≥ 98 %)
    ("reply_rate", "49", "0.5"),
    ("delay_rate", "5", "1"),
    ("delay_rate", "10", "0.5"),
    # each standard just below, on and just above (inclusive: on the standard earns full points)
    ("first_response_s", "30.01", str(D(30) / D("30.01"))),
    ("avg_response_s", "119.99", "1"), ("avg_response_s", "120", "1"),
    ("avg_response_s", "120.01", str(D(120) / D("120.01"))),
    ("reply_rate", "97.99", str(D("97.99") / D(98))), ("reply_rate", "98.01", "1"),
    ("delay_rate", "4.99", "1"), ("delay_rate", "5.01", str(D(5) / D("5.01"))),
])
def test_against_standard(metric, value, fraction):
    assert metric_fraction(D(value), P.scorecard.metrics[metric], []) == D(fraction)


def test_min_max_without_standard():
    spec = MetricStandard(better="higher")
    assert metric_fraction(D(30), spec, [D(10), D(30), D(50)]) == D("0.5")
    assert metric_fraction(D(30), spec, [D(30), D(30)]) == 1
    lower = MetricStandard(better="lower")
    assert metric_fraction(D(0), lower, [D(0), D(4)]) == 1 and metric_fraction(D(4), lower, [D(0), D(4)]) == 0


def test_best_scores_100_and_last_is_flagged():
    a = agent("A", **GOOD)
    b = agent("B", **{**GOOD, "conversion_rate": 20, "sales": 100000})
    result = appraisals([a, b], P)
    assert result["A"].score == D("100.00") and result["A"].rank == 1 and not result["A"].last
    assert result["B"].score == D("40.00") and result["B"].last      # loses conversion 30 and sales 30


def test_given_score_is_used_and_ties_share_last():
    agents = [agent("A", appraisal_score="90"), agent("B", appraisal_score="80"), agent("C", appraisal_score="80")]
    result = appraisals(agents, P)
    assert result["A"].source == "given" and {e for e, r in result.items() if r.last} == {"B", "C"}


def test_alone_or_all_tied_nobody_is_last():
    assert not appraisals([agent("A", appraisal_score="50")], P)["A"].last
    assert not any(r.last for r in appraisals([agent("A", appraisal_score="50"),
                                               agent("B", appraisal_score="50")], P).values())


def test_roles_are_ranked_separately_and_leads_not_at_all():
    agents = [agent("A", appraisal_score="90"), agent("S", role="aftersale", appraisal_score="10"),
              agent("L", role="lead")]
    result = appraisals(agents, P)
    assert result["S"].rank == 1 and "L" not in result


def test_a_missing_metric_names_the_cell():
    from kefu.errors import InputError
    with pytest.raises(InputError, match="询单转化率"):
        appraisals([agent("A", **{**GOOD, "conversion_rate": None})], P)
