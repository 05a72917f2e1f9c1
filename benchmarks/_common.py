"""Shared by the bench_*.py scripts: machine facts, timed subprocesses, a counted reference server.

Every subprocess is started here with its own process group and a wall-clock limit; at the limit
that group (and only it) is killed. Servers listen on 127.0.0.1 only.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
RESULTS = BENCH_DIR / "results"
HOOKS = BENCH_DIR / "_hooks"
BIN = Path(sys.executable).parent
SPEC_DIR = ROOT / "spec"
OPENAPI = SPEC_DIR / "openapi.yaml"
HOST = "127.0.0.1"
USER, PASSWORD = "demo.till", "demo-password"  # the reference server's demo org

# The four built-in checks the driver runs (conformance/suites/test_contract_fuzz.py BUILT_IN).
ST_CHECKS = (
    "not_a_server_error,status_code_conformance,response_schema_conformance,"
    "content_type_conformance"
)


def basic_authorization(user: str = USER, password: str = PASSWORD) -> str:
    """Same as conformance.target.basic_authorization: Basic base64(user:md5_hex(password))."""
    digest = hashlib.md5(password.encode(), usedforsecurity=False).hexdigest()
    return "Basic " + base64.b64encode(f"{user}:{digest}".encode()).decode("ascii")


# --------------------------------------------------------------------------- machine and output


def _cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _cpu_field(name: str) -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() == name:
                return value.strip()
    return ""


def _mem_gib() -> float | None:
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    return None


def git(*args: str) -> str:
    """`git ARGS` in the project, its output stripped; '' when git is missing or fails."""
    try:
        out = subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return out.stdout.strip()


def machine() -> dict[str, Any]:
    versions = {}
    for dist in (
        "schemathesis",
        "hypothesis",
        "pytest",
        "pytest-xdist",
        "httpx",
        "uvicorn",
        "starlette",
        "openapi-spec-validator",
        "jsonschema",
    ):
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions[dist] = metadata.version(dist)
    return {
        "nproc": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "mem_gib": _mem_gib(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu_family_model": _cpu_field("cpu family") + "/" + _cpu_field("model"),
        "virtualised": "hypervisor" in _cpu_field("flags").split(),
        "PYTHONDONTWRITEBYTECODE": os.environ.get("PYTHONDONTWRITEBYTECODE"),
        "git_commit": git("rev-parse", "--short", "HEAD"),
        "git_dirty_files": len(git("status", "--porcelain").splitlines()),
        "packages": versions,
    }


def summary(values: Sequence[float]) -> dict[str, Any]:
    """Median (the figure), min, max and every run, rounded for reading."""
    if not values:
        return {"median": None, "min": None, "max": None, "runs": [], "n": 0}
    return {
        "median": round(statistics.median(values), 4),
        "min": round(min(values), 4),
        "max": round(max(values), 4),
        "runs": [round(v, 4) for v in values],
        "n": len(values),
    }


def write_result(name: str, data: dict[str, Any], contention: Contention | None = None) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    doc = {
        "benchmark": name,
        "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": machine(),
        "contention": contention.report() if contention else None,
        **data,
    }
    if contention is not None:
        print(f"machine load from others during the benchmark: {doc['contention']}")
    path.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {path.relative_to(ROOT)}")
    return path


def table(rows: Sequence[Sequence[object]], header: Sequence[str]) -> None:
    cells = [[str(c) for c in header], *[[str(c) for c in r] for r in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    for i, r in enumerate(cells):
        print(
            "  ".join(
                c.rjust(w) if j else c.ljust(w)
                for j, (c, w) in enumerate(zip(r, widths, strict=False))
            )
        )
        if i == 0:
            print("  ".join("-" * w for w in widths))


def _busy_seconds() -> float | None:
    """CPU seconds the whole machine spent busy since boot (all cores), from /proc/stat."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except (OSError, IndexError):
        return None
    ticks = [int(x) for x in fields]
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)  # idle + iowait
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _own_cpu_seconds() -> float:
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


