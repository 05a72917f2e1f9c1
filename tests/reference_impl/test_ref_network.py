"""A served instance on loopback: 8 clients lose no update; acknowledged writes survive kill -9."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from ref_helpers import L, basic

pytestmark = pytest.mark.network
AUTH = basic("demo.till")
CLIENTS = 8
ROUNDS = 10


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def served(db: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    command = [sys.executable, "-m", "reference_impl.cli", "serve", "--db", str(db)]
    process = subprocess.Popen([*command, "--port", str(port)])
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                httpx.get(f"{base}{L}", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base, process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)


def _client_work(base: str, client: int, shared: str, contested: str) -> list[int]:
    statuses = []
    with httpx.Client(base_url=base, headers=AUTH, timeout=30) as http:
        for i in range(ROUNDS):
            note = {"notes": [{"key": f"c{client}-{i}", "value": "v"}]}
            params = {"source": "INSTORE", "identifierName": "mobile", "identifierValue": shared}
            statuses.append(http.put(f"{L}/notes", params=params, json=note).status_code)
        body = {
            "profiles": [
                {"identifiers": [{"type": "mobile", "value": contested}], "source": "INSTORE"}
            ]
        }
        statuses.append(http.post("/v2/customers", json=body).status_code)
    return statuses


def test_concurrent_clients_lose_no_update(tmp_path: Path) -> None:
    shared, contested = "919700000001", "919700000002"
    with served(tmp_path / "c.sqlite") as (base, _):
        body = {
            "profiles": [
                {"identifiers": [{"type": "mobile", "value": shared}], "source": "INSTORE"}
            ]
        }
        assert httpx.post(f"{base}/v2/customers", json=body, headers=AUTH).status_code == 200
        with ThreadPoolExecutor(CLIENTS) as pool:
            futures = [
                pool.submit(_client_work, base, c, shared, contested) for c in range(CLIENTS)
            ]
            statuses = [s for f in futures for s in f.result(timeout=120)]
        params = {"source": "INSTORE", "identifierName": "mobile", "identifierValue": shared}
        notes = httpx.get(f"{base}{L}/notes", params=params, headers=AUTH).json()["data"]
    assert all(status < 500 for status in statuses)
    assert len({n["key"] for n in notes}) == CLIENTS * ROUNDS
    registrations = [s for i, s in enumerate(statuses) if i % (ROUNDS + 1) == ROUNDS]
    assert sorted(registrations) == [200] + [400] * (CLIENTS - 1)


def test_acknowledged_write_survives_kill_9(tmp_path: Path) -> None:
    db = tmp_path / "d.sqlite"
    body = {
        "profiles": [
            {"identifiers": [{"type": "mobile", "value": "919700000003"}], "source": "INSTORE"}
        ]
    }
    with served(db) as (base, process):
        created = httpx.post(f"{base}/v2/customers", json=body, headers=AUTH)
        assert created.status_code == 200
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    with served(db) as (base, _):
        params = {
            "source": "INSTORE",
            "identifierName": "mobile",
            "identifierValue": "919700000003",
        }
        found = httpx.get(f"{base}{L}", params=params, headers=AUTH)
    assert found.json()["entity"] == created.json()["createdId"]
