"""A labeled corpus of realistic texts with personal data, generated deterministically.

Support tickets, CRM CSV rows and JSON records, log lines, chat messages, e-mails and
forms in English (US, UK, India), German, French, Spanish, Italian, Dutch and Brazilian
Portuguese, plus HR records for further countries. Identifiers pass their checksums
(check digits computed with python-stdnum or drawn until stdnum accepts them; phone
numbers are drawn until phonenumbers accepts them). Documents also carry hard
negatives that must NOT be reported: order and tracking numbers, timestamps, version
strings, documentation e-mails and IPs, private IPs, Luhn-invalid and public test card
numbers, IBANs with a wrong checksum, UUIDs, hashes, git remotes and package specs.

    from benchmarks.pii_corpus import documents
    for doc in documents(seed=1, count=720): ...

Each document: ``{"id", "text", "labels": [{"start", "end", "type", "kind": "pii"}]}``
with exact spans. Nothing is read from outside; every value is made up.
"""

from __future__ import annotations

import importlib
import ipaddress
import random
import re
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass

DIGITS = string.digits
UPPER = string.ascii_uppercase


def digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice(DIGITS) for _ in range(count))


def letters(rng: random.Random, count: int, alphabet: str = UPPER) -> str:
    return "".join(rng.choice(alphabet) for _ in range(count))


def _until_ok(is_valid: Callable[[str], bool], make: Callable[[], str], attempts: int = 100_000) -> str:
    """Draw candidates until ``is_valid`` accepts one (seeded, so deterministic)."""
    for _ in range(attempts):
        candidate = make()
        if is_valid(candidate):
            return candidate
    raise RuntimeError("no valid candidate found")


def _until(module: str, make: Callable[[], str]) -> str:
    return _until_ok(importlib.import_module(module).is_valid, make)


def _birth(rng: random.Random) -> tuple[int, int, int]:
    return rng.randint(1940, 2004), rng.randint(1, 12), rng.randint(1, 28)


def luhn_complete(body: str) -> str:
    from stdnum import luhn

    return body + luhn.calc_check_digit(body)


# -- payment ---------------------------------------------------------------------------

_CARD_PREFIXES = (("4", 16), ("51", 16), ("53", 16), ("55", 16), ("2221", 16), ("2720", 16), ("34", 15),
                  ("37", 15), ("6011", 16), ("65", 16), ("3530", 16), ("3589", 16), ("36", 14),
                  ("62", 16), ("62", 19), ("4", 19), ("6759", 16))  # fmt: skip


def card(rng: random.Random) -> str:
    prefix, length = rng.choice(_CARD_PREFIXES)
    number = luhn_complete(prefix + digits(rng, length - len(prefix) - 1))
    style = rng.random()
    if length in (14, 15):
        return f"{number[:4]} {number[4:10]} {number[10:]}" if style < 0.6 else number
    if style < 0.45:
        return " ".join(number[i : i + 4] for i in range(0, length, 4))
    if style < 0.7:
        return "-".join(number[i : i + 4] for i in range(0, length, 4))
    return number


def card_invalid(rng: random.Random) -> str:
    """Card-shaped, issuer prefix, but failing Luhn."""
    number = card(rng)
    last = number[-1]
    return number[:-1] + str((int(last) + rng.randint(1, 9)) % 10)


IBAN_FORMATS = {  # country -> BBAN layout (n digit, a letter, c alnum)
    "DE": "n18", "FR": "n10c11n2", "ES": "n20", "IT": "a1n10c12", "NL": "a4n10", "GB": "a4n14",
    "BE": "n12", "AT": "n16", "PT": "n21", "CH": "n5c12", "IE": "a4n14", "PL": "n24", "SE": "n20",
    "FI": "n14", "DK": "n14", "NO": "n11", "LU": "n3c13", "BR": "n23a1c1",
}  # fmt: skip


def iban(rng: random.Random, country: str) -> str:
    from stdnum import iban as stdnum_iban

    alphabets = {"n": DIGITS, "a": UPPER, "c": UPPER + DIGITS}
    parts = re.findall(r"([nac])(\d+)", IBAN_FORMATS[country])

    def make() -> str:
        bban = "".join(letters(rng, int(count), alphabets[kind]) for kind, count in parts)
        check = 98 - int("".join(str(int(c, 36)) for c in bban + country + "00")) % 97
        return f"{country}{check:02d}{bban}"

    value = _until_ok(stdnum_iban.is_valid, make)
    if rng.random() < 0.65:
        return " ".join(value[i : i + 4] for i in range(0, len(value), 4))
    return value


def iban_invalid(rng: random.Random, country: str) -> str:
    value = iban(rng, country)
    position = len(value) - 1
    while not value[position].isdigit():
        position -= 1
    return value[:position] + str((int(value[position]) + 1) % 10) + value[position + 1 :]


# -- national identifiers ---------------------------------------------------------------


def us_ssn(rng: random.Random) -> str:
    area = rng.choice([a for a in range(1, 900) if a != 666])
    return f"{area:03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"


def us_itin(rng: random.Random) -> str:
    return f"9{digits(rng, 2)}-{rng.choice([*range(70, 89), 90, 91, 92, *range(94, 100)])}-{digits(rng, 4)}"


_NINO_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
_NINO_SECOND = "ABCEGHJKLMNPRSTWXYZ"


def uk_nino(rng: random.Random) -> str:
    while True:
        prefix = rng.choice(_NINO_FIRST) + rng.choice(_NINO_SECOND)
        if prefix not in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
            break
    body = digits(rng, 6)
    suffix = rng.choice("ABCD")
    if rng.random() < 0.5:
        return f"{prefix} {body[:2]} {body[2:4]} {body[4:]} {suffix}"
    return f"{prefix}{body}{suffix}"


def de_steuer_id(rng: random.Random) -> str:
    value = _until("stdnum.de.idnr", lambda: str(rng.randint(1, 9)) + digits(rng, 10))
    if rng.random() < 0.4:
        return f"{value[:2]} {value[2:5]} {value[5:8]} {value[8:]}"
    return value


def fr_nir(rng: random.Random) -> str:
    from stdnum.fr import nir

    year, month, _ = _birth(rng)
    body = (
        f"{rng.choice('12')}{year % 100:02d}{month:02d}{rng.randint(1, 95):02d}{rng.randint(1, 990):03d}{rng.randint(1, 999):03d}"
    )
    value = body + nir.calc_check_digits(body)
    if rng.random() < 0.6:
        return f"{value[0]} {value[1:3]} {value[3:5]} {value[5:7]} {value[7:10]} {value[10:13]} {value[13:]}"
    return value


def es_dni(rng: random.Random) -> str:
    from stdnum.es import dni

    body = digits(rng, 8)
    return body + ("-" if rng.random() < 0.2 else "") + dni.calc_check_digit(body)


def es_nie(rng: random.Random) -> str:
    from stdnum.es import nie

    body = rng.choice("XYZ") + digits(rng, 7)
    return body + nie.calc_check_digit(body)


_CF_MONTHS = "ABCDEHLMPRST"


def it_codice_fiscale(rng: random.Random) -> str:
    from stdnum.it import codicefiscale

    year, month, day = _birth(rng)
    day += 40 if rng.random() < 0.5 else 0
    body = (
        letters(rng, 3, "BCDFGHLMNPRSTVZ") + letters(rng, 3, "BCDFGHLMNPRSTVZAEIOU")
        + f"{year % 100:02d}{_CF_MONTHS[month - 1]}{day:02d}"
        + rng.choice("ABCDEFGHILMZ") + digits(rng, 3)
    )  # fmt: skip
    return body + codicefiscale.calc_check_digit(body)


def nl_bsn(rng: random.Random) -> str:
    value = _until("stdnum.nl.bsn", lambda: str(rng.randint(1, 9)) + digits(rng, 8))
    return f"{value[:4]}.{value[4:6]}.{value[6:]}" if rng.random() < 0.2 else value


def be_national_number(rng: random.Random) -> str:
    year, month, day = _birth(rng)
    value = _until("stdnum.be.nn", lambda: f"{year % 100:02d}{month:02d}{day:02d}{digits(rng, 5)}")
    if rng.random() < 0.6:
        return f"{value[:2]}.{value[2:4]}.{value[4:6]}-{value[6:9]}.{value[9:]}"
    return value


