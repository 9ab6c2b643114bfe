#include "harness/sweep/sweep.h"

#include <gtest/gtest.h>

#include "harness/core/error.h"
#include "harness/sweep/axis.h"

namespace moebench {
namespace {

TEST(Sweep, CartesianProductInAxisOrder) {
  const auto points = cartesian_product({{"tokens", {"1", "8"}}, {"precision", {"fp32", "bf16"}}});
  ASSERT_EQ(points.size(), 4u);
  EXPECT_EQ(to_path(points[0]), "tokens=1/precision=fp32");
  EXPECT_EQ(to_path(points[1]), "tokens=1/precision=bf16");
  EXPECT_EQ(to_path(points[3]), "tokens=8/precision=bf16");
  EXPECT_EQ(value_of(points[2], "tokens"), "8");
  EXPECT_EQ(value_of(points[2], "missing"), "");
}

TEST(Sweep, EmptyAxisGivesNoPoints) {
  EXPECT_TRUE(cartesian_product({{"tokens", {}}}).empty());
  EXPECT_EQ(cartesian_product({}).size(), 1u);  // no axes: one point with no values
}

TEST(Sweep, ShardsPartitionThePoints) {
  const Shard a = parse_shard("0/3"), b = parse_shard("1/3"), c = parse_shard("2/3");
  for (size_t i = 0; i < 30; ++i)
    EXPECT_EQ(int(in_shard(a, i)) + int(in_shard(b, i)) + int(in_shard(c, i)), 1) << i;
}

TEST(Sweep, BadShardsAreRejected) {
  for (const char* bad : {"3/3", "-1/2", "1", "a/b", "1/0", "0/2/1", ""})
    EXPECT_THROW(parse_shard(bad), UserError) << bad;
}

TEST(Axis, OverridesParse) {
  const auto o = parse_axis_overrides({"tokens=1,8,64", "precision=bf16", "routing=zipf:1.2"});
  EXPECT_EQ(o.at("tokens"), (std::vector<std::string>{"1", "8", "64"}));
  EXPECT_EQ(o.at("precision"), (std::vector<std::string>{"bf16"}));
  EXPECT_EQ(o.at("routing"), (std::vector<std::string>{"zipf:1.2"}));
}

TEST(Axis, UnknownAxisListsTheValidOnes) {
  try {
    parse_axis_overrides({"batchsize=4"});
    FAIL() << "accepted an unknown axis";
  } catch (const UserError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("unknown axis 'batchsize'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("tokens"), std::string::npos) << msg;
    EXPECT_NE(msg.find("precision"), std::string::npos) << msg;
  }
}

TEST(Axis, BadValuesNameTheAxisAndValue) {
  for (const char* bad : {"tokens=0", "tokens=abc", "tokens=100000", "precision=fp64", "threads=-1",
                          "scale=2", "mode=warm", "group=64", "tokens=1,,2", "tokens", "=1"}) {
    try {
      parse_axis_overrides({bad});
      FAIL() << "accepted " << bad;
    } catch (const UserError& e) {
      EXPECT_NE(std::string(e.what()).find("axis"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace moebench
