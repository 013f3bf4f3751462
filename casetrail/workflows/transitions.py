"""The procedure as a graph, read from the handlers' declarations (pure: no Temporal calls).

Answers "where can this case go from here, and what is each place called" for the workbench and the
dashboard, and gives the diagram and its tests their edges.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from . import procedure
from .moves import ANY_PHASE, Moves
from .phases import FINAL_PHASES, Phase
from .state import CaseState
from .steps import register_all

register_all()


@dataclass(frozen=True)
class Transition:
    source: Phase
    target: Phase
    title: str  # the handler's Chinese title


@dataclass(frozen=True)
class Destination:
    phase: Phase
    title: str


@dataclass(frozen=True)
class NextStep:
    """A step that can be taken now: its id (for the form), its title, who takes it, where it leads."""

    step: str
    title: str
    roles: tuple[str, ...]  # Chinese role names
    moves_to: tuple[Destination, ...]  # empty: the case stays in its phase


def declarations() -> Iterator[Moves]:
    """Every registered handler's declaration."""
    for spec in procedure.STARTERS.values():
        yield spec.moves
    for step in procedure.STEPS.values():
        yield step.moves
    for approval in procedure.APPROVALS.values():
        yield approval.approve_moves
        yield approval.return_moves
    for expiry in procedure.EXPIRIES.values():
        yield expiry.moves
    for served in procedure.SERVED.values():
        yield served.moves


def transitions() -> list[Transition]:
    """Every declared move from a phase to another, in a stable order."""
    found = {
        Transition(source, target, moves.title)
        for moves in declarations()
        if moves.phases != ANY_PHASE
        for source in moves.phases
        for target in moves.moves_to
        if source != target
    }
    order = list(Phase)
    return sorted(found, key=lambda t: (order.index(t.source), order.index(t.target), t.title))


def reachable(start: Phase, edges: list[Transition]) -> set[Phase]:
    seen, frontier = {start}, [start]
    while frontier:
        here = frontier.pop()
        for edge in edges:
            if edge.source == here and edge.target not in seen:
                seen.add(edge.target)
                frontier.append(edge.target)
    return seen


def reaches_an_end(phase: Phase, edges: list[Transition]) -> bool:
    return bool(reachable(phase, edges) & FINAL_PHASES)


def next_steps(state: CaseState) -> list[NextStep]:
    """Where this case can go from here: the steps allowed now, their titles and target phases."""
    return [
        NextStep(
            step=name,
            title=spec.title,
            roles=tuple(role.title for role in sorted(spec.roles)),
            moves_to=tuple(Destination(phase, phase.title) for phase in sorted(spec.moves_to)),
        )
        for name in procedure.allowed_steps(state)
        for spec in [procedure.STEPS[name]]
    ]
