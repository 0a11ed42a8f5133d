from __future__ import annotations

from swpolicy.epi.lancet import JSON_KEYS, Row


def _row(med: float, pub: float | None, lo: float | None, hi: float | None) -> Row:
    return Row("mombasa", "violence", med, med - 1, med + 1, pub, lo, hi)


def test_miss_and_gap() -> None:
    assert _row(10, 17, 1, 31).miss is False
    assert _row(10, 17, 1, 31).gap == -7
    assert _row(50, 34, 25, 42).miss is True
    assert _row(20, None, 33, 46).gap == -13
    assert _row(40, None, 33, 46).gap == 0
    assert _row(5, None, None, None).miss is None
    assert _row(5, None, None, None).gap is None


def test_json_has_the_documented_keys() -> None:
    assert tuple(_row(1, None, None, None).to_json()) == JSON_KEYS
