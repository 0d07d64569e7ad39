"""Pay for work beyond the monthly salary: statutory-holiday work and comprehensive-hours overtime."""
from __future__ import annotations

from decimal import Decimal

from payroll.lines import PayLine
from payroll.money import ZERO, fmt, to_decimal
from payroll.policy import PayrollPolicy
from payroll.rules.base_salary import daily_wage, hourly_wage


def holiday_overtime(employee_id: str, monthly: Decimal, holiday_days_worked: Decimal | int,
                     policy: PayrollPolicy) -> list[PayLine]:
    """Work on a statutory holiday pays 300 % of the daily wage on top of the salary (Labour Law art. 44)."""
    days = to_decimal(holiday_days_worked)
    rule = policy.holiday_overtime
    if not rule.enabled or days <= ZERO:
        return []
    daily = daily_wage(monthly, policy)
    return [PayLine.of(employee_id, "holiday_overtime", daily * rule.rate * days,
                       f"法定节假日上班 {days} 天 × 日工资 {fmt(daily)} × {rule.rate}",
                       days=days, daily_wage=daily, rate=rule.rate)]


def overtime(employee_id: str, monthly: Decimal, hours: Decimal | int, policy: PayrollPolicy) -> list[PayLine]:
    """Overtime hours (beyond the comprehensive-hours standard) pay 150 % of the hourly wage, if enabled."""
    hours = to_decimal(hours)
    rule = policy.overtime
    if not rule.enabled or hours <= ZERO:
        return []
    hourly = hourly_wage(monthly, policy)
    return [PayLine.of(employee_id, "overtime", hourly * rule.rate * hours,
                       f"加班 {hours} 小时 × 小时工资 {fmt(hourly)} ({fmt(monthly)} ÷ "
                       f"{policy.wage.standard_monthly_hours}) × {rule.rate}",
                       hours=hours, hourly_wage=hourly, rate=rule.rate)]
