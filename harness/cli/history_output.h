// Renders a HistoryReport as a terminal table, markdown or JSON.
#pragma once

#include <string>

#include "harness/analysis/history.h"

namespace moebench {

std::string render_history_table(const HistoryReport& report);
std::string render_history_markdown(const HistoryReport& report);
std::string render_history_json(const HistoryReport& report);

}  // namespace moebench
