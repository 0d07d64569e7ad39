"""roster solve/check --demand and roster template --demand through CliRunner, re-read with openpyxl
and the library."""
from __future__ import annotations

import csv
import math
import re
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from roster.cli import main
from roster.demand.demand_file import read_demand
from roster.policy import load_policy

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TEAM, POLICY, DEMAND = EXAMPLES / "team.xlsx", EXAMPLES / "policy.toml", EXAMPLES / "demand-2026-12.xlsx"


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output, result.output
    return result


def csv_rows(out: Path) -> list[dict]:
    with open(out / "roster-2026-12.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def from_demand(tmp_path_factory):
    out = tmp_path_factory.mktemp("demand")
    result = run("solve", "--team", TEAM, "--policy", POLICY, "--month", "2026-12", "--out", out,
                 "--demand", DEMAND, "--time-limit", "45", "--workers", "2", "--seed", "1")   # a first roster takes ~10 s alone, more under load
    return out, result


class TestSolveFromDemand:
    def test_hard_rules_hold_and_staffing_said(self, from_demand):
        out, result = from_demand
        assert result.exit_code == 0, result.output
        line = next(x for x in result.output.splitlines() if x.startswith("人手："))
        assert re.search(r"需要 \d+ 人时，排了 \d+ 人时", line) and "预计 30 秒内首响" in line
        shifts = next(x for x in result.output.splitlines() if x.startswith("班次人次："))
        assert "D 13:00–22:00（仅按需求排班）" in shifts and "E 10:00–19:00（仅按需求排班）" in shifts
        # 双12 is 2.5 × an ordinary Saturday: the team cannot cover it, and the worst span says so
        assert re.search(r"12-12（周六，大促）\d\d:\d\d–\d\d:\d\d 售前 缺 \d+ 人，预计 30 秒内首响 \d+%", result.output)

    def test_workbook_staffing_sheets(self, from_demand):
        out, _ = from_demand
        wb = openpyxl.load_workbook(out / "roster-2026-12.xlsx")
        assert {"人手", "人手汇总"} <= set(wb.sheetnames)
        rows = list(wb["人手"].iter_rows(min_row=2, max_col=12, values_only=True))
        assert len(rows) == 31 * 30 * 2                            # days × half hours 09:00–24:00 × roles
        assert {r[3] for r in rows} == {"售前", "售后"}
        assert all(r[8] == max(0, math.ceil(round(r[5] - r[6], 6))) for r in rows)     # 缺人 = ⌈需要 − 排班⌉⁺
        summary = list(wb["人手汇总"].iter_rows(min_row=2, values_only=True))
        assert summary[31][0] == "合计" and all(isinstance(r[0], datetime) for r in summary[:31])
        roles = {r[0]: r for r in summary[34:36]}
        assert summary[32][0] is None and summary[33][0] == "岗位" and set(roles) == {"售前", "售后"}
        assert roles["售前"][1] == 18 and roles["售后"][1] == 9                 # the example team's people
        assert abs(roles["售前"][2] + roles["售后"][2] - summary[31][2]) < 0.2   # role hours add up to the month
        shifts = {r[0]: r[1] for r in summary[38:]}
        assert summary[37][0] == "班次" and "D 13:00–22:00（仅按需求排班）" in shifts
        assert sum(shifts.values()) == sum(1 for r in csv_rows(out) if r["code"] in {"A", "B", "C", "D", "E"})
        assert wb["人手汇总"]._charts and wb["人手"]._charts

    def test_check_with_demand_agrees(self, from_demand):
        out, solved = from_demand
        result = run("check", out / "roster-2026-12.csv", "--team", TEAM, "--policy", POLICY, "--demand", DEMAND)
        assert result.exit_code == 0, result.output
        said = next(x for x in solved.output.splitlines() if x.startswith("人手："))
        assert said in result.output.splitlines()

    def test_check_without_demand_uses_shift_counts(self, from_demand):
        out, _ = from_demand
        result = run("check", out / "roster-2026-12.csv", "--team", TEAM, "--policy", POLICY)
        assert "人手：" not in result.output


class TestDemandTemplate:
    def test_prefilled_month_reads_back(self, tmp_path):
        result = run("template", "--demand", "--month", "2026-12", "--policy", POLICY, "--out", tmp_path)
        assert result.exit_code == 0, result.output
        wb = openpyxl.load_workbook(tmp_path / "demand.xlsx")
        assert wb.sheetnames == ["咨询量", "历史咨询量"]
        ws = wb["咨询量"]
        assert [c.value for c in ws[1]] == ["日期", "时段", "岗位", "咨询量", "平均处理时长（秒）"]
        assert ws.max_row - 1 == 31 * 30 * 2
        for row in ws.iter_rows(min_row=2):                         # fill in the chats, then read it back
            row[3].value = 12
        wb.save(tmp_path / "demand.xlsx")
        policy = load_policy(POLICY)
        d = read_demand(tmp_path / "demand.xlsx", policy.team.role_lookup(), 30)
        assert d.kind == "forecast" and len(d.rows) == 31 * 30 * 2 and {r.role for r in d.rows} == {"presale", "aftersale"}

    def test_does_not_overwrite(self, tmp_path):
        run("template", "--demand", "--policy", POLICY, "--out", tmp_path)
        result = run("template", "--demand", "--policy", POLICY, "--out", tmp_path)
        assert result.exit_code == 3 and "已经存在" in result.output

    def test_month_needs_demand(self, tmp_path):
        result = run("template", "--month", "2026-12", "--policy", POLICY, "--out", tmp_path)
        assert result.exit_code == 3 and "--month 只和 --demand 一起用" in result.output
