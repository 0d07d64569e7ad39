"""The finance workbook payroll-YYYY-MM.xlsx: every sheet a view of the month's pay lines.

Sheets
    工资表    the register: identity (masked), attendance, each earning/reward/penalty/deduction column,
              应发, social insurance items, 公积金, 个税, cumulative tax figures, the after-tax
              deductions (其他扣款 ...) and their total, 实发; a totals row
    工资条    pay slips: the header repeated above each employee's row, the overtime lines in words under it,
              a blank row to cut along, a page break every few slips so none is split across pages;
              landscape, fit to width
    奖罚明细  every reward and negative-incentive line, and every overtime line (hours × hourly wage × rate),
              with its rule, amount, reason and triggering figures
    人事预警  the review list (elimination, dismissal review, promotion) with its legal notes, then the
              statutory guard warnings
    汇总      totals by shop, then by shop and role
    说明      the policy and input files (with sha256) that produced the workbook, and how to read it

Amounts are numeric values already rounded to the fen, shown with two decimals — never formulas.
Written with XlsxWriter in constant-memory mode (rows stream to disk in order, so 10,000 employees
take little memory and a few seconds; openpyxl stays for reading), to a temporary path given by the
caller (see csv_out.StagedFiles), so a failed write leaves nothing behind.

Excel honours at most 1,023 manual page breaks per sheet (XlsxWriter keeps the first 1,023), so the
slips of a company of more than 8,192 people carry breaks only on their first 1,023 pages.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable, Sequence

import xlsxwriter

from payroll.lines import HOURS_RULES, RULES, PayLine
from payroll.money import fmt_figure
from payroll.register import ATTENDANCE_COLUMNS, SI_ITEMS, Register, RegisterRow, SummaryRow, rule_label

MONEY = "#,##0.00"
SLIPS_PER_PAGE = 8
HEADER_FILL = "#DDEBF7"
TOTAL_FILL = "#FFF2CC"
BORDER_COLOR = "#999999"


ANNUAL_LEAVE_COLUMNS = ("年假应休", "年假已休", "年假未休")   # days, after the month (payroll.annual_leave)
# lines shown in 奖罚明细 besides rewards and penalties: the unused annual leave paid, with its balance in words
DETAIL_RULES = ("annual_leave_payout",)


@dataclass(frozen=True)
class Col:
    label: str
    get: Any                 # RegisterRow -> value
    money: bool = False
    width: float = 10


def register_columns(register: Register) -> list[Col]:
    """The register's columns, in order; the slips and the read-back tests use the same list."""
    cols = [Col("工号", lambda r: r.employee_id, width=9), Col("姓名", lambda r: r.name, width=9),
            Col("店铺", lambda r: r.shop, width=14), Col("岗位", lambda r: r.role, width=6),
            Col("等级", lambda r: r.level, width=5), Col("薪资档", lambda r: r.grade, width=6),
            Col("身份证号", lambda r: r.id_number, width=20), Col("银行账号", lambda r: r.bank_account, width=21)]
    for key, label in ATTENDANCE_COLUMNS:
        cols.append(Col(label, lambda r, k=key: r.attendance.get(k, 0), money=(key == "hours_worked"), width=7))
    for rule_id in register.gross_columns:
        cols.append(Col(rule_label(rule_id), lambda r, k=rule_id: r.by_rule.get(k, Decimal(0)), money=True))
    cols.append(Col("应发工资", lambda r: r.gross, money=True, width=11))
    for key, label in SI_ITEMS:
        cols.append(Col(label, lambda r, k=key: r.si_items.get(k, Decimal(0)), money=True))
    cols += [Col("社保公积金合计", lambda r: r.social_insurance, money=True, width=11),
             Col("个人所得税", lambda r: r.income_tax, money=True),
             Col("累计应纳税所得额", lambda r: r.cumulative_taxable, money=True, width=12),
             Col("累计已扣税", lambda r: r.cumulative_tax, money=True)]
    for rule_id in register.after_tax_columns:
        cols.append(Col(rule_label(rule_id), lambda r, k=rule_id: r.by_rule.get(k, Decimal(0)), money=True))
    cols += [Col("税后扣款合计", lambda r: r.after_tax, money=True, width=11),
             Col("实发工资", lambda r: r.net, money=True, width=11)]
    if any(r.annual_leave is not None for r in register.rows):
        cols += [Col(label, lambda r, i=i: r.annual_leave[i] if r.annual_leave else None, width=7)
                 for i, label in enumerate(ANNUAL_LEAVE_COLUMNS)]
    return cols


