"""The [payroll] policy: example loads, unknown keys named, effective-dated changes, team cross-checks."""
from decimal import Decimal as D
from pathlib import Path

import pytest
from payroll_testkit import EXAMPLES, _raw, policy

from kefu.errors import InputError
from payroll.policy import load_payroll_policy, payroll_policy_from_table


def test_example_policy_holds_the_seed_defaults():
    p = load_payroll_policy(EXAMPLES / "policy.toml")
    assert p.base_salary.grades == {"一档": D(3000), "二档": D(4000), "三档": D(5000)}
    assert p.projects.sales_target.daily_target == {"集市": D(11000), "天猫": D(13000)}
    assert p.wage.paid_days_per_month == D("21.75") and p.holiday_overtime.rate == D(3)
    assert p.projects.exam.exam_weight == D("0.70")


def test_example_carries_the_statutory_tables():
    p = load_payroll_policy(EXAMPLES / "policy.toml")
    assert p.statutory.paid_days_per_month == D("21.75")
    assert p.statutory.default_city == "上海"


def test_unknown_key_is_named():
    with pytest.raises(InputError, match="unknown key payroll.projects.exam.pas_mark") as exc:
        policy(projects={"exam": {"pas_mark": 50}})
    assert exc.value.zh == "未知的键 payroll.projects.exam.pas_mark"


def test_signs_are_checked():
    with pytest.raises(InputError, match="payroll.projects.monthly_summary.penalty_none") as exc:
        policy(projects={"monthly_summary": {"penalty_none": 5}})
    assert exc.value.zh == "payroll.projects.monthly_summary.penalty_none：应不大于 0（现为 5）"


def test_weights_must_add_up():
    with pytest.raises(InputError, match="exam_weight") as exc:
        policy(projects={"exam": {"exam_weight": 0.8}})
    assert exc.value.zh == "payroll：projects.exam：exam_weight 与 daily_weight 之和应为 1"


def test_roles_and_channels_are_checked_against_team():
    with pytest.raises(InputError, match="role 'sales'") as exc:
        policy(projects={"roles": ["sales"]})
    assert exc.value.zh.startswith("payroll.projects.roles 写了岗位“sales”，但 [team.roles] 里只有 ")
    raw = _raw()
    table = dict(raw["payroll"])
    table["projects"] = {**table["projects"],
                         "sales_target": {**table["projects"]["sales_target"], "daily_target": {"集市": 11000}}}
    with pytest.raises(InputError, match="channel '天猫'"):
        payroll_policy_from_table(table, "policy.toml", raw["team"])


def test_effective_dated_changes():
    raw = _raw()
    table = {**raw["payroll"], "changes": [
        {"start": __import__("datetime").date(2027, 1, 1), "note": "raise",
         "projects": {"sales_target": {"daily_target": {"天猫": 15000}}}}]}
    p = payroll_policy_from_table(table, "policy.toml", raw["team"])
    assert p.for_month("2026-12").projects.sales_target.daily_target["天猫"] == D(13000)
    assert p.for_month("2027-01").projects.sales_target.daily_target["天猫"] == D(15000)
    assert p.for_month("2027-01").projects.sales_target.daily_target["集市"] == D(11000)


def test_a_bad_change_is_named():
    raw = _raw()
    table = {**raw["payroll"], "changes": [{"start": __import__("datetime").date(2027, 1, 1),
                                            "wage": {"paid_day": 21}}]}
    with pytest.raises(InputError, match=r"payroll.changes\[0\].wage.paid_day"):
        payroll_policy_from_table(table, "policy.toml", raw["team"])


def test_missing_payroll_table(tmp_path):
    path = tmp_path / "p.toml"
    path.write_text('[team]\ndefault_city = "上海"\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"missing table \[payroll\]"):
        load_payroll_policy(Path(path))
