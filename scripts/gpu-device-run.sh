#!/bin/bash
# Runs the GPU checks and timings on a GPU machine from a carried build folder that holds
# moebench, moebench_tests, moebench_gpu_bench and lib/ (shared libraries absent there).
#   gpu-device-run.sh CARRIED_DIR OUT_DIR [steps...]   steps: tests sanitizer bench suite
set -u
carried=$(cd "$1" && pwd)
out=$2
shift 2
steps=${*:-tests sanitizer bench}
export LD_LIBRARY_PATH=$carried/lib:/usr/local/cuda/lib64:${LD_LIBRARY_PATH:-}
export MOEBENCH_SOURCE_DIR=$PWD  # hardware_profiles/ and suites/ of the repository here
mkdir -p "$out"
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.max.sm,temperature.gpu,power.draw \
  --format=csv | tee "$out/nvidia-smi.csv"
"$carried/moebench" list 2>&1 | sed -n '/Backends/,/Kernels/p'
for step in $steps; do
  echo "=== $step"
  case $step in
    tests)
      timeout 120 "$carried/moebench_tests" --gtest_filter='*Gpu*' >"$out/gpu_tests.log" 2>&1
      echo "rc=$?"
      grep -E "^\[  (PASSED|FAILED|SKIPPED) |Failure|error|skip \]" "$out/gpu_tests.log" | head -40
      ;;
    sanitizer)
      for tool in memcheck racecheck; do
        filter='All/GpuKernels.*cuda_moe_*_5:All/GpuKernels.*cuda_dense_*_131:GpuAlign.*'
        [ $tool = racecheck ] && filter='All/GpuKernels.*cuda_moe_gem*_131'
        timeout 100 compute-sanitizer --tool $tool --error-exitcode 9 "$carried/moebench_tests" \
          --gtest_filter="$filter" >"$out/sanitizer_$tool.log" 2>&1
        echo "$tool rc=$?"
        grep -E "ERROR SUMMARY|PASSED|FAILED" "$out/sanitizer_$tool.log" | head -5
      done
      ;;
    bench)
      timeout 250 "$carried/moebench_gpu_bench" --out "$out/gpu_bench.json" >"$out/bench.log" 2>&1
      echo "rc=$?"
      cat "$out/bench.log" | cut -c1-400
      ;;
    suite)
      timeout 150 "$carried/moebench" run --suite moe --backend cuda --preset smoke --max-time 0.2 \
        -o "$out/suite_moe.json" >"$out/suite.log" 2>&1
      echo "rc=$?"
      tail -30 "$out/suite.log"
      ;;
  esac
done
