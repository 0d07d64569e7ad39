"""Typed statutory policy: the `[payroll.statutory]` table of the policy TOML.

Every rate, base, threshold and bracket of the PRC statutory layer lives here as effective-dated
data (per city where the law is local). The models reject unknown keys so a misspelt key is an
error naming the table and key, never a silently ignored setting. Nothing here computes pay.
"""
from __future__ import annotations

import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from kefu.policy_file import PolicyValueError
from payroll.money import ZERO, Rounding, to_decimal

TABLE = "payroll.statutory"
SI_PERIOD_MONTHS = 12      # contribution bases are published once a year (each July in Shanghai)


class StatutoryPolicyError(ValueError):
    """The statutory policy is invalid or does not cover the requested city and month.

    `str()` is the English message; `zh` says the same in Chinese (what the `payroll` command prints).
    """

    def __init__(self, message: str, zh: str | None = None):
        super().__init__(message)
        self.zh = zh or message


def _decimal(value: Any) -> Any:
    # TOML gives floats for 0.08; go through repr so the policy holds exactly what was written.
    if isinstance(value, (float, int, str)) and not isinstance(value, bool):
        try:
            return to_decimal(value)
        except ValueError:
            raise PolicyValueError(f"not a number: {value!r}", "应为数字") from None
    return value


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SIRounding(_Model):
    """How each employee contribution is rounded: "fen" or "yuan", both half-up."""

    pension: Rounding = "fen"
    medical: Rounding = "fen"
    unemployment: Rounding = "fen"
    housing_fund: Rounding = "fen"


class SIItems(_Model):
    """Employee rates of one period. medical_fixed is a flat monthly amount some cities add."""

    pension: Decimal
    medical: Decimal
    unemployment: Decimal
    medical_fixed: Decimal = ZERO
    housing_fund_rate: Decimal
    rounding: SIRounding = SIRounding()

    _dec = field_validator("pension", "medical", "unemployment", "medical_fixed", "housing_fund_rate",
                           mode="before")(_decimal)

    @field_validator("pension", "medical", "unemployment")
    @classmethod
    def _rate_is_fraction(cls, v: Decimal) -> Decimal:
        if not ZERO <= v < 1:
            raise PolicyValueError(f"rate {v} must be a fraction between 0 and 1 (8 % is 0.08)",
                                   "费率应为 0 到 1 之间的小数（8% 写作 0.08）")
        return v

    @field_validator("medical_fixed")
    @classmethod
    def _fixed_not_negative(cls, v: Decimal) -> Decimal:
        if v < ZERO:
            raise PolicyValueError(f"medical_fixed {v} must not be negative", "不能为负数")
        return v

    @field_validator("housing_fund_rate")
    @classmethod
    def _hf_rate_in_legal_range(cls, v: Decimal) -> Decimal:
        # 住房公积金管理条例 and the 2005 建金管〔2005〕5号 notice: 5 % to 12 %.
        if not Decimal("0.05") <= v <= Decimal("0.12"):
            raise PolicyValueError(f"housing_fund_rate {v} is outside 0.05..0.12 (5 % to 12 %)",
                                   "公积金比例应在 0.05 到 0.12 之间（5% 至 12%）")
        return v


