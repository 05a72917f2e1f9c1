"""setImageByLookup: POST /v2/customers/lookup/setImage (multipart, key FILE)."""

from __future__ import annotations

import json
import uuid

from starlette.datastructures import UploadFile
from starlette.responses import Response

from reference_impl import views
from reference_impl.customer_store import touch
from reference_impl.errors import ApiError
from reference_impl.pipeline import Ctx
from reference_impl.store import now_iso

MIN_IMAGE = 100
# Images are judged by their content (LKP-IMG-005).
SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a")


def _image(ctx: Ctx) -> bytes:
    """The FILE part: missing or empty → 400, under 100 bytes → 8083, not an image → 400."""
    upload = ctx.form.get("FILE") if ctx.form is not None else None
    if isinstance(upload, UploadFile):
        content = upload.file.read()
    elif isinstance(upload, str):
        content = upload.encode("utf-8")
    else:
        raise ApiError(400)
    if not content:
        raise ApiError(400)
    if len(content) < MIN_IMAGE:
        raise ApiError(8083)
    if not content.startswith(SIGNATURES):
        raise ApiError(400)
    return content


def setImageByLookup(ctx: Ctx) -> Response:
    _image(ctx)
    customer = ctx.customer
    handle = str(uuid.uuid4())
    file = {
        "acl": "PRIVATE",
        "fileHandle": handle,
        "lastModified": views.display_time(now_iso()),
        "latestVersion": 1,
        "name": f"{ctx.org.id}/{customer.id}/0",
        "namespace": "customerImage",
        "s3Token": f"customerImage/{ctx.org.id}/{customer.id}/{handle}",
        "version": 1,
    }
    with ctx.store.write() as conn:
        touch(conn, customer.id, image=json.dumps(file))
    item = {"code": 200, "file": file, "message": "Successfully uploaded file", "status": "true"}
    return ctx.ok({"data": [item], "errors": []})
