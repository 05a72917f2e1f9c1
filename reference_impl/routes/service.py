"""Notes, preferences and tickets of a customer (customer-service)."""

from __future__ import annotations

import sqlite3
from typing import Any

from starlette.responses import JSONResponse, Response

from reference_impl import views
from reference_impl.bodies import opt_str
from reference_impl.errors import ApiError
from reference_impl.pipeline import Ctx
from reference_impl.store import now_iso

MAX_KEY = 100
MAX_NOTE_VALUE = 2000
MAX_PREFERENCE_VALUE = 1000
MAX_SUBJECT = 2000
MAX_ITEMS = 1000
PRIORITIES = ("LOW", "MEDIUM", "HIGH")
NOTE_MEMBERS = ("key", "value")
PREFERENCE_MEMBERS = ("name", "value")


def _items(doc: dict[str, Any], list_key: str, names: tuple[str, str]) -> list[dict[str, Any]]:
    """The non-empty list of objects under `list_key`, each with both `names` as strings; any
    item violating that request schema fails the whole body with 400 (LKP-GEN-006)."""
    items = doc.get(list_key)
    if not isinstance(items, list) or not items or len(items) > MAX_ITEMS:
        raise ApiError(400)
    for item in items:
        if not isinstance(item, dict) or not all(isinstance(item.get(n), str) for n in names):
            raise ApiError(400)
    return items


def _entry(item: dict[str, Any], names: tuple[str, str], max_value: int) -> tuple[str, str] | None:
    """A valid note or preference (LKP-NOTE-004, LKP-PREF-004), or None when it is rejected:
    its name empty after trimming or over 100 characters, or its value too long."""
    key, value = item.get(names[0]), item.get(names[1])
    if not isinstance(key, str) or not key.strip() or len(key) > MAX_KEY:
        return None
    if not isinstance(value, str) or len(value) > max_value:
        return None
    return key.strip(), value


def _note(item: dict[str, Any]) -> tuple[str, str] | None:
    return _entry(item, NOTE_MEMBERS, MAX_NOTE_VALUE)


def _preference(item: dict[str, Any]) -> tuple[str, str] | None:
    return _entry(item, PREFERENCE_MEMBERS, MAX_PREFERENCE_VALUE)


def _partial(ctx: Ctx, body: dict[str, Any], code: int) -> Response:
    errors = [ctx.warning(code)]
    payload = {**body, "warnings": [], "errors": errors}
    return JSONResponse(payload, status_code=ctx.state.responder.status(code))


def _notes(conn: sqlite3.Connection, customer_id: int, keys: list[str] | None) -> list[Any]:
    rows = conn.execute(
        "SELECT id, key, value, created_on, updated_on FROM notes WHERE customer_id = ?"
        " ORDER BY id",
        (customer_id,),
    ).fetchall()
    return [
        {"id": r[0], "key": r[1], "value": r[2]}
        | {"createdOn": views.display_time(r[3]), "updatedOn": views.display_time(r[4])}
        for r in rows
        if keys is None or r[1] in keys
    ]


def getNotesByLookup(ctx: Ctx) -> Response:
    with ctx.store.read() as conn:
        data = _notes(conn, ctx.customer.id, None)
    if not data:
        raise ApiError(1028)
    return ctx.ok({"data": data, "errors": []})


def updateNotesByLookup(ctx: Ctx) -> Response:
    notes = [_note(item) for item in _items(ctx.json(), "notes", NOTE_MEMBERS)]
    good = list({k: (k, v) for k, v in filter(None, notes)}.values())
    if not good:
        raise ApiError(1037)
    stamp = now_iso()
    with ctx.store.write() as conn:
        conn.executemany(
            "INSERT INTO notes (customer_id, key, value, created_on, updated_on)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (customer_id, key)"
            " DO UPDATE SET value = excluded.value, updated_on = excluded.updated_on",
            [(ctx.customer.id, k, v, stamp, stamp) for k, v in good],
        )
        data = _notes(conn, ctx.customer.id, [k for k, _ in good])
    if None in notes:
        return _partial(ctx, {"data": data}, 1036)
    return ctx.ok({"data": data, "errors": []})


def _preferences(conn: sqlite3.Connection, customer_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT name, value FROM preferences WHERE customer_id = ? ORDER BY name", (customer_id,)
    ).fetchall()
    return [{"name": n, "value": v} for n, v in rows]


def getPreferencesByLookup(ctx: Ctx) -> Response:
    with ctx.store.read() as conn:
        data = _preferences(conn, ctx.customer.id)
    if not data:
        raise ApiError(1031)
    return ctx.ok({"data": data, "errors": []})


def updatePreferencesByLookup(ctx: Ctx) -> Response:
    prefs = [_preference(item) for item in _items(ctx.json(), "preferences", PREFERENCE_MEMBERS)]
    good = list({n: (n, v) for n, v in filter(None, prefs)}.values())
    if not good:
        raise ApiError(400)
    with ctx.store.write() as conn:
        conn.executemany(
            "INSERT OR REPLACE INTO preferences VALUES (?, ?, ?)",
            [(ctx.customer.id, n, v) for n, v in good],
        )
        names = {n for n, _ in good}
        data = [p for p in _preferences(conn, ctx.customer.id) if p["name"] in names]
    if None in prefs:
        return _partial(ctx, {"data": data}, 1035)
    return ctx.ok({"data": data, "errors": []})


def getTicketsByLookup(ctx: Ctx) -> Response:
    with ctx.store.read() as conn:
        rows = conn.execute(
            "SELECT id, subject, message, priority, status, created_on FROM tickets"
            " WHERE customer_id = ? ORDER BY id",
            (ctx.customer.id,),
        ).fetchall()
    data = [
        {"id": r[0], "subject": r[1], "message": r[2], "priority": r[3], "status": r[4]}
        | {"createdOn": views.display_time(r[5])}
        for r in rows
    ]
    return ctx.ok({"data": data, "errors": []})


def addTicketByLookup(ctx: Ctx) -> Response:
    doc = ctx.json()
    subject = opt_str(doc, "subject", max_len=MAX_SUBJECT)
    message = opt_str(doc, "message") or ""
    priority = opt_str(doc, "priority") or "MEDIUM"
    if priority not in PRIORITIES:
        raise ApiError(400)
    if subject is None or not subject.strip():
        raise ApiError(1303)
    with ctx.store.write() as conn:
        taken = conn.execute(
            "SELECT 1 FROM tickets WHERE customer_id = ? AND subject = ?",
            (ctx.customer.id, subject.strip()),
        ).fetchone()
        if taken:
            raise ApiError(1301)
        cursor = conn.execute(
            "INSERT INTO tickets (customer_id, subject, message, priority, status, created_on)"
            " VALUES (?, ?, ?, ?, 'OPEN', ?)",
            (ctx.customer.id, subject.strip(), message, priority, now_iso()),
        )
    return ctx.ok({"createdId": cursor.lastrowid})