class SIPeriod(_Model):
    """Social insurance and housing fund of one city for a date range (end inclusive, open if absent).

    provisional: the figures are not the official ones for this range (e.g. last year's bases carried
    forward until the city publishes the new ones, as cities collect provisionally and settle later);
    every run that uses such a period says so, with `note`.
    """

    start: date
    end: date | None = None
    provisional: bool = False
    note: str = ""
    si_base_floor: Decimal
    si_base_cap: Decimal
    hf_base_floor: Decimal
    hf_base_cap: Decimal
    items: SIItems

    _dec = field_validator("si_base_floor", "si_base_cap", "hf_base_floor", "hf_base_cap",
                           mode="before")(_decimal)

    @model_validator(mode="after")
    def _ranges(self) -> SIPeriod:
        if self.end is not None and self.end < self.start:
            raise PolicyValueError(f"end {self.end} is before start {self.start}",
                                   f"结束日期 end {self.end} 早于开始日期 start {self.start}")
        if not ZERO <= self.si_base_floor <= self.si_base_cap:
            raise PolicyValueError(f"si_base_floor {self.si_base_floor} must be ≤ si_base_cap {self.si_base_cap}",
                                   f"社保基数下限 si_base_floor {self.si_base_floor} 应不大于上限 si_base_cap "
                                   f"{self.si_base_cap}")
        if not ZERO <= self.hf_base_floor <= self.hf_base_cap:
            raise PolicyValueError(f"hf_base_floor {self.hf_base_floor} must be ≤ hf_base_cap {self.hf_base_cap}",
                                   f"公积金基数下限 hf_base_floor {self.hf_base_floor} 应不大于上限 hf_base_cap "
                                   f"{self.hf_base_cap}")
        return self

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def staleness(self, day: date) -> str | None:
        """Why figures used for `day` may not be the official ones, or None.

        Provisional periods always say so. Bases are republished every year, so an open-ended period
        used a year or more after its start is flagged too: the tool never carries figures forward
        silently.
        """
        months_old = (day.year - self.start.year) * 12 + day.month - self.start.month
        reasons = []
        if self.provisional:
            reasons.append("标为暂定")
        if self.end is None and months_old >= SI_PERIOD_MONTHS:
            reasons.append(f"未设结束日期，距开始已 {months_old} 个月（缴费基数每年重新公布）")
        if not reasons:
            return None
        return "，且".join(reasons) + (f"；策略备注：{self.note}" if self.note else "")


class MinimumWagePeriod(_Model):
    """Monthly minimum wage of a city from `start` (end inclusive, open if absent).

    includes_social_insurance: whether the employee's own social insurance and housing fund count
    inside the minimum (most cities) or come on top of it (e.g. Shanghai).
    """

    start: date
    end: date | None = None
    monthly: Decimal
    includes_social_insurance: bool

    _dec = field_validator("monthly", mode="before")(_decimal)

    @model_validator(mode="after")
    def _range(self) -> MinimumWagePeriod:
        if self.end is not None and self.end < self.start:
            raise PolicyValueError(f"end {self.end} is before start {self.start}",
                                   f"结束日期 end {self.end} 早于开始日期 start {self.start}")
        if self.monthly <= ZERO:
            raise PolicyValueError(f"monthly minimum wage {self.monthly} must be positive",
                                   f"月最低工资 monthly {self.monthly} 应大于 0")
        return self

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


def _check_no_overlap(periods: list, what: str) -> list:
    ordered = sorted(periods, key=lambda p: p.start)
    for before, after in zip(ordered, ordered[1:]):
        if before.end is None or before.end >= after.start:
            raise PolicyValueError(f"{what} periods overlap: one starting {before.start} "
                                   f"(end {before.end or 'open'}) and one starting {after.start}",
                                   f"{what} 的期间重叠：{before.start} 起（截止 {before.end or '未设'}）"
                                   f"与 {after.start} 起的两段")
    return ordered


class CityPolicy(_Model):
    """Local statutory data of one city; `aliases` are other spellings found in the team sheet."""

    aliases: list[str] = Field(default_factory=list)
    social_insurance: list[SIPeriod] = Field(default_factory=list)
    minimum_wage: list[MinimumWagePeriod] = Field(default_factory=list)
    fault_deduction_cap_ratio: Decimal | None = None

    _dec = field_validator("fault_deduction_cap_ratio", mode="before")(_decimal)

    @field_validator("fault_deduction_cap_ratio")
    @classmethod
    def _ratio(cls, v: Decimal | None) -> Decimal | None:
        return None if v is None else _check_ratio(v)

    @field_validator("social_insurance")
    @classmethod
    def _si_no_overlap(cls, v: list[SIPeriod]) -> list[SIPeriod]:
        return _check_no_overlap(v, "social_insurance")

    @field_validator("minimum_wage")
    @classmethod
    def _mw_no_overlap(cls, v: list[MinimumWagePeriod]) -> list[MinimumWagePeriod]:
        return _check_no_overlap(v, "minimum_wage")


def _check_ratio(v: Decimal) -> Decimal:
    if not ZERO < v <= 1:
        raise PolicyValueError(f"ratio {v} must be a fraction above 0 and at most 1 (20 % is 0.20)",
                               "比例应为大于 0、不大于 1 的小数（20% 写作 0.20）")
    return v


