"""The README's figures from benchmarks/results/*.json: print the table, or render the README.

    .venv/bin/python benchmarks/make_table.py            # the table of latest figures (Markdown)
    .venv/bin/python benchmarks/make_table.py --write    # README.md from README.template.md

`--write` replaces every placeholder of README.template.md (RESULTS_TABLE, OVERHEAD_ROWS, ...,
see `placeholders()`) with figures from results/*.json, and the before/after table with
results/before/*.json (the figures committed before the proposals were made) against the
latest ones; it fails if a placeholder is left. run_all.py calls it with --write.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
BEFORE = RESULTS / "before"
TEMPLATE = HERE / "README.template.md"
README = HERE / "README.md"


def load(name: str, where: Path = RESULTS) -> dict[str, Any] | None:
    path = where / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def med(d: dict[str, Any] | None, *keys: str) -> Any:
    for k in keys:
        if not isinstance(d, dict):
            return None
        d = d.get(k)
    return d.get("median") if isinstance(d, dict) else d


def fmt(v: Any, spec: str = ".1f", suffix: str = "") -> str:
    if v is None:
        return "n/a"
    return f"{v:{spec}}{suffix}" if isinstance(v, int | float) else str(v)


def load_note(d: dict[str, Any] | None) -> str:
    con = (d or {}).get("contention") or {}
    v = con.get("foreign_cpu_cores")
    return "" if v is None else f"{v:.2f}"


def rows() -> list[list[str]]:
    out: list[list[str]] = []
    cert = load("certify")
    if cert:
        n = str(cert["wall_s"]["n"])
        note = load_note(cert)
        out += [
            ["1 certify", "wall time", fmt(med(cert, "wall_s"), suffix=" s"), "", n, note],
            ["1 certify", "requests sent", fmt(med(cert, "requests"), ".0f"), "", n, note],
            ["1 certify", "requests/s", fmt(med(cert, "requests_per_s")), "", n, note],
            [
                "1 certify",
                "CPU time (kit + its server)",
                fmt(
                    med(cert, "cpu_s_kit_and_server")
                    or (
                        sorted(r["cpu_s_kit_tree"] for r in cert["runs"])[len(cert["runs"]) // 2]
                        if cert.get("runs")
                        else None
                    ),
                    suffix=" s",
                ),
                "",
                n,
                note,
            ],
            [
                "1 certify",
                "peak RSS, kit process",
                fmt(med(cert, "kit_peak_rss_mib"), ".0f", " MiB"),
                "",
                n,
                note,
            ],
        ]
    ov = load("overhead")
    if ov:
        tools = ov["tools"]
        n = tools["driver"]["wall_s"]["n"]
        ratio = med(ov, "ratio_wall_driver_over_st_matched")
        met = "met" if ratio is not None and ratio <= ov["target_ratio"] else "MISSED"
        out += [
            [
                "2 overhead",
                "wall: driver / st run (matched)",
                fmt(ratio, ".2f", "x"),
                f"<= {ov['target_ratio']}x: {met}",
                f"{n}",
                load_note(ov),
            ],
            [
                "2 overhead",
                "CPU time: driver / st run (matched)",
                fmt(med(ov, "ratio_cpu_driver_over_st_matched"), ".2f", "x"),
                "",
                f"{n}",
                load_note(ov),
            ],
            [
                "2 overhead",
                "req/s: st run (matched) / driver",
                fmt(med(ov, "ratio_rps_st_matched_over_driver"), ".2f", "x"),
                "",
                f"{n}",
                load_note(ov),
            ],
            [
                "2 overhead",
                "wall: driver / st run (matched) / st run (literal)",
                " / ".join(
                    fmt(med(tools.get(k), "wall_s"), suffix=" s")
                    for k in ("driver", "st-matched", "st-literal")
                ),
                "",
                f"{n}",
                load_note(ov),
            ],
        ]
    sc = load("scaling")
    if sc:
        for p in sc["points"]:
            out.append(
                [
                    "3 scaling",
                    f"examples {p['max_examples']}, workers {p['workers']}",
                    f"{fmt(med(p, 'wall_s'), suffix=' s')}, {fmt(med(p, 'requests'), '.0f')} req,"
                    f" {p['ms_per_request']} ms/req (CPU {p.get('cpu_ms_per_request', 'n/a')})",
                    "",
                    str(p["wall_s"]["n"]),
                    load_note(sc),
                ]
            )
        fit = sc.get("linear_fit_wall_vs_requests")
        if fit:
            out.append(
                [
                    "3 scaling",
                    "fit wall = fixed + k x requests",
                    f"fixed {fit['fixed_s']} s, k {fit['ms_per_request']} ms",
                    "",
                    "",
                    load_note(sc),
                ]
            )
    lk = load("lookups")
    if lk:
        t = lk["targets"]
        diagnostic = lk.get("diagnostic_without_phonenumbers", {})
        for name, p in lk["points"].items():
            share = med(lk["share_of_ceiling"].get(name))
            cpu_share = med(lk.get("share_of_ceiling_by_server_cpu", {}).get(name))
            target = ""
            if share is not None:
                target = f">= 70%: {'met' if share >= t['share_of_ceiling_min'] else 'MISSED'}"
            elif name in diagnostic:  # not a target: what a lookup costs without phonenumbers
                share = med(diagnostic[name].get("share_of_ceiling"))
                cpu_share = med(diagnostic[name].get("share_of_ceiling_by_server_cpu"))
                target = "diagnostic, not a target"
            out.append(
                [
                    "4 lookups",
                    name,
                    f"{fmt(med(p, 'requests_per_s'), '.0f')}/s, p50 {fmt(med(p, 'p50_ms'), '.2f')}"
                    f" ms, p99 {fmt(med(p, 'p99_ms'), '.2f')} ms"
                    + (f", {100 * share:.0f}% of ceiling" if share is not None else "")
                    + (f" ({100 * cpu_share:.0f}% by server CPU)" if cpu_share is not None else ""),
                    target,
                    str(p["requests_per_s"]["n"]),
                    load_note(lk),
                ]
            )
        for ep, g in lk["p50_growth_largest_over_smallest"].items():
            v = med(g)
            ok = v is not None and v <= t["p50_growth_max"]
            out.append(
                [
                    "4 lookups",
                    f"p50 {ep}: largest / smallest db",
                    fmt(v, ".2f", "x"),
                    f"<= {t['p50_growth_max']}x: {'met' if ok else 'MISSED'}",
                    str((g or {}).get("n", "")),
                    load_note(lk),
                ]
            )
        for size, s in lk["seeding"].items():
            v = med(s, "command_wall_s")
            target = ""
            if size == "1000000":
                target = f"< 60 s: {'met' if v is not None and v < 60 else 'MISSED'}"
            out.append(
                [
                    "4 lookups",
                    f"seed {int(size):,} customers",
                    fmt(v, ".1f", " s"),
                    target,
                    str(s["command_wall_s"]["n"]),
                    load_note(lk),
                ]
            )
    sp = load("spec_tools")
    if sp:
        for name, w in sp["wall_s"].items():
            ratio = med(sp["ratio_to_openapi_spec_validator"].get(name))
            out.append(
                [
                    "5 spec tools",
                    name,
                    fmt(med(w), ".2f", " s")
                    + (f" ({ratio:.2f}x openapi-spec-validator)" if ratio is not None else ""),
                    "",
                    str(w["n"]),
                    load_note(sp),
                ]
            )
    return out


def table() -> str:
    header = ["benchmark", "figure", "median", "target", "runs", "foreign CPU"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows()]
    return "\n".join(lines)


# ----------------------------------------------------------------------------- README rendering


def cpu_median(d: dict[str, Any] | None) -> float | None:
    """Certification CPU (kit and server) per run: the recorded summary, else from the runs."""
    if not d:
        return None
    v = med(d, "cpu_s_kit_and_server")
    if v is None and d.get("runs"):
        cpus = sorted(r["cpu_s_kit_tree"] for r in d["runs"] if "cpu_s_kit_tree" in r)
        v = cpus[len(cpus) // 2] if cpus else None
    return float(v) if isinstance(v, int | float) else None


def x(v: Any, spec: str = ".2f") -> str:
    return "n/a" if v is None else f"{v:{spec}}×"


def runs_text(summary: dict[str, Any] | None) -> str:
    got = (summary or {}).get("runs") or []
    return ", ".join(f"{r:.2f}×" for r in got) or "n/a"


def overhead_rows(ov: dict[str, Any] | None) -> str:
    order = ("st-matched", "pytest-plain", "driver", "st-literal")
    tools = (ov or {}).get("tools") or {}
    names = [n for n in order if n in tools] + [n for n in tools if n not in order]
    out = []
    for name in names:
        t = tools[name]
        out.append(
            f"| {name} | {fmt(med(t, 'wall_s'))} | {fmt(med(t, 'cpu_s'))} |"
            f" {fmt(med(t, 'requests'), '.0f')} | {fmt(med(t, 'requests_per_s'))} |"
        )
    return "\n".join(out) or "| (no overhead figures) | | | | |"


def startup_note(ov: dict[str, Any] | None) -> str:
    su = (ov or {}).get("driver_startup_collect_only_s") or {}
    as_set, cached = med(su, "bytecode as set here"), med(su, "bytecode cached")
    if as_set is None and cached is None:
        return "not measured in the latest run"
    return (
        f"`--collect-only` takes {fmt(as_set, '.2f', ' s')} with bytecode as set here and"
        f" {fmt(cached, '.2f', ' s')} with bytecode cached (medians)"
    )


def results_notes() -> str:
    """Where each figure comes from: when, which commit, how busy the machine was."""
    lines = []
    for name in ("certify", "overhead", "scaling", "lookups", "spec_tools"):
        d = load(name)
        if not d:
            lines.append(f"- `{name}`: no results yet.")
            continue
        m = d.get("machine") or {}
        con = d.get("contention") or {}
        dirty = m.get("git_dirty_files")
        tree = f" + {dirty} changed files in the working tree" if dirty else ""
        skipped = d.get("skipped_for_time") or []
        cut = f"; cut for time: {', '.join(map(str, skipped))}" if skipped else ""
        lines.append(
            f"- `{name}.json`: finished {d.get('finished', '?')}, commit"
            f" {m.get('git_commit', '?')}{tree}; foreign load"
            f" {fmt(con.get('foreign_cpu_cores'), '.2f')} cores (load average"
            f" {fmt(con.get('loadavg_1m_start'), '.1f')} → {fmt(con.get('loadavg_1m_end'), '.1f')})"
            f"{cut}."
        )
    return "\n".join(lines)


def _tool(d: dict[str, Any] | None, tool: str, key: str) -> Any:
    return med(((d or {}).get("tools") or {}).get(tool), key)


def _spot(d: dict[str, Any] | None, *keys: str) -> Any:
    """A hot spot of the driver's profile, in either file layout (before: hand-summarised)."""
    prof = d or {}
    spots = (prof.get("hot_spots") or {}) | (
        ((prof.get("profiles") or {}).get("driver") or {}).get("hot_spots_inclusive_s") or {}
    )
    for k in keys:
        v = spots.get(k)
        if isinstance(v, dict):
            v = v.get("driver_s")
        if v is not None:
            return v
    return None


