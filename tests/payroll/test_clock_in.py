"""The clock-in sheet: read through the policy's column mapping (钉钉, 企业微信, plain CSV in UTF-8 or GBK),
matched against the roster's shifts (grace, half/whole-day absence, shifts crossing midnight), and
every user error named by file, sheet, row and column."""
from __future__ import annotations

import csv
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from kefu.errors import InputError
from kefu.team import read_team
from payroll.clock_in import RosterDay, holiday_absence_notice, match_roster, read_clock_in
from roster.policy import ShiftDef, load_policy
from payroll_testkit import EXAMPLES, policy

D = Decimal
A = ShiftDef(start="09:00", end="18:00", break_minutes=60)
C = ShiftDef(start="15:00", end="24:00", break_minutes=60)
N = ShiftDef(start="22:00", end="06:00", break_minutes=60)     # a night shift crossing midnight
SHIFTS = {"A": A, "C": C, "N": N}
DAY = date(2026, 11, 3)


def team():
    pol = load_policy(EXAMPLES / "policy.toml")
    return read_team(EXAMPLES / "team.xlsx", pol.team, tuple(pol.roster.shifts))


def rules(**over):
    return policy(clock_in=over).clock_in if over else policy().clock_in


def write_csv(path: Path, rows: list[list], header=("工号", "日期", "上班打卡时间", "下班打卡时间"),
              encoding: str = "utf-8") -> Path:
    with path.open("w", newline="", encoding=encoding) as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def check(tmp_path, first, last, code="A", clock=None, day=DAY):
    """The one DayCheck of KF001 on `day` rostered on `code`, with the given punches."""
    path = write_csv(tmp_path / "clock.csv", [["KF001", day.isoformat(), first, last]])
    sheet = read_clock_in(path, clock or rules(), team(), 2026, 11)
    month = match_roster(sheet, [RosterDay("KF001", day, code)], SHIFTS, clock or rules(), ["KF001"])
    (only,) = month.days["KF001"]
    return only


class TestLateArrival:
    """Late = first in more than the grace (example: 5 min) after the start; on the grace is on time."""

    @pytest.mark.parametrize("first, late", [("09:04", 0), ("09:05", 0), ("09:06", 6), ("08:40", 0),
                                             ("09:05:59", 0)])
    def test_grace(self, tmp_path, first, late):
        c = check(tmp_path, first, "18:05")
        assert (c.late_minutes, c.absent_days) == (late, 0)

    @pytest.mark.parametrize("grace, first, late", [(0, "09:00", 0), (0, "09:01", 1), (10, "09:10", 0),
                                                    (10, "09:11", 11)])
    def test_grace_is_policy(self, tmp_path, grace, first, late):
        c = check(tmp_path, first, "18:05", clock=rules(late_grace_minutes=grace))
        assert c.late_minutes == late


class TestEarlyLeave:
    """Early = last out more than the grace (example: 0 min) before the end."""

    @pytest.mark.parametrize("last, early", [("18:00", 0), ("17:59", 1), ("18:30", 0)])
    def test_no_grace(self, tmp_path, last, early):
        c = check(tmp_path, "08:55", last)
        assert (c.early_minutes, c.absent_days) == (early, 0)

    @pytest.mark.parametrize("last, early", [("17:50", 0), ("17:49", 11)])
    def test_grace_10(self, tmp_path, last, early):
        c = check(tmp_path, "08:55", last, clock=rules(early_grace_minutes=10))
        assert c.early_minutes == early


