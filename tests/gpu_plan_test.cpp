// Host-side logic of the GPU kernels: tile padding, the align/permute plan (the oracle of the
// device align kernel), weight packing for the GPU layouts, shape limits.
#include <gtest/gtest.h>

#include <random>

#include "kernels/gpu/moe_plan.h"
#include "kernels/reference/quant.h"

namespace moebench::gpu {
namespace {

TEST(GpuPlan, RoundUpPadsToTheMultiple) {
  EXPECT_EQ(round_up(0, 64), 0);
  EXPECT_EQ(round_up(1, 64), 64);
  EXPECT_EQ(round_up(64, 64), 64);
  EXPECT_EQ(round_up(65, 64), 128);
  EXPECT_EQ(round_up(7, 1), 7);
}

TEST(GpuPlan, PaddedRowBoundCoversTheWorstCase) {
  // 3 assignments over 8 experts, tile 4: at most 3 experts touched, each padded to 4 rows.
  EXPECT_EQ(max_padded_rows(3, 8, 4), 12);
  // 100 assignments, 2 experts, tile 64: 100 + 2 * 63 = 226, rounded to 256.
  EXPECT_EQ(max_padded_rows(100, 2, 64), 256);
  EXPECT_EQ(max_padded_rows(5, 4, 1), 5);
}

TEST(GpuPlan, AlignBuildsExpertContiguousPaddedRowsInAssignmentOrder) {
  // tokens x top_k = 3 x 2: (t0: e2, e0), (t1: e2, e1), (t2: e0, e2); 4 experts, tile 2.
  const std::vector<int32_t> ids = {2, 0, 2, 1, 0, 2};
  const AlignPlan plan = align_host(ids, 4, 2);
  EXPECT_EQ(plan.counts, (std::vector<int32_t>{2, 1, 3, 0}));
  EXPECT_EQ(plan.expert_offsets, (std::vector<int32_t>{0, 2, 4, 8, 8}));
  EXPECT_EQ(plan.sorted_assignments, (std::vector<int32_t>{1, 4, 3, -1, 0, 2, 5, -1}));
  EXPECT_EQ(plan.row_of_assignment, (std::vector<int32_t>{4, 0, 5, 2, 1, 6}));
  EXPECT_EQ(plan.tile_expert, (std::vector<int32_t>{0, 1, 2, 2}));
  EXPECT_EQ(plan.touched_experts, (std::vector<int32_t>{0, 1, 2}));
}

TEST(GpuPlan, AlignRowsAreAPermutationOfTheAssignments) {
  std::mt19937 rng(7);
  std::vector<int32_t> ids(1000);
  for (auto& e : ids) e = int32_t(rng() % 37);
  const AlignPlan plan = align_host(ids, 37, 16);
  ASSERT_LE(int64_t(plan.sorted_assignments.size()), max_padded_rows(1000, 37, 16));
  for (size_t a = 0; a < ids.size(); ++a) {
    const int32_t row = plan.row_of_assignment[a];
    ASSERT_EQ(plan.sorted_assignments[row], int32_t(a));
    EXPECT_GE(row, plan.expert_offsets[ids[a]]);
    EXPECT_LT(row, plan.expert_offsets[ids[a] + 1]);
  }
  for (int e = 0; e < 37; ++e) EXPECT_EQ(plan.expert_offsets[e] % 16, 0);
}

TEST(GpuPlan, AlignGridIsOneBlockAtDecodeSizesAndCoversEveryAssignmentBeyond) {
  EXPECT_EQ(align_grid(0).chunks, 1);
  EXPECT_EQ(align_grid(8).chunks, 1);
  EXPECT_EQ(align_grid(kAlignSingleBlockMax).chunks, 1);
  EXPECT_EQ(align_grid(kAlignSingleBlockMax).scratch_ints(256), 0);
  // The route + align target: 4096 tokens x top-8 over 64 blocks of 512.
  EXPECT_EQ(align_grid(32768).chunk, 512);
  EXPECT_EQ(align_grid(32768).chunks, 64);
  EXPECT_EQ(align_grid(32768).scratch_ints(256), 64 * 256);
  for (int64_t a : {kAlignSingleBlockMax + 1, int64_t(4200), int64_t(100003), int64_t(1) << 22}) {
    SCOPED_TRACE(a);
    const AlignGrid g = align_grid(a);
    EXPECT_GT(g.chunks, 1);
    EXPECT_LE(g.chunks, kAlignMaxChunks);
    EXPECT_GE(g.chunk, kAlignMinChunk);
    EXPECT_GE(g.chunk * g.chunks, a);        // every assignment has a block
    EXPECT_LT(g.chunk * (g.chunks - 1), a);  // and no block is empty
  }
}

// The multi-block align's decomposition, replayed on the host: a chunk's row for an assignment
// is the expert's padded offset + the expert's count in earlier chunks + its rank in the chunk.
// That equals the oracle's row for every assignment, so chunks may scatter independently.
TEST(GpuPlan, ChunkedAlignDecompositionGivesTheOraclesRows) {
  std::mt19937 rng(11);
  const int experts = 37;
  std::vector<int32_t> ids(5000);
  for (auto& e : ids) e = int32_t(rng() % 5 == 0 ? 3 : rng() % experts);  // one hot expert
  const AlignPlan plan = align_host(ids, experts, 16);
  const AlignGrid g = align_grid(int64_t(ids.size()));
  ASSERT_GT(g.chunks, 1);
  std::vector<int32_t> before(experts, 0);  // counts of the chunks already replayed
  for (int c = 0; c < g.chunks; ++c) {
    const int64_t begin = c * g.chunk, end = std::min<int64_t>(begin + g.chunk, ids.size());
    std::vector<int32_t> rank(experts, 0);
    for (int64_t a = begin; a < end; ++a) {
      const int32_t e = ids[size_t(a)];
      EXPECT_EQ(plan.expert_offsets[e] + before[e] + rank[e]++, plan.row_of_assignment[size_t(a)]);
    }
    for (int e = 0; e < experts; ++e) before[e] += rank[e];
  }
}

TEST(GpuPlan, AlignRejectsIdsOutsideTheExperts) {
  EXPECT_THROW(align_host({0, 4}, 4, 1), std::invalid_argument);
  EXPECT_THROW(align_host({-1}, 4, 1), std::invalid_argument);
}

std::vector<float> random_weights(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> dist(0.f, 0.05f);
  std::vector<float> w(n);
  for (auto& v : w) v = dist(rng);
  return w;
}

TEST(GpuPlan, PackedWeightsAreTheReferenceQuantisationStacked) {
  const int count = 3;
  const int64_t rows = 4, cols = 256;
  const auto w = random_weights(size_t(count * rows * cols), 11);
  for (Precision p : all_precisions()) {
    SCOPED_TRACE(std::string(to_string(p)));
    const PackedWeights packed = pack_weights(w.data(), count, rows, cols, p, 64);
    for (int i = 0; i < count; ++i) {
      const ref::QuantizedMatrix q = ref::quantize(w.data() + i * rows * cols, rows, cols, p, 64);
      ASSERT_EQ(packed.matrix_bytes(), int64_t(q.data.size()));
      ASSERT_EQ(packed.matrix_scales(), int64_t(q.scales.size()));
      EXPECT_TRUE(std::equal(q.data.begin(), q.data.end(),
                             packed.data.begin() + i * packed.matrix_bytes()));
      EXPECT_TRUE(std::equal(q.scales.begin(), q.scales.end(),
                             packed.scales.begin() + i * packed.matrix_scales()));
    }
    // The device reads rows as 16-byte vectors: row strides must keep that alignment.
    EXPECT_EQ(packed.row_bytes % 16, 0);
  }
  const PackedWeights int4 = pack_weights(w.data(), count, rows, cols, Precision::int4, 64);
  EXPECT_EQ(int4.row_bytes, cols / 2);
  EXPECT_EQ(int4.groups_per_row, cols / 64);
  const PackedWeights int8 = pack_weights(w.data(), count, rows, cols, Precision::int8, 64);
  EXPECT_EQ(int8.groups_per_row, 1);
  const PackedWeights bf16 = pack_weights(w.data(), count, rows, cols, Precision::bf16, 64);
  EXPECT_EQ(bf16.groups_per_row, 0);
  EXPECT_EQ(bf16.row_bytes, cols * 2);
}

TEST(GpuPlan, ShapeLimitsSayWhy) {
  EXPECT_FALSE(gpu_shape_unsupported(4096, 14336, Precision::bf16, 128));
  const auto odd = gpu_shape_unsupported(4004, 64, Precision::bf16, 128);
  ASSERT_TRUE(odd);
  EXPECT_NE(odd->find("multiples of 8"), std::string::npos);
  // A scaled-down model (d_ff 48) runs on the GEMV path except in int4 (32-element vectors),
  // and not on the 64 x 64 matrix-unit tiles.
  EXPECT_FALSE(gpu_shape_unsupported(128, 48, Precision::fp32, 128));
  EXPECT_FALSE(gpu_shape_unsupported(128, 48, Precision::int8, 128));
  EXPECT_TRUE(gpu_shape_unsupported(128, 48, Precision::int4, 128));
  EXPECT_TRUE(gpu_shape_unsupported(128, 48, Precision::bf16, 128, true));
  EXPECT_FALSE(gpu_shape_unsupported(128, 64, Precision::bf16, 128, true));
  EXPECT_TRUE(gpu_shape_unsupported(4096, 4096, Precision::int4, 48));
  EXPECT_FALSE(gpu_shape_unsupported(4096, 4096, Precision::int8, 48));
}

}  // namespace
}  // namespace moebench::gpu
