from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casetrail.errors import InvalidInput
from casetrail.rules.national_citations import COERCION_46, PENALTY_72, PENALTY_73
from casetrail.rules.periods import Pause
from casetrail.rules.surcharge import late_surcharge

DUE = date(2026, 3, 16)


@pytest.mark.parametrize(
    ("fine_fen", "as_of", "amount", "days", "capped"),
    [
        (100_000, DUE, 0, 0, False),  # the last day of the payment period itself is in time
        (100_000, DUE - timedelta(days=3), 0, 0, False),
        (100_000, date(2026, 3, 17), 3_000, 1, False),  # 1000 yuan: 30 yuan a day
        (100_000, date(2026, 3, 26), 30_000, 10, False),
        (100_000, date(2026, 4, 18), 99_000, 33, False),
        (100_000, date(2026, 4, 19), 100_000, 34, True),  # 102 % -> capped at the fine
        (100_000, date(2027, 1, 1), 100_000, 291, True),
        (3_333, date(2026, 3, 17), 99, 1, False),  # 99.99 fen -> floor to 99 fen
        (3_333, date(2026, 3, 19), 299, 3, False),  # computed on the total: 299.97 -> 299, not 3 * 99
        (1, date(2026, 5, 1), 1, 46, True),
    ],
)
def test_surcharge_table(fine_fen: int, as_of: date, amount: int, days: int, capped: bool) -> None:
    result = late_surcharge(fine_fen, DUE, as_of)
    assert (result.amount_fen, result.days_counted, result.capped) == (amount, days, capped)
    assert result.citation == PENALTY_72


def test_review_pause_does_not_accrue() -> None:
    review = Pause(
        first_day=date(2026, 3, 20), last_day=date(2026, 4, 8), reason="行政复议", citation=PENALTY_73
    )
    result = late_surcharge(100_000, DUE, date(2026, 4, 10), [review])
    assert result.paused_days == 20
    assert result.days_counted == 5
    assert result.amount_fen == 15_000
    assert PENALTY_73 in result.citations
    assert any("行政复议或者行政诉讼期间20日不予计算" in line for line in result.explanation)


def test_enforceable_after_thirty_days() -> None:
    assert not late_surcharge(100_000, DUE, DUE + timedelta(days=30)).enforceable_after_reminder
    result = late_surcharge(100_000, DUE, DUE + timedelta(days=31))
    assert result.enforceable_after_reminder and COERCION_46 in result.citations


@pytest.mark.parametrize("fine", [0, -5])
def test_fine_must_be_positive(fine: int) -> None:
    with pytest.raises(InvalidInput) as raised:
        late_surcharge(fine, DUE, DUE)
    assert raised.value.field == "fine_fen"


@given(
    st.integers(min_value=1, max_value=10**12),
    st.integers(min_value=0, max_value=2000),
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=400), st.integers(min_value=0, max_value=100)),
        max_size=3,
    ),
)
def test_never_exceeds_the_fine_and_grows_monotonically(
    fine: int, days_late: int, spans: list[tuple[int, int]]
) -> None:
    pauses = [
        Pause(first_day=DUE + timedelta(days=a), last_day=DUE + timedelta(days=a + n), reason="诉讼")
        for a, n in spans
    ]
    today = late_surcharge(fine, DUE, DUE + timedelta(days=days_late), pauses)
    tomorrow = late_surcharge(fine, DUE, DUE + timedelta(days=days_late + 1), pauses)
    assert 0 <= today.amount_fen <= fine
    assert today.amount_fen <= tomorrow.amount_fen
    assert today.days_counted + today.paused_days == days_late
    assert today.capped == (today.amount_fen == fine)
