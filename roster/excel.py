"""The roster workbook roster-YYYY-MM.xlsx, for the supervisor who lives in Excel.

Sheets: 排班表 the grid (employees x days; date, weekday and holiday/promotion header rows; Chinese
codes coloured per code; ★ and a 值班 row for the on-duty person; a legend; frozen panes; printed
landscape, fit to width), 覆盖 coverage against requirement per day, shift and role (short cells
red), 统计 per-employee totals (with a working-time regime: planned hours, the standard, overtime
as it is paid, the cap, anyone over it red; below, the fairness figures), 软约束 the soft costs a
supervisor can act on (what no roster can avoid, roster.baseline, said once and counted as 0; then
each person above it and every other cost in words; the 规则 column names the rule and its rule_id),
说明 which files, month and solver run produced it (how good the roster is in plain words; the
solver's figures as detail). The grid reads back with roster.roster_file.read_roster after hand edits.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from kefu.backups import Written, replace_keeping_backups, writing
from kefu.calendar import WEEKDAY_ZH
from kefu.files import atomic_write, temp_beside
from kefu.leave_types import DEFAULT_LEAVE
from roster.baseline import Unavoidable, actionable
from roster.codes import DUTY_ROW, GRID_SHEET, grid_text, legend
from roster.fairness_figures import fairness_figures
from roster.hours import PlannedHours, planned_hours
from roster.instance import HOL, NA, OFF, Assignment, Instance
from roster.made_with import ABOUT_SHEET, HISTORY_KEY, PREVIOUS_KEY, SHA_MARK
from roster.roster_file import write_csv_to
from roster.validate import Report
from roster.wording import hours_text, rule_list, rule_title, status_text, who_text

PROMOTION_NAMES = {(6, 18): "618", (11, 11): "双11", (12, 12): "双12"}
SHIFT_FILLS = ("FFF2CC", "E2EFDA", "DDEBF7", "FCE4D6", "EDE2F6", "D9E1F2", "FFF0F5", "E7F5F3")
CODE_FILLS = {OFF: "D9D9D9", HOL: "F8CBAD", NA: "808080"}      # leave types carry their own fill
RED, HEADER, WEEKEND = "FF7C80", "DDEBF7", "FCE4D6"
GRID_FIRST_ROW = 5           # employees start here: title, dates, weekdays, holiday names above
GRID_FIRST_COL = 4           # days start in column D: 工号, 姓名, 岗位 before
THIN = Side(style="thin", color="BFBFBF")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


@dataclass
class RunInfo:
    """What produced the roster, for the 说明 sheet, and the names the grid shows."""

    month: str                                   # "2026-12"
    command: str = "solve"
    policy_file: Path | None = None
    team_file: Path | None = None
    previous_file: Path | None = None
    history_dir: Path | None = None
    status: str = ""
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    wall_time: float | None = None
    notes: list[str] = field(default_factory=list)
    floors: Unavoidable | None = None            # what no roster can avoid per person (roster.baseline)
    day_names: list[str] = field(default_factory=list)      # holiday / promotion name per day ("" none)
    role_names: dict[str, str] = field(default_factory=dict)
    shift_names: dict[str, str] = field(default_factory=dict)


def file_sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def day_labels(days, country: str = "CN") -> list[str]:
    """Holiday (in Chinese where the holidays package knows it) or promotion name of each calendar Day."""
    import holidays as _holidays

    zh: dict = {}
    for year in {d.date.year for d in days}:
        try:
            zh.update(_holidays.country_holidays(country, years=year, observed=False, language="zh_CN"))
        except (NotImplementedError, KeyError, AttributeError):
            pass
    out = []
    for d in days:
        if d.statutory:
            out.append(zh.get(d.date) or d.holiday_name or "法定节假日")
        elif d.promotion:
            out.append(PROMOTION_NAMES.get((d.date.month, d.date.day), "大促"))
        else:
            out.append("")
    return out


def _fill(color: str) -> PatternFill:
    return PatternFill("solid", fgColor=color)


def _code_fills(instance: Instance) -> dict[str, PatternFill]:
    fills = {sid: _fill(SHIFT_FILLS[i % len(SHIFT_FILLS)]) for i, sid in enumerate(instance.shift_ids)}
    fills.update({c: _fill(v) for c, v in CODE_FILLS.items()})
    fills.update({c: _fill(t.fill) for c, t in instance.leave.types.items()})
    return fills


def _header(ws, row: int, titles) -> None:
    for col, title in enumerate(titles, start=1):
        c = ws.cell(row, col, title)
        c.font = Font(bold=True)
        c.fill = _fill(HEADER)
        c.border = BOX


# ------------------------------------------------------------------ 排班表
def _grid(wb: Workbook, inst: Instance, a: Assignment, info: RunInfo) -> set[str]:
    """The grid sheet; returns the coordinates of the total formulas it writes (the only formulas)."""
    ws = wb.active
    formulas: set[str] = set()
    ws.title = GRID_SHEET
    n, first_col, top = inst.n_days, GRID_FIRST_COL, GRID_FIRST_ROW
    fills = _code_fills(inst)
    center = Alignment(horizontal="center", vertical="center")
    on_duty = {(p, d) for d, people in enumerate(a.duty) for p in people}
    ws.cell(1, 1, f"排班表 {info.month}").font = Font(bold=True, size=14)
    for col, title in enumerate(("工号", "姓名", "岗位"), start=1):
        ws.cell(2, col, title)
    ws.cell(3, 2, "星期")
    ws.cell(4, 2, "节日/活动")
    last_col = first_col + n - 1
    for d, day in enumerate(inst.days):
        col = first_col + d
        c = ws.cell(2, col, day.date)
        c.number_format = "m/d"
        ws.cell(3, col, f"周{WEEKDAY_ZH[day.weekday]}")
        name = info.day_names[d] if d < len(info.day_names) else ""
        ws.cell(4, col, name or None)
        special = day.weekday >= 5 or day.statutory or day.day_type == "promotion"
        for r in (2, 3, 4):
            cell = ws.cell(r, col)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=(r == 4))
            cell.fill = _fill(RED if day.statutory else WEEKEND if special else HEADER)
            cell.border = BOX
    totals = (("休", '=COUNTIF({r},"休")'), ("出勤", '=COUNTA({r})-COUNTIF({r},"休")-COUNTIF({r},"节")'
                                                    '-COUNTIF({r},"年")-COUNTIF({r},"事")-COUNTIF({r},"病")'
                                                    '-COUNTIF({r},"—")'))
    for k, (title, _) in enumerate(totals):
        ws.cell(2, last_col + 1 + k, title)
    for col in range(1, last_col + len(totals) + 1):
        if col < first_col or col > last_col:
            for r in (2, 3, 4):
                ws.cell(r, col).font = Font(bold=True)
                ws.cell(r, col).fill = _fill(HEADER)
                ws.cell(r, col).border = BOX
    for p, person in enumerate(inst.people):
        r = top + p
        ws.cell(r, 1, person.id)
        ws.cell(r, 2, person.name)
        ws.cell(r, 3, info.role_names.get(person.role, person.role))
        for d in range(n):
            code = a.codes[p][d]
            duty = (p, d) in on_duty
            c = ws.cell(r, first_col + d, grid_text(code, duty, inst.leave))
            c.alignment, c.border = center, BOX
            if code in fills:
                c.fill = fills[code]
            if duty:
                c.font = Font(bold=True, color="C00000")
        span = f"{get_column_letter(first_col)}{r}:{get_column_letter(last_col)}{r}"
        for k, (_, formula) in enumerate(totals):
            c = ws.cell(r, last_col + 1 + k, formula.format(r=span))
            c.alignment = center
            formulas.add(c.coordinate)
    duty_r = top + len(inst.people)
    taken = [person.name for person in inst.people]
    label = [person.name if person.name and taken.count(person.name) == 1 else person.id for person in inst.people]
    ws.cell(duty_r, 2, DUTY_ROW).font = Font(bold=True, color="C00000")
    for d in range(n):
        names = "、".join(label[p] for p in a.duty[d]) if d < len(a.duty) else ""
        c = ws.cell(duty_r, first_col + d, names or None)
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True, text_rotation=255)
        c.border = BOX
    ws.row_dimensions[duty_r].height = 48
    legend_r = duty_r + 2
    ws.cell(legend_r, 2, "图例").font = Font(bold=True)
    duty_shift = inst.duty_shift if inst.duty_per_day else None
    for k, (text, meaning) in enumerate(legend(inst.shift_ids, info.shift_names, duty_shift, inst.leave), start=1):
        c = ws.cell(legend_r + k, 2, text)
        c.alignment, c.border = center, BOX
        code = text if text in fills else next((cd for cd in fills if grid_text(cd, leave=inst.leave) == text), None)
        if code:
            c.fill = fills[code]
        ws.cell(legend_r + k, 3, meaning)
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = 9
    ws.column_dimensions["C"].width = 6
    for d in range(n + len(totals)):
        ws.column_dimensions[get_column_letter(first_col + d)].width = 5
    ws.row_dimensions[4].height = 30
    ws.freeze_panes = ws.cell(top, first_col)
    ws.print_title_rows = "2:4"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return formulas


# ------------------------------------------------------------------ 覆盖
def _coverage(wb: Workbook, inst: Instance, a: Assignment, info: RunInfo) -> None:
    ws = wb.create_sheet("覆盖")
    _header(ws, 1, ("日期", "星期", "日类型", "班次", "岗位", "需求", "实到", "差额"))
    day_types = {"weekday": "工作日", "weekend": "周末", "holiday": "法定节假日", "promotion": "大促"}
    red = _fill(RED)
    for c in sorted(inst.covers, key=lambda c: (c.day, inst.shift_ids.index(c.shift), c.role or "")):
        day = inst.days[c.day]
        n = sum(1 for p, person in enumerate(inst.people)
                if a.codes[p][c.day] == c.shift and (c.role is None or person.role == c.role))
        role = info.role_names.get(c.role, c.role) if c.role else "全部"
        ws.append([day.date, f"周{WEEKDAY_ZH[day.weekday]}", day_types.get(day.day_type, day.day_type),
                   c.shift, role, c.minimum, n, n - c.minimum])
        r = ws.max_row
        ws.cell(r, 1).number_format = "yyyy-mm-dd"
        if n < c.minimum:
            for col in (7, 8):
                ws.cell(r, col).fill = red
    if inst.duty_per_day:
        ws.append([])
        ws.append(["值班", None, None, inst.duty_shift, None, inst.duty_per_day, None, None])
        for d, day in enumerate(inst.days):
            n = len(a.duty[d]) if d < len(a.duty) else 0
            ws.append([day.date, f"周{WEEKDAY_ZH[day.weekday]}", "值班", inst.duty_shift, "可值班",
                       inst.duty_per_day, n, n - inst.duty_per_day])
            ws.cell(ws.max_row, 1).number_format = "yyyy-mm-dd"
            if n < inst.duty_per_day:
                ws.cell(ws.max_row, 7).fill = red
                ws.cell(ws.max_row, 8).fill = red
    ws.freeze_panes = "A2"
    ws.column_dimensions["A"].width = 12


# ------------------------------------------------------------------ 统计
def employee_totals(inst: Instance, a: Assignment) -> list[dict]:
    """Per employee: days worked, rest days, leave, each shift, weekend rests, duty, holiday work, hours."""
    minutes = {s.id: s.minutes for s in inst.shifts}
    duty_days = {p: sum(1 for people in a.duty if p in people) for p in range(len(inst.people))}
    out = []
    for p, person in enumerate(inst.people):
        row = a.codes[p]
        worked = [d for d, c in enumerate(row) if c in minutes]
        out.append({
            "employee_id": person.id, "name": person.name, "role": person.role,
            "days_worked": len(worked), "rest_days": row.count(OFF), "holiday_rest": row.count(HOL),
            **{code: row.count(code) for code in inst.leave.codes},      # each leave type of the policy
            **{f"shift_{s}": row.count(s) for s in inst.shift_ids},
            "weekend_rest": sum(1 for d, day in enumerate(inst.days)
                                if day.weekday >= 5 and row[d] not in minutes and row[d] != NA),
            "duty_days": duty_days[p],
            "holiday_worked": sum(1 for d in worked if inst.days[d].statutory),
            "hours": round(sum(minutes[row[d]] for d in worked) / 60, 2),
        })
    return out


def _hours_columns(inst: Instance) -> tuple[str, ...]:
    """The hours columns of 统计 after 工时: the standard, overtime split the way it is paid, the cap."""
    if inst.working_time is None:
        return ()
    parts = (("延时加班", "休息日加班") if inst.working_time.regime == "standard" else ("超标准加班",))
    return ("标准工时", *parts, "法定节假日加班", "加班合计", "加班上限", "超上限")


def _hours_values(inst: Instance, h: PlannedHours | None) -> list:
    if h is None:
        return [None] * len(_hours_columns(inst))
    m = h.hours
    parts = (m.extended, m.rest_day) if inst.working_time.regime == "standard" else (m.over_standard,)
    return [_h(x) for x in (m.standard, *parts, m.holiday, m.overtime, h.cap)] + [_h(h.over) if h.over else None]


def _h(minutes: int) -> float:
    return round(minutes / 60, 2)


def _totals(wb: Workbook, inst: Instance, a: Assignment, info: RunInfo) -> None:
    ws = wb.create_sheet("统计")
    shifts = inst.shift_ids
    hours_cols = _hours_columns(inst)
    totals = employee_totals(inst, a)
    # the leave types taken this month (and the three everyone knows): eight empty columns only
    # shrink the printed sheet
    leave = [c for c in inst.leave.codes if c in DEFAULT_LEAVE.codes or any(t[c] for t in totals)]
    _header(ws, 1, ("工号", "姓名", "岗位", "出勤天数", "休(公休)", "节(节假日休)", *(inst.leave.name(c) for c in leave),
                    *(f"{s}班" for s in shifts), "周末休息", "值班天数", "节假日出勤",
                    "计划工时(小时)" if hours_cols else "工时(小时)", *hours_cols))
    planned = {h.person: h for h in planned_hours(inst, a)}
    red = _fill(RED)
    for p, t in enumerate(totals):
        ws.append([t["employee_id"], t["name"], info.role_names.get(t["role"], t["role"]), t["days_worked"],
                   t["rest_days"], t["holiday_rest"], *(t[c] for c in leave),
                   *(t[f"shift_{s}"] for s in shifts), t["weekend_rest"], t["duty_days"], t["holiday_worked"],
                   t["hours"], *(_hours_values(inst, planned.get(p)) if hours_cols else ())])
        if p in planned and planned[p].over:
            for col in (ws.max_column - 2, ws.max_column):        # 加班合计 and 超上限
                ws.cell(ws.max_row, col).fill = red
    if hours_cols and inst.month_standard is not None:
        std = inst.month_standard
        ws.append([])
        ws.append([f"工时（小时）：{inst.working_time.name}，本月标准 {std.working_days} 个工作日 "
                   f"{hours_text(std.minutes)} 小时（在职不满月的按在职的工作日）；加班上限每月 "
                   f"{hours_text(int(std.overtime_limit_hours * 60))} 小时（劳动法第四十一条，不满月按比例）；超上限的标红。"])
        first = ws.max_column - len(hours_cols)                    # 计划工时 and the hours columns
        for col in range(first, ws.max_column + 1):
            title = ws.cell(1, col).value or ""
            ws.column_dimensions[get_column_letter(col)].width = max(8, 2 * len(title) + 1)
    figures = fairness_figures(inst, a)
    ws.append([])
    ws.append([f"公平：{figures.line(inst.fair_shift)}。比较的是整月在职的人（值班：可值班的人；"
               f"{inst.fair_shift or '晚'}班：没有整月申请不上该班的人）。"])
    if figures.without_weekend_rest:
        ws.append([f"没有周末休息：{'、'.join(figures.without_weekend_rest)}"])
    ws.freeze_panes = "C2"
    ws.page_setup.orientation = "landscape"          # one page wide when printed, like the grid
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


# ------------------------------------------------------------------ 软约束
def _penalties(wb: Workbook, report: Report, info: RunInfo) -> None:
    """The unavoidable once (as 0), each person above it in one row, every other cost, the totals."""
    ws = wb.create_sheet("软约束")
    _header(ws, 1, ("规则", "工号", "姓名", "日期", "扣分", "说明"))
    view = actionable(report.penalties, info.floors or Unavoidable({}, ""))
    bold = Font(bold=True)
    if view.floor_words:
        ws.append(["任何排班都免不了的 unavoidable", None, None, None, 0, f"{view.floor_words}。"])
    for a in view.people:
        said = "；".join(_without_who(b.priced_words, a.person, a.name) for b in a.lines)
        ws.append([rule_list(dict.fromkeys(b.rule_id for b in a.lines)), a.person, a.name, None, a.excess,
                   f"比免不了的 {a.least} 分多 {a.excess} 分（共 {a.total} 分）：{said}"])
    for b in view.others:
        ws.append([rule_title(b.rule_id), b.person, b.name, b.date, b.amount, b.priced_words])
        if b.date is not None:
            ws.cell(ws.max_row, 4).number_format = "yyyy-mm-dd"
    ws.append([])
    for title, amount in (("可以更好的 could be better", view.actionable),
                          ("任何排班都免不了的 unavoidable", view.unavoidable), ("合计 total", view.total)):
        ws.append([title, None, None, None, amount, None])
        ws.cell(ws.max_row, 1).font = bold
        ws.cell(ws.max_row, 5).font = bold
    widths = {"A": 34, "B": 8, "C": 8, "D": 12, "E": 6, "F": 90}
    for col, width in widths.items():
        ws.column_dimensions[col].width = width
    _wrap_rows(ws, widths)
    ws.freeze_panes = "A2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _wrap_rows(ws, widths: dict[str, float]) -> None:
    """Wrap long text and make each row tall enough for it (Excel and LibreOffice do not grow a row
    for wrapped text written by openpyxl): a Chinese character is two columns wide."""
    top = Alignment(wrap_text=True, vertical="top")
    for row in ws.iter_rows(min_row=2):
        lines = 1
        for cell in row:
            cell.alignment = top
            if isinstance(cell.value, str):
                wide = sum(2 if ord(ch) > 0x2E80 else 1 for ch in cell.value)
                lines = max(lines, -(-wide // int(widths.get(cell.column_letter, 10) - 2)))
        if lines > 1:
            ws.row_dimensions[row[0].row].height = 16 * lines


def _without_who(words: str, person: str, name: str) -> str:
    """The words without the leading 'KF003 林晓雯 ' (the row names the person already)."""
    who = f"{who_text(person, name)} "
    return words[len(who):] if words.startswith(who) else words


# ------------------------------------------------------------------ 说明
def _about(wb: Workbook, instance: Instance, report: Report, info: RunInfo) -> None:
    ws = wb.create_sheet(ABOUT_SHEET)
    _header(ws, 1, ("项目", "内容"))

    def file_line(path):
        if path is None:
            return None
        p = Path(path)
        return f"{p}{SHA_MARK}{file_sha256(p)})" if p.exists() else str(p)

    hard = "所有硬约束均满足" if report.ok else \
        f"{len(report.violations)} 处违反硬约束：{rule_list(report.violated_rules())}"
    by_rule = "，".join(f"{rule_title(r)}{amount} 分" for r, amount in
                        sorted(report.penalty_by_rule().items(), key=lambda x: -x[1])) or None
    rows = [("月份 month", info.month), ("命令 command", f"roster {info.command}"),
            ("策略文件 policy", file_line(info.policy_file)), ("团队文件 team", file_line(info.team_file)),
            (PREVIOUS_KEY, file_line(info.previous_file)),
            (HISTORY_KEY, None if info.history_dir is None else str(info.history_dir)),
            ("结果 result", status_text(info.status, info.objective, info.bound) if info.status else None),
            ("用时 time (s)", None if info.wall_time is None else round(info.wall_time, 2)),
            ("校验 validator", hard), ("软约束总分 soft penalty (validator)", report.total_penalty),
            ("软约束按规则 by rule", by_rule),
            ("细节：求解状态 solver status", info.status or None),
            ("细节：求解器目标值 objective", info.objective), ("细节：下界 bound", info.bound),
            ("细节：差距 gap", None if info.gap is None else f"{info.gap:.2%}"),
            ("生成时间 written", datetime.now().isoformat(timespec="seconds"))]
    if instance.working_time is not None and instance.month_standard is not None:
        wt, std = instance.working_time, instance.month_standard
        regime = wt.name + (f"（批准：{wt.approval}）" if wt.regime == "comprehensive" and wt.approval else "")
        rows += [("工时制度 working time", regime),
                 ("本月标准工时 standard", f"{std.working_days} 个工作日，{hours_text(std.minutes)} 小时"),
                 ("加班上限 overtime cap", f"每月 {hours_text(int(std.overtime_limit_hours * 60))} 小时")]
    rows += [("备注 note", n) for n in info.notes]
    for key, value in rows:
        ws.append([key, value])
    for v in report.violations:
        ws.append(["违反 violation", str(v)])
    widths = {"A": 34, "B": 110}
    for col, width in widths.items():
        ws.column_dimensions[col].width = width
    _wrap_rows(ws, widths)


def roster_workbook(instance: Instance, assignment: Assignment, report: Report, info: RunInfo) -> Workbook:
    wb = Workbook()
    formulas = _grid(wb, instance, assignment, info)
    _coverage(wb, instance, assignment, info)
    if instance.interval_cover is not None:         # planned from demand (roster.demand)
        from roster.demand.workbook import staffing_sheets

        staffing_sheets(wb, instance, assignment, info.role_names)
    _totals(wb, instance, assignment, info)
    _penalties(wb, report, info)
    _about(wb, instance, report, info)
    _as_text(wb, keep={(GRID_SHEET, c) for c in formulas})
    return wb


def _as_text(wb: Workbook, keep: set[tuple[str, str]]) -> None:
    """Every cell but our own totals is a value, never a formula: a name typed as '=HYPERLINK(…)'
    stays the text the user typed (openpyxl stores any string starting with '=' as a formula)."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" and (ws.title, cell.coordinate) not in keep:
                    cell.data_type = "s"


