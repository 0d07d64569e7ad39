"""Docs test: every command of both CLIs (roster, payroll) is shown in README.md."""
from __future__ import annotations

from pathlib import Path

import click
import pytest

from payroll.cli import main as payroll_main
from roster.cli import main as roster_main

README = Path(__file__).resolve().parents[1] / "README.md"


def commands(prog: str, group: click.Group) -> list[str]:
    return [f"{prog} {name}" for name in sorted(group.commands)]


ALL = commands("roster", roster_main) + commands("payroll", payroll_main)


def test_both_clis_have_commands():
    assert {"roster solve", "roster check", "roster repair", "payroll run", "payroll close"} <= set(ALL)


@pytest.mark.parametrize("command", ALL)
def test_command_in_readme(command):
    assert command in README.read_text(encoding="utf-8"), f"{command} is not documented in README.md"
