"""Per-type recall, precision and F1 on the PII corpus: promptguard and Presidio, one run.

    python -m benchmarks.eval_pii                     # table for both tools
    python -m benchmarks.eval_pii --errors            # also list misses and false alarms (masked)
    python -m benchmarks.eval_pii --min-confidence 0  # promptguard threshold (default: the hook's 0.5)

Presidio runs as its predefined *pattern* recognizers (regex, checksum, context-free),
instantiated directly and called without an NLP model, because no spaCy model can be
downloaded here; so its NER types (PERSON, LOCATION) are not measured for it. If
presidio-analyzer is not installed, its rows are skipped with a note.

Scoring, per type: a labeled value is found when a reported span of the same type
overlaps it; a reported span that overlaps no label of its type is a false alarm.
"exact" is the share of found values whose reported span matches the label exactly.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from benchmarks.pii_corpus import documents

Report = tuple[int, int, str]  # start, end, type (promptguard's type names)
Finder = Callable[[str], list[Report]]

NATIONAL_IDS = frozenset(
    (
        "us_ssn", "us_itin", "uk_nino", "de_steuer_id", "fr_nir", "es_dni", "es_nie", "it_codice_fiscale", "nl_bsn",
        "be_national_number", "pl_pesel", "se_personnummer", "in_aadhaar", "in_pan", "br_cpf", "br_cnpj", "ca_sin",
        "au_tfn", "sg_nric", "za_id_number", "dk_cpr", "fi_hetu", "no_fodselsnummer", "pt_nif", "ch_ahv", "at_svnr",
        "mx_curp", "ie_pps",
    )
)  # fmt: skip
# Rows of the summary: targets from the brief (structured >= 0.97 / 0.97; names and
# addresses recall >= 0.7 at precision >= 0.9), then the rest.
GROUPS = (
    ("email", {"email"}),
    ("phone_number", {"phone_number"}),
    ("credit_card", {"credit_card"}),
    ("iban", {"iban"}),
    ("national_id (all)", NATIONAL_IDS),
    ("ip_address", {"ip_address"}),
    ("person", {"person"}),
    ("street_address", {"street_address"}),
    ("date_of_birth", {"date_of_birth"}),
    ("passport_number", {"passport_number"}),
    ("drivers_license", {"drivers_license"}),
    ("mac_address", {"mac_address"}),
    ("crypto_wallet", {"crypto_wallet"}),
    ("swift_bic", {"swift_bic"}),
)

# Presidio entity -> promptguard type.
PRESIDIO_TYPES = {
    "EMAIL_ADDRESS": "email", "PHONE_NUMBER": "phone_number", "CREDIT_CARD": "credit_card", "IBAN_CODE": "iban",
    "US_SSN": "us_ssn", "US_ITIN": "us_itin", "UK_NINO": "uk_nino", "DE_TAX_ID": "de_steuer_id", "ES_NIF": "es_dni",
    "ES_NIE": "es_nie", "IT_FISCAL_CODE": "it_codice_fiscale", "PL_PESEL": "pl_pesel", "SE_PERSONNUMMER": "se_personnummer",
    "IN_AADHAAR": "in_aadhaar", "IN_PAN": "in_pan", "CA_SIN": "ca_sin", "AU_TFN": "au_tfn", "SG_NRIC_FIN": "sg_nric",
    "ZA_ID_NUMBER": "za_id_number", "FI_PERSONAL_IDENTITY_CODE": "fi_hetu", "IP_ADDRESS": "ip_address",
    "MAC_ADDRESS": "mac_address", "CRYPTO": "crypto_wallet", "US_PASSPORT": "passport_number", "UK_PASSPORT": "passport_number",
    "DE_PASSPORT": "passport_number", "ES_PASSPORT": "passport_number", "IT_PASSPORT": "passport_number",
    "IN_PASSPORT": "passport_number", "US_DRIVER_LICENSE": "drivers_license", "UK_DRIVING_LICENCE": "drivers_license",
    "IT_DRIVER_LICENSE": "drivers_license", "DE_DRIVERS_LICENSE": "drivers_license", "DATE_TIME": "date_of_birth",
}  # fmt: skip


@dataclass
class Tally:
    labels: int = 0
    found: int = 0
    exact: int = 0
    reports: int = 0
    true_reports: int = 0
    misses: list[str] = field(default_factory=list)
    alarms: list[str] = field(default_factory=list)

    def recall(self) -> float:
        return self.found / self.labels if self.labels else 1.0

    def precision(self) -> float:
        return self.true_reports / self.reports if self.reports else 1.0

    def f1(self) -> float:
        p, r = self.precision(), self.recall()
        return 2 * p * r / (p + r) if p + r else 0.0


def _mask(value: str) -> str:
    from promptguard.finding import mask

    return mask(value)


def score(docs: Sequence[dict[str, object]], finder: Finder) -> tuple[dict[str, Tally], float]:
    tallies: dict[str, Tally] = defaultdict(Tally)
    started = time.perf_counter()
    for doc in docs:
        text = str(doc["text"])
        labels: list[dict[str, object]] = list(doc["labels"])  # type: ignore[call-overload]
        reports = finder(text)
        for label in labels:
            start, end, type_ = int(label["start"]), int(label["end"]), str(label["type"])  # type: ignore[call-overload]
            tally = tallies[type_]
            tally.labels += 1
            hits = [(s, e) for s, e, t in reports if t == type_ and s < end and start < e]
            if hits:
                tally.found += 1
                tally.exact += (start, end) in hits
            else:
                tally.misses.append(f"{doc['id']}: {type_} {_mask(text[start:end])}")
        for s, e, type_ in reports:
            tally = tallies[type_]
            tally.reports += 1
            if any(lab["type"] == type_ and s < int(lab["end"]) and int(lab["start"]) < e for lab in labels):  # type: ignore[call-overload]
                tally.true_reports += 1
            else:
                tally.alarms.append(f"{doc['id']}: {type_} {_mask(text[s:e])}")
    return tallies, time.perf_counter() - started


def promptguard_finder(min_confidence: float) -> Finder:
    from promptguard.config import Config
    from promptguard.scanner import Scanner

    scanner = Scanner(Config(kinds=("pii",), min_confidence=min_confidence), detectors=())

    def find(text: str) -> list[Report]:
        return [(f.start, f.end, f.type) for f in scanner.scan(text)]

    return find


def presidio_finder(threshold: float) -> Finder | None:
    """Presidio's predefined pattern recognizers, called directly without an NLP engine."""
    try:
        import tldextract
        from presidio_analyzer import EntityRecognizer, PatternRecognizer
        from presidio_analyzer import predefined_recognizers as predefined
    except ImportError:
        return None
    # Presidio validates e-mail domains with tldextract, which would fetch the public
    # suffix list; use the snapshot bundled with tldextract instead (no network).
    tldextract.extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    recognizers: list[EntityRecognizer] = []
    for name in dir(predefined):
        cls = getattr(predefined, name)
        if not isinstance(cls, type) or not issubclass(cls, EntityRecognizer) or cls is PatternRecognizer:
            continue
        if not (issubclass(cls, PatternRecognizer) or name == "PhoneRecognizer"):
            continue  # NER, NLP-engine and cloud recognizers need models or services
        try:
            recognizer = cls()
        except Exception:  # noqa: S112 - a recognizer that needs arguments is skipped
            continue
        if any(entity in PRESIDIO_TYPES for entity in recognizer.supported_entities):
            recognizers.append(recognizer)

    def find(text: str) -> list[Report]:
        reports: list[Report] = []
        for recognizer in recognizers:
            for result in recognizer.analyze(text, recognizer.supported_entities, None) or ():
                type_ = PRESIDIO_TYPES.get(result.entity_type)
                if type_ is not None and result.score >= threshold:
                    reports.append((result.start, result.end, type_))
        return _dedupe(reports)

    return find


