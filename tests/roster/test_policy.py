"""Policy loading: the example carries every default; unknown keys and bad values are named."""
from pathlib import Path

import pytest

from roster.errors import InputError
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
        with pytest.raises(InputError, match=r"unknown key roster\.rules\.rest_days\.rest_dayz"):
            load_policy(path)

    def test_unknown_shift_in_a_rule(self, tmp_path):
        path = _example_with(tmp_path, 'shift = "C"\n\n[roster.rules.succession]', 'shift = "D"\n\n[roster.rules.succession]')
        with pytest.raises(InputError, match="names shift 'D'"):
            load_policy(path)

    def test_unknown_role_in_coverage(self, tmp_path):
        path = _example_with(tmp_path, "A = { presale = 4, aftersale = 2 }", "A = { presale = 4, nightowl = 2 }")
        with pytest.raises(InputError, match="role 'nightowl'"):
            load_policy(path)

    def test_bad_time(self, tmp_path):
        path = _example_with(tmp_path, 'start = "09:00"', 'start = "9am"')
        with pytest.raises(InputError, match="HH:MM"):
            load_policy(path)

    def test_unknown_top_level_table(self, tmp_path):
        with pytest.raises(InputError, match=r"unknown table \[rosters\]"):
            load_policy(_write(tmp_path, "[rosters]\n"))

    def test_toml_syntax(self, tmp_path):
        with pytest.raises(InputError, match="not valid TOML"):
            load_policy(_write(tmp_path, "[roster\n"))

    def test_missing_file(self, tmp_path):
        with pytest.raises(InputError, match="not found"):
            load_policy(tmp_path / "nope.toml")