def _lookup(d: dict[str, Any] | None, section: str, name: str, key: str | None = None) -> Any:
    item = ((d or {}).get(section) or {}).get(name)
    return med(item, key) if key else med(item)


def before_after_rows() -> list[tuple[str, str, str, str]]:
    """(what, figure, before, after) for the before/after table."""
    b_ov, a_ov = load("overhead", BEFORE), load("overhead")
    b_pr, a_pr = load("overhead_profile", BEFORE), load("overhead_profile")
    b_ce, a_ce = load("certify", BEFORE), load("certify")
    b_lk, a_lk = load("lookups", BEFORE), load("lookups")
    b_sp, a_sp = load("spec_tools", BEFORE), load("spec_tools")
    out: list[tuple[str, str, str, str]] = []

    def add(what: str, figure: str, before: Any, after: Any, spec: str = ".1f", unit: str = ""):
        out.append((what, figure, fmt(before, spec, unit), fmt(after, spec, unit)))

    over = "overhead, proposals 1–4 together"
    add(
        over,
        "wall: driver / st run (matched), median of pairs",
        med(b_ov, "ratio_wall_driver_over_st_matched"),
        med(a_ov, "ratio_wall_driver_over_st_matched"),
        ".2f",
        "×",
    )
    add(
        over,
        "CPU: driver / st run (matched)",
        med(b_ov, "ratio_cpu_driver_over_st_matched"),
        med(a_ov, "ratio_cpu_driver_over_st_matched"),
        ".2f",
        "×",
    )
    for tool in ("driver", "st-matched", "pytest-plain"):
        add(
            over,
            f"{tool}: wall / CPU s",
            f"{fmt(_tool(b_ov, tool, 'wall_s'))} / {fmt(_tool(b_ov, tool, 'cpu_s'))}",
            f"{fmt(_tool(a_ov, tool, 'wall_s'))} / {fmt(_tool(a_ov, tool, 'cpu_s'))}",
        )
    add(over, "the kit's CPU per run (driver − pytest-plain), s", _kit_cpu(b_ov), _kit_cpu(a_ov))
    add(
        over,
        "foreign load during the run, cores",
        ((b_ov or {}).get("contention") or {}).get("foreign_cpu_cores"),
        ((a_ov or {}).get("contention") or {}).get("foreign_cpu_cores"),
        ".2f",
    )
    spots = (
        (
            "1 · schema validated twice",
            "response_conforms_to_schema, s of samples",
            (
                "kit: response_conforms_to_schema (Python jsonschema)",
                "kit: response_conforms_to_schema",
            ),
        ),
        (
            "2 · spec once per run (applies to `run`; this driver command is a vendor run,"
            " which validates once, as before)",
            "plugin start (load_bundle), s of samples",
            (
                "kit: load_bundle in the plugin (validates the spec again)",
                "kit: plugin start (load_bundle)",
            ),
        ),
        (
            "3 · one HTTP session",
            "new TCP connections (urllib3 create_connection), s",
            (
                "new TCP connection per request (urllib3 create_connection, own)",
                "new TCP connection (urllib3 create_connection)",
            ),
        ),
        (
            "4 · schema without a deep copy (the copy took ~0.01 s; the rest is imports)",
            "lookup_schema fixture, s of samples",
            ("kit: lookup_schema fixture (deepcopy + from_dict)", "kit: lookup_schema fixture"),
        ),
        (
            "all",
            "LookupSession.observe (every catalog check), s of samples",
            ("kit: LookupSession.observe (catalog checks)",),
        ),
    )
    for what, figure, keys in spots:
        add(f"{what} (py-spy, driver)", figure, _spot(b_pr, *keys), _spot(a_pr, *keys), ".2f")
    cert = "1 certify (the suites also grew: see the requests)"
    add(cert, "wall s", med(b_ce, "wall_s"), med(a_ce, "wall_s"))
    add(cert, "CPU s (kit and its server)", cpu_median(b_ce), cpu_median(a_ce))
    add(cert, "requests sent", med(b_ce, "requests"), med(a_ce, "requests"), ".0f")
    add(
        cert,
        "kit peak RSS, MiB",
        med(b_ce, "kit_peak_rss_mib"),
        med(a_ce, "kit_peak_rss_mib"),
        ".0f",
    )
    add(
        cert,
        "foreign load, cores",
        ((b_ce or {}).get("contention") or {}).get("foreign_cpu_cores"),
        ((a_ce or {}).get("contention") or {}).get("foreign_cpu_cores"),
        ".2f",
    )
    ref = "reference: auth cache, customerDetails queries, second round (section 4)"
    for ep in ("lookup", "customerDetails"):
        for n in ("10000", "1000000"):
            name = f"{ep} {n}"
            add(
                ref,
                f"{name}: share of the ceiling (throughput)",
                _pct(_lookup(b_lk, "share_of_ceiling", name)),
                _pct(_lookup(a_lk, "share_of_ceiling", name)),
                ".0f",
                "%",
            )
            add(
                ref,
                f"{name}: share of the ceiling (server CPU)",
                _pct(_lookup(b_lk, "share_of_ceiling_by_server_cpu", name)),
                _pct(_lookup(a_lk, "share_of_ceiling_by_server_cpu", name)),
                ".0f",
                "%",
            )
            add(
                ref,
                f"{name}: server CPU µs per request",
                _lookup(b_lk, "points", name, "server_cpu_us_per_request"),
                _lookup(a_lk, "points", name, "server_cpu_us_per_request"),
                ".0f",
            )
    add(
        ref,
        "foreign load, cores",
        ((b_lk or {}).get("contention") or {}).get("foreign_cpu_cores"),
        ((a_lk or {}).get("contention") or {}).get("foreign_cpu_cores"),
        ".2f",
    )
    tools = "5 spec tools: lazy `run`, YAML read once"
    for name in ("validate", "diff (itself)", "docs"):
        add(
            tools,
            f"`{name}` wall s",
            med(((b_sp or {}).get("wall_s") or {}).get(name)),
            med(((a_sp or {}).get("wall_s") or {}).get(name)),
            ".2f",
        )
    steps_b = (b_sp or {}).get("in_process_breakdown_s") or {}
    steps_a = (a_sp or {}).get("in_process_breakdown_s") or {}
    add(
        tools,
        "import conformance.cli, s",
        med(
            steps_b.get("import conformance.cli (all commands)")
            or steps_b.get("import conformance.cli")
        ),
        med(steps_a.get("import conformance.cli")),
        ".2f",
    )
    add(
        tools,
        "load_bundle (validating), s",
        med(steps_b.get("load_bundle")),
        med(steps_a.get("load_bundle")),
        ".2f",
    )
    add(
        tools,
        "foreign load, cores",
        ((b_sp or {}).get("contention") or {}).get("foreign_cpu_cores"),
        ((a_sp or {}).get("contention") or {}).get("foreign_cpu_cores"),
        ".2f",
    )
    return out


