// The matrix-unit GEMM's fragment bookkeeping, checked without a GPU. The warp tiles
// (kernels/gpu/detail/gemm_{nvidia,amd}.cuh) take every lane's shared-memory addresses and
// accumulator positions from gemm_geometry.h; here those same functions drive emulations of the
// instructions, written from the ISA manuals' fragment tables:
//   ldmatrix.sync.aligned.m8n8.x4.b16 (PTX ISA "ldmatrix"): lane i supplies the address of row
//     i % 8 of matrix i / 8; register j of lane i receives bytes 4 (i % 4) .. + 3 of row i / 4
//     of matrix j;
//   mma.sync m16n8k16 bf16 and m16n8k32 e4m3 (PTX ISA "Matrix Fragments for mma.m16n8k16 /
//     m16n8k32"), g = lane / 4, t = lane % 4: A registers (row g, k lo), (g + 8, lo),
//     (g, hi), (g + 8, hi); B registers (k lo, column g), (k hi, g); C elements (g, 2t),
//     (g, 2t + 1), (g + 8, 2t), (g + 8, 2t + 1); lo/hi = the first/second 16 bytes of k;
//   v_mfma_f32_32x32x8bf16_1k (AMD CDNA ISA, MFMA operand layout): lane l holds row (A) or
//     column (B) l % 32, k 4 (l / 32) .. + 3; accumulator i of lane l is row
//     8 (i / 4) + 4 (l / 32) + i % 4, column l % 32.
// One warp tile's k tile is multiplied through the emulation and must equal the plain product of
// the shared-memory tiles, for every warp of the block and both halves of its tile, SwiGLU and
// plain, bf16 and e4m3. A swapped register, lane group or byte offset gives a different product.
#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <random>
#include <vector>

#include "kernels/gpu/detail/gemm_geometry.h"
#include "kernels/reference/quant.h"

namespace moebench::gpu::gemm {
namespace {

// One k tile of the block in shared memory: kARows A rows, then kBRows B rows, kLdBytes apart;
// elements of `bytes` bytes with small integer values, so every float sum below is exact.
struct SharedTile {
  int bytes;  // 2: bf16, 1: e4m3
  std::vector<uint8_t> memory = std::vector<uint8_t>(size_t(kStageBytes), 0xAB);  // 0xAB: pad
  std::vector<float> value = std::vector<float>(size_t((kARows + kBRows) * kTileBytes), 0);

