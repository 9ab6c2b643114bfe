// The CUPTI Profiler Host API for one chip: metric lists and properties, config images, pass
// counts and evaluation of counter data. Needs no GPU: a chip name ("GH100", "GA100") is enough,
// which is how the unit tests check metric names and pass counts on a machine without one.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

struct CUpti_Profiler_Host_Object;

namespace moebench {

class CuptiHost {
 public:
  // counter_availability: the image from cuptiProfilerGetCounterAvailability for a real device
  // (restricts the config to counters that device can collect now); empty for chip-only use.
  explicit CuptiHost(std::string chip, std::vector<uint8_t> counter_availability = {});
  ~CuptiHost();
  CuptiHost(const CuptiHost&) = delete;
  CuptiHost& operator=(const CuptiHost&) = delete;

  const std::string& chip() const { return chip_; }
  static std::vector<std::string> supported_chips();
  // Base metrics (no rollups) of every type: counters, ratios, throughputs.
  std::vector<std::string> base_metrics() const;
  std::string description(const std::string& base_metric) const;  // "" when unknown

  // Metrics (with rollups) this chip does not know; each is tried in a fresh host object.
  std::vector<std::string> invalid_metrics(const std::vector<std::string>& metrics) const;
  // Config image for the metrics (UserError naming the invalid ones).
  std::vector<uint8_t> config_image(const std::vector<std::string>& metrics) const;
  static size_t pass_count(const std::vector<uint8_t>& config_image);
  // Metric values of range `range_index` of a decoded counter data image.
  std::vector<double> evaluate(const std::vector<uint8_t>& counter_data, size_t range_index,
                               const std::vector<std::string>& metrics) const;

 private:
  CUpti_Profiler_Host_Object* create() const;
  static void destroy(CUpti_Profiler_Host_Object* object);

  std::string chip_;
  std::vector<uint8_t> counter_availability_;
  CUpti_Profiler_Host_Object* object_ = nullptr;
};

}  // namespace moebench
