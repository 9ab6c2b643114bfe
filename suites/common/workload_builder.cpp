#include "suites/common/workload_builder.h"

#include <thread>

#include "harness/core/error.h"
#include "suites/common/layer_data.h"
#include "suites/common/routing_plan.h"

namespace moebench {

AxisValues resolve_axes(const SuiteContext& context, AxisValues defaults) {
  if (!context.overrides) return defaults;
  for (auto& [name, values] : defaults) {
    const auto it = context.overrides->find(name);
    if (it != context.overrides->end()) values = it->second;
  }
  return defaults;
}

namespace {

double scale_factor(const SuiteContext& context, const Combination& combination) {
  const std::string& text = value_of(combination, "scale");
  if (text.empty() || text == "auto") return context.backend == "cpu" ? 0.25 : 1.0;
  return std::stod(text);
}

int int_axis(const Combination& combination, const std::string& axis, int fallback) {
  const std::string& text = value_of(combination, axis);
  return text.empty() ? fallback : std::stoi(text);
}

// Fields every workload of a combination shares.
Workload common_fields(const SuiteContext& context, const std::string& suite,
                       const Combination& combination) {
  Workload w;
  w.suite = suite;
  w.axes = combination;
  w.backend = context.backend;
  w.tokens = int_axis(combination, "tokens", 1);
  const std::string& precision = value_of(combination, "precision");
  w.precision = precision.empty() ? Precision::fp32 : *parse_precision(precision);
  w.int4_group_size = int_axis(combination, "group", 128);
  w.threads = int_axis(combination, "threads", context.default_threads);
  const std::string& mode = value_of(combination, "mode");
  // Decode streams weights that a real model would not find in cache: cold unless asked.
  w.cold = mode == "cold" || ((mode.empty() || mode == "auto") && w.tokens <= 64);
  w.group = to_path(combination);
  return w;
}

nlohmann::json shape_json(const FfnShape& s) { return {{"d_model", s.d_model}, {"d_ff", s.d_ff}}; }

nlohmann::json shape_json(const MoeShape& s) {
  return {{"d_model", s.d_model}, {"d_ff_expert", s.d_ff_expert}, {"num_experts", s.num_experts},
          {"top_k", s.top_k},     {"num_shared", s.num_shared},   {"d_ff_shared", s.d_ff_shared}};
}

Workload dense_from_shape(Workload w, const std::string& role, const FfnShape& shape,
                          uint64_t seed) {
  w.role = role;
  w.op = Op::dense_ffn;
  w.shape = shape_json(shape);
  w.data_bytes = dense_data_bytes(shape, w.tokens);
  const int64_t tokens = w.tokens;
  w.make_data = [shape, tokens, seed] {
    auto data = std::make_shared<WorkloadData>();
    data->dense = std::make_unique<DenseFfnData>(make_dense_data(shape, tokens, seed));
    return std::shared_ptr<const WorkloadData>(data);
  };
  const Precision p = w.precision;
  const int group = w.int4_group_size;
  w.analytic = [shape, tokens, p, group](const std::vector<int32_t>&) {
    return dense_ffn_counts(shape, tokens, p, group);
  };
  return w;
}

}  // namespace

std::vector<Workload> moe_workloads(const SuiteContext& context, const std::string& suite,
                                    const Combination& combination, bool with_partners,
                                    bool time_stages) {
  const ModelConfig& model = find_model(*context.models, value_of(combination, "model"));
  if (!model.is_moe())
    throw UserError("model '" + model.id + "' is dense; suite '" + suite +
                    "' needs an MoE model (see `moebench list`)");
  MoeShape shape = model.moe_shape();
  shape.num_experts = int_axis(combination, "experts", shape.num_experts);
  shape.top_k = int_axis(combination, "topk", shape.top_k);
  shape.num_shared = int_axis(combination, "shared", shape.num_shared);
  if (shape.num_shared > 0 && shape.d_ff_shared == 0) shape.d_ff_shared = shape.d_ff_expert;
  if (shape.top_k > shape.num_experts)
    throw UserError("top-k " + std::to_string(shape.top_k) + " exceeds the expert count " +
                    std::to_string(shape.num_experts) + " at " + to_path(combination));
  shape = scale_shape(shape, scale_factor(context, combination));

  Workload moe = common_fields(context, suite, combination);
  moe.role = "moe";
  moe.op = Op::moe_layer;
  moe.time_stages = time_stages;
  moe.shape = shape_json(shape);
  moe.data_bytes = moe_data_bytes(shape, moe.tokens);
  const RoutingSpec routing = parse_routing(
      value_of(combination, "routing").empty() ? "uniform" : value_of(combination, "routing"));
  const int64_t tokens = moe.tokens;
  const uint64_t seed = context.seed;
  moe.make_data = [shape, tokens, routing, seed] {
    const auto plan = plan_routing(routing, tokens, shape.num_experts, shape.top_k, seed);
    auto steering = steering_from_plan(plan, tokens, shape.num_experts, shape.top_k);
    auto data = std::make_shared<WorkloadData>();
    data->moe =
        std::make_unique<MoeLayerData>(make_moe_data(shape, tokens, std::move(steering), seed));
    return std::shared_ptr<const WorkloadData>(data);
  };
  const Precision p = moe.precision;
  const int group = moe.int4_group_size;
  moe.analytic = [shape, tokens, p, group](const std::vector<int32_t>& counts) {
    return moe_layer_counts(shape, tokens, p, group, counts);
  };

  std::vector<Workload> workloads = {moe};
  if (with_partners) {
    Workload base = common_fields(context, suite, combination);
    workloads.push_back(
        dense_from_shape(base, "dense_same_active", dense_same_active(shape), seed));
    workloads.push_back(dense_from_shape(base, "dense_same_total", dense_same_total(shape), seed));
  }
  return workloads;
}

std::vector<Workload> moe_sweep(const SuiteContext& context, const std::string& suite,
                                AxisValues defaults, bool with_partners, bool time_stages) {
  std::vector<Workload> workloads;
  for (const auto& combination : cartesian_product(resolve_axes(context, std::move(defaults))))
    for (auto& w : moe_workloads(context, suite, combination, with_partners, time_stages))
      workloads.push_back(std::move(w));
  return workloads;
}

Workload dense_workload(const SuiteContext& context, const std::string& suite,
                        const Combination& combination) {
  const ModelConfig& model = find_model(*context.models, value_of(combination, "model"));
  const FfnShape shape = scale_shape(model.dense_shape(), scale_factor(context, combination));
  return dense_from_shape(common_fields(context, suite, combination), "dense", shape, context.seed);
}

}  // namespace moebench
