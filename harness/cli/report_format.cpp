#include "harness/cli/report_format.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>

#include "harness/core/error.h"

namespace moebench {
namespace {

std::string printf_string(const char* format, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

std::string escape_markdown_cell(const std::string& cell) {
  std::string out;
  for (char c : cell) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

std::string format_seconds(double seconds) {
  const double magnitude = std::abs(seconds);
  if (magnitude < 1e-6) return printf_string("%.4g ns", seconds * 1e9);
  if (magnitude < 1e-3) return printf_string("%.4g us", seconds * 1e6);
  if (magnitude < 1) return printf_string("%.4g ms", seconds * 1e3);
  return printf_string("%.4g s", seconds);
}

std::string format_signed_percent(double change) { return printf_string("%+.1f%%", change * 100); }

std::string format_p_value(double p) {
  if (p < 1e-6) return "<1e-6";
  return printf_string(p < 0.001 ? "%.1e" : "%.4f", p);
}

std::string format_number(double value) { return printf_string("%.4g", value); }

std::string format_count(double value) {
  static constexpr const char* kPrefixes[] = {"", " k", " M", " G", " T", " P"};
  size_t prefix = 0;
  while (std::fabs(value) >= 1000 && prefix + 1 < std::size(kPrefixes)) {
    value /= 1000;
    ++prefix;
  }
  return printf_string("%.4g", value) + kPrefixes[prefix];
}

std::string render_aligned_table(const std::vector<std::string>& header,
                                 const std::vector<std::vector<std::string>>& rows,
                                 const std::vector<bool>& right_aligned) {
  std::vector<size_t> width(header.size(), 0);
  auto widen = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size() && i < width.size(); ++i)
      width[i] = std::max(width[i], row[i].size());
  };
  widen(header);
  for (const auto& row : rows) widen(row);
  auto line = [&](const std::vector<std::string>& row) {
    std::string out;
    for (size_t i = 0; i < width.size(); ++i) {
      const std::string cell = i < row.size() ? row[i] : "";
      const std::string pad(width[i] - cell.size(), ' ');
      const bool last = i + 1 == width.size();
      if (i < right_aligned.size() && right_aligned[i])
        out += pad + cell;
      else
        out += last ? cell : cell + pad;
      if (!last) out += "  ";
    }
    return out + "\n";
  };
  std::string out = line(header);
  size_t total = 0;
  for (size_t w : width) total += w + 2;
  out += std::string(total > 2 ? total - 2 : 0, '-') + "\n";
  for (const auto& row : rows) out += line(row);
  return out;
}

std::string render_markdown_table(const std::vector<std::string>& header,
                                  const std::vector<std::vector<std::string>>& rows,
                                  const std::vector<bool>& right_aligned) {
  auto line = [](const std::vector<std::string>& row) {
    std::string out = "|";
    for (const auto& cell : row) {
      out += ' ';
      out += escape_markdown_cell(cell);
      out += " |";
    }
    return out + "\n";
  };
  std::string out = line(header) + "|";
  for (size_t i = 0; i < header.size(); ++i)
    out += (i < right_aligned.size() && right_aligned[i]) ? "---:|" : "---|";
  out += "\n";
  for (const auto& row : rows) out += line(row);
  return out;
}

void write_report(const std::string& text, const std::string& path) {
  if (path.empty()) {
    std::cout << text << std::flush;
    return;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw UserError("cannot write the report to '" + path + "'");
  out << text;
  out.close();
  if (!out) throw UserError("writing the report to '" + path + "' failed");
}

}  // namespace moebench
