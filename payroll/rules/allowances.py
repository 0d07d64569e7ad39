"""Allowances and deductions outside the project rewards: duty, commission, other items from HR."""
from __future__ import annotations

from decimal import Decimal

from payroll.kpi import KpiRecord
from payroll.lines import PayLine
from payroll.money import ZERO, fmt, to_decimal
from payroll.policy import PayrollPolicy


def duty_allowance(employee_id: str, duty_days: Decimal | int, policy: PayrollPolicy) -> list[PayLine]:
    """Each on-duty 值班 day earns the policy's per-day allowance (default none)."""
    days, per_day = to_decimal(duty_days), policy.duty_allowance.per_day
    if days <= ZERO or per_day <= ZERO:
        return []
    return [PayLine.of(employee_id, "duty_allowance", per_day * days, f"值班 {days} 天 × {fmt(per_day)}",
                       days=days, per_day=per_day)]


def commission(employee_id: str, role: str, sales: Decimal | None, policy: PayrollPolicy) -> list[PayLine]:
    """Commission on sales annotated to the agent only [000] ("没有标注接待的...不能享受对应提成")."""
    rule = policy.commission
    if (not policy.structure.commission or role not in rule.roles or rule.rate <= ZERO
            or sales is None or sales <= ZERO):
        return []
    return [PayLine.of(employee_id, "commission", sales * rule.rate,
                       f"标注销售额 {fmt(sales)} × 提成比例 {rule.rate}", sales=sales, rate=rule.rate)]


def other_items(record: KpiRecord) -> list[PayLine]:
    """其他补贴 and 其他扣款 exactly as HR entered them in the KPI sheet, with the row's 备注 (the
    reason, e.g. 主管津贴) in their words."""
    lines = []
    why = f"：{record.note}" if record.note else ""
    if record.other_allowance:
        lines.append(PayLine.of(record.employee_id, "other_allowance", record.other_allowance,
                                f"其他补贴 {fmt(record.other_allowance)}{why} (考核表第 {record.row} 行)",
                                kpi_row=record.row))
    if record.other_deduction:
        lines.append(PayLine.of(record.employee_id, "other_deduction", -record.other_deduction,
                                f"其他扣款 {fmt(record.other_deduction)}{why} (考核表第 {record.row} 行)",
                                kpi_row=record.row))
    return lines
