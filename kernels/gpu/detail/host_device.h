// MOEBENCH_HOST_DEVICE: a function the GPU kernels call and host tests check, compiled for both
// sides by nvcc/hipcc and as plain C++ by the host compiler.
#pragma once

#if defined(__CUDACC__) || defined(__HIPCC__)
#define MOEBENCH_HOST_DEVICE __host__ __device__
#else
#define MOEBENCH_HOST_DEVICE
#endif
