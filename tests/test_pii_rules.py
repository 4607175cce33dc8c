"""Personal data through the real engine: realistic texts in several languages, hard
negatives, the region hint, the optional NER detector (with a fake spaCy) and the
benchmark corpus."""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator

import pytest

import promptguard
from promptguard.config import Config
from promptguard.errors import ConfigError
from promptguard.scanner import Scanner

PII_ONLY = Config(kinds=("pii",))


def pii(text: str, config: Config = PII_ONLY, min_confidence: float = 0.0) -> list[tuple[str, str]]:
    """(type, value) of every personal-data finding at or above ``min_confidence``."""
    return [(f.type, f.value) for f in promptguard.scan(text, config=config) if f.confidence >= min_confidence]


POSITIVES = [
    (
        "support ticket (en)",
        "Subject: charged twice\nFrom: Priya Raman <priya.raman@northwind-mail.co.uk>\n\nHi,\nmy card 4159 0139 6245 9578 "
        "was charged twice for order #552-1234567. Call me on +44 20 7946 0958.\n\nBest regards,\nPriya Raman",
        {
            ("person", "Priya Raman"),
            ("email", "priya.raman@northwind-mail.co.uk"),
            ("credit_card", "4159 0139 6245 9578"),
            ("phone_number", "+44 20 7946 0958"),
        },
    ),
    (
        "CRM CSV row",
        "id,name,email,phone,city\n1042,Ashley Washington,ashley.w@icloud.com,(415) 555-0132,Austin",
        {("person", "Ashley Washington"), ("email", "ashley.w@icloud.com"), ("phone_number", "(415) 555-0132")},
    ),
    (
        "German form",
        "Vor- und Nachname: Anna-Lena Schäfer\nGeburtsdatum: 14.03.1985\nSteuer-ID: 50 841 575 923\n"
        "Anschrift: Musterstraße 12, 10115 Berlin\nIBAN: DE50 5260 1815 9083 0166 13",
        {
            ("person", "Anna-Lena Schäfer"),
            ("date_of_birth", "14.03.1985"),
            ("de_steuer_id", "50 841 575 923"),
            ("street_address", "Musterstraße 12, 10115 Berlin"),
            ("iban", "DE50 5260 1815 9083 0166 13"),
        },
    ),
    (
        "French e-mail",
        "Bonjour Mme Girard,\nvotre numéro de sécurité sociale 2 82 04 61 116 880 27 est enregistré. "
        "Livraison : 12 rue de la Paix, 75002 Paris. Portable : 06 12 34 56 78.\n\nCordialement,\nÉlodie Martin",
        {
            ("person", "Girard"),
            ("fr_nir", "2 82 04 61 116 880 27"),
            ("street_address", "12 rue de la Paix, 75002 Paris"),
            ("phone_number", "06 12 34 56 78"),
            ("person", "Élodie Martin"),
        },
    ),
    (
        "Spanish chat",
        "Hola, me llamo Lucía Navarro Gil, mi DNI es 97077096F y mi NIE antiguo X7439190R. Móvil: +34 612 34 56 78",
        {
            ("person", "Lucía Navarro Gil"),
            ("es_dni", "97077096F"),
            ("es_nie", "X7439190R"),
            ("phone_number", "+34 612 34 56 78"),
        },
    ),
    (
        "Italian record",
        "Nome: Giulia Esposito, codice fiscale TDPICH61E62L725P, Via Giuseppe Garibaldi 23, 00184 Roma (RM)",
        {
            ("person", "Giulia Esposito"),
            ("it_codice_fiscale", "TDPICH61E62L725P"),
            ("street_address", "Via Giuseppe Garibaldi 23, 00184 Roma (RM)"),
        },
    ),
    (
        "Dutch message",
        "Mijn naam is Jan van der Berg, BSN 210071813, adres Keizersgracht 123, 1015 CJ Amsterdam.",
        {("person", "Jan van der Berg"), ("nl_bsn", "210071813"), ("street_address", "Keizersgracht 123, 1015 CJ Amsterdam")},
    ),
    (
        "Brazilian form",
        "Nome completo: João da Silva\nCPF: 054.014.115-10\nTelefone: (11) 91234-5678",
        {("person", "João da Silva"), ("br_cpf", "054.014.115-10"), ("phone_number", "(11) 91234-5678")},
    ),
    (
        "log line",
        "2024-05-01T10:00:00Z WARN auth failed for m.rossi@libero.it from 81.24.187.33 mac d0:f4:83:23:cd:62",
        {("email", "m.rossi@libero.it"), ("ip_address", "81.24.187.33"), ("mac_address", "d0:f4:83:23:cd:62")},
    ),
    (
        "US identity",
        "Applicant SSN: 414-49-3279, passport number 548213967, DOB 03/14/1985",
        {("us_ssn", "414-49-3279"), ("passport_number", "548213967"), ("date_of_birth", "03/14/1985")},
    ),
    (
        "wallets",
        "refund to 16QFaRqE9fQYdsxs8FeNN2GvPbZJh8Nw6b or ETH 0xEE533f3CA6d1659B1a5E93A96289cB76E4E6DB51",
        {
            ("crypto_wallet", "16QFaRqE9fQYdsxs8FeNN2GvPbZJh8Nw6b"),
            ("crypto_wallet", "0xEE533f3CA6d1659B1a5E93A96289cB76E4E6DB51"),
        },
    ),
]


