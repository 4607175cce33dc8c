"""Check-digit validators: Luhn for payment cards, ISO 7064 mod-97 for IBANs.

A number that passes its check digits is almost never a coincidence, so these
validators turn "a run of digits" into "an account number" cheaply.
"""

from __future__ import annotations

from promptguard.patterncache import static
from promptguard.validators import Validator, ValidatorContext

_SEPARATORS = static(r"[\s.-]")


def luhn_ok(digits: str) -> bool:
    """True when ``digits`` (only 0-9, at least two) passes the Luhn mod-10 check."""
    if len(digits) < 2 or not digits.isascii() or not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


_IBAN_SHAPE = static(r"[A-Z]{2}\d{2}[A-Z0-9]{8,30}")


def iban_ok(s: str) -> bool:
    """True for a valid IBAN: registered country, its BBAN length and format, mod-97 = 1.

    Spaces and case are ignored. The country table comes from python-stdnum (the
    SWIFT IBAN registry), imported on first use because loading it takes ~50 ms.
    """
    from stdnum import iban  # deferred: the registry load is heavy

    compact = _SEPARATORS.sub("", s).upper()
    if not _IBAN_SHAPE.fullmatch(compact):
        return False
    # check_country=False: the national checks behind it include bank-code lookups
    # that go stale and reject issued IBANs (BE68 5390 0754 7034, the registry's own
    # example); the registry's length and BBAN format per country still apply.
    return bool(iban.is_valid(compact, check_country=False))


def luhn(value: str, ctx: ValidatorContext) -> bool:
    """A payment card number: 12-19 digits (separators allowed) passing Luhn, not one digit repeated."""
    digits = _SEPARATORS.sub("", value)
    return 12 <= len(digits) <= 19 and len(set(digits)) > 1 and luhn_ok(digits)


def iban(value: str, ctx: ValidatorContext) -> bool:
    """An IBAN with valid country, length, format and check digits."""
    return iban_ok(value)


VALIDATORS: dict[str, Validator] = {
    "luhn": luhn,
    "iban": iban,
}
