// An exact decimal multiplier: "1.5" АЕК, "70" percent, "0.35" of the median income.
// Kept as a fraction of integers so that money times a ratio is computed exactly and
// rounded once, as the caller names.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/money.hpp"
#include "core/result.hpp"

namespace komek {

class Ratio {
 public:
  constexpr Ratio() = default;
  static constexpr Ratio whole(std::int64_t n) { return Ratio(n, 1); }
  static constexpr Ratio percent(std::int64_t p) { return Ratio(p, 100); }
  // "1.5", "2", "0.35", "-1"; at most 6 decimals.
  static Result<Ratio> parse(std::string_view text);

  [[nodiscard]] constexpr std::int64_t numerator() const { return num_; }
  [[nodiscard]] constexpr std::int64_t denominator() const { return den_; }
  [[nodiscard]] Result<Money> of(Money m, Rounding mode) const { return m.mul_ratio(num_, den_, mode); }
  // Ratio as a percentage, e.g. 0.35 -> 35, and back: 70 (percent) -> 0.7.
  [[nodiscard]] Ratio times_hundred() const { return Ratio(num_ * 100, den_); }
  [[nodiscard]] Ratio percent_to_share() const { return Ratio(num_, den_ * 100); }
  [[nodiscard]] std::string decimal() const;  // shortest exact decimal form, e.g. "1.5"
  [[nodiscard]] bool is_whole() const { return num_ % den_ == 0; }
  friend bool operator==(const Ratio& a, const Ratio& b) {
    return static_cast<Int128>(a.num_) * b.den_ == static_cast<Int128>(b.num_) * a.den_;
  }
  friend bool operator<(const Ratio& a, const Ratio& b) {
    return static_cast<Int128>(a.num_) * b.den_ < static_cast<Int128>(b.num_) * a.den_;
  }

 private:
  constexpr Ratio(std::int64_t n, std::int64_t d) : num_(n), den_(d) {}
  std::int64_t num_ = 0;
  std::int64_t den_ = 1;
};

}  // namespace komek
