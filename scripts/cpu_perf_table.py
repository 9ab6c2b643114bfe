#!/usr/bin/env python3
"""Markdown tables of the CPU kernels from a moebench results file (docs/performance.md).

For every point (record group) and role: each kernel's median time, its share of the probed
limit of its regime (bandwidth for memory-bound points, FLOP/s for compute-bound ones) and,
for moebench's own kernels, the ratio of the best vendor baseline's time to its time (> 1:
faster than every baseline). Usage: cpu_perf_table.py results.json [more.json ...]
"""
import json
import sys
from collections import defaultdict


def main(paths):
    rows = defaultdict(dict)  # (suite, role, group) -> kernel -> record
    probes = {}
    for path in paths:
        with open(path) as f:
            doc = json.load(f)["moebench"]
        probes.update({k: v["value"] for k, v in doc.get("probes", {}).items()})
        for r in doc["records"]:
            if r.get("status") != "ok" or r.get("backend") != "cpu" or r.get("role") == "probe":
                continue
            rows[(r["suite"], r["role"], r["group"])][r["kernel"]] = r
    print("| limit | probed |")
    print("|---|---|")
    for key, value in sorted(probes.items()):
        unit = "GB/s" if "bandwidth" in key else "GFLOP/s" if "int8" not in key else "GOP/s"
        print(f"| {key} | {value / 1e9:.1f} {unit} |")
    print()
    print("| suite | role | tokens | precision | kernel | median ms | regime | % of limit | "
          "best baseline / this |")
    print("|---|---|---|---|---|---|---|---|---|")
    for (suite, role, group), kernels in sorted(rows.items(), key=lambda kv: (
            kv[0][0], kv[0][1], int(dict(a.split("=") for a in kv[0][2].split("/"))["tokens"]),
            kv[0][2])):
        axes = dict(a.split("=") for a in group.split("/"))
        baselines = [r["timing"]["summary"]["median"] for r in kernels.values()
                     if r.get("vendor_baseline")]
        best = min(baselines) if baselines else None
        for name, r in sorted(kernels.items(), key=lambda kv: kv[1].get("vendor_baseline")):
            median = r["timing"]["summary"]["median"]
            lim = r.get("limits", {})
            probe = lim.get("probe", {})
            regime = lim.get("regime", "?")
            pct = probe.get("bandwidth_pct" if regime == "memory" else "flops_pct")
            ratio = (f"{best / median:.2f}" if best and not r.get("vendor_baseline") else "")
            verified = "" if r.get("verification", {}).get("passed", True) else " (FAILED verify)"
            print(f"| {suite} | {role} | {axes.get('tokens')} | {axes.get('precision')} | "
                  f"{name}{verified} | {median * 1e3:.2f} | {regime} | "
                  f"{'' if pct is None else f'{pct:.0f}%'} | {ratio} |")


if __name__ == "__main__":
    main(sys.argv[1:])
