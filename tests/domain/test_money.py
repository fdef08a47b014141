from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lindung.domain.money import InvalidAmount, format_rupiah, parse_amount, rupiah


@given(st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False))
def test_parse_round_trips_exactly(value):
    assert parse_amount(str(value)) == value


@given(st.lists(st.integers(min_value=0, max_value=10**9), max_size=50))
def test_sums_are_exact(amounts):
    assert sum(parse_amount(str(a)) for a in amounts) == Decimal(sum(amounts))


@pytest.mark.parametrize("bad", ["16.800,00", "Rp16800", "", "abc", "1e5", None, "16 800", True])
def test_ambiguous_or_malformed_amounts_are_refused(bad):
    with pytest.raises(InvalidAmount):
        parse_amount(bad)


def test_rounding_and_formatting():
    assert rupiah(Decimal("3701508.5")) == Decimal("3701509")
    assert format_rupiah(Decimal("16800")) == "Rp16.800"
    assert format_rupiah(Decimal("3701508.68")) == "Rp3.701.508,68"
