// `moebench size --model M --precision P [--context N --batch B] [--hardware H]`: weights (with
// quantisation scales), KV cache, activations, and how many devices of each profile hold them.
#include <cstdio>

#include "harness/analysis/sizing.h"
#include "harness/cli/command.h"
#include "harness/core/error.h"

namespace moebench {
namespace {

class SizeCommand final : public Command {
 public:
  std::string name() const override { return "size"; }
  std::string description() const override {
    return "memory a model needs at a precision, context and batch, and the devices that hold it";
  }
  void configure(CLI::App& app) override {
    app.add_option("--model", model_, "model id (suites/models/<id>.json)")->required();
    app.add_option("--precision", precision_, "fp32, bf16, fp16, fp8, int8, int4")->required();
    app.add_option("--context", context_, "tokens of context per sequence")
        ->check(CLI::NonNegativeNumber);
    app.add_option("--batch", batch_, "concurrent sequences")->check(CLI::PositiveNumber);
    app.add_option("--group-size", group_, "int4 scale group size")->check(CLI::PositiveNumber);
    app.add_option("--hardware", hardware_, "only this hardware profile id");
  }
  int execute() override {
    const auto models = load_models(default_models_dir());
    const ModelConfig& m = find_model(models, model_);
    const auto p = parse_precision(precision_);
    if (!p)
      throw UserError(unknown_name_message("precision", precision_,
                                           {"fp32", "bf16", "fp16", "fp8", "int8", "int4"}));
    auto profiles = load_hardware_profiles(default_hardware_profiles_dir());
    if (!hardware_.empty()) profiles = {find_hardware_profile(profiles, hardware_)};
    const SizingResult s = size_model(m, *p, group_, context_, batch_, profiles);
    std::printf("%s (%s): %.2fB parameters, %.2fB active per token\n", m.name.c_str(), m.id.c_str(),
                s.params / 1e9, s.active_params / 1e9);
    std::printf("  weights      %10.2f GB  (%s, %.3f bits/weight incl. scales)\n",
                s.weight_bytes / 1e9, s.precision.c_str(), s.bits_per_weight);
    std::printf("  KV cache     %10.2f GB  (bf16, %s attention, %lld x %lld tokens)\n",
                s.kv_bytes / 1e9, m.attention.type.c_str(), (long long)s.batch,
                (long long)s.context);
    std::printf("  activations  %10.2f GB  (one layer's peak for batch x context tokens, bf16)\n",
                s.activation_bytes / 1e9);
    std::printf("  total        %10.2f GB  (%.2f GiB; no runtime or fragmentation overhead)\n",
                s.total_bytes() / 1e9, s.total_bytes() / double(1ull << 30));
    std::printf("\n  %-16s %10s %8s %8s %10s\n", "hardware", "memory", "weights", "total",
                "$/hour");
    for (const auto& f : s.fits)
      std::printf(
          "  %-16s %7.0f GiB %8d %8d %10s\n", f.profile_id.c_str(),
          f.memory_bytes / double(1ull << 30), f.devices_for_weights, f.devices_for_total,
          f.hourly_usd > 0 ? ("$" + std::to_string(f.hourly_usd).substr(0, 6)).c_str() : "-");
    std::printf("  (devices needed to hold the weights alone, and weights + KV + activations)\n");
    return 0;
  }

 private:
  std::string model_, precision_, hardware_;
  int64_t context_ = 4096, batch_ = 1;
  int group_ = 128;
};

MOEBENCH_REGISTER_COMMAND(SizeCommand);

}  // namespace
}  // namespace moebench
