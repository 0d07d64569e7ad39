"""The salary register 工资表 and its summaries: views of the pay lines, never a second computation.

One row per employee: identity (ID and bank numbers masked), attendance, the signed amount of each
earning / reward / penalty / deduction rule, gross 应发 (every line except the statutory withholdings
and the after-tax deductions), social insurance items and housing fund (from the figures of the
`social_insurance` line), income tax and the cumulative figures of the `income_tax` line, the after-tax
deductions (其他扣款 and the 20 % cap's give-back and carry-over, `lines.AFTER_TAX_RULES`), and net
实发 = the sum of all the employee's lines = 应发 − 社保公积金 − 个税 − 税后扣款. Withholdings and the
after-tax total are shown as positive amounts withheld. A totals row sums the rows; summaries group
them by shop and role.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, Iterable, Mapping, Sequence

from kefu.team import Employee
from payroll.attendance import Attendance
from payroll.lines import AFTER_TAX_RULES, RULES, PayLine
from payroll.money import ZERO

SI_RULE, TAX_RULE = "social_insurance", "income_tax"
WITHHOLDING_RULES = (SI_RULE, TAX_RULE)
SI_ITEMS = (("pension", "养老保险"), ("medical", "医疗保险"), ("unemployment", "失业保险"),
            ("housing_fund", "住房公积金"))
ATTENDANCE_COLUMNS = (("days_worked", "出勤天数"), ("rest_days", "公休"), ("holiday_rest_days", "节休"),
                      ("annual_leave_days", "年假"), ("personal_leave_days", "事假"),
                      ("sick_leave_days", "病假"), ("other_leave_days", "其他假期"),   # 婚 产 陪 丧 调 ...
                      ("statutory_days_worked", "法定节假日出勤"),
                      ("duty_days", "值班天数"), ("hours_worked", "工时"))
RULE_LABELS = {"minimum_wage": "最低工资补足", "fault_deduction_cap": "扣款上限返还",
               "fault_deduction_carry": "上月结转扣款"}
# the statutory checks of 人事预警, by the rule_id of their warning (the ids stay in the ledger)
WARNING_LABELS = {"minimum_wage": "低于最低工资", "fault_deduction_cap": "过失扣款超过上限",
                  "overtime_monthly_limit": "加班超过每月上限"}


def mask(number: str | None, keep_start: int = 4, keep_end: int = 4) -> str:
    """3101011988010110001234 -> 3101**************1234; short numbers keep only their last 2 digits."""
    if not number:
        return ""
    s = "".join(str(number).split())
    if len(s) <= keep_start + keep_end:
        return "*" * max(len(s) - 2, 0) + s[-2:]
    return s[:keep_start] + "*" * (len(s) - keep_start - keep_end) + s[-keep_end:]


def rule_label(rule_id: str) -> str:
    """The Chinese name of a pay rule, as the finance sheets show it."""
    info = RULES.get(rule_id)
    return info.name if info else RULE_LABELS.get(rule_id, rule_id)


def warning_label(rule_id: str) -> str:
    """The Chinese name of a statutory check (人事预警); a pay rule's name when it is not a check."""
    return WARNING_LABELS.get(rule_id) or rule_label(rule_id)


@dataclass(frozen=True)
class RegisterRow:
    employee_id: str
    name: str
    role: str                      # display name of the role (售前)
    shop: str
    level: str
    grade: str
    id_number: str                 # masked
    bank_account: str              # masked
    attendance: dict[str, Decimal | int]
    by_rule: dict[str, Decimal]    # rule_id -> signed sum of the employee's lines (withholdings excluded)
    gross: Decimal                 # 应发: the by_rule lines that are not after-tax deductions
    si_items: dict[str, Decimal]   # pension / medical / unemployment / housing_fund, withheld (≥ 0)
    social_insurance: Decimal      # total SI + housing fund withheld (≥ 0)
    income_tax: Decimal            # withheld (≥ 0)
    cumulative_taxable: Decimal | None   # 累计应纳税所得额
    cumulative_tax: Decimal | None       # 累计已扣税 (after this month)
    net: Decimal                   # 实发 = sum of the lines
    after_tax: Decimal = ZERO      # 税后扣款: −(sum of the after-tax lines), withheld (≥ 0 unless a give-back)
    annual_leave: tuple[Decimal, Decimal, Decimal] | None = None   # 年假 应休 / 已休 / 未休 after the month

    @property
    def base(self) -> Decimal:
        return self.by_rule.get("base_salary", ZERO)


