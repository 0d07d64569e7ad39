"""Base salary by grade, prorated for part months, and the leave deductions taken from it.

Proration (policy base_salary.proration):
- "calendar_days" (default): base × calendar days employed ÷ days in the month. Every calendar day
  of employment is worth the same, so a February joiner and a July joiner are treated alike and the
  result never exceeds the monthly base.
- "paid_days": base ÷ 21.75 × paid days employed (the 劳社部发〔2008〕3号 daily wage), capped at base.
Leave is then deducted at the daily wage: 事假 a whole daily wage a day, 病假 (1 − sick_pay_ratio).
"""
from __future__ import annotations

from decimal import Decimal

from payroll.lines import PayLine
from payroll.money import ZERO, fmt, to_decimal
from payroll.policy import PayrollPolicy
from roster.errors import InputError
from roster.team import Employee


def grade_monthly(employee: Employee, policy: PayrollPolicy) -> Decimal:
    """The monthly base of the employee's grade 薪资档 [000]; an unknown grade names the team cell."""
    amount = policy.grade_base(employee.grade)
    if amount is None:
        known = ", ".join(policy.base_salary.grades)
        grade_zh = "为空" if not employee.grade else f"“{employee.grade}”不是策略里的薪资档"
        raise InputError(f"薪资档 {employee.grade!r} of {employee.employee_id} is not a grade of the policy "
                         f"({known})", sheet="员工", row=employee.row, column="薪资档",
                         zh=f"{employee.employee_id} 的薪资档{grade_zh}（可填：{'、'.join(policy.base_salary.grades)}）")
    return amount


def daily_wage(monthly: Decimal, policy: PayrollPolicy) -> Decimal:
    """Daily wage = monthly ÷ 21.75 (劳社部发〔2008〕3号); unrounded, the line rounds once."""
    return monthly / policy.wage.paid_days_per_month


def hourly_wage(monthly: Decimal, policy: PayrollPolicy) -> Decimal:
    """Hourly wage = monthly ÷ 174 (劳社部发〔2008〕3号); unrounded."""
    return monthly / policy.wage.standard_monthly_hours


def base_salary(employee_id: str, monthly: Decimal, days_in_month: int, days_employed: int,
                policy: PayrollPolicy, paid_days_employed: Decimal | int | None = None) -> list[PayLine]:
    """Base salary of the grade, prorated when employed only part of the month [000]."""
    if days_employed <= 0:
        return []
    if days_employed >= days_in_month:
        return [PayLine.of(employee_id, "base_salary", monthly, f"基本工资 {fmt(monthly)}",
                           monthly=monthly, days_employed=days_employed, days_in_month=days_in_month)]
    if policy.base_salary.proration == "paid_days":
        if paid_days_employed is None:
            raise ValueError("proration 'paid_days' needs paid_days_employed")
        paid = to_decimal(paid_days_employed)
        amount = min(monthly, daily_wage(monthly, policy) * paid)
        reason = (f"基本工资 {fmt(monthly)} ÷ {policy.wage.paid_days_per_month} × {paid} 天 "
                  f"(在职 {days_employed}/{days_in_month} 天)")
        return [PayLine.of(employee_id, "base_salary", amount, reason, monthly=monthly, method="paid_days",
                           paid_days_employed=paid, days_employed=days_employed, days_in_month=days_in_month)]
    amount = monthly * days_employed / days_in_month
    reason = f"基本工资 {fmt(monthly)} × 在职 {days_employed}/{days_in_month} 天"
    return [PayLine.of(employee_id, "base_salary", amount, reason, monthly=monthly, method="calendar_days",
                       days_employed=days_employed, days_in_month=days_in_month)]


def unpaid_leave(employee_id: str, monthly: Decimal, days: Decimal | int, policy: PayrollPolicy) -> list[PayLine]:
    """事假 is unpaid: each day deducts one daily wage (monthly ÷ 21.75)."""
    days = to_decimal(days)
    if days <= ZERO:
        return []
    daily = daily_wage(monthly, policy)
    return [PayLine.of(employee_id, "unpaid_leave", -daily * days,
                       f"事假 {days} 天 × 日工资 {fmt(daily)} ({fmt(monthly)} ÷ {policy.wage.paid_days_per_month})",
                       days=days, monthly=monthly, daily_wage=daily)]


def sick_leave(employee_id: str, monthly: Decimal, days: Decimal | int, policy: PayrollPolicy) -> list[PayLine]:
    """病假 is paid at sick_pay_ratio of the daily wage: each day deducts the rest of it."""
    days = to_decimal(days)
    ratio = policy.leave.sick_pay_ratio
    if days <= ZERO or ratio >= 1:
        return []
    daily = daily_wage(monthly, policy)
    return [PayLine.of(employee_id, "sick_leave", -daily * (1 - ratio) * days,
                       f"病假 {days} 天 × 日工资 {fmt(daily)} × (1 − 病假工资比例 {ratio})",
                       days=days, monthly=monthly, daily_wage=daily, sick_pay_ratio=ratio)]
