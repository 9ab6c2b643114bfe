#!/usr/bin/env python3
"""Renders the plots of a moebench report from the report-data.json `moebench report` writes.

Usage: render.py REPORT_DATA_JSON OUT_DIR

Every plot is written as PNG and SVG into OUT_DIR, and the figures are embedded into
OUT_DIR/index.html (PNG data URIs) in place of the <!-- moebench:figures --> marker, so the
page opens offline. All numbers come from the JSON: nothing is recomputed here.
"""
import base64
import html
import io
import json
import math
import os
import sys

try:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    sys.stderr.write(
        "render.py: matplotlib is missing: sudo apt-get install python3-matplotlib\n")
    sys.exit(3)

MARKER = "<!-- moebench:figures -->"
ROLE_STYLE = {
    "moe": ("tab:red", "o", "MoE"),
    "dense_same_active": ("tab:blue", "s", "dense, same active"),
    "dense_same_total": ("tab:green", "^", "dense, same total"),
    "dense": ("tab:purple", "D", "dense"),
}


class Figures:
    def __init__(self, out_dir):
        self.out_dir = out_dir
        self.items = []  # (title, caption, png bytes)

    def save(self, fig, name, title, caption):
        fig.tight_layout()
        fig.savefig(os.path.join(self.out_dir, name + ".svg"), metadata={"Date": None})
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=110, metadata={"Software": None})
        with open(os.path.join(self.out_dir, name + ".png"), "wb") as f:
            f.write(buffer.getvalue())
        plt.close(fig)
        self.items.append((title, caption, name, buffer.getvalue()))


def short(label, n=70):
    return label if len(label) <= n else label[: n - 1] + "…"


def plot_roofline(data, figs):
    for i, dev in enumerate(data.get("roofline", [])):
        if not dev.get("points"):
            continue
        fig, ax = plt.subplots(figsize=(7, 4.5))
        ais = [p["ai"] for p in dev["points"]]
        lo, hi = min(ais) / 2, max(ais) * 2
        bw = dev.get("bandwidth", 0)
        for key, peak in dev.get("ceilings", {}).items():
            if bw > 0:
                ridge = peak / bw
                xs = [lo, min(max(ridge, lo), hi), hi]
                ax.plot(xs, [min(peak, x * bw) for x in xs], "k-", lw=1)
                ax.annotate(f"{key} {peak / 1e9:.0f} GFLOP/s, ridge {ridge:.1f}",
                            (hi, peak), fontsize=7, ha="right", va="bottom")
        for role, (color, marker, name) in ROLE_STYLE.items():
            pts = [p for p in dev["points"] if p["role"] == role]
            if pts:
                ax.scatter([p["ai"] for p in pts], [p["flop_rate"] for p in pts], c=color,
                           marker=marker, s=18, label=f"{name} ({len(pts)})", alpha=0.8)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("arithmetic intensity (FLOP/byte, analytic)")
        ax.set_ylabel("achieved FLOP/s")
        ax.set_title(short("Roofline: " + dev["label"]), fontsize=9)
        ax.legend(fontsize=7)
        ax.grid(True, which="both", alpha=0.3)
        figs.save(fig, f"roofline_{i}", "Roofline " + dev["label"],
                  "Every measured point against the probe-measured ceilings of its device.")


