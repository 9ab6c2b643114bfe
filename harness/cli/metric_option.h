// `--metric`, shared by `moebench compare` and `moebench history` (harness/analysis/
// metric_selection.h): what is compared per benchmark, its time or a counter by name.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

namespace moebench {

inline CLI::Option* add_metric_option(CLI::App& app, std::string& metric) {
  return app
      .add_option("--metric", metric,
                  "What is compared: time, or a counter of the runs' counter pass by name, e.g. "
                  "Ir (instructions counted by callgrind: scripts/count-instructions; does not "
                  "move with machine noise, docs/regressions.md)")
      ->capture_default_str();
}

}  // namespace moebench
