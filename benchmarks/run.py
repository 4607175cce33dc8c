"""Every performance figure in one command, next to baselines measured in the same run.

    python benchmarks/run.py                 # all figures (20 MB corpus, 2 GB stream/file)
    python benchmarks/run.py --quick         # small sizes: a smoke run in about a minute
    python benchmarks/run.py --only throughput,latency --json out.json

Figures (see docs/performance.md for targets and how to read them):

* throughput - ``Scanner.scan_file`` over one generated mixed corpus file (default
  20 MB), one process, next to detect-secrets' plugins over the same text in the same
  process, and kingfisher (``pip install kingfisher-bin``) over the same file if installed;
* latency    - a 4 KB prompt through a warm ``Scanner`` (p50 and p99);
* cold       - whole-process ``promptguard scan -`` on a 1 KB prompt and
  ``promptguard hook claude-code``, next to ``python -c pass``;
* memory     - peak RSS of ``promptguard scan`` over a 2 GB stdin stream (generated on
  the fly) and a 2 GB file (written, scanned, deleted);
* jobs       - a directory of files with ``--jobs 1`` and ``--jobs 2``.

The machine may be shared and noisy, so every figure is printed as a ratio against a
baseline measured in the same run. Corpora are generated deterministically under
``benchmarks/.data/`` (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import corpus  # noqa: E402

DATA = ROOT / "benchmarks" / ".data"
MB = 1_000_000
FIGURES = ("throughput", "latency", "cold", "memory", "jobs")


@dataclass
class Row:
    figure: str
    value: str
    baseline: str = ""
    ratio: str = ""
    target: str = ""
    ok: bool | None = None
    raw: dict[str, float | str] = field(default_factory=dict)


# -- helpers ---------------------------------------------------------------------------


def _promptguard() -> list[str]:
    script = shutil.which("promptguard", path=os.path.dirname(sys.executable))
    return [script] if script else [sys.executable, "-m", "promptguard"]


def _wall(command: Sequence[str], stdin: bytes = b"", ok_codes: tuple[int, ...] = (0, 1)) -> float:
    start = time.perf_counter()
    proc = subprocess.run(command, input=stdin, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode not in ok_codes:
        raise RuntimeError(f"{' '.join(command)} exited {proc.returncode}: {proc.stderr.decode(errors='replace')[-400:]}")
    return elapsed


def _quantile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _fmt_ratio(x: float) -> str:
    return f"{x:.1f}x" if x < 100 else f"{x:.0f}x"


def _scanner(accelerate: bool | None = None) -> object:
    from promptguard.config import Config
    from promptguard.scanner import Scanner

    return Scanner(Config(), accelerate=accelerate)


def _variants() -> list[tuple[str, bool]]:
    """The engines to measure: plain, and with the Hyperscan prefilter if installed."""
    import importlib.util

    plain = [("promptguard", False)]
    return [*plain, ("promptguard[fast]", True)] if importlib.util.find_spec("hyperscan") else plain


# -- throughput ------------------------------------------------------------------------


def _detect_secrets_rate(path: Path, limit: int) -> tuple[float, int, int]:
    """MB/s of detect-secrets' default plugins over the first ``limit`` bytes of ``path``."""
    from detect_secrets.core.scan import scan_file
    from detect_secrets.settings import default_settings

    text = path.read_text(encoding="utf-8")[:limit]
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp, "sample.txt")
        sample.write_text(text, encoding="utf-8")
        with default_settings():
            start = time.perf_counter()
            found = sum(1 for _ in scan_file(str(sample)))
            elapsed = time.perf_counter() - start
    size = len(text.encode())
    return size / MB / elapsed, found, size


def _kingfisher() -> str | None:
    return shutil.which("kingfisher", path=os.path.dirname(sys.executable)) or shutil.which("kingfisher")


def _kingfisher_rate(path: Path) -> tuple[float, float]:
    """(MB/s over the whole process, seconds) of kingfisher on one file, one thread."""
    exe = _kingfisher()
    assert exe is not None
    command = [exe, "scan", str(path), "--no-validate", "--no-update-check", "-q", "-j", "1", "--format", "json"]
    _wall(command, ok_codes=(0, 200, 205))  # warm its rule cache and the OS file cache
    elapsed = min(_wall(command, ok_codes=(0, 200, 205)) for _ in range(2))
    return path.stat().st_size / MB / elapsed, elapsed


