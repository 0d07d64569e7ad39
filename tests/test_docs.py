"""Docs test: every CLI option, input column, roster code and policy key appears in docs/, and the
generated references (docs/policy.md, docs/commands.md) are what docs/reference.py writes now."""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from kefu.team import REQUEST_HEADERS, REQUEST_KINDS, TEAM_HEADERS
from payroll.kpi import KPI_HEADERS
from payroll.statutory.income_tax import OPENING_COLUMNS
from roster.codes import SPELLINGS, ZH
from roster.roster_file import CSV_HEADERS

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _reference():
    spec = importlib.util.spec_from_file_location("docs_reference", DOCS / "reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


REFERENCE = _reference()


def docs_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(DOCS.glob("*.md")))


class TestGeneratedReferences:
    def test_policy_reference_is_current(self):
        assert (DOCS / "policy.md").read_text(encoding="utf-8") == REFERENCE.render(), \
            "docs/policy.md is stale: run python docs/reference.py"

    def test_command_reference_is_current(self):
        assert (DOCS / "commands.md").read_text(encoding="utf-8") == REFERENCE.render_commands(), \
            "docs/commands.md is stale: run python docs/reference.py"


def _policy_keys() -> list[tuple[str, str]]:
    found: list = []
    for top, model in REFERENCE.top_models().items():
        REFERENCE.walk(top, model, found)
    return [(path, name) for path, _, keys in found for name, _ in keys]


class TestPolicyKeys:
    @pytest.mark.parametrize("table, key", _policy_keys())
    def test_every_policy_key_is_documented_in_its_table(self, table, key):
        text = (DOCS / "policy.md").read_text(encoding="utf-8")
        heading = f"## `{table if table.startswith('[[') else f'[{table}]'}`"
        assert heading in text, f"table {table} missing from docs/policy.md"
        section = text.split(heading, 1)[1].split("\n## ", 1)[0]
        assert f"| `{key}` |" in section, f"{table}.{key} missing from docs/policy.md"


def _options() -> list[tuple[str, str]]:
    return [(path, opt) for path, command in REFERENCE.cli_commands() for param in command.params
            for opt in param.opts if opt.startswith("--")]


class TestCommandOptions:
    @pytest.mark.parametrize("command, option", _options())
    def test_every_option_is_documented(self, command, option):
        assert re.search(rf"{re.escape(option)}\b", docs_text()), f"{command} {option} missing from docs/"


class TestInputColumns:
    HEADERS = {"team": TEAM_HEADERS, "requests": REQUEST_HEADERS, "kpi": KPI_HEADERS,
               "opening_ytd": OPENING_COLUMNS, "roster_csv": CSV_HEADERS}

    @pytest.mark.parametrize("sheet, field, header", [(s, f, h) for s, headers in HEADERS.items()
                                                      for f, names in headers.items() for h in names])
    def test_every_header_is_documented(self, sheet, field, header):
        assert header in (DOCS / "inputs.md").read_text(encoding="utf-8"), \
            f"{sheet} column {field} ({header}) missing from docs/inputs.md"

    @pytest.mark.parametrize("kind, name", [(k, names[0]) for k, names in REQUEST_KINDS.items()])
    def test_every_request_kind_is_documented(self, kind, name):
        assert name in (DOCS / "inputs.md").read_text(encoding="utf-8")


class TestRosterCodes:
    @pytest.mark.parametrize("code", sorted(SPELLINGS))
    def test_every_code_and_its_grid_spelling_is_documented(self, code):
        text = (DOCS / "inputs.md").read_text(encoding="utf-8")
        assert f"| {code} | {ZH[code]} |" in text, f"roster code {code} missing from docs/inputs.md"


class TestLeaveCodes:
    from roster.policy import load_policy as _load
    LEAVE = _load(Path(__file__).resolve().parents[1] / "examples" / "policy.toml").team.leave

    @pytest.mark.parametrize("code", LEAVE.codes)
    def test_every_example_leave_code_and_mark_is_documented(self, code):
        text = (DOCS / "inputs.md").read_text(encoding="utf-8")
        assert f"| {code} | {self.LEAVE.mark(code)} |" in text, f"leave code {code} missing from docs/inputs.md"
