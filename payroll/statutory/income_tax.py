"""Individual income tax on wages by cumulative withholding (累计预扣法, 国家税务总局公告2018年第61号).

    cumulative taxable = cumulative income − cumulative tax-free/other deductions
                         − basic deduction × months employed by this employer this year
                         − cumulative special deductions (SI/HF) − cumulative special additional
    cumulative tax     = cumulative taxable × rate − quick deduction   (bracket bound inclusive, 不超过)
    this month         = cumulative tax − tax already withheld this year, never below 0 (暂不退税)

Also reads the opening year-to-date of a company adopting the tool mid-year.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from openpyxl.utils import get_column_letter

from kefu.errors import InputError
from kefu.text_files import read_text

from payroll.money import ZERO, fmt, parse_amount, round_fen, to_decimal
from payroll.statutory.policy import IncomeTaxPolicy, StatutoryPolicy

RULE_ID = "income_tax"


@dataclass(frozen=True)
class TaxYTD:
    """Year-to-date with this employer, before the month being computed."""

    income: Decimal = ZERO
    special_deductions: Decimal = ZERO   # 专项扣除: employee SI + HF
    special_additional: Decimal = ZERO   # 专项附加扣除
    other: Decimal = ZERO                # 其他扣除 (and tax-free income)
    months: int = 0                      # months the basic deduction has counted
    tax_withheld: Decimal = ZERO


@dataclass(frozen=True)
class TaxMonthInput:
    """This month's wage income and deductions."""

    income: Decimal
    special_deductions: Decimal = ZERO
    special_additional: Decimal = ZERO
    other: Decimal = ZERO


@dataclass(frozen=True)
class TaxResult:
    cumulative_income: Decimal
    cumulative_basic_deduction: Decimal
    cumulative_deductions: Decimal       # special + special additional + other, cumulative
    cumulative_taxable_income: Decimal   # never below 0
    rate: Decimal
    quick_deduction: Decimal
    cumulative_tax: Decimal
    tax_this_month: Decimal              # never below 0
    not_refunded: Decimal                # withheld beyond the cumulative tax, left for the annual filing
    ytd: TaxYTD                          # year-to-date after this month
    explanation: str
    rule_id: str = RULE_ID


def cumulative_tax(taxable: Decimal, policy: IncomeTaxPolicy) -> tuple[Decimal, Decimal, Decimal]:
    """(tax, rate, quick deduction) on a cumulative taxable income, by the bracket table."""
    bracket = policy.bracket_for(taxable)
    return round_fen(taxable * bracket.rate - bracket.quick_deduction), bracket.rate, bracket.quick_deduction


def withhold(month_index_in_year_employed: int, ytd: TaxYTD, this_month: TaxMonthInput,
             policy: IncomeTaxPolicy | StatutoryPolicy) -> TaxResult:
    """This month's withholding; `month_index_in_year_employed` counts this month (1 = first month)."""
    tax_policy = policy.income_tax if isinstance(policy, StatutoryPolicy) else policy
    n = month_index_in_year_employed
    if not 1 <= n <= 12 or n <= ytd.months:
        raise ValueError(f"month index {n} must be 1..12 and above the {ytd.months} months already counted")

    new = TaxYTD(
        income=ytd.income + this_month.income,
        special_deductions=ytd.special_deductions + this_month.special_deductions,
        special_additional=ytd.special_additional + this_month.special_additional,
        other=ytd.other + this_month.other,
        months=n,
        tax_withheld=ytd.tax_withheld,
    )
    basic = tax_policy.basic_deduction_monthly * n
    deductions = new.special_deductions + new.special_additional + new.other
    taxable = max(ZERO, round_fen(new.income - basic - deductions))
    tax, rate, quick = cumulative_tax(taxable, tax_policy)
    due = tax - ytd.tax_withheld
    this_tax = max(ZERO, due)
    new = replace(new, tax_withheld=ytd.tax_withheld + this_tax)

    explanation = (
        f"累计收入 {fmt(new.income)} − 累计减除费用 {fmt(basic)}（{n} 个月）− 累计扣除 {fmt(deductions)} "
        f"= 累计应纳税所得额 {fmt(taxable)}；× {rate:.0%} − 速算扣除数 {fmt(quick)} = {fmt(tax)}；"
        f"已预扣 {fmt(ytd.tax_withheld)} → 本月预扣 {fmt(this_tax)}")
    if due < ZERO:
        explanation += f"（多扣 {fmt(-due)} 不退，汇算清缴时处理）"
    return TaxResult(new.income, basic, deductions, taxable, rate, quick, tax, this_tax,
                     max(ZERO, -due), new, explanation)


# --- opening year-to-date ---------------------------------------------------------------------

