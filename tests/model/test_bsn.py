from hypothesis import given
from hypothesis import strategies as st

from gezinsplan.model.bsn import is_valid_bsn


def elfproef_sum(digits: str) -> int:
    weights = [9, 8, 7, 6, 5, 4, 3, 2, -1]
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True))


def test_known_numbers() -> None:
    assert is_valid_bsn("111222333")
    assert is_valid_bsn("123456782")
    assert not is_valid_bsn("123456789")
    assert not is_valid_bsn("000000000")
    assert not is_valid_bsn("12345678a")
    assert not is_valid_bsn("１１１２２２３３３")  # full-width digits are not ASCII
    assert not is_valid_bsn("1112223334")


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_nine_digits_valid_iff_elfproef(digits: str) -> None:
    expected = elfproef_sum(digits) % 11 == 0 and int(digits) != 0
    assert is_valid_bsn(digits) is expected


@given(st.text())
def test_never_raises(value: str) -> None:
    assert is_valid_bsn(value) in (True, False)
