"""The bank batch file: a closed month's net pay in each bank's layout, to the fen, and its refusals."""
from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from kefu.errors import InputError
from kefu.team import read_team
from payroll.bank_file import batch_for, rows
from payroll.cli import main
from payroll.policy import load_payroll_policy
from roster.policy import load_policy

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
POLICY = EXAMPLES / "policy.toml"


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def closed(tmp_path_factory):
    """The example month run and closed once: (out folder, ledger, register net by employee)."""
    out = tmp_path_factory.mktemp("bank")
    db = out / "ledger.sqlite"
    res = invoke("run", "--team", EXAMPLES / "team.xlsx", "--policy", POLICY, "--kpi", EXAMPLES / "kpi-2026-11.xlsx",
                 "--attendance", EXAMPLES / "roster-2026-11.csv", "--month", "2026-11", "--out", out, "--db", db)
    assert res.exit_code == 0, res.output
    assert invoke("close", "--month", "2026-11", "--db", db).exit_code == 0
    with open(out / "payroll-2026-11.csv", encoding="utf-8-sig") as fh:
        nets = {r["employee_id"]: Decimal(r["net"]) for r in csv.DictReader(fh)}
    return out, db, nets


def bank(closed, layout, *extra):
    out, db, _ = closed
    return invoke("bank", "--month", "2026-11", "--team", EXAMPLES / "team.xlsx", "--policy", POLICY,
                  "--bank", layout, "--pay-date", "2026-12-10", "--out", out, "--db", db, *extra)


def team_accounts():
    policy = load_policy(POLICY)
    team = read_team(EXAMPLES / "team.xlsx", policy.team, tuple(policy.roster.shifts))
    return {e.employee_id: e.bank_account for e in team.employees}


class TestLayouts:
    def test_generic_csv_equals_the_register_to_the_fen(self, closed):
        res = bank(closed, "generic")
        assert res.exit_code == 0, res.output
        out, _, nets = closed
        with open(out / "bank-generic-2026-11.csv", encoding="utf-8-sig", newline="") as fh:
            table = list(csv.reader(fh))
        assert table[0] == ["序号", "工号", "户名", "账号", "金额", "用途"]
        body, total = table[1:-1], table[-1]
        paid = {r[1]: Decimal(r[4]) for r in body}
        assert paid == {k: v for k, v in nets.items() if v > 0}
        assert total == ["合计", str(len(body)), f"{sum(paid.values()):.2f}"]
        accounts = team_accounts()
        assert all(r[3] == accounts[r[1]] for r in body)          # the full number, only here
        assert [r[0] for r in body] == [str(i) for i in range(1, len(body) + 1)]
        assert all(r[5] == "2026-11 工资" for r in body)

    def test_icbc_xlsx_amounts_are_numbers_with_two_decimals(self, closed):
        assert bank(closed, "icbc").exit_code == 0
        out, _, nets = closed
        ws = openpyxl.load_workbook(out / "bank-icbc-2026-11.xlsx").active
        assert [c.value for c in ws[1]] == ["账号", "姓名", "金额", "备注"]
        values = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
        assert all(isinstance(v[2], (int, float)) and not isinstance(v[2], bool) for v in values)
        assert sorted(Decimal(str(v[2])).quantize(Decimal("0.01")) for v in values) == \
            sorted(v for v in nets.values() if v > 0)
        assert all(isinstance(v[0], str) and v[0].isdigit() for v in values)   # accounts as text

    def test_ccb_gbk_csv_has_count_and_total_first(self, closed):
        assert bank(closed, "ccb").exit_code == 0
        out, _, nets = closed
        text = (out / "bank-ccb-2026-11.csv").read_bytes().decode("gbk")
        table = list(csv.reader(io.StringIO(text)))
        paid = [v for v in nets.values() if v > 0]
        assert table[0] == ["总笔数", str(len(paid)), "总金额", f"{sum(paid):.2f}"]
        assert table[1] == ["序号", "账号", "户名", "金额", "摘要"]
        assert len(table) == 2 + len(paid)