def _kit_cpu(d: dict[str, Any] | None) -> float | None:
    drv, plain = _tool(d, "driver", "cpu_s"), _tool(d, "pytest-plain", "cpu_s")
    return None if drv is None or plain is None else float(drv - plain)


def _pct(v: Any) -> Any:
    return None if v is None else 100 * v


def before_after() -> str:
    lines = ["| what | figure | before | after |", "|---|---|---|---|"]
    lines += [f"| {w} | {f} | {b} | {a} |" for w, f, b, a in before_after_rows()]
    return "\n".join(lines)


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "missed")


def _range(values: list[Any], spec: str, unit: str = "", scale: float = 1.0) -> str:
    got = sorted(scale * v for v in values if isinstance(v, int | float))
    if not got:
        return "n/a"
    lo, hi = f"{got[0]:{spec}}", f"{got[-1]:{spec}}"
    return f"{lo}{unit}" if lo == hi else f"{lo}–{hi}{unit}"


def _contention(d: dict[str, Any] | None) -> str:
    return fmt(((d or {}).get("contention") or {}).get("foreign_cpu_cores"), ".2f")


def certify_values() -> dict[str, str]:
    ce = load("certify")
    runs = (ce or {}).get("runs") or []
    tests = sorted(
        {
            f"{t.get('passed', 0) + t.get('failed', 0)} tests + {t.get('subtests', 0)} subtests"
            for r in runs
            if isinstance(t := r.get("tests"), dict)
        }
    )
    return {
        "CERTIFY_WALL": fmt(med(ce, "wall_s"), ".0f", " s"),
        "CERTIFY_CPU": fmt(cpu_median(ce), ".0f", " s"),
        "CERTIFY_REQUESTS": fmt(med(ce, "requests"), ",.0f"),
        "CERTIFY_RPS": fmt(med(ce, "requests_per_s"), ".0f"),
        "CERTIFY_RSS": fmt(med(ce, "kit_peak_rss_mib"), ".0f", " MiB"),
        "CERTIFY_SERVER_RSS": fmt(med(ce, "server_peak_rss_mib"), ".0f", " MiB"),
        "CERTIFY_TESTS": ", ".join(str(t) for t in tests) or "n/a",
        "CERTIFY_RUNS": str(len(runs)),
        "CERTIFY_LOAD": _contention(ce),
    }


