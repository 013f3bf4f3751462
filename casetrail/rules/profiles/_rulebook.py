"""Short constructors for profile data: each rule gets the ``valid_from`` of the text it cites."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, TypeVar

from casetrail.rules.acts import EnforcementAct
from casetrail.rules.citation import Citation
from casetrail.rules.national_citations import NATIONAL_EFFECTIVE_DATES
from casetrail.rules.profile_model import AvLevel, AvRequirement, Profile, RecordRequirement, Rule, derive
from casetrail.rules.regulation import Regulation
from casetrail.rules.steps import ProcedureStep

R = TypeVar("R", bound=Rule)


class RuleBook:
    def __init__(self, regulation: Regulation | None = None) -> None:
        self.regulation = regulation

    def valid_from(self, citation: Citation | None) -> date | None:
        if citation is None:
            return None
        if self.regulation is not None and citation.law == self.regulation.title:
            return self.regulation.valid_from
        return NATIONAL_EFFECTIVE_DATES.get(citation.law)

    def rule(self, model: type[R], citation: Citation | None, **fields: Any) -> R:
        """Any rule of the profile, dated by the text it cites."""
        return model(citation=citation, valid_from=self.valid_from(citation), **fields)

    def profile(self, base: Profile, *, version: str, **settings: Any) -> Profile:
        """The regulation's profile at ``version``: ``base`` with what the regulation says over it."""
        if self.regulation is None:
            raise ValueError("a derived profile needs the regulation it implements")
        return derive(
            base,
            version=version,
            regulation_title=self.regulation.title,
            valid_from=self.regulation.valid_from,
            **settings,
        )

    def record(
        self,
        step: ProcedureStep,
        kind: str,
        title: str,
        fields: Iterable[str],
        citation: Citation,
        condition: str = "",
    ) -> RecordRequirement:
        return RecordRequirement(
            step=step,
            record_kind=kind,
            title_zh=title,
            fields=tuple(fields),
            citation=citation,
            valid_from=self.valid_from(citation),
            condition=condition,
        )

    def av(
        self,
        acts: Iterable[EnforcementAct],
        level: AvLevel,
        citation: Citation,
        *,
        uninterrupted: bool = False,
        uninterrupted_when: str = "",
        note: str = "",
    ) -> list[AvRequirement]:
        return [
            AvRequirement(
                act=act,
                level=level,
                uninterrupted=uninterrupted,
                uninterrupted_when=uninterrupted_when,
                citation=citation,
                valid_from=self.valid_from(citation),
                note=note,
            )
            for act in acts
        ]
