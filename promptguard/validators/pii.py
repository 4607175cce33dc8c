"""Validators for personal data: phone numbers, payment cards, national IDs, network
and wallet addresses, e-mail, dates of birth, names.

Heavy libraries (phonenumbers, python-stdnum) are imported inside the functions that
need them, so importing this module (and building the validator registry) stays cheap
for a prompt hook that never meets a phone number.
"""

from __future__ import annotations

import importlib
import ipaddress
import re
from typing import TYPE_CHECKING

from promptguard.patterncache import static
from promptguard.validators import Validator, ValidatorContext, bech32

if TYPE_CHECKING:
    import datetime

# -- shared helpers -------------------------------------------------------------------

_NON_DIGIT = static(r"\D")


def _digits(value: str) -> str:
    return _NON_DIGIT.sub("", value)


def _before(ctx: ValidatorContext, width: int) -> str:
    return ctx.text[max(0, ctx.start - width) : ctx.start]


def _after(ctx: ValidatorContext, width: int) -> str:
    return ctx.text[ctx.end : ctx.end + width]


# -- e-mail ---------------------------------------------------------------------------

_DOC_DOMAINS = frozenset({"example.com", "example.org", "example.net", "localhost", "localdomain"})
_DOC_TLDS = frozenset({"example", "test", "invalid", "localhost", "local", "internal"})
_PLACEHOLDER_DOMAINS = frozenset(
    {"domain.com", "yourdomain.com", "your-domain.com", "mydomain.com", "yourcompany.com", "company.com", "email.com"}
)
# Image and code file extensions: `icon@2x.png` and `lib@1.2.js` are asset names.
_FILE_TLDS = frozenset({"png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "bmp", "tiff", "avif", "js", "css", "ts", "map"})
_GIT_HOSTS = static(r"(?:^|\.)(?:github\.com|gitlab\.com|bitbucket\.org|ssh\.dev\.azure\.com|vs-ssh\.visualstudio\.com)$")
# Service accounts and forge no-reply aliases: identities of machines or meant to be public.
_MACHINE_DOMAINS = (".gserviceaccount.com", "users.noreply.github.com", "noreply.gitlab.com")
_NOREPLY = static(r"^(?:no-?reply|do-?not-?reply|donotreply|mailer-daemon|postmaster|bounces?)(?:[+.-]|$)", re.I)
_URL_USERINFO = static(r"://[^\s/@]*:$")
_SCALE_FACTOR = static(r"\d(?:\.\d)?x")  # icon@2x.png, logo@1.5x.svg: asset names, not domains
_SCP_PATH_AFTER = static(r":(?!\d)[\w.~-]+/")  # user@host:path/ (scp), not a mailbox


def not_doc_email(value: str, ctx: ValidatorContext) -> float:
    """Reject documentation, asset and git-remote look-alikes; lower no-reply senders."""
    local, _, domain = value.rpartition("@")
    domain = domain.lower()
    tld = domain.rsplit(".", 1)[-1]
    if domain in _DOC_DOMAINS or tld in _DOC_TLDS or any(domain.endswith("." + d) for d in _DOC_DOMAINS):
        return 0
    if tld in _FILE_TLDS or _SCALE_FACTOR.fullmatch(domain.split(".", 1)[0]):
        return 0
    # git@github.com:org/repo and ssh://git@host/... are remotes, not mailboxes.
    if _GIT_HOSTS.search(domain) and (local.lower() == "git" or _after(ctx, 1) == ":"):
        return 0
    if _SCP_PATH_AFTER.match(_after(ctx, 64)):
        return 0
    # https://user:password@host is a credential URL, not an address.
    if _URL_USERINFO.search(_before(ctx, 256)):
        return 0
    if domain in _PLACEHOLDER_DOMAINS or domain.endswith(_MACHINE_DOMAINS):
        return 0.4
    if _NOREPLY.match(local):
        return 0.5
    return 1.0


# -- phone numbers --------------------------------------------------------------------

# Tried in order when the number has no country code and no region is configured.
_LIKELY_REGIONS = (
    "US", "GB", "DE", "FR", "ES", "IT", "NL", "BE", "AT", "CH", "PT", "BR", "IN", "AU", "CA",
    "MX", "IE", "SE", "NO", "DK", "FI", "PL", "CZ", "GR", "RO", "HU", "TR", "ZA", "SG", "NZ",
    "JP", "CN", "KR", "AR", "CO", "CL", "RU", "IL", "AE", "PH",
)  # fmt: skip
_DATE_LIKE = static(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)|^\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})(?!\d)|^\d{1,2}:\d{2}")
# Dotted quads are IPs; a single dot is a decimal number.
_DOTTED = static(r"^\d{1,3}(?:\.\d{1,3}){3}$|^\d+\.\d+$")
_VERSION_BEFORE = static(r"(?i)(?:\bv|\bversion|\bver\.?|\brelease|\bbuild|\brev\.?|\bsha)\s*[:=#]?\s*$")
# An identifier word right before the number: "Order #", "invoice no.", "ticket ID:".
_ID_BEFORE = static(
    r"(?i)\b(?:order|invoice|tracking|ticket|ref|reference|case|sku|serial|transaction|txn|po|account|acct|"
    r"customer\s*id|user\s*id|id|bestell\w*|rechnung\w*|auftrag\w*|kunden\w*|commande|facture|pedido|factura|"
    r"encomenda|fatura|ordine|fattura|bestelling|factuur|iban|bic|isbn|ean|upc|imei|zip|plz)"
    r"\s*(?:no\.?|nr\.?|nº|n°|num(?:ber)?|#|id)?[\s:#=.-]*$"
)


