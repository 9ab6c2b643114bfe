// Routing plans: which top_k distinct experts each token goes to, per distribution.
#include "suites/common/routing_plan.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>
#include <random>
#include <sstream>

#include "harness/core/error.h"
#include "harness/core/json_file.h"

namespace moebench {
namespace {

const char* kRoutingHelp = "valid: uniform, zipf:S (S > 0), collapse:N (N >= 1), trace:FILE";

double parse_number(std::string_view text, std::string_view whole) {
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value))
    throw UserError("bad routing '" + std::string(whole) + "': '" + std::string(text) +
                    "' is not a number (" + kRoutingHelp + ")");
  return value;
}

using Engine = std::mt19937_64;

// Draws k distinct experts, uniformly: a partial Fisher-Yates shuffle of a persistent
// permutation (any starting permutation gives a uniform k-subset).
void draw_uniform(std::vector<int32_t>& perm, int begin, int k, Engine& rng, int32_t* out) {
  const int n = int(perm.size());
  for (int i = 0; i < k; ++i) {
    std::uniform_int_distribution<int> pick(begin + i, n - 1);
    std::swap(perm[size_t(begin + i)], perm[size_t(pick(rng))]);
    out[i] = perm[size_t(begin + i)];
  }
}

// Zipf: expert ranking[r] has weight 1/(r+1)^S. k distinct draws, each proportional to the
// weights of the experts not yet drawn (sampling without replacement).
class ZipfSampler {
 public:
  ZipfSampler(int num_experts, double exponent, Engine& rng) : ranking_(size_t(num_experts)) {
    std::iota(ranking_.begin(), ranking_.end(), 0);
    std::shuffle(ranking_.begin(), ranking_.end(), rng);
    cumulative_.resize(size_t(num_experts));
    double sum = 0;
    for (int r = 0; r < num_experts; ++r) {
      weights_.push_back(1.0 / std::pow(double(r + 1), exponent));
      sum += weights_.back();
      cumulative_[size_t(r)] = sum;
    }
    chosen_.assign(size_t(num_experts), false);
  }

  void draw(int k, Engine& rng, int32_t* out) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    double taken = 0;  // weight of the ranks already drawn for this token
    std::vector<int> ranks;
    for (int i = 0; i < k; ++i) {
      int rank = -1;
      // Rejection from the full distribution is exact for the renormalised remainder; when
      // little weight remains, scan the remainder directly instead.
      for (int attempt = 0; attempt < 16 && rank < 0; ++attempt) {
        const double u = unit(rng) * cumulative_.back();
        int r =
            int(std::upper_bound(cumulative_.begin(), cumulative_.end(), u) - cumulative_.begin());
        r = std::min(r, int(cumulative_.size()) - 1);
        if (!chosen_[size_t(r)]) rank = r;
      }
      if (rank < 0) rank = scan_remaining(unit(rng) * (cumulative_.back() - taken));
      chosen_[size_t(rank)] = true;
      taken += weights_[size_t(rank)];
      ranks.push_back(rank);
      out[i] = ranking_[size_t(rank)];
    }
    for (int r : ranks) chosen_[size_t(r)] = false;
  }

 private:
  int scan_remaining(double u) const {
    int last = -1;
    for (size_t r = 0; r < weights_.size(); ++r) {
      if (chosen_[r]) continue;
      last = int(r);
      u -= weights_[r];
      if (u < 0) return int(r);
    }
    return last;  // rounding left u just above zero
  }

  std::vector<int32_t> ranking_;
  std::vector<double> weights_;
  std::vector<double> cumulative_;
  std::vector<bool> chosen_;
};

std::vector<std::vector<int32_t>> read_trace(const std::string& path, int num_experts, int top_k) {
  const nlohmann::json doc = read_json_file(path);
  const JsonFields f(doc, path);
  const nlohmann::json& rows = f.value("tokens");
  if (!rows.is_array() || rows.empty())
    f.fail("tokens", "must be a non-empty array of per-token expert id lists");
  std::vector<std::vector<int32_t>> trace;
  for (size_t t = 0; t < rows.size(); ++t) {
    const std::string where = path + ": tokens[" + std::to_string(t) + "]";
    const nlohmann::json& row = rows[t];
    if (!row.is_array() || row.size() < size_t(top_k))
      throw UserError(where + " must list at least top_k = " + std::to_string(top_k) +
                      " expert ids");
    std::vector<int32_t> ids;
    for (int i = 0; i < top_k; ++i) {  // a trace recorded with a larger k: its first top_k
      const nlohmann::json& id = row[size_t(i)];
      if (!id.is_number_integer() || id.get<int64_t>() < 0 || id.get<int64_t>() >= num_experts)
        throw UserError(where + ": " + id.dump() + " is not an expert id in [0, " +
                        std::to_string(num_experts) + ")");
      const auto e = int32_t(id.get<int64_t>());
      if (std::find(ids.begin(), ids.end(), e) != ids.end())
        throw UserError(where + ": expert " + std::to_string(e) + " appears twice");
      ids.push_back(e);
    }
    trace.push_back(std::move(ids));
  }
  return trace;
}

}  // namespace

