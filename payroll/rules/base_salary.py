"""Base salary by grade, prorated for part months, and the leave deductions taken from it.

Proration (policy base_salary.proration):
- "calendar_days" (default): base × calendar days employed ÷ days in the month. Every calendar day
  of employment is worth the same, so a February joiner and a July joiner are treated alike and the
  result never exceeds the monthly base.
- "paid_days": base ÷ 21.75 × paid days employed (the 劳社部发〔2008〕3号 daily wage), capped at base.
Leave is then deducted at the daily wage by its type's pay (kefu.leave_types): unpaid (事假) a whole
daily wage a day, sick_pay (病假) (1 − [payroll.leave].sick_pay_ratio), ratio (1 − the type's
pay_ratio); paid in full (年假, 婚假, 产假, 陪产假, 丧假, 调休) nothing — the month's base already pays it.
"""
from __future__ import annotations

from decimal import Decimal

from kefu.errors import InputError
from kefu.leave_types import DEFAULT_LEAVE, LeaveTypes
from kefu.team import Employee
from payroll.lines import PayLine
from payroll.money import ZERO, fmt, to_decimal
from payroll.policy import PayrollPolicy


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


def unpaid_leave(employee_id: str, monthly: Decimal, days: Decimal | int, policy: PayrollPolicy,
                 name: str = "事假", code: str = "PL") -> list[PayLine]:
    """Unpaid leave (事假): each day deducts one daily wage (monthly ÷ 21.75)."""
    days = to_decimal(days)
    if days <= ZERO:
        return []
    daily = daily_wage(monthly, policy)
    return [PayLine.of(employee_id, "unpaid_leave", -daily * days,
                       f"{name} {days} 天 × 日工资 {fmt(daily)} ({fmt(monthly)} ÷ {policy.wage.paid_days_per_month})",
                       days=days, monthly=monthly, daily_wage=daily, **({} if code == "PL" else {"leave": code}))]


def sick_leave(employee_id: str, monthly: Decimal, days: Decimal | int, policy: PayrollPolicy,
               name: str = "病假", code: str = "SL") -> list[PayLine]:
    """Sick leave (病假) is paid at sick_pay_ratio of the daily wage: each day deducts the rest of it."""
    days = to_decimal(days)
    ratio = policy.leave.sick_pay_ratio
    if days <= ZERO or ratio >= 1:
        return []
    daily = daily_wage(monthly, policy)
    return [PayLine.of(employee_id, "sick_leave", -daily * (1 - ratio) * days,
                       f"{name} {days} 天 × 日工资 {fmt(daily)} × (1 − 病假工资比例 {ratio})",
                       days=days, monthly=monthly, daily_wage=daily, sick_pay_ratio=ratio,
                       **({} if code == "SL" else {"leave": code}))]


def partly_paid_leave(employee_id: str, monthly: Decimal, days: Decimal | int, ratio: Decimal, name: str,
                      code: str, policy: PayrollPolicy) -> list[PayLine]:
    """Leave paid at its type's pay_ratio of the daily wage: each day deducts the rest of it."""
    days = to_decimal(days)
    if days <= ZERO or ratio >= 1:
        return []
    daily = daily_wage(monthly, policy)
    return [PayLine.of(employee_id, "partly_paid_leave", -daily * (1 - ratio) * days,
                       f"{name} {days} 天 × 日工资 {fmt(daily)} × (1 − 计薪比例 {ratio})",
                       days=days, monthly=monthly, daily_wage=daily, pay_ratio=ratio, leave=code)]


def leave_pay(employee_id: str, monthly: Decimal, days_by_code: dict[str, int], policy: PayrollPolicy,
              leave: LeaveTypes = DEFAULT_LEAVE) -> list[PayLine]:
    """The month's leave deductions, one line per leave type taken that is not paid in full."""
    out: list[PayLine] = []
    for code, t in leave.types.items():
        days = days_by_code.get(code, 0)
        if t.pay == "unpaid":
            out += unpaid_leave(employee_id, monthly, days, policy, t.name, code)
        elif t.pay == "sick_pay":
            out += sick_leave(employee_id, monthly, days, policy, t.name, code)
        elif t.pay == "ratio":
            out += partly_paid_leave(employee_id, monthly, days, t.pay_ratio, t.name, code, policy)
    return out