# The number continues an IBAN ("GB92 CFBX 0215 7257 5709 25").
_IBAN_BEFORE = static(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){0,7} ?$")


_LOCALE_SEPARATOR = static(r"[-_]")


def _region_hint(region: str | None) -> str | None:
    if not region:
        return None
    return _LOCALE_SEPARATOR.split(region)[-1].upper()[:2] or None


def _valid_phone(number: str, region: str | None) -> bool:
    import phonenumbers

    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return False
    return bool(phonenumbers.is_valid_number(parsed))


_PORT_AFTER = static(r":\d")


def phone(value: str, ctx: ValidatorContext) -> float:
    """A number phonenumbers accepts, that is not a date, IP, version or order number.

    National formats are tried in the configured region first, then in likely regions
    (a number valid only in a guessed region counts a little less).
    """
    digits = _digits(value)
    if not 7 <= len(digits) <= 15 or len(set(digits)) <= 2:
        return 0
    stripped = value.strip()
    if _DATE_LIKE.search(stripped) or _DOTTED.match(stripped):
        return 0
    if _VERSION_BEFORE.search(_before(ctx, 12)) or _ID_BEFORE.search(_before(ctx, 40)):
        return 0
    if _PORT_AFTER.match(_after(ctx, 2)) or _IBAN_BEFORE.search(_before(ctx, 40)):
        return 0  # the start of a time (2024 08:15) or the tail of an IBAN
    if stripped.startswith("00"):
        stripped = "+" + stripped[2:]
    elif stripped.startswith("(+"):  # (+34) 612 345 678
        stripped = stripped[1:]
    if stripped.startswith("+"):
        return 1.0 if _valid_phone(stripped, None) else 0
    hint = _region_hint(ctx.region)
    if hint and _valid_phone(stripped, hint):
        return 1.0
    if any(_valid_phone(stripped, region) for region in _LIKELY_REGIONS if region != hint):
        # Valid somewhere we guessed; a bare digit run is then as likely an ID.
        return 0.5 if stripped.isdigit() and not stripped.startswith("0") else 0.9
    return 0


# -- payment cards --------------------------------------------------------------------

