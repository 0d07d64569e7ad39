"""Two runs of the same inputs give byte-identical pay-ledger lines (and register) CSVs.

Each run is a separate process with its own PYTHONHASHSEED, so an order that leaks from a set or
from string hashing (a tie in a ranking, a dict built from a set) would show up as a difference.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from test_cli_payroll import EXAMPLES, kpi_rows, policy_file, run_args, write_attendance, write_kpi

ROOT = Path(__file__).resolve().parents[2]


def run_in_process(args: list[str], hash_seed: int) -> None:
    env = {**os.environ, "PYTHONHASHSEED": str(hash_seed), "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "payroll.cli", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_two_runs_give_identical_csvs(tmp_path):
    inputs = {"team": EXAMPLES / "team.xlsx", "policy": policy_file(tmp_path),
              "kpi": write_kpi(tmp_path / "kpi-2026-11.xlsx", kpi_rows(2026, 11)),
              "attendance": write_attendance(tmp_path / "roster-2026-11.csv", 2026, 11)}
    outs = []
    for seed in (1, 2):
        out = tmp_path / f"out{seed}"
        run_in_process(run_args({**inputs, "out": out, "db": out / "ledger.sqlite"}), seed)
        outs.append(out)
    first, second = outs
    lines = (first / "payroll-2026-11-lines.csv").read_bytes()
    assert lines.count(b"\n") > 100                 # a real month: many lines, not an empty file
    assert lines == (second / "payroll-2026-11-lines.csv").read_bytes()
    assert (first / "payroll-2026-11.csv").read_bytes() == (second / "payroll-2026-11.csv").read_bytes()
    # Running the open month again over the same ledger replaces its lines with the same ones.
    run_in_process(run_args({**inputs, "out": first, "db": first / "ledger.sqlite"}), 3)
    assert (first / "payroll-2026-11-lines.csv").read_bytes() == lines
