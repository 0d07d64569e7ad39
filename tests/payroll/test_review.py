"""人事预警: elimination after 3 months last, ≥ 10 colleague complaints, ★★★+ dismissal review, promotion."""
from decimal import Decimal as D

import pytest
from payroll_testkit import EMPTY, agent, facts, history, policy

from payroll.history import InMemoryHistory
from payroll.lines import LevelChange
from payroll.review import month_facts, review_list
from payroll.scorecard import appraisals

P = policy()
MONTH = "2026-11"


def run(agents, hist=EMPTY, completion=None):
    ap = appraisals(agents, P)
    done = completion or {a.employee_id: D(100) for a in agents}
    fs = month_facts(agents, MONTH, ap, done, [], P)
    return review_list(agents, MONTH, fs, hist, ap, done, P), fs


def pair(**a_kpi):
    return [agent("A", appraisal_score="60", **a_kpi), agent("B", appraisal_score="90")]


def test_facts_mark_last_in_sales_and_appraisal():
    _, fs = run(pair(), completion={"A": D(70), "B": D(120)})
    assert fs["A"].sales_rank_last and fs["A"].appraisal_rank_last and not fs["B"].sales_rank_last


@pytest.mark.parametrize("earlier_last, listed", [(1, False), (2, True), (3, True)])
def test_last_in_sales_three_months_running(earlier_last, listed):
    months = ["2026-10", "2026-09", "2026-08"][:earlier_last]
    h = history("A", *(facts(m, sales_rank_last=True) for m in months))
    items, _ = run([agent("A", appraisal_score="90"), agent("B", appraisal_score="90")], h,
                   completion={"A": D(70), "B": D(120)})
    got = [i for i in items if i.employee_id == "A" and "业绩" in i.reason]
    assert bool(got) is listed
    if listed:
        assert got[0].kind == "elimination_review" and got[0].months[-1] == MONTH
        assert "Guiding Case No. 18" in got[0].legal_note and "art. 40" in got[0].legal_note


def test_last_in_appraisal_three_months_running():
    h = history("A", facts("2026-10", appraisal_rank_last=True), facts("2026-09", appraisal_rank_last=True))
    items, _ = run(pair(), h)
    [item] = [i for i in items if "绩效" in i.reason]
    assert item.months == ("2026-09", "2026-10", MONTH) and item.figures["rank"] == 2


@pytest.mark.parametrize("earlier_last, listed", [(1, False), (2, True), (3, True)])
def test_last_in_appraisal_below_on_and_above_three_months(earlier_last, listed):
    months = ["2026-10", "2026-09", "2026-08"][:earlier_last]
    items, _ = run(pair(), history("A", *(facts(m, appraisal_rank_last=True) for m in months)))
    got = [i for i in items if "绩效" in i.reason]
    assert bool(got) is listed
    if listed:
        assert got[0].figures["run_months"] == earlier_last + 1


def test_ties_share_last_place_in_sales():
    months = ["2026-10", "2026-09"]
    h = InMemoryHistory({e: [facts(m, sales_rank_last=True) for m in months] for e in ("A", "B")})
    agents = [agent(e, appraisal_score="90") for e in ("A", "B", "C")]
    items, fs = run(agents, h, completion={"A": D(70), "B": D(70), "C": D(120)})
    assert fs["A"].sales_rank_last and fs["B"].sales_rank_last and not fs["C"].sales_rank_last
    assert sorted(i.employee_id for i in items if "业绩" in i.reason) == ["A", "B"]


@pytest.mark.parametrize("complaints, listed", [(9, False), (10, True), (11, True)])
def test_colleague_complaints_in_one_month(complaints, listed):
    items, _ = run(pair(colleague_complaints=complaints))
    assert any("同事投诉" in i.reason for i in items) is listed


@pytest.mark.parametrize("stars, listed", [(0, False), (3, True), (4, True), (5, True)])   # 1, 2 are not valid
def test_serious_misconduct_goes_to_art_39_review(stars, listed):
    items, _ = run(pair(misconduct_stars=stars))
    got = [i for i in items if i.kind == "dismissal_review"]
    assert bool(got) is listed
    if listed:
        assert "art. 39" in got[0].legal_note


def test_never_says_terminated():
    h = history("A", *(facts(m, sales_rank_last=True, appraisal_rank_last=True) for m in ("2026-10", "2026-09")))
    items, _ = run(pair(colleague_complaints=12, misconduct_stars=5), h, completion={"A": D(1), "B": D(2)})
    assert len(items) == 4
    text = " ".join(i.reason + i.legal_note for i in items).lower()
    assert "terminated" not in text and "开除" not in text


def clean(month, level="P3", restart=False):
    return facts(month, clean_month=True, level=level, promotion_clock_restart=restart)


FIVE = ["2026-10", "2026-09", "2026-08", "2026-07", "2026-06"]


@pytest.mark.parametrize("earlier, listed", [(4, False), (5, True), (6, True)])   # 5, 6, 7 clean months
def test_promotion_after_six_clean_months(earlier, listed):
    months = [*FIVE, "2026-05"][:earlier]
    items, _ = run([agent("A", appraisal_score="80")], history("A", *(clean(m) for m in months)))
    got = [i for i in items if i.kind == "promotion_review"]
    assert bool(got) is listed
    if listed:
        assert got[0].figures == {"level": "P3", "next_level": "P4", "clean_months": earlier + 1}


def test_a_complaint_this_month_is_not_clean():
    items, _ = run([agent("A", appraisal_score="80", bad_reviews=1)], history("A", *(clean(m) for m in FIVE)))
    assert not [i for i in items if i.kind == "promotion_review"]


def test_a_restart_or_level_change_restarts_the_clock():
    restarted = history("A", *(clean(m, restart=(m == "2026-06")) for m in FIVE))
    assert not [i for i in run([agent("A", appraisal_score="80")], restarted)[0] if i.kind == "promotion_review"]
    promoted = history("A", *(clean(m, level="P2" if m == "2026-06" else "P3") for m in FIVE))
    assert not [i for i in run([agent("A", appraisal_score="80")], promoted)[0] if i.kind == "promotion_review"]


def test_top_level_has_no_promotion():
    items, _ = run([agent("A", level="P6", appraisal_score="80")], history("A", *(clean(m, "P6") for m in FIVE)))
    assert items == []


def test_exam_sanction_marks_the_clock_restart_in_facts():
    a = agent("A")
    fs = month_facts([a], MONTH, {}, {}, [LevelChange("A", "exam", "P3", "P2", True, "x")], P)
    assert fs["A"].promotion_clock_restart and fs["A"].level == "P3"
    assert InMemoryHistory({"A": [fs["A"]]}).facts("A", 3) == [fs["A"]]
