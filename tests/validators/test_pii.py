"""Personal-data validators: accept real-shaped values, reject look-alikes."""

from __future__ import annotations

import subprocess
import sys

import pytest

from promptguard.validators import ValidatorContext, pii, registry


def run(name: str, value: str, text: str | None = None, region: str | None = None) -> float:
    """Run validator ``name`` on ``value`` found inside ``text`` (default: the value alone)."""
    text = value if text is None else text
    start = text.index(value)
    return float(registry()[name](value, ValidatorContext(text, start, start + len(value), region)))


def test_all_pii_validators_are_registered() -> None:
    names = set(registry())
    assert set(pii.VALIDATORS) <= names
    for name in ("phone", "card_issuer", "not_test_card", "ssn", "public_ip", "mac", "btc_address", "eth_address"):
        assert name in names
    for name in ("not_doc_email", "de_steuer_id", "fr_nir", "in_aadhaar", "uk_nino", "sg_nric", "street_address"):
        assert name in names


def test_importing_pii_validators_does_not_import_heavy_libraries() -> None:
    code = "import sys, promptguard.validators.pii; print('phonenumbers' in sys.modules, 'stdnum' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


# -- phone -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["+44 20 7946 0958", "+49 (0)151 2345 6789", "+33 6 12 34 56 78", "0049 30 8841207", "+1 (415) 555-0132", "+919876543210"],
)
def test_phone_accepts_international_numbers(value: str) -> None:
    assert run("phone", value) == 1.0


def test_phone_national_number_uses_the_region_hint() -> None:
    assert run("phone", "030 8841207", region="DE") == 1.0
    assert 0 < run("phone", "030 8841207") < 1.0  # valid only in a guessed region
    assert run("phone", "612 34 56 78", region="ES") == 1.0


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("2024-01-15", None),
        ("01.02.2023", None),
        ("03.12.2025 21", "signup 03.12.2025 21:15"),
        ("10.0.0.12", None),
        ("051.12345", None),
        ("0123 4567 8901", "Bestellnummer 0123 4567 8901"),
        ("212-555-0187", "Order #212-555-0187"),
        ("415.555.0132", "version 415.555.0132"),
        ("0215 7257 5709 25", "IBAN GB92 CFBX 0215 7257 5709 25"),
        ("+1 23", None),
        ("000 000 0000", None),
        ("+49 999 12345678", None),
    ],
)
def test_phone_rejects_look_alikes(value: str, text: str | None) -> None:
    assert run("phone", value, text) == 0


# -- payment cards ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["4159 0139 6245 9578", "5117-7774-1215-4728", "2221003322453831", "348525388853936", "6011363387500479"]
)
def test_card_issuer_accepts_known_ranges(value: str) -> None:
    assert run("card_issuer", value) == 1.0


@pytest.mark.parametrize("value", ["1234567812345670", "9999 9999 9999 9995", "41111111111114", "341234567890123456"])
def test_card_issuer_rejects_unknown_prefix_or_length(value: str) -> None:
    assert run("card_issuer", value) == 0


def test_well_known_test_cards_get_a_low_factor() -> None:
    assert run("not_test_card", "4111 1111 1111 1111") < 0.5
    assert run("not_test_card", "4242424242424242") < 0.5
    assert run("not_test_card", "4000000000000077") < 0.5  # long run of one digit
    assert run("not_test_card", "4159 0139 6245 9578") == 1.0


# -- national identifiers --------------------------------------------------------------


def test_ssn_rules() -> None:
    assert run("ssn", "414-49-3279") == 1.0
    for value in ("123-45-6789", "078-05-1120", "666-12-3456", "912-34-5678", "000-12-3456", "214-00-5678", "214-10-0000"):
        assert run("ssn", value) == 0, value


