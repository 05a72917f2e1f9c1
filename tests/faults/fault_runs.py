"""Certify the reference server with one named fault on and read back what the kit failed.

Shared by tests/faults/ and benchmarks/fault_matrix.py, benchmarks/seeds.py and
benchmarks/mutation.py. Each run is one `lookup-conformance run --reference` subprocess in its own
process group (the kit starts the reference server as its child); at the wall-clock limit that
group, and only it, is killed. Everything listens on 127.0.0.1 only.
"""

from __future__ import annotations

import ast
import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reference_impl.faults import FAULTS, Fault

ROOT = Path(__file__).resolve().parents[2]
FAULTS_SOURCE = ROOT / "reference_impl" / "faults.py"
SEED = 1  # one fixed seed: a fault's verdict must not depend on the generated examples
RUN_TIMEOUT = 600.0  # seconds; a full run is ~90 s, an area run ~20-30 s
EXIT_OK = 0  # conformant (SHOULD failures only warn)
EXIT_FAIL = 1  # not conformant (a MUST requirement failed)
EXIT_KIT = 3  # the kit's own fault or the network
TAIL_LINES = 15


def documented(fault: Fault) -> frozenset[str]:
    """The requirement a fault is documented to break (as a set: what runs are compared to)."""
    return frozenset({fault.requirement})


def area_glob(requirement_id: str) -> str:
    """LKP-ID-013 -> 'LKP-ID-*': every requirement of the same area."""
    prefix, _, number = requirement_id.rpartition("-")
    if not prefix or not number:
        raise ValueError(f"not a requirement id: {requirement_id!r}")
    return prefix + "-*"


def include_globs(fault: Fault) -> tuple[str, ...]:
    return tuple(sorted({area_glob(r) for r in documented(fault)}))


def categories() -> dict[str, str]:
    """fault name -> category, the `# comment` heading its group in reference_impl/faults.py."""
    source = FAULTS_SOURCE.read_text(encoding="utf-8")
    lines = source.splitlines()
    found: dict[str, str] = {}
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "Fault"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            continue
        category = "uncategorised"
        for line in reversed(lines[: node.lineno - 1]):
            text = line.strip()
            if text.startswith("# "):
                category = text[2:].strip()
                break
            if text.startswith("_FAULTS"):
                break
        found[node.args[0].value] = category
    return found


@dataclass(frozen=True)
class RunOutcome:
    """What one `lookup-conformance run --reference` gave: exit code, failed ids, time."""

    faults: tuple[str, ...]
    include: tuple[str, ...]
    seed: int | None
    exit_code: int | None  # None: killed at the time limit
    seconds: float
    failed: frozenset[str] = frozenset()  # outcome "fail", any level
    must_failed: frozenset[str] = frozenset()
    errored: frozenset[str] = frozenset()  # outcome "error" (a kit error, never a failure)
    titles: Mapping[str, str] = field(default_factory=dict)
    sources: Mapping[str, frozenset[str]] = field(default_factory=dict)
    problem: str | None = None  # why there is no usable report, or None
    tail: str = ""

    @property
    def usable(self) -> bool:
        return self.problem is None


@dataclass(frozen=True)
class FaultRun:
    """One fault's certification, judged against the requirements it is documented to break."""

    fault: str
    documented: frozenset[str]
    run: RunOutcome

    @property
    def verdict(self) -> str:
        """killed | hidden | survived | error.

        killed: the failed requirements are exactly the documented ones, and the run exits 1
            (0 when they are all SHOULD requirements: a SHOULD failure warns, never fails).
        hidden: a documented requirement failed, but so did others (or not all documented ones).
        survived: no documented requirement failed.
        error: no usable report (time limit, exit 2/3, report missing).
        """
        run = self.run
        if not run.usable:
            return "error"
        expected_exit = EXIT_FAIL if run.must_failed else EXIT_OK
        if run.exit_code == expected_exit and run.failed == self.documented:
            return "killed"
        if run.failed & self.documented:
            return "hidden"
        return "survived"

    @property
    def extra(self) -> frozenset[str]:
        return self.run.failed - self.documented

    @property
    def shared(self) -> frozenset[str]:
        """Extra failures whose failing tests all failed for a documented requirement too: one
        test marked with several requirements (the kit's attribution, not the fault's reach)."""
        run = self.run
        own = set().union(*(run.sources.get(r, frozenset()) for r in self.documented))
        return frozenset(r for r in self.extra if run.sources.get(r) and run.sources[r] <= own)

    @property
    def missing(self) -> frozenset[str]:
        return self.documented - self.run.failed

    def explain(self) -> str:
        run = self.run
        parts = [
            f"fault {self.fault}: verdict {self.verdict}, exit {run.exit_code},"
            f" {run.seconds:.1f} s, include {', '.join(run.include)}",
            f"  documented: {', '.join(sorted(self.documented))}",
            f"  failed:     {', '.join(sorted(run.failed)) or '(none)'}",
        ]
        if self.missing:
            parts.append(f"  not failed though documented: {', '.join(sorted(self.missing))}")
        for rid in sorted(self.extra):
            how = " (only in tests that failed a documented one)" if rid in self.shared else ""
            parts.append(f"  also failed: {rid} {run.titles.get(rid, '')}{how}".rstrip())
        if run.errored:
            parts.append(f"  kit errors on: {', '.join(sorted(run.errored))}")
        if run.problem:
            parts.append(f"  problem: {run.problem}")
        if run.tail and run.problem:
            parts.append("  output tail:\n    " + run.tail.replace("\n", "\n    "))
        return "\n".join(parts)