std::string RoutingSpec::to_string() const {
  switch (kind) {
    case Kind::uniform:
      return "uniform";
    case Kind::zipf: {
      std::ostringstream s;
      s << "zipf:" << zipf_exponent;
      return s.str();
    }
    case Kind::collapse:
      return "collapse:" + std::to_string(hot_experts);
    case Kind::trace:
      return "trace:" + trace_path;
  }
  return "?";
}

RoutingSpec parse_routing(std::string_view text) {
  RoutingSpec spec;
  const size_t colon = text.find(':');
  const std::string_view name = text.substr(0, colon);
  const std::string_view arg = colon == std::string_view::npos ? "" : text.substr(colon + 1);
  const auto bad = [&](const std::string& why) {
    return UserError("bad routing '" + std::string(text) + "': " + why + " (" + kRoutingHelp + ")");
  };
  if (name == "uniform" && colon == std::string_view::npos) return spec;
  if (name == "zipf") {
    spec.kind = RoutingSpec::Kind::zipf;
    spec.zipf_exponent = parse_number(arg, text);
    if (!(spec.zipf_exponent > 0)) throw bad("the Zipf exponent must be positive");
    return spec;
  }
  if (name == "collapse") {
    spec.kind = RoutingSpec::Kind::collapse;
    const double n = parse_number(arg, text);
    if (n < 1 || n != std::floor(n) || n > 1e6)
      throw bad("the number of hot experts must be a whole number >= 1");
    spec.hot_experts = int(n);
    return spec;
  }
  if (name == "trace") {
    spec.kind = RoutingSpec::Kind::trace;
    if (arg.empty()) throw bad("trace needs a file");
    spec.trace_path = std::string(arg);
    return spec;
  }
  throw bad("unknown distribution");
}

std::vector<int32_t> plan_routing(const RoutingSpec& spec, int64_t tokens, int num_experts,
                                  int top_k, uint64_t seed) {
  if (num_experts < 1 || top_k < 1 || top_k > num_experts || tokens < 0)
    throw UserError("routing needs 1 <= top_k <= experts and tokens >= 0 (got experts " +
                    std::to_string(num_experts) + ", top_k " + std::to_string(top_k) + ", tokens " +
                    std::to_string(tokens) + ")");
  std::vector<int32_t> plan(size_t(tokens) * size_t(top_k));
  Engine rng(seed);
  std::vector<int32_t> perm(static_cast<size_t>(num_experts));
  std::iota(perm.begin(), perm.end(), 0);
  switch (spec.kind) {
    case RoutingSpec::Kind::uniform:
      for (int64_t t = 0; t < tokens; ++t)
        draw_uniform(perm, 0, top_k, rng, &plan[size_t(t * top_k)]);
      break;
    case RoutingSpec::Kind::zipf: {
      ZipfSampler zipf(num_experts, spec.zipf_exponent, rng);
      for (int64_t t = 0; t < tokens; ++t) zipf.draw(top_k, rng, &plan[size_t(t * top_k)]);
      break;
    }
    case RoutingSpec::Kind::collapse: {
      // Hot experts are 0..N-1 (N capped at E). With N >= k every choice is a hot expert
      // (k of the N, uniformly); otherwise all N hot ones, then k-N uniformly from the rest.
      const int hot = std::min(spec.hot_experts, num_experts);
      std::vector<int32_t> hot_perm(perm.begin(), perm.begin() + hot);
      for (int64_t t = 0; t < tokens; ++t) {
        int32_t* out = &plan[size_t(t * top_k)];
        if (hot >= top_k) {
          draw_uniform(hot_perm, 0, top_k, rng, out);
        } else {
          for (int i = 0; i < hot; ++i) out[i] = i;
          draw_uniform(perm, hot, top_k - hot, rng, out + hot);
        }
      }
      break;
    }
    case RoutingSpec::Kind::trace: {
      const auto trace = read_trace(spec.trace_path, num_experts, top_k);
      for (int64_t t = 0; t < tokens; ++t) {
        const auto& row = trace[size_t(t) % trace.size()];
        std::copy(row.begin(), row.end(), plan.begin() + t * top_k);
      }
      break;
    }
  }
  return plan;
}

std::vector<float> steering_from_plan(const std::vector<int32_t>& plan, int64_t tokens,
                                      int num_experts, int top_k) {
  if (plan.size() != size_t(tokens) * size_t(top_k))
    throw UserError("routing plan has " + std::to_string(plan.size()) + " entries, expected " +
                    std::to_string(tokens) + " tokens x top_k " + std::to_string(top_k));
  std::vector<float> steering(size_t(tokens) * size_t(num_experts), 0.0f);
  for (int64_t t = 0; t < tokens; ++t)
    for (int i = 0; i < top_k; ++i) {
      const int32_t e = plan[size_t(t * top_k + i)];
      if (e < 0 || e >= num_experts)
        throw UserError("routing plan names expert " + std::to_string(e) + " of " +
                        std::to_string(num_experts));
      steering[size_t(t * num_experts + e)] = kSteeringLogit;
    }
  return steering;
}

double expected_unique_experts(int num_experts, int top_k, int64_t tokens) {
  if (num_experts <= 0 || tokens <= 0) return 0;
  const double miss = std::clamp(1.0 - double(top_k) / double(num_experts), 0.0, 1.0);
  return num_experts * (1.0 - std::pow(miss, double(tokens)));
}

}  // namespace moebench
