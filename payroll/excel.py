"""The finance workbook payroll-YYYY-MM.xlsx: every sheet a view of the month's pay lines.

Sheets
    工资表    the register: identity (masked), attendance, each earning/reward/penalty/deduction column,
              应发, social insurance items, 公积金, 个税, cumulative tax figures, the after-tax
              deductions (其他扣款 ...) and their total, 实发; a totals row. Printed on A4 landscape across
              as many pages as its columns need (工号 and 姓名 and the header row on every page), at the
              largest scale of at least 70 % that keeps the fewest pages (payroll.print_layout)
    工资条    pay slips: the month and the person (工号, 姓名, 店铺, 岗位, masked account) above the slip's
              items in rows of ten (label row, amount row), the overtime lines in words under them, a blank
              row to cut along; a page break before any slip that would not fit the rest of the page
    奖罚明细  every reward and negative-incentive line, and every overtime line (hours × hourly wage × rate),
              with its item, amount, reason and the triggering figures in words (依据, payroll.basis)
    人事预警  the review list (elimination, dismissal review, promotion) with its legal notes, then the
              statutory checks by name
    汇总      totals by shop, by role and by shop and role, with column charts of the cost (应发) by shop
              and by role, and — given the ledger — the last 12 closed months' net totals and their line
    说明      the policy and input files (with sha256) that produced the workbook, and how to read it

Finance reads Chinese: items by name (rule_ids stay in the CSV and the ledger), figures in words, every
figure rounded once. Amounts are numeric values already rounded to the fen, right-aligned with thousands
separators — never formulas. Column widths come from the content (no ###). Every sheet prints on A4.
Written with XlsxWriter in constant-memory mode (rows stream to disk in order, so 10,000 employees
take little memory and a few seconds; openpyxl stays for reading), to a temporary path given by the
caller (see csv_out.StagedFiles), so a failed write leaves nothing behind.

The formats, how values are shown and the small sheet writer are in payroll.excel_sheets.

Excel honours at most 1,023 manual page breaks per sheet (XlsxWriter keeps the first 1,023), so the
slips of a very large company carry breaks only on their first 1,023 pages.
"""
from __future__ import annotations

import functools
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any, Sequence

from payroll.basis import basis_text
from payroll.excel_sheets import (A4, Col, DEFAULT_FONT, HEADER_HEIGHT, MONEY, SLIP_ITEMS_PER_ROW,
                                  SLIP_PRINT_SCALE, SLIP_WIDTH, TITLE_HEIGHT, TITLE_SIZE, TOTAL_FILL, _Book,
                                  _Sheet, _fitted, _widest, column_formats)
from payroll.lines import HOURS_RULES, RULES, PayLine
from payroll.money import ZERO
from payroll.print_layout import (LINE_HEIGHT, MARGIN_HEADER, fit_width, lines_needed, pages_across, printable_height,
                                  row_height, text_width, units_across)
from payroll.register import (ATTENDANCE_COLUMNS, SI_ITEMS, Register, RegisterRow, SummaryRow, rule_label,
                              warning_label)

ANNUAL_LEAVE_COLUMNS = ("年假应休", "年假已休", "年假未休")   # days, after the month (payroll.annual_leave)
# lines shown in 奖罚明细 besides rewards and penalties: the unused annual leave paid, with its balance in words
DETAIL_RULES = ("annual_leave_payout",)


def register_columns(register: Register) -> list[Col]:
    """The register's columns, in order; the slips and the read-back tests use the same list."""
    cols = [Col("工号", lambda r: r.employee_id), Col("姓名", lambda r: r.name), Col("店铺", lambda r: r.shop),
            Col("岗位", lambda r: r.role), Col("等级", lambda r: r.level), Col("薪资档", lambda r: r.grade),
            Col("身份证号", lambda r: r.id_number), Col("银行账号", lambda r: r.bank_account)]
    for key, label in ATTENDANCE_COLUMNS:
        cols.append(Col(label, lambda r, k=key: r.attendance.get(k, 0)))
    for rule_id in register.gross_columns:
        cols.append(Col(rule_label(rule_id), lambda r, k=rule_id: r.by_rule.get(k, Decimal(0)), money=True))
    cols.append(Col("应发工资", lambda r: r.gross, money=True))
    for key, label in SI_ITEMS:
        cols.append(Col(label, lambda r, k=key: r.si_items.get(k, Decimal(0)), money=True))
    cols += [Col("社保公积金合计", lambda r: r.social_insurance, money=True),
             Col("个人所得税", lambda r: r.income_tax, money=True),
             Col("累计应纳税所得额", lambda r: r.cumulative_taxable, money=True),
             Col("累计已扣税", lambda r: r.cumulative_tax, money=True)]
    for rule_id in register.after_tax_columns:
        cols.append(Col(rule_label(rule_id), lambda r, k=rule_id: r.by_rule.get(k, Decimal(0)), money=True))
    cols += [Col("税后扣款合计", lambda r: r.after_tax, money=True), Col("实发工资", lambda r: r.net, money=True)]
    if any(r.annual_leave is not None for r in register.rows):
        cols += [Col(label, lambda r, i=i: r.annual_leave[i] if r.annual_leave else None)
                 for i, label in enumerate(ANNUAL_LEAVE_COLUMNS)]
    return cols