@pytest.mark.parametrize(("text", "expected"), [p[1:] for p in POSITIVES], ids=[p[0] for p in POSITIVES])
def test_realistic_texts(text: str, expected: set[tuple[str, str]]) -> None:
    assert expected <= set(pii(text, min_confidence=0.5))


NEGATIVES = [
    ("order and tracking ids", "Order #212-555-0187 shipped, tracking 1Z999AA10123456784, invoice INV-2024-00123"),
    ("timestamps", "started 2024-03-15 08:15:02, ended 15.03.2024 09:30, epoch 1710490502, ms 1710490502123"),
    ("versions", "upgraded to version 1.2.3.4 (build 2024.3.1), OID 1.3.6.1.4.1.2021.10.1.3.1"),
    ("documentation e-mails", "Contact support@example.com, alice@mailhog.test or noreply@site.example"),
    ("private and doc IPs", "db 10.0.0.12, router 192.168.1.1, docs 192.0.2.15 and 2001:db8::1, loopback ::1"),
    ("Luhn-invalid card", "card 4159 0139 6245 9579 declined"),
    ("UUIDs and hashes", "request 3f2b1c4d-8e9a-4b7c-9d1e-2f3a4b5c6d7e sha 9c56cc51b374c3ba189210d5b6d4bf57790d351c"),
    ("git and npm", "git clone git@github.com:acme/widgets.git && npm i react@18.2.0 left-pad@1.3.0"),
    ("placeholders", "Dear Sir or Madam,\nName: string\nSSN: 123-45-6789\nRegards,\nThe Team"),
    ("yaml", "name: build-and-test\njobs:\n  - name: Set Up Python\n    version: 3.12.1"),
    ("bad IBAN", "IBAN: DE51 5260 1815 9083 0166 13"),
]


@pytest.mark.parametrize("text", [n[1] for n in NEGATIVES], ids=[n[0] for n in NEGATIVES])
def test_hard_negatives(text: str) -> None:
    assert pii(text, min_confidence=0.5) == []


def test_public_test_cards_stay_below_the_hook_threshold() -> None:
    findings = [f for f in promptguard.scan("test card 4242 4242 4242 4242", config=PII_ONLY) if f.type == "credit_card"]
    assert findings and all(f.confidence < 0.5 for f in findings)


def test_context_words_raise_and_negative_words_lower_confidence() -> None:
    def confidence(text: str) -> float:
        return max(f.confidence for f in promptguard.scan(text, config=PII_ONLY) if f.type == "phone_number")

    plain = confidence("reach Dana at 415-555-0132 tomorrow")
    assert confidence("phone: 415-555-0132") > plain
    # 3-3-4 groups are also how order numbers look, so an order word nearby lowers them...
    assert confidence("reach Dana at 415-555-0132 about the invoice") < plain
    # ...but not a number whose format only phones use.
    assert confidence("reach Dana at (415) 555-0132 about the invoice") >= 0.5


def test_region_hint_lifts_national_numbers() -> None:
    text = "Bitte zurückrufen: 030 8841207"
    guessed = max(f.confidence for f in promptguard.scan(text, config=PII_ONLY) if f.type == "phone_number")
    hinted = max(f.confidence for f in promptguard.scan(text, config=Config(kinds=("pii",), region="DE")))
    assert hinted > guessed