class TaxBracket(_Model):
    """One line of the cumulative withholding table: up to `up_to` inclusive (不超过); None = above."""

    up_to: Decimal | None = None
    rate: Decimal
    quick_deduction: Decimal

    _dec = field_validator("up_to", "rate", "quick_deduction", mode="before")(_decimal)


class IncomeTaxPolicy(_Model):
    """累计预扣法 (国家税务总局公告2018年第61号): monthly basic deduction and the bracket table."""

    basic_deduction_monthly: Decimal
    brackets: list[TaxBracket]

    _dec = field_validator("basic_deduction_monthly", mode="before")(_decimal)

    @field_validator("brackets")
    @classmethod
    def _table_is_consistent(cls, v: list[TaxBracket]) -> list[TaxBracket]:
        if not v:
            raise PolicyValueError("the bracket table is empty", "税率表是空的")
        if v[-1].up_to is not None:
            raise PolicyValueError("the last bracket must have no up_to (it covers everything above)",
                                   "最后一级不能写 up_to（它覆盖以上所有部分）")
        for i, (lower, upper) in enumerate(zip(v, v[1:]), start=2):
            if lower.up_to is None:
                raise PolicyValueError(f"bracket {i - 1} has no up_to but is not the last",
                                       f"第 {i - 1} 级没有 up_to，却不是最后一级")
            if upper.up_to is not None and upper.up_to <= lower.up_to:
                raise PolicyValueError(f"bracket {i} up_to {upper.up_to} is not above {lower.up_to}",
                                       f"第 {i} 级 up_to {upper.up_to} 应大于上一级的 {lower.up_to}")
            # A quick deduction makes the tax continuous at the bound; a typo breaks that.
            expected = lower.quick_deduction + lower.up_to * (upper.rate - lower.rate)
            if upper.quick_deduction != expected:
                raise PolicyValueError(f"bracket {i} quick_deduction {upper.quick_deduction} should be "
                                       f"{expected} to agree with the bracket below it",
                                       f"第 {i} 级速算扣除数 quick_deduction {upper.quick_deduction} 应为 "
                                       f"{expected}，才与上一级衔接")
        return v

    def bracket_for(self, taxable: Decimal) -> TaxBracket:
        """The bracket whose upper bound (inclusive) first reaches `taxable`."""
        for bracket in self.brackets:
            if bracket.up_to is None or taxable <= bracket.up_to:
                return bracket
        raise AssertionError("unreachable: the last bracket is open")


