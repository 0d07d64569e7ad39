"""Per-employee pay slips: one protected file each, the register's figures, refused without a password source."""
from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import msoffcrypto
import openpyxl
import pytest
from click.testing import CliRunner

from payroll.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
POLICY = EXAMPLES / "policy.toml"


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def run_month(out: Path, team: Path = EXAMPLES / "team.xlsx", close: bool = True) -> Path:
    db = out / "ledger.sqlite"
    res = invoke("run", "--team", team, "--policy", POLICY, "--kpi", EXAMPLES / "kpi-2026-11.xlsx",
                 "--attendance", EXAMPLES / "roster-2026-11.csv", "--month", "2026-11", "--out", out, "--db", db)
    assert res.exit_code == 0, res.output
    if close:
        assert invoke("close", "--month", "2026-11", "--db", db).exit_code == 0
    return db


def open_slip(path: Path, password: str):
    office = msoffcrypto.OfficeFile(path.open("rb"))
    office.load_key(password=password)
    plain = io.BytesIO()
    office.decrypt(plain)
    return openpyxl.load_workbook(plain).active


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("slips")
    db = run_month(out)
    res = invoke("slips", "--month", "2026-11", "--team", EXAMPLES / "team.xlsx", "--policy", POLICY,
                 "--out", out, "--db", db)
    assert res.exit_code == 0, res.output
    with open(out / "payroll-2026-11.csv", encoding="utf-8-sig") as fh:
        register = {r["employee_id"]: r for r in csv.DictReader(fh)}
    return out / "slips-2026-11", register


def id_numbers():
    ws = openpyxl.load_workbook(EXAMPLES / "team.xlsx")["员工"]
    head = [c.value for c in ws[1]]
    return {r[head.index("工号")]: str(r[head.index("身份证号")]) for r in ws.iter_rows(min_row=2, values_only=True)}


class TestSlips:
    def test_one_file_per_person_paid(self, written):
        folder, register = written
        assert sorted(p.name for p in folder.iterdir()) == sorted(f"工资条-2026-11-{k}.xlsx" for k in register)

    def test_a_slip_needs_its_password(self, written):
        folder, _ = written
        office = msoffcrypto.OfficeFile((folder / "工资条-2026-11-KF001.xlsx").open("rb"))
        assert office.is_encrypted()
        with pytest.raises(Exception):
            open_slip(folder / "工资条-2026-11-KF001.xlsx", "000000")

    @pytest.mark.parametrize("eid", ["KF001", "KF004", "KF012", "KF030"])
    def test_the_slip_shows_the_registers_figures(self, written, eid):
        folder, register = written
        ws = open_slip(folder / f"工资条-2026-11-{eid}.xlsx", id_numbers()[eid][-6:].upper())
        items = {r[1]: r[2] for r in ws.iter_rows(values_only=True) if r[0] in ("应发", "代扣", "税后", "实发")}
        row = register[eid]
        money = lambda v: Decimal(str(v)).quantize(Decimal("0.01"))  # noqa: E731
        assert money(items["实发工资"]) == Decimal(row["net"])
        assert money(items["应发工资"]) == Decimal(row["gross"])
        assert -money(items["个人所得税"]) == Decimal(row["income_tax"])
        for key, label in (("pension", "养老保险"), ("medical", "医疗保险"), ("unemployment", "失业保险"),
                           ("housing_fund", "住房公积金")):
            assert -money(items.get(label, 0)) == Decimal(row[key] or "0")


class TestKeyRounds:
    """[payroll.slips] spin_count: the rounds written into each file's key derivation."""

    def test_the_policys_rounds_are_the_files_rounds(self, tmp_path):
        policy = tmp_path / "policy.toml"
        policy.write_text(POLICY.read_text(encoding="utf-8").replace("spin_count = 100000", "spin_count = 2500"),
                          encoding="utf-8")
        db = run_month(tmp_path)
        res = invoke("slips", "--month", "2026-11", "--team", EXAMPLES / "team.xlsx", "--policy", policy,
                     "--out", tmp_path, "--db", db)
        assert res.exit_code == 0, res.output
        path = tmp_path / "slips-2026-11" / "工资条-2026-11-KF004.xlsx"
        assert msoffcrypto.OfficeFile(path.open("rb")).info["spinValue"] == 2500
        ws = open_slip(path, id_numbers()["KF004"][-6:].upper())
        assert ws.title == "工资条"

    def test_the_examples_rounds_are_excels(self, written):
        folder, _ = written
        office = msoffcrypto.OfficeFile((folder / "工资条-2026-11-KF001.xlsx").open("rb"))
        assert office.info["spinValue"] == 100_000

    def test_rounds_beyond_the_standard_are_refused(self, tmp_path):
        policy = tmp_path / "policy.toml"
        policy.write_text(POLICY.read_text(encoding="utf-8").replace("spin_count = 100000", "spin_count = 20000000"),
                          encoding="utf-8")
        db = run_month(tmp_path)
        res = invoke("slips", "--month", "2026-11", "--team", EXAMPLES / "team.xlsx", "--policy", policy,
                     "--out", tmp_path, "--db", db)
        assert res.exit_code == 3 and "spin_count" in res.output
        assert not (tmp_path / "slips-2026-11").exists()


class TestRefusals:
    def test_an_open_month(self, tmp_path):
        db = run_month(tmp_path, close=False)
        res = invoke("slips", "--month", "2026-11", "--team", EXAMPLES / "team.xlsx", "--policy", POLICY,
                     "--out", tmp_path, "--db", db)
        assert res.exit_code == 3 and "还没结账" in res.output
        assert not (tmp_path / "slips-2026-11").exists()

    def test_no_id_number_names_the_cell_and_writes_nothing(self, tmp_path):
        wb = openpyxl.load_workbook(EXAMPLES / "team.xlsx")
        ws = wb["员工"]
        col = [c.value for c in ws[1]].index("身份证号") + 1
        ws.cell(5, col).value = None
        team = tmp_path / "team.xlsx"
        wb.save(team)
        db = run_month(tmp_path, team)
        res = invoke("slips", "--month", "2026-11", "--team", team, "--policy", POLICY, "--out", tmp_path,
                     "--db", db)
        assert res.exit_code == 3
        assert "工作表 员工，第 5 行" in res.output and "身份证号后六位" in res.output
        assert not (tmp_path / "slips-2026-11").exists()