def test_digit_only_ids_need_their_label() -> None:
    assert pii("Kundennummer 54692637869") == []
    assert ("de_steuer_id", "54692637869") in pii("IdNr 54692637869")
    assert ("nl_bsn", "210071813") in pii("BSN: 210071813")
    assert all(t != "nl_bsn" for t, _ in pii("artikel 210071813"))


# -- optional NER detector -------------------------------------------------------------


class _Ent:
    def __init__(self, text: str, start: int, end: int, label: str) -> None:
        self.start_char, self.end_char, self.label_ = start, end, label


_KNOWN_ENTITIES = {"Marta Kowalczyk": "PERSON", "Kraków": "GPE", "Acme": "ORG"}


class _FakeNlp:
    """Tags every occurrence of a few known names, like a tiny model would."""

    def __call__(self, text: str) -> types.SimpleNamespace:
        ents = []
        for name, label in _KNOWN_ENTITIES.items():
            start = text.find(name)
            while start >= 0:
                ents.append(_Ent(name, start, start + len(name), label))
                start = text.find(name, start + 1)
        return types.SimpleNamespace(ents=sorted(ents, key=lambda e: e.start_char))


@pytest.fixture
def fake_spacy(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, object]]]:
    from promptguard.detectors import ner

    loads: list[tuple[str, object]] = []
    module = types.ModuleType("spacy")
    module.util = types.SimpleNamespace(is_package=lambda name: name in ("en_core_web_sm", "de_core_news_sm"))  # type: ignore[attr-defined]

    def load(name: str, disable: object = ()) -> _FakeNlp:
        loads.append((name, disable))
        return _FakeNlp()

    module.load = load  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "spacy", module)
    ner.load_model.cache_clear()
    yield loads
    ner.load_model.cache_clear()


def test_ner_detector_finds_people_and_places(fake_spacy: list[tuple[str, object]]) -> None:
    scanner = Scanner(Config(kinds=("pii",), detectors=("ner",)))
    text = "Hi, this is about Marta Kowalczyk's account at Acme in Kraków."
    found = {(f.type, f.value, f.rule_id) for f in scanner.scan(text)}
    assert ("person", "Marta Kowalczyk", "ner") in found  # possessive 's trimmed
    assert ("location", "Kraków", "ner") in found
    assert not any(value == "Acme" for _, value, _ in found)  # organisations are not personal data
    assert fake_spacy[0][0] == "en_core_web_sm"


def test_ner_model_name_is_configurable(fake_spacy: list[tuple[str, object]], monkeypatch: pytest.MonkeyPatch) -> None:
    from promptguard.detectors import ner

    monkeypatch.setenv("PROMPTGUARD_NER_MODEL", "de_core_news_sm")
    ner.make_detector(Config())
    assert fake_spacy[-1][0] == "de_core_news_sm"


def test_ner_offsets_survive_long_texts(fake_spacy: list[tuple[str, object]]) -> None:
    from promptguard.detectors import ner

    text = ("filler line\n" * 20_000) + "contact Marta Kowalczyk\n"
    hits = ner.find_entities(ner.load_model("en_core_web_sm"), text)
    assert [text[h.start : h.end] for h in hits] == ["Marta Kowalczyk"]


def test_ner_missing_model_is_a_config_error(fake_spacy: list[tuple[str, object]], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROMPTGUARD_NER_MODEL", "xx_not_installed")
    with pytest.raises(ConfigError, match="xx_not_installed"):
        Scanner(Config(detectors=("ner",)))


def test_ner_without_spacy_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from promptguard.detectors import ner

    monkeypatch.setitem(sys.modules, "spacy", None)  # import fails as if not installed
    ner.load_model.cache_clear()
    try:
        with pytest.raises(ConfigError, match="promptguard\\[ner\\]"):
            Scanner(Config(detectors=("ner",)))
    finally:
        ner.load_model.cache_clear()


# -- benchmark corpus -------------------------------------------------------------------


def test_pii_corpus_is_deterministic_labeled_and_multilingual() -> None:
    from benchmarks.pii_corpus import documents

    first = list(documents(seed=3, count=60))
    assert first == list(documents(seed=3, count=60))
    docs = list(documents())
    assert len(docs) >= 600
    locales = {doc["id"].split("-")[2] for doc in docs}  # type: ignore[attr-defined]
    assert len(locales - {"hr", "negative"}) >= 6
    for doc in docs:
        text = str(doc["text"])
        for label in doc["labels"]:  # type: ignore[attr-defined]
            value = text[label["start"] : label["end"]]
            assert value and value == value.strip() and label["kind"] == "pii"