def scaling_values() -> dict[str, str]:
    sc = load("scaling")
    rows = []
    for p in (sc or {}).get("points") or []:
        rows.append(
            f"| {p['max_examples']} | {p['workers']} | {fmt(med(p, 'wall_s'))} |"
            f" {fmt(med(p, 'requests'), '.0f')} | {fmt(med(p, 'requests_per_s'))} |"
            f" {p.get('ms_per_request', 'n/a')} | {p.get('cpu_ms_per_request', 'n/a')} |"
        )
    fit = (sc or {}).get("linear_fit_wall_vs_requests") or {}
    speed = (sc or {}).get("workers_speedup_at_25") or {}
    return {
        "SCALING_ROWS": "\n".join(rows) or "| (no scaling figures) | | | | | | |",
        "SCALING_LOAD": _contention(sc),
        "SCALING_FIT_MS": fmt(fit.get("ms_per_request"), ".0f"),
        "SCALING_WORKERS_2": x(speed.get("2")),
        "SCALING_WORKERS_4": x(speed.get("4")),
        "SCALING_MS_AT_25": fmt(
            next(
                (
                    p.get("ms_per_request")
                    for p in (sc or {}).get("points") or []
                    if p["max_examples"] == 25 and p["workers"] == 1
                ),
                None,
            ),
            ".0f",
        ),
        "SCALING_REQUESTS_X": _range(
            [st.get("requests_x") for st in (sc or {}).get("examples_steps") or []], ".2f", "×"
        ),
        "SCALING_WALL_X": _range(
            [st.get("wall_x") for st in (sc or {}).get("examples_steps") or []], ".2f", "×"
        ),
        "SCALING_MARGINAL_MS": _range(
            [st.get("marginal_ms_per_request") for st in (sc or {}).get("examples_steps") or []],
            ".0f",
        ),
    }