class Contention:
    """How busy the machine was with work that is not this benchmark's (other users' runs).

    Foreign CPU = machine busy time - this script's and its waited children's CPU time, over the
    wall time: 0 means a quiet machine; 1.0 means one of the cores was taken by someone else.
    """

    def __init__(self) -> None:
        self.t0 = time.monotonic()
        self.busy0 = _busy_seconds()
        self.own0 = _own_cpu_seconds()
        self.load0 = os.getloadavg()[0]

    def report(self) -> dict[str, Any]:
        wall = time.monotonic() - self.t0
        busy1 = _busy_seconds()
        own = _own_cpu_seconds() - self.own0
        foreign = None
        if busy1 is not None and self.busy0 is not None and wall > 0:
            foreign = round(max(0.0, (busy1 - self.busy0 - own) / wall), 2)
        return {
            "foreign_cpu_cores": foreign,
            "loadavg_1m_start": round(self.load0, 2),
            "loadavg_1m_end": round(os.getloadavg()[0], 2),
            "wall_s": round(wall, 1),
        }


class Budget:
    """A wall-clock budget for a script's repetition loops (each loop is also bounded in count)."""

    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds
        self.cut: list[str] = []

    def left(self) -> float:
        return self.deadline - time.monotonic()

    def allows(self, what: str, needed: float = 0.0) -> bool:
        if self.left() > needed:
            return True
        self.cut.append(what)
        print(f"  (time budget spent: skipped {what})")
        return False


# --------------------------------------------------------------------------- timed subprocesses


@dataclass
class Timed:
    wall: float
    returncode: int
    maxrss_kib: int  # of the child and its waited-for descendants (struct rusage, wait4)
    user: float
    system: float
    output: str
    timed_out: bool = False


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)