  explicit SharedTile(int element_bytes, uint32_t seed) : bytes(element_bytes) {
    std::mt19937 rng(seed);
    for (int row = 0; row < kARows + kBRows; ++row)
      for (int e = 0; e < kTileBytes / bytes; ++e) {
        const float v = float(int(rng() % 9) - 4);
        set(row, e, v);
      }
  }
  void set(int row, int element, float v) {
    value[size_t(row * kTileBytes + element)] = v;
    uint8_t* at = &memory[size_t(row * kLdBytes + element * bytes)];
    if (bytes == 2) {
      const uint16_t bits = ref::float_to_bf16(v);
      std::memcpy(at, &bits, 2);
    } else {
      *at = ref::float_to_e4m3(v);
    }
  }
  // The element at byte `byte` of a 32-bit register's worth read from memory.
  float element(const uint8_t* p) const {
    if (bytes == 2) {
      uint16_t bits;
      std::memcpy(&bits, p, 2);
      return ref::bf16_to_float(bits);
    }
    return ref::e4m3_to_float(*p);
  }
  float a(int row, int k) const { return value[size_t(row * kTileBytes + k)]; }
  float b(int row, int k) const { return value[size_t((kARows + row) * kTileBytes + k)]; }
};

using Registers = std::array<std::array<uint32_t, 4>, 32>;  // [lane][register]

// ldmatrix.x4 of 32 addresses (byte offsets into the tile's memory).
Registers ldmatrix_x4(const SharedTile& tile, const std::array<int, 32>& address) {
  Registers r{};
  for (int lane = 0; lane < 32; ++lane)
    for (int j = 0; j < 4; ++j)
      std::memcpy(&r[size_t(lane)][size_t(j)],
                  &tile.memory[size_t(address[size_t(8 * j + lane / 4)] + 4 * (lane % 4))], 4);
  return r;
}

// The values packed in one 32-bit register: 2 bf16 or 4 e4m3, lowest address first.
std::vector<float> unpack(const SharedTile& tile, uint32_t reg) {
  uint8_t b[4];
  std::memcpy(b, &reg, 4);
  std::vector<float> out;
  for (int i = 0; i < 4; i += tile.bytes) out.push_back(tile.element(b + i));
  return out;
}

// c[lane][i] += A x B of one mma.sync (k = 16 bf16 or 32 e4m3), from the lanes' registers.
void mma(const SharedTile& tile, const std::array<std::array<uint32_t, 4>, 32>& a,
         const std::array<std::array<uint32_t, 2>, 32>& b,
         std::array<std::array<float, 4>, 32>& c) {
  const int k_half = 16 / tile.bytes;  // elements in 16 bytes: the lo / hi split of k
  const int per = 4 / tile.bytes;      // elements per register
  float A[16][32] = {}, B[32][8] = {};
  for (int lane = 0; lane < 32; ++lane) {
    const int g = lane / 4, t = lane % 4;
    for (int reg = 0; reg < 4; ++reg) {
      const auto v = unpack(tile, a[size_t(lane)][size_t(reg)]);
      for (int e = 0; e < per; ++e)
        A[g + 8 * (reg % 2)][k_half * (reg / 2) + per * t + e] = v[size_t(e)];
    }
    for (int reg = 0; reg < 2; ++reg) {
      const auto v = unpack(tile, b[size_t(lane)][size_t(reg)]);
      for (int e = 0; e < per; ++e) B[k_half * reg + per * t + e][g] = v[size_t(e)];
    }
  }
  for (int lane = 0; lane < 32; ++lane) {
    const int g = lane / 4, t = lane % 4;
    for (int i = 0; i < 4; ++i) {
      const int row = g + 8 * (i / 2), col = 2 * t + i % 2;
      for (int k = 0; k < 2 * k_half; ++k) c[size_t(lane)][size_t(i)] += A[row][k] * B[k][col];
    }
  }
}

// NVIDIA warp `warp`'s tile after one k tile, as WarpTile::multiply and for_each compute it:
// out[half][row][column within the half].
std::vector<float> nvidia_warp_tile(const SharedTile& tile, int warp, bool swiglu) {
  std::array<std::array<std::array<float, 4>, 32>, 32> acc{};  // [m * 8 + n][lane][i]
  for (int kb = 0; kb < kTileBytes; kb += 32) {
    std::array<Registers, 4> af;
    for (int m = 0; m < 4; ++m) {
      std::array<int, 32> address;
      for (int lane = 0; lane < 32; ++lane)
        address[size_t(lane)] = nv_a_row(lane, m) * kLdBytes + nv_a_byte(lane, kb);
      af[size_t(m)] = ldmatrix_x4(tile, address);
    }
    std::array<std::array<std::array<uint32_t, 2>, 32>, 8> bf{};  // [n][lane][register]
    for (int h = 0; h < 2; ++h)
      for (int p = 0; p < 2; ++p) {
        std::array<int, 32> address;
        for (int lane = 0; lane < 32; ++lane)
          address[size_t(lane)] = kAStageBytes +
                                  (warp_b_row(warp, h, swiglu) + nv_b_row(lane, p)) * kLdBytes +
                                  nv_b_byte(lane, kb);
        const Registers r = ldmatrix_x4(tile, address);
        for (int lane = 0; lane < 32; ++lane)
          for (int j = 0; j < 4; ++j)
            bf[size_t(4 * h + 2 * p + nv_b_tile(j))][size_t(lane)][size_t(nv_b_register(j))] =
                r[size_t(lane)][size_t(j)];
      }
    for (int m = 0; m < 4; ++m) {
      std::array<std::array<uint32_t, 4>, 32> a;
      for (int lane = 0; lane < 32; ++lane) a[size_t(lane)] = af[size_t(m)][size_t(lane)];
      for (int n = 0; n < 8; ++n) mma(tile, a, bf[size_t(n)], acc[size_t(m * 8 + n)]);
    }
  }
  std::vector<float> out(size_t(2 * kBM * kHalfColumns), -1e30f);
  for (int lane = 0; lane < 32; ++lane)
    for (int m = 0; m < 4; ++m)
      for (int n = 0; n < 4; ++n)
        for (int i = 0; i < 4; ++i)
          for (int h = 0; h < 2; ++h)
            out[size_t((h * kBM + nv_c_row(lane, m, i)) * kHalfColumns + nv_c_column(lane, n, i))] =
                acc[size_t(m * 8 + n + 4 * h)][size_t(lane)][size_t(i)];
  return out;
}

// AMD wavefront `warp`'s tile after one k tile (bf16), as its WarpTile computes it.
std::vector<float> amd_warp_tile(const SharedTile& tile, int warp, bool swiglu) {
  std::vector<float> acc(size_t(2 * 2 * 64 * 16), 0);  // [m][h][lane][i]
  for (int kb = 0; kb < kTileBytes; kb += 16) {
    for (int m = 0; m < 2; ++m)
      for (int h = 0; h < 2; ++h) {
        float A8[32][8] = {}, B8[8][32] = {};  // this k step's tiles, k split by lane / 32
        for (int lane = 0; lane < 64; ++lane) {
          const int byte = amd_operand_byte(lane, kb);
          const uint8_t* a = &tile.memory[size_t(amd_operand_row(lane, m) * kLdBytes + byte)];
          const uint8_t* b = &tile.memory[size_t(
              kAStageBytes + (warp_b_row(warp, h, swiglu) + amd_operand_row(lane, 0)) * kLdBytes +
              byte)];
          for (int e = 0; e < 4; ++e) {
            A8[lane % 32][4 * (lane / 32) + e] = tile.element(a + 2 * e);
            B8[4 * (lane / 32) + e][lane % 32] = tile.element(b + 2 * e);
          }
        }
        for (int lane = 0; lane < 64; ++lane)
          for (int i = 0; i < 16; ++i) {
            const int row = 8 * (i / 4) + 4 * (lane / 32) + i % 4, col = lane % 32;
            float sum = 0;
            for (int k = 0; k < 8; ++k) sum += A8[row][k] * B8[k][col];
            acc[size_t(((m * 2 + h) * 64 + lane) * 16 + i)] += sum;
          }
      }
  }
  std::vector<float> out(size_t(2 * kBM * kHalfColumns), -1e30f);
  for (int lane = 0; lane < 64; ++lane)
    for (int m = 0; m < 2; ++m)
      for (int i = 0; i < 16; ++i)
        for (int h = 0; h < 2; ++h)
          out[size_t((h * kBM + amd_c_row(lane, m, i)) * kHalfColumns + amd_c_column(lane))] =
              acc[size_t(((m * 2 + h) * 64 + lane) * 16 + i)];
  return out;
}

// The plain product the warp tile must hold: half h, row r, column c = A[r] . B[first row + c].
std::vector<float> expected_warp_tile(const SharedTile& tile, int warp, bool swiglu) {
  std::vector<float> out(size_t(2 * kBM * kHalfColumns), 0);
  const int k_elements = kTileBytes / tile.bytes;
  for (int h = 0; h < 2; ++h)
    for (int r = 0; r < kBM; ++r)
      for (int c = 0; c < kHalfColumns; ++c)
        for (int k = 0; k < k_elements; ++k)
          out[size_t((h * kBM + r) * kHalfColumns + c)] +=
              tile.a(r, k) * tile.b(warp_b_row(warp, h, swiglu) + c, k);
  return out;
}

// Every warp of the block, both halves, SwiGLU and plain: the emulated tile is the product.
template <class Emulation>
void expect_every_warp_tile_is_the_product(const SharedTile& tile, Emulation emulate) {
  for (bool swiglu : {false, true})
    for (int warp = 0; warp < kWarpsPerBlock; ++warp) {
      SCOPED_TRACE(std::string(swiglu ? "SwiGLU" : "plain") + " warp " + std::to_string(warp));
      EXPECT_EQ(emulate(tile, warp, swiglu), expected_warp_tile(tile, warp, swiglu));
    }
}

TEST(GemmFragments, NvidiaBf16WarpTilesHoldTheProductOfTheSharedTiles) {
  expect_every_warp_tile_is_the_product(SharedTile(2, 1), nvidia_warp_tile);
}

TEST(GemmFragments, NvidiaE4m3WarpTilesHoldTheProductOfTheSharedTiles) {
  expect_every_warp_tile_is_the_product(SharedTile(1, 2), nvidia_warp_tile);
}

TEST(GemmFragments, AmdBf16WavefrontTilesHoldTheProductOfTheSharedTiles) {
  expect_every_warp_tile_is_the_product(SharedTile(2, 3), amd_warp_tile);
}

}  // namespace
}  // namespace moebench::gpu::gemm