LOOKUP_CATEGORIES = (
    ("uvicorn, h11, Starlette, asyncio (the part the ceiling also pays)", "framework:"),
    ("`parse_lookup`: mobile canonical form through `phonenumbers`", "lookup params:"),
    ("`authenticate`: credentials → org", "auth:"),
    ("`resolve`: identifier → customer (SQL)", "resolve:"),
    ("the operation's own work (views, loyalty, identifiers)", "handler:"),
    ("response envelope, JSON, other", "response:", "other reference_impl"),
)


def _share(profile: dict[str, Any], prefixes: tuple[str, ...]) -> float | None:
    """The categories' share of a profile's samples (0 when the profile has none of them)."""
    if not profile:
        return None
    got = [v for k, v in profile.items() if k.startswith(prefixes) and isinstance(v, int | float)]
    return float(sum(got))


def lookups_profile_rows() -> str:
    """Share of the 1M server's busy samples per category, and those shares × its CPU/request."""
    before_prof = (load("lookups_profile", BEFORE) or {}).get("server_profiles") or {}
    after_prof = (load("lookups") or {}).get("server_profiles") or {}
    b_lk, a_lk = load("lookups", BEFORE), load("lookups")
    out = []
    for label, *prefixes in LOOKUP_CATEGORIES:
        cells = [label]
        for ep in ("lookup", "customerDetails"):
            name = f"{ep} 1000000"
            for prof, d in ((before_prof, b_lk), (after_prof, a_lk)):
                share = _share(prof.get(name) or {}, tuple(prefixes))
                cpu = _lookup(d, "points", name, "server_cpu_us_per_request")
                us = None if share is None or cpu is None else share * cpu / 100
                cells.append(f"{fmt(share, '.0f', '%')} ({fmt(us, '.0f', ' µs')})")
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def lookups_values() -> dict[str, str]:
    lk = load("lookups")
    sizes = ("10000", "100000", "1000000")
    t = (lk or {}).get("targets") or {}

    def shares(section: str, ep: str) -> list[Any]:
        return [_lookup(lk, section, f"{ep} {n}") for n in sizes]

    cpu = {
        n: _lookup(lk, "points", n, "server_cpu_us_per_request")
        for n in ("ceiling lookup", "lookup 1000000", "customerDetails 1000000")
    }
    growth = (lk or {}).get("p50_growth_largest_over_smallest") or {}
    cpu_growth = (lk or {}).get("server_cpu_per_request_growth_largest_over_smallest") or {}
    seed = ((lk or {}).get("seeding") or {}).get("1000000") or {}
    return {
        "LOOKUPS_VERDICT": verdict(t.get("share_met")),
        "LOOKUPS_P50_VERDICT": verdict(t.get("p50_growth_met")),
        "LOOKUPS_SEED_VERDICT": verdict(t.get("seed_met")),
        "LOOKUPS_LOAD": _contention(lk),
        "LOOKUPS_SHARE_LOOKUP": _range(shares("share_of_ceiling", "lookup"), ".0f", "%", 100),
        "LOOKUPS_CPU_SHARE_LOOKUP": _range(
            shares("share_of_ceiling_by_server_cpu", "lookup"), ".0f", "%", 100
        ),
        "LOOKUPS_SHARE_DETAILS": _range(
            shares("share_of_ceiling", "customerDetails"), ".0f", "%", 100
        ),
        "LOOKUPS_CPU_SHARE_DETAILS": _range(
            shares("share_of_ceiling_by_server_cpu", "customerDetails"), ".0f", "%", 100
        ),
        "LOOKUPS_P50_LOOKUP": x(med(growth.get("lookup"))),
        "LOOKUPS_P50_DETAILS": x(med(growth.get("customerDetails"))),
        "LOOKUPS_P50_RUNS": ", ".join(
            f"{ep} {runs_text(growth.get(ep))}" for ep in ("lookup", "customerDetails")
        ),
        "LOOKUPS_CPU_GROWTH_LOOKUP": x(med(cpu_growth.get("lookup"))),
        "LOOKUPS_CPU_GROWTH_DETAILS": x(med(cpu_growth.get("customerDetails"))),
        "LOOKUPS_CEILING_US": fmt(cpu["ceiling lookup"], ".0f", " µs"),
        "LOOKUPS_LOOKUP_US": fmt(cpu["lookup 1000000"], ".0f", " µs"),
        "LOOKUPS_DETAILS_US": fmt(cpu["customerDetails 1000000"], ".0f", " µs"),
        "LOOKUPS_SEED_1M": fmt(med(seed, "command_wall_s"), ".0f", " s"),
        "LOOKUPS_SEED_RANGE": _range((seed.get("command_wall_s") or {}).get("runs") or [], ".0f"),
        "LOOKUPS_PROFILE_ROWS": lookups_profile_rows(),
        **_diagnostic_values(lk),
    }