def _dedupe(reports: Iterable[Report]) -> list[Report]:
    """One report per (type, overlapping span), like promptguard's overlap resolution."""
    kept: list[Report] = []
    for report in sorted(set(reports), key=lambda r: (r[0], -(r[1] - r[0]))):
        if not any(k[2] == report[2] and k[0] < report[1] and report[0] < k[1] for k in kept):
            kept.append(report)
    return kept


def _group(tallies: dict[str, Tally], types: set[str] | frozenset[str]) -> Tally:
    total = Tally()
    for type_ in types:
        tally = tallies.get(type_)
        if tally is not None:
            total.labels += tally.labels
            total.found += tally.found
            total.exact += tally.exact
            total.reports += tally.reports
            total.true_reports += tally.true_reports
    return total


def _table(title: str, tallies: dict[str, Tally], seconds: float, ndocs: int) -> None:
    print(f"\n{title}  ({ndocs} documents, {seconds * 1000 / ndocs:.2f} ms/doc)")
    print(f"  {'type':<22}{'labels':>7}{'recall':>8}{'prec':>8}{'F1':>7}{'exact':>7}{'reports':>9}")
    rows = [(name, _group(tallies, types)) for name, types in GROUPS]
    rows += [(f"  {t}", tallies[t]) for t in sorted(NATIONAL_IDS) if t in tallies]
    for name, tally in rows:
        exact = f"{tally.exact / tally.found:.2f}" if tally.found else "-"
        print(
            f"  {name:<22}{tally.labels:>7}{tally.recall():>8.3f}{tally.precision():>8.3f}{tally.f1():>7.3f}{exact:>7}{tally.reports:>9}"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=720)
    parser.add_argument("--min-confidence", type=float, default=0.5, help="promptguard's threshold (hook default 0.5)")
    parser.add_argument("--presidio-threshold", type=float, default=0.0, help="Presidio score threshold (its default 0)")
    parser.add_argument("--errors", action="store_true", help="list misses and false alarms (values masked)")
    args = parser.parse_args(argv)

    docs = list(documents(seed=args.seed, count=args.count))
    runs: list[tuple[str, Finder | None]] = [
        (f"promptguard (rules only, min confidence {args.min_confidence:g})", promptguard_finder(args.min_confidence)),
        (f"presidio-analyzer pattern recognizers (no NLP model, score >= {args.presidio_threshold:g})",
         presidio_finder(args.presidio_threshold)),
    ]  # fmt: skip
    for title, finder in runs:
        if finder is None:
            print(f"\n{title}: skipped (presidio-analyzer is not installed: pip install presidio-analyzer)")
            continue
        tallies, seconds = score(docs, finder)
        _table(title, tallies, seconds, len(docs))
        if args.errors:
            for _, tally in sorted(tallies.items()):
                for line in tally.misses:
                    print(f"    miss   {line}")
                for line in tally.alarms:
                    print(f"    alarm  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