VALID_IDS = {
    "us_itin": "919-85-3699",
    "de_steuer_id": "50 841 575 923",
    "fr_nir": "2 82 04 61 116 880 27",
    "es_dni": "97077096F",
    "es_nie": "X7439190R",
    "it_codice_fiscale": "TDPICH61E62L725P",
    "nl_bsn": "210071813",
    "be_national_number": "61.03.14-884.95",
    "pl_pesel": "58032494322",
    "se_personnummer": "890120-1361",
    "in_aadhaar": "3644 9810 3458",
    "in_pan": "MHKPN4220P",
    "br_cpf": "054.014.115-10",
    "br_cnpj": "88.597.328/0001-88",
    "ca_sin": "549 421 303",
    "au_tfn": "274 092 473",
    "za_id_number": "9610289798180",
    "dk_cpr": "220699-6028",
    "fi_hetu": "200744-452F",
    "no_fodselsnummer": "02077615132",
    "pt_nif": "231155859",
    "ch_ahv": "756.4074.8791.20",
    "at_svnr": "8917 270295",
    "mx_curp": "FULG630307MVZCDJ03",
    "ie_pps": "8874790G",
    "uk_nino": "SB 52 32 79 B",
    "sg_nric": "T4358788E",
}


@pytest.mark.parametrize("name", sorted(VALID_IDS))
def test_national_id_validators_accept_valid_numbers(name: str) -> None:
    assert run(name, VALID_IDS[name]) > 0


def _corrupt(value: str) -> str:
    """Change the last character so the check digit (or letter) no longer fits."""
    last = value[-1]
    if last.isdigit():
        return value[:-1] + str((int(last) + 1) % 10)
    return value[:-1] + ("A" if last != "A" else "B")


# PAN, ITIN and NINO have no check digit; Danish CPR numbers dropped theirs in 2007.
@pytest.mark.parametrize("name", sorted(set(VALID_IDS) - {"in_pan", "us_itin", "uk_nino", "dk_cpr"}))
def test_national_id_validators_reject_a_wrong_check_digit(name: str) -> None:
    assert run(name, _corrupt(VALID_IDS[name])) == 0


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("it_codice_fiscale", "RSSMRA85T10A562S"),  # the manuals' Mario Rossi
        ("br_cpf", "111.111.111-11"),
        ("uk_nino", "QQ 12 34 56 C"),
        ("uk_nino", "GB 12 34 56 A"),
        ("sg_nric", "S0000000J"),
        ("in_pan", "ABCDE1234F"),
        ("us_itin", "999-99-9999"),
    ],
)
def test_documentation_and_placeholder_ids_are_rejected(name: str, value: str) -> None:
    assert run(name, value) == 0


# -- network and wallets ---------------------------------------------------------------


@pytest.mark.parametrize("value", ["81.24.187.33", "2a02:8108:1140:5c00:d1f2:91b3:4e6a:21f7", "2607:f8b0:4005:80b::200e"])
def test_public_ip_accepts_global_addresses(value: str) -> None:
    assert run("public_ip", value) == 1.0


@pytest.mark.parametrize(
    "value",
    ["10.1.2.3", "192.168.0.10", "172.20.3.4", "127.0.0.1", "169.254.1.1", "224.0.0.251", "0.0.0.0", "255.255.255.255",  # noqa: S104
     "192.0.2.15", "198.51.100.7", "203.0.113.99", "2001:db8::1", "3fff::1", "fe80::1", "fd12:3456::1", "::1", "1::2", "999.1.1.1"],
)  # fmt: skip
def test_public_ip_rejects_non_public_and_documentation_ranges(value: str) -> None:
    assert run("public_ip", value) == 0


def test_public_ip_rejects_versions_and_oids() -> None:
    assert run("public_ip", "1.2.3.4", "upgraded to version 1.2.3.4") == 0
    assert run("public_ip", "4.0.4.199", "versione 4.0.4.199") == 0
    assert run("public_ip", "6.1.4.1", "OID 1.3.6.1.4.1.2021") == 0
    assert run("public_ip", "8.8.8.8") == 0.5  # a public resolver, not a person


def test_mac() -> None:
    assert run("mac", "d0:f4:83:23:cd:62") == 1.0
    assert run("mac", "00:00:00:00:00:00") == 0
    assert run("mac", "ff:ff:ff:ff:ff:ff") == 0
    assert run("mac", "00-00-5E-00-53-01") == 0  # RFC 7042 documentation block
    assert 0 < run("mac", "12-34-56-78-90-12") < 1.0