# --- sheets -------------------------------------------------------------------------------------

def _register_sheet(book: _Book, register: Register, heading: str) -> None:
    cols = register_columns(register)
    everyone = [*register.rows, register.totals]
    formats = column_formats(cols, everyone)
    widths = [fit_width(_widest((c.get(r) for r in everyone), f), c.label) for c, f in zip(cols, formats)]
    # the title stays inside 工号 and 姓名, which every page repeats: no page cuts it off mid-word
    widths[1] = max(widths[1], round(text_width(heading) * TITLE_SIZE / DEFAULT_FONT["font_size"] - widths[0], 1))
    s = book.sheet("工资表", widths)
    s.ws.freeze_panes(2, 2)               # C3: title and header rows, 工号 and 姓名
    s.a4(landscape=True)
    s.ws.set_header(f"&L{heading}", {"margin": MARGIN_HEADER})
    s.ws.repeat_rows(1)                   # the header row on every printed page ...
    s.ws.repeat_columns(0, 1)             # ... and 工号, 姓名 on every page across
    s.ws.print_across()                   # a page's rows across all its columns before the next rows
    # As many pages across as a scale of at least 70 % needs, the scale left to Excel / LibreOffice, which
    # know the fonts: a fixed scale planned here could overflow where the default font is wider.
    _, breaks = pages_across(widths, repeated=2, landscape=True)
    s.ws.fit_to_pages(len(breaks) + 1, 0)
    s.title(heading)
    s.header((c.label for c in cols), HEADER_HEIGHT)
    for r in register.rows:
        s.values([c.get(r) for c in cols], formats)
    s.values([c.get(register.totals) for c in cols], formats, fill=TOTAL_FILL, bold=True)


def slip_columns(register: Register, row: RegisterRow) -> list[Col]:
    """One employee's slip items: days worked, the items that apply to them, 应发, each social-insurance
    item, the withholdings and after-tax deductions, 实发, then the year's tax withheld and annual leave."""
    return _slip_columns(register, row, {c.label: c for c in register_columns(register)})


def _slip_columns(register: Register, row: RegisterRow, by_label: dict[str, Col]) -> list[Col]:
    names = ["出勤天数"]
    names += [rule_label(k) for k in register.gross_columns if row.by_rule.get(k)]
    names += ["应发工资"] + [label for _, label in SI_ITEMS] + ["社保公积金合计", "个人所得税"]
    names += [rule_label(k) for k in register.after_tax_columns if row.by_rule.get(k)]
    names += ["实发工资", "累计已扣税"]
    if row.annual_leave is not None:
        names += list(ANNUAL_LEAVE_COLUMNS)
    return [by_label[n] for n in names]


def slip_identity(month: str, r: RegisterRow) -> str:
    """The line above a slip: whose it is and which month."""
    return f"{month} 工资条　工号 {r.employee_id}　姓名 {r.name}　店铺 {r.shop}　岗位 {r.role}　银行账号 {r.bank_account}"


def _slip_rows(register: Register, r: RegisterRow, by_label: dict[str, Col], words: Sequence[PayLine]
               ) -> tuple[list[list[Col]], list[str], float]:
    """(item rows of at most ten, the words lines, the slip's height in points with its cut line)."""
    cols = _slip_columns(register, r, by_label)
    chunks = [cols[i:i + SLIP_ITEMS_PER_ROW] for i in range(0, len(cols), SLIP_ITEMS_PER_ROW)]
    notes = [f"{rule_label(ln.rule_id)}：{ln.reason}" for ln in words]
    width = SLIP_WIDTH * SLIP_ITEMS_PER_ROW
    height = TITLE_HEIGHT + sum(_slip_header_height(c) + LINE_HEIGHT + 1 for c in chunks) + LINE_HEIGHT
    height += sum(LINE_HEIGHT * lines_needed(n, width) + 1 for n in notes)
    return chunks, notes, height


