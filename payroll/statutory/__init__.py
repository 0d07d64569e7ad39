"""PRC statutory pay layer: social insurance, income tax, guards and overtime-hour limits.

Pure, policy-driven functions: every rate, base and threshold comes from `StatutoryPolicy`
(the `[payroll.statutory]` table). Money is Decimal, rounded half-up to the fen by `round_fen`.
"""
from payroll.statutory.guards import (
    GuardResult,
    GuardWarning,
    MinimumWageResult,
    cap_fault_deductions,
    minimum_wage_guard,
    minimum_wage_share,
)
from payroll.statutory.income_tax import TaxMonthInput, TaxResult, TaxYTD, read_opening_ytd, withhold
from payroll.money import round_fen, round_money, round_yuan, to_decimal
from payroll.statutory.overtime_hours import HoursReport, overtime_limit_report
from payroll.statutory.policy import (
    CityPolicy,
    IncomeTaxPolicy,
    MinimumWagePeriod,
    SIItems,
    SIPeriod,
    SIRounding,
    StatutoryPolicy,
    StatutoryPolicyError,
    TaxBracket,
    load_statutory_policy,
    statutory_policy_from_table,
)
from payroll.statutory.social_insurance import SIResult, clamp_base, employee_contributions

__all__ = [
    "CityPolicy", "GuardResult", "GuardWarning", "HoursReport", "IncomeTaxPolicy", "MinimumWagePeriod",
    "MinimumWageResult", "SIItems", "SIPeriod", "SIResult", "SIRounding", "StatutoryPolicy",
    "StatutoryPolicyError", "TaxBracket", "TaxMonthInput", "TaxResult", "TaxYTD", "cap_fault_deductions",
    "clamp_base", "employee_contributions", "load_statutory_policy",
    "minimum_wage_guard", "minimum_wage_share", "overtime_limit_report", "read_opening_ytd",
    "round_fen", "round_money", "round_yuan", "statutory_policy_from_table", "to_decimal", "withhold",
]
