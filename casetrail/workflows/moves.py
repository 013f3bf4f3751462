"""What a handler declares about the phase: where it runs and where it may move the case.

Every registered step, approval outcome, deadline-expiry handler, served handler and starter carries
one ``Moves``; ``CaseContext.apply`` (the one place a phase is set) refuses a move its running handler
did not declare, and ``workflows/diagram.py`` draws the procedure from the same declarations.
Pure and passed through the sandbox, so ``UndeclaredMove`` is one class inside and outside it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from .phases import Phase

# Every phase a live case can be in (e.g. for a party's request to read the record).
ANY_PHASE: frozenset[Phase] = frozenset(p for p in Phase if not p.final and p is not Phase.serving)


class UndeclaredMove(RuntimeError):
    """A handler moved the case somewhere it did not declare: a programming error.

    Not a domain error: it fails the workflow task (nothing is committed, the case waits for the
    fixed code); test workers fail the Update or workflow at once instead.
    """


@dataclass(frozen=True)
class Moves:
    title: str  # Chinese: what happens (the diagram's edge label)
    phases: frozenset[Phase]  # where the handler runs
    moves_to: frozenset[Phase] = frozenset()  # empty: the case stays where it is

    @classmethod
    def of(cls, title: str, phases: Collection[Phase], moves_to: Collection[Phase] = ()) -> Moves:
        return cls(title, frozenset(phases), frozenset(moves_to))

    def permits(self, current: Phase, target: Phase) -> bool:
        """One handler may move a case more than once (A → B → C): it runs on from where it moved it."""
        if target == current:
            return True
        return target in self.moves_to and (current in self.phases or current in self.moves_to)

    def refuse(self, current: Phase, target: Phase) -> UndeclaredMove:
        return UndeclaredMove(
            f"“{self.title}” moved the case from {current} to {target}, "
            f"but declares moves_to={sorted(self.moves_to)} from phases={sorted(self.phases)}"
        )


# What runs outside any registered handler (e.g. recomputing deadlines) may not move the case.
NO_HANDLER = Moves("（无登记的处理程序）", frozenset())
