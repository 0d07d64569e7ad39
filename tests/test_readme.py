"""Docs test: every command of the three CLIs (roster, payroll, kefu) is shown in README.md."""
from __future__ import annotations

from pathlib import Path

import click
import pytest

from payroll.cli import main as payroll_main
from roster.cli import main as roster_main
from web.cli import main as kefu_main

README = Path(__file__).resolve().parents[1] / "README.md"


def commands(prog: str, group: click.Group) -> list[str]:
    """'prog name' for each command; a subgroup's commands by their full path ('kefu admin add')."""
    return [path for name in sorted(group.commands)
            for path in (commands(f"{prog} {name}", group.commands[name])
                         if isinstance(group.commands[name], click.Group) else [f"{prog} {name}"])]


ALL = commands("roster", roster_main) + commands("payroll", payroll_main) + commands("kefu", kefu_main)


def test_both_clis_have_commands():
    assert {"roster solve", "roster check", "roster repair", "payroll run", "payroll close", "kefu serve",
            "kefu admin add"} <= set(ALL)


@pytest.mark.parametrize("command", ALL)
def test_command_in_readme(command):
    assert command in README.read_text(encoding="utf-8"), f"{command} is not documented in README.md"
