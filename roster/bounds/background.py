"""The month's column-generation bound (roster.bounds.column_generation.month_bound) in a child process beside the
CP-SAT solves.

A thread would share the interpreter lock with the solve it runs beside: the generation's pricing
and branching are Python between their HiGHS and numpy calls, and every roster CP-SAT reports and
every step of building the next model then waits on that lock. Measured on the example month, 10 s,
2 workers, seed 0: 250 without the bound, 317 with it in a thread (a bare Python loop in a thread
beside the same solve: 398, and 36 s of wall time for a 10-s limit). In a forked child the solve
loses only the core the bound uses.

    bound = BackgroundBound(m, seconds, patterns, profile, report)   # starts at once; report(bound) when found
    bound.result(objective)                            # waits; 0 when it found none
    bound.stop()                                       # ends the generation now

The child is forked (it shares the built model and rows without pickling them), before the caller
starts any solver thread; its answer comes back through a pipe, read by a small thread of the
parent that waits without holding the lock. Where there is no fork (Windows) the bound runs in a
thread, as it did before.
"""
from __future__ import annotations

import multiprocessing
import sys
import threading

from roster.bounds.column_generation import SMOOTHING, month_bound

FORK = "fork"                  # where the system has it (not on Windows: there a thread instead)


class BackgroundBound:
    """month_bound in a forked child process. `m`: a RosterModel, or an Instance whose model the
    child builds itself; without `patterns` the child lists them. `seconds`: how long the solve
    beside it runs (the child stops profile.bound_margin_s before it)."""

    def __init__(self, m, seconds: float, patterns: dict | None = None, profile=None, report=None):
        self.bound: int | None = None
        margin = 0.4 if profile is None else profile.bound_margin_s
        smoothing = SMOOTHING if profile is None else profile.smoothing
        self._report = report
        receive, send = multiprocessing.Pipe(duplex=False)
        forked = FORK in multiprocessing.get_all_start_methods()
        if forked:
            context = multiprocessing.get_context(FORK)
            event, worker = context.Event, context.Process
            for stream in (sys.stdout, sys.stderr):     # nothing buffered for the child to print twice
                stream.flush()
        else:                               # Windows: no fork; a thread, as before (slower rosters)
            event, worker = threading.Event, threading.Thread
        self._halt = event()
        self._child = worker(target=_bound_in_child, daemon=True,
                             args=(m, patterns, seconds - margin, smoothing, self._halt, send))
        self._child.start()
        if forked:
            send.close()                    # the child's copy is its own; a thread shares this one
        self._listener = threading.Thread(target=self._listen, args=(receive,), daemon=True)
        self._listener.start()

    def _listen(self, receive) -> None:
        try:
            bound = receive.recv()
        except (EOFError, OSError):         # the child died: a bound is a bonus, the roster goes on
            bound = None
        finally:
            receive.close()
        self.bound = bound
        if bound is not None and self._report is not None:
            self._report(bound)

    def result(self, objective: int | None = None) -> int:
        """The bound once the child has ended (0 when it found none). With the roster's
        `objective`: a bound above it would contradict the roster, and is not used."""
        self._listener.join()
        self._child.join()
        bound = self.bound or 0
        return 0 if objective is not None and bound > objective else bound

    def stop(self) -> None:
        """End the generation now (a proven roster needs no bound; a failed stage no time)."""
        self._halt.set()
        self.result()


def _bound_in_child(m, patterns, seconds: float, smoothing: float, halt, send) -> None:
    """The child's whole work: the bound (None on any failure) sent to the parent."""
    from roster.model import RosterModel
    from roster.patterns import patterns_by_person
    from roster.planner.budget import Budget

    budget = Budget(seconds)
    bound = None
    try:
        m = m if isinstance(m, RosterModel) else RosterModel(m)
        patterns = patterns if patterns is not None else patterns_by_person(m, every=True)
        bound = month_bound(m, patterns, budget, stop=halt, smoothing=smoothing)
    except Exception:                       # a bound is a bonus: the roster never waits on its failure
        pass
    finally:
        send.send(bound)
        send.close()