# --- sheet writer -------------------------------------------------------------------------------

class _Sheet:
    """One worksheet written row after row (constant-memory mode needs rows in order).

    Each style combination becomes one XlsxWriter Format, made on first use and reused: formats are
    workbook-wide records, and one per cell would bloat styles.xml.
    """

    def __init__(self, book: "_Book", name: str, widths: Sequence[float] = ()):
        self.book = book
        self.ws = book.wb.add_worksheet(name)
        self.row = 0                 # next row to write (0-based)
        for i, w in enumerate(widths):
            self.ws.set_column(i, i, w)

    def landscape_fit_to_width(self) -> None:
        self.ws.set_landscape()
        self.ws.fit_to_pages(1, 0)

    def _put(self, col: int, value: Any, fmt) -> None:
        ws, row = self.ws, self.row
        if value is None or value == "":           # an empty cell, as openpyxl wrote it
            if fmt is not None:
                ws.write_blank(row, col, None, fmt)
        elif isinstance(value, bool):
            ws.write_boolean(row, col, value, fmt)
        elif isinstance(value, (int, float, Decimal)):
            # Amounts are Decimals already rounded to the fen; a float keeps the 2 decimals exactly
            # as far as Excel can show them (15 significant digits).
            ws.write_number(row, col, float(value), fmt)
        else:
            ws.write_string(row, col, str(value), fmt)   # never a formula or a link, whatever the text

    def header(self, labels: Iterable[str]) -> None:
        fmt = self.book.fmt("header")
        for i, label in enumerate(labels):
            self._put(i, label, fmt)
        self.row += 1

    def values(self, values: Iterable[Any], money: Sequence[bool], fill: str | None = None, bold: bool = False,
               box: bool = True, wrap: Sequence[int] = ()) -> None:
        fmt = self.book.fmt
        for i, (v, is_money) in enumerate(zip(values, money)):
            self._put(i, v, fmt("wrap" if i in wrap else "value", is_money and v is not None, fill, bold, box))
        self.row += 1

    def plain(self, *values: Any) -> None:
        for i, v in enumerate(values):
            self._put(i, v, None)
        self.row += 1

    def title(self, text: str) -> None:
        self._put(0, text, self.book.fmt("title"))
        self.row += 1

    def blank(self) -> None:
        self.row += 1


class _Book:
    def __init__(self, path: Path):
        # constant_memory: each sheet's rows go to a temporary file as soon as the next row starts.
        self.wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                                   "strings_to_urls": False, "strings_to_numbers": False})
        self._formats: dict[tuple, Any] = {}

    def fmt(self, kind: str, money: bool = False, fill: str | None = None, bold: bool = False, box: bool = True):
        key = (kind, money, fill, bold, box)
        f = self._formats.get(key)
        if f is None:
            props: dict[str, Any] = {}
            if kind == "header":
                props = {"bold": True, "bg_color": HEADER_FILL, "border": 1, "border_color": BORDER_COLOR,
                         "align": "center", "valign": "vcenter", "text_wrap": True}
            elif kind == "title":
                props = {"bold": True, "font_size": 14}
            else:
                if money:
                    props["num_format"] = MONEY
                if box:
                    props.update(border=1, border_color=BORDER_COLOR)
                if fill is not None:
                    props.update(pattern=1, bg_color=fill)
                if bold:
                    props["bold"] = True
                if kind == "wrap":
                    props.update(text_wrap=True, valign="top")
            f = self._formats[key] = self.wb.add_format(props)
        return f

    def sheet(self, name: str, widths: Sequence[float] = ()) -> _Sheet:
        return _Sheet(self, name, widths)


# --- sheets -------------------------------------------------------------------------------------

def _register_sheet(book: _Book, register: Register, heading: str) -> None:
    cols = register_columns(register)
    s = book.sheet("工资表", [c.width for c in cols])
    s.ws.freeze_panes(2, 2)               # C3: title and header rows, 工号 and 姓名
    s.ws.repeat_rows(1)                   # the header row on every printed page
    s.landscape_fit_to_width()
    money = [c.money for c in cols]
    s.title(heading)
    s.header(c.label for c in cols)
    for r in register.rows:
        s.values([c.get(r) for c in cols], money)
    s.values([c.get(register.totals) for c in cols], money, fill=TOTAL_FILL, bold=True)


