"""The column-generation bound in a child process (roster.background_bound): the same bound as in
this process, said once when found, given up at once when stopped, and 0 when the child fails."""
import time

from roster.bounds.background import BackgroundBound
from roster.bounds.column_generation import month_bound
from roster.model import RosterModel
from roster.planner import Budget
from roster.patterns import patterns_by_person

from test_columns import _month


class TestBackgroundBound:
    def test_the_child_finds_the_bound_found_here(self):
        m = RosterModel(_month(1))
        rows = patterns_by_person(m)
        here = month_bound(m, rows, Budget(20.0))
        said = []
        background = BackgroundBound(m, 20.0, rows, None, said.append)
        assert here is not None and background.result() == here
        assert said == [here]

    def test_the_child_builds_the_model_of_an_instance(self):
        inst = _month(2)
        m = RosterModel(inst)
        assert BackgroundBound(inst, 20.0).result() == month_bound(m, patterns_by_person(m), Budget(20.0))

    def test_a_bound_above_the_roster_is_not_used(self):
        m = RosterModel(_month(1))
        background = BackgroundBound(m, 20.0)
        bound = background.result()
        assert bound > 0
        assert background.result(objective=bound - 1) == 0

    def test_stop_ends_the_child_at_once(self):
        m = RosterModel(_month(3, people=9, days=28))
        background = BackgroundBound(m, 60.0)
        started = time.monotonic()
        background.stop()
        assert time.monotonic() - started < 10.0
        assert not background._child.is_alive()

    def test_a_thread_where_there_is_no_fork(self, monkeypatch):
        import multiprocessing
        import threading

        m = RosterModel(_month(1))
        here = month_bound(m, patterns_by_person(m), Budget(20.0))
        monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
        background = BackgroundBound(m, 20.0)
        assert isinstance(background._child, threading.Thread)
        assert background.result() == here

    def test_a_failing_child_gives_no_bound(self):
        said = []
        background = BackgroundBound("not a model", 5.0, {0: []}, None, said.append)
        assert background.result() == 0
        assert said == []
