"""What the fixed costs under promptguard's speed figures are, measured in one run.

    python -m benchmarks.floors            # 2 MB of the mixed corpus, 200 4 KB prompts, 21 process runs

The throughput, latency and cold-start figures of ``benchmarks/run.py`` sit on costs no
rule work can remove. This prints them, each next to what the same run measures for the
whole job:

* the Hyperscan pass alone (``HyperscanPrefilter.ends``: the engine plus handing its
  candidate match ends to Python) on 2 MB of the corpus and on 4 KB prompts, next to a
  whole accelerated scan of the same text (needs the ``fast`` extra);
* the same engine with a callback that does nothing, on the 4 KB prompts;
* the wall time of ``python -c pass``, of ``python -c "import re; import
  promptguard.cli"`` (what the console script imports before it does anything) and of
  the Claude Code hook on a 2 KB prompt.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence

from benchmarks import corpus
from benchmarks.hook_latency import ensure_bytecode, hook_command, prompt_payload


def _median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _process_ms(command: Sequence[str], runs: int, stdin: bytes = b"") -> float:
    return _median_ms(lambda: subprocess.run(command, input=stdin, capture_output=True, check=False), runs)


def hyperscan_rows(size: int, prompts: int) -> list[str]:
    from promptguard.config import Config
    from promptguard.scanner import Scanner

    scanner = Scanner(Config(), accelerate=True)
    accel = scanner._accelerator()  # builds the database if it is not cached yet
    if accel is None:
        return ["hyperscan pass: skipped (pip install 'promptguard[fast]')"]
    from promptguard.hyperscan_prefilter import _as_bytes

    text = corpus.make_text(size)
    scanner.scan(text[: 256 * 1024])  # warm: compile the hot rules
    pass_ms = _median_ms(lambda: accel.ends(text), 3)
    scan_ms = _median_ms(lambda: scanner.scan(text), 3)
    mb = len(text.encode()) / 1e6
    slices = [text[i * 4096 : (i + 1) * 4096] for i in range(prompts)]
    for piece in slices:
        scanner.scan(piece)
    ends_ms = _median_ms(lambda: [accel.ends(piece) for piece in slices], 5) / prompts
    whole_ms = _median_ms(lambda: [scanner.scan(piece) for piece in slices], 5) / prompts
    database, scratch = accel._database, accel._scratch()
    data = [_as_bytes(piece) for piece in slices]
    engine_ms = (
        _median_ms(lambda: [database.scan(d, match_event_handler=lambda *a: None, scratch=scratch) for d in data], 5) / prompts
    )
    return [
        f"{mb:.1f} MB: hyperscan pass {pass_ms:.0f} ms ({mb / pass_ms * 1000:.1f} MB/s); "
        f"whole accelerated scan {scan_ms:.0f} ms ({mb / scan_ms * 1000:.1f} MB/s)",
        f"4 KB prompt (mean of {prompts}): engine with a no-op callback {engine_ms:.3f} ms; "
        f"hyperscan pass {ends_ms:.3f} ms; whole accelerated scan {whole_ms:.3f} ms",
    ]


def process_rows(runs: int) -> list[str]:
    ensure_bytecode()
    python = sys.executable
    bare = _process_ms([python, "-c", "pass"], runs)
    imports = _process_ms([python, "-c", "import re; import promptguard.cli"], runs)
    hook = _process_ms(hook_command(), runs, prompt_payload())
    return [
        f"python -c pass {bare:.1f} ms; import promptguard.cli {imports:.1f} ms ({imports / bare:.1f}x); "
        f"hook claude-code on 2 KB {hook:.1f} ms ({hook / bare:.1f}x)"
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--size", type=int, default=2_000_000, help="characters of corpus for the pass (default 2 MB)")
    parser.add_argument("--prompts", type=int, default=200, help="4 KB prompts (default 200)")
    parser.add_argument("-n", "--runs", type=int, default=21, help="process runs each (default 21)")
    args = parser.parse_args(argv)
    for line in hyperscan_rows(args.size, args.prompts) + process_rows(args.runs):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
