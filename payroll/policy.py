"""Typed `[payroll]` policy: every pay number from the seeds, validated once and passed down.

Percent thresholds that meet a KPI percent are percent numbers (`*_pct`, 90 means 90 %); multipliers
are fractions or factors (0.70, 3.0). Signed amounts: rewards ≥ 0, penalties ≤ 0, as in the ledger.
Rates are effective-dated: `[[payroll.changes]]` entries (each with `start`) override parts of the
table from that date; `for_month` returns the rules in force on the first day of a month.
`[payroll.statutory]` is validated by payroll.statutory and dates its own periods.
"""
from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, model_validator

from kefu.errors import InputError
from kefu.policy_file import PolicyValueError, read_policy_toml, validate_table
from payroll.finance_policy import BankTemplate, SlipPolicy
from payroll.money import to_decimal

try:  # the statutory layer is written alongside; payroll runs without it if absent
    from payroll.statutory.policy import StatutoryPolicy
except ImportError:  # pragma: no cover
    StatutoryPolicy = Any  # type: ignore[assignment,misc]


def _dec(v: Any) -> Any:
    if not isinstance(v, (int, float, str)) or isinstance(v, bool):
        return v
    try:
        return to_decimal(v)
    except ValueError:
        raise PolicyValueError(f"not a number: {v!r}", "应为数字") from None


