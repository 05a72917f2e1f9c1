"""The `source` values each kind of operation allows, and the sources with several accounts."""

from __future__ import annotations

READ_SOURCES = frozenset(
    {"INSTORE", "FACEBOOK", "WEB_ENGAGE", "WECHAT", "MARTJACK", "TMALL", "TAOBAO", "JD"}
    | {"ECOMMERCE", "WEBSITE", "LINE", "ALL", "OTHERS", "MAPP_SDK"}
)
WRITE_SOURCES = (READ_SOURCES - {"ALL"}) | {"MOBILE_APP"}
MULTI_ACCOUNT = frozenset(
    {"WECHAT", "FACEBOOK", "LINE", "MOBILE_APP", "MARTJACK", "TMALL", "TAOBAO", "JD"}
)
# Sources whose lookups search every customer-level identifier, whatever the profiles.
ANY_PROFILE = frozenset({"ALL", "INSTORE"})


def allowed(source: str, write: bool) -> bool:
    return source in (WRITE_SOURCES if write else READ_SOURCES)


def needs_account(source: str) -> bool:
    return source in MULTI_ACCOUNT
