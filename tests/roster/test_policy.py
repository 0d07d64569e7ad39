"""Policy loading: the example carries every default; unknown keys and bad values are named."""
from pathlib import Path

import pytest

from kefu.errors import InputError
from roster.policy import load_policy

EXAMPLE = Path(__file__).parents[2] / "examples" / "policy.toml"


def _write(tmp_path, text: str) -> Path:
    p = tmp_path / "policy.toml"
    p.write_text(text, encoding="utf-8")
    return p


def _example_with(tmp_path, old: str, new: str) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    return _write(tmp_path, text.replace(old, new, 1))


class TestExamplePolicy:
    def test_seed_defaults(self):
        p = load_policy(EXAMPLE)
        shifts = p.roster.shifts
        assert (shifts["A"].start, shifts["A"].end) == ("09:00", "18:00")
        assert (shifts["B"].start, shifts["B"].end) == ("11:00", "20:00")
        assert (shifts["C"].start, shifts["C"].end, shifts["C"].end_min) == ("15:00", "24:00", 1440)
        rules = p.roster.rules
        assert rules.rest_days.days_per_month == 4 and rules.rest_days.hard
        assert rules.duty.shift == "C" and rules.duty.per_day == 1
        assert ("C", "A") in rules.succession.forbidden
        assert rules.max_consecutive_work.days == 7


class TestPolicyErrors:
    def test_unknown_key_is_named(self, tmp_path):
        path = _example_with(tmp_path, "days_per_month = 4", "days_per_month = 4\nrest_dayz = 3")
        with pytest.raises(InputError, match=r"unknown key roster\.rules\.rest_days\.rest_dayz") as e:
            load_policy(path)
        assert e.value.chinese() == "policy.toml：未知的键 roster.rules.rest_days.rest_dayz"

    def test_unknown_shift_in_a_rule(self, tmp_path):
        path = _example_with(tmp_path, 'shift = "C"\n\n[roster.rules.succession]', 'shift = "X"\n\n[roster.rules.succession]')
        with pytest.raises(InputError, match="names shift 'X'") as e:
            load_policy(path)
        assert "写了班次“X”，但班次只有 A、B、C、D、E" in e.value.chinese()

    def test_unknown_role_in_coverage(self, tmp_path):
        path = _example_with(tmp_path, "A = { presale = 4, aftersale = 2 }", "A = { presale = 4, nightowl = 2 }")
        with pytest.raises(InputError, match="role 'nightowl'") as e:
            load_policy(path)
        assert "写了岗位“nightowl”" in e.value.chinese()

    def test_bad_time(self, tmp_path):
        path = _example_with(tmp_path, 'start = "09:00"', 'start = "9am"')
        with pytest.raises(InputError, match="HH:MM") as e:
            load_policy(path)
        assert "roster.shifts.A.start：时间应写成 HH:MM，如 09:00，现为“9am”" in e.value.chinese()

    def test_bad_number_in_chinese(self, tmp_path):
        path = _example_with(tmp_path, "days_per_month = 4", 'days_per_month = "four"')
        with pytest.raises(InputError) as e:
            load_policy(path)
        assert e.value.chinese() == "policy.toml：roster.rules.rest_days.days_per_month：应为整数（现为“four”）"
        path = _example_with(tmp_path, "days_per_month = 4", "days_per_month = -1")
        with pytest.raises(InputError) as e:
            load_policy(path)
        assert "days_per_month：应不小于 0" in e.value.chinese()

    def test_unknown_top_level_table(self, tmp_path):
        with pytest.raises(InputError, match=r"unknown table \[rosters\]") as e:
            load_policy(_write(tmp_path, "[rosters]\n"))
        assert "未知的表 [rosters]；只能是 [team]、[working_time]、[roster]、[payroll]" in e.value.chinese()

    def test_toml_syntax(self, tmp_path):
        with pytest.raises(InputError, match="not valid TOML") as e:
            load_policy(_write(tmp_path, "[roster\n"))
        assert "不是有效的 TOML 文件" in e.value.chinese()

    def test_missing_file(self, tmp_path):
        with pytest.raises(InputError, match="not found") as e:
            load_policy(tmp_path / "nope.toml")
        assert e.value.chinese() == "nope.toml：找不到策略文件"


class TestPolicyEncodings:
    """A policy saved by Notepad or Excel on a Chinese Windows reads the same as one saved as UTF-8."""

    @pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
    def test_the_same_policy_in_each_encoding(self, tmp_path, encoding):
        path = tmp_path / "policy.toml"
        path.write_bytes(EXAMPLE.read_text(encoding="utf-8").encode(encoding))
        policy = load_policy(path)
        assert policy == load_policy(EXAMPLE).model_copy(update={"path": path})
        assert policy.team.roles["presale"].name == "售前"

    def test_an_undecodable_file_is_one_clear_line(self, tmp_path):
        path = tmp_path / "policy.toml"
        path.write_bytes(b"[team]\nname = \"\xff\xfe\xfa\"\n")
        with pytest.raises(InputError) as e:
            load_policy(path)
        assert "既不是 UTF-8 也不是 GBK" in e.value.chinese() and "policy.toml" in e.value.chinese()
