"""atheris fuzz target: the scanner and the decoders on arbitrary bytes.

Short run (CI does this):   python tests/fuzz/fuzz_scanner.py -runs=3000
Long run:                   python tests/fuzz/fuzz_scanner.py -max_total_time=3600 corpus_dir/
Any exception, or a finding whose span does not hold its value, is a crash.
"""

from __future__ import annotations

import sys

from promptguard.config import Config
from promptguard.redact import apply
from promptguard.scanner import Scanner
from promptguard.source import BinaryInput, decode_bytes

SCANNER = Scanner(Config(), detectors=())


def test_one_input(data: bytes) -> None:
    try:
        text = decode_bytes(data)
    except BinaryInput:
        text = data.decode("latin-1")
    findings = SCANNER.scan(text)
    for finding in findings:
        if text[finding.start : finding.end] != finding.value:
            raise AssertionError("span does not hold the value")
    redacted = apply(text, findings)
    if apply(redacted, SCANNER.scan(redacted)) != redacted:
        raise AssertionError("redaction is not idempotent")


def main() -> None:
    import atheris

    atheris.instrument_all()
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