def plot_three_way(data, figs):
    series = [s for s in data.get("three_way", []) if len(s["points"]) > 0]
    for i, s in enumerate(series):
        pts = s["points"]
        fig, ax = plt.subplots(figsize=(7, 4.5))
        for role, (color, marker, name) in ROLE_STYLE.items():
            xs = [p["tokens"] for p in pts if role in p]
            ys = [p[role] for p in pts if role in p]
            if xs:
                ax.plot(xs, ys, color=color, marker=marker, label=name)
        for partner, style in (("dense_same_active", ":"), ("dense_same_total", "--")):
            for x in s.get("crossovers", {}).get(partner, []):
                ax.axvline(x, color=ROLE_STYLE[partner][0], ls=style, lw=1)
                ax.annotate(f"crossover B≈{x:.0f}", (x, ax.get_ylim()[1]), fontsize=7,
                            rotation=90, va="top")
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_xlabel("batch (tokens)")
        ax.set_ylabel("time per token (s)")
        ax.set_title(short(s["label"]), fontsize=9)
        ax.legend(fontsize=8)
        ax.grid(True, which="both", alpha=0.3)
        figs.save(fig, f"time_per_token_{i}", "Time per token vs batch: " + s["label"],
                  "MoE vs dense-same-active vs dense-same-total; vertical lines mark crossovers.")

        fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4))
        xs = [p["tokens"] for p in pts]
        ax1.plot(xs, [p["experts_expected"] for p in pts], "k--", label="expected E(1-(1-k/E)^B)")
        ax1.plot(xs, [p["experts_touched"] for p in pts], "ro", label="measured")
        if pts[0].get("num_experts"):
            ax1.axhline(pts[0]["num_experts"], color="gray", lw=0.8)
        ax1.set_xscale("log", base=2)
        ax1.set_xlabel("batch (tokens)")
        ax1.set_ylabel("experts touched")
        ax1.legend(fontsize=8)
        for key, (color, marker, name) in (("weight_bytes_moe", ROLE_STYLE["moe"]),
                                           ("weight_bytes_active", ROLE_STYLE["dense_same_active"]),
                                           ("weight_bytes_total", ROLE_STYLE["dense_same_total"])):
            ys = [p.get(key, 0) for p in pts]
            if any(ys):
                ax2.plot(xs, ys, color=color, marker=marker, label=name)
        ax2.set_xscale("log", base=2)
        ax2.set_yscale("log")
        ax2.set_xlabel("batch (tokens)")
        ax2.set_ylabel("weight bytes touched")
        ax2.legend(fontsize=8)
        fig.suptitle(short(s["label"]), fontsize=9)
        figs.save(fig, f"experts_touched_{i}", "Experts and weight bytes touched: " + s["label"],
                  "Expected vs measured unique experts, and weight bytes read per step.")

        staged = [p for p in pts if p.get("stages")]
        if staged:
            stages = sorted({k for p in staged for k in p["stages"]})
            fig, ax = plt.subplots(figsize=(7, 4))
            bottom = [0.0] * len(staged)
            labels = [str(p["tokens"]) for p in staged]
            for st in stages:
                total = [sum(p["stages"].values()) or 1 for p in staged]
                share = [p["stages"].get(st, 0) / t for p, t in zip(staged, total)]
                ax.bar(labels, share, bottom=bottom, label=st)
                bottom = [b + v for b, v in zip(bottom, share)]
            ax.set_xlabel("batch (tokens)")
            ax.set_ylabel("share of MoE stage time")
            ax.legend(fontsize=8)
            ax.set_title(short(s["label"]), fontsize=9)
            figs.save(fig, f"stage_share_{i}", "Per-stage share of MoE time: " + s["label"],
                      "Router, permute, expert GEMMs and combine, from the stage records.")


def plot_comparison(data, figs):
    runs = {s["run"] for s in data.get("three_way", [])}
    if len(runs) < 2:
        return
    fig, ax = plt.subplots(figsize=(8, 5))
    for s in data["three_way"]:
        pts = s["points"]
        ax.plot([p["tokens"] for p in pts], [p["moe"] for p in pts], marker="o",
                label=short(s["run"] + " | " + s["model"], 60))
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel("batch (tokens)")
    ax.set_ylabel("MoE time per token (s)")
    ax.legend(fontsize=7)
    ax.set_title("MoE time per token across runs (host · device · date)", fontsize=9)
    figs.save(fig, "comparison_runs", "Comparison across results files",
              "Labelled by host, device and date of each run.")


