"""setImageByLookup: upload envelope, the FILE part, size limits and image types."""

from __future__ import annotations

import struct
import zlib

import pytest

from conformance.model import Exchange
from conformance.session import LookupSession
from conformance.suites.customers import LOOKUP, Customer, register
from conformance.suites.expect import expect_error, expect_success, fail
from conformance.suites.requests import PNG, customer_params

SET_IMAGE = LOOKUP + "/setImage"
LIMIT = 49 * 1024 * 1024


def gif() -> bytes:
    """A 1x1 GIF89a padded with a comment block past 100 bytes."""
    comment = b"lookup-conformance test image, padded past one hundred bytes of content....."
    return (
        b"GIF89a"
        + struct.pack("<HHBBB", 1, 1, 0x80, 0, 0)
        + b"\x00\x00\x00\xff\xff\xff"
        + b"\x21\xfe"
        + bytes([len(comment)])
        + comment
        + b"\x00"
        + b"\x2c"
        + struct.pack("<HHHHB", 0, 0, 1, 1, 0)
        + b"\x02\x02\x44\x01\x00"
        + b"\x3b"
    )


def padded_png(size: int) -> bytes:
    """A PNG whose text chunk makes the file exactly `size` bytes (size > len(PNG) + 12)."""
    head, tail = PNG[:33], PNG[33:]  # signature + IHDR, then the rest
    text = b"Comment\0" + b"x" * (size - len(PNG) - 12 - 8)
    crc = zlib.crc32(b"tEXt" + text) & 0xFFFFFFFF
    return head + struct.pack(">I", len(text)) + b"tEXt" + text + struct.pack(">I", crc) + tail


@pytest.fixture(scope="module")
def customer(lookup: LookupSession) -> Customer:
    return register(lookup)


def upload(
    lookup: LookupSession,
    customer: Customer,
    content: bytes,
    part: str = "FILE",
    name: str = "photo.png",
) -> Exchange:
    files = {part: (name, content, "image/png")}
    return lookup.client.request(
        "POST", SET_IMAGE, params=customer_params(lookup, customer), files=files
    )


@pytest.mark.requirement("LKP-IMG-001")
@pytest.mark.parametrize("image", [PNG, gif()], ids=["png", "gif"])
def test_set_image_envelope(lookup: LookupSession, customer: Customer, image: bytes) -> None:
    body = expect_success(upload(lookup, customer, image))
    data = body.get("data")
    if not isinstance(data, list) or len(data) != 1 or not isinstance(data[0], dict):
        fail("Upload result is not one item", "data: [one item]", repr(data), "/data")
    assert isinstance(data, list)
    if str(data[0].get("status")).lower() != "true" or not isinstance(data[0].get("file"), dict):
        fail("Upload item malformed", 'status "true" and a file object', repr(data[0]), "/data/0")


@pytest.mark.requirement("LKP-IMG-002")
@pytest.mark.parametrize(
    ("part", "content"), [("IMAGE", PNG), ("FILE", b"")], ids=["no FILE", "empty"]
)
def test_image_travels_in_part_file(
    lookup: LookupSession, customer: Customer, part: str, content: bytes
) -> None:
    expect_error(lookup, upload(lookup, customer, content, part=part), 400)


@pytest.mark.requirement("LKP-IMG-003")
@pytest.mark.parametrize("size", [1, 99])
def test_image_under_100_bytes_is_8083(
    lookup: LookupSession, customer: Customer, size: int
) -> None:
    expect_error(lookup, upload(lookup, customer, PNG[:size]), 8083, why=f"a {size}-byte FILE")


@pytest.mark.requirement("LKP-IMG-004")
def test_image_over_49_mb_is_413(lookup: LookupSession, customer: Customer) -> None:
    expect_error(lookup, upload(lookup, customer, padded_png(LIMIT + 1)), 413)


@pytest.mark.requirement("LKP-IMG-005")
@pytest.mark.parametrize("name", ["photo.png", "photo.txt"])
def test_only_jpeg_png_and_gif(lookup: LookupSession, customer: Customer, name: str) -> None:
    content = b"This is plain text, not an image. " * 5
    expect_error(lookup, upload(lookup, customer, content, name=name), 400, why=f"text as {name}")


@pytest.mark.requirement("LKP-IMG-006")
def test_uploaded_image_is_visible(lookup: LookupSession) -> None:
    customer = register(lookup)
    expect_success(upload(lookup, customer, PNG))
    params = [*customer_params(lookup, customer), ("embed", "customerImage")]
    body = expect_success(lookup.client.request("GET", LOOKUP + "/customerDetails", params=params))
    if not body.get("customerImage"):
        fail(
            "Uploaded image not reported",
            "customerImage: the image",
            repr(body.get("customerImage")),
        )
