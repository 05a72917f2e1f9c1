"""A fresh database's orgs: the demo org, a second org for isolation, a dual-eligibility org,
and an org whose primary identifier is email (the fixtures' `alternate`)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass

MULTI_ACCOUNT_DEFAULTS = {
    "WECHAT": "WeChat1234",
    "FACEBOOK": "fb-main",
    "LINE": "line-main",
    "MOBILE_APP": "app-main",
    "MARTJACK": "mj-main",
    "TMALL": "tmall-main",
    "TAOBAO": "taobao-main",
    "JD": "jd-main",
}
TIERS = [
    {"serialNumber": 1, "name": "Silver", "threshold": 0},
    {"serialNumber": 2, "name": "Gold", "threshold": 1000},
    {"serialNumber": 3, "name": "Platinum", "threshold": 5000},
]
CAMPAIGN_TOKEN = "demo-campaign"
MISCONFIGURED_CAMPAIGN = "misconfigured-campaign"
STORE_CODE = "demo.store"


@dataclass(frozen=True, slots=True)
class DemoOrg:
    id: int
    name: str
    user: str
    password: str
    token: str
    dual_primary: str | None
    programs: tuple[int, ...]
    primary_identifier: str = "mobile"


DEMO = DemoOrg(1, "demo", "demo.till", "demo-password", "demo-oauth-token", None, (1001, 1002))
OTHER = DemoOrg(2, "other", "other.till", "other-password", "other-oauth-token", None, (2001,))
DUAL = DemoOrg(3, "dual", "dual.till", "dual-password", "dual-oauth-token", "mobile", (3001,))
ALT = DemoOrg(9, "alt", "alt.till", "alt-password", "alt-oauth-token", None, (9001,), "email")
ORGS = (DEMO, OTHER, DUAL, ALT)
EXPIRED_TOKEN = "demo-expired-token"
BASE_COUNTRY_CODE = "91"


def md5_hex(text: str) -> str:
    return hashlib.md5(text.encode("utf-8")).hexdigest()


def install_demo(conn: sqlite3.Connection) -> None:
    """Create the orgs with credentials, accounts, programs, campaigns and stores."""
    for org in ORGS:
        conn.execute(
            "INSERT INTO orgs (id, name, base_cc, dual_enabled, dual_primary, primary_identifier)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                org.id,
                org.name,
                BASE_COUNTRY_CODE,
                org.dual_primary is not None,
                org.dual_primary,
                org.primary_identifier,
            ),
        )
        conn.execute(
            "INSERT INTO users VALUES (?, ?, ?)", (org.user, org.id, md5_hex(org.password))
        )
        conn.execute("INSERT INTO tokens VALUES (?, ?, NULL)", (org.token, org.id))
        conn.executemany(
            "INSERT INTO accounts VALUES (?, ?, ?)",
            [(org.id, source, account) for source, account in MULTI_ACCOUNT_DEFAULTS.items()],
        )
        for index, program in enumerate(org.programs):
            name = f"{org.name.title()}Loyalty{index + 1}"
            conn.execute(
                "INSERT INTO programs VALUES (?, ?, ?, ?, ?)",
                (org.id, program, name, json.dumps(TIERS), index == 0),
            )
        conn.executemany(
            "INSERT INTO campaigns VALUES (?, ?, ?)",
            [(org.id, CAMPAIGN_TOKEN, "active"), (org.id, MISCONFIGURED_CAMPAIGN, "misconfigured")],
        )
        conn.executemany(
            "INSERT INTO stores VALUES (?, ?, ?, ?)",
            [
                (org.id, "store", STORE_CODE, 5000 + org.id),
                (org.id, "till", org.user, 6000 + org.id),
            ],
        )
    conn.execute("INSERT INTO tokens VALUES (?, ?, 1.0)", (EXPIRED_TOKEN, DEMO.id))
