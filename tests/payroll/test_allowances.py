"""duty_allowance, commission (annotated sales only), other_allowance / other_deduction."""
from decimal import Decimal as D

from payroll_testkit import agent, policy

from payroll.rules.allowances import commission, duty_allowance, other_items

P = policy()


def test_duty_allowance_defaults_to_nothing():
    assert duty_allowance("KF1", 5, P) == []


def test_duty_allowance_per_day():
    [line] = duty_allowance("KF1", 3, policy(duty_allowance={"per_day": 30}))
    assert line.amount == D("90.00") and line.figures["days"] == 3


def test_commission_default_rate_is_zero():
    assert commission("KF1", "presale", D(100000), P) == []


def test_commission_on_annotated_sales_for_named_roles_only():
    p = policy(commission={"rate": 0.005})
    [line] = commission("KF1", "presale", D("200000.50"), p)
    assert line.amount == D("1000.00")        # 1000.0025 rounds half-up once
    assert commission("KF1", "aftersale", D(200000), p) == []
    assert commission("KF1", "presale", None, p) == []
    assert commission("KF1", "presale", D(200000), policy(commission={"rate": 0.005},
                                                          structure={"commission": False})) == []


def test_other_items_are_signed_as_entered():
    lines = other_items(agent(other_allowance="200", other_deduction="50.5").kpi)
    assert [(ln.rule_id, ln.amount) for ln in lines] == [("other_allowance", D("200.00")),
                                                          ("other_deduction", D("-50.50"))]


def test_other_items_carry_the_rows_note():
    lines = other_items(agent(other_allowance="300", other_deduction="50", note="主管津贴").kpi)
    assert [ln.reason.split(" (")[0] for ln in lines] == ["其他补贴 300.00：主管津贴", "其他扣款 50.00：主管津贴"]
    [plain] = other_items(agent(other_allowance="300").kpi)
    assert "：" not in plain.reason
