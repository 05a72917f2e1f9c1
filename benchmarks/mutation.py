"""Mutation testing of reference_impl/ with the conformance kit as the test (cosmic-ray mutants).

Install the mutation tool into the project's virtualenv first (it is not a project dependency):

    .venv/bin/pip install cosmic-ray==8.7.0

then run, e.g.:

    .venv/bin/python benchmarks/mutation.py --max-mutants 120 --budget-minutes 25
    .venv/bin/python benchmarks/mutation.py --module identifiers --max-mutants 40
    .venv/bin/python benchmarks/mutation.py --report        # the score of what has run so far
    .venv/bin/python benchmarks/mutation.py --rejudge       # survivors again, after new tests

What it does. cosmic-ray's operators enumerate every mutant of the target modules (identifier,
precedence, catalog and envelope code; MODULES below). Mutants that cannot change what the
fault-free reference does are left out before any run, and counted: those inside annotations
(never evaluated under `from __future__ import annotations`) and those in code that runs only
with a named fault on (the body of `if "fault" in faults:` and the like). reference_impl/, spec/
and the kit (conformance/) are snapshotted once into a work directory, so edits made to the
checkout while a run goes on do not leak into it; each worker has its own copy. For a mutant,
the worker writes the mutated module into its copy and runs `lookup-conformance run --reference
--include AREA... --spec COPY/spec --seed 1 --max-examples 5` with PYTHONPATH pointing at the
copy, so the kit and the reference server subprocess import the copy (nothing under
reference_impl/ of the checkout is ever changed); the original module is put back after the run.
AREA is WIDE (every area but the slow GEN one; about 30 s a run), or with --narrow each module's
own areas.

Verdict per mutant, against a run of the unmutated snapshot with the same --include (baseline):
- killed: a requirement fails that does not fail in the baseline, or a test's failure names a
  requirement outside the areas run (the report leaves that one out; a full run fails it);
- killed-no-server: the reference server does not start (exit 3, import or seed error);
- killed-timeout: the run exceeds its time limit;
- killed-wide: survived a --narrow run, killed when run again with WIDE (--recheck);
- survived: the same requirements fail as in the baseline;
- equivalent: survived, and either an operand of an and/or chain that a fault test decides
  (`code == 618 and "status_400_for_fraud" in faults`) or listed in EQUIVALENT with the reason
  no test of the contract can kill it.
Score = killed (all kinds) / (killed + survived); equivalent mutants are not in it.

Why cosmic-ray and not mutmut 3.x: mutmut 3 first records, in the pytest process, which tests
reach each mutated function ("stats") and runs only those; the reference server runs in a
subprocess, so it records none and stops ("could not find any test case for any mutant").
cosmic-ray only needs the source of a mutant (`cosmic_ray.mutating.mutate_code`), so the kit can
start the server as it always does.

Resumable: results are kept in benchmarks/results/mutation_state.json, keyed by module, operator,
occurrence and the module's source hash, with the sources they were made from (--report,
--recheck and --rejudge use those); a new invocation runs only mutants without a result
(`--fresh` starts over). Mutants run in a fixed pseudo-random order per module (spread over lines
and operators) and modules are interleaved, so any prefix is a fair sample; the 95% interval
printed with each score is a Wilson interval over that sample.

When a module has changed since mutants of it were judged, its mutants have new keys. Those that
make the same change (operator, original line, mutated line) as a mutant judged for an earlier
version run first, the earlier survivors before the others: a new sample re-checks the old one.
mutation.json then lists each earlier survivor with what became of it (`earlier_survivors`).
--rejudge runs the current sources' survivors again (the kit gained tests since they ran); the
verdict they had is kept in the record as `previous`.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import hashlib
import json
import math
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "faults"))

import fault_runs as fr  # noqa: E402

STATE = ROOT / "benchmarks" / "results" / "mutation_state.json"
RESULT = ROOT / "benchmarks" / "results" / "mutation.json"
SEED = fr.SEED
MAX_EXAMPLES = 5  # the hand-written suites carry these areas; the fuzz phase is the slow part
RUN_TIMEOUT = 240.0

# module -> the requirement areas whose suites judge it most directly (--narrow); by default
# every mutant is judged with WIDE, which costs about as much: a run's fixed start-up (seeding,
# server start, collection) dominates, and these areas' suites take seconds.
MODULES: dict[str, tuple[str, ...]] = {
    "identifiers": ("LKP-ID-*",),  # identifier names, values, canonical forms
    "lookup_params": ("LKP-ERR-*", "LKP-SRC-*"),  # precedence of the lookup checks
    "pipeline": ("LKP-ERR-*", "LKP-SRC-*"),
    "resolve": ("LKP-ERR-*", "LKP-SRC-*"),
    "catalog": ("LKP-ERR-*",),  # code catalog: messages, HTTP status
    "errors": ("LKP-ERR-*",),  # error and success envelopes
}

# Every area the target modules' code can reach, except the slow GEN one (the fuzz phase over
# every operation, ~140 s). --recheck runs survivors of --narrow runs again with it.
WIDE = (
    "LKP-AUTH-*",
    "LKP-CHG-*",
    "LKP-DUAL-*",
    "LKP-ERR-*",
    "LKP-ID-*",
    "LKP-IMG-*",
    "LKP-REG-*",
    "LKP-SRC-*",
    "LKP-STATE-*",
    "LKP-UPD-*",
)

# Survivors no black-box test can kill, keyed by (module, original line, mutated line) with
# surrounding whitespace stripped; the value is why the mutant is equivalent.
_ACCOUNT = 'if sources.needs_account(query.source) {} "account_profile_ignored" not in faults:'
_DATACLASS = "@dataclass(frozen=True, slots=True)"
_WWW = 'headers = {{"WWW-Authenticate": \'Basic realm="lookup"\'}} if {}exc.code == 401 else None'
EQUIVALENT: dict[tuple[str, str, str], str] = {
    **{
        (module, _DATACLASS, _DATACLASS.replace("frozen=True", "frozen=False")): (
            "frozen only forbids assignment (and gives a hash): nothing assigns to or hashes one"
        )
        for module in MODULES
    },
    **{
        (module, _DATACLASS, _DATACLASS.replace("slots=True", "slots=False")): (
            "__slots__ only changes the memory layout of a frozen dataclass; nothing reads __dict__"
        )
        for module in MODULES
    },
    **{
        (module, "@dataclass(slots=True)", "@dataclass(slots=False)"): (
            "__slots__ only changes the memory layout: nothing reads __dict__ or sets an attribute"
            " the class does not declare"
        )
        for module in MODULES
    },
    (
        "lookup_params",
        "params: QueryParams, org: Org, *, write: bool, allow_lists: bool, faults: frozenset[str]",
        "params: QueryParams, org: Org, /, write: bool, allow_lists: bool, faults: frozenset[str]",
    ): "the one caller passes params and org by position and the rest by keyword: both accept it",
    (
        "lookup_params",
        "return LookupQuery(p.source, p.account_id, tuple(zip(p.names, p.values, strict=True)))",
        "return LookupQuery(p.source, p.account_id, tuple(zip(p.names, p.values, strict=False)))",
    ): "names and values have equal lengths by then (check_lists refuses the others with 8013)",
    **{
        ("pipeline", "raise ApiError(8003)", f"raise ApiError( {code})"): (
            "runs only with fault precedence_auth_after_source on (through `early_source`)"
        )
        for code in (8002, 8004)
    },
    ("identifiers", "0 < len(text) <= MAX_EXTERNAL_ID", "0 is not len(text) <= MAX_EXTERNAL_ID"): (
        "a length is never negative and CPython caches small ints: `0 is not n` is `0 < n`"
    ),
    (
        "identifiers",
        'and not any(unicodedata.category(ch) == "Cc" for ch in text)',
        'and not any(unicodedata.category(ch) <= "Cc" for ch in text)',
    ): ("no Unicode general category sorts before Cc (Cc Cf Cn Co Cs Ll ... Zs): `<=` is `==`"),
    **{
        ("pipeline", "max_fields=20,", f"max_fields= {n},"): (
            "outside the contract: no requirement bounds the number of form fields of setImage"
        )
        for n in (19, 21)
    },
    ("pipeline", "max_files=1,", "max_files= 2,"): (
        "outside the contract: no requirement covers a setImage body with two FILE parts"
    ),
    ("resolve", _ACCOUNT.format("and"), _ACCOUNT.format("or")): (
        "adds `AND account_id = ?` for single-account sources too, with query.account_id, which"
        " is '' for them (check_account reads accountId for multi-account sources only); and"
        " every profile of a single-account source has account_id '' (customer_input drops an"
        " accountId sent with one; the seeds write ''), so the same profiles match"
    ),
    ("resolve", "return query.pairs[0]", "return query.pairs[ -1]"): (
        "reached only without dual eligibility, where a query holds one pair (lists are refused"
        " before, LKP-DUAL-010)"
    ),
    **{
        ("pipeline", line, line.replace(op, is_op, 1)): (
            "OpSpec.body is always one of the string constants none, json and multipart, which"
            f" CPython interns: `{is_op}` gives what `{op}` gives"
        )
        for line, op, is_op in (
            ('if spec.body != "none":', "!=", "is not"),
            ('multipart = spec.body == "multipart"', "==", "is"),
            ('form = await _form(request, body) if spec.body == "multipart" else None', "==", "is"),
        )
    },
    ("pipeline", 'if spec.body != "none":', 'if spec.body < "none":'): (
        'json and multipart sort before none: for the three values of OpSpec.body `< "none"` is'
        ' `!= "none"`'
    ),
    ("pipeline", 'multipart = spec.body == "multipart"', 'multipart = spec.body >= "multipart"'): (
        'reached only with OpSpec.body json or multipart, for which `>= "multipart"` is'
        ' `== "multipart"`'
    ),
}

# Survivors equivalent whatever the mutation of their line, keyed by (module, original line):
# a value that only fault-gated code reads, or code only a bug in the reference reaches.
EQUIVALENT_LINES: dict[tuple[str, str], str] = {
    ("errors", 'warning = self.catalog.entry(code).kind == "warning"'): (
        "`warning` is read only by branches that run with an envelope fault on"
    ),
    ("errors", _WWW.format("")): (
        "outside the contract: no requirement or response header of spec/ names WWW-Authenticate"
    ),
    ("pipeline", "return state.responder.error(ApiError(500))"): (
        "unreachable without a bug: only an unexpected exception inside the reference gets here"
    ),
    ("pipeline", "except Exception:"): (
        "unreachable without a bug: only an unexpected exception inside the reference gets here"
    ),
    ("pipeline", "if early_source and not sources.allowed("): (
        "`early_source` is true only with fault precedence_auth_after_source on"
    ),
    ("resolve", "raise ApiError(8065 if wrong else rules.not_found)"): (
        "`wrong` is true only with fault code_8065_for_not_found on: with every fault off the"
        " code is rules.not_found, whatever the other operand"
    ),
    (
        "identifiers",
        'plain_plus = value.startswith("+") and value[1:].isdigit()'
        '  # "+" and digits, nothing else',
    ): (
        '`plain_plus` is read only in `plain_plus and "mobile_plus_kept" in faults`: with every'
        " fault off its value does not matter"
    ),
    (
        "catalog",
        "def message(self, code: int, x: str | None = None, y: str | None = None, index: int = 0)"
        " -> str:",
    ): (
        "the default message index: every message the catalog gives a code is a right one"
        " (LKP-ERR-009 accepts any of them)"
    ),
}

# Lines of earlier versions that earlier survivors mutated and the current source no longer has:
# what became of them (mutation.json, `earlier_survivors`).
REWRITTEN: dict[tuple[str, str], str] = {
    ("pipeline", "except (MultiPartException, ValueError, UnicodeDecodeError, AssertionError):"): (
        "these handlers never ran: Request.form() turns MultiPartException into Starlette's"
        " HTTPException, so a multipart body that does not parse got HTTP 500 (a reference bug,"
        " fixed). _form now runs MultiPartParser itself and catches MultiPartException only; its"
        " mutant `except CosmicRayTestingException:` is killed on LKP-IMG-002"
        " (test_boundaries.py, a multipart body without a parsable FILE part)"
    ),
    (
        "pipeline",
        "return await replay.form(max_files=1, max_fields=20,"
        " max_part_size=bodies.MULTIPART_LIMIT)",
    ): "now `max_fields=20,` of the MultiPartParser call in _form: equivalent, for the same reason",
    ("identifiers", 'if name == "cardNumber" and "cardNumber_alias_rejected" in faults:'): (
        'now `if body and name == "cardNumber" and "cardNumber_alias_rejected" in faults:`,'
        " whose operands the fault test decides"
    ),
}


@dataclass(frozen=True)
class Mutant:
    module: str
    operator: str
    occurrence: int
    line: int
    definition: str | None
    source_sha: str
    decided: bool = False  # an operand of an and/or chain that a fault test decides

    @property
    def key(self) -> str:
        return f"{self.module}:{self.operator}:{self.occurrence}@{self.source_sha[:12]}"

    @property
    def order(self) -> str:
        return hashlib.sha256(self.key.encode()).hexdigest()


def _require_cosmic_ray() -> None:
    try:
        import cosmic_ray  # noqa: F401
    except ImportError:
        sys.exit("cosmic-ray is not installed: .venv/bin/pip install cosmic-ray==8.7.0")


Span = tuple[tuple[int, int], tuple[int, int]]


def annotation_spans(source: str) -> list[Span]:
    """(start, end) of every annotation: with `from __future__ import annotations` they are
    never evaluated, so a mutant inside one is equivalent by construction."""
    tree = ast.parse(source)
    if not any(
        isinstance(n, ast.ImportFrom)
        and n.module == "__future__"
        and any(a.name == "annotations" for a in n.names)
        for n in tree.body
    ):
        return []
    found: list[ast.expr] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.returns:
            found.append(node.returns)
        elif isinstance(node, (ast.arg, ast.AnnAssign)) and node.annotation is not None:
            found.append(node.annotation)
    return [
        ((n.lineno, n.col_offset), (n.end_lineno or n.lineno, n.end_col_offset or 0)) for n in found
    ]


def _is_fault_test(node: ast.expr, op: type[ast.cmpop]) -> bool:
    """`"name" in faults` (op In) or `"name" not in faults` (op NotIn), name a registered fault."""
    return (
        isinstance(node, ast.Compare)
        and len(node.ops) == 1
        and isinstance(node.ops[0], op)
        and isinstance(node.left, ast.Constant)
        and node.left.value in fr.FAULTS
    )


def _false_without_faults(node: ast.expr) -> bool:
    if _is_fault_test(node, ast.In):
        return True
    if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And):
        return any(_false_without_faults(v) for v in node.values)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return _true_without_faults(node.operand)
    return False


def _true_without_faults(node: ast.expr) -> bool:
    if _is_fault_test(node, ast.NotIn):
        return True
    if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
        return any(_true_without_faults(v) for v in node.values)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return _false_without_faults(node.operand)
    return False


def _span(nodes: list[Any]) -> list[Span]:
    if not nodes:
        return []
    first, last = nodes[0], nodes[-1]
    return [((first.lineno, first.col_offset), (last.end_lineno, last.end_col_offset))]


def fault_gated_spans(source: str) -> list[Span]:
    """Code that runs only with some fault on: the body of `if "f" in faults`, the else of
    `if "f" not in faults`, the same branches of `x if ... else y`, and what `and`/`or` never
    evaluate after such a test. With every fault off (how the kit certifies the reference), a
    mutant there is equivalent by construction."""
    spans: list[Span] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.If, ast.IfExp)):
            body = node.body if isinstance(node.body, list) else [node.body]
            orelse = node.orelse if isinstance(node.orelse, list) else [node.orelse]
            if _false_without_faults(node.test):
                spans += _span(body)
            elif _true_without_faults(node.test):
                spans += _span(orelse)
        elif isinstance(node, ast.BoolOp):
            decided = (
                _false_without_faults if isinstance(node.op, ast.And) else _true_without_faults
            )
            for i, value in enumerate(node.values):
                if decided(value):
                    spans += _span(node.values[i + 1 :])
                    break
    return spans


def fault_decided_operands(source: str) -> list[Span]:
    """Operands evaluated before the fault test of `a == 1 and "f" in faults` (or of
    `a or "f" not in faults`): with every fault off the chain's value is the same whatever they
    give, so a mutant there survives unless it makes the operand raise."""
    spans: list[Span] = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.BoolOp):
            continue
        decided = _false_without_faults if isinstance(node.op, ast.And) else _true_without_faults
        for i, value in enumerate(node.values):
            if decided(value):
                spans += [s for v in node.values[:i] for s in _span([v])]
                break
    return spans


def inside(pos: tuple[int, int], spans: list[Span]) -> bool:
    return any(start <= pos < end for start, end in spans)


def enumerate_mutants(
    snapshot: Path, modules: list[str]
) -> tuple[dict[str, list[Mutant]], dict[str, dict[str, int]]]:
    """Every mutant of each module, and per module how many were left out as equivalent by
    construction: inside an annotation, or in code that runs only with a fault on."""
    import cosmic_ray.plugins
    from cosmic_ray.ast import ast_nodes, get_ast_from_path
    from cosmic_ray.ast.ast_query import ASTQuery

    found: dict[str, list[Mutant]] = {}
    skipped: dict[str, dict[str, int]] = {}
    names = sorted(cosmic_ray.plugins.operator_names())
    for module in modules:
        path = snapshot / "reference_impl" / f"{module}.py"
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        tree = get_ast_from_path(path)
        text = path.read_text(encoding="utf-8")
        annotations, gated = annotation_spans(text), fault_gated_spans(text)
        decided_spans = fault_decided_operands(text)
        skipped[module] = {"annotation": 0, "fault-gated": 0}
        mutants = []
        for name in names:
            cls = cosmic_ray.plugins.get_operator(name)
            if cls.arguments():  # operators that need arguments are not configured
                continue
            operator = cls()
            positions = (
                (node, start)
                for node in ast_nodes(tree)
                for start, _ in operator.mutation_positions(node)
            )
            for occurrence, (node, start) in enumerate(positions):
                if inside(tuple(start), annotations):
                    skipped[module]["annotation"] += 1
                    continue
                if inside(tuple(start), gated):
                    skipped[module]["fault-gated"] += 1
                    continue
                definition = ASTQuery(node).get_definition_name()
                decided = inside(tuple(start), decided_spans)
                mutants.append(Mutant(module, name, occurrence, start[0], definition, sha, decided))
        found[module] = sorted(mutants, key=lambda m: m.order)
    return found, skipped


def mutated_source(source: str, mutant: Mutant) -> str | None:
    import cosmic_ray.plugins
    from cosmic_ray.mutating import mutate_code

    operator = cosmic_ray.plugins.get_operator(mutant.operator)()
    return mutate_code(source, operator, mutant.occurrence)  # type: ignore[no-any-return]


def changed_lines(original: str, mutated: str) -> tuple[str, str]:
    """The first differing line of each (what the mutant changed), stripped."""
    a, b = original.splitlines(), mutated.splitlines()
    for x, y in zip(a, b, strict=False):
        if x != y:
            return x.strip(), y.strip()
    return "", ""


# --------------------------------------------------------------------------- work directories


def make_snapshot(work: Path, sources: dict[str, str] | None = None) -> Path:
    """reference_impl/, spec/ and the kit as they are now: later edits of the checkout do not
    leak in (PYTHONPATH puts the copy before the checkout).

    `sources` (module -> text) replaces modules with the text earlier mutants were made from.
    """
    snap = work / "snapshot"
    for package in ("reference_impl", "conformance"):
        shutil.copytree(
            ROOT / package, snap / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copytree(ROOT / "spec", snap / "spec")
    for module, text in (sources or {}).items():
        (snap / "reference_impl" / f"{module}.py").write_text(text, encoding="utf-8")
    return snap


def make_worker(snapshot: Path, work: Path, index: int) -> Path:
    dest = work / f"worker{index}"
    shutil.copytree(snapshot, dest)
    return dest


@dataclass(frozen=True)
class KitRun:
    outcome: fr.RunOutcome
    # Requirements outside the run's areas that a failing test named: the kit then records the
    # test's own requirement as "not verified: X failed first", and a report limited to the
    # areas leaves X out (a non-JSON 500 breaks LKP-GEN-001, for one). A full run fails X.
    elsewhere: frozenset[str] = frozenset()


BLOCKED = "not verified: "


def kit_run(copy: Path, include: tuple[str, ...], max_examples: int) -> KitRun:
    env = {"PYTHONPATH": str(copy), "PYTHONDONTWRITEBYTECODE": "1"}
    reports = copy / ("report-" + hashlib.sha256(" ".join(include).encode()).hexdigest()[:8])
    shutil.rmtree(reports, ignore_errors=True)
    outcome = fr.certify_reference(
        (),
        include,
        seed=SEED,
        max_examples=max_examples,
        timeout=RUN_TIMEOUT,
        env=env,
        extra_args=("--spec", str(copy / "spec")),
        keep_reports=reports,
    )
    return KitRun(outcome, named_elsewhere(reports / "report.json"))


def killed_by(run: fr.RunOutcome, new: list[str], most: int = 3) -> dict[str, list[str]]:
    """A few of the tests (or checks) that failed on the first `most` new failures."""
    return {r: sorted(run.sources.get(r, ()))[:2] for r in new[:most]}


def named_elsewhere(report: Path) -> frozenset[str]:
    """The requirements outside the report that its "not verified: X failed first" name."""
    try:
        doc = json.loads(report.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return frozenset()
    named: set[str] = set()
    for req in doc.get("requirements") or []:
        for ev in req.get("evidence") or []:
            detail = str(ev.get("detail") or "")
            if ev.get("outcome") == "skip" and detail.startswith(BLOCKED):
                ids = detail.removeprefix(BLOCKED).split(" failed first", 1)[0]
                named.update(i.strip() for i in ids.split(","))
    return frozenset(named - {str(req.get("id")) for req in doc.get("requirements") or []})


@contextlib.contextmanager
def applied(copy: Path, module: str, text: str) -> Iterator[None]:
    path = copy / "reference_impl" / f"{module}.py"
    original = path.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    try:
        yield
    finally:
        path.write_text(original, encoding="utf-8")


# --------------------------------------------------------------------------- verdicts and state


def verdict(judged: KitRun, baseline: KitRun) -> tuple[str, list[str]]:
    run, base = judged.outcome, baseline.outcome
    if run.exit_code is None:
        return "killed-timeout", []
    if not run.usable:
        return "killed-no-server", []
    new = sorted(run.failed - base.failed)
    new += [f"{r} (outside the areas run)" for r in sorted(judged.elsewhere - baseline.elsewhere)]
    if new or (run.exit_code != base.exit_code and run.exit_code != 0):
        return "killed", new
    return "survived", []


class State:
    """mutation_state.json: one record per mutant key; written after every result."""

    def __init__(self, path: Path, fresh: bool) -> None:
        self.path = path
        self.lock = threading.Lock()
        self.records: dict[str, dict[str, Any]] = {}
        self.sources: dict[str, str] = {}  # module -> the source its mutants were made from
        self.runs: list[dict[str, Any]] = []  # one item per invocation that ran mutants
        if path.is_file() and not fresh:
            doc = json.loads(path.read_text(encoding="utf-8"))
            self.records = doc.get("mutants", {})
            self.sources = doc.get("sources", {})
            self.runs = doc.get("runs", [])

    def add(self, key: str, record: dict[str, Any]) -> None:
        with self.lock:
            self.records[key] = record
            self.save()

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        doc = {"sources": self.sources, "mutants": self.records, "runs": self.runs}
        tmp.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
        tmp.replace(self.path)


DECIDED_REASON = (
    "operand of an and/or chain decided by a fault test: with every fault off the chain's value"
    " does not depend on it"
)
DECIDED_KEYS: set[str] = set()  # filled by main() from the enumeration


def final_verdict(record: dict[str, Any]) -> str:
    """A survivor killed when run again with the WIDE areas counts as killed."""
    recheck = record.get("recheck") or {}
    if record["verdict"] == "survived" and str(recheck.get("verdict", "")).startswith("killed"):
        return "killed-wide"
    return str(record["verdict"])


def equivalence(record: dict[str, Any]) -> str | None:
    if record.get("key") in DECIDED_KEYS:
        return DECIDED_REASON
    found = EQUIVALENT.get((record["module"], record["original"], record["mutated"]))
    return found or EQUIVALENT_LINES.get((record["module"], record["original"]))


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return 0.0, 0.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def summarise(
    records: list[dict[str, Any]], totals: dict[str, int] | None = None
) -> dict[str, Any]:
    by_module: dict[str, Counter[str]] = {}
    for r in records:
        kind = "equivalent" if r["verdict"] == "survived" and equivalence(r) else r["verdict"]
        by_module.setdefault(r["module"], Counter())[kind] += 1
    rows = {}
    all_counts: Counter[str] = Counter()
    for module, counts in sorted(by_module.items()):
        all_counts.update(counts)
        rows[module] = score_row(counts, (totals or {}).get(module))
    return {"modules": rows, "total": score_row(all_counts, sum((totals or {}).values()) or None)}


def score_row(counts: Counter[str], enumerated: int | None) -> dict[str, Any]:
    killed = (
        counts["killed"]
        + counts["killed-no-server"]
        + counts["killed-timeout"]
        + counts["killed-wide"]
    )
    judged = killed + counts["survived"]
    low, high = wilson(killed, judged)
    return {
        "enumerated": enumerated,
        "ran": sum(counts.values()),
        "killed": counts["killed"],
        "killed_no_server": counts["killed-no-server"],
        "killed_timeout": counts["killed-timeout"],
        "killed_wide": counts["killed-wide"],
        "survived": counts["survived"],
        "equivalent": counts["equivalent"],
        "score": round(killed / judged, 3) if judged else None,
        "score_95ci": [round(low, 3), round(high, 3)],
    }


def print_summary(summary: dict[str, Any], records: list[dict[str, Any]]) -> None:
    print(
        f"\n{'module':<14} {'enum':>5} {'ran':>4} {'killed':>6} {'no-srv':>6} {'t/o':>4}"
        f" {'wide':>4} {'surv':>5} {'equiv':>5}  score (95% CI)"
    )
    for name, row in [*summary["modules"].items(), ("TOTAL", summary["total"])]:
        score = "—" if row["score"] is None else f"{row['score']:.1%}"
        ci = row["score_95ci"]
        print(
            f"{name:<14} {row['enumerated'] or '':>5} {row['ran']:>4} {row['killed']:>6}"
            f" {row['killed_no_server']:>6} {row['killed_timeout']:>4} {row['killed_wide']:>4}"
            f" {row['survived']:>5}"
            f" {row['equivalent']:>5}  {score} ({ci[0]:.0%}-{ci[1]:.0%})"
        )
    survivors = [r for r in records if r["verdict"] == "survived"]
    if survivors:
        print("\nsurviving mutants:")
    for r in sorted(survivors, key=lambda r: (r["module"], r["line"])):
        why = equivalence(r)
        tag = f"equivalent: {why}" if why else "SURVIVED"
        print(f"  {r['module']}.py:{r['line']} ({r['definition']}) {r['operator']}  [{tag}]")
        print(f"      - {r['original']}\n      + {r['mutated']}")


# --------------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", action="append", choices=sorted(MODULES), default=[])
    parser.add_argument("--max-mutants", type=int, default=60, help="new mutants this run")
    parser.add_argument("--budget-minutes", type=float, default=25.0, help="stop starting new ones")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--max-examples", type=int, default=MAX_EXAMPLES)
    parser.add_argument("--fresh", action="store_true", help="forget earlier results")
    parser.add_argument("--report", action="store_true", help="only print what has run")
    parser.add_argument(
        "--recheck",
        action="store_true",
        help="run survivors judged with --narrow again with the WIDE areas (no new mutants)",
    )
    parser.add_argument(
        "--rejudge",
        action="store_true",
        help="run the current sources' survivors that are not equivalent again (no new mutants)",
    )
    parser.add_argument(
        "--narrow",
        action="store_true",
        help="judge each module's mutants with its own areas (MODULES), not WIDE",
    )
    args = parser.parse_args()
    _require_cosmic_ray()
    modules = args.module or list(MODULES)
    state = State(STATE, args.fresh)
    started, wall_start = time.monotonic(), time.time()
    run_at = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(wall_start))
    args.run_at = run_at
    deadline = started + args.budget_minutes * 60
    with tempfile.TemporaryDirectory(prefix="lookup-mutation-") as tmp:
        work = Path(tmp)
        # --report, --recheck and --rejudge judge the modules the recorded mutants were made from
        recorded = args.report or args.recheck or args.rejudge
        keep = state.sources if recorded else None
        snapshot = make_snapshot(work, {m: t for m, t in (keep or {}).items() if m in modules})
        if not recorded:
            for module in modules:
                path = snapshot / "reference_impl" / f"{module}.py"
                state.sources[module] = path.read_text(encoding="utf-8")
        mutants, left_out = enumerate_mutants(snapshot, modules)
        totals = {m: len(v) for m, v in mutants.items()}
        print("mutants enumerated: " + ", ".join(f"{m} {n}" for m, n in totals.items()))
        print(
            "left out as equivalent by construction (in an annotation / runs only with a fault"
            " on): "
            + ", ".join(f"{m} {n['annotation']}/{n['fault-gated']}" for m, n in left_out.items())
        )
        by_key = {m.key: m for ms in mutants.values() for m in ms}
        DECIDED_KEYS.update(k for k, m in by_key.items() if m.decided)
        current = {k: r for k, r in state.records.items() if k in by_key}
        earlier = {
            k: r
            for k, r in state.records.items()
            if k not in by_key and r.get("module") in modules and r.get("original") is not None
        }
        sources = {
            m: (snapshot / "reference_impl" / f"{m}.py").read_text(encoding="utf-8")
            for m in modules
        }
        matched = match_earlier(mutants, sources, earlier)
        if args.rejudge:
            queue = [
                by_key[k]
                for k, r in current.items()
                if final_verdict(r) == "survived" and not equivalence({**r, "key": k})
            ][: args.max_mutants]
            print(f"survivors to judge again with the current kit: {len(queue)}", flush=True)
            if queue:
                run_queue(queue, snapshot, work, state, args, deadline, mode="rejudge")
        elif args.recheck:
            queue = [
                by_key[k]
                for k, r in current.items()
                if r["verdict"] == "survived"
                and "recheck" not in r
                and r.get("include", []) != list(WIDE)
                and not equivalence({**r, "key": k})
            ][: args.max_mutants]
            print(f"survivors to run again with {', '.join(WIDE)}: {len(queue)}", flush=True)
            if queue:
                run_queue(queue, snapshot, work, state, args, deadline, mode="wide")
        elif not args.report:
            first = earlier_first(mutants, matched, earlier, set(current), args.max_mutants)
            rest = interleave(mutants, set(current) | {m.key for m in first}, args.max_mutants)
            queue = (first + rest)[: args.max_mutants]
            print(
                f"to run now: {len(queue)} (already judged: {len(current)}; first the"
                f" {len(first)} making the change of a mutant judged for an earlier version)",
                flush=True,
            )
            if queue:
                run_queue(queue, snapshot, work, state, args, deadline)
        current = {k: r for k, r in state.records.items() if k in by_key}
    if not args.report:
        state.runs.append(
            {
                "command": " ".join(["benchmarks/mutation.py", *sys.argv[1:]]),
                "started": time.strftime("%Y-%m-%d %H:%M", time.localtime(wall_start)),
                "wall_s": round(time.monotonic() - started, 1),
                "workers": args.workers,
                "mutants_run": sum(1 for r in state.records.values() if r.get("run_at") == run_at),
            }
        )
        state.save()
    records = [{**r, "key": k, "verdict": final_verdict(r)} for k, r in current.items()]
    summary = summarise(records, totals)
    print_summary(summary, records)
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    doc = {
        "benchmark": "mutation",
        "tool": "cosmic-ray " + _version("cosmic-ray"),
        "finished": time.strftime("%Y-%m-%d %H:%M"),
        "written_by": " ".join(["benchmarks/mutation.py", *sys.argv[1:]]),
        "sources": {m: ms[0].source_sha[:12] for m, ms in mutants.items() if ms},
        "seed": SEED,
        "max_examples": args.max_examples,
        "areas": list(WIDE) if not args.narrow else {m: list(MODULES[m]) for m in modules},
        "wall_s_this_invocation": round(time.monotonic() - started, 1),
        "runs": state.runs,
        "left_out_equivalent_by_construction": left_out,
        "summary": summary,
        "survivors": [
            {**r, "equivalent": equivalence(r)}
            for r in sorted(records, key=lambda r: (r["module"], r["line"]))
            if r["verdict"] == "survived"
        ],
        "earlier_survivors": earlier_survivors(earlier, matched, current, sources),
    }
    RESULT.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {RESULT.relative_to(ROOT)} ({len(records)} mutants judged)")
    return 0


def _version(dist: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "?"


def match_earlier(
    mutants: dict[str, list[Mutant]], sources: dict[str, str], earlier: dict[str, dict[str, Any]]
) -> dict[str, list[str]]:
    """Current mutant key -> keys of mutants judged for other versions of its module that make
    the same change: same operator, same original line, same mutated line."""
    wanted: dict[tuple[str, str, str, str], list[str]] = {}
    for key, r in earlier.items():
        wanted.setdefault((r["module"], r["operator"], r["original"], r["mutated"]), []).append(key)
    found: dict[str, list[str]] = {}
    for module, ms in mutants.items():
        if not any(k[0] == module for k in wanted):
            continue
        for m in ms:
            text = mutated_source(sources[module], m)
            if text is None:
                continue
            keys = wanted.get((module, m.operator, *changed_lines(sources[module], text)))
            if keys:
                found[m.key] = keys
    return found


def earlier_first(
    mutants: dict[str, list[Mutant]],
    matched: dict[str, list[str]],
    earlier: dict[str, dict[str, Any]],
    done: set[str],
    limit: int,
) -> list[Mutant]:
    """The unjudged mutants that redo one judged for an earlier version, those redoing a
    survivor first; each group in the usual interleaved order."""
    unmatched = {m.key for ms in mutants.values() for m in ms if m.key not in matched}
    order = interleave(mutants, done | unmatched, sum(map(len, mutants.values())))

    def survived(key: str) -> bool:
        return any(final_verdict(earlier[k]) == "survived" for k in matched[key])

    redo = [m for m in order if survived(m.key)] + [m for m in order if not survived(m.key)]
    return redo[:limit]


def earlier_survivors(
    earlier: dict[str, dict[str, Any]],
    matched: dict[str, list[str]],
    current: dict[str, dict[str, Any]],
    sources: dict[str, str],
) -> list[dict[str, Any]]:
    """Each survivor judged for an earlier version of its module, and what became of the same
    change in the current source: killed (by which requirements and tests), survived as
    equivalent (why), or not run yet; when the current source has no such mutant, why not."""
    now_of: dict[str, list[str]] = {}
    for key, olds in matched.items():
        for old in olds:
            now_of.setdefault(old, []).append(key)
    out = []
    for key, r in sorted(earlier.items(), key=lambda kv: (kv[1]["module"], kv[1]["line"])):
        if final_verdict(r) != "survived":
            continue
        now = []
        for new_key in now_of.get(key, []):
            rec = current.get(new_key)
            if rec is None:
                now.append({"key": new_key, "verdict": "not run"})
                continue
            final = final_verdict(rec)
            item: dict[str, Any] = {"key": new_key, "line": rec["line"], "verdict": final}
            if final.startswith("killed"):
                item["new_failures"] = rec.get("new_failures", [])
                item["killed_by"] = rec.get("killed_by", {})
            else:
                item["equivalent"] = equivalence({**rec, "key": new_key})
            now.append(item)
        lines = {line.strip() for line in sources.get(r["module"], "").splitlines()}
        gone = (
            REWRITTEN.get(
                (r["module"], r["original"]), "the original line is no longer in the current source"
            )
            if r["original"] not in lines
            else "the line is still there, but this mutant of it is left out as equivalent by"
            " construction (in an annotation, or in code that runs only with a fault on)"
        )
        out.append(
            {
                "module": r["module"],
                "operator": r["operator"],
                "line": r["line"],
                "original": r["original"],
                "mutated": r["mutated"],
                "earlier_key": key,
                "now": now or gone,
            }
        )
    return out


def interleave(mutants: dict[str, list[Mutant]], done: set[str], limit: int) -> list[Mutant]:
    """Round-robin over modules, each in its fixed pseudo-random order, skipping judged ones."""
    pending = {m: [x for x in v if x.key not in done] for m, v in mutants.items()}
    out: list[Mutant] = []
    while len(out) < limit and any(pending.values()):
        for module in list(pending):
            if pending[module] and len(out) < limit:
                out.append(pending[module].pop(0))
    return out


def include_of(mutant: Mutant, wide: bool) -> tuple[str, ...]:
    return WIDE if wide else MODULES[mutant.module]


def run_queue(
    queue: list[Mutant],
    snapshot: Path,
    work: Path,
    state: State,
    args: argparse.Namespace,
    deadline: float,
    mode: str = "new",
) -> None:
    """Run each mutant of `queue`. mode new: not judged yet; wide: again with the WIDE areas,
    stored as `recheck`; rejudge: again as before, the earlier verdict kept as `previous`."""
    workers = max(1, min(args.workers, 4))
    copies = [make_worker(snapshot, work, i) for i in range(workers)]
    wide = mode == "wide" or not args.narrow
    includes = sorted({include_of(m, wide) for m in queue})
    print(f"baseline runs (unmutated snapshot): {len(includes)}", flush=True)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        runs = pool.map(lambda inc: kit_run(snapshot, inc, args.max_examples), includes)
        baselines = dict(zip(includes, runs, strict=True))
    for inc, judged in baselines.items():
        base = judged.outcome
        failed = sorted(base.failed) + [f"{r} (outside)" for r in sorted(judged.elsewhere)]
        state_text = base.problem or (", ".join(failed) or "clean")
        print(f"  {' '.join(inc)[:60]:<60} {base.seconds:5.1f} s  {state_text}", flush=True)
        if not base.usable:
            sys.exit(f"baseline for {inc} unusable: {base.problem}\n{base.tail}")
    sources = {
        m: (snapshot / "reference_impl" / f"{m}.py").read_text(encoding="utf-8")
        for m in {x.module for x in queue}
    }
    free = list(copies)
    lock = threading.Lock()

    def one(mutant: Mutant) -> dict[str, Any]:
        with lock:
            copy = free.pop()
        try:
            original = sources[mutant.module]
            text = mutated_source(original, mutant)
            include = include_of(mutant, wide)
            record: dict[str, Any] = {
                "module": mutant.module,
                "operator": mutant.operator,
                "occurrence": mutant.occurrence,
                "line": mutant.line,
                "definition": mutant.definition,
            }
            if text is None:
                record["verdict"] = "no-mutation"
                state.add(mutant.key, record)
                return record
            record["original"], record["mutated"] = changed_lines(original, text)
            with applied(copy, mutant.module, text):
                judged = kit_run(copy, include, args.max_examples)
            kind, new = verdict(judged, baselines[include])
            run = judged.outcome
            result = {
                "verdict": kind,
                "include": list(include),
                "new_failures": new,
                "killed_by": killed_by(run, new),
                "exit_code": run.exit_code,
                "seconds": round(run.seconds, 1),
                "problem": run.problem,
                "run_at": args.run_at,
            }
            if mode == "wide":
                record = {**state.records[mutant.key], "recheck": result}
            elif mode == "rejudge":
                before = state.records[mutant.key]
                previous = {k: before[k] for k in result if k in before}
                record = {**before, **result, "previous": previous}
            else:
                record.update(result)
            state.add(mutant.key, record)
            return {**record, **result}
        finally:
            with lock:
                free.append(copy)

    done = 0
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending: set[Future[dict[str, Any]]] = set()
        todo = list(queue)
        while todo or pending:
            while todo and len(pending) < workers and time.monotonic() < deadline:
                pending.add(pool.submit(one, todo.pop(0)))
            if not pending:
                print(f"budget reached; {len(todo)} mutants left for the next run", flush=True)
                break
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in finished:
                rec = fut.result()
                done += 1
                print(
                    f"  [{done}/{len(queue)}] {rec['module']}:{rec['line']} {rec['operator']}"
                    f" -> {rec['verdict']} {', '.join(rec.get('new_failures') or [])}"
                    f" ({rec.get('seconds', 0)} s)",
                    flush=True,
                )


if __name__ == "__main__":
    sys.exit(main())
