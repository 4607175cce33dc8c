"""Check-digit validators: Luhn (payment cards) and ISO 13616 IBAN (mod 97 + country format)."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from promptguard.validators import ValidatorContext, checksums, registry


def run(name: str, value: str) -> float:
    return float(registry()[name](value, ValidatorContext(value, 0, len(value))))


def luhn_complete(prefix: str) -> str:
    """``prefix`` plus the check digit that makes it pass Luhn."""
    return next(prefix + d for d in "0123456789" if checksums.luhn_ok(prefix + d))


def test_checksum_validators_are_registered() -> None:
    assert set(checksums.VALIDATORS) <= set(registry())
    assert {"luhn", "iban"} <= set(registry())


def test_importing_checksums_does_not_load_stdnum() -> None:
    code = "import sys, promptguard.validators.checksums; print('stdnum.iban' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


# -- Luhn -------------------------------------------------------------------------------


@pytest.mark.parametrize("digits", ["79927398713", "4111111111111111", "5555555555554444", "378282246310005", "0"])
def test_luhn_ok_accepts_valid_numbers(digits: str) -> None:
    assert checksums.luhn_ok(digits) is (len(digits) >= 2)


@pytest.mark.parametrize("digits", ["79927398710", "4111111111111112", "", "1", "4111-1111-1111-1111", "١٢٣٤", "abcd"])
def test_luhn_ok_rejects_invalid_input(digits: str) -> None:
    assert checksums.luhn_ok(digits) is False


@given(st.text(alphabet="0123456789", min_size=11, max_size=18), st.integers(min_value=0, max_value=17))
def test_luhn_catches_every_single_digit_error(prefix: str, position: int) -> None:
    number = luhn_complete(prefix)
    i = position % len(number)
    wrong = str((int(number[i]) + 1) % 10)
    assert not checksums.luhn_ok(number[:i] + wrong + number[i + 1 :])


def test_luhn_validator_handles_separators_and_bounds() -> None:
    card = luhn_complete("4" + "".join(random.Random(3).choice("0123456789") for _ in range(14)))
    assert run("luhn", card) == 1
    assert run("luhn", f"{card[:4]} {card[4:8]} {card[8:12]} {card[12:]}") == 1
    assert run("luhn", f"{card[:4]}-{card[4:8]}-{card[8:12]}-{card[12:]}") == 1
    assert run("luhn", "0000 0000 0000 0000") == 0  # passes Luhn, but is filler
    assert run("luhn", luhn_complete("12345678901")) == 1  # 12 digits
    assert run("luhn", luhn_complete("1234567890")) == 0  # 11 digits: too short for a card
    assert run("luhn", luhn_complete("1" * 19)) == 0  # 20 digits: too long


# -- IBAN -------------------------------------------------------------------------------

VALID_IBANS = [
    "GB82 WEST 1234 5698 7654 32",
    "DE89 3704 0044 0532 0130 00",
    "FR14 2004 1010 0505 0001 3M02 606",
    "NL91 ABNA 0417 1643 00",
    "BE68 5390 0754 7034",
    "CH93 0076 2011 6238 5295 7",
    "NO93 8601 1117 947",  # the shortest (15)
    "LC55 HEMM 0001 0001 0012 0012 0002 3015",  # one of the longest (32)
]


@pytest.mark.parametrize("iban", VALID_IBANS)
def test_valid_ibans(iban: str) -> None:
    assert checksums.iban_ok(iban)
    assert checksums.iban_ok(iban.replace(" ", "").lower())
    assert run("iban", iban) == 1


@pytest.mark.parametrize(
    "iban",
    [
        "GB82 WEST 1234 5698 7654 33",  # check digits
        "GB82 WEST 1234 5698 7654",  # length for GB
        "DE89 3704 0044 0532 0130 0000",  # length for DE
        "XX82 WEST 1234 5698 7654 32",  # no such country
        "GB82-WEST-1234-5698-7654-32-XX",
        "not an iban",
        "",
    ],
)
def test_invalid_ibans(iban: str) -> None:
    assert not checksums.iban_ok(iban)


@given(st.integers(min_value=0, max_value=len(VALID_IBANS) - 1), st.integers(min_value=4, max_value=30))
def test_iban_catches_single_character_errors(which: int, position: int) -> None:
    iban = VALID_IBANS[which].replace(" ", "")
    i = position % len(iban) if position % len(iban) >= 4 else 4
    ch = iban[i]
    wrong = str((int(ch) + 1) % 10) if ch.isdigit() else ("A" if ch != "A" else "B")
    assert not checksums.iban_ok(iban[:i] + wrong + iban[i + 1 :])