def pl_pesel(rng: random.Random) -> str:
    year, month, day = _birth(rng)
    month += 20 if year >= 2000 else 0
    return _until("stdnum.pl.pesel", lambda: f"{year % 100:02d}{month:02d}{day:02d}{digits(rng, 5)}")


def se_personnummer(rng: random.Random) -> str:
    year, month, day = _birth(rng)
    value = _until("stdnum.se.personnummer", lambda: f"{year % 100:02d}{month:02d}{day:02d}-{digits(rng, 4)}")
    return f"{year // 100}{value}" if rng.random() < 0.3 else value


def in_aadhaar(rng: random.Random) -> str:
    value = _until("stdnum.in_.aadhaar", lambda: str(rng.randint(2, 9)) + digits(rng, 11))
    return f"{value[:4]} {value[4:8]} {value[8:]}" if rng.random() < 0.7 else value


def in_pan(rng: random.Random) -> str:
    return letters(rng, 3) + rng.choice("PPPPCHFT") + letters(rng, 1) + digits(rng, 4) + letters(rng, 1)


def br_cpf(rng: random.Random) -> str:
    value = _until("stdnum.br.cpf", lambda: digits(rng, 11))
    return f"{value[:3]}.{value[3:6]}.{value[6:9]}-{value[9:]}" if rng.random() < 0.75 else value


def br_cnpj(rng: random.Random) -> str:
    value = _until("stdnum.br.cnpj", lambda: digits(rng, 8) + "0001" + digits(rng, 2))
    return f"{value[:2]}.{value[2:5]}.{value[5:8]}/{value[8:12]}-{value[12:]}"


def ca_sin(rng: random.Random) -> str:
    value = luhn_complete(str(rng.choice([1, 2, 3, 4, 5, 6, 7, 9])) + digits(rng, 7))
    return f"{value[:3]} {value[3:6]} {value[6:]}" if rng.random() < 0.6 else value


def au_tfn(rng: random.Random) -> str:
    value = _until("stdnum.au.tfn", lambda: digits(rng, 9))
    return f"{value[:3]} {value[3:6]} {value[6:]}" if rng.random() < 0.6 else value


def sg_nric(rng: random.Random) -> str:
    prefix = rng.choice("STFG")
    body = digits(rng, 7)
    offset = 4 if prefix in "TG" else 0
    table = "JZIHGFEDCBA" if prefix in "ST" else "XWUTRQPNMLK"
    total = offset + sum(int(d) * w for d, w in zip(body, (2, 7, 6, 5, 4, 3, 2), strict=True))
    return prefix + body + table[total % 11]


def za_id_number(rng: random.Random) -> str:
    year, month, day = _birth(rng)
    return _until(
        "stdnum.za.idnr", lambda: luhn_complete(f"{year % 100:02d}{month:02d}{day:02d}{digits(rng, 4)}{rng.choice('01')}8")
    )


def dk_cpr(rng: random.Random) -> str:
    year, month, day = _birth(rng)
    return _until("stdnum.dk.cpr", lambda: f"{day:02d}{month:02d}{year % 100:02d}-{digits(rng, 4)}")


_HETU_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def fi_hetu(rng: random.Random) -> str:
    year, month, day = _birth(rng)
    serial = f"{rng.randint(2, 899):03d}"
    check = _HETU_CHECK[int(f"{day:02d}{month:02d}{year % 100:02d}{serial}") % 31]
    return f"{day:02d}{month:02d}{year % 100:02d}{'A' if year >= 2000 else '-'}{serial}{check}"


def no_fodselsnummer(rng: random.Random) -> str:
    year, month, day = _birth(rng)
    return _until("stdnum.no.fodselsnummer", lambda: f"{day:02d}{month:02d}{year % 100:02d}{digits(rng, 5)}")


def pt_nif(rng: random.Random) -> str:
    from stdnum.pt import nif

    body = rng.choice("123") + digits(rng, 7)
    return body + nif.calc_check_digit(body)


def ch_ahv(rng: random.Random) -> str:
    from stdnum import ean

    body = "756" + digits(rng, 9)
    value = body + ean.calc_check_digit(body)
    return f"{value[:3]}.{value[3:7]}.{value[7:11]}.{value[11:]}"


def at_svnr(rng: random.Random) -> str:
    year, month, day = _birth(rng)
    value = _until("stdnum.at.vnr", lambda: f"{rng.randint(100, 999)}{rng.randint(0, 9)}{day:02d}{month:02d}{year % 100:02d}")
    return f"{value[:4]} {value[4:]}" if rng.random() < 0.5 else value


# -- network and wallets ----------------------------------------------------------------


def public_ipv4(rng: random.Random) -> str:
    while True:
        address = ipaddress.IPv4Address(rng.getrandbits(32))
        if (
            address.is_global
            and not address.is_multicast
            and not str(address).startswith(("192.0.2.", "198.51.100.", "203.0.113."))
        ):
            return str(address)


def public_ipv6(rng: random.Random) -> str:
    while True:
        address = ipaddress.IPv6Address((0x2 << 124) | rng.getrandbits(124))  # 2000::/3, global unicast
        if address.is_global and not str(address).startswith("2001:db8"):
            return address.compressed if rng.random() < 0.7 else address.exploded


def private_ip(rng: random.Random) -> str:
    return rng.choice(
        [f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
         f"192.168.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
         f"172.{rng.randint(16, 31)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
         f"127.0.0.{rng.randint(1, 9)}", f"169.254.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
         f"192.0.2.{rng.randint(1, 254)}", f"198.51.100.{rng.randint(1, 254)}", f"203.0.113.{rng.randint(1, 254)}",
         f"fe80::{rng.getrandbits(16):x}:{rng.getrandbits(16):x}", f"2001:db8::{rng.getrandbits(16):x}", "::1"]
    )  # fmt: skip


def mac_address(rng: random.Random) -> str:
    octets = [rng.getrandbits(8) for _ in range(6)]
    octets[0] &= 0xFC  # unicast, globally administered
    if rng.random() < 0.15:
        text = "".join(f"{o:02x}" for o in octets)
        return f"{text[:4]}.{text[4:8]}.{text[8:]}"
    separator = ":" if rng.random() < 0.7 else "-"
    text = separator.join(f"{o:02x}" for o in octets)
    return text.upper() if rng.random() < 0.4 else text


_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def btc_address(rng: random.Random) -> str:
    import hashlib

    if rng.random() < 0.45:
        return _segwit(rng)
    payload = bytes([rng.choice([0x00, 0x05])]) + rng.randbytes(20)
    raw = payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    number = int.from_bytes(raw, "big")
    text = ""
    while number:
        number, rest = divmod(number, 58)
        text = _B58[rest] + text
    return "1" * (len(raw) - len(raw.lstrip(b"\0"))) + text


def _segwit(rng: random.Random) -> str:
    from promptguard.validators.bech32 import BECH32_CONST as _BECH32_CONST
    from promptguard.validators.bech32 import BECH32M_CONST as _BECH32M_CONST
    from promptguard.validators.bech32 import CHARSET as _BECH32
    from promptguard.validators.bech32 import polymod as _bech32_polymod

    version = rng.choice([0, 0, 1])
    program = rng.randbytes(20 if version == 0 and rng.random() < 0.7 else 32)
    bits, acc, data = 0, 0, [version]
    for byte in program:
        acc = (acc << 8) | byte
        bits += 8
        while bits >= 5:
            bits -= 5
            data.append((acc >> bits) & 31)
    if bits:
        data.append((acc << (5 - bits)) & 31)
    hrp = [ord(c) >> 5 for c in "bc"] + [0] + [ord(c) & 31 for c in "bc"]
    constant = _BECH32_CONST if version == 0 else _BECH32M_CONST
    polymod = _bech32_polymod(hrp + data + [0] * 6) ^ constant
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    return "bc1" + "".join(_BECH32[d] for d in data + checksum)


