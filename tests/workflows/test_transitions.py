"""The procedure's shape is declared: the diagram is generated from it, every phase can be reached
and left towards an end, and a handler cannot move a case anywhere it did not declare."""

from __future__ import annotations

import pytest

from casetrail.workflows.context import CaseContext
from casetrail.workflows.diagram import DOC, document
from casetrail.workflows.moves import ANY_PHASE, Moves, UndeclaredMove
from casetrail.workflows.phases import FINAL_PHASES, Phase
from casetrail.workflows.state import CaseState
from casetrail.workflows.transitions import declarations, next_steps, reachable, reaches_an_end, transitions
from casetrail.workflows.types import Actor, CaseStart, Officer

CASE_PHASES = [phase for phase in Phase if phase is not Phase.serving]


def _state(phase: Phase) -> CaseState:
    officer = Actor("u1", "张三", ["officer"], "37000001")
    start = CaseStart(
        case_id="c1",
        case_no="泰市监立〔2026〕1号",
        agency_id="a1",
        agency_name="泰安市市场监督管理局",
        profile_id="national",
        profile_version="2021",
        start_type="ex_officio",
        cause="测试案由",
        party={"name": "测试当事人", "kind": "person"},
        officers=[Officer("u1", "张三", "37000001")],
        opened_by=officer,
    )
    return CaseState(start=start, phase=phase)


def test_the_committed_diagram_is_the_generated_one() -> None:
    assert DOC.read_text(encoding="utf-8") == document(), "run python -m casetrail.workflows.diagram"


def test_every_phase_is_reachable_from_the_start() -> None:
    assert set(CASE_PHASES) - reachable(Phase.starting, transitions()) == set()


@pytest.mark.parametrize("phase", [p for p in CASE_PHASES if p not in FINAL_PHASES])
def test_every_open_phase_can_reach_an_end(phase: Phase) -> None:
    assert reaches_an_end(phase, transitions())


def test_final_phases_have_no_way_out() -> None:
    assert not [edge for edge in transitions() if edge.source in FINAL_PHASES]


def test_a_handler_that_moves_names_where_it_runs() -> None:
    # ANY_PHASE with a move would be an arrow from everywhere: the diagram could not show it.
    loose = [moves.title for moves in declarations() if moves.moves_to and moves.phases == ANY_PHASE]
    assert loose == []


def test_an_undeclared_move_is_refused_before_anything_is_written() -> None:
    state = _state(Phase.investigation)
    ctx = CaseContext(state, lambda: None)
    with ctx.running(Moves.of("调查终结报告", {Phase.investigation}, {Phase.investigation_ended})):
        ctx.check_move(Phase.investigation_ended)  # declared
        ctx.check_move(None)  # staying is always allowed
        with pytest.raises(UndeclaredMove, match="archived"):
            ctx.check_move(Phase.archived)
    with pytest.raises(UndeclaredMove):  # outside any handler nothing may move the case
        ctx.check_move(Phase.investigation_ended)
    assert state.phase is Phase.investigation and state.sequence == 0


def test_a_handler_runs_on_from_where_it_moved_the_case() -> None:
    moves = Moves.of("听证", {Phase.rights_window}, {Phase.hearing_requested, Phase.hearing_scheduled})
    assert moves.permits(Phase.hearing_requested, Phase.hearing_scheduled)
    assert not moves.permits(Phase.investigation, Phase.hearing_scheduled)


def test_where_a_case_can_go_from_here() -> None:
    steps = {step.step: step for step in next_steps(_state(Phase.investigation))}
    finish = steps["finish_investigation"]
    assert finish.title == "调查终结报告" and finish.roles == ("执法人员",)
    assert [(d.phase, d.title) for d in finish.moves_to] == [(Phase.investigation_ended, "调查终结")]
    assert steps["inquiry"].moves_to == ()
    assert next_steps(_state(Phase.archived)) == []