_ANY = frozenset(range(12, 20))
_LONG = frozenset({16, 17, 18, 19})
# (first digits from, to, allowed lengths); prefixes compared at equal length.
_ISSUERS: tuple[tuple[str, str, frozenset[int]], ...] = (
    ("4", "4", frozenset({13, 16, 19})),  # Visa
    ("51", "55", frozenset({16})),  # Mastercard
    ("2221", "2720", frozenset({16})),  # Mastercard 2-series
    ("34", "34", frozenset({15})),  # American Express
    ("37", "37", frozenset({15})),
    ("6011", "6011", _LONG),  # Discover
    ("644", "649", _LONG),
    ("65", "65", _LONG),
    ("3528", "3589", _LONG),  # JCB
    ("300", "305", frozenset({14, 16, 17, 18, 19})),  # Diners Club
    ("36", "36", frozenset({14, 15, 16, 17, 18, 19})),
    ("38", "39", frozenset({14, 16, 17, 18, 19})),
    ("62", "62", _LONG),  # UnionPay
    ("81", "81", _LONG),
    ("2200", "2204", _LONG),  # Mir
    ("50", "50", _ANY),  # Maestro
    ("56", "69", _ANY),
)


def card_issuer(value: str, ctx: ValidatorContext) -> bool:
    """A known issuer prefix with a length that issuer uses."""
    digits = _digits(value)
    return any(len(digits) in lengths and low <= digits[: len(low)] <= high for low, high, lengths in _ISSUERS)


# Public test numbers from payment providers' documentation.
_TEST_CARDS = frozenset(
    {
        "4111111111111111", "4242424242424242", "4012888888881881", "4222222222222", "4000056655665556",
        "4012000033330026", "4917610000000000", "4000000000000002", "4000002500003155", "4000000000009995",
        "5555555555554444", "5105105105105100", "5200828282828210", "2223003122003222", "5454545454545454",
        "2221000000000009", "378282246310005", "371449635398431", "378734493671000", "6011111111111117",
        "6011000990139424", "6011000400000000", "3530111333300000", "3566002020360505", "3566111111111113",
        "30569309025904", "38520000023237", "36227206271667", "6200000000000005", "6555900000604105",
        "5019717010103742", "6331101999990016", "6759649826438453", "4035501000000008", "4000000000000077",
    }
)  # fmt: skip
_LONG_RUN = static(r"(\d)\1{7}")


def not_test_card(value: str, ctx: ValidatorContext) -> float:
    """Well-known test numbers (and 8+ repeated digits) are most likely not real cards."""
    digits = _digits(value)
    if digits in _TEST_CARDS or _LONG_RUN.search(digits[1:-1]):
        return 0.3
    return 1.0


# -- US SSN ---------------------------------------------------------------------------

# Documentation and advertising SSNs (Woolworth's wallet card, the SSA's examples).
_DOC_SSNS = frozenset({"123456789", "078051120", "219099999", "457555462", "987654320", "111223333"})


def ssn(value: str, ctx: ValidatorContext) -> bool:
    digits = _digits(value)
    if len(digits) != 9 or digits in _DOC_SSNS or len(set(digits)) == 1:
        return False
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    if area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000":
        return False
    return digits not in ("012345678", "987654321")


# -- national identifiers (python-stdnum) --------------------------------------------

# validator name -> stdnum module; each exposes is_valid(str) -> bool.
_STDNUM_MODULES = {
    "us_itin": "stdnum.us.itin",
    "de_steuer_id": "stdnum.de.idnr",
    "fr_nir": "stdnum.fr.nir",
    "es_dni": "stdnum.es.dni",
    "es_nie": "stdnum.es.nie",
    "it_codice_fiscale": "stdnum.it.codicefiscale",
    "nl_bsn": "stdnum.nl.bsn",
    "be_national_number": "stdnum.be.nn",
    "pl_pesel": "stdnum.pl.pesel",
    "se_personnummer": "stdnum.se.personnummer",
    "in_aadhaar": "stdnum.in_.aadhaar",
    "in_pan": "stdnum.in_.pan",
    "br_cpf": "stdnum.br.cpf",
    "br_cnpj": "stdnum.br.cnpj",
    "ca_sin": "stdnum.ca.sin",
    "au_tfn": "stdnum.au.tfn",
    "za_id_number": "stdnum.za.idnr",
    "dk_cpr": "stdnum.dk.cpr",
    "fi_hetu": "stdnum.fi.hetu",
    "no_fodselsnummer": "stdnum.no.fodselsnummer",
    "pt_nif": "stdnum.pt.nif",
    "ch_ahv": "stdnum.ch.ssn",
    "at_svnr": "stdnum.at.vnr",
    "mx_curp": "stdnum.mx.curp",
    "ie_pps": "stdnum.ie.pps",
    "swift_bic": "stdnum.bic",
}


