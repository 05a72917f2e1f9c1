"""setImage with a multipart body that does not parse: 400 and code 400 (LKP-IMG-002), never the
500 that Starlette's own form parsing gives (its HTTPException escaped the pipeline)."""

from __future__ import annotations

import pytest
from ref_helpers import Kit, L, code_of

PNG_HEAD = b"\x89PNG\r\n\x1a\n" + b"\0" * 120  # content is not judged before the form parses
PART = b'Content-Disposition: form-data; name="FILE"; filename="a.png"\r\n\r\n' + PNG_HEAD
MALFORMED = {
    "no boundary parameter": ("multipart/form-data", b"--X\r\n" + PART + b"\r\n--X--\r\n"),
    "no delimiter in the body": ("multipart/form-data; boundary=X", b"not a multipart body"),
    "part without a name": (
        "multipart/form-data; boundary=X",
        b"--X\r\nContent-Type: image/png\r\n\r\n" + PNG_HEAD + b"\r\n--X--\r\n",
    ),
    "header line without a colon": (
        "multipart/form-data; boundary=X",
        b"--X\r\nno colon here\r\n\r\n" + PNG_HEAD + b"\r\n--X--\r\n",
    ),
    "two files": (
        "multipart/form-data; boundary=X",
        b"--X\r\n" + PART + b"\r\n--X\r\n" + PART + b"\r\n--X--\r\n",
    ),
    "boundary longer than the body": ("multipart/form-data; boundary=" + "B" * 200, b"--B\r\n"),
}


@pytest.mark.parametrize(("content_type", "body"), MALFORMED.values(), ids=list(MALFORMED))
def test_malformed_multipart_is_400(shared_kit: Kit, content_type: str, body: bytes) -> None:
    response = shared_kit.call(
        "POST",
        f"{L}/setImage",
        params=shared_kit.special("loyalty"),
        content=body,
        headers={"content-type": content_type},
    )
    assert response.status_code == 400, response.text
    assert code_of(response) == 400


def test_well_formed_multipart_still_parses(shared_kit: Kit) -> None:
    """The same FILE part inside a well-formed body reaches the image checks (8083: too small)."""
    body = b"--X\r\n" + PART[: PART.index(b"\r\n\r\n") + 4] + b"tiny\r\n--X--\r\n"
    response = shared_kit.call(
        "POST",
        f"{L}/setImage",
        params=shared_kit.special("loyalty"),
        content=body,
        headers={"content-type": "multipart/form-data; boundary=X"},
    )
    assert code_of(response) == 8083
