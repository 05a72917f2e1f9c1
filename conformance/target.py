"""The implementation under test: base URL, credentials, declared profiles, fixtures, limits."""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from conformance.spec.loader import SpecBundle, SpecError, load_json_schema, read_yaml


class ConfigError(Exception):
    """A user mistake in flags or files: reported in one line, exit 2."""


@dataclass(frozen=True, slots=True)
class Credentials:
    user: str | None = None
    password: str | None = None
    oauth_token: str | None = None

    def headers(self) -> dict[str, str]:
        if self.oauth_token:
            return {"X-CAP-API-OAUTH-TOKEN": self.oauth_token}
        if self.user is not None and self.password is not None:
            return {"Authorization": basic_authorization(self.user, self.password)}
        return {}

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> Credentials:
        return cls(data.get("user"), data.get("password"), data.get("oauth_token"))


def replay_setup(credentials: Credentials) -> str:
    """The shell lines that set what a report's curl lines read (`$LOOKUP_AUTHORIZATION` or
    `$LOOKUP_OAUTH_TOKEN`) for the credentials of the run, without the secret itself."""
    if credentials.oauth_token:
        return "export LOOKUP_OAUTH_TOKEN='YOUR-OAUTH-TOKEN'"
    if credentials.user is not None:
        user = "'" + credentials.user.replace("'", "'\\''") + "'"
        return (
            "export LOOKUP_PASSWORD='YOUR-TILL-PASSWORD'\n"
            "export LOOKUP_AUTHORIZATION=\"Basic $(printf '%s:%s' "
            f"{user} "
            "\"$(printf '%s' \"$LOOKUP_PASSWORD\" | md5sum | cut -d' ' -f1)\" "
            "| base64 | tr -d '\\n')\""
        )
    return ""


def basic_authorization(user: str, password: str) -> str:
    """`Basic base64(user:md5_hex(password))`, as the contract's basicAuth scheme says."""
    digest = hashlib.md5(password.encode("utf-8"), usedforsecurity=False).hexdigest()
    return "Basic " + base64.b64encode(f"{user}:{digest}".encode()).decode("ascii")


DEFAULT_TIMEOUT = 10.0  # seconds per request, connect to last byte
DEFAULT_MAX_RESPONSE_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """Safe defaults against hostile servers; each is a documented `run` option."""

    timeout: float = DEFAULT_TIMEOUT
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES
    follow_redirects: bool = False


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Target:
    base_url: str
    credentials: Credentials
    profiles: frozenset[str]
    fixtures: dict[str, Any] = field(default_factory=dict)
    limits: Limits = DEFAULT_LIMITS

    def declares(self, profile: str) -> bool:
        return profile in self.profiles

    def org(self, name: str) -> dict[str, Any] | None:
        org = (self.fixtures.get("orgs") or {}).get(name)
        return org if isinstance(org, dict) else None

    def customer(self, state: str) -> dict[str, Any] | None:
        found = (self.fixtures.get("customers") or {}).get(state)
        return found if isinstance(found, dict) else None


def _load_document(path: Path, schema_name: str, spec_root: Path) -> dict[str, Any]:
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
        else:
            data = read_yaml(path)
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except SpecError as exc:
        raise ConfigError(exc.problems[0]) from None
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    schema = load_json_schema(spec_root, schema_name)
    error = next(iter(Draft202012Validator(schema).iter_errors(data)), None)
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
        raise ConfigError(f"{path}: {where}: {error.message}")
    assert isinstance(data, dict)
    return data


def load_declaration(path: Path | None, bundle: SpecBundle) -> frozenset[str]:
    """Declared profiles plus the mandatory ones; no file means every profile is declared."""
    mandatory = {p.name for p in bundle.profiles.values() if p.mandatory}
    if path is None:
        return frozenset(bundle.profiles)
    data = _load_document(path, "declaration.schema.json", bundle.root)
    unknown = sorted(set(data["profiles"]) - set(bundle.profiles))
    if unknown:
        known = ", ".join(sorted(bundle.profiles))
        raise ConfigError(f"{path}: unknown profile(s) {', '.join(unknown)}; known: {known}")
    return frozenset(data["profiles"]) | mandatory


def load_fixtures(path: Path | None, bundle: SpecBundle) -> dict[str, Any]:
    if path is None:
        return {}
    return _load_document(path, "fixtures.schema.json", bundle.root)


def target_to_wire(target: Target) -> dict[str, Any]:
    """Plain data (what an xdist worker receives through `workerinput`)."""
    c, lim = target.credentials, target.limits
    return {
        "base_url": target.base_url,
        "credentials": {"user": c.user, "password": c.password, "oauth_token": c.oauth_token},
        "profiles": sorted(target.profiles),
        "fixtures": target.fixtures,
        "limits": {
            "timeout": lim.timeout,
            "max_response_bytes": lim.max_response_bytes,
            "follow_redirects": lim.follow_redirects,
        },
    }


def target_from_wire(data: dict[str, Any]) -> Target:
    return Target(
        str(data["base_url"]),
        Credentials.from_mapping(data["credentials"]),
        frozenset(data["profiles"]),
        dict(data["fixtures"]),
        Limits(**data["limits"]),
    )