@dataclass(frozen=True)
class SummaryRow:
    shop: str
    role: str
    headcount: int
    gross: Decimal
    social_insurance: Decimal
    income_tax: Decimal
    net: Decimal
    by_rule: dict[str, Decimal] = field(default_factory=dict)
    after_tax: Decimal = ZERO      # 税后扣款, withheld


@dataclass(frozen=True)
class Register:
    month: str
    rule_columns: tuple[str, ...]  # rule_ids shown as columns, in ledger order (after-tax ones last)
    rows: tuple[RegisterRow, ...]
    totals: RegisterRow
    summary: tuple[SummaryRow, ...]

    def by_id(self) -> dict[str, RegisterRow]:
        return {r.employee_id: r for r in self.rows}

    @property
    def gross_columns(self) -> tuple[str, ...]:
        """The rule columns that make up 应发."""
        return tuple(r for r in self.rule_columns if r not in AFTER_TAX_RULES)

    @property
    def after_tax_columns(self) -> tuple[str, ...]:
        """The rule columns of deductions taken after tax (shown after 个税)."""
        return tuple(r for r in self.rule_columns if r in AFTER_TAX_RULES)


def _rule_order(rule_ids: Iterable[str]) -> tuple[str, ...]:
    known = list(RULES)
    present = set(rule_ids) - set(WITHHOLDING_RULES)
    return tuple(sorted(present, key=lambda r: (r in AFTER_TAX_RULES, known.index(r) if r in known else len(known),
                                                r)))


def _attendance(a: Attendance | None) -> dict[str, Decimal | int]:
    if a is None:
        return {k: 0 for k, _ in ATTENDANCE_COLUMNS}
    return {k: getattr(a, k) for k, _ in ATTENDANCE_COLUMNS}


def _dec(value, default=None) -> Decimal | None:
    if value is None:
        return default
    return value if isinstance(value, Decimal) else Decimal(str(value))


def build_register(month: str, lines: Sequence[PayLine], employees: Sequence[Employee],
                   attendance: Mapping[str, Attendance], role_names: Mapping[str, str] | None = None,
                   annual_leave: Mapping[str, Any] | None = None) -> Register:
    """The register of a month from its pay lines; `employees` gives identity and row order.
    `annual_leave` (payroll.annual_leave's balances, when the policy has them) adds 应休 / 已休 / 未休."""
    role_names = role_names or {}
    by_emp: dict[str, list[PayLine]] = defaultdict(list)
    for ln in lines:
        by_emp[ln.employee_id].append(ln)
    columns = _rule_order(ln.rule_id for ln in lines)
    rows = []
    for emp in employees:
        if emp.employee_id not in by_emp:
            continue
        row = _row(emp, by_emp[emp.employee_id], attendance.get(emp.employee_id), role_names.get(emp.role, emp.role))
        balance = (annual_leave or {}).get(emp.employee_id)
        if balance is not None:
            row = replace(row, annual_leave=(Decimal(balance.due), Decimal(balance.taken), Decimal(balance.remaining)))
        rows.append(row)
    unknown = set(by_emp) - {r.employee_id for r in rows}
    if unknown:
        raise ValueError(f"pay lines for employees not in the team: {', '.join(sorted(unknown))}")
    return Register(month, columns, tuple(rows), _totals(rows), _summary(rows))


