"""Read `spec/` into typed, immutable records; every reader of the contract starts here."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

SPEC_FILES = ("openapi.yaml", "codes.yaml", "requirements.yaml")
# libyaml's safe loader is ~10x faster on the 4,500-line OpenAPI document; same semantics.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


class SpecError(Exception):
    """The contract could not be read or is invalid; `problems` holds one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class Code:
    code: int
    kind: str
    messages: tuple[str, ...]
    http_status: int
    operations: tuple[str, ...] | None  # None: resource-wide (any operation)
    origin: str
    triggerable: bool
    observed_messages: tuple[str, ...] = ()
    scope_reason: str | None = None
    not_triggerable_reason: str | None = None
    notes: str | None = None

    @property
    def resource_wide(self) -> bool:
        return self.operations is None

    def applies_to(self, operation_id: str) -> bool:
        return self.operations is None or operation_id in self.operations


@dataclass(frozen=True, slots=True)
class Requirement:
    id: str
    level: str
    title: str
    text: str
    operations: tuple[str, ...]  # ("*",) for every operation
    codes: tuple[int, ...]
    profile: str
    rationale: str | None = None
    not_testable_reason: str | None = None

    def governs(self, operation_id: str) -> bool:
        return "*" in self.operations or operation_id in self.operations


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    description: str
    mandatory: bool = False


@dataclass(frozen=True, slots=True)
class Operation:
    operation_id: str
    method: str
    path: str
    profile: str | None
    origin: str | None
    codes: tuple[int, ...]
    requirements: tuple[str, ...]
    raw: dict[str, Any] = field(repr=False, compare=False, hash=False)


@dataclass(frozen=True)
class SpecBundle:
    """The whole contract: the OpenAPI document, the code catalog and the requirements."""

    root: Path
    openapi: dict[str, Any]
    codes: dict[int, Code]
    requirements: dict[str, Requirement]
    profiles: dict[str, Profile]
    raw_codes: dict[str, Any]
    raw_requirements: dict[str, Any]
    digest: str

    @cached_property
    def operations(self) -> dict[str, Operation]:
        return _operations(self.openapi)

    def codes_for(self, operation_id: str) -> dict[int, Code]:
        """Every code the operation may emit: its own codes plus the resource-wide ones."""
        return {c.code: c for c in self.codes.values() if c.applies_to(operation_id)}

    def requirements_for(self, operation_id: str) -> list[Requirement]:
        return [r for r in self.requirements.values() if r.governs(operation_id)]


def default_spec_dir() -> Path:
    """`$LOOKUP_SPEC_DIR`, else the checkout's `spec/`, else the copy shipped in the wheel."""
    env = os.environ.get("LOOKUP_SPEC_DIR")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent.parent
    checkout = here.parent / "spec"
    if (checkout / "openapi.yaml").is_file():
        return checkout
    return here / "_spec"