# field -> accepted headers (zh, en); `required` columns must be present in the header row.
OPENING_COLUMNS: dict[str, tuple[str, ...]] = {
    "employee_id": ("工号", "employee_id"),
    "income": ("累计收入", "income"),
    "special_deductions": ("累计专项扣除", "special_deductions"),
    "special_additional": ("累计专项附加扣除", "special_additional"),
    "other": ("累计其他扣除", "other"),
    "tax_withheld": ("累计已扣税", "tax_withheld"),
    "months": ("已计月数", "months"),
}
OPTIONAL_COLUMNS = {"special_additional", "other"}


def read_opening_ytd(path: str | Path) -> dict[str, TaxYTD]:
    """Opening cumulative figures per employee (xlsx or csv) for a company adopting mid-year.

    Blank amounts mean 0; employee id and months are required; errors name file, sheet, row, column.
    """
    path = Path(path)
    sheet, rows = _read_rows(path)
    if not rows:
        raise InputError("the file is empty: expected a header row", file=path, sheet=sheet,
                         zh="文件是空的：第一行应为表头")
    columns = _map_header(rows[0], path, sheet)
    result: dict[str, TaxYTD] = {}
    for row_no, row in enumerate(rows[1:], start=2):
        if all(_blank(c) for c in row):
            continue
        cell = {f: (row[i] if i < len(row) else None) for f, i in columns.items()}
        where = dict(file=path, sheet=sheet, row=row_no)

        def header(field: str) -> str:
            """'B (累计收入)': the column letter and header, as the other input readers name a cell."""
            return f"{get_column_letter(columns[field] + 1)} ({str(rows[0][columns[field]]).strip()})"

        emp = _text(cell["employee_id"])
        if not emp:
            raise InputError("employee id is blank", column=header("employee_id"), **where, zh="此处必须填工号")
        if emp in result:
            raise InputError(f"employee {emp} appears twice", column=header("employee_id"), **where,
                             zh=f"工号 {emp} 出现了两次")
        amounts = {f: _amount(cell.get(f), header(f) if f in columns else f, where)
                   for f in ("income", "special_deductions", "special_additional", "other", "tax_withheld")}
        months = _months(cell["months"], header("months"), where)
        result[emp] = TaxYTD(months=months, **amounts)
    return result


def _read_rows(path: Path) -> tuple[str | None, list[list]]:
    suffix = path.suffix.lower()
    if not path.exists():
        raise InputError("file not found", file=path, zh="找不到文件")
    if suffix == ".csv":
        text = read_text(path, " CSV ", "the CSV")        # UTF-8, UTF-8 with BOM or GBK
        return None, [list(r) for r in csv.reader(io.StringIO(text, newline=""))]
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for a damaged file
            raise InputError(f"cannot open the workbook: {exc}", file=path,
                             zh=f"不是可读取的 .xlsx 工作簿（{exc.__class__.__name__}）") from exc
        ws = book.worksheets[0]
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        book.close()
        return ws.title, rows
    raise InputError(f"unsupported file type {suffix!r} (expected .xlsx or .csv)", file=path,
                     zh=f"不支持“{suffix}”文件，期初累计应为 .xlsx 或 .csv")


def _map_header(header: list, path: Path, sheet: str | None) -> dict[str, int]:
    names = {str(h).strip().casefold(): i for i, h in enumerate(header) if not _blank(h)}
    columns: dict[str, int] = {}
    for field, aliases in OPENING_COLUMNS.items():
        found = [names[a.casefold()] for a in aliases if a.casefold() in names]
        if found:
            columns[field] = found[0]
        elif field not in OPTIONAL_COLUMNS:
            raise InputError(f"missing column {aliases[0]} / {aliases[1]}", file=path, sheet=sheet, row=1,
                             column=aliases[0], zh=f"缺少“{aliases[0]}”列（表头也可写作 {aliases[1]}）")
    return columns


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel stores 1001 as 1001.0
    return "" if value is None else str(value).strip()


def _amount(value, column: str, where: dict) -> Decimal:
    if _blank(value):
        return ZERO
    try:
        amount = parse_amount(value)
    except ValueError:
        raise InputError(f"{value!r} is not an amount", column=column, **where,
                         zh=f"应填金额，现为{_shown(value)}") from None
    if not amount.is_finite() or amount < ZERO:
        raise InputError(f"{value!r} must be a non-negative amount", column=column, **where,
                         zh=f"金额不能为负数，现为{_shown(value)}")
    return round_fen(amount)


def _months(value, column: str, where: dict) -> int:
    if _blank(value):
        raise InputError("months counted is blank (expected 0..12)", column=column, **where,
                         zh="已计月数为空（应填 0 到 12）")
    try:
        months = to_decimal(value)
    except (ValueError, TypeError):
        months = None
    if months is None or not months.is_finite() or months != months.to_integral_value() or not 0 <= months <= 12:
        raise InputError(f"{value!r} is not a whole number of months 0..12", column=column, **where,
                         zh=f"已计月数应为 0 到 12 的整数，现为{_shown(value)}")
    return int(months)


def _shown(value) -> str:
    """A cell value after 现为: text in quotes (现为“abc”), a number after a space (现为 -3)."""
    return f"“{value}”" if isinstance(value, str) else f" {value}"
