"""The vendor fixtures file (spec/schemas/fixtures.schema.json) describing a seeded database."""

from __future__ import annotations

from typing import Any

from reference_impl.demo import ALT, BASE_COUNTRY_CODE, CAMPAIGN_TOKEN, DEMO, DUAL, OTHER, DemoOrg
from reference_impl.seed_special import OTHER_WECHAT_ACCOUNT, PROGRAM, SPECIALS
from reference_impl.store import Store


def _org(store: Store, demo: DemoOrg) -> dict[str, Any]:
    org = store.org(demo.id)
    assert org is not None
    dual: dict[str, Any] = {"enabled": org.dual_enabled}
    if org.dual_primary:
        dual["primary"] = org.dual_primary
    return {
        "credentials": {"user": demo.user, "password": demo.password, "oauth_token": demo.token},
        "base_country_code": BASE_COUNTRY_CODE,
        "primary_identifier": org.primary_identifier,
        "dual_eligibility": dual,
        "accounts": {source: sorted(accounts) for source, accounts in sorted(org.accounts.items())},
    }


def fixtures(store: Store, ids: dict[str, int]) -> dict[str, Any]:
    mobiles = {special.key: special.mobile for special in SPECIALS}

    def customer(key: str, **extra: Any) -> dict[str, Any]:
        base = {"org": "primary", "customerId": ids[key], "source": "INSTORE"}
        return base | {"identifierName": "mobile", "identifierValue": mobiles[key]} | extra

    return {
        "fixtures_version": 1,
        "orgs": {
            "primary": _org(store, DEMO),
            "other": _org(store, OTHER),
            "dual": _org(store, DUAL),
            "alternate": _org(store, ALT),
        },
        "customers": {
            "fraud": customer("fraud"),
            "non_loyalty": customer("non_loyalty"),
            "merged_victim": customer("merged_victim", survivorId=ids["merged_survivor"]),
            "multi_account": customer(
                "multi_account",
                source="WECHAT",
                accountId="WeChat1234",
                otherAccountId=OTHER_WECHAT_ACCOUNT,
                identifiers={"wechat": "wx-seed-106"},
            ),
            "loyalty": customer("loyalty", programId=PROGRAM),
            "referral": customer("referral", campaignToken=CAMPAIGN_TOKEN),
        },
    }