def read_yaml(path: Path) -> Any:
    """Parse one YAML file, turning every failure into a one-line SpecError."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SpecError([f"{path}: file not found"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError([f"{path}: cannot read: {exc}"]) from None
    try:
        return yaml.load(text, Loader=_LOADER)  # a safe loader: CSafeLoader or SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise SpecError([f"{path}: invalid YAML{where}: {problem}"]) from None


def bundle_digest(root: Path) -> str:
    """SHA-256 over the spec files and schemas in a fixed order: how reports name the contract."""
    h = hashlib.sha256()
    files = [root / name for name in SPEC_FILES]
    files += sorted((root / "schemas").glob("*.json")) if (root / "schemas").is_dir() else []
    for f in files:
        if f.is_file():
            h.update(f.relative_to(root).as_posix().encode())
            h.update(b"\0")
            h.update(f.read_bytes())
            h.update(b"\0")
    return h.hexdigest()


def read_raw(root: Path) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """The three documents as parsed YAML; each must be a mapping."""
    if not root.is_dir():
        raise SpecError([f"{root}: spec directory not found"])
    problems: list[str] = []
    docs: list[dict[str, Any]] = []
    for name in SPEC_FILES:
        try:
            doc = read_yaml(root / name)
        except SpecError as exc:
            problems.extend(exc.problems)
            docs.append({})
            continue
        if not isinstance(doc, dict):
            problems.append(f"{root / name}: top level must be a mapping, got {type(doc).__name__}")
            doc = {}
        docs.append(doc)
    if problems:
        raise SpecError(problems)
    return docs[0], docs[1], docs[2]


def load_bundle(spec_dir: Path | str | None = None, *, validate: bool = True) -> SpecBundle:
    """Read and (by default) fully validate `spec/`; raises SpecError listing every problem."""
    root = Path(spec_dir) if spec_dir is not None else default_spec_dir()
    openapi, codes_doc, reqs_doc = read_raw(root)  # each file read and parsed once
    if validate:
        from conformance.spec.validate import validate_documents

        problems = validate_documents(root, openapi, codes_doc, reqs_doc)
        if problems:
            raise SpecError(problems)
    return build_bundle(root, openapi, codes_doc, reqs_doc)


def build_bundle(
    root: Path, openapi: dict[str, Any], codes_doc: dict[str, Any], reqs_doc: dict[str, Any]
) -> SpecBundle:
    codes = {int(c["code"]): _code(c) for c in codes_doc.get("codes") or []}
    requirements = {str(r["id"]): _requirement(r) for r in reqs_doc.get("requirements") or []}
    profiles = {
        str(name): Profile(str(name), str(p.get("description", "")), bool(p.get("mandatory")))
        for name, p in (reqs_doc.get("profiles") or {}).items()
    }
    return SpecBundle(
        root=root,
        openapi=openapi,
        codes=codes,
        requirements=requirements,
        profiles=profiles,
        raw_codes=codes_doc,
        raw_requirements=reqs_doc,
        digest=bundle_digest(root),
    )


def _code(c: dict[str, Any]) -> Code:
    ops = c.get("operations")
    return Code(
        code=int(c["code"]),
        kind=str(c["kind"]),
        messages=tuple(str(m) for m in c["messages"]),
        http_status=int(c["http_status"]),
        operations=tuple(str(o) for o in ops) if ops is not None else None,
        origin=str(c["origin"]),
        triggerable=bool(c["triggerable"]),
        observed_messages=tuple(str(m) for m in c.get("observed_messages") or ()),
        scope_reason=c.get("scope_reason"),
        not_triggerable_reason=c.get("not_triggerable_reason"),
        notes=c.get("notes"),
    )


def _requirement(r: dict[str, Any]) -> Requirement:
    return Requirement(
        id=str(r["id"]),
        level=str(r["level"]),
        title=str(r["title"]),
        text=str(r["text"]),
        operations=tuple(str(o) for o in r["operations"]),
        codes=tuple(int(c) for c in r.get("codes") or ()),
        profile=str(r["profile"]),
        rationale=r.get("rationale"),
        not_testable_reason=r.get("not_testable_reason"),
    )


def iter_operations(openapi: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(method, path, operation object) for every operation of the document."""
    out: list[tuple[str, str, dict[str, Any]]] = []
    paths = openapi.get("paths") or {}
    if not isinstance(paths, dict):
        return out
    for path, item in paths.items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                out.append((method.upper(), str(path), op))
    return out


def _operations(openapi: dict[str, Any]) -> dict[str, Operation]:
    ops: dict[str, Operation] = {}
    for method, path, op in iter_operations(openapi):
        op_id = str(op.get("operationId") or f"{method} {path}")
        ops[op_id] = Operation(
            operation_id=op_id,
            method=method,
            path=path,
            profile=op.get("x-profile"),
            origin=op.get("x-origin"),
            codes=tuple(int(c) for c in op.get("x-codes") or ()),
            requirements=tuple(str(r) for r in op.get("x-requirements") or ()),
            raw=op,
        )
    return ops


def load_json_schema(root: Path, name: str) -> dict[str, Any]:
    path = root / "schemas" / name
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SpecError([f"{path}: file not found"]) from None
    except (OSError, ValueError) as exc:
        raise SpecError([f"{path}: invalid JSON schema file: {exc}"]) from None
    if not isinstance(data, dict):
        raise SpecError([f"{path}: a JSON Schema must be an object"])
    return data
