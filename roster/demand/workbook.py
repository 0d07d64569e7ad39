"""The roster workbook's staffing sheets when the roster was planned from demand.

人手 (staffing): one row per day, interval and role — chats forecast, people required, planned
(effective agents on shift, breaks staggered), heads on shift, short, predicted share answered
within the first-reply target and share delayed; short and below-target cells red. A line chart of
required against planned for each role over the month's busiest day. 人手汇总 (per day): required
and planned agent-hours, over and under, intervals short and meeting the target, the day's
predicted first-reply share; a column chart of required against planned hours per day and the
month's total row; below it the month per role (and whether what a role is short of is headcount
or the times of its shifts) and the days worked on each shift.
"""
from __future__ import annotations

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Font, PatternFill

from kefu.calendar import WEEKDAY_ZH
from roster.demand.staffing import role_verdict, shift_text, staffing

RED, HEADER = "FF7C80", "DDEBF7"


def _head(ws, titles) -> None:
    _head_row(ws, titles)
    ws.freeze_panes = "A2"


def staffing_sheets(wb, inst, assignment, role_names: dict[str, str]) -> None:
    report = staffing(inst, assignment)
    cover = inst.interval_cover
    red = PatternFill("solid", fgColor=RED)
    t = report.first_reply_s
    ws = wb.create_sheet("人手")
    _head(ws, ("日期", "星期", "时段", "岗位", "咨询量", "需要人数", "排班人数", "在班人头", "缺人",
               f"预计{t}秒内首响", "预计延误率", "达到目标"))
    for f in report.intervals:
        day = inst.days[f.day]
        ws.append([day.date, f"周{WEEKDAY_ZH[day.weekday]}", cover.slot_text(f.slot), role_names.get(f.role, f.role),
                   f.contacts, f.required, round(f.planned, 2), f.heads, f.short,
                   round(f.prediction.first_reply, 4), round(f.prediction.delayed, 4), "是" if f.meets else "否"])
        r = ws.max_row
        ws.cell(r, 1).number_format = "yyyy-mm-dd"
        ws.cell(r, 10).number_format = ws.cell(r, 11).number_format = "0.0%"
        if f.short:
            ws.cell(r, 9).fill = red
        if not f.meets:
            ws.cell(r, 10).fill = ws.cell(r, 12).fill = red
    for col, width in zip("ABCDEFGHIJKL", (12, 6, 13, 8, 8, 9, 9, 9, 6, 14, 11, 9)):
        ws.column_dimensions[col].width = width
    _busiest_day_chart(ws, report, inst, role_names)

    ws = wb.create_sheet("人手汇总")
    _head(ws, ("日期", "星期", "需要人时", "排班人时", "多出人时", "缺少人时", "时段数", "缺人时段", "达标时段",
               f"预计{t}秒内首响"))
    for d in report.days:
        day = inst.days[d.day]
        ws.append([day.date, f"周{WEEKDAY_ZH[day.weekday]}", round(d.required_hours, 1), round(d.planned_hours, 1),
                   round(d.over_hours, 1), round(d.under_hours, 1), d.intervals, d.intervals_short,
                   d.intervals_meeting, round(d.first_reply, 4)])
        ws.cell(ws.max_row, 1).number_format = "yyyy-mm-dd"
        ws.cell(ws.max_row, 10).number_format = "0.0%"
        if d.first_reply < report.target_share:
            ws.cell(ws.max_row, 10).fill = red
    last = ws.max_row
    total = report.total()
    ws.append(["合计", None, round(total.required_hours, 1), round(total.planned_hours, 1), round(total.over_hours, 1),
               round(total.under_hours, 1), total.intervals, total.intervals_short, total.intervals_meeting,
               round(total.first_reply, 4)])
    ws.cell(ws.max_row, 10).number_format = "0.0%"
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for col, width in zip("ABCDEFGHIJ", (12, 6, 10, 10, 10, 10, 8, 9, 9, 14)):
        ws.column_dimensions[col].width = width
    _roles_and_shifts(ws, report, inst, role_names)
    chart = BarChart()
    chart.title = "每天 需要人时 与 排班人时"
    chart.y_axis.title = "人时"
    chart.add_data(Reference(ws, min_col=3, max_col=4, min_row=1, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=last))
    chart.width, chart.height = 28, 9
    ws.add_chart(chart, "L2")


def _roles_and_shifts(ws, report, inst, role_names) -> None:
    """Below the days: the month per role (hours needed and planned, and whether what is short is
    headcount or shift times), then the days worked on each shift."""
    ws.append([])
    _head_row(ws, ("岗位", "人数", "需要人时", "排班人时", "多出人时", "缺少人时", "时段数", "缺人时段", "达标时段",
                   "预计首响", "结论"))
    for role, t in sorted(report.roles.items()):
        ws.append([role_names.get(role, role), report.people.get(role, 0), round(t.required_hours, 1),
                   round(t.planned_hours, 1), round(t.over_hours, 1), round(t.under_hours, 1), t.intervals,
                   t.intervals_short, t.intervals_meeting, round(t.first_reply, 4),
                   role_verdict(report, role, inst) or "不缺人"])
        ws.cell(ws.max_row, 10).number_format = "0.0%"
    ws.column_dimensions["K"].width = 56
    ws.append([])
    _head_row(ws, ("班次", "人次"))
    for s in inst.shifts:
        ws.append([shift_text(s), report.shift_days.get(s.id, 0)])


def _head_row(ws, titles) -> None:
    ws.append(list(titles))
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER)


def _busiest_day_chart(ws, report, inst, role_names) -> None:
    """Required vs planned per interval on the day with the most chats, one pair of lines per role
    (the rows of that day are contiguous in the 人手 sheet: sorted by day, interval, role)."""
    if not report.intervals:
        return
    busiest = max(report.days, key=lambda d: d.contacts).day
    rows = [i + 2 for i, f in enumerate(report.intervals) if f.day == busiest]
    roles = sorted({f.role for f in report.intervals if f.day == busiest})
    # a small table of that day beside the rows: interval, then required/planned per role
    col0 = 14
    ws.cell(1, col0, f"{inst.days[busiest].date} 时段")
    for j, role in enumerate(roles):
        name = role_names.get(role, role)
        ws.cell(1, col0 + 1 + 2 * j, f"{name} 需要")
        ws.cell(1, col0 + 2 + 2 * j, f"{name} 排班")
    slots = sorted({report.intervals[r - 2].slot for r in rows})
    by_key = {(report.intervals[r - 2].slot, report.intervals[r - 2].role): report.intervals[r - 2] for r in rows}
    for i, slot in enumerate(slots, start=2):
        ws.cell(i, col0, inst.interval_cover.slot_text(slot))
        for j, role in enumerate(roles):
            f = by_key.get((slot, role))
            ws.cell(i, col0 + 1 + 2 * j, f.required if f else None)
            ws.cell(i, col0 + 2 + 2 * j, round(f.planned, 2) if f else None)
    chart = LineChart()
    chart.title = f"最忙的一天 {inst.days[busiest].date}：需要人数 与 排班人数"
    chart.add_data(Reference(ws, min_col=col0 + 1, max_col=col0 + 2 * len(roles), min_row=1,
                             max_row=len(slots) + 1), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=col0, min_row=2, max_row=len(slots) + 1))
    chart.width, chart.height = 28, 10
    ws.add_chart(chart, ws.cell(len(slots) + 3, col0).coordinate)
