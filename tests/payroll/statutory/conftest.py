"""Fixtures for the statutory tests: the shipped example policy (the Shanghai figures)."""
from pathlib import Path

import pytest

from payroll.statutory.policy import load_statutory_policy

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


@pytest.fixture(scope="session")
def statutory_policy():
    # The fragment is merged into policy.toml by the lead; test whichever file ships the table.
    fragment = EXAMPLES / "policy-statutory.toml"
    return load_statutory_policy(fragment if fragment.exists() else EXAMPLES / "policy.toml")