def _row(emp: Employee, lines: list[PayLine], att: Attendance | None, role: str) -> RegisterRow:
    by_rule: dict[str, Decimal] = {}
    si = tax = ZERO
    si_items = {k: ZERO for k, _ in SI_ITEMS}
    cum_taxable = cum_tax = None
    for ln in lines:
        if ln.rule_id == SI_RULE:
            si -= ln.amount
            for k, _ in SI_ITEMS:
                si_items[k] += _dec(ln.figures.get(k), ZERO)
        elif ln.rule_id == TAX_RULE:
            tax -= ln.amount
            cum_taxable = _dec(ln.figures.get("cumulative_taxable_income"))
            cum_tax = _dec(ln.figures.get("tax_withheld_ytd"))
        else:
            by_rule[ln.rule_id] = by_rule.get(ln.rule_id, ZERO) + ln.amount
    gross = sum((v for k, v in by_rule.items() if k not in AFTER_TAX_RULES), ZERO)
    after_tax = -sum((v for k, v in by_rule.items() if k in AFTER_TAX_RULES), ZERO)
    return RegisterRow(
        employee_id=emp.employee_id, name=emp.name, role=role, shop=emp.shop or "", level=emp.level or "",
        grade=emp.grade or "", id_number=mask(emp.id_number), bank_account=mask(emp.bank_account),
        attendance=_attendance(att), by_rule=by_rule, gross=gross, si_items=si_items, social_insurance=si,
        income_tax=tax, cumulative_taxable=cum_taxable, cumulative_tax=cum_tax,
        net=sum((ln.amount for ln in lines), ZERO), after_tax=after_tax)


def _add(into: dict, more: Mapping) -> None:
    for k, v in more.items():
        into[k] = into.get(k, 0) + v


def _totals(rows: Sequence[RegisterRow]) -> RegisterRow:
    att: dict = {}
    by_rule: dict[str, Decimal] = {}
    si_items: dict[str, Decimal] = {k: ZERO for k, _ in SI_ITEMS}
    for r in rows:
        _add(att, r.attendance)
        _add(by_rule, r.by_rule)
        _add(si_items, r.si_items)

    def total(attr: str) -> Decimal:
        return sum((getattr(r, attr) for r in rows), ZERO)

    taxable = [r.cumulative_taxable for r in rows if r.cumulative_taxable is not None]
    withheld = [r.cumulative_tax for r in rows if r.cumulative_tax is not None]
    leave = [r.annual_leave for r in rows if r.annual_leave is not None]
    leave_total = tuple(sum((x[i] for x in leave), ZERO) for i in range(3)) if leave else None
    return RegisterRow("合计", f"{len(rows)} 人", "", "", "", "", "", "", att, by_rule, total("gross"), si_items,
                       total("social_insurance"), total("income_tax"), sum(taxable, ZERO) if taxable else None,
                       sum(withheld, ZERO) if withheld else None, total("net"), total("after_tax"), leave_total)


def _summary(rows: Sequence[RegisterRow]) -> tuple[SummaryRow, ...]:
    groups: dict[tuple[str, str], list[RegisterRow]] = defaultdict(list)
    for r in rows:
        groups[(r.shop, r.role)].append(r)
    out = []
    for (shop, role), members in sorted(groups.items()):
        by_rule: dict[str, Decimal] = {}
        for r in members:
            _add(by_rule, r.by_rule)
        out.append(SummaryRow(shop, role, len(members), sum((r.gross for r in members), ZERO),
                              sum((r.social_insurance for r in members), ZERO),
                              sum((r.income_tax for r in members), ZERO), sum((r.net for r in members), ZERO),
                              by_rule, sum((r.after_tax for r in members), ZERO)))
    return tuple(out)


def shop_totals(register: Register) -> tuple[SummaryRow, ...]:
    """One row per shop (all roles), for the 汇总 sheet's first block and the bank transfer check."""
    groups: dict[str, list[SummaryRow]] = defaultdict(list)
    for s in register.summary:
        groups[s.shop].append(s)
    return tuple(SummaryRow(shop, "全部", sum(g.headcount for g in gs), sum((g.gross for g in gs), ZERO),
                            sum((g.social_insurance for g in gs), ZERO), sum((g.income_tax for g in gs), ZERO),
                            sum((g.net for g in gs), ZERO), after_tax=sum((g.after_tax for g in gs), ZERO))
                 for shop, gs in sorted(groups.items()))
