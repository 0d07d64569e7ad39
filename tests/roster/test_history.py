"""roster.history: earlier rosters read into each person's carry (fairness across months)."""
from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest

from kefu.errors import InputError
from kefu.team import read_team
from roster.history import carry_line, read_earlier_months, read_history
from roster.policy import load_policy

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NOV = [date(2026, 11, 1) + timedelta(days=i) for i in range(30)]      # 11-01 is a Sunday
OCT = [date(2026, 10, 1) + timedelta(days=i) for i in range(31)]
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


# October: KF001 and KF002 the other way round (KF002 on C every day and on duty the first 6)
KF001_OCT = [("OFF", 0) if d.weekday() >= 5 else ("A", 0) for d in OCT]
KF002_OCT = [("C", int(d.day <= 6)) for d in OCT]


def two_months(folder: Path, names=("roster-2026-10.csv", "roster-2026-11.csv")) -> dict[tuple[int, int], Path]:
    folder.mkdir(exist_ok=True)
    return {(2026, 10): write(folder / names[0], {"KF001": KF001_OCT, "KF002": KF002_OCT}, days=OCT),
            (2026, 11): write(folder / names[1], {"KF001": KF001, "KF002": KF002})}


class TestReadEarlierMonths:
    def test_the_same_history_as_from_a_folder(self, policy, team, tmp_path):
        two_months(tmp_path / "hist")
        earlier = two_months(tmp_path / "kept", names=("oct.csv", "nov-v3.csv"))
        given = read_earlier_months(policy, team, 2026, 12, earlier)
        assert given == read_history(policy, team, 2026, 12, folder=tmp_path / "hist")
        assert given.months == ((2026, 10), (2026, 11))
        # C shifts: October KF001 0, KF002 31 (mean 15.5), November 30 and 0 (mean 15): KF001 -15.5 + 15,
        # half-up away from zero -1; KF002 +1
        assert (given.carried["KF001"].late_shifts, given.carried["KF002"].late_shifts) == (-1, 1)
        assert (given.carried["KF001"].months, given.carried["KF002"].months) == (2, 2)
        assert given.carried["KF001"].last_weekend_rest == 0 and given.previous["KF001"][0] == "C"

    def test_months_not_before_the_planned_one_are_ignored(self, policy, team, tmp_path):
        earlier = two_months(tmp_path)
        earlier[2026, 12] = tmp_path / "never-read.csv"
        assert read_earlier_months(policy, team, 2026, 11, earlier).months == ((2026, 10),)

    def test_the_previous_roster_in_place_of_the_mappings(self, policy, team, tmp_path):
        earlier = two_months(tmp_path)
        other = write(tmp_path / "other.csv", {"KF001": KF002, "KF002": KF001})
        h = read_earlier_months(policy, team, 2026, 12, earlier, previous_path=other)
        assert h.previous["KF001"][1] == "A" and h.carried["KF002"].last_weekend_rest == 0     # 11-02, a Monday


class TestBadEarlierMonths:
    @pytest.mark.parametrize("name, words", [
        ("kept.csv", "kept.csv：作为 2026-10 的排班给出，内容却是 2026-11 的"),
        ("roster-2026-10-v3.csv", "roster-2026-10-v3.csv：文件名是 2026-10 的排班，内容却是 2026-11 的"),
    ])
    def test_a_file_of_another_month_names_it(self, policy, team, tmp_path, name, words):
        path = write(tmp_path / name, {"KF001": KF001})
        with pytest.raises(InputError) as err:
            read_earlier_months(policy, team, 2026, 12, {(2026, 10): path})
        assert err.value.chinese() == words

    def test_unknown_code_names_file_and_row(self, policy, team, tmp_path):
        path = write(tmp_path / "kept.csv", {"KF001": [("C", 0)] * 3 + [("X9", 0)] + [("C", 0)] * 26})
        with pytest.raises(InputError) as err:
            read_earlier_months(policy, team, 2026, 12, {(2026, 11): path})
        assert err.value.row == 5 and Path(err.value.file).name == "kept.csv"


class TestCarryLine:
    def instance(self, policy, team, history, year=2026, month=12):
        from roster.monthly import build_month_instance

        return build_month_instance(policy, team, year, month, history.previous, history.previous_duty,
                                    history.carried)

    def test_months_counted_and_who_comes_first(self, policy, team, tmp_path):
        h = read_earlier_months(policy, team, 2026, 12, two_months(tmp_path))
        assert carry_line(h, self.instance(policy, team, h), {(2026, 11): "2026-11 第 2 版"}) == (
            "跨月累计：计入以往 2 个月的排班（2026-10、2026-11 第 2 版），周末休息、C班、值班和法定节假日出勤按累计"
            "求均衡；上月没有周末休息的 1 人本月优先：KF001 周静")

    def test_everyone_rested_a_weekend_day_last_month(self, policy, team, tmp_path):
        earlier = {(2026, 11): write(tmp_path / "nov.csv", {"KF002": KF002})}
        h = read_earlier_months(policy, team, 2026, 12, earlier)
        assert carry_line(h, self.instance(policy, team, h)).endswith("（2026-11），周末休息、C班、值班和法定节假日"
                                                                       "出勤按累计求均衡；上月人人休到了周末")

    def test_without_a_weekend_rest_minimum_nobody_comes_first(self, team, tmp_path):
        text = (EXAMPLES / "policy.toml").read_text(encoding="utf-8")
        (tmp_path / "policy.toml").write_text(
            text.replace("[roster.rules.weekend_rest]\ndays = 2", "[roster.rules.weekend_rest]\ndays = 0"),
            encoding="utf-8")
        off = load_policy(tmp_path / "policy.toml")
        h = read_earlier_months(off, team, 2026, 12, two_months(tmp_path / "kept"))
        assert carry_line(h, self.instance(off, team, h)).endswith("；上月没有周末休息的 1 人：KF001 周静")

    def test_no_previous_month(self, policy, team, tmp_path):
        h = read_earlier_months(policy, team, 2027, 1, {(2026, 10): two_months(tmp_path)[2026, 10]})
        assert carry_line(h, self.instance(policy, team, h, 2027, 1)).endswith(
            "；没有上个月的排班，连续上班天数、班次衔接和连休不跨月接着算")

    def test_no_earlier_month(self, policy, team):
        h = read_earlier_months(policy, team, 2026, 12, {})
        assert carry_line(h, self.instance(policy, team, h)) == "跨月累计：没有以往月份的排班，周末休息、值班等的公平只看本月"