def _diagnostic_values(lk: dict[str, Any] | None) -> dict[str, str]:
    """The externalId lookup at the largest size: a lookup without phonenumbers."""
    diag = ((lk or {}).get("diagnostic_without_phonenumbers") or {}).get(
        "lookup by externalId, largest db"
    ) or {}
    point = ((lk or {}).get("points") or {}).get("lookup by externalId, largest db") or {}
    return {
        "LOOKUPS_DIAG_SHARE": fmt(med(diag.get("share_of_ceiling")), ".0%"),
        "LOOKUPS_DIAG_CPU_SHARE": fmt(med(diag.get("share_of_ceiling_by_server_cpu")), ".0%"),
        "LOOKUPS_DIAG_US": fmt(med(point, "server_cpu_us_per_request"), ".0f", " µs"),
    }


def spec_values() -> dict[str, str]:
    sp = load("spec_tools")
    wall = (sp or {}).get("wall_s") or {}
    ratio = (sp or {}).get("ratio_to_openapi_spec_validator") or {}
    steps = (sp or {}).get("in_process_breakdown_s") or {}
    out = {"SPEC_LOAD": _contention(sp)}
    for key, name in (
        ("OSV", "openapi-spec-validator"),
        ("VALIDATE", "validate"),
        ("DIFF_SELF", "diff (itself)"),
        ("DIFF_MODIFIED", "diff (modified)"),
        ("DOCS", "docs"),
    ):
        out[f"SPEC_{key}_S"] = fmt(med(wall.get(name)), ".2f", " s")
        out[f"SPEC_{key}_X"] = x(med(ratio.get(name)))
    for key, name in (
        ("STEP_IMPORT_OSV", "import openapi_spec_validator"),
        ("STEP_IMPORT_CLI", "import conformance.cli"),
        ("STEP_OSV_VALIDATE", "openapi_spec_validator.validate"),
        ("STEP_LOAD_BUNDLE", "load_bundle"),
    ):
        out[f"SPEC_{key}"] = fmt(med(steps.get(name)), ".2f", " s")
    return out


