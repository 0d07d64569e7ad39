"""roster.sub_models: an LNS sub-model frees exactly the neighbourhood's cells, fixes every other
cell to the roster it is given (also after the roster changed), and solves like the model fixed
cell by cell."""
from __future__ import annotations

from ortools.sat.python import cp_model

from benchmarks.curtois import read as curtois_format
from roster.model import RosterModel
from roster.planner.sub_models import SubModels

TEAM = """\
SECTION_HORIZON
7

SECTION_SHIFTS
E,480,
L,480,E

SECTION_STAFF
A,E=7|L=7,2400,960,5,1,1,2
B,E=7|L=7,2400,960,5,1,1,2
C,E=7|L=0,2400,960,5,1,1,2

SECTION_COVER
0,E,2,100,1
3,L,1,100,1
5,E,1,100,1
"""


def _model() -> RosterModel:
    return RosterModel(curtois_format.parse(TEAM, name="three"))


def _roster(m: RosterModel, other_than: list[int] | None = None) -> list[int]:
    """A valid roster of the model (its full variable vector); one whose days differ from
    `other_than` for someone other than person 0 when given."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 10
    model = m.model.clone()
    model.ClearObjective()                 # any valid roster, not an optimal one
    if other_than is not None:
        model.AddBoolOr([on.Not() if other_than[on.index] else on for (p, _), on in m.on.items() if p != 0])
    assert solver.Solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    return list(solver.response_proto.solution)


def _fixed_cells(m: RosterModel, model: cp_model.CpModel) -> dict[int, int]:
    """Variable index -> value of every cell variable the sub-model fixes."""
    out = {}
    for (p, d), on in m.on.items():
        for v in [on] + [m.work[p, d, s] for s in m.shift_ids if (p, d, s) in m.work]:
            domain = list(model.proto.variables[v.index].domain)
            if domain[0] == domain[-1]:
                out[v.index] = domain[0]
    return out


class TestSubModels:
    def test_only_the_neighbourhood_is_free(self):
        m = _model()
        values = _roster(m)
        sub = SubModels(m).free(values, {1}, [2, 3])
        fixed = _fixed_cells(m, sub)
        free = {v.index for (p, d), v in m.on.items() if p == 1 and d in (2, 3)}
        free |= {v.index for (p, d, s), v in m.work.items() if p == 1 and d in (2, 3)}
        cells = {v.index for v in m.on.values()} | {v.index for v in m.work.values()}
        assert set(fixed) == cells - free
        assert all(fixed[i] == values[i] for i in fixed)

    def test_the_whole_horizon_people_are_free_on_every_day(self):
        m = _model()
        values = _roster(m)
        sub = SubModels(m).free(values, {0, 1, 2}, [5], whole={2})
        fixed = _fixed_cells(m, sub)
        free = {v.index for (p, d), v in m.on.items() if d == 5 or p == 2}
        free |= {v.index for (p, d, s), v in m.work.items() if d == 5 or p == 2}
        cells = {v.index for v in m.on.values()} | {v.index for v in m.work.values()}
        assert set(fixed) == cells - free
        assert all(fixed[i] == values[i] for i in fixed)

    def test_the_fixed_cells_follow_a_new_roster(self):
        m = _model()
        subs = SubModels(m)
        first = _roster(m)
        second = _roster(m, other_than=first)
        subs.free(first, {0}, range(7))
        sub = subs.free(second, {0}, [0])
        fixed = _fixed_cells(m, sub)
        assert fixed and all(fixed[i] == second[i] for i in fixed)
        assert any(first[i] != second[i] for i in fixed)     # the test sees a change

    def test_the_whole_neighbourhood_solves_to_the_models_optimum(self):
        m = _model()
        values = _roster(m)
        sub = SubModels(m).free(values, {0, 1, 2}, range(7))
        whole, freed = cp_model.CpSolver(), cp_model.CpSolver()
        for solver in (whole, freed):
            solver.parameters.num_workers = 1
            solver.parameters.max_time_in_seconds = 10
        assert whole.Solve(m.model) == cp_model.OPTIMAL
        assert freed.Solve(sub) == cp_model.OPTIMAL
        assert freed.ObjectiveValue() == whole.ObjectiveValue()
        objective = m.model.proto.objective
        assert sum(c * values[i] for i, c in zip(objective.vars, objective.coeffs)) > whole.ObjectiveValue()