def _slip_header_height(chunk: Sequence[Col]) -> float:
    return _labels_height(tuple(c.label for c in chunk))


@functools.lru_cache(maxsize=1024)
def _labels_height(labels: tuple[str, ...]) -> float:
    return row_height([(label, SLIP_WIDTH) for label in labels])


def _slips_sheet(book: _Book, register: Register, lines: Sequence[PayLine] = ()) -> None:
    s = book.sheet("工资条", [SLIP_WIDTH] * SLIP_ITEMS_PER_ROW)
    s.a4(landscape=True)
    # A fixed scale, not fit-to-width: Excel ignores manual page breaks under fit-to, and the breaks keep
    # every slip whole; ten columns fit at this scale where the default font draws them wider too.
    s.ws.set_print_scale(SLIP_PRINT_SCALE)
    s.ws.center_horizontally()
    by_label = {c.label: c for c in register_columns(register)}
    formats = dict(zip(by_label, column_formats(list(by_label.values()), register.rows)))
    words: dict[str, list[PayLine]] = {}
    for ln in lines:
        if ln.rule_id in HOURS_RULES:
            words.setdefault(ln.employee_id, []).append(ln)
    page = printable_height(landscape=True) * 100 / SLIP_PRINT_SCALE - 2 * LINE_HEIGHT    # rows are set heights
    used, breaks = 0.0, []
    for r in register.rows:
        chunks, notes, height = _slip_rows(register, r, by_label, words.get(r.employee_id, []))
        if used and used + height > page:
            breaks.append(s.row)           # the slip starts a page rather than being cut by its end
            used = 0.0
        used += height
        s.title(slip_identity(register.month, r))
        for chunk in chunks:
            s.header((c.label for c in chunk), _slip_header_height(chunk))
            s.height(LINE_HEIGHT + 1)
            s.values([c.get(r) for c in chunk], [formats[c.label] for c in chunk])
        for note in notes:
            s.note(note, SLIP_ITEMS_PER_ROW)
        s.height(LINE_HEIGHT)
        s.blank()                          # cut line
    s.ws.set_h_pagebreaks(breaks)


def _is_detail(ln: PayLine) -> bool:
    """A line 奖罚明细 lists: a reward or negative incentive, pay for overtime, unused annual leave paid."""
    return (ln.kind in ("reward", "penalty") or (ln.rule_id in RULES and RULES[ln.rule_id].kind == "reward")
            or ln.rule_id in HOURS_RULES or ln.rule_id in DETAIL_RULES)


def detail_kind(ln: PayLine) -> str:
    return ("加班工资" if ln.rule_id in HOURS_RULES else "未休年假工资" if ln.rule_id in DETAIL_RULES
            else "奖励" if ln.amount > 0 else ("扣罚" if ln.amount < 0 else "—"))


DETAIL_LABELS = ("工号", "姓名", "店铺", "岗位", "项目", "类别", "金额", "原因", "依据")
DETAIL_FORMATS = (None, None, None, None, None, None, MONEY, None, None)


def _rewards_sheet(book: _Book, lines: Sequence[PayLine], register: Register) -> None:
    rows = register.by_id()
    table, total = [], Decimal(0)
    for ln in lines:
        if not _is_detail(ln):
            continue
        r = rows.get(ln.employee_id)
        total += ln.amount
        table.append((ln.employee_id, r.name if r else "", r.shop if r else "", r.role if r else "",
                      rule_label(ln.rule_id), detail_kind(ln), ln.amount, ln.reason,
                      basis_text(ln.rule_id, ln.figures)))
    footer = ("合计", "", "", "", "", "", total, "", "")
    widths = _fitted(DETAIL_LABELS[:7], [*table, footer], DETAIL_FORMATS[:7])
    room = max(units_across(landscape=True) - sum(widths), 40.0)    # the words share what is left of the page
    widths += [round(room * 0.55, 1), round(room * 0.45, 1)]
    s = book.sheet("奖罚明细", widths)
    s.ws.freeze_panes(1, 0)               # A2
    s.a4(landscape=True, fit_to_width=True)
    s.ws.repeat_rows(0)
    s.header(DETAIL_LABELS, HEADER_HEIGHT)
    for values in table:
        s.values(values, DETAIL_FORMATS, wrap=(7, 8))
    s.values(footer, DETAIL_FORMATS, fill=TOTAL_FILL, bold=True)


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
        reasons = "；".join(str(x) for x in reasons)
    kind = str(first("kind_label", "category", "kind", "type"))
    return (str(first("employee_id")), str(first("name")), KIND_LABELS.get(kind, kind), str(reasons),
            str(first("legal_note", "legal", "note")))