Num = Annotated[Decimal, BeforeValidator(_dec)]
Reward = Annotated[Decimal, BeforeValidator(_dec), Field(ge=0)]
Penalty = Annotated[Decimal, BeforeValidator(_dec), Field(le=0)]
Pct = Annotated[Decimal, BeforeValidator(_dec), Field(ge=0)]
Scope = Literal["team", "shop"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Structure(Strict):
    """Salary structure by company stage [001]: base + commission / + performance bonus / + project rewards."""
    commission: bool = True
    project_rewards: bool = True


class BaseSalaryPolicy(Strict):
    """Monthly base by grade [000]; part months prorated by calendar days employed or by paid days."""
    grades: dict[str, Num]
    proration: Literal["calendar_days", "paid_days"] = "calendar_days"


class WagePolicy(Strict):
    """Pay conversion, 劳社部发〔2008〕3号: daily wage = monthly / 21.75, hourly = monthly / 174. Not the
    working-time standard (that is `[working_time]`, counted from the calendar's working days)."""
    paid_days_per_month: Num = Field(gt=0)
    standard_monthly_hours: Num = Field(gt=0)


class LeavePolicy(Strict):
    """事假 unpaid: a daily wage off per day. 病假 paid at sick_pay_ratio of the daily wage."""
    sick_pay_ratio: Num = Field(ge=0, le=1)


class AnnualLeaveTier(Strict):
    years_at_least: int = Field(ge=0)    # cumulative years of service, inclusive
    days: int = Field(ge=0)


class AnnualLeavePolicy(Strict):
    """Statutory annual leave (payroll.annual_leave): entitlement by service, balance, unused days paid."""
    tiers: list[AnnualLeaveTier]         # 职工带薪年休假条例 art. 3, lowest first
    days_in_year: Num = Field(gt=0)      # 实施办法 §5, §12: prorated by calendar days ÷ 365
    payout_rate: Num = Field(ge=0)       # 实施办法 §10: 300 % of the daily wage per unused day
    payout_includes_normal_wage: bool = True   # the 300 % includes the normal wage the base already paid
    year_end: Literal["pay", "carry_over"] = "pay"   # December: pay unused days, or carry them to next year
    adopted_month: str | None = None     # "YYYY-MM": the team column 年假已休（启用前） counts in that year

    @model_validator(mode="after")
    def _ordered(self) -> "AnnualLeavePolicy":
        years = [t.years_at_least for t in self.tiers]
        if years != sorted(years) or len(set(years)) != len(years):
            raise PolicyValueError("annual_leave.tiers must be listed lowest years first, each once",
                                   "annual_leave.tiers 应按工龄从低到高写，每档一次")
        if self.adopted_month is not None:
            try:
                y, m = (int(x) for x in self.adopted_month.split("-"))
                date(y, m, 1)
            except ValueError:
                raise PolicyValueError(f"adopted_month must be YYYY-MM, got {self.adopted_month!r}",
                                       f"adopted_month 应写成 YYYY-MM，现为“{self.adopted_month}”") from None
        return self


class RatePolicy(Strict):
    """Pay for hours worked beyond the standard is due by law (Labour Law art. 44): no switch, a rate."""
    rate: Num = Field(ge=1)              # multiple of the hourly overtime base (1.5 means 150 %)


class OvertimePolicy(RatePolicy):
    """Extended hours (standard hours) or hours over the period's standard (comprehensive hours), and the
    overtime base: a declared monthly base per grade (加班工资计算基数), else the grade's base salary."""
    declared_base: dict[str, Num] = {}   # grade -> monthly overtime base; grades absent use their base salary


class DutyAllowancePolicy(Strict):
    per_day: Reward


class CommissionPolicy(Strict):
    """Commission on sales annotated to the agent [000] ("没有标注接待的...不能享受对应提成")."""
    rate: Num = Field(ge=0, lt=1)
    roles: list[str]


class ExamPolicy(Strict):
    exam_weight: Num = Field(ge=0, le=1)
    daily_weight: Num = Field(ge=0, le=1)
    reward_min_score: Num                # "达到80分以上", inclusive
    reward_first: Reward
    reward: Reward
    pass_mark: Num                       # score below it fails
    penalty: Penalty
    penalty_months: int = Field(ge=1)
    levels_down: int = Field(ge=0)
    rank_scope: Scope = "team"


class TypingTier(Strict):
    at_least: Num                        # chars/min, inclusive ("高于或等于")
    amount: Reward


class TypingPolicy(Strict):
    min_accuracy_pct: Pct                # "正确率90%以上", inclusive
    tiers: list[TypingTier]
    requirement_probation: Num           # 试用期
    requirement_regular: Num             # after 转正, until senior_after_months
    requirement_senior: Num              # "转正六个月以上"
    senior_after_months: int = Field(ge=0)
    penalty: Penalty
    penalty_months: int = Field(ge=1)


class ItemsPerCustomerPolicy(Strict):
    min_completion_pct: Pct              # rewards only when the month's sales completion ≥ this
    first_above: Num                     # ranked first AND strictly above ("高于1.9件")
    reward_first: Reward
    others_at_least: Num                 # "高于或等于1.9件", inclusive
    reward_others: Reward
    penalty_below_average: Penalty       # strictly below the average of `average_scope`
    rank_scope: Scope = "team"
    average_scope: Scope = "shop"


class MonthlySummaryPolicy(Strict):
    reward_approved: Reward
    penalty_none: Penalty


class SalesTargetPolicy(Strict):
    daily_target: dict[str, Num]         # shop channel -> yuan a day
    full_pct: Pct                        # completion that earns nothing (100 %)
    step_pct: Pct = Field(gt=0)          # each full step above it ...
    reward_per_step: Reward              # ... earns this, no cap


class ProjectsPolicy(Strict):
    """Presale project rewards and negative incentives (茵曼 example [001])."""
    roles: list[str]
    exam: ExamPolicy
    typing: TypingPolicy
    items_per_customer: ItemsPerCustomerPolicy
    monthly_summary: MonthlySummaryPolicy
    sales_target: SalesTargetPolicy


class MetricStandard(Strict):
    better: Literal["lower", "higher"]
    standard: Num | None = None          # meets it (inclusive): full points; None: min-max in the group


class ScorecardPolicy(Strict):
    """Appraisal scorecard [000][001]; an appraisal_score given in the KPI sheet takes precedence."""
    metrics: dict[str, MetricStandard]
    weights: dict[str, dict[str, Num]]   # role -> metric -> weight; roles absent are not ranked


class ReviewPolicy(Strict):
    """人事预警 [001]: elimination review, misconduct review [000], promotion review."""
    sales_last_months: int = Field(ge=1)
    sales_roles: list[str]
    sales_measure: Literal["completion", "sales"] = "completion"
    appraisal_last_months: int = Field(ge=1)
    colleague_complaints_in_month: int = Field(ge=1)   # "10个以上", inclusive
    misconduct_min_stars: int = Field(ge=1)
    promotion_clean_months: int = Field(ge=1)
    levels: list[str]                    # the ladder, lowest first


class ClockInColumns(Strict):
    """Which header of the clock-in sheet holds each field: spellings in order of preference
    (case-insensitive), so an attendance export (钉钉, 企业微信) reads as it is."""
    employee_id: list[str] = Field(min_length=1)
    date: list[str] = Field(min_length=1)
    first_in: list[str] = Field(min_length=1)
    last_out: list[str] = Field(min_length=1)


class LatenessTier(Strict):
    at_least_minutes: int = Field(ge=1)  # minutes late (after the start) or early (before the end), inclusive
    amount: Penalty


class ClockInPolicy(Strict):
    """迟到、早退、旷工 from a clock-in sheet matched against the roster: company rules (employee handbook).

    Late (early) by more than the grace minutes costs the amount of the highest tier reached; late or
    early by more than `half_day_absent_after_minutes` (`whole_day_...`) counts as half (a whole) day
    absent instead. A rostered shift with no punch at all is a day absent; one punch missing counts
    `missing_punch_absent_days` (0: a notice only).
    """
    sheets: list[str] = []               # sheet names tried first; otherwise the first sheet with the columns
    columns: ClockInColumns
    late_grace_minutes: int = Field(ge=0)
    early_grace_minutes: int = Field(ge=0)
    late_tiers: list[LatenessTier] = Field(min_length=1)
    early_tiers: list[LatenessTier] = Field(min_length=1)
    half_day_absent_after_minutes: int = Field(ge=1)
    whole_day_absent_after_minutes: int = Field(ge=1)
    missing_punch_absent_days: Num = Field(ge=0, le=1)

    @model_validator(mode="after")
    def _consistent(self) -> ClockInPolicy:
        if self.missing_punch_absent_days not in (0, Decimal("0.5"), 1):
            raise PolicyValueError("clock_in.missing_punch_absent_days must be 0, 0.5 or 1",
                                   "clock_in.missing_punch_absent_days 只能是 0、0.5 或 1")
        if self.half_day_absent_after_minutes > self.whole_day_absent_after_minutes:
            raise PolicyValueError("clock_in.half_day_absent_after_minutes must not exceed "
                                   "whole_day_absent_after_minutes",
                                   "clock_in.half_day_absent_after_minutes 不能大于 whole_day_absent_after_minutes")
        for name, grace, tiers in (("late", self.late_grace_minutes, self.late_tiers),
                                   ("early", self.early_grace_minutes, self.early_tiers)):
            minutes = [t.at_least_minutes for t in tiers]
            if minutes != sorted(minutes, reverse=True):
                raise PolicyValueError(f"clock_in.{name}_tiers must be listed highest first",
                                       f"clock_in.{name}_tiers 应从最高档往下写")
            # every occurrence beyond the grace must reach a tier, or it would be late without a consequence
            if minutes[-1] > grace + 1:
                raise PolicyValueError(f"clock_in.{name}_tiers: the lowest tier ({minutes[-1]} min) leaves "
                                       f"{grace + 1}..{minutes[-1] - 1} min beyond the grace ({grace} min) "
                                       "without an amount",
                                       f"clock_in.{name}_tiers：最低档 {minutes[-1]} 分钟，超过宽限 {grace} 分钟但不到"
                                       f" {minutes[-1]} 分钟的没有对应金额")
        return self


class PolicyChange(Strict):
    start: date
    note: str = ""


class PayrollPolicy(Strict):
    """The `[payroll]` table as in force from `effective_from` (see for_month for later changes)."""
    effective_from: date | None = None
    structure: Structure = Structure()
    wage: WagePolicy
    base_salary: BaseSalaryPolicy
    leave: LeavePolicy
    holiday_overtime: RatePolicy
    rest_day_overtime: RatePolicy
    overtime: OvertimePolicy
    duty_allowance: DutyAllowancePolicy
    commission: CommissionPolicy
    projects: ProjectsPolicy
    scorecard: ScorecardPolicy
    review: ReviewPolicy
    annual_leave: AnnualLeavePolicy | None = None     # None: no annual-leave balance or payout
    statutory: StatutoryPolicy | None = None  # type: ignore[valid-type]
    bank_files: dict[str, BankTemplate] = {}  # bank batch-file layouts by id (payroll.finance_policy)
    slips: SlipPolicy = SlipPolicy()          # the per-employee slips' password rule
    clock_in: ClockInPolicy | None = None   # only needed with payroll run --clock-in
    # a net pay below zero: "refuse" stops the run naming the employee; "carry_over" brings it to 0 with an
    # explicit line and deducts the amount next month (payroll.rules.negative_net)
    negative_net: Literal["refuse", "carry_over"] = "refuse"
    changes: list[PolicyChange] = []

    _versions: list[tuple[date, "PayrollPolicy"]] = PrivateAttr(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> PayrollPolicy:
        if self.projects.exam.exam_weight + self.projects.exam.daily_weight != 1:
            raise PolicyValueError("projects.exam: exam_weight + daily_weight must be 1",
                                   "projects.exam：exam_weight 与 daily_weight 之和应为 1")
        if self.statutory is not None and self.statutory.paid_days_per_month != self.wage.paid_days_per_month:
            raise PolicyValueError(f"wage.paid_days_per_month {self.wage.paid_days_per_month} differs from "
                                   f"statutory.paid_days_per_month {self.statutory.paid_days_per_month}",
                                   f"wage.paid_days_per_month {self.wage.paid_days_per_month} 与 "
                                   f"statutory.paid_days_per_month {self.statutory.paid_days_per_month} 不一致")
        unknown = sorted(set(self.overtime.declared_base) - set(self.base_salary.grades))
        if unknown:
            raise PolicyValueError(f"overtime.declared_base names grade(s) {unknown}, not in base_salary.grades",
                                   f"overtime.declared_base 写了薪资档 {'、'.join(unknown)}，但 base_salary.grades 里没有")
        tiers = [t.at_least for t in self.projects.typing.tiers]
        if tiers != sorted(tiers, reverse=True):
            raise PolicyValueError("projects.typing.tiers must be listed highest first",
                                   "projects.typing.tiers 应从最高档往下写")
        for role, weights in self.scorecard.weights.items():
            for metric in weights:
                if metric not in self.scorecard.metrics:
                    raise PolicyValueError(f"scorecard.weights.{role} names metric {metric!r}, not one of "
                                           f"{sorted(self.scorecard.metrics)}",
                                           f"scorecard.weights.{role} 写了指标“{metric}”，但 scorecard.metrics 里只有 "
                                           + "、".join(sorted(self.scorecard.metrics)))
        return self

    def for_month(self, month: str | date) -> PayrollPolicy:
        """The policy in force on the first day of `month` ("YYYY-MM" or a date)."""
        first = month.replace(day=1) if isinstance(month, date) else date(*map(int, str(month).split("-")[:2]), 1)
        current = self
        for start, version in self._versions:
            if start <= first:
                current = version
        return current

    def grade_base(self, grade: str | None) -> Decimal | None:
        return None if grade is None else self.base_salary.grades.get(grade.strip())


def _merge(base: dict, override: dict) -> dict:
    out = copy.deepcopy(base)
    for k, v in override.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def payroll_policy_from_table(table: dict[str, Any], path: str | Path = "policy",
                              team_table: dict[str, Any] | None = None) -> PayrollPolicy:
    """Validate `[payroll]` and each effective-dated change; cross-check roles and channels of `[team]`."""
    changes = table.get("changes", [])
    if not isinstance(changes, list):
        raise InputError("payroll.changes must be an array of tables [[payroll.changes]]", file=path,
                         zh="payroll.changes 应写成表数组 [[payroll.changes]]")
    base = {k: v for k, v in table.items() if k != "changes"}
    infos = [{"start": c.get("start"), "note": c.get("note", "")} for c in changes]
    policy = validate_table(PayrollPolicy, {**base, "changes": infos}, path, "payroll")
    merged, versions = base, []
    for i, change in sorted(enumerate(changes), key=lambda ic: policy.changes[ic[0]].start):
        override = {k: v for k, v in change.items() if k not in ("start", "note")}
        if "statutory" in override or "changes" in override:
            raise InputError(f"payroll.changes[{i}]: statutory periods are dated in [payroll.statutory] itself",
                             file=path, zh=f"payroll.changes[{i}]：社保、最低工资等法定数据在 [payroll.statutory] "
                                           "里按期间写明日期，不能放在 [[payroll.changes]] 中")
        merged = _merge(merged, override)
        version = validate_table(PayrollPolicy, merged, path, f"payroll.changes[{i}]")
        versions.append((policy.changes[i].start, version))
    policy._versions.extend(versions)
    for _, version in [(None, policy), *versions]:
        _check_against_team(version, team_table, path)
    return policy


def _check_against_team(policy: PayrollPolicy, team: dict[str, Any] | None, path) -> None:
    if not team:
        return
    roles = set(team.get("roles", {}))
    named = [("projects.roles", policy.projects.roles), ("commission.roles", policy.commission.roles),
             ("review.sales_roles", policy.review.sales_roles),
             ("scorecard.weights", list(policy.scorecard.weights))]
    for where, names in named:
        for role in names:
            if roles and role not in roles:
                raise InputError(f"payroll.{where} names role {role!r}, not one of {sorted(roles)} in [team.roles]",
                                 file=path, zh=f"payroll.{where} 写了岗位“{role}”，但 [team.roles] 里只有 "
                                               + "、".join(sorted(roles)))
    leave_types = team.get("leave_types")
    if policy.annual_leave is not None and isinstance(leave_types, dict) and not any(
            isinstance(t, dict) and t.get("annual") for t in leave_types.values()):
        raise InputError("payroll.annual_leave needs a leave type with annual = true in [team.leave_types]",
                         file=path, zh="有 payroll.annual_leave 时，[team.leave_types] 中须有一种假期写 annual = true（年假）")
    targets = policy.projects.sales_target.daily_target
    for shop, data in team.get("shops", {}).items():
        channel = data.get("channel") if isinstance(data, dict) else None
        if channel is not None and channel not in targets:
            raise InputError(f"payroll.projects.sales_target.daily_target has no target for channel {channel!r} "
                             f"(shop {shop})", file=path,
                             zh=f"payroll.projects.sales_target.daily_target 里没有渠道“{channel}”的日目标"
                                f"（店铺 {shop}）")


def load_payroll_policy(path: str | Path) -> PayrollPolicy:
    """Read the policy file once and return its validated `[payroll]` table (InputError otherwise)."""
    raw = read_policy_toml(path)
    if "payroll" not in raw:
        raise InputError("missing table [payroll]", file=path, zh="缺少表 [payroll]")
    return payroll_policy_from_table(raw["payroll"], path, raw.get("team"))
