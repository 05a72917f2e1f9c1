"""The embedded SQLite store: one connection, one lock, one transaction per write."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from reference_impl.schema import SCHEMA, SCHEMA_VERSION


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True, slots=True)
class Org:
    id: int
    name: str
    base_cc: str
    dual_enabled: bool
    dual_primary: str | None
    primary_identifier: str
    reg_rule: str
    accounts: dict[str, frozenset[str]]


@dataclass(frozen=True, slots=True)
class Customer:
    id: int
    org_id: int
    first_name: str
    last_name: str
    loyalty_type: str
    fraud: bool
    merged_into: int | None
    extended: dict[str, str]
    created_on: str
    updated_on: str

    @property
    def loyal(self) -> bool:
        return self.loyalty_type == "loyalty"


CUSTOMER_COLUMNS = (
    "id, org_id, first_name, last_name, loyalty_type, fraud, merged_into, extended,"
    " created_on, updated_on"
)


def customer_from_row(row: sqlite3.Row | tuple[object, ...]) -> Customer:
    r = tuple(row)
    return Customer(
        id=int(str(r[0])),
        org_id=int(str(r[1])),
        first_name=str(r[2]),
        last_name=str(r[3]),
        loyalty_type=str(r[4]),
        fraud=bool(r[5]),
        merged_into=None if r[6] is None else int(str(r[6])),
        extended=json.loads(str(r[7])),
        created_on=str(r[8]),
        updated_on=str(r[9]),
    )


MMAP_BYTES = 1 << 30  # at most; SQLite maps no more than the file's size


class _Reading:
    """`with store.read() as conn`: a plain context manager (a generator-based one costs more
    than the indexed query it guards)."""

    __slots__ = ("store",)

    def __init__(self, store: Store) -> None:
        self.store = store

    def __enter__(self) -> sqlite3.Connection:
        self.store.lock.acquire()
        return self.store.conn

    def __exit__(self, *exc: object) -> None:
        self.store.lock.release()


class Store:
    """SQLite in WAL mode (files) behind a lock; schema created on first start."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.lock = threading.RLock()
        self.conn.execute("PRAGMA busy_timeout = 30000")
        if path != ":memory:":
            self.conn.execute("PRAGMA journal_mode = WAL")
            # Reads map the file instead of copying pages through read(): a lookup in a
            # million customers touches pages far beyond SQLite's own page cache.
            self.conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        self.conn.execute("PRAGMA synchronous = FULL")
        self._create()

    def _create(self) -> None:
        from reference_impl.demo import install_demo

        with self.lock:
            self.conn.executescript(SCHEMA)
        with self.write() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if row is None:
                conn.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
                install_demo(conn)

    def close(self) -> None:
        with self.lock:
            self.conn.close()

    def read(self) -> _Reading:
        """The connection, under the store's lock, for the `with` block's reads."""
        return _Reading(self)

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One transaction: committed when the block ends, rolled back when it raises."""
        with self.lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def org(self, org_id: int) -> Org | None:
        with self.read() as conn:
            row = conn.execute(
                "SELECT id, name, base_cc, dual_enabled, dual_primary, primary_identifier, reg_rule"
                " FROM orgs WHERE id = ?",
                (org_id,),
            ).fetchone()
            if row is None:
                return None
            accounts: dict[str, set[str]] = {}
            for source, account in conn.execute(
                "SELECT source, account_id FROM accounts WHERE org_id = ?", (org_id,)
            ):
                accounts.setdefault(source, set()).add(account)
        return Org(
            id=row[0],
            name=row[1],
            base_cc=row[2],
            dual_enabled=bool(row[3]),
            dual_primary=row[4],
            primary_identifier=row[5],
            reg_rule=row[6],
            accounts={k: frozenset(v) for k, v in accounts.items()},
        )

    def user_org(self, username: str) -> tuple[int, str] | None:
        with self.read() as conn:
            row = conn.execute(
                "SELECT org_id, password_md5 FROM users WHERE username = ?", (username,)
            ).fetchone()
        return None if row is None else (int(row[0]), str(row[1]))

    def token_org(self, token: str) -> tuple[int, float | None] | None:
        with self.read() as conn:
            row = conn.execute(
                "SELECT org_id, expires_at FROM tokens WHERE token = ?", (token,)
            ).fetchone()
        return None if row is None else (int(row[0]), row[1])
