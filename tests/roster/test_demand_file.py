"""The demand workbook (roster.demand.demand_file) and the forecast from past weeks: bad cells give
one line naming file, sheet, row and column; the CLI says it without a traceback (exit 3)."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from kefu.errors import InputError
from roster.cli import main
from roster.demand.demand_file import read_demand
from roster.demand.forecast import forecast_month
from roster.policy import load_policy

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
POLICY = load_policy(EXAMPLES / "policy.toml")
ROLES = POLICY.team.role_lookup()


def _book(path: Path, rows, sheet="咨询量", headers=("日期", "时段", "岗位", "咨询量")) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(list(headers))
    for r in rows:
        ws.append(list(r))
    wb.save(path)
    return path


class TestDemandFileErrors:
    @pytest.mark.parametrize("row,where", [
        ((date(2026, 12, 1), "09:15", "售前", 10), "第 2 行，B 列（时段）：09:15 不是 30 分钟时段的开始"),
        ((date(2026, 12, 1), "九点", "售前", 10), "第 2 行，B 列（时段）：时段应填开始时间"),
        ((date(2026, 12, 1), "09:00", "客服", 10), "第 2 行，C 列（岗位）：未知岗位“客服”"),
        ((date(2026, 12, 1), "09:00", "售前", -3), "第 2 行，D 列（咨询量）：咨询量不能为负数"),
        ((date(2026, 12, 1), "09:00", "售前", "很多"), "第 2 行，D 列（咨询量）：咨询量应填数字"),
        ((date(2026, 12, 1), "09:00", "售前", None), "第 2 行，D 列（咨询量）：此处必须填写咨询量"),
        (("12月1日", "09:00", "售前", 5), "第 2 行，A 列（日期）：应填日期"),
    ])
    def test_bad_cell_named(self, tmp_path, row, where):
        path = _book(tmp_path / "d.xlsx", [row])
        with pytest.raises(InputError) as err:
            read_demand(path, ROLES, 30)
        assert err.value.chinese() == f"d.xlsx，工作表 咨询量，{where}" or err.value.chinese().startswith(
            f"d.xlsx，工作表 咨询量，{where}")

    def test_duplicate_row_names_both(self, tmp_path):
        path = _book(tmp_path / "d.xlsx", [(date(2026, 12, 1), "09:00", "售前", 5), (date(2026, 12, 1), "09:00", "售前客服", 6)])
        with pytest.raises(InputError) as err:
            read_demand(path, ROLES, 30)
        assert err.value.row == 3 and "第 2 行已有" in err.value.chinese()

    def test_missing_column(self, tmp_path):
        path = _book(tmp_path / "d.xlsx", [(date(2026, 12, 1), "09:00", "售前")], headers=("日期", "时段", "岗位"))
        with pytest.raises(InputError) as err:
            read_demand(path, ROLES, 30)
        assert "缺少“咨询量”列" in err.value.chinese() and err.value.sheet == "咨询量"

    def test_no_demand_sheet(self, tmp_path):
        path = _book(tmp_path / "d.xlsx", [], sheet="Sheet1")
        with pytest.raises(InputError) as err:
            read_demand(path, ROLES, 30)
        assert "找不到工作表 咨询量" in err.value.chinese()

    def test_cli_one_line_exit_3(self, tmp_path):
        path = _book(tmp_path / "d.xlsx", [(date(2026, 12, 1), "09:00", "客服", 10)])
        result = CliRunner().invoke(main, ["solve", "--team", str(EXAMPLES / "team.xlsx"), "--policy",
                                           str(EXAMPLES / "policy.toml"), "--month", "2026-12", "--out",
                                           str(tmp_path / "out"), "--demand", str(path)])
        assert result.exit_code == 3 and "Traceback" not in result.output
        assert result.output.strip().splitlines() == [
            "错误：d.xlsx，工作表 咨询量，第 2 行，C 列（岗位）：未知岗位“客服”；策略 [team.roles] 里有：aftersale、lead、presale"]
        assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


class TestForecast:
    def test_good_rows_read(self, tmp_path):
        path = _book(tmp_path / "d.xlsx", [(date(2026, 12, 1), "09:00", "售前", 10),
                                           (date(2026, 12, 1), "09:30-10:00", "售后", 4)],
                     headers=("日期", "时段", "岗位", "咨询量"))
        d = read_demand(path, ROLES, 30)
        assert d.kind == "forecast" and [(r.slot, r.role, r.contacts) for r in d.rows] == [(18, "presale", 10), (19, "aftersale", 4)]

    def test_weekday_profile_and_promotion(self, tmp_path):
        # two weeks: every Monday 10 then 20 chats at 09:00 (mean 15); the 11-11-like day is left out
        rows = []
        start = date(2026, 11, 2)                                  # a Monday
        for i in range(14):
            day = start + timedelta(days=i)
            rows.append((day, "09:00", "售前", 10 if i < 7 else 20))
        rows.append((date(2026, 11, 11), "10:00", "售前", 999))  # a promotion day: not in the profile
        path = _book(tmp_path / "h.xlsx", rows, sheet="历史咨询量")
        demand = read_demand(path, ROLES, 30)
        assert demand.kind == "history"
        days = [date(2026, 12, 7), date(2026, 12, 12), date(2026, 12, 14)]     # Mon, Sat, Mon
        fc = forecast_month(demand, days, {"12-12": Decimal("2.5")}, ("11-11", "12-12"))
        by_day = {(r.date, r.slot): r.contacts for r in fc.rows}
        assert by_day[date(2026, 12, 7), 18] == 15 and by_day[date(2026, 12, 14), 18] == 15
        assert by_day[date(2026, 12, 12), 18] == 37.5               # Saturday 15 × 2.5
        assert (date(2026, 12, 7), 20) not in by_day                # 10:00 only ever seen on the promotion day
        assert date(2026, 11, 11) in fc.measured and any("2026-11-11" in n for n in fc.notices)

    def test_example_history_measures_double_eleven(self):
        demand = read_demand(EXAMPLES / "demand-2026-12.xlsx", ROLES, 30)
        fc = forecast_month(demand, [date(2026, 12, 1)], {}, ("11-11",))
        assert fc.measured[date(2026, 11, 11)] == pytest.approx(4.0, abs=0.15)
