// Retries of SMS deliveries: bounded, exponential, with jitter given by the caller (domain code
// takes randomness as an argument, STYLE card 7). None of these numbers is set by law; they
// are configuration (`komek serve --sms-retry-base MS`), with defaults suited to a gateway
// that is down for minutes, not days.
//
//   RetryPolicy p;                                   // 2 s, ×2, at most 10 min, 8 attempts
//   retry_delay(p, 1, 0.0)   == 1 s                  // half of 2 s: the least jitter
//   retry_delay(p, 3, 0.999) ≈ 8 s                   // 2 s × 2² at the most jitter
#pragma once

#include <chrono>

namespace komek::notify {

struct RetryPolicy {
  std::chrono::milliseconds base{2000};          // the delay after the first failed attempt
  int factor = 2;                                // each further failure multiplies it
  std::chrono::milliseconds max_delay{600'000};  // the delay never grows past this
  int max_attempts = 8;                          // after this many failed attempts: failed
  std::chrono::milliseconds lease{60'000};       // a claimed message is retried after this if its sender died
};

// The delay before the next attempt after `failed_attempts` (≥ 1) failures: base × factor^(n−1),
// capped at max_delay, then scaled into [½, 1) of itself by `jitter` in [0, 1) ("equal
// jitter": retries of many messages spread out, yet none comes back at once).
std::chrono::milliseconds retry_delay(const RetryPolicy& policy, int failed_attempts, double jitter);

// Whether another attempt is allowed after `attempts` attempts.
inline bool may_retry(const RetryPolicy& policy, int attempts) { return attempts < policy.max_attempts; }

}  // namespace komek::notify
