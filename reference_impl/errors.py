"""Errors as exceptions, and the envelopes every error and warning travels in."""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse

from reference_impl.catalog import Catalog, Item


class ApiError(Exception):
    """The request fails with catalog `code`; the first error decides the HTTP status."""

    def __init__(
        self,
        code: int,
        x: str | None = None,
        y: str | None = None,
        *,
        warnings: list[Item] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(code)
        self.code = code
        self.x = x
        self.y = y
        self.warnings = warnings or []
        self.extra = extra or {}


class Responder:
    """Builds bodies from the catalog, with the envelope faults switched on where asked."""

    def __init__(self, catalog: Catalog, faults: frozenset[str]) -> None:
        self.catalog = catalog
        self.faults = faults

    def item(self, code: int, x: str | None = None, y: str | None = None) -> Item:
        item = self.catalog.item(code, x, y)
        warning = self.catalog.entry(code).kind == "warning"
        if "message_wrong_text" in self.faults and code == 8013:
            item["message"] = self.catalog.message(8015)
        if "message_placeholder_unfilled" in self.faults:
            item["message"] = self.catalog.entry(code).messages[0]
        if warning and "envelope_warning_status_true" in self.faults:
            item["status"] = True
        if not warning and "envelope_code_as_string" in self.faults:
            item["code"] = str(code)
        return item

    def status(self, code: int) -> int:
        faults = self.faults
        if code == 8015 and "status_200_for_not_found" in faults:
            return 200
        if code == 8003 and "status_404_for_invalid_source" in faults:
            return 404
        if code == 618 and "status_400_for_fraud" in faults:
            return 400
        return self.catalog.status(code)

    def error(self, exc: ApiError) -> JSONResponse:
        items = [self.item(exc.code, exc.x, exc.y)]
        body: dict[str, Any] = dict(exc.extra)
        body["errors"] = {"0": items[0]} if "envelope_errors_object" in self.faults else items
        body["warnings"] = exc.warnings
        headers = {"WWW-Authenticate": 'Basic realm="lookup"'} if exc.code == 401 else None
        return JSONResponse(body, status_code=self.status(exc.code), headers=headers)

    def ok(self, body: dict[str, Any], warnings: list[Item] | None = None) -> JSONResponse:
        """A success body: the operation's envelope plus its `warnings` array."""
        body = dict(body)
        if "envelope_no_warnings_on_success" in self.faults:
            body.pop("warnings", None)
        else:
            body["warnings"] = warnings or []
        return JSONResponse(body, status_code=200)
