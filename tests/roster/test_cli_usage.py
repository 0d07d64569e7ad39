"""Usage errors of `roster` and `payroll`: one Chinese line naming the option, exit code 3 (never 2, which
means the hard rules cannot all hold), and none of click's English usage text; `--version` on both."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from payroll.cli import main as payroll_main
from roster.cli import main as roster_main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TEAM, POLICY = EXAMPLES / "team.xlsx", EXAMPLES / "policy.toml"
ENGLISH = re.compile(r"Usage:|Error:|Try '|No such|Missing|Invalid value|requires an argument|is a file|"
                     r"is a directory|not in the range|is not a valid")


def invoke(main, *args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output, result.output
    return result


def usage_error(result) -> str:
    """The single line a usage error prints, after checking the contract around it."""
    assert result.exit_code == 3, result.output
    assert not ENGLISH.search(result.output), result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误："), result.output
    return lines[0]


def solve(tmp_path, *extra, policy=POLICY):
    return invoke(roster_main, "solve", "--team", TEAM, "--policy", policy, "--month", "2026-12",
                  "--out", tmp_path / "out", *extra)


class TestTimeLimit:
    """--time-limit: a finite number of seconds, above 0 and at most 86400 (inclusive)."""

    @pytest.mark.parametrize("value", ["0", "-5", "nan", "inf", "-inf", "86400.5", "1e9", "twenty", ""])
    def test_refused(self, tmp_path, value):
        line = usage_error(solve(tmp_path, "--time-limit", value))
        assert line == f"错误：--time-limit：应为大于 0、不超过 86400 的秒数，现为“{value}”"
        assert not (tmp_path / "out").exists()

    @pytest.mark.parametrize("value", ["0.001", "86400", "20"])
    def test_accepted(self, tmp_path, value):
        # a policy that does not exist: past the command line, the first input error is the policy file's
        result = solve(tmp_path, "--time-limit", value, policy=tmp_path / "none.toml")
        assert result.exit_code == 3 and result.output.strip() == "错误：none.toml：找不到策略文件"

    def test_repair_refuses_it_too(self, tmp_path):
        result = invoke(roster_main, "repair", tmp_path / "r.csv", "--from", "2026-12-10", "--team", TEAM,
                        "--policy", POLICY, "--out", tmp_path / "out", "--time-limit", "inf")
        assert usage_error(result).startswith("错误：--time-limit：")


class TestWholeNumbers:
    @pytest.mark.parametrize("value, words", [("0", "应在 1 到 64 之间"), ("65", "应在 1 到 64 之间"),
                                              ("2.5", "应为整数")])
    def test_workers(self, tmp_path, value, words):
        assert usage_error(solve(tmp_path, "--workers", value)) == f"错误：--workers：{words}，现为“{value}”"

    def test_seed(self, tmp_path):
        assert usage_error(solve(tmp_path, "--seed", "x")) == "错误：--seed：应为整数，现为“x”"


class TestUnknownOption:
    def test_close_spelling_is_suggested(self, tmp_path):
        line = usage_error(solve(tmp_path, "--time-limt", "5"))
        assert line.startswith("错误：没有选项 --time-limt（是不是 --time-limit？）")
        assert "solve --help 列出用法" in line

    def test_payroll(self):
        line = usage_error(invoke(payroll_main, "close", "--month", "2026-11", "--bd", "x.sqlite"))
        assert line.startswith("错误：没有选项 --bd（是不是 --db？）")


class TestMissingOption:
    def test_names_the_option_and_what_it_is(self, tmp_path):
        result = invoke(roster_main, "solve", "--team", TEAM, "--month", "2026-12", "--out", tmp_path / "o")
        assert usage_error(result).startswith("错误：缺少必填的选项 --policy：策略文件（TOML，含 [team] 与 [roster] 表）")

    def test_missing_argument(self):
        assert usage_error(invoke(roster_main, "check")).startswith("错误：缺少必填的参数 ROSTER")

    def test_option_without_its_value(self):
        assert usage_error(invoke(roster_main, "solve", "--team", TEAM, "--month")) == "错误：--month 后面要给一个值"

    def test_payroll_reason(self):
        result = invoke(payroll_main, "reopen", "--month", "2026-11")
        assert usage_error(result).startswith("错误：缺少必填的选项 --reason：为什么要改已结账的月份")


class TestOutFolder:
    """--out names a folder: one that does not exist yet is made; an existing file is refused."""

    def test_a_file_is_refused(self, tmp_path):
        afile = tmp_path / "notes.txt"
        afile.write_text("mine", encoding="utf-8")
        assert usage_error(solve(tmp_path, "--out", afile)) == f"错误：--out：{afile} 是一个文件，要给一个文件夹"
        assert afile.read_text(encoding="utf-8") == "mine"

    def test_payroll_template(self, tmp_path):
        afile = tmp_path / "notes.txt"
        afile.write_text("mine", encoding="utf-8")
        result = invoke(payroll_main, "template", "--month", "2026-11", "--team", TEAM, "--policy", POLICY,
                        "--out", afile)
        assert usage_error(result) == f"错误：--out：{afile} 是一个文件，要给一个文件夹"

    def test_ledger_that_is_a_folder(self, tmp_path):
        line = usage_error(invoke(payroll_main, "close", "--month", "2026-11", "--db", tmp_path))
        assert line == f"错误：--db：{tmp_path} 是一个文件夹，要给一个文件"


class TestMonth:
    @pytest.mark.parametrize("value", ["2026-13", "2026-00", "12/2026", "2026"])
    def test_roster(self, tmp_path, value):
        assert usage_error(solve(tmp_path, "--month", value)) == f"错误：--month：月份应写成 2026-12 这样，现为“{value}”"

    def test_roster_check(self, tmp_path):
        result = invoke(roster_main, "check", tmp_path / "r.csv", "--team", TEAM, "--policy", POLICY,
                        "--month", "2026-13")
        assert usage_error(result) == "错误：--month：月份应写成 2026-12 这样，现为“2026-13”"

    def test_payroll(self):
        result = invoke(payroll_main, "close", "--month", "2026-13")
        assert usage_error(result) == "错误：--month：月份应写成 2026-11 这样，现为“2026-13”"


class TestCommands:
    def test_unknown_command(self):
        line = usage_error(invoke(roster_main, "sovle"))
        assert line == "错误：没有命令“sovle”（是不是 solve？）；可用的命令：check、repair、solve、template"

    def test_extra_argument(self, tmp_path):
        assert usage_error(solve(tmp_path, "again")).startswith("错误：多余的参数：again")

    @pytest.mark.parametrize("main", [roster_main, payroll_main])
    def test_no_command_shows_the_help(self, main):
        result = invoke(main)
        assert result.exit_code == 0 and "退出码" in result.output


class TestVersion:
    @pytest.mark.parametrize("main, prog", [(roster_main, "roster"), (payroll_main, "payroll")])
    @pytest.mark.parametrize("flag", ["--version", "-V"])
    def test_prints_the_package_version(self, main, prog, flag):
        from importlib.metadata import PackageNotFoundError, version
        import configparser
        try:
            expected = version("cs-roster-payroll")
        except PackageNotFoundError:                      # a source checkout: the version in setup.cfg
            cfg = configparser.ConfigParser()
            cfg.read(Path(__file__).resolve().parents[2] / "setup.cfg", encoding="utf-8")
            expected = cfg["metadata"]["version"]
        result = CliRunner().invoke(main, [flag], prog_name=prog)
        assert result.exit_code == 0
        assert result.output.startswith(f"{prog} 版本 {expected}")


class TestHelpSaysTheExitCode:
    @pytest.mark.parametrize("main", [roster_main, payroll_main])
    def test_usage_errors_are_code_3(self, main):
        text = "".join(invoke(main, "--help").output.split())
        assert "3输入有误" in text and "命令行用法有误" in text and "2命令行" not in text


class TestInterrupted:
    def test_ctrl_c_is_not_a_violation(self, tmp_path, monkeypatch):
        import roster.policy

        def interrupted(*args, **kwargs):
            raise KeyboardInterrupt
        monkeypatch.setattr(roster.policy, "load_policy", interrupted)
        result = solve(tmp_path)
        assert result.exit_code == 130 and result.output.strip() == "已中止（Ctrl-C）"
        assert not (tmp_path / "out").exists()
