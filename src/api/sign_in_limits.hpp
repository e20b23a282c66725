// Limits checked before a password is hashed (issue 13 finding 5; RELIABILITY S5): a flood of
// sign-ins must cost the server little and never stall the rest of the API. None of these
// values is given by law; they are configuration, with defaults sized for a district office.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>

#include "core/result.hpp"

namespace komek::api {

struct SignInLimitsConfig {
  int attempts_per_address_per_minute = 30;  // one client address, any logins
  int attempts_per_second = 20;              // all addresses together
  int hashing_slots = 2;                     // argon2id checks at once: one per core here
  int hashing_waiters_max = 4;               // sign-ins queued for a slot; more get 429
  std::chrono::milliseconds hashing_wait{2000};
  std::size_t addresses_tracked_max = 10'000;  // memory bound of the per-address counters
};

class SignInLimits {
 public:
  explicit SignInLimits(SignInLimitsConfig config = {}) : config_(config) {}

  // Counts one attempt from `address` at `now`; refuses with kTooManyRequests (params:
  // seconds = how long to wait, what = "address" or "everyone") when over a limit.
  Result<void> admit(const std::string& address, std::chrono::sys_seconds now);

  // One of the bounded hashing slots, held while it lives; kTooManyRequests when all are
  // taken and the queue is full or the wait is over.
  class Slot {
   public:
    explicit Slot(SignInLimits* owner) : owner_(owner) {}
    Slot(Slot&& other) noexcept : owner_(other.owner_) { other.owner_ = nullptr; }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    Slot& operator=(Slot&&) = delete;
    ~Slot();

   private:
    SignInLimits* owner_;
  };
  Result<Slot> hashing_slot();

  // For tests and metrics: checks running now.
  int hashing_in_use();

 private:
  struct Window {
    std::chrono::sys_seconds start{};
    int count = 0;
  };
  void release();

  SignInLimitsConfig config_;
  std::mutex mutex_;
  std::map<std::string, Window> by_address_;
  Window everyone_;
  std::condition_variable slot_freed_;
  int in_use_ = 0;
  int waiting_ = 0;
};

}  // namespace komek::api
