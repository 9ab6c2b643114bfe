#!/usr/bin/env python3
"""Measures how well `moebench compare` separates real slowdowns from machine noise
(docs/regressions.md, "Evidence").

collect: repeated short runs of one suite, in cycles; each cycle runs the suite once without a
         change (A) and once per injected slowdown level (MOEBENCH_INJECT_SLOWDOWN), in a
         shuffled order so that no level always runs first. With --neighbour SHARE, each run
         shares the machine, with that probability, with a real noisy neighbour process
         (memory streaming or a busy core, chosen at random) that lives exactly as long as
         the run: whole runs disturbed at random, as on a shared cloud machine.
analyze-runs: the same with R runs a side, as scripts/nightly compares them: in each trial a
         random cut in time, R unchanged runs from before it as the baseline and R runs of one
         level (unchanged for A/A) from after it, compared as two directories; "caught" = the
         slowed kernel is SLOWER. Trials share runs (they are resampled from one pool).
         With --disturb SHARE, each chosen run is, with that probability, made a "disturbed"
         run: every kernel record's samples are multiplied by one factor drawn from
         --disturb-range (default 1.2-1.5; the probes are left alone). That superimposes the
         whole-run slowdowns measured on a noisier VM (docs/regressions.md) on a quiet
         machine's runs: semi-synthetic, and labelled as such wherever it is reported.
analyze: A/A false alarms (every pair of A runs, and disjoint consecutive pairs) and the
         detection rate per level (each injected run against the A run of the previous cycle,
         as a nightly job compares against an earlier baseline), with and without --normalize.
"""

import argparse
import itertools
import json
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path


def run_file(out_dir, cycle, level, rep=0):
    return Path(out_dir) / f"c{cycle:03d}-p{level:g}-r{rep}.json"


# A real noisy neighbour for `collect --neighbour`: one process streaming through a buffer far
# larger than the caches (memory bandwidth and LLC contention, what other tenants of a cloud
# host cause) or spinning on arithmetic (a busy sibling core), chosen at random per run.
NEIGHBOUR_LOADS = {
    "stream": "a=bytearray(1<<28)\nb=bytearray(1<<28)\nwhile 1: b[:]=a",
    "spin": "x=0\nwhile 1: x=(x*7+1)%1000003",
}


def start_neighbour(rng):
    load = rng.choice(sorted(NEIGHBOUR_LOADS))
    return subprocess.Popen([sys.executable, "-c", NEIGHBOUR_LOADS[load]],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def collect(args):
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    # (level, repetition): several unchanged runs per cycle give the A/A trials their own pool.
    levels = [(0.0, rep) for rep in range(args.a_runs)] + \
        [(float(x), 0) for x in args.levels.split(",")]
    rng = random.Random(args.seed)
    deadline = time.time() + args.minutes * 60
    cycle = args.first_cycle
    while cycle < args.first_cycle + args.cycles and time.time() < deadline:
        order = levels[:]
        rng.shuffle(order)
        for level, rep in order:
            env = dict(os.environ)
            env.pop("MOEBENCH_INJECT_SLOWDOWN", None)
            if level > 0:
                env["MOEBENCH_INJECT_SLOWDOWN"] = f"{args.kernel}={level:g}"
            target = run_file(out, cycle, level, rep)
            run = ([str(Path(__file__).with_name("count-instructions")), "--moebench",
                    args.moebench] if args.count_instructions else [args.moebench, "run"])
            cmd = run + ["--suite", args.suite, "--preset", args.preset,
                         "--out", str(target)] + args.run_args
            neighbour = start_neighbour(rng) if rng.random() < args.neighbour else None
            started = time.time()
            result = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE, text=True)
            if neighbour:
                neighbour.kill()
                neighbour.wait()
            print(f"cycle {cycle} level {level:g}%: exit {result.returncode} in "
                  f"{time.time() - started:.1f} s{' (neighbour)' if neighbour else ''}",
                  flush=True)
            if result.returncode != 0:
                print(result.stderr[-2000:], file=sys.stderr)
        cycle += 1


def compare(moebench, base, new, normalize, threshold, alpha, metric="time", filter_regex=""):
    cmd = [moebench, "compare", str(base), str(new), "--format", "json",
           "--threshold", str(threshold), "--alpha", str(alpha), "--metric", metric]
    if filter_regex:
        cmd += ["--filter", filter_regex]
    if normalize:
        cmd.append("--normalize")
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode == 2:
        raise RuntimeError(f"compare {base} {new}: {result.stderr.strip()}")
    return result.returncode, json.loads(result.stdout)


def complete(path):
    try:
        return json.loads(path.read_text())["moebench"].get("complete", False)
    except (OSError, ValueError, KeyError):
        return False


def runs_by_level(directory):
    runs = {}
    for path in sorted(Path(directory).glob("c*-p*.json")):
        m = re.fullmatch(r"c(\d+)-p([0-9.]+)(?:-r\d+)?\.json", path.name)
        if m and complete(path):  # an interrupted run is no trial
            runs.setdefault(float(m.group(2)), {})[int(m.group(1))] = path
    return runs