def run_timed(
    cmd: Sequence[str],
    *,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 600.0,
) -> Timed:
    """Run `cmd` in its own process group; wall time and the child's own rusage (via wait4).

    The rusage is per child, so repeated runs in one script do not mix: `getrusage(
    RUSAGE_CHILDREN)` would only ever report the largest child so far.
    """
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        proc = subprocess.Popen(
            list(cmd),
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = started + timeout
        timed_out = False
        try:
            while True:  # polled, not a blocking wait: Ctrl-C and the time limit always act
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                if time.perf_counter() > deadline and not timed_out:
                    timed_out = True
                    _kill_group(proc)
                time.sleep(0.005)
        except BaseException:  # interrupted: take the child's group down with us
            _kill_group(proc)
            proc.wait(timeout=10)
            raise
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    return Timed(
        wall,
        proc.returncode,
        int(usage.ru_maxrss),
        usage.ru_utime,
        usage.ru_stime,
        text,
        timed_out,
    )


def require_ok(t: Timed, what: str, ok: Sequence[int] = (0,)) -> None:
    if t.timed_out or t.returncode not in ok:
        tail = "\n".join(t.output.strip().splitlines()[-15:])
        raise SystemExit(f"{what}: exit {t.returncode} (timed out: {t.timed_out})\n{tail}")


def hook_env(count_dir: Path | None = None, **extra: str) -> dict[str, str]:
    """The environment with the request-counting hook (benchmarks/_hooks/sitecustomize.py)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(HOOKS), env.get("PYTHONPATH", "")) if p)
    if count_dir is not None:
        env["BENCH_COUNT_DIR"] = str(count_dir)
    env.update(extra)
    return env


def read_counts(count_dir: Path) -> dict[str, Any]:
    """Totals the hook wrote at server shutdown (one file per served process)."""
    total, by_status, peak = 0, {}, 0
    files = sorted(count_dir.glob("*.json"))
    for f in files:
        data = json.loads(f.read_text(encoding="utf-8"))
        total += int(data["requests"])
        peak = max(peak, int(data.get("maxrss_kib", 0)))
        for k, v in data["by_status"].items():
            by_status[k] = by_status.get(k, 0) + int(v)
    return {"requests": total, "by_status": by_status, "servers": len(files), "maxrss_kib": peak}


# --------------------------------------------------------------------------- served reference


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def wait_listening(port: int, proc: subprocess.Popen[bytes], seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server on port {port} exited with {proc.returncode}")
        with contextlib.suppress(OSError), socket.create_connection((HOST, port), 0.5):
            return
        time.sleep(0.05)
    raise SystemExit(f"server not listening on {HOST}:{port} after {seconds:g} s")


@dataclass
class Served:
    port: int
    proc: subprocess.Popen[bytes]
    db: Path
    fixtures: Path | None
    log: Path
    counted: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def count(self) -> int:
        """Requests the server has received so far (needs the counting hook)."""
        if not self.counted:
            raise RuntimeError("server started without the counting hook")
        with urllib.request.urlopen(self.base_url + "/__bench__/count", timeout=10) as r:
            return int(json.loads(r.read())["requests"])


def seed(db: Path, customers: int, fixtures: Path | None = None, timeout: float = 300) -> Timed:
    cmd = [str(BIN / "lookup-reference"), "seed", "--db", str(db), "--customers", str(customers)]
    if fixtures is not None:
        cmd += ["--fixtures-out", str(fixtures)]
    t = run_timed(cmd, timeout=timeout)
    require_ok(t, f"lookup-reference seed --customers {customers}")
    return t


@contextlib.contextmanager
def served_reference(
    workdir: Path,
    customers: int = 0,
    *,
    counted: bool = True,
    db: Path | None = None,
    cpus: str | None = None,
) -> Iterator[Served]:
    """`lookup-reference serve` on a free 127.0.0.1 port (seeded first unless `db` is given)."""
    fixtures = None
    if db is None:
        db, fixtures = workdir / "reference.sqlite", workdir / "fixtures.json"
        seed(db, customers, fixtures)
    port = free_port()
    cmd = [str(BIN / "lookup-reference"), "serve", "--db", str(db), "--host", HOST]
    cmd += ["--port", str(port)]
    yield from _serve(cmd, port, workdir, counted, db, fixtures, cpus)


def _serve(
    cmd: list[str],
    port: int,
    workdir: Path,
    counted: bool,
    db: Path,
    fixtures: Path | None,
    cpus: str | None,
) -> Iterator[Served]:
    if cpus is not None:
        cmd = ["taskset", "-c", cpus, *cmd]
    count_dir = workdir / f"counts-{port}"
    count_dir.mkdir(parents=True, exist_ok=True)
    env = hook_env(count_dir) if counted else dict(os.environ)
    log = workdir / f"server-{port}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
    try:
        wait_listening(port, proc)
        yield Served(port, proc, db, fixtures, log, counted)
    finally:
        stop(proc)


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            proc.wait(timeout=10)


@contextlib.contextmanager
def served_command(
    cmd: list[str], workdir: Path, *, port: int, cpus: str | None = None
) -> Iterator[Served]:
    """Any server command listening on `port` (e.g. the constant-JSON ceiling app)."""
    yield from _serve(cmd, port, workdir, False, workdir / "none", None, cpus)


def fresh_dir(parent: Path, name: str) -> Path:
    """A new empty working directory (a fresh cwd: no .hypothesis example database carried)."""
    path = Path(tempfile.mkdtemp(prefix=name + "-", dir=parent))
    return path


def pytest_ini(cwd: Path) -> Path:
    ini = cwd / "pytest.ini"
    ini.write_text("[pytest]\naddopts =\n", encoding="utf-8")
    return ini


def driver_cmd(
    base_url: str,
    cwd: Path,
    *,
    max_examples: int,
    seed: int,
    workers: int = 1,
    fixtures: Path | None = None,
) -> list[str]:
    """Our schemathesis driver alone, as the runner calls pytest (conformance/runner.py)."""
    cmd = [str(BIN / "python"), "-m", "pytest", "--pyargs", "conformance.suites.test_contract_fuzz"]
    cmd += ["-p", "no:cacheprovider", "-c", str(pytest_ini(cwd)), "--rootdir", str(cwd)]
    cmd += ["--lookup-base-url", base_url, "--lookup-user", USER, "--lookup-password", PASSWORD]
    cmd += ["--lookup-max-examples", str(max_examples), "--lookup-seed", str(seed)]
    cmd += [f"--hypothesis-seed={seed}", "-q", "--no-header", "-rN", "--tb=no"]
    if fixtures is not None:
        cmd += ["--lookup-fixtures", str(fixtures)]
    if workers > 1:
        cmd += ["-n", str(workers)]
    return cmd


def st_cmd(base_url: str, *, max_examples: int, seed: int, matched: bool) -> list[str]:
    """Plain `st run` with the driver's four built-in checks.

    matched=True adds what the driver's schema configuration sets or implies, so both send the
    same requests: no generated security parameters (conftest.py sets
    with_security_parameters=False; generated ones replace the Authorization header and turn
    ~85% of the requests into 401s) and no stateful phase (`schema.parametrize()` under pytest
    runs examples, coverage and fuzzing only).
    """
    cmd = [str(BIN / "st"), "run", str(OPENAPI), "--url", base_url, "--checks", ST_CHECKS]
    cmd += ["--max-examples", str(max_examples), "--seed", str(seed)]
    cmd += ["-H", f"Authorization: {basic_authorization()}", "--no-color"]
    if matched:
        cmd += ["--generation-with-security-parameters", "false"]
        cmd += ["--phases", "examples,coverage,fuzzing"]
    return cmd