class TestRefusals:
    def test_an_open_month(self, tmp_path):
        db = tmp_path / "ledger.sqlite"
        res = invoke("run", "--team", EXAMPLES / "team.xlsx", "--policy", POLICY, "--kpi",
                     EXAMPLES / "kpi-2026-11.xlsx", "--attendance", EXAMPLES / "roster-2026-11.csv",
                     "--month", "2026-11", "--out", tmp_path, "--db", db)
        assert res.exit_code == 0
        res = invoke("bank", "--month", "2026-11", "--team", EXAMPLES / "team.xlsx", "--policy", POLICY,
                     "--out", tmp_path / "bank", "--db", db)
        assert res.exit_code == 3 and "还没结账" in res.output
        assert not (tmp_path / "bank").exists()

    def test_an_unknown_layout(self, closed):
        res = bank(closed, "hsbc")
        assert res.exit_code == 3 and "没有名为“hsbc”的代发文件格式；可选：generic、icbc、ccb" in res.output


class FakeLedger:
    """A closed month with given nets (the ledger's public reading interface)."""

    path = Path("ledger.sqlite")

    def __init__(self, nets, carried=()):
        self.nets = nets
        self.carried = set(carried)          # employees with a negative_net_carry line

    def status(self, month):
        return "closed"

    def net_by_employee(self, month):
        return self.nets

    def employees_with(self, month, rule_id):
        return self.carried if rule_id == "negative_net_carry" else set()


@pytest.fixture(scope="module")
def team():
    policy = load_policy(POLICY)
    return read_team(EXAMPLES / "team.xlsx", policy.team, tuple(policy.roster.shifts))


class TestRowsNamed:
    def layout(self):
        return load_payroll_policy(POLICY).bank_files["generic"]

    def test_a_net_of_zero_or_less_names_the_team_row(self, team):
        e = team.employees[3]
        with pytest.raises(InputError) as err:
            batch_for(FakeLedger({e.employee_id: Decimal("-12.30")}), "2026-11", team.employees,
                      EXAMPLES / "team.xlsx", "generic", self.layout(), date(2026, 12, 10))
        assert err.value.row == e.row and "实发 -12.30 不大于 0" in err.value.chinese()

    def test_a_zero_net_is_left_out_only_when_carried_over(self, team):
        carried, other, paid = team.employees[3], team.employees[4], team.employees[5]
        nets = {carried.employee_id: Decimal("0.00"), paid.employee_id: Decimal("100.00")}
        batch = batch_for(FakeLedger(nets, carried=[carried.employee_id]), "2026-11", team.employees,
                          EXAMPLES / "team.xlsx", "generic", self.layout(), date(2026, 12, 10))
        assert [p.employee.employee_id for p in batch.payments] == [paid.employee_id]
        assert [p.seq for p in batch.payments] == [1] and batch.carried == (carried,)
        with pytest.raises(InputError) as err:                 # zero without the carry line: refused
            batch_for(FakeLedger({other.employee_id: Decimal("0.00")}, carried=[carried.employee_id]), "2026-11",
                      team.employees, EXAMPLES / "team.xlsx", "generic", self.layout(), date(2026, 12, 10))
        assert err.value.row == other.row and "实发 0.00 不大于 0" in err.value.chinese()

    @pytest.mark.parametrize("account, message", [(None, "没有银行账号"), ("6222O2100100", "只能是数字")])
    def test_a_missing_or_malformed_account(self, team, account, message):
        import dataclasses
        e = dataclasses.replace(team.employees[0], bank_account=account)
        with pytest.raises(InputError) as err:
            batch_for(FakeLedger({e.employee_id: Decimal("100")}), "2026-11", (e,), EXAMPLES / "team.xlsx",
                      "generic", self.layout(), date(2026, 12, 10))
        assert err.value.row == e.row and err.value.column.endswith("(银行账号)") and message in err.value.chinese()

    def test_amounts_in_fen(self, team):
        layout = self.layout().model_copy(update={"amount_unit": "fen"})
        e = team.employees[0]
        batch = batch_for(FakeLedger({e.employee_id: Decimal("1234.50")}), "2026-11", (e,), EXAMPLES / "team.xlsx",
                          "generic", layout, date(2026, 12, 10))
        assert rows(batch)[1][4] == "123450" and rows(batch)[-1] == ["合计", "1", "123450"]