class StatutoryPolicy(_Model):
    """The `[payroll.statutory]` table, validated once and passed down."""

    default_city: str
    fault_deduction_cap_ratio: Decimal
    paid_days_per_month: Decimal
    sick_pay_minimum_ratio: Decimal        # 劳部发〔1995〕309号 §59: sick pay ≥ 80 % of the minimum wage
    minimum_wage_action: Literal["top_up", "warn"]
    income_tax: IncomeTaxPolicy
    cities: dict[str, CityPolicy]

    _dec = field_validator("fault_deduction_cap_ratio", "paid_days_per_month", "sick_pay_minimum_ratio",
                           mode="before")(_decimal)
    _ratio = field_validator("fault_deduction_cap_ratio", "sick_pay_minimum_ratio")(_check_ratio)

    @field_validator("paid_days_per_month")
    @classmethod
    def _positive(cls, v: Decimal) -> Decimal:
        if v <= ZERO:
            raise PolicyValueError(f"{v} must be positive", "应大于 0")
        return v

    @model_validator(mode="after")
    def _default_city_known(self) -> StatutoryPolicy:
        self.city(self.default_city)
        return self

    # --- look-ups -------------------------------------------------------------------------------

    def city_name(self, city: str | None) -> str:
        """The policy key of a city given by name or alias (None means default_city)."""
        wanted = (city or self.default_city).strip()
        for name, data in self.cities.items():
            if wanted.casefold() in (n.casefold() for n in [name, *data.aliases]):
                return name
        known = ", ".join(self.cities) or "none"
        raise StatutoryPolicyError(f"city {wanted!r} is not in [{TABLE}.cities] (known: {known})",
                                   f"城市“{wanted}”不在 [{TABLE}.cities] 中（已有：{'、'.join(self.cities) or '无'}）")

    def city(self, city: str | None) -> CityPolicy:
        return self.cities[self.city_name(city)]

    def period_for(self, city: str | None, month: date | str) -> SIPeriod:
        """The social insurance period covering the first day of `month` in `city`."""
        name, first = self.city_name(city), month_start(month)
        for period in self.cities[name].social_insurance:
            if period.covers(first):
                return period
        raise StatutoryPolicyError(
            f"no social insurance period of city {name!r} covers {first:%Y-%m}: add one to "
            f"[[{TABLE}.cities.{name}.social_insurance]]",
            f"{name} 没有覆盖 {first:%Y-%m} 的社保期间：请在 [[{TABLE}.cities.{name}.social_insurance]] 中添加")

    def period_notice(self, city: str | None, month: date | str) -> str | None:
        """A notice when the social insurance period used for `month` may not hold official figures."""
        name, first = self.city_name(city), month_start(month)
        period = self.period_for(name, first)
        why = period.staleness(first)
        if why is None:
            return None
        return (f"社保 {name} {first:%Y-%m}：所用 {period.start} 起的缴费期间{why}；请对照当地官方通知核对"
                f"（[{TABLE}.cities.{name}.social_insurance]）")

    def minimum_wage_for(self, city: str | None, month: date | str) -> MinimumWagePeriod:
        """The minimum wage in force in `city` on the first day of `month`."""
        name, first = self.city_name(city), month_start(month)
        for period in self.cities[name].minimum_wage:
            if period.covers(first):
                return period
        raise StatutoryPolicyError(
            f"no minimum wage of city {name!r} covers {first:%Y-%m}: add one to "
            f"[[{TABLE}.cities.{name}.minimum_wage]]",
            f"{name} 没有覆盖 {first:%Y-%m} 的最低工资：请在 [[{TABLE}.cities.{name}.minimum_wage]] 中添加")

    def fault_cap_ratio_for(self, city: str | None) -> Decimal:
        """The city's fault-deduction cap ratio, else the national default of the policy."""
        local = self.city(city).fault_deduction_cap_ratio
        return self.fault_deduction_cap_ratio if local is None else local


def month_start(month: date | str) -> date:
    """First day of a month given as a date or as "YYYY-MM"."""
    if isinstance(month, date):
        return month.replace(day=1)
    try:
        year, mon = str(month).strip().split("-")[:2]
        return date(int(year), int(mon), 1)
    except (ValueError, TypeError) as exc:
        raise StatutoryPolicyError(f"month {month!r} is not YYYY-MM",
                                   f"月份应写成 2026-11 这样，现为“{month}”") from exc


def _where(loc: tuple) -> str:
    path = TABLE
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def statutory_policy_from_table(table: dict[str, Any], source: str = "policy") -> StatutoryPolicy:
    """Validate the `[payroll.statutory]` table; errors name the source, the table path and key."""
    try:
        return StatutoryPolicy.model_validate(table)
    except ValidationError as exc:
        lines, lines_zh = [], []
        for err in exc.errors():
            if err["type"] == "extra_forbidden":
                lines.append(f"{_where(err['loc'][:-1])}: unknown key {err['loc'][-1]!r}")
                lines_zh.append(f"{_where(err['loc'][:-1])}：未知的键 {err['loc'][-1]}")
            elif err["type"] == "missing":
                lines.append(f"{_where(err['loc'][:-1])}: missing key {err['loc'][-1]!r}")
                lines_zh.append(f"{_where(err['loc'][:-1])}：缺少键 {err['loc'][-1]}")
            else:
                lines.append(f"{_where(err['loc'])}: {err['msg']}")
                cause = (err.get("ctx") or {}).get("error")
                lines_zh.append(f"{_where(err['loc'])}：{getattr(cause, 'zh', None) or err['msg']}")
        raise StatutoryPolicyError(f"{source}: " + "; ".join(lines), f"{source}：" + "；".join(lines_zh)) from None


def load_statutory_policy(path: str | Path) -> StatutoryPolicy:
    """Read `[payroll.statutory]` from a policy TOML file."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise StatutoryPolicyError(f"{path.name}: cannot read policy: {exc}", f"{path.name}：无法读取策略文件：{exc}") from exc
    table = data.get("payroll", {}).get("statutory")
    if table is None:
        raise StatutoryPolicyError(f"{path.name}: no [{TABLE}] table", f"{path.name}：缺少表 [{TABLE}]")
    return statutory_policy_from_table(table, source=path.name)
