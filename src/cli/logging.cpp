#include "cli/logging.hpp"

#include <cctype>
#include <memory>
#include <mutex>

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace komek::cli {
namespace {

class MaskingSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  MaskingSink() : inner_(std::make_shared<spdlog::sinks::stderr_sink_mt>()) {
    inner_->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %l %v");
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    const std::string masked = mask_iins(std::string(msg.payload.data(), msg.payload.size()));
    spdlog::details::log_msg copy(msg.time, msg.source, msg.logger_name, msg.level, masked);
    inner_->log(copy);
  }
  void flush_() override { inner_->flush(); }

 private:
  std::shared_ptr<spdlog::sinks::sink> inner_;
};

}  // namespace

std::string mask_iins(const std::string& text) {
  std::string out = text;
  std::size_t i = 0;
  while (i < out.size()) {
    if (!std::isdigit(static_cast<unsigned char>(out[i]))) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < out.size() && std::isdigit(static_cast<unsigned char>(out[j]))) ++j;
    if (j - i == 12)
      for (std::size_t k = i + 4; k < i + 10; ++k) out[k] = '*';
    i = j;
  }
  return out;
}

void install_logging() {
  auto logger = std::make_shared<spdlog::logger>("komek", std::make_shared<MaskingSink>());
  spdlog::set_default_logger(logger);
}

}  // namespace komek::cli
