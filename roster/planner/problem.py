"""What every strategy plans: the instance, the profile, where progress goes, and a repair's
baseline and frozen days (or a hint)."""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from roster.instance import Assignment, Instance
from roster.planner.profile import SolverProfile
from roster.planner.progress import Reporter, silent
from roster.rules import RULES


@dataclass(frozen=True)
class Problem:
    instance: Instance
    profile: SolverProfile = field(default_factory=SolverProfile)
    report: Reporter = field(default_factory=silent)
    baseline: Assignment | None = None     # repair: the roster before; days < freeze_before kept
    freeze_before: int = 0
    hint: Assignment | None = None         # a roster to start from
    rules: dict = field(default_factory=lambda: RULES)   # rule functions (roster.explain relaxes some)

    @property
    def frozen(self) -> bool:
        """Part of the roster is fixed already (a repair): every strategy but the whole model
        would plan what is not to be planned."""
        return self.baseline is not None

    def but(self, **changes) -> Problem:
        return replace(self, **changes)
