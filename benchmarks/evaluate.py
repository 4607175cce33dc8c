"""Recall, precision and F1 on the labeled corpus, for promptguard and its peers in one run.

    python -m benchmarks.evaluate                 # secrets: promptguard vs detect-secrets
    python -m benchmarks.evaluate --kind pii      # personal data (see benchmarks/eval_pii.py for Presidio)
    python -m benchmarks.evaluate --errors        # also list misses and false alarms (masked)

Scoring: a labeled value counts as found when a reported span overlaps it (a secret
reported through a decoded view is reported on the encoded text, which is what the
label covers). A reported span that overlaps no label is a false alarm. Recall is per
label type; precision is over all reports of the tool for that kind.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

Span = tuple[int, int]
Finder = Callable[[str], list[tuple[int, int, str]]]


@dataclass
class Score:
    found: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    total: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    reports: int = 0
    false_alarms: int = 0
    misses: list[str] = field(default_factory=list)
    alarms: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def recall(self) -> float:
        total = sum(self.total.values())
        return sum(self.found.values()) / total if total else 1.0

    @property
    def precision(self) -> float:
        return (self.reports - self.false_alarms) / self.reports if self.reports else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _mask(value: str) -> str:
    from promptguard.finding import mask

    return mask(value)


def score(docs: Sequence[dict[str, object]], finder: Finder, kind: str) -> Score:
    result = Score()
    start = time.perf_counter()
    for doc in docs:
        text = str(doc["text"])
        labels = [lab for lab in doc["labels"] if lab["kind"] == kind]  # type: ignore[attr-defined]
        reported = finder(text)
        for label in labels:
            result.total[label["type"]] += 1
            if any(s < label["end"] and label["start"] < e for s, e, _ in reported):
                result.found[label["type"]] += 1
            else:
                result.misses.append(f"{doc['id']}: {label['type']} {_mask(text[label['start'] : label['end']])}")
        for s, e, rule in reported:
            result.reports += 1
            if not any(s < lab["end"] and lab["start"] < e for lab in labels):
                result.false_alarms += 1
                result.alarms.append(f"{doc['id']}: {rule} {_mask(text[s:e])}")
    result.seconds = time.perf_counter() - start
    return result


def promptguard_finder(kind: str) -> Finder:
    from promptguard.config import Config
    from promptguard.scanner import Scanner

    scanner = Scanner(Config(), detectors=())

    def find(text: str) -> list[tuple[int, int, str]]:
        return [(f.start, f.end, f.rule_id) for f in scanner.scan(text) if f.kind == kind]

    return find


def detect_secrets_finder() -> Finder | None:
    try:
        from promptguard.detectors.detect_secrets import make_detector
    except ImportError:
        return None
    from promptguard.config import Config

    detector = make_detector(Config())

    def find(text: str) -> list[tuple[int, int, str]]:
        return [(h.start, h.end, h.type) for h in detector.find(text)]

    return find


def load_docs(kind: str) -> list[dict[str, object]]:
    if kind == "secret":
        from benchmarks.secret_corpus import documents

        return list(documents())
    from benchmarks.pii_corpus import documents as pii_documents  # type: ignore[import-not-found,unused-ignore]

    return list(pii_documents())


def render(tools: Iterable[tuple[str, Score]], out: Callable[[str], object] = print) -> None:
    tools = list(tools)
    types = sorted({t for _, s in tools for t in s.total})
    names = [name for name, _ in tools]
    out(f"{'type':<28}" + "".join(f"{name + ' recall':>26}" for name in names) + f"{'labels':>8}")
    for t in types:
        row = f"{t:<28}"
        for _, s in tools:
            row += f"{s.found[t] / s.total[t] if s.total[t] else 0:>26.3f}"
        out(row + f"{tools[0][1].total[t]:>8}")
    out("")
    out(f"{'overall':<28}{'recall':>10}{'precision':>11}{'F1':>8}{'reports':>9}{'false':>7}{'seconds':>9}")
    for name, s in tools:
        out(f"{name:<28}{s.recall:>10.3f}{s.precision:>11.3f}{s.f1:>8.3f}{s.reports:>9}{s.false_alarms:>7}{s.seconds:>9.2f}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", choices=("secret", "pii"), default="secret")
    parser.add_argument("--errors", action="store_true", help="list promptguard's misses and false alarms (masked)")
    args = parser.parse_args(argv)
    docs = load_docs(args.kind)
    labels = sum(1 for d in docs for lab in d["labels"] if lab["kind"] == args.kind)  # type: ignore[attr-defined]
    print(f"{len(docs)} documents, {labels} labeled {args.kind} values")
    tools = [("promptguard", score(docs, promptguard_finder(args.kind), args.kind))]
    if args.kind == "secret":
        peer = detect_secrets_finder()
        if peer is not None:
            tools.append(("detect-secrets", score(docs, peer, "secret")))
        else:
            print("detect-secrets: not installed, skipped")
    render(tools)
    if args.errors:
        ours = tools[0][1]
        for line in ours.misses:
            print("MISS  " + line)
        for line in ours.alarms:
            print("FALSE " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