def eth_address(rng: random.Random) -> str:
    from promptguard.validators.pii import keccak256

    body = rng.randbytes(20).hex()
    if rng.random() < 0.3:
        return "0x" + body
    digest = keccak256(body.encode()).hex()
    return "0x" + "".join(c.upper() if c.isalpha() and int(h, 16) >= 8 else c for c, h in zip(body, digest[:40], strict=True))


# -- hard negatives ---------------------------------------------------------------------


def uuid(rng: random.Random) -> str:
    h = rng.randbytes(16).hex()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{rng.choice('89ab')}{h[17:20]}-{h[20:32]}"


def sha(rng: random.Random) -> str:
    return rng.randbytes(rng.choice([20, 32])).hex()


def order_id(rng: random.Random) -> str:
    return rng.choice(
        [f"#{digits(rng, 3)}-{digits(rng, 3)}-{digits(rng, 4)}", f"{digits(rng, 10)}", f"{rng.randint(10**8, 10**9)}",
         f"{digits(rng, 3)}-{digits(rng, 7)}-{digits(rng, 7)}", f"#{digits(rng, 6)}"]
    )  # fmt: skip


def timestamp(rng: random.Random) -> str:
    y, m, d = rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28)
    hh, mm, ss = rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
    return rng.choice(
        [f"{y}-{m:02d}-{d:02d} {hh:02d}:{mm:02d}:{ss:02d}", f"{y}-{m:02d}-{d:02d}T{hh:02d}:{mm:02d}:{ss:02d}Z",
         f"{d:02d}.{m:02d}.{y} {hh:02d}:{mm:02d}", f"{rng.randint(1_600_000_000, 1_750_000_000)}",
         f"{rng.randint(1_600_000_000_000, 1_750_000_000_000)}"]
    )  # fmt: skip


def version(rng: random.Random) -> str:
    return rng.choice(
        [f"{rng.randint(1, 9)}.{rng.randint(0, 30)}.{rng.randint(0, 99)}", f"{rng.randint(1, 9)}.{rng.randint(0, 9)}.{rng.randint(0, 9)}.{rng.randint(0, 9999)}",
         f"{rng.randint(2019, 2025)}.{rng.randint(1, 12)}.{rng.randint(1, 9)}"]
    )  # fmt: skip


def test_card(rng: random.Random) -> str:
    return rng.choice(
        [
            "4111 1111 1111 1111",
            "4242 4242 4242 4242",
            "5555 5555 5555 4444",
            "4000 0566 5566 5556",
            "378282246310005",
            "6011111111111117",
        ]
    )


def tracking(rng: random.Random) -> str:
    return rng.choice(
        [f"1Z{letters(rng, 3, UPPER + DIGITS)}{digits(rng, 13)}", f"JD{digits(rng, 16)}", f"{letters(rng, 2)}{digits(rng, 9)}DE"]
    )


def _ean(rng: random.Random) -> str:
    from stdnum import ean

    body = rng.choice(["40", "50", "76", "80", "90"]) + digits(rng, 10)
    return body + ean.calc_check_digit(body)


def _isbn(rng: random.Random) -> str:
    from stdnum import ean

    body = "978" + digits(rng, 9)
    value = body + ean.calc_check_digit(body)  # ISBN-13 is an EAN-13
    return f"{value[:3]}-{value[3]}-{value[4:8]}-{value[8:12]}-{value[12]}"


def bad_card(rng: random.Random) -> str:
    return card_invalid(rng)


def git_remote(rng: random.Random) -> str:
    return rng.choice(
        [
            "git@github.com:acme/billing-service.git",
            "git@gitlab.com:infra/terraform-modules.git",
            "ssh://git@bitbucket.org/team/app.git",
        ]
    )


def package_spec(rng: random.Random) -> str:
    return rng.choice(["react@18.2.0", "left-pad@1.3.0", "@types/node@20.11.5", "lodash@4.17.21", "typescript@5.4.2"])


def doc_email(rng: random.Random) -> str:
    return rng.choice(
        [
            "jane.doe@example.com",
            "user@example.org",
            "admin@example.net",
            "alice@test.test",
            "qa@site.invalid",
            "noreply@localhost.localdomain",
        ]
    )


# -- phone numbers -----------------------------------------------------------------------


def phone(rng: random.Random, region: str) -> str:
    """A number valid for ``region``, in one of the ways people write it."""
    import phonenumbers
    from phonenumbers import PhoneNumberFormat, PhoneNumberType

    kind = rng.choice([PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE])
    example = phonenumbers.example_number_for_type(region, kind) or phonenumbers.example_number(region)
    national = phonenumbers.national_significant_number(example)

    def valid(candidate: str) -> bool:
        return bool(phonenumbers.is_valid_number(phonenumbers.parse(candidate)))

    # Keep the example's leading digits (area or mobile prefix), randomise the rest;
    # keep more of them for regions whose numbering plan is sparse.
    for keep in range(max(1, min(3, len(national) - 6)), len(national) - 1):
        prefix, rest = f"+{example.country_code}{national[:keep]}", len(national) - keep
        try:
            found = _until_ok(valid, lambda: prefix + digits(rng, rest), 500)  # noqa: B023 - used before the next iteration
            break
        except RuntimeError:
            continue
    else:
        raise RuntimeError(f"cannot make a valid {region} number")
    number = phonenumbers.parse(found)
    style = rng.random()
    international = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
    if style < 0.3:
        return international
    if style < 0.62:
        return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    if style < 0.7:
        return phonenumbers.format_number(number, PhoneNumberFormat.E164)
    if style < 0.78:
        return "00" + international[1:]
    if style < 0.86:
        return international.replace(" ", rng.choice("-."))
    if style < 0.93:  # (+CC) and the national significant number, as on business cards
        code, _, rest = international.partition(" ")
        return f"({code}) {rest}"
    return phonenumbers.format_number(number, PhoneNumberFormat.RFC3966).removeprefix("tel:")


# -- locales ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Locale:
    code: str
    lang: str
    region: str
    first: tuple[str, ...]
    last: tuple[str, ...]
    mail: tuple[str, ...]
    ids: tuple[str, ...]  # national ID types used in this country
    iban: str


def _t(words: str) -> tuple[str, ...]:
    return tuple(words.split(","))


