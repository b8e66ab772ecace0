"""The pure rules of the public lookup: initials, check values, keys, references, rates."""

import hmac

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .. import rules


def test_initials_keep_only_the_first_letter_of_each_word():
    """As an applicant I am shown on a public page by my initials only."""
    assert rules.initials("Nguyễn Thị Lan") == "N. T. L."
    assert rules.initials("  đặng   văn  ánh ") == "Đ. V. Á."
    assert rules.initials("Thạch Thị Sa Rây") == "T. T. S. R."
    assert rules.initials("") == ""


@given(
    phone=st.text(alphabet="0123456789 .+", min_size=0, max_size=14),
    id_number=st.text(alphabet="0123456789", min_size=0, max_size=13),
    typed=st.text(alphabet="0123456789", min_size=4, max_size=4),
)
def test_a_check_value_is_the_last_four_digits_of_the_phone_or_the_id(phone, id_number, typed):
    """As an applicant, the last 4 digits of my phone or my ID number open my dossier, nothing else."""
    phone_digits = "".join(ch for ch in phone if ch.isdigit())
    expected = (len(phone_digits) >= 4 and phone_digits[-4:] == typed) or (
        len(id_number) >= 4 and id_number[-4:] == typed
    )
    assert rules.check_value_matches(typed, phone, id_number) is expected


def test_short_or_empty_values_never_match():
    """As an applicant without a phone number on file, nobody opens my dossier with "0000" or nothing."""
    assert not rules.check_value_matches("", "", "")
    assert not rules.check_value_matches("0000", "", "")
    assert not rules.check_value_matches("----", "12", "")
    assert not rules.check_value_matches("12345", "0912345", "")


def test_both_candidates_are_always_compared_in_constant_time(monkeypatch):
    """As an applicant I trust that a right phone digit does not answer faster than a wrong one."""
    calls = []
    original = hmac.compare_digest

    def counting(a, b):
        calls.append((a, b))
        return original(a, b)

    monkeypatch.setattr(rules.hmac, "compare_digest", counting)
    assert rules.check_value_matches("4567", "0901234567", "084190001234")
    assert len(calls) == 2  # no early exit after the phone matched
    calls.clear()
    assert not rules.check_value_matches("9999", "0901234567", "084190001234")
    assert len(calls) == 2


def test_keys_are_a_reference_or_a_code():
    """As an applicant I may type my reference in lower case, without dashes, or my dossier code."""
    assert rules.parse_key(" dvc-7k3m-9qx2-ht5r ") == ("reference", "DVC-7K3M-9QX2-HT5R")
    assert rules.parse_key("DVC7K3M9QX2HT5R") == ("reference", "DVC-7K3M-9QX2-HT5R")
    assert rules.parse_key("H56.30.01-260302-0001") == ("code", "H56.30.01-260302-0001")
    assert rules.parse_key("") is None
    assert rules.parse_key("x" * 61) is None


def test_references_are_random_and_readable():
    """As an applicant my reference has no 0/O or 1/I to mistype and cannot be guessed."""
    made = {rules.new_reference() for _ in range(500)}
    assert len(made) == 500
    for reference in made:
        assert rules.parse_key(reference) == ("reference", reference)
        assert not set(reference[4:].replace("-", "")) & set("01OI")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("20/600", (20, 600)), ("5", (5, 60)), ("0", (0, 1)), ("", (0, 1)), (" 3/60 ", (3, 60))],
)
def test_rates_are_requests_per_seconds(text, expected):
    """As the operator I set the limits as "requests/seconds"; "0" switches a limit off."""
    assert rules.parse_rate(text) == expected


@pytest.mark.parametrize("text", ["abc", "10/0", "-1/60", "10/x"])
def test_a_malformed_rate_is_refused(text):
    """As the operator a typo in the rate setting is an error, not a silently open endpoint."""
    with pytest.raises(ValueError):
        rules.parse_rate(text)


def test_the_default_applies_when_the_setting_is_missing():
    """As the operator, without a setting the portal uses its default limit."""
    assert rules.parse_rate(None, "20/600") == (20, 600)