def throughput(size_mb: int, ds_mb: int) -> list[Row]:
    path = corpus.ensure_file(DATA / f"mixed-{size_mb}mb.txt", size_mb * MB)
    size = path.stat().st_size
    with path.open(encoding="utf-8") as handle:
        head = handle.read(256 * 1024)
    rates: list[tuple[str, float, int, float]] = []
    for name, accelerate in _variants():
        scanner = _scanner(accelerate)
        # Warm: compile the hot rules (and load the Hyperscan database, if used).
        scanner.scan(head)  # type: ignore[attr-defined]
        start = time.perf_counter()
        findings = scanner.scan_file(path)  # type: ignore[attr-defined]
        elapsed = time.perf_counter() - start
        rates.append((name, size / MB / elapsed, len(findings), elapsed))
    ds_rate, ds_found, ds_size = _detect_secrets_rate(path, ds_mb * MB)
    kf = _kingfisher_rate(path) if _kingfisher() else None
    rows = []
    for name, rate, found, elapsed in rates:
        rows.append(
            Row(
                f"throughput {name} vs detect-secrets",
                f"{rate:.1f} MB/s ({found} findings in {size / MB:.0f} MB)",
                f"detect-secrets {ds_rate:.2f} MB/s (first {ds_size / MB:.0f} MB, {ds_found} findings)",
                _fmt_ratio(rate / ds_rate),
                ">= 50x",
                rate / ds_rate >= 50,
                {"promptguard_mb_s": rate, "detect_secrets_mb_s": ds_rate, "seconds": elapsed, "engine": name},
            )
        )
        if kf is None:
            rows.append(Row(f"throughput {name} vs kingfisher", "skipped: kingfisher not installed (pip install kingfisher-bin)"))
            continue
        rows.append(
            Row(
                f"throughput {name} vs kingfisher",
                f"{rate:.1f} MB/s",
                f"kingfisher {kf[0]:.1f} MB/s (whole process, -j 1, --no-validate)",
                _fmt_ratio(rate / kf[0]),
                ">= 3x",
                rate / kf[0] >= 3,
                {"kingfisher_mb_s": kf[0], "kingfisher_seconds": kf[1], "engine": name},
            )
        )
    if len({found for _, _, found, _ in rates}) > 1:
        raise SystemExit("the Hyperscan prefilter changed the number of findings: a bug, please report it")
    return rows


# -- latency ---------------------------------------------------------------------------


def latency(runs: int) -> list[Row]:
    text = corpus.make_text(200 * 4096, seed=corpus.DEFAULT_SEED + 1)
    prompts = [text[i * 4096 : (i + 1) * 4096] for i in range(200)]
    ds = _detect_secrets_prompt_ms(prompts[:50])
    rows = []
    for name, accelerate in _variants():
        scanner = _scanner(accelerate)
        for prompt in prompts:  # warm: every rule these prompts reach is compiled
            scanner.scan(prompt)  # type: ignore[attr-defined]
        times: list[float] = []
        for i in range(runs):
            prompt = prompts[i % len(prompts)]
            start = time.perf_counter()
            scanner.scan(prompt)  # type: ignore[attr-defined]
            times.append(time.perf_counter() - start)
        p50, p99 = _quantile(times, 0.5) * 1000, _quantile(times, 0.99) * 1000
        rows.append(
            Row(
                f"latency 4 KB prompt, warm Scanner, {name}" + (" (accelerate=True)" if accelerate else ""),
                f"p50 {p50:.2f} ms, p99 {p99:.2f} ms",
                f"detect-secrets p50 {ds:.1f} ms",
                _fmt_ratio(ds / p50),
                "p50 <= 0.5 ms, p99 <= 2 ms",
                p50 <= 0.5 and p99 <= 2,
                {"p50_ms": p50, "p99_ms": p99, "detect_secrets_p50_ms": ds, "engine": name},
            )
        )
    return rows


def _detect_secrets_prompt_ms(prompts: Sequence[str]) -> float:
    from detect_secrets.core.scan import scan_file
    from detect_secrets.settings import default_settings

    times = []
    with tempfile.TemporaryDirectory() as tmp, default_settings():
        for i, prompt in enumerate(prompts):
            path = Path(tmp, f"p{i}.txt")
            path.write_text(prompt, encoding="utf-8")
            start = time.perf_counter()
            list(scan_file(str(path)))
            times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