LOCALES = (
    Locale("en_US", "en", "US", _t("James,Mary,Robert,Patricia,Michael,Jennifer,David,Linda,Ashley,Tyrone,Kayla,Marcus,Emily,Brandon,Grace"),
           _t("Smith,Johnson,Williams,Brown,Jones,Garcia,Miller,Davis,Rodriguez,Whitfield,Thompson,O'Connor,McAllister,Nguyen,Washington"),
           _t("gmail.com,yahoo.com,outlook.com,icloud.com,comcast.net,proton.me"), ("us_ssn", "us_itin"), "DE"),
    Locale("en_GB", "en", "GB", _t("Oliver,Amelia,Harry,Isla,George,Ava,Noah,Poppy,Jack,Freya,Callum,Niamh,Rhys,Siobhan,Alfie"),
           _t("Taylor,Davies,Evans,Wilson,Roberts,Walker,Wright,Hughes,Edwards,Whitaker,Doyle,Fitzgerald,Okafor,Patel,Campbell"),
           _t("btinternet.com,sky.com,yahoo.co.uk,hotmail.co.uk,gmail.com"), ("uk_nino",), "GB"),
    Locale("de_DE", "de", "DE", _t("Lukas,Anna,Jürgen,Lena,Klaus,Sophie,Matthias,Marie,Jörg,Anna-Lena,Felix,Ingrid,Tobias,Katrin,Björn"),
           _t("Müller,Schmidt,Schneider,Fischer,Weber,Meyer,Wagner,Becker,Hoffmann,Schäfer,Zimmermann,Weiß,Krüger,Yilmaz,Müller-Lüdenscheidt"),
           _t("gmx.de,web.de,t-online.de,posteo.de,gmail.com"), ("de_steuer_id",), "DE"),
    Locale("fr_FR", "fr", "FR", _t("Camille,Léa,Hugo,Chloé,Louis,Manon,Jean-Pierre,Élodie,Théo,Amélie,Mathieu,Inès,François,Océane,Raphaël"),
           _t("Martin,Bernard,Dubois,Thomas,Robert,Richard,Petit,Durand,Lefèvre,Moreau,Girard,Rousseau,Fontaine,Chevalier,Lambert"),
           _t("orange.fr,free.fr,laposte.net,sfr.fr,gmail.com"), ("fr_nir",), "FR"),
    Locale("es_ES", "es", "ES", _t("Lucía,Hugo,Martina,Pablo,Sofía,Alejandro,Carmen,Diego,Paula,Javier,Marta,Álvaro,Elena,Sergio,Nuria"),
           _t("García,Fernández,González,Rodríguez,López,Martínez,Sánchez,Pérez,Gómez,Navarro,Ruiz,Molina,Ortega,Castillo,Herrera"),
           _t("telefonica.net,hotmail.es,gmail.com,yahoo.es,outlook.es"), ("es_dni", "es_nie"), "ES"),
    Locale("it_IT", "it", "IT", _t("Giulia,Alessandro,Francesca,Lorenzo,Chiara,Matteo,Sofia,Andrea,Martina,Davide,Elisa,Simone,Valentina,Riccardo,Federica"),
           _t("Rossi,Russo,Ferrari,Esposito,Bianchi,Romano,Colombo,Ricci,Marino,Greco,Bruno,Gallo,Conti,De Luca,Mancini"),
           _t("libero.it,virgilio.it,tiscali.it,alice.it,gmail.com"), ("it_codice_fiscale",), "IT"),
    Locale("nl_NL", "nl", "NL", _t("Daan,Emma,Sem,Julia,Lucas,Sanne,Bram,Femke,Thijs,Lotte,Jan,Anouk,Pieter,Fleur,Ruben"),
           _t("de Jong,Jansen,de Vries,van den Berg,van Dijk,Bakker,Janssen,Visser,Smit,Meijer,de Graaf,Mulder,van der Meer,Bos,Vos"),
           _t("ziggo.nl,kpnmail.nl,planet.nl,hotmail.nl,gmail.com"), ("nl_bsn",), "NL"),
    Locale("pt_BR", "pt", "BR", _t("João,Maria,Pedro,Ana,Lucas,Beatriz,Gabriel,Juliana,Rafael,Larissa,Thiago,Camila,Mateus,Fernanda,Gustavo"),
           _t("Silva,Santos,Oliveira,Souza,Rodrigues,Ferreira,Alves,Pereira,Lima,Gomes,Costa,Ribeiro,Martins,Carvalho,da Silva"),
           _t("uol.com.br,bol.com.br,terra.com.br,gmail.com,hotmail.com"), ("br_cpf", "br_cnpj"), "BR"),
    Locale("en_IN", "en", "IN", _t("Aarav,Priya,Vivaan,Ananya,Arjun,Diya,Rohan,Isha,Karan,Meera,Aditya,Kavya,Vikram,Neha,Sanjay"),
           _t("Sharma,Verma,Gupta,Patel,Reddy,Iyer,Nair,Singh,Kumar,Das,Mehta,Joshi,Rao,Banerjee,Chatterjee"),
           _t("gmail.com,rediffmail.com,yahoo.co.in,outlook.com"), ("in_aadhaar", "in_pan"), "GB"),
)  # fmt: skip

# Countries that appear in English HR records: (country, national ID type, label, phone region, first, last)
_HR = (
    ("Belgium", "be_national_number", "Rijksregisternummer", "BE", "Lotte", "Peeters"),
    ("Poland", "pl_pesel", "PESEL", "PL", "Katarzyna", "Kowalska"),
    ("Sweden", "se_personnummer", "Personnummer", "SE", "Ingrid", "Lindqvist"),
    ("Canada", "ca_sin", "SIN", "CA", "Liam", "Tremblay"),
    ("Australia", "au_tfn", "Tax File Number", "AU", "Chloe", "Nguyen"),
    ("Singapore", "sg_nric", "NRIC", "SG", "Wei Ling", "Tan"),
    ("South Africa", "za_id_number", "SA ID number", "ZA", "Thabo", "Nkosi"),
    ("Denmark", "dk_cpr", "CPR-nr", "DK", "Freja", "Nielsen"),
    ("Finland", "fi_hetu", "Henkilötunnus", "FI", "Aino", "Virtanen"),
    ("Norway", "no_fodselsnummer", "Fødselsnummer", "NO", "Sindre", "Hansen"),
    ("Portugal", "pt_nif", "NIF", "PT", "Inês", "Ferreira"),
    ("Switzerland", "ch_ahv", "AHV-Nr.", "CH", "Luca", "Brunner"),
    ("Austria", "at_svnr", "Sozialversicherungsnummer", "AT", "Valentina", "Gruber"),
)

ID_MAKERS: dict[str, Callable[[random.Random], str]] = {
    "us_ssn": us_ssn, "us_itin": us_itin, "uk_nino": uk_nino, "de_steuer_id": de_steuer_id, "fr_nir": fr_nir,
    "es_dni": es_dni, "es_nie": es_nie, "it_codice_fiscale": it_codice_fiscale, "nl_bsn": nl_bsn,
    "be_national_number": be_national_number, "pl_pesel": pl_pesel, "se_personnummer": se_personnummer,
    "in_aadhaar": in_aadhaar, "in_pan": in_pan, "br_cpf": br_cpf, "br_cnpj": br_cnpj, "ca_sin": ca_sin,
    "au_tfn": au_tfn, "sg_nric": sg_nric, "za_id_number": za_id_number, "dk_cpr": dk_cpr, "fi_hetu": fi_hetu,
    "no_fodselsnummer": no_fodselsnummer, "pt_nif": pt_nif, "ch_ahv": ch_ahv, "at_svnr": at_svnr,
}  # fmt: skip

# How each ID is labelled in running text (the words a reader would expect).
ID_LABELS: dict[str, tuple[str, ...]] = {
    "us_ssn": ("SSN", "Social Security Number", "social security no."), "us_itin": ("ITIN", "taxpayer ID (ITIN)"),
    "uk_nino": ("NI number", "National Insurance number", "NINO"),
    "de_steuer_id": ("Steuer-ID", "Steueridentifikationsnummer", "steuerliche Identifikationsnummer"),
    "fr_nir": ("numéro de sécurité sociale", "N° de sécurité sociale", "NIR"), "es_dni": ("DNI", "NIF"),
    "es_nie": ("NIE", "número de NIE"), "it_codice_fiscale": ("codice fiscale", "C.F.", "Codice Fiscale"),
    "nl_bsn": ("BSN", "burgerservicenummer"), "in_aadhaar": ("Aadhaar", "Aadhaar no.", "aadhaar number"),
    "in_pan": ("PAN", "PAN card"), "br_cpf": ("CPF", "CPF nº"), "br_cnpj": ("CNPJ",),
}  # fmt: skip


def person(rng: random.Random, loc: Locale) -> tuple[str, str, str]:
    first, last = rng.choice(loc.first), rng.choice(loc.last)
    if loc.lang == "es" and rng.random() < 0.4:
        last = f"{last} {rng.choice(loc.last)}"
    return first, last, f"{first} {last}"


def _ascii(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if c.isascii()).lower()


def email_for(rng: random.Random, loc: Locale, first: str, last: str) -> str:
    f, la = _ascii(first).replace(" ", ""), _ascii(last).replace(" ", "").replace("'", "")
    local = rng.choice([f"{f}.{la}", f"{f}{la}{rng.randint(1, 99)}", f"{f[0]}.{la}", f"{f}_{la}", f"{la}.{f}", f"{f}.{la}+shop"])
    return f"{local}@{rng.choice(loc.mail)}"


_US_STREETS = _t("Maple,Oak,Cedar,Washington,Lincoln,Park,Lake,Hill,Sunset,Elm,Pine,Main,Church,Highland,Willow,Jefferson")
_US_SUFFIX = _t("St,Street,Ave,Avenue,Rd,Road,Blvd,Dr,Drive,Ln,Lane,Ct,Way,Pl")
_US_CITIES = (("Springfield", "IL", "62704"), ("Austin", "TX", "78701"), ("Portland", "OR", "97205"), ("Denver", "CO", "80202"),
              ("Columbus", "OH", "43215"), ("Raleigh", "NC", "27601"), ("Madison", "WI", "53703"), ("Boise", "ID", "83702"),
              ("Tucson", "AZ", "85701"), ("Albany", "NY", "12207"))  # fmt: skip