# Values printed in official documentation and manuals as examples.
_DOC_IDS = frozenset(
    {
        "RSSMRA85T10A562S", "12345678Z", "X1234567L", "111222333", "123456782", "ABCDE1234F", "184127645108946",
        "12345678909", "8001015009087", "8112189876", "198112189876", "7561234567897", "46451234567",
        "01129955131", "71234567890",
    }
)  # fmt: skip
_SEPARATORS = static(r"[\s./-]")


def _stdnum_validator(module_name: str) -> Validator:
    def check(value: str, ctx: ValidatorContext) -> bool:
        compact = _SEPARATORS.sub("", value).upper()
        digits = _digits(compact)
        # Documentation examples and one digit repeated (111.111.111-11) are placeholders.
        if compact in _DOC_IDS or (len(digits) >= 6 and len(set(digits)) == 1):
            return False
        module = importlib.import_module(module_name)
        try:
            # stdnum strips each format's own separators; spaces never carry meaning.
            return bool(module.is_valid(value.replace(" ", "")))
        except Exception:  # a checker bug must never crash a scan
            return False

    check.__name__ = module_name.rsplit(".", 1)[-1]
    return check


_NINO = static(r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]")
_NINO_BAD_PREFIXES = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})


def uk_nino(value: str, ctx: ValidatorContext) -> float:
    """HMRC's prefix rules (the NINO has no check digit)."""
    compact = value.replace(" ", "").upper()
    if not _NINO.fullmatch(compact) or compact[:2] in _NINO_BAD_PREFIXES:
        return 0
    return 0.5 if compact[2:8] in ("123456", "000000") else 1.0


_NRIC_WEIGHTS = (2, 7, 6, 5, 4, 3, 2)
# prefix -> (offset added to the weighted sum, check letters indexed by the remainder)
_NRIC_TABLES = {
    "S": (0, "JZIHGFEDCBA"),
    "T": (4, "JZIHGFEDCBA"),
    "F": (0, "XWUTRQPNMLK"),
    "G": (4, "XWUTRQPNMLK"),
    "M": (3, "XWUTRQPNJLK"),
}


def sg_nric(value: str, ctx: ValidatorContext) -> bool:
    """Singapore NRIC/FIN: weighted sum mod 11 mapped to a check letter per series."""
    value = value.upper()
    if len(value) != 9 or value[0] not in _NRIC_TABLES or not value[1:8].isdigit() or len(set(value[1:8])) == 1:
        return False
    offset, letters = _NRIC_TABLES[value[0]]
    total = offset + sum(int(d) * w for d, w in zip(value[1:8], _NRIC_WEIGHTS, strict=True))
    return value[8] == letters[total % 11]


# -- network --------------------------------------------------------------------------

_DOC_NETWORKS = tuple(
    ipaddress.ip_network(net) for net in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32", "3fff::/20")
)
# Public resolvers show up in configs and docs far more than as anyone's address.
_WELL_KNOWN_IPS = frozenset({"8.8.8.8", "8.8.4.4", "1.1.1.1", "1.0.0.1", "9.9.9.9", "208.67.222.222", "208.67.220.220"})
_VERSION_WORD = static(r"(?i)\b(?:versi[oó]ne?|versão|versie|ver\.?|release|build|firmware|v|oid|snmp)\s*[:=]?\s*$")


_DOT_DIGIT = static(r"\.\d")


def public_ip(value: str, ctx: ValidatorContext) -> float:
    """A globally routable address that is not a documentation range or a version string."""
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return 0
    if not address.is_global or address.is_multicast or any(address in net for net in _DOC_NETWORKS):
        return 0
    if address.version == 6 and not 0x2000 <= int(address) >> 112 <= 0x3FFF:
        return 0  # outside global unicast 2000::/3 (1::2 is not anyone's address)
    before, after = _before(ctx, 16), _after(ctx, 2)
    # Longer dotted runs (OIDs 1.3.6.1.4.1, versions 1.2.3.4.5) and "version 1.2.3.4".
    if before.endswith(".") or _DOT_DIGIT.match(after) or _VERSION_WORD.search(before):
        return 0
    return 0.5 if value in _WELL_KNOWN_IPS else 1.0


