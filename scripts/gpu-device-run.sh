#!/bin/bash
# Runs the GPU checks and timings on a GPU machine from a carried folder that holds moebench,
# moebench_tests, moebench_gpu_bench and lib/ (made by scripts/gpu-carry-prepare).
#   gpu-device-run.sh CARRIED_DIR OUT_DIR [steps...]
# Steps, in order of value (a lent machine has had 15 device-minutes a session, start-up
# included, and 10 minutes a command: run `tests bench` in one call, `suite-all sanitizer` in
# the next). Each step has its own time limit and writes its log under OUT_DIR even when cut:
#   tests      every GPU test (kernels x precisions against the reference, align, GEMM paths,
#              graph replay, baselines)                                        <= 180 s
#   bench      moebench_gpu_bench: gemm_paths first, then route_align, decode (with and without
#              graph), prefill, dense; one JSON line a measurement            <= 300 s
#   suite-all  moebench --suite all --backend cuda (the issue's run), quick preset; stopped by
#              SIGINT at its limit, which keeps every point already measured  <= 240 s
#   sanitizer  compute-sanitizer memcheck and racecheck on a few GPU tests    <= 200 s
set -u
carried=$(cd "$1" && pwd)
out=$2
shift 2
steps=${*:-tests bench}
export LD_LIBRARY_PATH=$carried/lib:/usr/local/cuda/lib64:${LD_LIBRARY_PATH:-}
export MOEBENCH_SOURCE_DIR=$PWD  # hardware_profiles/ and suites/ of the repository here
mkdir -p "$out"
# The device's own C++ runtime first; Debian's (carried) only if that one is too old.
if ! "$carried/moebench" --version >/dev/null 2>"$out/loader.log" && [ -d "$carried/lib-fallback" ]; then
  echo "the device's C++ runtime failed ($(head -c 300 "$out/loader.log")); using the carried one"
  export LD_LIBRARY_PATH=$carried/lib-fallback:$LD_LIBRARY_PATH
fi
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.max.sm,temperature.gpu,power.draw \
  --format=csv | tee "$out/nvidia-smi.csv"
"$carried/moebench" list 2>&1 | sed -n '/Backends/,/Kernels/p'
for step in $steps; do
  echo "=== $step $(date -u +%H:%M:%S)"
  case $step in
    tests)
      timeout 180 "$carried/moebench_tests" --gtest_filter='*Gpu*' >"$out/gpu_tests.log" 2>&1
      echo "rc=$?"
      echo "skipped: $(grep -c '^\[  SKIPPED \] .* ms)' "$out/gpu_tests.log") (HIP ones need an AMD GPU)"
      grep -E "^\[  (PASSED|FAILED) |^\[  FAILED  \]|Failure|error|skip \]" "$out/gpu_tests.log" | head -60
      ;;
    bench)
      for only in gemm_paths route_align moe_decode moe_prefill dense; do
        extra=""
        [ "$only" = moe_decode ] && extra="--graph"
        timeout 90 "$carried/moebench_gpu_bench" --only "$only" $extra \
          --out "$out/gpu_bench_$only.json" >"$out/bench_$only.log" 2>&1
        echo "$only rc=$?"
        cut -c1-600 "$out/bench_$only.log"
      done
      ;;
    suite-all)
      timeout -s INT -k 20 240 "$carried/moebench" run --suite all --backend cuda \
        -o "$out/suite_all.json" >"$out/suite_all.log" 2>&1
      echo "rc=$? (130: stopped at the time limit, what was measured is kept)"
      tail -40 "$out/suite_all.log"
      ;;
    sanitizer)
      for tool in memcheck racecheck; do
        filter='All/GpuKernels.*cuda_moe_*_5:All/GpuKernels.*cuda_dense_*_131:GpuAlign.*:GpuGemmPaths.*'
        [ $tool = racecheck ] && filter='All/GpuKernels.*cuda_moe_gem*_131:GpuGemmPaths.*'
        timeout 100 compute-sanitizer --tool $tool --error-exitcode 9 "$carried/moebench_tests" \
          --gtest_filter="$filter" >"$out/sanitizer_$tool.log" 2>&1
        echo "$tool rc=$?"
        grep -E "ERROR SUMMARY|PASSED|FAILED" "$out/sanitizer_$tool.log" | head -5
      done
      ;;
    *)
      echo "unknown step $step (tests, bench, suite-all, sanitizer)" >&2
      ;;
  esac
done
