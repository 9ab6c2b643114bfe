// Replays a stream's work as one captured graph: a launch-bound call that issues many small
// kernels (the MoE layer at decode sizes) then costs one graph launch instead of one launch per
// kernel. Host code, the same for CUDA and HIP (vendor/hip.h maps the names).
#pragma once

#include "kernels/gpu/gpu_runtime.h"

namespace moebench::MOEBENCH_GPU_NS {

class StreamGraph {
 public:
  StreamGraph() = default;
  StreamGraph(const StreamGraph&) = delete;
  StreamGraph& operator=(const StreamGraph&) = delete;
  ~StreamGraph() {
    if (exec_) (void)cudaGraphExecDestroy(exec_);  // an in-flight launch is freed on completion
  }

  bool captured() const { return exec_ != nullptr; }

  // Records what `work` issues on `stream` (nothing runs) and instantiates it. `work` may only
  // enqueue on `stream`: a synchronous copy, a synchronisation or an allocation invalidates the
  // capture and fails here. Thread-local mode: other threads' calls do not break the capture.
  template <typename Work>
  void capture(cudaStream_t stream, Work&& work) {
    GPU_CHECK(cudaStreamBeginCapture(stream, cudaStreamCaptureModeThreadLocal));
    cudaGraph_t graph = nullptr;
    try {
      work();
    } catch (...) {  // end the capture, or the stream stays unusable
      if (cudaStreamEndCapture(stream, &graph) == cudaSuccess && graph)
        (void)cudaGraphDestroy(graph);
      (void)cudaGetLastError();
      throw;
    }
    GPU_CHECK(cudaStreamEndCapture(stream, &graph));
    // The executable graph is independent of the graph it was made from.
    const cudaError_t status = cudaGraphInstantiate(&exec_, graph, 0);
    (void)cudaGraphDestroy(graph);
    GPU_CHECK(status);
  }

  void launch(cudaStream_t stream) const { GPU_CHECK(cudaGraphLaunch(exec_, stream)); }

 private:
  cudaGraphExec_t exec_ = nullptr;
};

}  // namespace moebench::MOEBENCH_GPU_NS
