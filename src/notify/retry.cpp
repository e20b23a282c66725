#include "notify/retry.hpp"

#include <algorithm>

namespace komek::notify {

std::chrono::milliseconds retry_delay(const RetryPolicy& policy, int failed_attempts, double jitter) {
  const std::int64_t cap = std::max<std::int64_t>(1, policy.max_delay.count());
  std::int64_t delay = std::max<std::int64_t>(1, policy.base.count());
  // Multiply step by step and stop at the cap: no power of the factor can overflow.
  for (int i = 1; i < failed_attempts && delay < cap; ++i) delay *= std::max(1, policy.factor);
  delay = std::min(delay, cap);
  const double j = std::clamp(jitter, 0.0, 0.999999);
  const auto half = delay / 2;
  const auto spread = static_cast<std::int64_t>(static_cast<double>(delay - half) * j);
  return std::chrono::milliseconds(std::max<std::int64_t>(1, half + spread));
}

}  // namespace komek::notify