class TestAbsence:
    """No punch at all is a day absent; late or early beyond 60 min half a day, beyond 240 min a day
    (example policy), instead of the late/early amount."""

    @pytest.mark.parametrize("first, last, late, absent", [
        ("10:00", "18:00", 60, D(0)), ("10:01", "18:00", 0, D("0.5")),
        ("13:00", "18:00", 0, D("0.5")), ("13:01", "18:00", 0, D(1))])
    def test_late_thresholds(self, tmp_path, first, last, late, absent):
        c = check(tmp_path, first, last)
        assert (c.late_minutes, c.absent_days) == (late, absent)

    @pytest.mark.parametrize("last, early, absent", [("17:00", 60, D(0)), ("16:59", 0, D("0.5")),
                                                     ("13:59", 0, D(1))])
    def test_early_thresholds(self, tmp_path, last, early, absent):
        c = check(tmp_path, "08:50", last)
        assert (c.early_minutes, c.absent_days) == (early, absent)

    def test_late_and_early_half_days_make_a_day(self, tmp_path):
        c = check(tmp_path, "10:30", "16:30")
        assert c.absent_days == 1 and "迟到 90 分钟" in c.absent_why and "早退 90 分钟" in c.absent_why

    def test_no_punch_is_a_day(self, tmp_path):
        c = check(tmp_path, "", "")
        assert (c.absent_days, c.absent_why) == (1, "A 班 09:00–18:00 无打卡")

    def test_no_row_is_a_day(self, tmp_path):
        path = write_csv(tmp_path / "clock.csv", [["KF001", "2026-11-02", "08:55", "18:00"]])
        month = match_roster(read_clock_in(path, rules(), team(), 2026, 11),
                             [RosterDay("KF001", date(2026, 11, 2), "A"), RosterDay("KF001", DAY, "A")],
                             SHIFTS, rules(), ["KF001"])
        assert [c.absent_days for c in month.days["KF001"]] == [0, 1]

    @pytest.mark.parametrize("days, notice", [(0, True), (D("0.5"), False), (1, False)])
    def test_one_punch_missing(self, tmp_path, days, notice):
        clock = rules(missing_punch_absent_days=float(days))
        path = write_csv(tmp_path / "clock.csv", [["KF001", DAY.isoformat(), "08:55", "--"]])
        month = match_roster(read_clock_in(path, clock, team(), 2026, 11), [RosterDay("KF001", DAY, "A")],
                             SHIFTS, clock, ["KF001"])
        assert month.days["KF001"][0].absent_days == days
        assert any("缺卡" in n for n in month.notices) == notice

    def test_rest_day_punch_ignored_with_notice(self, tmp_path):
        path = write_csv(tmp_path / "clock.csv", [["KF001", DAY.isoformat(), "10:00", "12:00"]])
        month = match_roster(read_clock_in(path, rules(), team(), 2026, 11), [RosterDay("KF001", DAY, "OFF")],
                             SHIFTS, rules(), ["KF001"])
        assert month.days["KF001"] == ()
        assert any("KF001 11-03（休）" in n and "已忽略" in n for n in month.notices)

    def test_employee_without_rows_is_not_checked(self, tmp_path):
        path = write_csv(tmp_path / "clock.csv", [["KF001", DAY.isoformat(), "08:55", "18:00"]])
        month = match_roster(read_clock_in(path, rules(), team(), 2026, 11),
                             [RosterDay("KF001", DAY, "A"), RosterDay("KF002", DAY, "A")], SHIFTS, rules(),
                             ["KF001", "KF002"])
        assert "KF002" not in month.days
        assert any("KF002 在打卡表中没有任何一行" in n for n in month.notices)


class TestShiftAcrossMidnight:
    """A last out earlier than the first in is the next morning only for a shift crossing midnight."""

    @pytest.mark.parametrize("last, early", [("06:10", 0), ("06:00", 0), ("05:40", 20), ("次日 05:40", 20),
                                             ("2026-11-04 05:50", 10), ("29:55", 5)])
    def test_night_shift(self, tmp_path, last, early):
        c = check(tmp_path, "21:50", last, code="N")
        assert (c.early_minutes, c.absent_days) == (early, 0)
        assert c.last_out > 24 * 60

    def test_night_shift_late(self, tmp_path):
        c = check(tmp_path, "22:10", "06:05", code="N")
        assert (c.late_minutes, c.early_minutes) == (10, 0)

    @pytest.mark.parametrize("last, early", [("00:12", 0), ("24:00", 0), ("23:50", 10)])
    def test_shift_ending_at_midnight(self, tmp_path, last, early):
        c = check(tmp_path, "14:50", last, code="C")
        assert c.early_minutes == early

    def test_day_shift_out_before_in_is_an_error(self, tmp_path):
        with pytest.raises(InputError) as err:
            check(tmp_path, "09:00", "02:10")
        e = err.value
        assert (Path(e.file).name, e.row, e.column) == ("clock.csv", 2, "D (下班打卡时间)")
        assert "早于上班打卡" in e.zh and "不跨夜" in e.zh

    def test_explicit_next_day_on_a_day_shift_is_not_an_error(self, tmp_path):
        c = check(tmp_path, "09:00", "次日 00:30")
        assert (c.early_minutes, c.absent_days) == (0, 0)


