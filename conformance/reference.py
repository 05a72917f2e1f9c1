"""Start the embedded reference server in a subprocess: free port, temporary SQLite, fixtures."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

STARTUP_SECONDS = 30.0


class ReferenceServerError(Exception):
    """The reference server could not be started (exit 3: the kit's side, not a vendor's)."""


@dataclass(frozen=True)
class ReferenceServer:
    base_url: str
    fixtures: Path
    user: str = "demo.till"
    password: str = "demo-password"


def _command() -> list[str]:
    script = Path(sys.executable).parent / "lookup-reference"
    if script.is_file():
        return [str(script)]
    found = shutil.which("lookup-reference")
    return [found] if found else [sys.executable, "-m", "reference_impl.cli"]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_until_listening(proc: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-1:]
            raise ReferenceServerError(
                f"reference server exited with {proc.returncode}: {tail[0] if tail else ''}"
            )
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    raise ReferenceServerError(f"reference server not listening on 127.0.0.1:{port} after 30 s")


@contextlib.contextmanager
def reference_server(faults: tuple[str, ...] = ()) -> Iterator[ReferenceServer]:
    """Seed a temporary database, serve it on 127.0.0.1, stop it on exit."""
    with tempfile.TemporaryDirectory(prefix="lookup-reference-") as tmp:
        root = Path(tmp)
        db, fixtures, log = root / "reference.sqlite", root / "fixtures.json", root / "server.log"
        seed = subprocess.run(
            [
                *_command(),
                "seed",
                "--db",
                str(db),
                "--customers",
                "0",
                "--fixtures-out",
                str(fixtures),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if seed.returncode != 0:
            msg = (seed.stderr.strip().splitlines() or ["(no output)"])[-1]
            raise ReferenceServerError(f"seeding the reference database failed: {msg}")
        port = free_port()
        serve = [*_command(), "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)]
        if faults:
            serve += ["--faults", ",".join(faults)]
        with log.open("wb") as out:
            proc = subprocess.Popen(serve, stdout=out, stderr=subprocess.STDOUT)
        try:
            _wait_until_listening(proc, port, log)
            yield ReferenceServer(f"http://127.0.0.1:{port}", fixtures)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