def slip_columns(register: Register, row: RegisterRow) -> list[Col]:
    """One employee's slip: identity, days worked, the items that apply to them, gross, withholdings, net."""
    return _slip_columns(register, row, {c.label: c for c in register_columns(register)})


def _slip_columns(register: Register, row: RegisterRow, by_label: dict[str, Col]) -> list[Col]:
    names = ["工号", "姓名", "店铺", "岗位", "银行账号", "出勤天数"]
    names += [rule_label(k) for k in register.gross_columns if row.by_rule.get(k)]
    names += ["应发工资", "社保公积金合计", "个人所得税"]
    names += [rule_label(k) for k in register.after_tax_columns if row.by_rule.get(k)]
    names += ["实发工资"]
    if row.annual_leave is not None:
        names += list(ANNUAL_LEAVE_COLUMNS)
    return [by_label[n] for n in names]


def _slips_sheet(book: _Book, register: Register, heading: str, lines: Sequence[PayLine] = ()) -> None:
    s = book.sheet("工资条", [9, 9, 14, 6, 21] + [11] * 20)
    s.landscape_fit_to_width()
    s.ws.center_horizontally()
    by_label = {c.label: c for c in register_columns(register)}
    words: dict[str, list[PayLine]] = {}
    for ln in lines:
        if ln.rule_id in HOURS_RULES:
            words.setdefault(ln.employee_id, []).append(ln)
    breaks = []
    for i, r in enumerate(register.rows):
        cols = _slip_columns(register, r, by_label)
        s.values([f"{heading} 工资条 — {r.name} ({r.employee_id})"], [False], bold=True, box=False)
        s.header(c.label for c in cols)
        s.values([c.get(r) for c in cols], [c.money for c in cols])
        for ln in words.get(r.employee_id, []):
            s.plain(rule_label(ln.rule_id), ln.reason)
        s.blank()                          # cut line
        if (i + 1) % SLIPS_PER_PAGE == 0 and i + 1 < len(register.rows):
            breaks.append(s.row)           # a break below the cut line: the next page starts a slip
    s.ws.set_h_pagebreaks(breaks)


def _figure(v: Any) -> str:
    if isinstance(v, Decimal):
        return fmt_figure(v)      # exact in the ledger; 2 decimals (4 below 1) for people
    if isinstance(v, (list, tuple)):
        return ", ".join(_figure(x) for x in v)
    return str(v)


def figures_text(figures: dict) -> str:
    """The 依据数据 cell: `key=value` pairs, numbers rounded for reading (107.99, not 107.98816...)."""
    return "; ".join(f"{k}={_figure(v)}" for k, v in figures.items())


def _rewards_sheet(book: _Book, lines: Sequence[PayLine], register: Register) -> None:
    s = book.sheet("奖罚明细", [9, 9, 14, 6, 12, 18, 6, 10, 50, 60])
    s.ws.freeze_panes(1, 0)               # A2
    labels = ["工号", "姓名", "店铺", "岗位", "项目", "rule_id", "类别", "金额", "原因", "依据数据"]
    s.header(labels)
    money = [False] * 7 + [True, False, False]
    rows = register.by_id()
    total = Decimal(0)
    for ln in lines:
        if (ln.kind not in ("reward", "penalty") and not (ln.rule_id in RULES and RULES[ln.rule_id].kind == "reward")
                and ln.rule_id not in HOURS_RULES and ln.rule_id not in DETAIL_RULES):
            continue
        r = rows.get(ln.employee_id)
        kind = ("加班工资" if ln.rule_id in HOURS_RULES else "未休年假工资" if ln.rule_id in DETAIL_RULES
                else "奖励" if ln.amount > 0 else ("扣罚" if ln.amount < 0 else "—"))
        total += ln.amount
        values = (ln.employee_id, r.name if r else "", r.shop if r else "", r.role if r else "",
                  rule_label(ln.rule_id), ln.rule_id, kind, ln.amount, ln.reason, figures_text(ln.figures))
        s.values(values, money, wrap=(8, 9))
    s.values(("合计", "", "", "", "", "", "", total, "", ""), money, fill=TOTAL_FILL, bold=True)


