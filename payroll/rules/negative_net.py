"""A net pay below zero is never accepted silently (policy `[payroll] negative_net`).

When an employee's lines sum to less than zero — deductions, social insurance and tax above the month's
pay — "refuse" stops the run with the employee and the figures named; "carry_over" adds a line
`negative_net_carry` bringing the net to 0, and next month's run deducts the same amount with a line
`negative_net_recovery` (read from the previous closed month). Both are after-tax lines: the money is a
debt between the employee and the company, not a change of the wage income that was taxed.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Sequence

from kefu.errors import InputError
from payroll.lines import AFTER_TAX_RULES, PayLine
from payroll.money import ZERO

CARRY, RECOVERY = "negative_net_carry", "negative_net_recovery"


def recovery(employee_id: str, carried: Decimal, from_month: str) -> list[PayLine]:
    """Last month's negative net, deducted this month (nothing when there was none)."""
    if carried <= 0:
        return []
    return [PayLine(employee_id, RECOVERY, -carried, f"{from_month} 实发为负，结转到本月扣回 {carried:,.2f}",
                    {"from_month": from_month, "carried": carried})]


def settle(employee_id: str, name: str, lines: Sequence[PayLine], policy: str, month: str) -> list[PayLine]:
    """The carry line when the net is below zero under "carry_over"; InputError naming the figures under "refuse"."""
    net = sum((ln.amount for ln in lines), ZERO)
    if net >= 0:
        return []
    if policy == "carry_over":
        return [PayLine(employee_id, CARRY, -net, f"实发为负 {net:,.2f}，本月按 0 发放，差额结转到下月扣回",
                        {"net_before": net})]
    si = -sum((ln.amount for ln in lines if ln.rule_id == "social_insurance"), ZERO)
    tax = -sum((ln.amount for ln in lines if ln.rule_id == "income_tax"), ZERO)
    after = -sum((ln.amount for ln in lines if ln.rule_id in AFTER_TAX_RULES), ZERO)
    gross = net + si + tax + after
    figures = f"应发 {gross:,.2f}，社保公积金 {si:,.2f}，个人所得税 {tax:,.2f}，税后扣款 {after:,.2f}"
    raise InputError(
        f"{employee_id} {name}: net pay {net:,.2f} in {month} is below zero (gross {gross:,.2f}, social insurance "
        f"{si:,.2f}, income tax {tax:,.2f}, after-tax deductions {after:,.2f}); check the inputs, or set "
        '[payroll] negative_net = "carry_over" to carry it to next month',
        zh=f"{employee_id} {name} {month} 的实发工资为 {net:,.2f}，小于 0（{figures}）；请核对输入，"
           '或在策略 [payroll] 设 negative_net = "carry_over" 把差额结转到下月扣回')