def test_keccak256_matches_the_published_empty_digest() -> None:
    assert pii.keccak256(b"").hex() == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"


def test_eth_address_checks_eip55() -> None:
    # The EIP-55 specification's own test vectors.
    for value in ("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"):
        assert run("eth_address", value) == 1.0
    assert run("eth_address", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD") == 0  # one case flipped
    assert 0 < run("eth_address", "0x3c1f9a7e5b2d4c6e8a0b1d3f5a7c9e1b3d5f7a9c") < 1.0  # no checksum to check
    assert run("eth_address", "0x" + "0" * 40) == 0


def test_btc_address_checks_base58check_and_bech32() -> None:
    assert run("btc_address", "16QFaRqE9fQYdsxs8FeNN2GvPbZJh8Nw6b")
    assert run("btc_address", "bc1q62p7xatpxpfrwenc0rs5996mp48h7y9lv6wy85p0yj3cjqeu4f6qz8ylyp")  # bech32, v0
    assert run("btc_address", "bc1plptnz3qpavj5yy6pq3e8rfyacsfg9zc4gxhzn54kzrlszrxdn0hqk6q6ml")  # bech32m, v1
    assert not run("btc_address", "16QFaRqE9fQYdsxs8FeNN2GvPbZJh8Nw6c")
    assert not run("btc_address", "bc1q62p7xatpxpfrwenc0rs5996mp48h7y9lv6wy85p0yj3cjqeu4f6qz8ylyq")
    assert not run("btc_address", "1A2b3C4d5E6f7G8h9JkLmNoPqRsTuVwXyZ")


# -- e-mail, dates, documents, names, addresses ----------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("support@example.com", None),
        ("bob@qa.invalid", None),
        ("carol@site.example", None),
        ("alice@mailhog.test", None),
        ("logo@2x.png", None),
        ("git@github.com", "git clone git@github.com:acme/widgets.git"),
        ("s3cret@db.prod-cluster.net", "postgres://app:s3cret@db.prod-cluster.net:5432/app"),  # promptguard: allow
    ],
)
def test_not_doc_email_rejects(value: str, text: str | None) -> None:
    assert run("not_doc_email", value, text) == 0


def test_not_doc_email_keeps_real_and_lowers_noreply() -> None:
    assert run("not_doc_email", "priya.raman@northwind-mail.co.uk") == 1.0
    assert 0 < run("not_doc_email", "noreply@shopwise.io") < 1.0
    assert 0 < run("not_doc_email", "exporter@billing-3391.iam.gserviceaccount.com") < 1.0
    assert 0 < run("not_doc_email", "12345+octocat@users.noreply.github.com") < 1.0


@pytest.mark.parametrize(
    "value", ["03/14/1985", "14.03.1985", "7 mars 1979", "22 de julio de 1990", "March 4, 1962", "1988-11-02"]
)
def test_date_of_birth_accepts_real_dates(value: str) -> None:
    assert run("date_of_birth", value)


@pytest.mark.parametrize("value", ["31.02.1985", "13/13/1990", "01.01.1850", "01.01.2199"])
def test_date_of_birth_rejects_impossible_dates(value: str) -> None:
    assert not run("date_of_birth", value)


def test_document_number() -> None:
    assert run("document_number", "C01X7RT45")
    assert not run("document_number", "APPLICATI")
    assert not run("document_number", "123456789")
    assert not run("document_number", "11111111")


@pytest.mark.parametrize("value", ["Sir", "Customer", "The Team", "Customer Support", "John Doe", "World", "Build Bot"])
def test_person_name_rejects_role_words_and_placeholders(value: str) -> None:
    assert not run("person_name", value)


def test_person_name_keeps_names() -> None:
    assert run("person_name", "Jean-Pierre Lefèvre")
    assert run("person_name", "Jan van der Berg")


def test_street_address_prefers_full_addresses() -> None:
    assert run("street_address", "Musterstraße 12, 10115 Berlin") == 1.0
    assert run("street_address", "14 Kingsley Road, Leeds LS6 2AB") == 1.0
    assert run("street_address", "Keizersgracht 123, 1015 CJ Amsterdam") == 1.0
    assert run("street_address", "3 place Bellecour") < 1.0