_GB = (("Kingsley Road", "Leeds", "LS6 2AB"), ("Albert Street", "Glasgow", "G3 7PN"), ("Orchard Close", "Bristol", "BS9 4HX"),
       ("Victoria Road", "Manchester", "M14 5RT"), ("Church Lane", "Norwich", "NR4 7TJ"), ("Park Avenue", "Cardiff", "CF23 9AB"),
       ("Mill Lane", "York", "YO31 8JG"), ("Station Road", "Reading", "RG1 1LX"))  # fmt: skip
_DE = (("Musterstraße", "10115", "Berlin"), ("Hauptstraße", "69117", "Heidelberg"), ("Lindenallee", "50968", "Köln"),
       ("Goethestraße", "80336", "München"), ("Am Lindenhof", "28195", "Bremen"), ("Leipziger Str.", "60487", "Frankfurt am Main"),
       ("Schillerweg", "04109", "Leipzig"), ("Berliner Straße", "20095", "Hamburg"), ("Rosenweg", "70173", "Stuttgart"))  # fmt: skip
_FR = (("rue de la Paix", "75002", "Paris"), ("avenue Victor Hugo", "69006", "Lyon"), ("boulevard Saint-Michel", "75005", "Paris"),
       ("rue des Lilas", "33000", "Bordeaux"), ("place Bellecour", "69002", "Lyon"), ("chemin des Vignes", "13100", "Aix-en-Provence"),
       ("allée des Tilleuls", "44000", "Nantes"), ("rue du Faubourg Saint-Honoré", "75008", "Paris"), ("impasse Mozart", "31000", "Toulouse"))  # fmt: skip
_ES = (("Calle Mayor", "28013", "Madrid"), ("C/ de Alcalá", "28014", "Madrid"), ("Avenida de la Constitución", "41001", "Sevilla"),
       ("Carrer de Balmes", "08007", "Barcelona"), ("Paseo de Gracia", "08008", "Barcelona"), ("Calle del Sol", "46001", "Valencia"),
       ("Plaza de España", "50001", "Zaragoza"), ("Calle de Colón", "46004", "Valencia"))  # fmt: skip
_IT = (("Via Roma", "00184", "Roma"), ("Via Giuseppe Garibaldi", "10122", "Torino"), ("Corso Vittorio Emanuele", "20122", "Milano"),
       ("Via dei Mille", "80121", "Napoli"), ("Piazza San Marco", "30124", "Venezia"), ("Viale Europa", "50126", "Firenze"),
       ("Via XX Settembre", "16121", "Genova"), ("Largo Augusto", "20122", "Milano"))  # fmt: skip
_NL = (("Keizersgracht", "1015 CJ", "Amsterdam"), ("Dorpsstraat", "3451 BK", "Vleuten"), ("Stationsweg", "2312 AV", "Leiden"),
       ("Oudegracht", "3511 AP", "Utrecht"), ("Kerklaan", "9751 NN", "Haren"), ("Molenweg", "6612 AE", "Nederasselt"),
       ("Prinsengracht", "1016 HK", "Amsterdam"), ("Coolsingel", "3011 AD", "Rotterdam"))  # fmt: skip
_BR = (("Rua Augusta", "Consolação", "São Paulo", "SP", "01304-001"), ("Av. Paulista", "Bela Vista", "São Paulo", "SP", "01310-200"),
       ("Rua das Flores", "Centro", "Curitiba", "PR", "80020-090"), ("Avenida Atlântica", "Copacabana", "Rio de Janeiro", "RJ", "22021-001"),
       ("Rua da Bahia", "Lourdes", "Belo Horizonte", "MG", "30160-011"), ("Travessa do Carmo", "Cidade Baixa", "Porto Alegre", "RS", "90050-210"))  # fmt: skip


def address(rng: random.Random, loc: Locale) -> str:
    number = rng.randint(1, 250)
    short = rng.random() < 0.2  # street line only, as in "I live at ..."
    if loc.region == "US":
        city, state, zipcode = rng.choice(_US_CITIES)
        street = f"{rng.randint(10, 9999)} {rng.choice(['', 'N ', 'W '])}{rng.choice(_US_STREETS)} {rng.choice(_US_SUFFIX)}"
        apt = rng.choice(["", "", f", Apt {rng.randint(1, 30)}{rng.choice('ABC')}", f" Suite {rng.randint(100, 900)}"])
        return street if short else f"{street}{apt}, {city}, {state} {zipcode}"
    if loc.region == "GB" or loc.code == "en_IN":
        street, town, postcode = rng.choice(_GB)
        return f"{number} {street}, {town} {postcode}"
    if loc.lang == "de":
        street, plz, city = rng.choice(_DE)
        house = f"{number}{rng.choice(['', '', 'a', 'b'])}"
        return f"{street} {house}" if short else f"{street} {house}, {plz} {city}"
    if loc.lang == "fr":
        street, cp, city = rng.choice(_FR)
        comma = "," if rng.random() < 0.4 else ""
        return f"{number} {street}" if short else f"{number}{rng.choice(['', '', ' bis'])}{comma} {street}, {cp} {city}"
    if loc.lang == "es":
        street, cp, city = rng.choice(_ES)
        floor = rng.choice(["", f", {rng.randint(1, 9)}º {rng.choice('ABCD')}"])
        return f"{street} {number}" if short else f"{street} {number}{floor}, {cp} {city}"
    if loc.lang == "it":
        street, cap, city = rng.choice(_IT)
        return f"{street} {number}" if short else f"{street} {number}, {cap} {city}"
    if loc.lang == "nl":
        street, postcode, city = rng.choice(_NL)
        return f"{street} {number}" if short else f"{street} {number}{rng.choice(['', '', 'A', '-2'])}, {postcode} {city}"
    street, hood, city, uf, cep = rng.choice(_BR)
    return f"{street}, {number}" if short else f"{street}, {number} - {hood}, {city} - {uf}, {cep}"


_MONTH_NAMES = {
    "en": _t("January,February,March,April,May,June,July,August,September,October,November,December"),
    "de": _t("Januar,Februar,März,April,Mai,Juni,Juli,August,September,Oktober,November,Dezember"),
    "fr": _t("janvier,février,mars,avril,mai,juin,juillet,août,septembre,octobre,novembre,décembre"),
    "es": _t("enero,febrero,marzo,abril,mayo,junio,julio,agosto,septiembre,octubre,noviembre,diciembre"),
    "it": _t("gennaio,febbraio,marzo,aprile,maggio,giugno,luglio,agosto,settembre,ottobre,novembre,dicembre"),
    "nl": _t("januari,februari,maart,april,mei,juni,juli,augustus,september,oktober,november,december"),
    "pt": _t("janeiro,fevereiro,março,abril,maio,junho,julho,agosto,setembro,outubro,novembro,dezembro"),
}


def birth_date(rng: random.Random, loc: Locale) -> str:
    year, month, day = _birth(rng)
    style = rng.random()
    if style < 0.15:
        return f"{year}-{month:02d}-{day:02d}"
    if style < 0.45:
        name = _MONTH_NAMES[loc.lang][month - 1]
        if loc.region == "US":
            return f"{name} {day}, {year}"
        return {"de": f"{day}. {name} {year}", "es": f"{day} de {name} de {year}", "pt": f"{day} de {name} de {year}"}.get(
            loc.lang, f"{day} {name} {year}"
        )
    if loc.region == "US":
        return f"{month:02d}/{day:02d}/{year}"
    separator = {"de": ".", "nl": "-"}.get(loc.lang, "/")
    return f"{day:02d}{separator}{month:02d}{separator}{year}"


def passport(rng: random.Random, loc: Locale) -> str:
    return {
        "US": lambda: str(rng.randint(5, 6)) + digits(rng, 8), "GB": lambda: digits(rng, 9),
        "DE": lambda: rng.choice("CFGHJK") + _mixed(rng, 8, "CFGHJKLMNPRTVWXYZ"),
        "FR": lambda: digits(rng, 2) + letters(rng, 2) + digits(rng, 5), "ES": lambda: letters(rng, 3) + digits(rng, 6),
        "IT": lambda: letters(rng, 2) + digits(rng, 7), "NL": lambda: letters(rng, 2) + _mixed(rng, 6, "ABCDEFGHJKLMNPRSTUVWXYZ") + digits(rng, 1),
        "BR": lambda: letters(rng, 2) + digits(rng, 6), "IN": lambda: letters(rng, 1) + digits(rng, 7),
    }[loc.region if loc.code != "en_IN" else "IN"]()  # fmt: skip


