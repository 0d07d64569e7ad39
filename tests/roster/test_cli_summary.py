"""What the supervisor reads after a solve, check or repair: how good the roster is in plain words,
the unavoidable penalty said once, only what could be better; the solver's figures with --verbose."""
from __future__ import annotations

import re

import openpyxl
import pytest
from test_cli_roster import POLICY, SOLVER, TEAM, run

from roster.wording import status_text

JARGON = ("下界", "可行解", "求解器目标值", "目标值", "最优")


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    out = tmp_path_factory.mktemp("plain")
    return out, run("solve", "--team", TEAM, "--policy", POLICY, "--month", "2026-12", "--out", out, *SOLVER)


def about(out) -> dict:
    wb = openpyxl.load_workbook(out / "roster-2026-12.xlsx")
    return {r[0]: r[1] for r in wb["说明"].iter_rows(min_row=2, values_only=True)}


class TestStatusText:
    def test_proven(self):
        assert status_text("OPTIMAL", 245, 245.0) == "已证明是最好的排班"

    def test_points_and_percent_from_the_best_possible(self):
        # 246 against a bound of 240.2: no roster costs less than 241, so at most 5 points (5 / 246)
        assert status_text("FEASIBLE", 246, 240.2) == "离可能的最好排班至多差 5 分（2.0%）"

    def test_a_bound_that_reaches_the_roster_proves_it(self):
        assert status_text("FEASIBLE", 241, 240.5) == "已证明是最好的排班"

    def test_nothing_to_measure_against(self):
        assert status_text("FEASIBLE", 246, None) == "排出了一个守住所有硬约束的排班，不知道离最好的排班有多远"


class TestPlainWords:
    def test_no_solver_jargon_by_default(self, plain):
        _, result = plain
        assert result.exit_code == 0, result.output
        for word in JARGON:
            assert word not in result.stdout and word not in result.stderr, word

    def test_status_line_says_how_good(self, plain):
        out, result = plain
        [line] = [x for x in result.stdout.splitlines() if x.startswith("排班 2026-12：")]
        found = re.fullmatch(r"排班 2026-12：(已证明是最好的排班|离可能的最好排班至多差 (\d+) 分（([\d.]+)%）"
                             r"(，给更多时间（如 --time-limit 60）可能更好)?)，用时 [\d.]+ 秒", line)
        assert found, line
        detail = about(out)
        if found.group(2):                          # the points are the roster's penalty over the bound
            objective, bound = detail["细节：求解器目标值 objective"], detail["细节：下界 bound"]
            assert int(found.group(2)) == objective - -int(-bound // 1)
            assert (found.group(4) is not None) == (float(detail["细节：差距 gap"].rstrip("%")) > 5)
        assert detail["结果 result"] == found.group(1).split("，给更多时间")[0]

    def test_unavoidable_said_once_and_only_the_rest_listed(self, plain):
        out, result = plain
        lines = result.stdout.splitlines()
        assert sum("是任何排班都免不了的" in x for x in lines) == 1
        head = next(x for x in lines if x.startswith("软约束扣分 "))
        total, unavoidable, better = map(int, re.fullmatch(
            r"软约束扣分 (\d+)，其中 (\d+) 分任何排班都免不了；可以更好的 (\d+) 分：", head).groups())
        assert total == unavoidable + better
        assert total == about(out)["软约束总分 soft penalty (validator)"]
        # December, 31 days with 4 rest days and at most 7 in a row: every full-month person has a floor
        floor = next(x for x in lines if "是任何排班都免不了的" in x)
        assert "最少连续休息（min_consecutive_off）" in floor and "30 人共" in floor

    def test_check_says_the_same(self, plain):
        out, result = plain
        checked = run("check", out / "roster-2026-12.csv", "--team", TEAM, "--policy", POLICY)
        assert checked.exit_code == 0, checked.output
        head = next(x for x in result.stdout.splitlines() if x.startswith("软约束扣分 "))
        assert head in checked.stdout.splitlines()


class TestVerbose:
    def test_solver_figures_on_request(self, tmp_path):
        out = tmp_path / "v"
        result = run("solve", "--team", TEAM, "--policy", POLICY, "--month", "2026-12", "--out", out,
                     "--time-limit", "4", "--workers", "2", "--seed", "1", "--verbose")
        assert result.exit_code == 0, result.output
        detail = about(out)
        [line] = [x for x in result.stdout.splitlines() if x.startswith("排班 2026-12：")]
        assert (f"（求解器：{detail['细节：求解状态 solver status']}，目标值 {detail['细节：求解器目标值 objective']}，"
                f"下界 {detail['细节：下界 bound']:.0f}，差距 {detail['细节：差距 gap']}）") in line
        assert "下界" in result.stderr                     # the search's own progress lines


class TestRepair:
    def test_plain_words_and_a_baseline_with_the_kept_days(self, plain, tmp_path):
        out, _ = plain
        result = run("repair", out / "roster-2026-12.csv", "--from", "2026-12-20", "--team", TEAM, "--policy", POLICY,
                     "--out", tmp_path / "r", "--time-limit", "4", "--workers", "2", "--seed", "1")
        assert result.exit_code == 0, result.output
        for word in JARGON:
            assert word not in result.stdout and word not in result.stderr, word
        assert re.search(r"自 2026-12-20 起重排：改动 \d+ 格，值班人变动 \d+ 天；(已证明是最好的排班|离可能的最好排班至多差)",
                         result.stdout)
        [floor] = [x for x in result.stdout.splitlines() if "是任何排班都免不了的" in x]
        assert "12-20（周日）之前保持不变" in floor
