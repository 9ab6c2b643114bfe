// Formatting shared by compare and history output: human units, aligned terminal tables,
// markdown tables, and writing a report to a file or stdout.
#pragma once

#include <string>
#include <vector>

namespace moebench {

std::string format_seconds(double seconds);        // "812 ns", "1.23 ms", "2.5 s"
std::string format_signed_percent(double change);  // 0.053 -> "+5.3%"
std::string format_p_value(double p);              // "0.0003", "<1e-6"
std::string format_number(double value);           // 4 significant digits
std::string format_count(double value);            // 1.234e9 -> "1.234 G", 812 -> "812"

// Columns padded to their widest cell; `right_aligned[i]` for numeric columns.
std::string render_aligned_table(const std::vector<std::string>& header,
                                 const std::vector<std::vector<std::string>>& rows,
                                 const std::vector<bool>& right_aligned);
// GitHub-flavoured markdown table; '|' in cells is escaped.
std::string render_markdown_table(const std::vector<std::string>& header,
                                  const std::vector<std::vector<std::string>>& rows,
                                  const std::vector<bool>& right_aligned);

// Writes `text` to `path` (UserError when it cannot), or to stdout when `path` is empty.
void write_report(const std::string& text, const std::string& path);

}  // namespace moebench