def _mixed(rng: random.Random, count: int, alphabet: str) -> str:
    """Letters and digits as document numbers use them: about half digits."""
    return "".join(rng.choice(alphabet) if rng.random() < 0.5 else rng.choice(DIGITS) for _ in range(count))


def licence(rng: random.Random, loc: Locale) -> str:
    return {
        "US": lambda: rng.choice([letters(rng, 1) + digits(rng, 7), f"{digits(rng, 3)} {digits(rng, 3)} {digits(rng, 3)}",
                                  f"{letters(rng, 1)}{digits(rng, 3)}-{digits(rng, 3)}-{digits(rng, 2)}-{digits(rng, 3)}-{digits(rng, 1)}"]),
        "GB": lambda: letters(rng, 5) + digits(rng, 6) + letters(rng, 2) + digits(rng, 1) + letters(rng, 2),
        "DE": lambda: letters(rng, 1) + digits(rng, 3) + letters(rng, 4, UPPER + DIGITS) + digits(rng, 2) + letters(rng, 1, UPPER + DIGITS),
        "FR": lambda: digits(rng, 12), "ES": lambda: es_dni(rng).replace("-", ""), "IT": lambda: letters(rng, 2) + digits(rng, 7) + letters(rng, 1),
        "NL": lambda: digits(rng, 10), "BR": lambda: digits(rng, 11), "IN": lambda: letters(rng, 2) + digits(rng, 13),
    }[loc.region if loc.code != "en_IN" else "IN"]()  # fmt: skip


# -- templates ----------------------------------------------------------------------------
# {slot} inserts a labeled value, {~slot} an unlabeled hard negative. The same slot name
# in one template is the same value (a person's name in the header and the sign-off).