def placeholders() -> dict[str, str]:
    ov = load("overhead")
    tools = (ov or {}).get("tools") or {}
    plain, st = (med(tools.get(k), "cpu_s") for k in ("pytest-plain", "st-matched"))
    reqs = med(tools.get("driver"), "requests")
    kit_cpu = _kit_cpu(ov)
    plain_cpu = "n/a"
    if plain is not None and st is not None:
        plain_cpu = f"{plain - st:+.1f} s ({plain / st:.2f}×)"
    return {
        "RESULTS_TABLE": table(),
        "RESULTS_NOTES": results_notes(),
        "RESULTS_FOREIGN_RANGE": _range(
            [
                ((load(k) or {}).get("contention") or {}).get("foreign_cpu_cores")
                for k in ("certify", "overhead", "scaling", "lookups", "spec_tools")
            ],
            ".2f",
        ),
        "BEFORE_AFTER_TABLE": before_after(),
        "OVERHEAD_LOAD": load_note(ov) or "n/a",
        "OVERHEAD_ROWS": overhead_rows(ov),
        "OVERHEAD_WALL_RUNS": runs_text((ov or {}).get("ratio_wall_driver_over_st_matched")),
        "OVERHEAD_WALL": x(med(ov, "ratio_wall_driver_over_st_matched")),
        "OVERHEAD_RPS": x(med(ov, "ratio_rps_st_matched_over_driver")),
        "OVERHEAD_CPU_RUNS": runs_text((ov or {}).get("ratio_cpu_driver_over_st_matched")),
        "OVERHEAD_CPU": x(med(ov, "ratio_cpu_driver_over_st_matched")),
        "OVERHEAD_PLAIN_CPU": plain_cpu,
        "OVERHEAD_KIT_CPU": fmt(kit_cpu),
        "OVERHEAD_KIT_MS": fmt(
            None if kit_cpu is None or not reqs else 1000 * kit_cpu / reqs, ".2f"
        ),
        "STARTUP_NOTE": startup_note(ov),
        "OVERHEAD_VERDICT": verdict(
            None if med(ov, "ratio_wall_driver_over_st_matched") is None else ov.get("target_met")
        ),
        "OVERHEAD_REQUESTS": " and ".join(
            f"{fmt(med(tools.get(k), 'requests'), ',.0f')} ({k})" for k in ("st-matched", "driver")
        ),
        **certify_values(),
        **scaling_values(),
        **lookups_values(),
        **spec_values(),
    }


def render(template: str, values: dict[str, str]) -> str:
    # longest names first: OVERHEAD_WALL_RUNS before OVERHEAD_WALL
    for name in sorted(values, key=len, reverse=True):
        template = template.replace(name, values[name])
    prefixes = "RESULTS|OVERHEAD|STARTUP|BEFORE_AFTER|CERTIFY|SCALING|LOOKUPS|SPEC"
    left = sorted(set(re.findall(rf"\b(?:{prefixes})_[A-Z0-9_]+\b", template)))
    if left:
        raise SystemExit(f"make_table.py: placeholders left in the README: {', '.join(left)}")
    return template


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="render README.md from the template")
    args = ap.parse_args()
    print(table())
    if args.write:
        text = render(TEMPLATE.read_text(encoding="utf-8"), placeholders())
        README.write_text(text, encoding="utf-8")
        print(f"\nwrote {README.relative_to(HERE.parent)}", file=sys.stderr)


if __name__ == "__main__":
    main()
