"""Print the README's table of latest figures from benchmarks/results/*.json (Markdown).

.venv/bin/python benchmarks/make_table.py
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


def load(name: str) -> dict[str, Any] | None:
    path = RESULTS / f"{name}.json"
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
        for name, p in lk["points"].items():
            share = med(lk["share_of_ceiling"].get(name))
            cpu_share = med(lk.get("share_of_ceiling_by_server_cpu", {}).get(name))
            target = ""
            if share is not None:
                target = f">= 70%: {'met' if share >= t['share_of_ceiling_min'] else 'MISSED'}"
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


def main() -> None:
    header = ["benchmark", "figure", "median", "target", "runs", "foreign CPU"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for r in rows():
        print("| " + " | ".join(r) + " |")


if __name__ == "__main__":
    main()