def plot_routing(data, figs):
    for i, c in enumerate(data.get("routing", [])):
        by = c["by_routing"]
        fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4))
        for name, r in by.items():
            counts = r.get("counts") or []
            if counts:
                ax1.plot(range(len(counts)), sorted(counts, reverse=True), label=name)
        ax1.set_xlabel("expert (sorted by load)")
        ax1.set_ylabel("tokens routed")
        ax1.legend(fontsize=8)
        names = list(by)
        xs = range(len(names))
        ax2.bar([x - 0.2 for x in xs], [by[n]["p50"] * 1e3 for n in names], 0.4, label="p50")
        ax2.bar([x + 0.2 for x in xs], [by[n]["p99"] * 1e3 for n in names], 0.4, label="p99")
        ax2.set_xticks(list(xs))
        ax2.set_xticklabels(names, fontsize=8)
        ax2.set_ylabel("latency (ms)")
        ax2.legend(fontsize=8)
        fig.suptitle(short(c["label"]), fontsize=9)
        figs.save(fig, f"routing_{i}", "Routing distributions: " + c["label"],
                  "Per-expert load and p50/p99 latency under each routing distribution.")


def plot_precision(data, figs):
    entries = data.get("precision", [])
    if not entries:
        return
    fig, ax = plt.subplots(figsize=(9, 4.5))
    precisions = sorted({p for e in entries for p in e["speedups"]})
    width = 0.8 / max(1, len(precisions))
    for j, p in enumerate(precisions):
        ax.bar([i + j * width for i in range(len(entries))],
               [e["speedups"].get(p, 0) for e in entries], width, label=p)
    ax.axhline(1, color="k", lw=0.8)
    ax.set_xticks([i + 0.4 for i in range(len(entries))])
    ax.set_xticklabels([short(e["label"], 40) for e in entries], rotation=30, ha="right",
                       fontsize=6)
    ax.set_ylabel("speedup over bf16 (fp32 when no bf16)")
    ax.legend(fontsize=8)
    figs.save(fig, "precision_speedups", "Precision speedups",
              "Median time at the base precision over the median at each precision.")


def plot_cost(data, figs):
    cost = data.get("cost", {})
    if not cost.get("curves"):
        return
    fig, ax = plt.subplots(figsize=(7, 4.5))
    u = [x * 100 for x in cost["utilization"]]
    for c in cost["curves"]:
        ax.plot(u, c["cost_per_million"], ls="-" if c["source"] == "seed" else "--",
                label=short(c["label"], 60))
    for row in cost.get("seed_points", []):
        ax.scatter([row["utilization"] * 100] * 2, [row["dense"], row["moe"]], c="k", s=12)
    ax.set_yscale("log")
    ax.set_xlabel("utilisation (%)")
    ax.set_ylabel("$ per million tokens")
    ax.legend(fontsize=7)
    ax.grid(True, which="both", alpha=0.3)
    figs.save(fig, "cost_vs_utilisation", "Cost per million tokens vs utilisation",
              "Seed 003's table (dots) with the curves its cells imply, and the MoE at the "
              "speed ratio measured in this run.")


def embed(out_dir, figs):
    index = os.path.join(out_dir, "index.html")
    with open(index, encoding="utf-8") as f:
        page = f.read()
    parts = []
    for title, caption, name, png in figs.items:
        data = base64.b64encode(png).decode("ascii")
        parts.append(
            f'<figure><img alt="{html.escape(title)}" src="data:image/png;base64,{data}">'
            f"<figcaption><b>{html.escape(title)}</b> — {html.escape(caption)} "
            f"(<code>{name}.svg</code>)</figcaption></figure>")
    if not parts:
        parts.append("<p>No measured series to plot.</p>")
    page = page.replace(MARKER, "\n".join(parts))
    with open(index, "w", encoding="utf-8") as f:
        f.write(page)


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        data = json.load(f)
    out_dir = argv[2]
    figs = Figures(out_dir)
    for plot in (plot_roofline, plot_three_way, plot_comparison, plot_routing, plot_precision,
                 plot_cost):
        plot(data, figs)
    embed(out_dir, figs)
    print(f"render.py: {len(figs.items)} plots in {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
