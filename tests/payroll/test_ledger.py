"""The SQLite pay ledger: run replaces an open month, close freezes (idempotent, atomic), reopen is logged."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from decimal import Decimal

import pytest

from kefu.working_time import MonthHours
from payroll.ledger import InputFile, Ledger, LedgerError, read_history, shift_month
from payroll.lines import PayLine
from payroll.statutory.income_tax import TaxYTD

D = Decimal


@dataclass(frozen=True)
class Facts:                      # stands in for the rules' MonthFacts: any flat dataclass round-trips
    month: str
    exam_failed: bool
    score: Decimal
    tags: tuple[str, ...] = ()


def lines(emp: str = "KF001", base: str = "4000.00", tax: str = "-12.34") -> list[PayLine]:
    return [PayLine(emp, "base_salary", D(base), "grade 二档", {"grade": "二档", "days": 21}),
            PayLine(emp, "exam", D("-10.00"), "failed 3 months running", {"score": D("55.5")}),
            PayLine(emp, "income_tax", D(tax), "cumulative withholding", {})]


def record(ledger: Ledger, month: str, emp: str = "KF001", **kw) -> None:
    ytd = {emp: TaxYTD(income=D("4000"), special_deductions=D("500.5"), months=int(month[5:]),
                       tax_withheld=D("12.34"))}
    facts = {emp: Facts(month, True, D("55.5"), ("x",))}
    ledger.record_run(month, lines(emp, **kw), facts, ytd, [InputFile("kpi", "kpi.xlsx", "ab" * 32)],
                      "[payroll]\n")


@pytest.fixture
def ledger(tmp_path):
    with Ledger(tmp_path / "ledger.sqlite") as led:
        yield led


def test_shift_month_crosses_years():
    assert shift_month("2026-01", -1) == "2025-12"
    assert shift_month("2026-11", 3) == "2027-02"


def test_lines_round_trip_exactly(ledger):
    record(ledger, "2026-11")
    got = ledger.lines("2026-11")
    assert got == lines()
    assert got[1].figures == {"score": D("55.5")}
    assert ledger.net_by_employee("2026-11") == {"KF001": D("3977.66")}
    info = ledger.run_info("2026-11")
    assert info.status == "open" and info.total == D("3977.66") and info.inputs[0].name == "kpi.xlsx"


def test_run_replaces_an_open_month(ledger):
    record(ledger, "2026-11")
    record(ledger, "2026-11", base="5000.00")
    assert [ln.amount for ln in ledger.lines("2026-11")] == [D("5000.00"), D("-10.00"), D("-12.34")]
    assert [e[1] for e in ledger.events("2026-11")] == ["run", "run"]


def test_amount_not_in_fen_is_refused_before_writing(ledger):
    bad = [PayLine.of("KF001", "base_salary", D("1.005"), "x")]
    object.__setattr__(bad[0], "amount", D("1.005"))       # bypass PayLine's own check
    with pytest.raises(ValueError, match="fen"):
        ledger.record_run("2026-11", bad, {}, {}, [], "")
    assert ledger.status("2026-11") is None


def test_closed_month_refuses_run(ledger):
    record(ledger, "2026-11")
    assert ledger.close("2026-11") is True
    with pytest.raises(LedgerError, match="closed.*reopen") as exc:
        record(ledger, "2026-11", base="1.00")
    assert "2026-11 在账本" in exc.value.zh and "已结账" in exc.value.zh
    assert exc.value.zh.endswith("`payroll reopen --month 2026-11 --reason TEXT`")     # the command, as it is
    assert ledger.lines("2026-11") == lines()


def test_close_twice_is_harmless(ledger):
    record(ledger, "2026-11")
    assert ledger.close("2026-11") is True
    closed_at = ledger.run_info("2026-11").closed_at
    assert ledger.close("2026-11") is False
    assert ledger.run_info("2026-11").closed_at == closed_at
    assert [e[1] for e in ledger.events("2026-11")] == ["run", "close"]


def test_close_unknown_month(ledger):
    with pytest.raises(LedgerError, match="has not been run"):
        ledger.close("2026-11")


def test_crash_mid_close_leaves_ledger_as_it_was(ledger):
    record(ledger, "2026-11")
    # The close's second statement fails, as a crash between the two would.
    ledger._conn.execute("CREATE TEMP TRIGGER crash BEFORE INSERT ON events "
                         "WHEN NEW.action = 'close' BEGIN SELECT RAISE(ABORT, 'simulated crash'); END")
    with pytest.raises(sqlite3.DatabaseError, match="simulated crash"):
        ledger.close("2026-11")
    assert ledger.status("2026-11") == "open"
    assert ledger.run_info("2026-11").closed_at is None
    ledger._conn.execute("DROP TRIGGER crash")
    assert ledger.close("2026-11") is True


def test_close_detects_tampered_lines(ledger):
    record(ledger, "2026-11")
    ledger._conn.execute("UPDATE pay_lines SET amount_fen = amount_fen + 1 WHERE seq = 0")
    with pytest.raises(LedgerError, match="do not match"):
        ledger.close("2026-11")
    assert ledger.status("2026-11") == "open"


def test_reopen_is_logged_and_allows_run(ledger):
    record(ledger, "2026-11")
    ledger.close("2026-11")
    ledger.reopen("2026-11", "KPI of KF001 corrected")
    assert ledger.status("2026-11") == "open"
    log = ledger.reopen_log("2026-11")
    assert len(log) == 1 and log[0].reason == "KPI of KF001 corrected" and log[0].closed_at
    record(ledger, "2026-11", base="4100.00")
    assert ledger.lines("2026-11")[0].amount == D("4100.00")


def test_reopen_needs_reason_and_a_closed_month(ledger):
    record(ledger, "2026-11")
    with pytest.raises(LedgerError, match="reason"):
        ledger.reopen("2026-11", "  ")
    with pytest.raises(LedgerError, match="not closed"):
        ledger.reopen("2026-11", "why")
    assert ledger.reopen_log() == []


def test_reopen_refused_while_a_later_month_is_closed(ledger):
    record(ledger, "2026-11")
    ledger.close("2026-11")
    record(ledger, "2026-12")
    ledger.close("2026-12")
    with pytest.raises(LedgerError, match="2026-12 is closed") as exc:
        ledger.reopen("2026-11", "fix")
    assert exc.value.zh.startswith("2026-12 已结账，且是接着 2026-11 的累计数计算的")
    ledger.reopen("2026-12", "fix")
    ledger.reopen("2026-11", "fix")
    assert [e.month for e in ledger.reopen_log()] == ["2026-12", "2026-11"]


def test_earlier_open_month_blocks_a_later_run(ledger):
    record(ledger, "2026-11")
    with pytest.raises(LedgerError, match="2026-11 is still open") as exc:
        record(ledger, "2026-12")
    assert "2026-11 在账本" in exc.value.zh and "`payroll close --month 2026-11`" in exc.value.zh


def test_history_comes_from_closed_months_newest_first(ledger):
    for m in ("2026-09", "2026-10", "2026-11"):
        record(ledger, m)
        ledger.close(m)
    hist = ledger.history("2026-12", facts_type=Facts)
    got = hist.facts("KF001", 3)
    assert [f.month for f in got] == ["2026-11", "2026-10", "2026-09"]
    assert got[0] == Facts("2026-11", True, D("55.5"), ("x",))
    assert [f.month for f in hist.facts("KF001", 2)] == ["2026-11", "2026-10"]
    assert hist.facts("KF999", 3) == []
    assert hist.tax_ytd("KF001").months == 11 and hist.tax_ytd("KF001").special_deductions == D("500.5")


def test_history_sees_a_gap_and_the_tax_year_restarts(ledger):
    record(ledger, "2026-10")
    ledger.close("2026-10")
    record(ledger, "2026-12")
    ledger.close("2026-12")
    assert [f["month"] for f in ledger.history("2027-01").facts("KF001", 3)] == ["2026-12", "2026-10"]
    assert [f["month"] for f in ledger.history("2027-01").facts("KF001", 2)] == ["2026-12"]
    assert ledger.history("2027-01").tax_ytd("KF001") == TaxYTD()


def test_open_month_is_not_history(ledger):
    record(ledger, "2026-11")
    assert ledger.history("2026-12").facts("KF001", 3) == []


def test_read_history_does_not_create_the_file(tmp_path):
    path = tmp_path / "none.sqlite"
    assert read_history(path, "2026-11").facts("KF001", 3) == []
    assert not path.exists()


def test_read_history_checks_the_month(tmp_path):
    path = tmp_path / "l.sqlite"
    with Ledger(path) as led:
        record(led, "2026-11")
        led.close("2026-11")
    with pytest.raises(LedgerError, match="closed"):
        read_history(path, "2026-11")


def test_state_carries_level_and_fault_deductions(ledger):
    from payroll.ledger import EmployeeState
    ledger.record_run("2026-11", lines(), {}, {}, [], "", {"KF001": EmployeeState("P3", "P2", D("12.50"))})
    ledger.close("2026-11")
    hist = ledger.history("2026-12")
    assert hist.level("KF001", "P3") == "P2"        # the sheet still shows P3: the demotion holds
    assert hist.level("KF001", "P4") == "P4"        # HR changed the sheet: the sheet wins
    assert hist.level("KF002", "P1") == "P1"
    assert hist.fault_carry("KF001") == D("12.50") and hist.fault_carry("KF002") == D("0.00")
    assert ledger.employee_state("2026-11")["KF001"].level_after == "P2"


def test_a_process_killed_mid_close_leaves_the_ledger_as_it_was(tmp_path):
    """A real crash, not an exception: the closing process dies between its two writes (os._exit inside
    the transaction, after the status update, before the event row and COMMIT)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    path = tmp_path / "ledger.sqlite"
    with Ledger(path) as led:
        record(led, "2026-11")
    script = (
        "import os, sys\n"
        "from payroll.ledger import Ledger\n"
        "led = Ledger(sys.argv[1])\n"
        "led._conn.create_function('crash', 0, lambda: os._exit(9))\n"
        "led._conn.execute(\"CREATE TEMP TRIGGER die BEFORE INSERT ON events WHEN NEW.action = 'close' \"\n"
        "                  \"BEGIN SELECT crash(); END\")\n"
        "led.close('2026-11')\n"
        "print('not reached')\n")
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(root)})
    assert proc.returncode == 9 and "not reached" not in proc.stdout, proc.stderr
    with Ledger(path) as led:
        assert led.status("2026-11") == "open" and led.run_info("2026-11").closed_at is None
        assert [e[1] for e in led.events("2026-11")] == ["run"]
        assert led.lines("2026-11") == lines()
        assert led.close("2026-11") is True