def kernel_of(name):
    parts = name.split("/")  # suite/role/kernel/axes...
    return parts[2] if len(parts) > 2 else ""


def rate(hits, total):
    return f"{hits}/{total} = {100.0 * hits / total:.1f}%" if total else "0/0"


def analyze(args):
    runs = runs_by_level(args.dir)
    a_runs = runs.get(0.0, {})
    cycles = sorted(a_runs)
    kernel = re.compile(args.kernel)
    report = {"a_runs": len(cycles), "modes": {}}
    # A counter is compared as counted: --normalize applies to times only.
    for normalize in (False, True) if args.metric == "time" else (False,):
        mode = "normalized" if normalize else ("raw" if args.metric == "time" else args.metric)
        m = report["modes"][mode] = {}
        # A/A: every pair of unchanged runs (correlated estimates) and disjoint pairs.
        pair_alarms = pair_rows = pair_row_alarms = 0
        disjoint = [(cycles[i], cycles[i + 1]) for i in range(0, len(cycles) - 1, 2)]
        pairs = list(itertools.combinations(cycles, 2))
        if len(pairs) > args.max_pairs:  # a fixed random subset, always with the disjoint pairs
            rest = [p for p in pairs if p not in disjoint]
            pairs = disjoint + random.Random(7).sample(rest, args.max_pairs - len(disjoint))
        disjoint_alarms = 0
        changes, kernel_changes = [], []
        for base, new in pairs:
            code, j = compare(args.moebench, a_runs[base], a_runs[new], normalize,
                              args.threshold, args.alpha, args.metric, args.filter)
            pair_alarms += code == 1
            if (base, new) in disjoint:
                disjoint_alarms += code == 1
            for row in j["benchmarks"]:
                pair_rows += 1
                pair_row_alarms += row["verdict"] == "SLOWER"
                changes.append(abs(row["change"]))
                if kernel.search(kernel_of(row["name"])):
                    kernel_changes.append(abs(row["change"]))
        changes.sort()
        kernel_changes.sort()
        # What a single-run threshold would have to be for the slowed kernel to hold a given
        # A/A false-alarm rate: quantiles of its |change| between unchanged runs.
        for q in (0.5, 0.95, 0.99):
            if kernel_changes:
                value = kernel_changes[min(len(kernel_changes) - 1, int(q * len(kernel_changes)))]
                m[f"aa_kernel_abs_change_q{int(q * 100)}"] = f"{100 * value:.1f}%"
        m["aa_pairs"] = rate(pair_alarms, len(pairs))
        m["aa_disjoint_pairs"] = rate(disjoint_alarms, len(disjoint))
        m["aa_rows_slower"] = rate(pair_row_alarms, pair_rows)
        if changes:
            m["aa_abs_change_median"] = f"{100 * changes[len(changes) // 2]:.1f}%"
            m["aa_abs_change_p95"] = f"{100 * changes[int(0.95 * (len(changes) - 1))]:.1f}%"
        # Injected: each injected run against the A run of the previous cycle.
        for level in sorted(k for k in runs if k > 0):
            caught = exit1 = trials = other_alarms = other_rows = 0
            for cycle, path in sorted(runs[level].items()):
                earlier = [c for c in cycles if c < cycle]
                if not earlier:
                    continue
                code, j = compare(args.moebench, a_runs[earlier[-1]], path, normalize,
                                  args.threshold, args.alpha, args.metric, args.filter)
                trials += 1
                exit1 += code == 1
                hit = False
                for row in j["benchmarks"]:
                    if kernel.search(kernel_of(row["name"])):
                        hit |= row["verdict"] == "SLOWER"
                    else:
                        other_rows += 1
                        other_alarms += row["verdict"] == "SLOWER"
                caught += hit
            m[f"inject_{level:g}pct_caught"] = rate(caught, trials)
            m[f"inject_{level:g}pct_exit1"] = rate(exit1, trials)
            m[f"inject_{level:g}pct_other_rows_slower"] = rate(other_alarms, other_rows)
    json.dump(report, sys.stdout, indent=2)
    print()


def disturbed(source, target, factor):
    """A copy of a results file in which every kernel record took `factor` times as long."""
    data = json.loads(Path(source).read_text())
    for record in data["moebench"]["records"]:
        timing = record.get("timing")
        if record.get("op") == "probe" or not isinstance(timing, dict):
            continue
        timing["samples_s"] = [t * factor for t in timing.get("samples_s", [])]
        summary = timing.get("summary")
        if isinstance(summary, dict) and isinstance(summary.get("median"), (int, float)):
            summary["median"] *= factor
    Path(target).write_text(json.dumps(data))