TEMPLATES: dict[str, tuple[str, ...]] = {
    "en": (
        "Contact sheet\nEmail: {email}\nAlt: {agent_email}\nTel: {phone}\nFax: {phone2}\nOrder no: {~order}\nPIN reset {~ts}",
        '{"customer": {"full_name": "{name}", "email": "{email}", "phone": "{phone}", "card": "{card}"}, '
        '"order": "{~order}", "created": "{~ts}"}',
        '{ip} - - [{~clf}] "GET /account/settings HTTP/1.1" 200 5123 "-" "Mozilla/5.0"\n'
        '{~private_ip} - - [{~clf}] "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.29"',
        "conn from {ipfour}:{~port} to {~private_ip}:443 closed after {~num}ms (client version {~version})",
        "listener accepted [{ipsix}]:{~port} (tls {~version})",
        "X-Forwarded-For: {ip}, {~private_ip}\nUser-Agent: Mozilla/5.0 (build {~version})\nX-Request-Id: {~uuid}",
        "Can you summarise this thread? {name} wrote on {~date}: 'please call me back on {phone}, "
        "my order {~order} never arrived'.",
        "Hi {first},\nthanks for the call. I've noted your new address ({address}) and card {card}; "
        "the old one {~bad_card} is blocked.\nCheers,\n{agent}",
        "Wire details - beneficiary: {name}, IBAN: {iban}, BIC: {bic}. Amount {~amount} USD. "
        "Do not confuse with our test account {~bad_iban}.",
        "KYC check for {name}: {nid_label} {nid}, phone {phone}, verified on {~date}.",
        "Subject: Refund request for order {~order}\nFrom: {name} <{email}>\n\nHi,\nmy card {card} was charged twice on {~date}. "
        "You can reach me at {phone}.\n\nThanks,\n{name}",
        "id,name,email,phone,city,signup\n{~num},{name},{email},{phone},{~city},{~ts}\n{~num2},{agent},{agent_email},{phone2},{~city},{~ts}",
        "hey! I'm {first}. my email is {email} and my number is {phone}, text me whenever",
        "Full name: {name}\nDate of birth: {dob}\n{nid_label}: {nid}\nAddress: {address}\nPhone: {phone}",
        "Please wire the deposit to IBAN {iban} (BIC: {bic}), reference invoice {~invoice}. Do not use {~bad_iban}, that account is closed.",
        "Passenger: {name}\nPassport number: {passport}\nDOB {dob}\nBooking ref {~order}, seat 14C",
        "Dear {title} {last},\n\nyour appointment on {~date} is confirmed. If you need to reschedule, call us on {phone2}.\n\nKind regards,\n{agent}\nPatient Services",
        "Customer {name} ({email}) says the payout should go to {btc} — or ETH {eth} if BTC is down.",
        "{~ts} WARN auth: failed login for {email} from {ip} (session {~uuid}, build {~version})",
        "Driver's license: {dl}\nName: {name}\nDOB: {dob}",
        "Ticket #{~num}: {name} reports the router ({mac}) drops offline. Public IP {ip}, LAN {~private_ip}. Test card {~test_card} works in sandbox.",
        "My name is {name} and I live at {address}. My {nid_label} is {nid}.",
        "Release notes v{~version}: contact {~doc_email} for help, deploy from {~git}, bump {~pkg}. Tracking {~tracking}, sha {~sha}.",
        "From: {name} <{email}>\nTo: {support_email}\n\nHello,\nthe card ending in {~lastfour} was declined; the full number is {card}. Billing address: {address}.\n\nBest regards,\n{name}",
    ),
    "de": (
        "KYC-Prüfung für {name}: {nid_label} {nid}, Telefon {phone}, geprüft am {~date}.",
        "Betreff: Rückerstattung Bestellung {~order}\nVon: {name} <{email}>\n\nHallo,\nmeine Karte {card} wurde am {~date} doppelt belastet. "
        "Sie erreichen mich unter {phone}.\n\nMit freundlichen Grüßen\n{name}",
        "Kundennr;Name;E-Mail;Telefon;Ort\n{~num};{name};{email};{phone};{~city}\n{~num2};{agent};{agent_email};{phone2};{~city}",
        "Hallo, ich heiße {name}. Meine Handynummer ist {phone}, E-Mail {email}.",
        "Vor- und Nachname: {name}\nGeburtsdatum: {dob}\n{nid_label}: {nid}\nAnschrift: {address}",
        "Bitte überweisen Sie den Betrag auf {iban} (BIC {bic}), Verwendungszweck Rechnung {~invoice}. Die alte IBAN {~bad_iban} ist gekündigt.",
        "Sehr geehrte{title_de} {last},\n\nIhr Termin am {~date} ist bestätigt. Rückfragen gern unter {phone2}.\n\nViele Grüße\n{agent}",
        "Reisepassnummer {passport}, ausgestellt für {name}, geboren am {dob}.",
        "{~ts} ERROR login fehlgeschlagen für {email} von {ip}, Version {~version}",
        "Führerscheinnummer: {dl}\nFahrer: {name}",
        "Lieferadresse: {address}\nEmpfänger: {name}\nTelefon: {phone}\nSendungsnummer {~tracking}",
        "Frau {last} hat angerufen ({phone}), es geht um die Bestellung {~order} vom {~date}.",
    ),
    "fr": (
        "Vérification KYC pour {name} : {nid_label} {nid}, téléphone {phone}, vérifié le {~date}.",
        "Objet : remboursement commande {~order}\nDe : {name} <{email}>\n\nBonjour,\nma carte {card} a été débitée deux fois le {~date}. "
        "Vous pouvez me joindre au {phone}.\n\nCordialement,\n{name}",
        "id;nom;courriel;téléphone;ville\n{~num};{name};{email};{phone};{~city}\n{~num2};{agent};{agent_email};{phone2};{~city}",
        "Bonjour, je m'appelle {name}, mon portable est le {phone} et mon adresse mail {email}.",
        "Nom complet : {name}\nDate de naissance : {dob}\n{nid_label} : {nid}\nAdresse : {address}",
        "Merci de faire le virement sur l'IBAN {iban}, code BIC {bic}, référence facture {~invoice}. L'ancien compte {~bad_iban} est clôturé.",
        "Bonjour {title_fr} {last},\n\nvotre rendez-vous du {~date} est confirmé. Pour toute question : {phone2}.\n\nBien cordialement,\n{agent}",
        "Numéro de passeport : {passport}, titulaire {name}, née le {dob}.",
        "{~ts} échec de connexion pour {email} depuis {ip} (version {~version})",
        "Permis de conduire n° {dl} au nom de {name}.",
        "Adresse de livraison : {address}\nDestinataire : {name}\nTél : {phone}\nSuivi colis {~tracking}",
    ),
    "es": (
        "Verificación KYC de {name}: {nid_label} {nid}, teléfono {phone}, verificado el {~date}.",
        "Asunto: reembolso del pedido {~order}\nDe: {name} <{email}>\n\nHola,\nme han cobrado dos veces en la tarjeta {card} el {~date}. "
        "Mi teléfono es {phone}.\n\nUn saludo,\n{name}",
        "id;nombre;correo;teléfono;ciudad\n{~num};{name};{email};{phone};{~city}\n{~num2};{agent};{agent_email};{phone2};{~city}",
        "Hola, me llamo {name}. Mi móvil es {phone} y mi correo {email}.",
        "Nombre completo: {name}\nFecha de nacimiento: {dob}\n{nid_label}: {nid}\nDirección: {address}",
        "Por favor, haga la transferencia a {iban} (código BIC {bic}), concepto factura {~invoice}. La cuenta {~bad_iban} ya no existe.",
        "Estimado {title_es} {last}:\n\nsu cita del {~date} está confirmada. Para cambios llame al {phone2}.\n\nAtentamente,\n{agent}",
        "Número de pasaporte: {passport}, titular {name}, fecha de nacimiento {dob}.",
        "{~ts} fallo de inicio de sesión para {email} desde {ip}, versión {~version}",
        "Permiso de conducir: {dl}\nConductor: {name}",
        "Dirección de envío: {address}\nDestinatario: {name}\nTeléfono: {phone}\nSeguimiento {~tracking}",
    ),
    "it": (
        "Verifica KYC per {name}: {nid_label} {nid}, telefono {phone}, verificato il {~date}.",
        "Oggetto: rimborso ordine {~order}\nDa: {name} <{email}>\n\nBuongiorno,\nla mia carta {card} è stata addebitata due volte il {~date}. "
        "Potete chiamarmi al {phone}.\n\nCordiali saluti,\n{name}",
        "id;nome;email;telefono;città\n{~num};{name};{email};{phone};{~city}\n{~num2};{agent};{agent_email};{phone2};{~city}",
        "Ciao, mi chiamo {name}, il mio cellulare è {phone} e la mail {email}.",
        "Nome e cognome: {name}\nData di nascita: {dob}\n{nid_label}: {nid}\nIndirizzo: {address}",
        "Effettuare il bonifico su {iban} (BIC {bic}), causale fattura {~invoice}. Il vecchio conto {~bad_iban} è chiuso.",
        "Gentile {title_it} {last},\n\nil suo appuntamento del {~date} è confermato. Per informazioni: {phone2}.\n\nCordiali saluti,\n{agent}",
        "Numero di passaporto: {passport}, intestato a {name}, nato il {dob}.",
        "{~ts} accesso fallito per {email} da {ip}, versione {~version}",
        "Patente di guida n. {dl}, titolare {name}.",
        "Indirizzo di spedizione: {address}\nDestinatario: {name}\nTelefono: {phone}\nTracking {~tracking}",
    ),
    "nl": (
        "KYC-controle voor {name}: {nid_label} {nid}, telefoon {phone}, gecontroleerd op {~date}.",
        "Onderwerp: terugbetaling bestelling {~order}\nVan: {name} <{email}>\n\nBeste,\nmijn kaart {card} is op {~date} twee keer belast. "
        "U kunt mij bellen op {phone}.\n\nMet vriendelijke groet,\n{name}",
        "id;naam;e-mail;telefoon;plaats\n{~num};{name};{email};{phone};{~city}\n{~num2};{agent};{agent_email};{phone2};{~city}",
        "Hoi, mijn naam is {name}. Mijn mobiel is {phone} en mijn mail {email}.",
        "Volledige naam: {name}\nGeboortedatum: {dob}\n{nid_label}: {nid}\nAdres: {address}",
        "Graag overmaken naar {iban} (BIC {bic}) o.v.v. factuur {~invoice}. Rekening {~bad_iban} is opgeheven.",
        "Geachte {title_nl} {last},\n\nuw afspraak op {~date} is bevestigd. Vragen? Bel {phone2}.\n\nMet vriendelijke groet,\n{agent}",
        "Paspoortnummer: {passport}, houder {name}, geboren op {dob}.",
        "{~ts} inloggen mislukt voor {email} vanaf {ip}, versie {~version}",
        "Rijbewijsnummer {dl} staat op naam van {name}.",
        "Bezorgadres: {address}\nOntvanger: {name}\nTelefoon: {phone}\nTrack & trace {~tracking}",
    ),
    "pt": (
        "Verificação KYC de {name}: {nid_label} {nid}, telefone {phone}, verificado em {~date}.",
        "Assunto: reembolso do pedido {~order}\nDe: {name} <{email}>\n\nOlá,\nmeu cartão {card} foi cobrado duas vezes em {~date}. "
        "Meu celular é {phone}.\n\nAtenciosamente,\n{name}",
        "id;nome;email;telefone;cidade\n{~num};{name};{email};{phone};{~city}\n{~num2};{agent};{agent_email};{phone2};{~city}",
        "Oi, meu nome é {name}. Meu WhatsApp é {phone} e meu email {email}.",
        "Nome completo: {name}\nData de nascimento: {dob}\n{nid_label}: {nid}\nEndereço: {address}",
        "Favor transferir para {iban} (código SWIFT {bic}), referente à fatura {~invoice}. A conta {~bad_iban} foi encerrada.",
        "Prezada {title_pt} {last},\n\nsua consulta em {~date} está confirmada. Dúvidas: {phone2}.\n\nAtenciosamente,\n{agent}",
        "Número do passaporte: {passport}, titular {name}, data de nascimento {dob}.",
        "{~ts} falha de login para {email} a partir de {ip}, versão {~version}",
        "Carteira de motorista (CNH) {dl}, condutor {name}.",
        "Endereço de entrega: {address}\nDestinatário: {name}\nTelefone: {phone}\nRastreio {~tracking}",
    ),
}

HR_TEMPLATE = (
    "Employee record\nName: {name}\nCountry: {~country}\n{nid_label}: {nid}\nMobile: {phone}\nEmail: {email}\nStart date: {~date}"
)

NEGATIVE_TEMPLATES = (
    "Build {~version} finished at {~ts}; artifact sha256 {~sha}; request id {~uuid}.",
    "Order {~order} shipped {~date}, tracking {~tracking}. Questions: {~doc_email}.",
    "Stripe test cards: {~test_card} and {~test_card2}; invalid: {~bad_card}.",
    "upstream {~private_ip}:8080 healthy; docs example client 203.0.113.{~octet}; upgraded to version 1.2.3.4",
    "git remote add origin {~git} && npm install {~pkg}",
    "Invoice {~invoice} total {~amount} EUR due {~date}; IBAN on file {~bad_iban} (rejected: bad checksum)",
    "SNMP OID 1.3.6.1.4.1.{~num} timestamp {~ts} counter {~num2}",
    "Call sheet rev {~version}: 14 pages, 2 scenes, 612 34 56 78 frames rendered",
    "Product EAN {~ean}, ISBN {~isbn}, SKU {~sku}, weight 1.250 kg, price 1 234,56 EUR",
    "Dear Sir or Madam,\n\nplease find the report for Q{~quarter} attached.\n\nRegards,\nThe Team",
    "Hi all,\nName: N/A\nPhone: TBD\nEmail: {~doc_email}\nI'm Available on Monday.\n\nThanks,\nCustomer Support",
    "coords 52.5200, 13.4050; netmask 255.255.255.0; gateway {~private_ip}; ports 8080-8090; pid {~num}",
    "deploy {~sha} to prod at {~ts} by ci-bot; image registry.example.com/app@sha256:{~sha2}",
    "Reference: order {~order}, customer id {~num}, case #{~num2}, RMA {~sku}",
    "Sent from noreply@{~shopdomain} on {~ts}; unsubscribe at https://{~shopdomain}/u/{~uuid}",
)