# -- cold start ------------------------------------------------------------------------


def cold(runs: int) -> list[Row]:
    from benchmarks.hook_latency import ensure_bytecode

    ensure_bytecode()  # as a wheel install has it; see benchmarks/hook_latency.py
    prompt = corpus.make_text(1024, seed=corpus.DEFAULT_SEED + 2)[:1024].encode()
    base_cmd = [sys.executable, "-c", "pass"]
    scan_cmd = [*_promptguard(), "scan", "-"]
    commands: dict[str, tuple[list[str], bytes]] = {"scan": (scan_cmd, prompt)}
    hook_help = subprocess.run([*_promptguard(), "hook", "claude-code", "--help"], capture_output=True, check=False)
    if hook_help.returncode == 0:
        from benchmarks.hook_latency import prompt_payload

        commands["hook"] = ([*_promptguard(), "hook", "claude-code"], prompt_payload(1024))
    for command, stdin in commands.values():
        _wall(command, stdin, ok_codes=(0, 1, 2))  # warm: rule cache, OS file cache
    times: dict[str, list[float]] = {"base": [], **{name: [] for name in commands}}
    for _ in range(runs):  # interleaved, so machine noise hits all alike
        times["base"].append(_wall(base_cmd))
        for name, (command, stdin) in commands.items():
            times[name].append(_wall(command, stdin, ok_codes=(0, 1, 2)))
    base = statistics.median(times["base"]) * 1000
    rows = []
    labels = {"scan": "cold start `promptguard scan -` (1 KB)", "hook": "cold start `promptguard hook claude-code`"}
    for name in commands:
        median = statistics.median(times[name]) * 1000
        rows.append(
            Row(
                labels[name],
                f"{median:.0f} ms",
                f"python -c pass {base:.0f} ms",
                _fmt_ratio(median / base),
                "<= 4x",
                median / base <= 4,
                {"ms": median, "python_pass_ms": base},
            )
        )
    if "hook" not in commands:
        rows.append(Row(labels["hook"], "skipped: `promptguard hook claude-code` not available"))
    return rows


# -- memory ----------------------------------------------------------------------------