def kit_command() -> list[str]:
    script = Path(sys.executable).parent / "lookup-conformance"
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-m", "conformance"]


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=10)


def _tail(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.strip().splitlines()[-TAIL_LINES:])


def read_report(path: Path) -> dict[str, Any]:
    """report.json -> the RunOutcome fields it gives (failed, must_failed, errored, titles,
    sources: per failed requirement, the tests or checks whose failing evidence the report kept).
    """
    doc = json.loads(path.read_text(encoding="utf-8"))
    failed, must, errored = set(), set(), set()
    titles: dict[str, str] = {}
    sources: dict[str, frozenset[str]] = {}
    for req in doc["requirements"]:
        rid = req["id"]
        if req["outcome"] == "fail":
            failed.add(rid)
            if req["level"] == "MUST":
                must.add(rid)
            sources[rid] = frozenset(
                str(ev.get("source", ""))
                for ev in req.get("evidence") or []
                if ev.get("outcome") == "fail"
            )
        elif req["outcome"] == "error":
            errored.add(rid)
        else:
            continue
        titles[rid] = str(req.get("title", ""))
    return {
        "failed": frozenset(failed),
        "must_failed": frozenset(must),
        "errored": frozenset(errored),
        "titles": titles,
        "sources": sources,
    }


def certify_reference(
    faults: Sequence[str] = (),
    include: Sequence[str] = (),
    *,
    seed: int | None = SEED,
    max_examples: int | None = None,
    timeout: float = RUN_TIMEOUT,
    env: Mapping[str, str] | None = None,
    extra_args: Sequence[str] = (),
    keep_reports: Path | None = None,
) -> RunOutcome:
    """One `lookup-conformance run --reference` with these faults on; bounded by `timeout`.

    `env` is added to this process's environment (e.g. PYTHONPATH for a mutated copy of
    reference_impl); `keep_reports` names a directory the reports are written to and kept in.
    """
    with tempfile.TemporaryDirectory(prefix="fault-run-") as tmp:
        report_dir, log = keep_reports or Path(tmp) / "report", Path(tmp) / "kit.log"
        cmd = [*kit_command(), "run", "--reference", "--report-dir", str(report_dir), *extra_args]
        if faults:
            cmd += ["--reference-faults", ",".join(faults)]
        for pattern in include:
            cmd += ["--include", pattern]
        if seed is not None:
            cmd += ["--seed", str(seed)]
        if max_examples is not None:
            cmd += ["--max-examples", str(max_examples)]
        run_env = {**os.environ, **(env or {}), "NO_COLOR": "1", "COLUMNS": "200"}
        started = time.monotonic()
        with log.open("wb") as out:
            proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=run_env,
                cwd=tmp,  # its .hypothesis database is thrown away with it
                start_new_session=True,  # its own group: the reference server dies with it
            )
            try:
                code: int | None = proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                _kill_group(proc)
                code = None
            except BaseException:
                _kill_group(proc)
                raise
        seconds = time.monotonic() - started
        tail = _tail(log)
        base = RunOutcome(tuple(faults), tuple(include), seed, code, seconds, tail=tail)
        if code is None:
            return _with_problem(base, f"killed after {timeout:.0f} s (time limit)")
        if code not in (0, EXIT_FAIL):
            return _with_problem(base, f"exit {code} (2: usage/spec, 3: kit or network)")
        report = report_dir / "report.json"
        try:
            fields = read_report(report)
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            return _with_problem(base, f"no readable report.json: {exc}")
        return RunOutcome(tuple(faults), tuple(include), seed, code, seconds, tail=tail, **fields)


def _with_problem(run: RunOutcome, problem: str) -> RunOutcome:
    return RunOutcome(
        run.faults,
        run.include,
        run.seed,
        run.exit_code,
        run.seconds,
        problem=problem,
        tail=run.tail,
    )


def run_fault(name: str, *, whole: bool = False, **kwargs: object) -> FaultRun:
    """Certify the reference with fault `name` on, restricted to its requirements' areas
    (`whole`: the whole kit, every requirement, no --include)."""
    fault = FAULTS[name]
    include = () if whole else include_globs(fault)
    outcome = certify_reference((name,), include, **kwargs)  # type: ignore[arg-type]
    return FaultRun(name, documented(fault), outcome)


def all_faults() -> tuple[str, ...]:
    return tuple(FAULTS)


def areas(names: Iterable[str]) -> tuple[str, ...]:
    """The area globs a set of faults needs (for a baseline run without faults)."""
    return tuple(sorted({g for n in names for g in include_globs(FAULTS[n])}))


class FaultRuns:
    """Fault runs by name: started ahead, `WORKERS` at a time, each at most once."""

    def __init__(self, workers: int) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fault-run")
        self._runs: dict[str, Future[FaultRun]] = {}

    def start(self, name: str) -> None:
        if name not in self._runs:
            self._runs[name] = self._pool.submit(run_fault, name)

    def get(self, name: str) -> FaultRun:
        self.start(name)
        return self._runs[name].result()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