class TestColumnMapping:
    """Exports read as they are through [payroll.clock_in.columns]."""

    def test_dingtalk_daily_statistics(self, tmp_path):
        wb = Workbook()
        ws = wb.active
        ws.title = "每日统计"
        ws.append(("每日统计  统计日期：2026-11-01 至 2026-11-30",))
        ws.append(("报表生成时间：2026-12-01 09:00",))
        ws.append(("姓名", "考勤组", "部门", "工号", "职位", "UserId", "日期", "班次", "上班1打卡时间", "上班1打卡结果",
                   "下班1打卡时间", "下班1打卡结果"))
        ws.append(("甲", "客服", "客服部", "KF001", "售前", "u1", "26-11-03 星期二", "C", "15:17", "迟到",
                   "次日 00:40", "正常"))
        ws.append(("乙", "客服", "客服部", "KF002", "售前", "u2", "26-11-03 星期二", "A", "08:58", "正常",
                   "", "缺卡"))
        path = tmp_path / "钉钉.xlsx"
        wb.save(path)
        sheet = read_clock_in(path, rules(), team(), 2026, 11)
        p1, p2 = sheet.punches[("KF001", DAY)], sheet.punches[("KF002", DAY)]
        assert (p1.first_in, p1.last_out, p1.row) == (15 * 60 + 17, 24 * 60 + 40, 4)
        assert (p2.first_in, p2.last_out) == (8 * 60 + 58, None)
        assert p1.cells["first_in"].column == "I (上班1打卡时间)" and sheet.sheet == "每日统计"

    def test_wecom_daily_report_two_header_rows(self, tmp_path):
        wb = Workbook()
        ws = wb.active
        ws.title = "日报"
        ws.append(("基础信息", None, None, None, None, "考勤概况"))
        ws.append(("时间", "姓名", "账号", "部门", "班次", "最早", "最晚", "打卡次数(次)"))
        ws.append(("2026/11/03 星期二", "甲", "KF001", "客服部", "A", time(9, 7), time(18, 2), 2))
        path = tmp_path / "企业微信.xlsx"
        wb.save(path)
        p = read_clock_in(path, rules(), team(), 2026, 11).punches[("KF001", DAY)]
        assert (p.first_in, p.last_out, p.row) == (9 * 60 + 7, 18 * 60 + 2, 3)

    def test_excel_datetimes(self, tmp_path):
        wb = Workbook()
        ws = wb.active
        ws.append(("工号", "日期", "first_in", "last_out"))
        ws.append(("KF001", datetime(2026, 11, 3), datetime(2026, 11, 3, 21, 55), datetime(2026, 11, 4, 6, 3)))
        path = tmp_path / "plain.xlsx"
        wb.save(path)
        p = read_clock_in(path, rules(), team(), 2026, 11).punches[("KF001", DAY)]
        assert (p.first_in, p.last_out, p.last_out_fixed) == (21 * 60 + 55, 30 * 60 + 3, True)

    def test_mapping_is_policy(self, tmp_path):
        path = write_csv(tmp_path / "c.csv", [["KF001", "2026-11-03", "09:00", "18:00"]],
                         header=("人员编号", "日期", "进", "出"))
        custom = rules(columns={"employee_id": ["人员编号"], "date": ["日期"], "first_in": ["进"], "last_out": ["出"]})
        assert ("KF001", DAY) in read_clock_in(path, custom, team(), 2026, 11).punches
        with pytest.raises(InputError) as err:
            read_clock_in(path, rules(), team(), 2026, 11)
        assert "缺少“工号”列" in err.value.zh and "“上班打卡”列" in err.value.zh

    @pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
    def test_csv_encodings(self, tmp_path, encoding):
        path = write_csv(tmp_path / "c.csv", [["KF001", "2026年11月3日", "09:00", "18:00"]], encoding=encoding)
        assert ("KF001", DAY) in read_clock_in(path, rules(), team(), 2026, 11).punches


