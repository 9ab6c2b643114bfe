// Compile a region of a source file for one ISA without -march flags, so the binary runs on any
// x86-64 and cpu_features.h picks the path at run time. Put the region after every #include:
// only functions defined inside it get the ISA, so inline functions of shared headers stay
// baseline (no AVX-512 copies of std:: code leaking to other callers).
// Keep OpenMP regions out of these regions: threads are spawned by baseline code that calls
// per-thread ISA functions.
#pragma once

#define MOEBENCH_TARGET_STR(x) #x
#if defined(__clang__)
#define MOEBENCH_TARGET_PUSH(isa) \
  _Pragma(MOEBENCH_TARGET_STR(    \
      clang attribute push(__attribute__((target(isa))), apply_to = function)))
#define MOEBENCH_TARGET_POP _Pragma("clang attribute pop")
#else
// GCC 12's AVX-512 headers self-initialise "undefined" vectors (_mm256_undefined_pd), which
// -Wuninitialized and -Wmaybe-uninitialized report once inlined into target-attributed code (GCC
// bug 105593).
#define MOEBENCH_TARGET_PUSH(isa)                                                             \
  _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wuninitialized\"")        \
      _Pragma("GCC diagnostic ignored \"-Wmaybe-uninitialized\"") _Pragma("GCC push_options") \
          _Pragma(MOEBENCH_TARGET_STR(GCC target(isa)))
#define MOEBENCH_TARGET_POP _Pragma("GCC pop_options") _Pragma("GCC diagnostic pop")
#endif

// The ISA strings of the dispatch levels (cpu_features.h). bf16 and VNNI code uses the _ALL
// string and runs only when cpu::active_bf16()/active_vnni().
#define MOEBENCH_ISA_AVX2 "avx2,fma,f16c"
#define MOEBENCH_ISA_AVX512 "avx2,fma,f16c,avx512f,avx512bw,avx512dq,avx512vl"
#define MOEBENCH_ISA_AVX512_ALL \
  "avx2,fma,f16c,avx512f,avx512bw,avx512dq,avx512vl,avx512bf16,avx512vnni"
