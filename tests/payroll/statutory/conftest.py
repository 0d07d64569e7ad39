"""Fixtures for the statutory tests: the shipped example policy (the Shanghai figures)."""
from pathlib import Path

import pytest

from payroll.statutory.policy import load_statutory_policy

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


@pytest.fixture(scope="session")
def statutory_policy():
    return load_statutory_policy(EXAMPLES / "policy.toml")
