// A backend this build left out: registered anyway so that `moebench list` says why.
#pragma once

#include <memory>
#include <string>

#include "harness/core/error.h"
#include "harness/device/backend.h"

namespace moebench {

class UnbuiltBackend final : public Backend {
 public:
  UnbuiltBackend(std::string name, std::string reason)
      : name_(std::move(name)), reason_(std::move(reason)) {}
  std::string name() const override { return name_; }
  BackendStatus status() const override { return {false, reason_}; }
  nlohmann::json properties() const override {
    return {{"backend", name_}, {"available", false}, {"unavailable_reason", reason_}};
  }
  std::unique_ptr<Timer> make_timer() override { fail(); }
  void flush_cache() override { fail(); }
  size_t free_memory_bytes() const override { return 0; }

 private:
  [[noreturn]] void fail() const { throw UserError(name_ + " backend unavailable: " + reason_); }
  std::string name_, reason_;
};

}  // namespace moebench