def analyze_runs(args):
    import shutil
    import tempfile
    pool = {}  # level -> [(cycle, path)]
    for path in sorted(Path(args.dir).glob("c*-p*.json")):
        m = re.fullmatch(r"c(\d+)-p([0-9.]+)(?:-r\d+)?\.json", path.name)
        if m and complete(path):
            pool.setdefault(float(m.group(2)), []).append((int(m.group(1)), path.resolve()))
    unchanged = pool.get(0.0, [])
    cycles = sorted({c for c, _ in unchanged})
    kernel = re.compile(args.kernel)
    rng = random.Random(args.seed)
    report = {"runs_per_side": args.runs, "trials_per_level": args.trials,
              "compare_args": args.compare_args,
              "disturbed_share": args.disturb, "disturb_range": args.disturb_range, "pool": {f"{k:g}%": len(v) for k, v in pool.items()}}
    work = Path(tempfile.mkdtemp(prefix="moebench-trials-"))
    try:
        for level in sorted(pool):
            caught = exit1 = trials = 0
            for _ in range(args.trials):
                cut = rng.choice(cycles[len(cycles) // 3: 2 * len(cycles) // 3])
                before = [p for c, p in unchanged if c < cut]
                after = [p for c, p in pool[level] if c >= cut]
                if len(before) < args.runs or len(after) < args.runs:
                    continue
                for side, chosen in (("base", rng.sample(before, args.runs)),
                                     ("new", rng.sample(after, args.runs))):
                    shutil.rmtree(work / side, ignore_errors=True)
                    (work / side).mkdir()
                    for i, path in enumerate(chosen):
                        target = work / side / f"{i:03d}.json"
                        if args.disturb > 0 and rng.random() < args.disturb:
                            disturbed(path, target, rng.uniform(*args.disturb_range))
                        else:
                            target.symlink_to(path)
                cmd = [args.moebench, "compare", str(work / "base"), str(work / "new"),
                       "--format", "json", "--threshold", str(args.threshold),
                       "--alpha", str(args.alpha)] + args.compare_args
                result = subprocess.run(cmd, capture_output=True, text=True)
                if result.returncode == 2:
                    raise RuntimeError(f"compare: {result.stderr.strip()}")
                rows = json.loads(result.stdout)["benchmarks"]
                trials += 1
                exit1 += result.returncode == 1
                caught += any(r["verdict"] == "SLOWER" for r in rows
                              if kernel.search(kernel_of(r["name"])))
            name = "A/A" if level == 0 else f"{level:g}% injected"
            report[name] = {"kernel_slower": rate(caught, trials), "exit_1": rate(exit1, trials)}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    json.dump(report, sys.stdout, indent=2)
    print()


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("collect")
    c.add_argument("--moebench", default="build/release/moebench")
    c.add_argument("--suite", default="moe")
    c.add_argument("--preset", default="smoke")
    c.add_argument("--kernel", required=True, help="regex of the kernel to slow down")
    c.add_argument("--levels", default="2,5,10", help="injected slowdowns, percent")
    c.add_argument("--cycles", type=int, default=30)
    c.add_argument("--a-runs", type=int, default=2, help="unchanged runs per cycle")
    c.add_argument("--first-cycle", type=int, default=0)
    c.add_argument("--minutes", type=float, default=60, help="stop starting cycles after this")
    c.add_argument("--seed", type=int, default=1)
    c.add_argument("--out-dir", required=True)
    c.add_argument("--neighbour", type=float, default=0.0, metavar="SHARE",
                   help="probability that a run shares the machine with a real noisy "
                        "neighbour process (memory streaming or a busy core)")
    c.add_argument("--count-instructions", action="store_true",
                   help="run each run under callgrind (scripts/count-instructions), for "
                        "`analyze --metric Ir`")
    c.add_argument("run_args", nargs="*", help="extra `moebench run` arguments (after --)")
    a = sub.add_parser("analyze")
    a.add_argument("--moebench", default="build/release/moebench")
    a.add_argument("--dir", required=True)
    a.add_argument("--kernel", required=True)
    a.add_argument("--threshold", type=float, default=5)
    a.add_argument("--alpha", type=float, default=0.01)
    a.add_argument("--max-pairs", type=int, default=400, help="A/A pairs to compare at most")
    a.add_argument("--metric", default="time",
                   help="what compare compares: time, or a counter such as Ir")
    a.add_argument("--filter", default="", help="compare only benchmarks matching this regex")
    r = sub.add_parser("analyze-runs")
    r.add_argument("--moebench", default="build/release/moebench")
    r.add_argument("--dir", required=True)
    r.add_argument("--kernel", required=True)
    r.add_argument("--runs", type=int, default=20, help="runs a side")
    r.add_argument("--trials", type=int, default=60, help="trials per level")
    r.add_argument("--threshold", type=float, default=5)
    r.add_argument("--alpha", type=float, default=0.01)
    r.add_argument("--seed", type=int, default=11)
    r.add_argument("--disturb", type=float, default=0.0,
                   help="probability that a run is made a disturbed (slow as a whole) run")
    r.add_argument("--disturb-range", type=float, nargs=2, default=(1.2, 1.5),
                   metavar=("LOW", "HIGH"), help="a disturbed run's slowdown factor")
    r.add_argument("compare_args", nargs="*", help="extra `moebench compare` arguments (after --)")
    args = parser.parse_args()
    {"collect": collect, "analyze": analyze, "analyze-runs": analyze_runs}[args.command](args)


if __name__ == "__main__":
    main()
