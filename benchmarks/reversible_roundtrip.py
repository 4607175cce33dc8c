"""Reversible redaction on the labeled corpora: does every document come back exactly?

    python -m benchmarks.reversible_roundtrip                # secret + PII corpora, mixed text
    python -m benchmarks.reversible_roundtrip --encrypted    # with a vault key (needs cryptography)
    python -m benchmarks.reversible_roundtrip --json

For every document: ``redact --reversible`` (scan + vault allocate-or-get, one
namespace per document), then ``restore`` and ``restore_stream`` (64-character
chunks) of the redacted text. A document round-trips when both give back the
original exactly. Also counted: detected values still present in the redacted text
(must be 0) and labeled values the scanner missed (those stay in clear text by
design: they are a recall figure, see benchmarks/evaluate.py, not a round-trip
failure). Throughput is UTF-8 megabytes of input per second, next to plain
(irreversible) redaction measured in the same run. A last pass pipes the mixed text
through the real CLI: ``promptguard redact --reversible | promptguard restore``.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from promptguard.redact import apply
from promptguard.reversible import redact_reversible, restore, restore_stream
from promptguard.scanner import Scanner
from promptguard.vault import Vault

MB = 1_000_000


@dataclass
class Row:
    corpus: str
    documents: int = 0
    round_tripped: int = 0
    megabytes: float = 0.0
    findings: int = 0
    detected_left: int = 0
    labels: int = 0
    labels_missed: int = 0
    redact_seconds: float = 0.0
    restore_seconds: float = 0.0
    stream_seconds: float = 0.0
    plain_seconds: float = 0.0

    def rate(self, seconds: float) -> float:
        return self.megabytes / seconds if seconds else 0.0


def _chunks(text: str, size: int = 64) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)]


def measure(name: str, docs: Iterable[dict[str, object]], scanner: Scanner, vault: Vault) -> Row:
    row = Row(name)
    for doc in docs:
        text = str(doc["text"])
        namespace = str(doc.get("id", f"{name}-{row.documents}"))
        row.documents += 1
        row.megabytes += len(text.encode("utf-8", "surrogatepass")) / MB

        start = time.perf_counter()
        plain = apply(text, scanner.scan(text))
        row.plain_seconds += time.perf_counter() - start
        del plain

        start = time.perf_counter()
        result = redact_reversible(text, vault=vault, namespace=namespace, scanner=scanner)
        row.redact_seconds += time.perf_counter() - start
        start = time.perf_counter()
        back = restore(result.text, vault=vault, namespace=namespace)
        row.restore_seconds += time.perf_counter() - start
        start = time.perf_counter()
        streamed = "".join(restore_stream(_chunks(result.text), vault=vault, namespace=namespace))
        row.stream_seconds += time.perf_counter() - start

        row.round_tripped += back == text and streamed == text
        row.findings += len(result.findings)
        row.detected_left += sum(1 for f in result.findings if f.value in result.text)
        labels = doc.get("labels", [])
        assert isinstance(labels, list)
        row.labels += len(labels)
        row.labels_missed += sum(1 for label in labels if text[label["start"] : label["end"]] in result.text)
    return row


def _mixed(count: int, size: int = 4096) -> list[dict[str, object]]:
    from benchmarks.corpus import iter_corpus

    docs: list[dict[str, object]] = []
    parts: list[str] = []
    for section in iter_corpus():
        parts.append(section)
        if sum(map(len, parts)) >= size:
            docs.append({"id": f"mixed-{len(docs):05d}", "text": "".join(parts)})
            parts = []
            if len(docs) == count:
                return docs
    raise AssertionError("unreachable")


def cli_pass(text: str, vault_path: Path, env: dict[str, str]) -> tuple[bool, float]:
    """``redact --reversible | restore`` through the real CLI; (round-tripped, seconds)."""
    base = [sys.executable, "-m", "promptguard"]
    common = ["--vault", str(vault_path), "--namespace", "cli-pass"]
    start = time.perf_counter()
    red = subprocess.run(
        [*base, "redact", "--reversible", "-q", *common, "-"], input=text.encode(), capture_output=True, env=env, check=False
    )
    back = subprocess.run([*base, "restore", *common], input=red.stdout, capture_output=True, env=env, check=False)
    seconds = time.perf_counter() - start
    ok = red.returncode == 0 and back.returncode == 0 and back.stdout.decode() == text
    if not ok:  # stderr never holds a value; say which step failed and how
        print(f"CLI pass: redact exit {red.returncode}, restore exit {back.returncode}", file=sys.stderr)
        print((red.stderr + back.stderr).decode(errors="replace")[-2000:], file=sys.stderr)
    return ok, seconds


def render(rows: Sequence[Row], cli: tuple[bool, float, float], encrypted: bool) -> None:
    print(f"vault: {'AES-GCM encrypted' if encrypted else 'plain text (0600 file)'}")
    head = f"{'corpus':<8}{'round-tripped':>16}{'MB':>7}{'findings':>10}{'left':>6}{'missed':>11}"
    head += f"{'redact MB/s':>13}{'restore MB/s':>14}{'stream MB/s':>13}{'plain redact MB/s':>19}"
    print(head)
    for r in rows:
        print(
            f"{r.corpus:<8}{f'{r.round_tripped}/{r.documents}':>16}{r.megabytes:>7.2f}{r.findings:>10}{r.detected_left:>6}"
            f"{f'{r.labels_missed}/{r.labels}' if r.labels else '-':>11}"
            f"{r.rate(r.redact_seconds):>13.2f}{r.rate(r.restore_seconds):>14.2f}{r.rate(r.stream_seconds):>13.2f}"
            f"{r.rate(r.plain_seconds):>19.2f}"
        )
    ok, seconds, megabytes = cli
    print(f"CLI redact --reversible | restore on {megabytes:.2f} MB: {'round-tripped' if ok else 'FAILED'} in {seconds:.2f} s")
    print("left = detected values still in the redacted text (must be 0); missed = labeled values the scanner did not find")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--encrypted", action="store_true", help="use a (random, throwaway) vault key")
    parser.add_argument("--mixed", type=int, default=250, metavar="N", help="mixed-text documents of ~4 KB (default 250)")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    args = parser.parse_args(argv)

    from benchmarks.pii_corpus import documents as pii_documents
    from benchmarks.secret_corpus import documents as secret_documents

    key = secrets.token_urlsafe(32) if args.encrypted else None
    scanner = Scanner()
    scanner.scan("warm-up: prefilter and rule compilation are not what this measures")
    with tempfile.TemporaryDirectory() as tmp:
        vault_path = Path(tmp) / "bench.sqlite3"
        with Vault(vault_path, key=key) as vault:
            mixed = _mixed(args.mixed)
            rows = [
                measure("secret", secret_documents(), scanner, vault),
                measure("pii", pii_documents(), scanner, vault),
                measure("mixed", mixed, scanner, vault),
            ]
        env = {**os.environ, **({"PROMPTGUARD_VAULT_KEY": key} if key else {})}
        text = "".join(str(doc["text"]) for doc in mixed)
        ok, seconds = cli_pass(text, vault_path, env)
    cli = (ok, seconds, len(text.encode()) / MB)
    if args.json:
        print(json.dumps({"encrypted": bool(key), "rows": [asdict(r) for r in rows], "cli": {"ok": ok, "seconds": seconds}}))
    else:
        render(rows, cli, bool(key))
    failed = any(r.round_tripped != r.documents or r.detected_left for r in rows) or not ok
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
