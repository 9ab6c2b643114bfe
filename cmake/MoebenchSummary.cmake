message(STATUS "moebench ${PROJECT_VERSION}: build type ${CMAKE_BUILD_TYPE}")
message(STATUS "  backends: cpu=ON cuda=${MOEBENCH_CUDA_ENABLED} hip=${MOEBENCH_HIP_ENABLED}")
