#include "api/sign_in_limits.hpp"

namespace komek::api {
namespace {

Error too_many(const char* what, long long seconds) {
  return Error(ErrorCode::kTooManyRequests, "auth.too_many_attempts",
               {{"what", what}, {"seconds", std::to_string(std::max(1LL, seconds))}});
}

// Counts one event in a fixed window; false when the window already holds `limit`.
bool count_in(std::chrono::sys_seconds now, std::chrono::seconds length, int limit, int& count,
              std::chrono::sys_seconds& start) {
  if (now - start >= length) {
    start = now;
    count = 0;
  }
  if (count >= limit) return false;
  ++count;
  return true;
}

}  // namespace

Result<void> SignInLimits::admit(const std::string& address, std::chrono::sys_seconds now) {
  using std::chrono::seconds;
  const std::lock_guard lock(mutex_);
  if (!count_in(now, seconds(1), config_.attempts_per_second, everyone_.count, everyone_.start))
    return tl::unexpected(too_many("everyone", 1));
  if (by_address_.size() >= config_.addresses_tracked_max && !by_address_.contains(address)) {
    // Forget the windows that are over; if every one is current the table is full of
    // addresses seen within a minute, and a new one waits for room like a flood would.
    std::erase_if(by_address_, [&](const auto& entry) { return now - entry.second.start >= seconds(60); });
    if (by_address_.size() >= config_.addresses_tracked_max) return tl::unexpected(too_many("everyone", 60));
  }
  Window& w = by_address_[address];
  if (!count_in(now, seconds(60), config_.attempts_per_address_per_minute, w.count, w.start))
    return tl::unexpected(too_many("address", (w.start + seconds(60) - now).count()));
  return {};
}

Result<SignInLimits::Slot> SignInLimits::hashing_slot() {
  std::unique_lock lock(mutex_);
  if (in_use_ >= config_.hashing_slots) {
    if (waiting_ >= config_.hashing_waiters_max) return tl::unexpected(too_many("everyone", 1));
    ++waiting_;
    const bool got = slot_freed_.wait_for(lock, config_.hashing_wait, [&] { return in_use_ < config_.hashing_slots; });
    --waiting_;
    if (!got) return tl::unexpected(too_many("everyone", 1));
  }
  ++in_use_;
  return Slot(this);
}

int SignInLimits::hashing_in_use() {
  const std::lock_guard lock(mutex_);
  return in_use_;
}

void SignInLimits::release() {
  {
    const std::lock_guard lock(mutex_);
    --in_use_;
  }
  slot_freed_.notify_one();
}

SignInLimits::Slot::~Slot() {
  if (owner_ != nullptr) owner_->release();
}

}  // namespace komek::api
