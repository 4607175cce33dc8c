"""How well promptguard covers the examples other scanners ship with their rules.

    python -m benchmarks.peer_coverage [--corpus ../shared/corpus/peer-examples.jsonl] [--list]

Reads the peer example corpus (noseyparker, kingfisher, gitleaks; see its README) and
reports:

* of the ``expect: match`` examples whose provider promptguard claims (some rule has
  that ``provider``), the share in which promptguard reports a secret (target ≥ 97%),
  with the misses listed by provider;
* the ``expect: no_match`` examples promptguard flags, each with the rule that fired.
  A no_match row only says that one peer rule should not fire on that text; some are
  real credentials of another format, so each flag is to be read, not just counted.

Values are masked in everything printed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "peer-examples.jsonl"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--list", action="store_true", help="list every miss (masked)")
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        print(f"peer corpus not found at {args.corpus}; pass --corpus", file=sys.stderr)
        return 2

    from promptguard.config import Config
    from promptguard.finding import mask
    from promptguard.scanner import Scanner

    scanner = Scanner(Config(kinds=("secret",)), detectors=())
    claimed = {r.provider for r in scanner.rules if r.provider}
    rows = [json.loads(line) for line in args.corpus.read_text(encoding="utf-8").splitlines() if line.strip()]

    positives = [r for r in rows if r["expect"] == "match" and r["provider_hint"] in claimed]
    unclaimed = Counter(r["provider_hint"] for r in rows if r["expect"] == "match" and r["provider_hint"] not in claimed)
    misses: dict[str, list[str]] = defaultdict(list)
    hit = 0
    for row in positives:
        if scanner.scan(row["text"]):
            hit += 1
        else:
            misses[row["provider_hint"]].append(row["text"])
    share = hit / len(positives) if positives else 1.0
    print(f"providers claimed: {len(claimed)}; peer positives for them: {len(positives)}; found: {hit} ({share:.1%})")
    print(f"peer positives for providers we do not claim: {sum(unclaimed.values())} over {len(unclaimed)} providers")
    for provider, texts in sorted(misses.items(), key=lambda kv: -len(kv[1])):
        print(f"  missed {len(texts):>3}  {provider}")
        if args.list:
            for text in texts:
                print(f"           {_masked_text(text, mask)}")

    negatives = [r for r in rows if r["expect"] == "no_match"]
    flagged = []
    for row in negatives:
        found = scanner.scan(row["text"])
        if found:
            flagged.append((row, found))
    print(f"\npeer no_match examples: {len(negatives)}; flagged by promptguard: {len(flagged)}")
    for row, found in flagged:
        rules = ", ".join(sorted({f.rule_id for f in found}))
        print(f"  {row['rule_id']:<40} -> {rules}  [{', '.join(f.masked for f in found)}]")
    return 0


def _masked_text(text: str, mask: object) -> str:
    line = text.replace("\n", "\\n")
    return line[:60] + ("…" if len(line) > 60 else "")


if __name__ == "__main__":
    sys.exit(main())
