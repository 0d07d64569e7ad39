"""The pay-ledger line: one signed amount per employee × rule, with its reason and figures.

Every pay rule returns `PayLine`s; the ledger stores them and the register, slips, 奖罚明细 and
totals are views of them. `RULES` is the catalogue of rule_ids (SPEC §4), in register order.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from payroll.money import round_fen

Kind = Literal["earning", "reward", "penalty", "deduction", "statutory"]


@dataclass(frozen=True)
class RuleInfo:
    rule_id: str
    name: str          # Chinese label for workbooks
    kind: Kind         # earning/deduction: attendance pay; reward/penalty: 奖罚明细; statutory: SI, tax


RULES: dict[str, RuleInfo] = {r.rule_id: r for r in (
    RuleInfo("base_salary", "基本工资", "earning"),
    RuleInfo("commission", "提成", "earning"),
    RuleInfo("duty_allowance", "值班补贴", "earning"),
    RuleInfo("overtime", "延时加班费", "earning"),
    RuleInfo("rest_day_overtime", "休息日加班费", "earning"),
    RuleInfo("holiday_overtime", "法定节假日加班费", "earning"),
    RuleInfo("unpaid_leave", "事假扣款", "deduction"),
    RuleInfo("sick_leave", "病假扣款", "deduction"),
    RuleInfo("absence", "旷工扣款", "deduction"),
    RuleInfo("late_arrival", "迟到", "penalty"),
    RuleInfo("early_leave", "早退", "penalty"),
    RuleInfo("partly_paid_leave", "按比例计薪假扣款", "deduction"),
    RuleInfo("annual_leave_payout", "未休年假工资", "earning"),
    RuleInfo("exam", "考试", "reward"),
    RuleInfo("typing", "打字", "reward"),
    RuleInfo("items_per_customer", "客件数", "reward"),
    RuleInfo("monthly_summary", "月总结", "reward"),
    RuleInfo("sales_target", "业绩超额奖励", "reward"),
    RuleInfo("other_allowance", "其他补贴", "earning"),
    RuleInfo("other_deduction", "其他扣款", "deduction"),
    RuleInfo("negative_net_carry", "负实发结转下月", "deduction"),
    RuleInfo("negative_net_recovery", "上月负实发扣回", "deduction"),
    RuleInfo("social_insurance", "社保公积金个人", "statutory"),
    RuleInfo("income_tax", "个人所得税", "statutory"),
)}


# Deductions taken from pay after tax (实发 = 应发 − 社保公积金 − 个税 − these): money the employee pays
# back out of their wage (compensation for a loss, 工资支付暂行规定 §16; any other 其他扣款) is not a
# reduction of wage income, so it is neither in 应发 nor in the income taxed. The 20 % cap's give-back
# and the carried-over excess move that money between months and stay on the same side of the tax.
AFTER_TAX_RULES = ("other_deduction", "fault_deduction_cap", "fault_deduction_carry",
                   "negative_net_carry", "negative_net_recovery")   # a negative net moved to next month

# Pay for hours worked beyond the standard (payroll.rules.overtime): shown in words (hours × hourly
# wage × rate) in 奖罚明细 and under each pay slip.
HOURS_RULES = ("overtime", "rest_day_overtime", "holiday_overtime")


@dataclass(frozen=True)
class PayLine:
    """One line of the pay ledger. `amount` is signed yuan, already rounded to the fen.

    `figures` holds the inputs that produced the line (score, rank, threshold, days ...), as plain
    JSON-able values (str, int, bool, Decimal, lists), so 奖罚明细 can show why.
    """

    employee_id: str
    rule_id: str
    amount: Decimal
    reason: str
    figures: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            raise TypeError(f"PayLine amount must be Decimal, got {type(self.amount).__name__}")
        if self.amount != round_fen(self.amount):
            raise ValueError(f"PayLine amount {self.amount} is not rounded to the fen; use PayLine.of")

    @classmethod
    def of(cls, employee_id: str, rule_id: str, amount: Decimal, reason: str, **figures: Any) -> PayLine:
        """A line whose raw amount is rounded half-up to the fen here, once."""
        return cls(employee_id, rule_id, round_fen(amount), reason, dict(figures))

    @property
    def kind(self) -> Kind:
        info = RULES.get(self.rule_id)
        return info.kind if info else ("earning" if self.amount >= 0 else "deduction")


@dataclass(frozen=True)
class LevelChange:
    """A change of level decided by a rule (exam demotion); the ledger records it for later months.

    `restart_promotion_clock`: the clean-months count toward promotion starts again at 0
    (always after a demotion; for a P1, who cannot go lower, it is the whole sanction).
    """

    employee_id: str
    rule_id: str
    level_from: str | None
    level_to: str | None
    restart_promotion_clock: bool
    reason: str