_RSS_WRAPPER = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=False).returncode  # stdin inherited
elapsed = time.perf_counter() - start
print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, elapsed)
"""


def _corpus_blocks(total: int) -> Iterator[bytes]:
    """``total`` bytes of corpus, cycling a 16 MB block (fast enough to feed a scanner)."""
    block = corpus.make_text(16 * MB, seed=corpus.DEFAULT_SEED + 3).encode()
    sent = 0
    while sent < total:
        piece = block[: total - sent]
        sent += len(piece)
        yield piece


def _peak_rss(command: Sequence[str], feed: Iterator[bytes] | None) -> tuple[float, float]:
    """(peak RSS in MB, seconds) of ``command``; ``feed`` is streamed to its stdin."""
    wrapper = [sys.executable, "-c", _RSS_WRAPPER, *command]
    stdin = subprocess.PIPE if feed is not None else subprocess.DEVNULL
    proc = subprocess.Popen(wrapper, stdin=stdin, stdout=subprocess.PIPE)
    if feed is not None:
        assert proc.stdin is not None

        def pump() -> None:
            assert proc.stdin is not None
            try:
                for piece in feed:
                    proc.stdin.write(piece)
            finally:
                proc.stdin.close()

        thread = threading.Thread(target=pump, daemon=True)
        thread.start()
    assert proc.stdout is not None
    out = proc.stdout.read()
    proc.wait()
    code, rss_kb, elapsed = out.decode().split()
    if int(code) not in (0, 1):
        raise RuntimeError(f"{' '.join(command)} exited {code}")
    return int(rss_kb) / 1024, float(elapsed)


def memory(size_mb: int) -> list[Row]:
    total = size_mb * MB
    rows = []
    rss, seconds = _peak_rss([*_promptguard(), "scan", "-", "--quiet"], _corpus_blocks(total))
    rows.append(_memory_row(f"memory {size_mb} MB stdin stream", rss, seconds, total))
    path = DATA / "big.txt"
    DATA.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("wb") as handle:
            for piece in _corpus_blocks(total):
                handle.write(piece)
        rss, seconds = _peak_rss([*_promptguard(), "scan", str(path), "--quiet", "--max-file-size", "0"], None)
        rows.append(_memory_row(f"memory {size_mb} MB file", rss, seconds, total))
    finally:
        path.unlink(missing_ok=True)
    return rows


def _memory_row(label: str, rss: float, seconds: float, total: int) -> Row:
    return Row(
        label,
        f"peak RSS {rss:.0f} MB ({total / MB / seconds:.1f} MB/s)",
        target="<= 200 MB",
        ok=rss <= 200,
        raw={"peak_rss_mb": rss, "seconds": seconds},
    )


# -- parallel directories --------------------------------------------------------------


def jobs(files: int, file_kb: int) -> list[Row]:
    root = DATA / f"tree-{files}x{file_kb}kb"
    stamp = root / ".complete"
    if not stamp.exists():
        shutil.rmtree(root, ignore_errors=True)
        text = corpus.make_text(files * file_kb * 1024, seed=corpus.DEFAULT_SEED + 4)
        for i in range(files):
            sub = root / f"d{i % 10}"
            sub.mkdir(parents=True, exist_ok=True)
            (sub / f"f{i}.txt").write_text(text[i * file_kb * 1024 : (i + 1) * file_kb * 1024], encoding="utf-8")
        stamp.write_text("ok")
    command = [*_promptguard(), "scan", str(root), "--quiet", "--format", "json"]
    _wall([*command, "--jobs", "1"])
    one = min(_wall([*command, "--jobs", "1"]) for _ in range(2))
    two = min(_wall([*command, "--jobs", "2"]) for _ in range(2))
    cores = os.cpu_count() or 1
    return [
        Row(
            f"directory {files} files x {file_kb} KB, --jobs 2 vs --jobs 1",
            f"{one:.2f} s -> {two:.2f} s",
            f"{cores} CPU cores",
            _fmt_ratio(one / two),
            "near 2x",
            one / two >= 1.6 if cores >= 2 else None,
            {"jobs1_s": one, "jobs2_s": two},
        )
    ]


# -- report ----------------------------------------------------------------------------


def _print(rows: Sequence[Row], base_ms: float) -> None:
    print(
        f"\npromptguard benchmarks  (python {sys.version.split()[0]}, {os.cpu_count()} cores, python -c pass = {base_ms:.0f} ms)\n"
    )
    headers = ("figure", "promptguard", "baseline (same run)", "ratio", "target", "")
    table = [headers] + [
        (r.figure, r.value, r.baseline, r.ratio, r.target, "" if r.ok is None else ("ok" if r.ok else "MISS")) for r in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(headers))]
    for i, row in enumerate(table):
        print("  ".join(cell.ljust(widths[j]) for j, cell in enumerate(row)).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (smoke run)")
    parser.add_argument("--only", help=f"comma-separated subset of: {','.join(FIGURES)}")
    parser.add_argument("--size", type=int, help="throughput corpus size in MB (default 20; --quick 4)")
    parser.add_argument("--big", type=int, help="memory-test stream/file size in MB (default 2048; --quick 64)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    chosen = args.only.split(",") if args.only else list(FIGURES)
    unknown = set(chosen) - set(FIGURES)
    if unknown:
        parser.error(f"unknown figure(s): {', '.join(sorted(unknown))}")
    size = args.size or (4 if args.quick else 20)
    big = args.big or (64 if args.quick else 2048)
    plan: dict[str, Callable[[], list[Row]]] = {
        "throughput": lambda: throughput(size, min(size, 1 if args.quick else 2)),
        "latency": lambda: latency(300 if args.quick else 2000),
        "cold": lambda: cold(5 if args.quick else 21),
        "memory": lambda: memory(big),
        "jobs": lambda: jobs(40 if args.quick else 200, 50),
    }
    base_ms = statistics.median(_wall([sys.executable, "-c", "pass"]) for _ in range(5)) * 1000
    rows: list[Row] = []
    for name in FIGURES:
        if name in chosen:
            print(f"running {name}...", file=sys.stderr, flush=True)
            rows.extend(plan[name]())
    _print(rows, base_ms)
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ for r in rows], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