class TestMonthHours:
    """Each month's working time is kept so a comprehensive-hours quarter or year can be settled; only closed
    months count, a re-run replaces them, and a ledger written before the table existed gains it."""

    HOURS = MonthHours(standard=168 * 60, worked=216 * 60, holiday=8 * 60, credited=208 * 60)

    def test_closed_months_only(self, ledger):
        ledger.record_run("2026-10", lines(), {}, {}, [], "", None, {"KF001": self.HOURS})
        assert ledger.history("2026-11").month_hours("KF001", ["2026-10"]) == {}
        ledger.close("2026-10")
        assert ledger.history("2026-11").month_hours("KF001", ["2026-10", "2026-11"]) == {"2026-10": self.HOURS}
        assert ledger.history("2026-11").month_hours("KF002", ["2026-10"]) == {}

    def test_a_rerun_replaces_them(self, ledger):
        ledger.record_run("2026-10", lines(), {}, {}, [], "", None, {"KF001": self.HOURS})
        ledger.record_run("2026-10", lines(), {}, {}, [], "", None, {})
        ledger.close("2026-10")
        assert ledger.history("2026-11").month_hours("KF001", ["2026-10"]) == {}

    def test_an_older_ledger_gains_the_table(self, tmp_path):
        path = tmp_path / "old.sqlite"
        with Ledger(path) as led:
            record(led, "2026-10")
        with sqlite3.connect(path) as conn:
            conn.execute("DROP TABLE month_hours")
        with Ledger(path) as led:
            led.close("2026-10")
            assert led.history("2026-11").month_hours("KF001", ["2026-10"]) == {}