def _review_sheet(book: _Book, review: Sequence[Any], warnings: Sequence[Any], register: Register) -> None:
    names = {r.employee_id: r.name for r in register.rows}
    items = [(eid, name or names.get(eid, ""), kind, reasons, legal)
             for eid, name, kind, reasons, legal in map(review_fields, review)]
    checks = [(w.employee_id, names.get(w.employee_id, ""), warning_label(w.rule_id), w.message, "")
              for w in warnings]
    widths = _fitted(("工号", "姓名", "类型"), [*items, *checks], (None, None, None), most=(14, 14, 24))
    room = max(units_across(landscape=True) - sum(widths), 40.0)
    widths += [round(room * 0.5, 1), round(room * 0.5, 1)]
    s = book.sheet("人事预警", widths)
    s.a4(landscape=True, fit_to_width=True)
    s.header(["工号", "姓名", "类型", "原因", "法律提示"], HEADER_HEIGHT)
    for values in items:
        s.values(values, [None] * 5, wrap=(3, 4))
    if not items:
        s.plain("本月无人事预警")
    s.blank()
    s.title("法定检查")
    s.header(["工号", "姓名", "检查项目", "说明", ""], HEADER_HEIGHT)
    for values in checks:
        s.values(values, [None] * 5, wrap=(3,))
    if not checks:
        s.plain("无")


SUMMARY_LABELS = ("店铺", "岗位", "人数", "应发工资", "社保公积金", "个人所得税", "税后扣款", "实发工资")
SUMMARY_FORMATS = (None, None, "#,##0", MONEY, MONEY, MONEY, MONEY, MONEY)
GROSS_COLUMN = SUMMARY_LABELS.index("应发工资")
TREND_LABELS = ("月份", "人数", "实发合计")
CHART_COLUMN = len(SUMMARY_LABELS) + 1          # charts sit to the right of the tables
CHART_SIZE = {"x_scale": 1.25, "y_scale": 0.9}
CHART_PIXELS = int(288 * 0.9) + 12        # a chart's height (XlsxWriter's 288 px scaled) and the gap below it
ONE_PAGE_ROWS = 40                        # a summary this short prints with its charts on one page


def role_totals(register: Register) -> tuple[SummaryRow, ...]:
    """One row per role (all shops), in the order the roles first appear in the shop-and-role summary."""
    groups: dict[str, list[SummaryRow]] = defaultdict(list)
    for s in register.summary:
        groups[s.role].append(s)
    return tuple(SummaryRow("全部", role, sum(g.headcount for g in gs), sum((g.gross for g in gs), ZERO),
                            sum((g.social_insurance for g in gs), ZERO), sum((g.income_tax for g in gs), ZERO),
                            sum((g.net for g in gs), ZERO), after_tax=sum((g.after_tax for g in gs), ZERO))
                 for role, gs in groups.items())


def closed_month_totals(ledger_path: str | Path | None, month: str, count: int = 12
                        ) -> list[tuple[str, int, Decimal]]:
    """(month, headcount, net total) of the last `count` closed months up to `month`, oldest first; none
    without a ledger file."""
    if ledger_path is None or not Path(ledger_path).is_file():
        return []
    from payroll.ledger import Ledger
    with Ledger(ledger_path) as ledger:
        closed = [m for m in ledger.months() if m.status == "closed" and m.month <= month]
    return [(m.month, m.employees, m.total) for m in closed[-count:]]