_NON_HEX = static(r"[^0-9A-Fa-f]")


def mac(value: str, ctx: ValidatorContext) -> float:
    """Not all-zero, broadcast or the RFC 7042 documentation block 00-00-5E-00-53-xx."""
    hexdigits = _NON_HEX.sub("", value).lower()
    if len(hexdigits) != 12 or len(set(hexdigits)) == 1:
        return 0
    if hexdigits.startswith(("00005e0053", "01005e9010")) or hexdigits in ("0123456789ab", "abcdef012345"):
        return 0
    # All-decimal groups with dashes are as likely a dash-separated number as a MAC.
    return 0.6 if hexdigits.isdigit() and "-" in value else 1.0


# -- crypto wallets -------------------------------------------------------------------

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def _base58check(value: str) -> bytes | None:
    number = 0
    for char in value:
        index = _B58.find(char)
        if index < 0:
            return None
        number = number * 58 + index
    pad = len(value) - len(value.lstrip("1"))
    raw = b"\0" * pad + number.to_bytes((number.bit_length() + 7) // 8, "big")
    payload, checksum = raw[:-4], raw[-4:]
    import hashlib  # here, not at import: a hook that meets no address never needs OpenSSL

    if hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4] != checksum:
        return None
    return payload


def _segwit_ok(address: str) -> bool:
    if address.lower() != address and address.upper() != address:
        return False
    address = address.lower()
    hrp, _, data_part = address.rpartition("1")
    if hrp not in ("bc", "tb") or len(data_part) < 7 or any(c not in bech32.CHARSET for c in data_part):
        return False
    data = [bech32.CHARSET.index(c) for c in data_part]
    constant = bech32.checksum_constant(hrp, data)
    version = data[0]
    # BIP 350: witness v0 uses bech32, v1+ (taproot) bech32m.
    if version > 16 or constant != (bech32.BECH32_CONST if version == 0 else bech32.BECH32M_CONST):
        return False
    program_bits = (len(data) - 7) * 5
    return program_bits >= 2 * 8 and (version != 0 or program_bits // 8 in (20, 32))


def btc_address(value: str, ctx: ValidatorContext) -> bool:
    """P2PKH/P2SH base58check (version byte and checksum) or bech32/bech32m segwit."""
    if value[:3].lower() in ("bc1", "tb1"):
        return _segwit_ok(value)
    payload = _base58check(value)
    return payload is not None and len(payload) == 21 and payload[0] in (0x00, 0x05)


def _rotl64(lane: int, shift: int) -> int:
    shift %= 64
    return ((lane << shift) | (lane >> (64 - shift))) & 0xFFFFFFFFFFFFFFFF


def _keccak_f1600(lanes: list[list[int]]) -> None:
    lfsr = 1
    for _ in range(24):
        column = [lanes[x][0] ^ lanes[x][1] ^ lanes[x][2] ^ lanes[x][3] ^ lanes[x][4] for x in range(5)]
        for x in range(5):
            delta = column[(x + 4) % 5] ^ _rotl64(column[(x + 1) % 5], 1)
            for y in range(5):
                lanes[x][y] ^= delta
        x, y = 1, 0
        current = lanes[x][y]
        for t in range(24):
            x, y = y, (2 * x + 3 * y) % 5
            current, lanes[x][y] = lanes[x][y], _rotl64(current, (t + 1) * (t + 2) // 2)
        for y in range(5):
            row = [lanes[x][y] for x in range(5)]
            for x in range(5):
                lanes[x][y] = row[x] ^ (~row[(x + 1) % 5] & row[(x + 2) % 5])
        for j in range(7):
            lfsr = ((lfsr << 1) ^ ((lfsr >> 7) * 0x71)) % 256
            if lfsr & 2:
                lanes[0][0] ^= 1 << ((1 << j) - 1)


def keccak256(data: bytes) -> bytes:
    """Ethereum's Keccak-256 (original padding; hashlib.sha3_256 is the FIPS variant).

    A short pure-Python sponge: addresses are 40 bytes, so one permutation per check.
    """
    rate = 136
    padded = bytearray(data) + b"\x01" + b"\0" * (-(len(data) + 1) % rate)
    padded[-1] |= 0x80
    lanes = [[0] * 5 for _ in range(5)]
    for offset in range(0, len(padded), rate):
        block = padded[offset : offset + rate]
        for i in range(rate // 8):
            lanes[i % 5][i // 5] ^= int.from_bytes(block[8 * i : 8 * i + 8], "little")
        _keccak_f1600(lanes)
    return b"".join(lanes[i % 5][i // 5].to_bytes(8, "little") for i in range(4))


def eth_address(value: str, ctx: ValidatorContext) -> float:
    """0x + 40 hex. Mixed case must carry a valid EIP-55 checksum; single-case
    addresses have none, so they count less (context words lift them back)."""
    body = value[2:]
    if len(body) != 40 or len(set(body.lower())) < 6:
        return 0
    if body.lower() == body or body.upper() == body:
        return 0.75
    digest = keccak256(body.lower().encode("ascii")).hex()
    for char, nibble in zip(body, digest[:40], strict=True):
        if char.isalpha() and char.isupper() != (int(nibble, 16) >= 8):
            return 0
    return 1.0


# -- dates of birth, document numbers, names ------------------------------------------

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "jan january januar janvier enero janeiro gennaio januari janv ene gen",
        "feb february februar février fevrier febrero fevereiro febbraio februari févr fev",
        "mar march märz maerz mars marzo março marco maart mrz",
        "apr april avril abril aprile avr abr",
        "may mai mayo maio maggio mei mag",
        "jun june juni juin junio junho giugno giu",
        "jul july juli juillet julio julho luglio juil lug",
        "aug august août aout agosto augustus ago",
        "sep sept september septembre septiembre setembro settembre set",
        "oct october oktober octobre octubre outubro ottobre okt out ott",
        "nov november novembre noviembre novembro",
        "dec december dezember décembre decembre diciembre dezembro dicembre dez dic",
    ),
    start=1,
):
    _MONTHS.update(dict.fromkeys(_names.split(), _number))
_DATE_TOKENS = static(r"\d+|[^\W\d_]+")


def _date(year: int, month: int, day: int) -> datetime.date | None:
    import datetime

    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _full_year(year: int, today: datetime.date) -> int:
    if year >= 100:
        return year
    return 2000 + year if 2000 + year <= today.year else 1900 + year


def _parse_dates(value: str, today: datetime.date) -> list[datetime.date]:
    tokens = _DATE_TOKENS.findall(value.lower())
    numbers = [int(t) for t in tokens if t.isdigit()]
    months = [_MONTHS[t.rstrip(".")] for t in tokens if t.rstrip(".") in _MONTHS]
    found: list[datetime.date | None] = []
    if months and len(numbers) == 2:
        day, year = sorted(numbers, key=lambda n: n > 31)
        found.append(_date(_full_year(year, today), months[0], day))
    elif len(numbers) == 3:
        a, b, c = numbers
        if a > 31:  # ISO year-month-day
            found.append(_date(a, b, c))
        else:  # day-month-year (most of the world) or month-day-year (US)
            found.append(_date(_full_year(c, today), b, a))
            found.append(_date(_full_year(c, today), a, b))
    return [d for d in found if d is not None]


def date_of_birth(value: str, ctx: ValidatorContext) -> bool:
    """A real calendar date between 1900 and today."""
    import datetime  # imported on first use: most prompts hold no date of birth

    today = datetime.date.today()
    return any(datetime.date(1900, 1, 1) <= d <= today for d in _parse_dates(value, today))


_SPACE_OR_DASH = static(r"[\s-]")


def document_number(value: str, ctx: ValidatorContext) -> bool:
    """Passport/licence candidates: some digits, not a date, a year or a repeated run."""
    digits = _digits(value)
    compact = _SPACE_OR_DASH.sub("", value)
    if len(digits) < 2 or len(set(compact)) < 3 or _LONG_RUN.search(compact):
        return False
    return not _DATE_LIKE.search(value) and compact not in ("123456789", "12345678", "1234567")


# Capitalised words that follow name cues but are not names.
_NOT_NAMES = frozenset(
    (
        "sir", "madam", "madame", "mesdames", "messieurs", "monsieur", "customer", "customers", "client", "clients",
        "kunde", "kunden", "team", "support", "service", "services", "staff", "user", "users", "admin",
        "administrator", "all", "everyone", "anyone", "someone", "friend", "friends", "colleague", "colleagues",
        "partner", "partners", "member", "members", "sales", "billing", "info", "contact", "the", "a", "an", "and",
        "or", "of", "hello", "hi", "hey", "dear", "regards", "thanks", "thank", "best", "kind", "warm", "sincerely",
        "cheers", "greetings", "manager", "department", "company", "inc", "ltd", "llc", "gmbh", "corp", "co", "ag",
        "sa", "srl", "bv", "string", "name", "names", "first", "last", "full", "your", "my", "our", "his", "her",
        "their", "test", "example", "sample", "demo", "null", "none", "unknown", "anonymous", "todo", "tbd", "monday",
        "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april",
        "may", "june", "july", "august", "september", "october", "november", "december", "sorry", "happy", "back",
        "here", "there", "not", "just", "sure", "still", "also", "afraid", "interested", "looking", "trying",
        "working", "new", "currently", "really", "very", "so", "now", "fine", "good", "glad", "ok", "okay", "well",
        "going", "getting", "using", "running", "done", "ready", "available", "able", "unable", "on", "in", "at",
        "from", "to", "for", "with", "by", "about", "this", "that", "it", "is", "was", "be", "am", "are", "we", "you",
        "they", "he", "she", "me", "us", "them", "who", "what", "where", "when", "why", "how", "yes", "no", "please",
        "frau", "herr", "damen", "herren", "sehr", "geehrte", "liebe", "lieber", "équipe", "cher", "chère",
        "estimado", "estimada", "querido", "querida", "caro", "cara", "beste", "geachte", "heer", "mevrouw", "senhor",
        "senhora", "signor", "signora", "amigo", "amiga", "world", "folks", "guys", "everybody", "zusammen", "alle",
        "tous", "todos", "tutti", "allemaal", "iedereen", "bot", "build", "deploy", "release", "server", "system",
        "app", "project", "bank", "shop", "store", "office", "desk", "helpdesk", "noreply", "notifications"
    )
)  # fmt: skip
_PLACEHOLDER_NAMES = frozenset({"john doe", "jane doe", "max mustermann", "erika mustermann", "john q public"})


_LETTER_RUN = static(r"[^\W\d_]+")


def person_name(value: str, ctx: ValidatorContext) -> bool:
    """Reject salutations, role words and placeholders that follow name cues."""
    words = _LETTER_RUN.findall(value.lower())
    if not words or " ".join(words) in _PLACEHOLDER_NAMES:
        return False
    return not any(word in _NOT_NAMES for word in words)


# A postcode after the street line: 4-5 digits (+ -3/-4), NL 1234 AB, UK LS6 2AB.
_POSTCODE = static(r"\D\d{4,5}(?:-\d{3,4})?(?:\s?[A-Z]{2})?\b|\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}$|\d{4}\s?[A-Z]{2}\b")


def street_address(value: str, ctx: ValidatorContext) -> float:
    """Full addresses keep their confidence; a street line without postcode counts less."""
    return 1.0 if _POSTCODE.search(value, 1) else 0.6


VALIDATORS: dict[str, Validator] = {
    "not_doc_email": not_doc_email,
    "phone": phone,
    "card_issuer": card_issuer,
    "not_test_card": not_test_card,
    "ssn": ssn,
    "uk_nino": uk_nino,
    "sg_nric": sg_nric,
    "public_ip": public_ip,
    "mac": mac,
    "btc_address": btc_address,
    "eth_address": eth_address,
    "date_of_birth": date_of_birth,
    "document_number": document_number,
    "person_name": person_name,
    "street_address": street_address,
    **{name: _stdnum_validator(module) for name, module in _STDNUM_MODULES.items()},
}