KIND_LABELS = {"elimination_review": "末位淘汰审查", "dismissal_review": "解除合同审查 (第39条)",
               "promotion_review": "晋级审查"}


def review_fields(item: Any) -> tuple[str, str, str, str, str]:
    """(employee_id, name, kind, reasons, legal note) of a review-list item, whatever its exact class."""
    def first(*names: str) -> Any:
        for n in names:
            v = getattr(item, n, None) if not isinstance(item, dict) else item.get(n)
            if v not in (None, ""):
                return v
        return ""
    reasons = first("reasons", "reason", "detail")
    if isinstance(reasons, (list, tuple)):
        reasons = "; ".join(str(x) for x in reasons)
    kind = str(first("kind_label", "category", "kind", "type"))
    return (str(first("employee_id")), str(first("name")), KIND_LABELS.get(kind, kind), str(reasons),
            str(first("legal_note", "legal", "note")))


def _review_sheet(book: _Book, review: Sequence[Any], warnings: Sequence[Any], register: Register) -> None:
    s = book.sheet("人事预警", [9, 9, 16, 60, 70])
    names = {r.employee_id: r.name for r in register.rows}
    s.header(["工号", "姓名", "类型", "原因", "法律提示"])
    for item in review:
        eid, name, kind, reasons, legal = review_fields(item)
        s.values((eid, name or names.get(eid, ""), kind, reasons, legal), [False] * 5, wrap=(3, 4))
    if not review:
        s.plain("本月无人事预警 (no review items this month)")
    s.blank()
    s.title("法定检查 statutory checks")
    s.header(["工号", "姓名", "规则", "说明", ""])
    for w in warnings:
        eid, rule_id, message = w.employee_id, w.rule_id, w.message
        s.values((eid, names.get(eid, ""), rule_id, message, ""), [False] * 5, wrap=(3,))
    if not warnings:
        s.plain("无 (none fired)")


def _summary_sheet(book: _Book, register: Register, shops: Sequence[SummaryRow]) -> None:
    s = book.sheet("汇总", [16, 8, 8, 14, 14, 14, 14, 14])
    labels = ["店铺", "岗位", "人数", "应发工资", "社保公积金", "个人所得税", "税后扣款", "实发工资"]
    money = [False, False, False, True, True, True, True, True]

    def block(title: str, rows: Sequence[SummaryRow]) -> None:
        s.title(title)
        s.header(labels)
        for r in rows:
            s.values((r.shop, r.role, r.headcount, r.gross, r.social_insurance, r.income_tax, r.after_tax, r.net),
                     money)
        t = register.totals
        s.values(("合计", "", len(register.rows), t.gross, t.social_insurance, t.income_tax, t.after_tax, t.net),
                 money, fill=TOTAL_FILL, bold=True)
        s.blank()

    block("按店铺 by shop", shops)
    block("按店铺和岗位 by shop and role", register.summary)


CLOSED_FILL, OPEN_FILL = "#E2EFDA", "#FCE4D6"     # 说明's status row: final (已结账) or still a draft


def _about_sheet(book: _Book, about: Sequence[tuple[str, str]]) -> None:
    """What produced the workbook; the status row (已结账 with its seal, or 未结账) stands out in colour."""
    s = book.sheet("说明", [24, 100])
    s.header(["项目", "内容"])
    for k, v in about:
        status = str(v)[:3]
        fill = CLOSED_FILL if status == "已结账" else OPEN_FILL if status == "未结账" else None
        s.values((k, v), [False, False], fill=fill, bold=fill is not None, wrap=(1,))


# --- the workbook -------------------------------------------------------------------------------

def write_workbook(path: Path, register: Register, lines: Sequence[PayLine], review: Sequence[Any],
                   warnings: Sequence[Any], about: Sequence[tuple[str, str]], shops: Sequence[SummaryRow],
                   heading: str) -> None:
    """Write the six sheets to `path` (a temporary path: the caller renames it into place)."""
    book = _Book(Path(path))
    try:
        _register_sheet(book, register, heading)
        _slips_sheet(book, register, heading, lines)
        _rewards_sheet(book, lines, register)
        _review_sheet(book, review, warnings, register)
        _summary_sheet(book, register, shops)
        _about_sheet(book, about)
    finally:
        book.wb.close()