def _summary_sheet(book: _Book, register: Register, shops: Sequence[SummaryRow],
                   trend: Sequence[tuple[str, int, Decimal]] = ()) -> None:
    t = register.totals
    blocks = (("按店铺", shops), ("按岗位", role_totals(register)), ("按店铺和岗位", register.summary))
    total_row = ("合计", "", len(register.rows), t.gross, t.social_insurance, t.income_tax, t.after_tax, t.net)
    tables = {title: [(r.shop, r.role, r.headcount, r.gross, r.social_insurance, r.income_tax, r.after_tax, r.net)
                      for r in rows] for title, rows in blocks}
    every = [row for rows in tables.values() for row in rows] + [total_row]
    every += [(m, f"{n:,}", f"{v:,.2f}", None, None, None, None, None) for m, n, v in trend]   # as shown
    s = book.sheet("汇总", _fitted(SUMMARY_LABELS, every, SUMMARY_FORMATS))
    s.a4(landscape=True, fit_to_width=True)
    if len(every) <= ONE_PAGE_ROWS:      # tables and charts on one page, rather than a chart cut by a page end
        s.ws.fit_to_pages(1, 1)
    where: dict[str, tuple[int, int]] = {}           # block title -> (first, last) data row
    for title, _ in blocks:
        s.title(title)
        s.header(SUMMARY_LABELS, HEADER_HEIGHT)
        first = s.row
        for values in tables[title]:
            s.values(values, SUMMARY_FORMATS)
        where[title] = (first, s.row - 1)
        s.values(total_row, SUMMARY_FORMATS, fill=TOTAL_FILL, bold=True)
        s.blank()
    _cost_chart(book, s, "各店铺人工成本（应发工资）", where["按店铺"], 0, 0)
    _cost_chart(book, s, "各岗位人工成本（应发工资）", where["按岗位"], 1, 1)
    if trend:
        s.title(f"近 {len(trend)} 个已结账月份")
        s.header(TREND_LABELS, HEADER_HEIGHT)
        first = s.row
        for values in trend:
            s.values(values, ("", "#,##0", MONEY))
        _trend_chart(book, s, (first, s.row - 1), 2)


def _place(s: _Sheet, chart, place: int) -> None:
    """The charts stand one under another to the right of the tables, `place` counting from the top."""
    s.ws.insert_chart(0, CHART_COLUMN, chart, {**CHART_SIZE, "y_offset": place * CHART_PIXELS})


def _cost_chart(book: _Book, s: _Sheet, title: str, rows: tuple[int, int], category_col: int, place: int) -> None:
    chart = book.wb.add_chart({"type": "column"})
    name = s.ws.get_name()
    chart.add_series({"name": "应发工资", "categories": [name, rows[0], category_col, rows[1], category_col],
                      "values": [name, rows[0], GROSS_COLUMN, rows[1], GROSS_COLUMN],
                      "data_labels": {"value": True, "num_format": "#,##0"}})
    chart.set_title({"name": title, "name_font": {"size": 12}})
    chart.set_y_axis({"num_format": "#,##0", "major_gridlines": {"visible": True}})
    chart.set_legend({"none": True})
    _place(s, chart, place)


def _trend_chart(book: _Book, s: _Sheet, rows: tuple[int, int], place: int) -> None:
    chart = book.wb.add_chart({"type": "line"})
    name = s.ws.get_name()
    chart.add_series({"name": "实发合计", "categories": [name, rows[0], 0, rows[1], 0],
                      "values": [name, rows[0], 2, rows[1], 2], "marker": {"type": "circle"},
                      "data_labels": {"value": True, "num_format": "#,##0", "position": "above"}})
    chart.set_title({"name": f"近 {rows[1] - rows[0] + 1} 个已结账月份实发合计", "name_font": {"size": 12}})
    chart.set_y_axis({"num_format": "#,##0", "major_gridlines": {"visible": True}})
    chart.set_legend({"none": True})
    _place(s, chart, place)


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
                   heading: str, ledger_path: str | Path | None = None) -> None:
    """Write the six sheets to `path` (a temporary path: the caller renames it into place); given the
    ledger, 汇总 adds the last 12 closed months' totals."""
    book = _Book(Path(path))
    try:
        _register_sheet(book, register, heading)
        _slips_sheet(book, register, lines)
        _rewards_sheet(book, lines, register)
        _review_sheet(book, review, warnings, register)
        _summary_sheet(book, register, shops, closed_month_totals(ledger_path, register.month))
        _about_sheet(book, about)
        for ws in book.wb.worksheets():               # 说明 too prints on A4
            ws.set_paper(A4)
    finally:
        book.wb.close()
