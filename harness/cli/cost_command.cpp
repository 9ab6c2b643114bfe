// `moebench cost`: $ per million tokens vs utilisation, from measured throughput (a results
// file) and a hardware profile's hourly price, and the seed's cost table (claim C20) checked
// by the throughput each of its cells implies; break-even utilisations.
#include <cstdio>

#include "harness/analysis/claims_ledger.h"
#include "harness/analysis/cost.h"
#include "harness/analysis/results_set.h"
#include "harness/analysis/sweeps.h"
#include "harness/cli/command.h"
#include "harness/core/error.h"
#include "harness/device/hardware_profile.h"
#include "suites/common/model_config.h"

namespace moebench {
namespace {

constexpr double kUtilizations[] = {0.1, 0.25, 0.4, 0.6, 0.9, 1.0};

void print_seed_table() {
  const ClaimsLedger ledger = load_claims_ledger(default_claims_file());
  const auto& f = ledger.find("C20").figures;
  std::printf("Seed 003's cost table (claim C20), the throughput each cell implies:\n");
  std::printf("  %-12s %-28s %-28s\n", "utilisation", "dense (1x H100 $3.39/h)",
              "MoE (2x MI300X $3.98/h)");
  const double dense_h = f.at("dense").at("hourly"), moe_h = f.at("moe").at("hourly");
  for (const auto& row : f.at("rows")) {
    const double u = row.at("utilization");
    std::printf("  %10.0f%%  $%5.2f/M -> %6.0f tok/s       $%5.2f/M -> %6.0f tok/s\n", 100 * u,
                row.at("dense").get<double>(), implied_tokens_per_s(dense_h, row.at("dense"), u),
                row.at("moe").get<double>(), implied_tokens_per_s(moe_h, row.at("moe"), u));
  }
  const auto& top = f.at("rows").at(0);
  const double ratio = top.at("moe").get<double>() / top.at("dense").get<double>();
  std::printf(
      "  break-even: the MoE at %.0f%% utilisation costs what the dense costs at %.0f%%\n\n",
      100 * ratio * top.at("utilization").get<double>(), 100 * top.at("utilization").get<double>());
}

class CostCommand final : public Command {
 public:
  std::string name() const override { return "cost"; }
  std::string description() const override {
    return "$ per million tokens vs utilisation from measured throughput and a profile's price; "
           "checks the seed's cost table";
  }
  void configure(CLI::App& app) override {
    app.add_option("--results", results_, "results file with moe suite records")
        ->check(CLI::ExistingFile);
    app.add_option("--hardware", hardware_, "hardware profile whose hourly price to use");
    app.add_option("--price", price_, "hourly price in USD per device (overrides the profile)")
        ->check(CLI::PositiveNumber);
    app.add_option("--devices", devices_, "devices the deployment rents")
        ->check(CLI::PositiveNumber);
    app.add_option("--model", model_,
                   "model whose MoE layer count turns per-layer throughput "
                   "into model throughput (default: the run's model)");
  }
  int execute() override {
    print_seed_table();
    if (results_.empty()) {
      std::printf("Give --results FILE (and --hardware or --price) to cost measured throughput.\n");
      return 0;
    }
    double hourly = price_;
    std::string price_from = "--price";
    if (hourly <= 0) {
      if (hardware_.empty())
        throw UserError("measured cost needs a price: --hardware <profile id> or --price <USD/h>");
      const auto profiles = load_hardware_profiles(default_hardware_profiles_dir());
      const HardwareProfile& hw = find_hardware_profile(profiles, hardware_);
      if (hw.price_per_hour_usd <= 0)
        throw UserError("profile " + hw.id + " has no price; use --price");
      hourly = hw.price_per_hour_usd;
      price_from = hw.id + " (" + hw.price_source + ")";
    }
    hourly *= devices_;
    const ResultsSet set = load_results({results_});
    const auto series = three_way_series(set, "moe");
    if (series.empty()) throw UserError(results_ + " has no moe suite records to cost");
    const auto models = load_models(default_models_dir());
    std::printf("Measured (%s), $%.2f/h for %d device(s) from %s.\n",
                set.hardware_summary().c_str(), hourly, devices_, price_from.c_str());
    std::printf("Throughput counts the FFN layers only (no attention), at the measured scale.\n");
    for (const auto& s : series) {
      const ThreeWayPoint& p = s.points.back();
      const std::string model_id = model_.empty() ? s.model : model_;
      int layers = 1;
      for (const auto& m : models)
        if (m.id == model_id) layers = m.num_moe_layers();
      std::printf("\n%s, batch %lld, %d MoE layers:\n  %-20s", s.label.c_str(), (long long)p.tokens,
                  layers, "utilisation");
      for (double u : kUtilizations) std::printf(" %8.0f%%", 100 * u);
      std::printf("\n");
      const std::pair<const char*, const Record*> roles[] = {
          {"moe", p.moe},
          {"dense_same_active", p.dense_same_active},
          {"dense_same_total", p.dense_same_total}};
      double moe_full = 0, active_full = 0;
      for (const auto& [role, rec] : roles) {
        if (!rec) continue;
        const double tps = 1.0 / (rec->time_per_token_s() * layers);
        std::printf("  %-20s", role);
        for (double u : kUtilizations)
          std::printf(" %9.4g", cost_per_million_tokens(hourly, tps, u));
        std::printf("   $/M (%.4g tok/s)\n", tps);
        if (rec == p.moe) moe_full = cost_per_million_tokens(hourly, tps, 1);
        if (rec == p.dense_same_active) active_full = cost_per_million_tokens(hourly, tps, 1);
      }
      if (moe_full > 0 && active_full > 0)
        std::printf(
            "  break-even: dense-same-active at full utilisation costs what the MoE costs at "
            "%.0f%%\n",
            100 * moe_full / active_full);
    }
    return 0;
  }

 private:
  std::string results_, hardware_, model_;
  double price_ = 0;
  int devices_ = 1;
};

MOEBENCH_REGISTER_COMMAND(CostCommand);

}  // namespace
}  // namespace moebench