def write_roster_workbook(path: str | Path, instance: Instance, assignment: Assignment, report: Report,
                          info: RunInfo) -> Path:
    """Write roster-YYYY-MM.xlsx atomically (temporary file, then rename)."""
    wb = roster_workbook(instance, assignment, report, info)
    return atomic_write(path, wb.save)


def write_roster_files(out_dir: str | Path, instance: Instance, assignment: Assignment, report: Report,
                       info: RunInfo) -> Written:
    """DIR/roster-YYYY-MM.xlsx and .csv: both written to temporary files first, then both renamed,
    so a failure leaves neither half-written; an existing file (perhaps edited by hand) is kept as a
    dated backup beside it (kefu.backups)."""
    out = Path(out_dir)
    with writing(out):
        out.mkdir(parents=True, exist_ok=True)
    targets = (out / f"roster-{info.month}.xlsx", out / f"roster-{info.month}.csv")
    temps = []
    try:
        for target in targets:
            with writing(target):
                temps.append(temp_beside(target))
        with writing(targets[0]):
            roster_workbook(instance, assignment, report, info).save(temps[0])
        with writing(targets[1]):
            write_csv_to(temps[1], instance, assignment)
        with writing(out):
            backups = replace_keeping_backups(list(zip(temps, targets)))
    finally:
        for tmp in temps:
            tmp.unlink(missing_ok=True)
    return Written(targets, tuple(backups))