_TITLES = {"title": ("Mr.", "Mrs.", "Ms.", "Dr."), "title_de": ("r Herr", " Frau"), "title_fr": ("Monsieur", "Madame", "M.", "Mme"),
           "title_es": ("Sr.", "señor"), "title_it": ("Sig.", "dott."), "title_nl": ("heer", "mevrouw"), "title_pt": ("Sra.", "senhora")}  # fmt: skip
_CITIES = ("Springfield", "Leeds", "Berlin", "Lyon", "Sevilla", "Torino", "Utrecht", "Curitiba", "Pune")
_SLOT = re.compile(r"\{(~?)([a-z_]+?)(\d?)\}")


@dataclass(frozen=True)
class _Value:
    text: str
    type: str | None  # None: a hard negative, not labeled


class _Resolver:
    """Produces slot values for one document (same slot name, same value)."""

    def __init__(self, rng: random.Random, loc: Locale, nid_type: str, nid_label: str, phone_region: str) -> None:
        self.rng, self.loc = rng, loc
        self.nid_type, self.nid_label, self.phone_region = nid_type, nid_label, phone_region
        self.people = [person(rng, loc), person(rng, loc)]
        self.cache: dict[str, _Value] = {}

    def get(self, negative: bool, name: str, index: str) -> _Value:
        key = f"{'~' if negative else ''}{name}{index}"
        if key not in self.cache:
            self.cache[key] = self._negative(name) if negative else self._positive(name)
        return self.cache[key]

    def _positive(self, name: str) -> _Value:
        rng, loc = self.rng, self.loc
        first, last, full = self.people[0]
        a_first, a_last, a_full = self.people[1]
        if name in _TITLES:
            return _Value(rng.choice(_TITLES[name]), None)
        simple: dict[str, tuple[Callable[[], str], str | None]] = {
            "name": (lambda: full, "person"), "first": (lambda: first, "person"), "last": (lambda: last, "person"),
            "agent": (lambda: a_full, "person"), "email": (lambda: email_for(rng, loc, first, last), "email"),
            "agent_email": (lambda: email_for(rng, loc, a_first, a_last), "email"),
            "phone": (lambda: phone(rng, self.phone_region), "phone_number"), "card": (lambda: card(rng), "credit_card"),
            "iban": (lambda: iban(rng, loc.iban), "iban"), "bic": (lambda: rng.choice(_BICS[loc.iban]), "swift_bic"),
            "nid": (lambda: ID_MAKERS[self.nid_type](rng), self.nid_type), "nid_label": (lambda: self.nid_label, None),
            "ip": (lambda: public_ipv4(rng) if rng.random() < 0.75 else public_ipv6(rng), "ip_address"),
            "ipfour": (lambda: public_ipv4(rng), "ip_address"), "ipsix": (lambda: public_ipv6(rng), "ip_address"),
            "mac": (lambda: mac_address(rng), "mac_address"), "btc": (lambda: btc_address(rng), "crypto_wallet"),
            "eth": (lambda: eth_address(rng), "crypto_wallet"), "address": (lambda: address(rng, loc), "street_address"),
            "dob": (lambda: birth_date(rng, loc), "date_of_birth"), "passport": (lambda: passport(rng, loc), "passport_number"),
            "dl": (lambda: licence(rng, loc), "drivers_license"),
            "support_email": (lambda: rng.choice(["support@shopwise.io", "help@acme-store.com"]), "email"),
        }  # fmt: skip
        make, type_ = simple[name]
        return _Value(make(), type_)

    def _negative(self, name: str) -> _Value:
        rng = self.rng
        makers: dict[str, Callable[[], str]] = {
            "order": lambda: order_id(rng), "ts": lambda: timestamp(rng), "version": lambda: version(rng),
            "doc_email": lambda: doc_email(rng), "private_ip": lambda: private_ip(rng), "bad_card": lambda: bad_card(rng),
            "uuid": lambda: uuid(rng), "sha": lambda: sha(rng), "test_card": lambda: test_card(rng),
            "tracking": lambda: tracking(rng), "git": lambda: git_remote(rng), "pkg": lambda: package_spec(rng),
            "date": lambda: f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(2022, 2025)}",
            "bad_iban": lambda: iban_invalid(rng, self.loc.iban), "amount": lambda: f"{rng.randint(10, 9999)}.{rng.randint(0, 99):02d}",
            "num": lambda: str(rng.randint(10_000, 99_999_999)), "city": lambda: rng.choice(_CITIES),
            "invoice": lambda: f"INV-{rng.randint(2021, 2025)}-{rng.randint(1, 99999):05d}", "lastfour": lambda: digits(rng, 4),
            "octet": lambda: str(rng.randint(1, 254)),
            "country": lambda: self.phone_region, "ean": lambda: _ean(rng), "isbn": lambda: _isbn(rng),
            "sku": lambda: f"SKU-{rng.randint(10000, 99999)}-{rng.randint(100, 999)}", "quarter": lambda: str(rng.randint(1, 4)),
            "port": lambda: str(rng.randint(1024, 65535)),
            "clf": lambda: f"{rng.randint(1, 28):02d}/Mar/2024:{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:07 +0000",
            "shopdomain": lambda: rng.choice(["shopwise.io", "acme-store.com", "mailer.bigshop.de"]),
        }  # fmt: skip
        return _Value(makers[name](), None)


_BICS = {"DE": ("COBADEFFXXX", "DEUTDEFF", "GENODEF1S10"), "GB": ("BARCGB22", "NWBKGB2L"), "FR": ("BNPAFRPPXXX", "AGRIFRPP"),
         "ES": ("CAIXESBBXXX", "BSCHESMM"), "IT": ("UNCRITMM", "BCITITMM"), "NL": ("INGBNL2A", "RABONL2U"), "BR": ("BRASBRRJ", "ITAUBRSP")}  # fmt: skip


def _render(template: str, resolver: _Resolver) -> tuple[str, list[dict[str, object]]]:
    parts: list[str] = []
    labels: list[dict[str, object]] = []
    length = pos = 0
    for match in _SLOT.finditer(template):
        literal = template[pos : match.start()]
        parts.append(literal)
        length += len(literal)
        value = resolver.get(match.group(1) == "~", match.group(2), match.group(3))
        if value.type is not None:
            labels.append({"start": length, "end": length + len(value.text), "type": value.type, "kind": "pii"})
        parts.append(value.text)
        length += len(value.text)
        pos = match.end()
    parts.append(template[pos:])
    return "".join(parts), labels


def documents(seed: int = 1, count: int = 720) -> Iterator[dict[str, object]]:
    """``count`` labeled documents, the same for the same seed."""
    rng = random.Random(seed)
    for index in range(count):
        slot = index % (len(LOCALES) + 2)
        if slot < len(LOCALES):
            loc = LOCALES[slot]
            nid_type = rng.choice(loc.ids)
            template = rng.choice(TEMPLATES[loc.lang])
            resolver = _Resolver(rng, loc, nid_type, rng.choice(ID_LABELS[nid_type]), loc.region)
            name = f"pii-{index:05d}-{loc.code}"
        elif slot == len(LOCALES):
            country, nid_type, label, region, first, last = rng.choice(_HR)
            loc = LOCALES[0]
            resolver = _Resolver(rng, loc, nid_type, label, region)
            resolver.people[0] = (first, last, f"{first} {last}")
            resolver.cache["~country"] = _Value(country, None)
            template, name = HR_TEMPLATE, f"pii-{index:05d}-hr-{region.lower()}"
        else:
            loc = rng.choice(LOCALES)
            resolver = _Resolver(rng, loc, loc.ids[0], "", loc.region)
            template, name = rng.choice(NEGATIVE_TEMPLATES), f"pii-{index:05d}-negative"
        text, labels = _render(template, resolver)
        yield {"id": name, "text": text, "labels": labels}
