"""roster.history: earlier rosters read into each person's carry (fairness across months)."""
from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest

from kefu.errors import InputError
from kefu.team import read_team
from roster.history import read_history
from roster.policy import load_policy

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NOV = [date(2026, 11, 1) + timedelta(days=i) for i in range(30)]      # 11-01 is a Sunday
WEEKEND = [d for d in NOV if d.weekday() >= 5]                         # 9 days


@pytest.fixture(scope="module")
def policy():
    return load_policy(EXAMPLES / "policy.toml")


@pytest.fixture(scope="module")
def team(policy):
    return read_team(EXAMPLES / "team.xlsx", policy.team, tuple(policy.roster.shifts))


def write(path: Path, rows: dict[str, list[tuple[str, int]]], days=NOV) -> Path:
    """rows: employee -> [(code, duty)] per day of `days`."""
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(("employee_id", "date", "code", "duty"))
        for eid, cells in rows.items():
            for day, (code, duty) in zip(days, cells):
                w.writerow((eid, day.isoformat(), code, duty))
    return path


def month(code_of) -> list[tuple[str, int]]:
    return [code_of(d) for d in NOV]


# KF001 (lead, duty-eligible): C every weekday, works every weekend day, on duty 6 days
# KF002 (lead, duty-eligible): A on weekdays, rests every weekend day, never on duty
# KF006 (presale): B on weekdays, works weekends with A; NA from 11-16 (part month, not compared)
KF001 = month(lambda d: ("C", int(d.day <= 6)))
KF002 = month(lambda d: ("OFF", 0) if d.weekday() >= 5 else ("A", 0))
KF006 = month(lambda d: ("NA", 0) if d.day >= 16 else ("A" if d.weekday() >= 5 else "B", 0))


class TestReadHistory:
    def test_carry_against_the_months_average(self, policy, team, tmp_path):
        folder = tmp_path / "hist"
        folder.mkdir()
        write(folder / "roster-2026-11.csv", {"KF001": KF001, "KF002": KF002, "KF006": KF006})
        h = read_history(policy, team, 2026, 12, folder=folder)
        one, two = h.carried["KF001"], h.carried["KF002"]
        # whole-month people KF001, KF002: C 30 and 0 (mean 15), weekend rest 0 and 9 (mean 4.5,
        # half-up away from zero: ∓5), duty 6 and 0 (mean 3)
        assert (one.late_shifts, two.late_shifts) == (15, -15)
        assert (one.weekend_rest, two.weekend_rest) == (-5, 5)
        assert (one.duty, two.duty) == (3, -3)
        assert (one.months, two.months, h.carried["KF006"].months) == (1, 1, 0)
        assert h.carried["KF006"].late_shifts == 0                        # part month: no carry
        assert (one.last_weekend_rest, two.last_weekend_rest) == (0, 9)
        assert h.previous["KF006"][15] == "NA" and h.previous_duty["KF001"][:7] == [True] * 6 + [False]

    def test_no_weekend_rest_last_month_gets_the_higher_weight(self, policy, team, tmp_path):
        from roster.monthly import build_month_instance

        prev = write(tmp_path / "nov.csv", {"KF001": KF001, "KF002": KF002})
        h = read_history(policy, team, 2026, 12, previous_path=prev)
        inst = build_month_instance(policy, team, 2026, 12, h.previous, h.previous_duty, h.carried)
        by_id = {p.id: p for p in inst.people}
        rule = policy.roster.rules.weekend_rest
        assert by_id["KF001"].weekend_rest_weight == rule.weight_after_none
        assert by_id["KF002"].weekend_rest_weight is None
        assert by_id["KF001"].duty_history[-1] is False and len(by_id["KF001"].duty_history) == 30

    def test_later_months_and_other_files_ignored(self, policy, team, tmp_path):
        write(tmp_path / "roster-2026-11.csv", {"KF001": KF001, "KF002": KF002})
        (tmp_path / "notes.txt").write_text("not a roster")
        dec = [NOV[0] + timedelta(days=30 + i) for i in range(30)]
        write(tmp_path / "roster-2026-12.csv", {"KF001": KF002}, days=dec)
        h = read_history(policy, team, 2026, 12, folder=tmp_path)
        assert h.carried["KF001"].late_shifts == 15 and h.carried["KF001"].months == 1


class TestBadHistory:
    def test_unknown_code_names_file_and_row(self, policy, team, tmp_path):
        bad = [("C", 0)] * 3 + [("X9", 0)] + [("C", 0)] * 26
        write(tmp_path / "roster-2026-11.csv", {"KF001": bad})
        with pytest.raises(InputError) as err:
            read_history(policy, team, 2026, 12, folder=tmp_path)
        assert err.value.row == 5 and Path(err.value.file).name == "roster-2026-11.csv"

    def test_name_and_dates_disagree(self, policy, team, tmp_path):
        write(tmp_path / "roster-2026-10.csv", {"KF001": KF001})
        with pytest.raises(InputError) as err:
            read_history(policy, team, 2026, 12, folder=tmp_path)
        assert "文件名是 2026-10 的排班，内容却是 2026-11 的" in err.value.chinese()
        assert "roster-2026-10.csv" in err.value.chinese()

    def test_not_a_folder(self, policy, team, tmp_path):
        with pytest.raises(InputError) as err:
            read_history(policy, team, 2026, 12, folder=tmp_path / "missing")
        assert "--history" in err.value.chinese()

    def test_previous_of_the_wrong_month(self, policy, team, tmp_path):
        prev = write(tmp_path / "nov.csv", {"KF001": KF001})
        with pytest.raises(InputError) as err:
            read_history(policy, team, 2027, 1, previous_path=prev)
        assert "应为 2027-01 的上个月 2026-12" in err.value.chinese()
