#include "notify/worker.hpp"

#include <exception>

#include <spdlog/spdlog.h>

namespace komek::notify {

void Worker::start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { loop(); });
}

void Worker::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Worker::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  cv_.notify_all();
}

long Worker::passes() const {
  std::lock_guard lock(mutex_);
  return passes_;
}

void Worker::loop() {
  for (;;) {
    try {
      pass_();
    } catch (const std::exception& e) {
      // A failed pass (the database busy, a bug) must not end the server; the next pass retries.
      spdlog::error("notify: the dispatcher's pass failed: {}", e.what());
    }
    std::unique_lock lock(mutex_);
    ++passes_;
    cv_.wait_for(lock, interval_, [this] { return stopping_ || woken_; });
    woken_ = false;
    if (stopping_) return;
  }
}

}  // namespace komek::notify
