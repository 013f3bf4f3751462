"""Penalty kinds as data: hearing rights (处罚法 Art. 63), on-the-spot limits (Art. 51, 68), ceilings."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from casetrail.errors import ProcedureViolation
from casetrail.rules.penalties import (
    Penalty,
    PenaltyKind,
    check_on_the_spot,
    check_on_the_spot_collection,
    hearing_grounds,
    yuan,
    yuan_text,
)

ART_63 = "《中华人民共和国行政处罚法》第六十三条第一款"


def fine(fen: int) -> Penalty:
    return Penalty(kinds=[PenaltyKind.FINE], fine_fen=fen)


def items(penalty: Penalty, party: str) -> list[str]:
    return [g.citation.removeprefix(ART_63) for g in hearing_grounds(penalty, party)]


def test_large_fines_depend_on_the_party() -> None:
    assert items(fine(999_999), "person") == []
    assert items(fine(1_000_000), "person") == ["第（一）项"]
    assert items(fine(1_000_000), "organisation") == []
    assert items(fine(10_000_000), "organisation") == ["第（一）项"]


def test_kinds_that_always_give_a_hearing() -> None:
    revoke = Penalty(kinds=[PenaltyKind.WARNING, PenaltyKind.REVOKE_LICENCE])
    assert items(revoke, "organisation") == ["第（三）项"]
    closure = Penalty(kinds=[PenaltyKind.ORDER_CLOSURE, PenaltyKind.RESTRICT_PRACTICE])
    assert items(closure, "person") == ["第（四）项", "第（四）项"]
    gains = Penalty(kinds=[PenaltyKind.CONFISCATE_GAINS], confiscated_value_fen=20_000_000)
    assert items(gains, "organisation") == ["第（二）项"]
    assert items(Penalty(kinds=[PenaltyKind.WARNING], other_serious=True), "person") == ["第（五）项"]
    assert items(Penalty(kinds=[PenaltyKind.WARNING]), "person") == []


@pytest.mark.parametrize(
    ("party", "allowed", "refused"), [("person", 20_000, 20_001), ("organisation", 300_000, 300_001)]
)
def test_on_the_spot_fine_ceiling(party: str, allowed: int, refused: int) -> None:
    check_on_the_spot(fine(allowed), party)
    with pytest.raises(ProcedureViolation) as error:
        check_on_the_spot(fine(refused), party)
    assert error.value.citation == "《中华人民共和国行政处罚法》第五十一条"
    assert error.value.rule == "on_the_spot_limit"


def test_on_the_spot_only_warning_or_fine() -> None:
    check_on_the_spot(Penalty(kinds=[PenaltyKind.WARNING]), "person")
    with pytest.raises(ProcedureViolation) as error:
        check_on_the_spot(
            Penalty(kinds=[PenaltyKind.CONFISCATE_PROPERTY], confiscated_value_fen=100), "person"
        )
    assert error.value.rule == "on_the_spot_kinds"


def test_on_the_spot_collection() -> None:
    check_on_the_spot_collection(fine(10_000), hard_to_enforce_later=False)
    check_on_the_spot_collection(fine(20_000), hard_to_enforce_later=True)
    with pytest.raises(ProcedureViolation) as error:
        check_on_the_spot_collection(fine(10_001), hard_to_enforce_later=False)
    assert error.value.citation == "《中华人民共和国行政处罚法》第六十八条"


def test_heavier_than() -> None:
    noticed = Penalty(kinds=[PenaltyKind.FINE, PenaltyKind.SUSPEND_BUSINESS], fine_fen=500_000)
    assert not fine(500_000).heavier_than(noticed)
    assert fine(500_001).heavier_than(noticed)
    assert Penalty(kinds=[PenaltyKind.REVOKE_LICENCE]).heavier_than(noticed)


def test_amounts_must_match_kinds() -> None:
    with pytest.raises(ValidationError):
        Penalty(kinds=[PenaltyKind.FINE])
    with pytest.raises(ValidationError):
        Penalty(kinds=[PenaltyKind.WARNING], fine_fen=100)
    with pytest.raises(ValidationError):
        Penalty(kinds=[PenaltyKind.FINE, PenaltyKind.FINE], fine_fen=100)
    assert fine(123_456).describe() == ["罚款人民币1,234.56元"]


def test_amounts_read_in_sentences_are_grouped_by_thousands() -> None:
    """People read amounts grouped by thousands; the documents' data keeps the plain figure they parse."""
    assert yuan_text(123_456_789) == "1,234,567.89"
    assert yuan(123_456_789) == "1234567.89"
    assert fine(1_000_000_00).describe() == ["罚款人民币1,000,000.00元"]