class TestErrors:
    """Each user error: one InputError naming file, sheet (CSV: none), row and column."""

    @pytest.mark.parametrize("row, column, zh", [
        (["KF999", "2026-11-03", "09:00", "18:00"], "A (工号)", "工号 KF999 不在员工表中"),
        (["KF001", "2026-12-01", "09:00", "18:00"], "B (日期)", "日期 2026-12-01 不在 2026-11 内"),
        (["KF001", "11月3日", "09:00", "18:00"], "B (日期)", "应填日期"),
        (["KF001", "2026-11-03", "9点", "18:00"], "C (上班打卡时间)", "应填时间"),
        (["KF001", "2026-11-03", "09:00", "18:61"], "D (下班打卡时间)", "应填时间"),
        (["", "2026-11-03", "09:00", "18:00"], "A (工号)", "此处必须填写"),
    ])
    def test_bad_cell(self, tmp_path, row, column, zh):
        path = write_csv(tmp_path / "c.csv", [["KF001", "2026-11-02", "09:00", "18:00"], row])
        with pytest.raises(InputError) as err:
            read_clock_in(path, rules(), team(), 2026, 11)
        e = err.value
        assert (Path(e.file).name, e.sheet, e.row, e.column) == ("c.csv", None, 3, column)
        assert zh in e.zh

    def test_same_employee_and_date_twice(self, tmp_path):
        wb = Workbook()
        ws = wb.active
        ws.title = "打卡表"
        ws.append(("工号", "日期", "上班打卡", "下班打卡"))
        ws.append(("KF001", "2026-11-03", "09:00", "18:00"))
        ws.append(("KF002", "2026-11-03", "09:00", "18:00"))
        ws.append(("KF001", date(2026, 11, 3), "09:10", "18:00"))
        path = tmp_path / "dup.xlsx"
        wb.save(path)
        with pytest.raises(InputError) as err:
            read_clock_in(path, rules(), team(), 2026, 11)
        e = err.value
        assert (e.sheet, e.row, e.column) == ("打卡表", 4, "B (日期)")
        assert "第一行在第 2 行" in e.zh
        assert e.chinese().startswith("dup.xlsx，工作表 打卡表，第 4 行，B 列（日期）：")

    def test_missing_column_names_the_header_row(self, tmp_path):
        path = write_csv(tmp_path / "c.csv", [["KF001", "2026-11-03", "09:00"]], header=("工号", "日期", "上班打卡时间"))
        with pytest.raises(InputError) as err:
            read_clock_in(path, rules(), team(), 2026, 11)
        assert (err.value.row, err.value.column) == (1, None)
        assert "缺少“下班打卡”列" in err.value.zh and "下班1打卡时间" in err.value.zh

    def test_not_a_sheet(self, tmp_path):
        path = tmp_path / "c.pdf"
        path.write_bytes(b"%PDF")
        with pytest.raises(InputError) as err:
            read_clock_in(path, rules(), team(), 2026, 11)
        assert ".xlsx" in err.value.zh


class TestHolidayAbsence:
    def test_notice_when_absent_on_a_statutory_holiday_shift(self, tmp_path):
        path = write_csv(tmp_path / "clock.csv", [["KF001", "2026-11-02", "08:55", "18:00"]])
        month = match_roster(read_clock_in(path, rules(), team(), 2026, 11),
                             [RosterDay("KF001", date(2026, 11, 2), "A"), RosterDay("KF001", DAY, "A")],
                             SHIFTS, rules(), ["KF001"])
        assert holiday_absence_notice(month, {"KF001": [date(2026, 11, 2)]}, "clock.csv") is None
        notice = holiday_absence_notice(month, {"KF001": [DAY]}, "clock.csv")
        assert notice is not None and "KF001 11-03" in notice and "节假日加班费仍按排班计发" in notice


class TestPunchOutsideTheRoster:
    def test_punch_of_someone_not_employed_is_ignored_with_notice(self, tmp_path):
        path = write_csv(tmp_path / "clock.csv", [["KF001", DAY.isoformat(), "08:55", "18:00"],
                                                  ["KF021", DAY.isoformat(), "08:55", "18:00"]])
        month = match_roster(read_clock_in(path, rules(), team(), 2026, 11), [RosterDay("KF001", DAY, "A")],
                             SHIFTS, rules(), ["KF001"])
        assert list(month.days) == ["KF001"]
        assert any("KF021 11-03" in n and "本月不在职" in n for n in month.notices)
