// Money in Kazakhstan tenge, held as a signed 64-bit count of tiyn (1 ₸ = 100 tiyn).
// Never floating point: every division names its rounding.
//
//   Money line = *Money::parse("37 060");                    // 37 060,00 ₸
//   Money share = line.mul_ratio(70, 100, Rounding::kHalfUp).value();
//   std::string s = share.format(Lang::kKk);                  // "25 942,00 ₸"
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/lang.hpp"
#include "core/result.hpp"

namespace komek {

// How a value that falls between two representable amounts is resolved.
enum class Rounding {
  kHalfUp,    // nearest; halves away from zero (the usual bookkeeping rule)
  kHalfEven,  // nearest; halves to the even neighbour (banker's rounding)
  kDown,      // toward zero (truncate)
  kUp,        // away from zero
};

std::string_view rounding_name(Rounding r);
Result<Rounding> parse_rounding(std::string_view name);

// 128-bit intermediate for products of money and ratios (g++ and clang extension).
__extension__ typedef __int128 Int128;

// Divides n by d (d > 0) rounding as asked; exact integer arithmetic.
Int128 divide_rounded(Int128 n, Int128 d, Rounding mode);

class Money {
 public:
  static constexpr std::int64_t kTiynPerTenge = 100;

  constexpr Money() = default;
  static constexpr Money from_tiyn(std::int64_t tiyn) { return Money(tiyn); }
  // Whole tenge; fails when the amount does not fit.
  static Result<Money> from_tenge(std::int64_t tenge);

  // Accepts "1234567", "1234567.89", "1234567,89", "1 234 567,89" (space, no-break space or
  // narrow no-break space between groups of three), an optional leading '-', and an optional
  // trailing "₸". At most two decimals: a third would be a fraction of a tiyn.
  static Result<Money> parse(std::string_view text);

  [[nodiscard]] constexpr std::int64_t tiyn() const { return tiyn_; }
  [[nodiscard]] constexpr bool is_zero() const { return tiyn_ == 0; }
  [[nodiscard]] constexpr bool is_negative() const { return tiyn_ < 0; }
  [[nodiscard]] constexpr bool is_positive() const { return tiyn_ > 0; }

  // Checked arithmetic: overflow is an error value, never wrap-around.
  [[nodiscard]] Result<Money> plus(Money other) const;
  [[nodiscard]] Result<Money> minus(Money other) const;
  [[nodiscard]] Result<Money> times(std::int64_t factor) const;
  // this × numerator / denominator, rounded to a tiyn as asked (denominator > 0).
  [[nodiscard]] Result<Money> mul_ratio(std::int64_t numerator, std::int64_t denominator,
                                        Rounding mode) const;
  // Rounds to whole tenge as asked.
  [[nodiscard]] Money round_to_tenge(Rounding mode) const;

  // "1 234 567,89 ₸" for kk and ru; "1,234,567.89 ₸" for en.
  [[nodiscard]] std::string format(Lang lang) const;
  // "1234567.89": the plain decimal form used in files and JSON.
  [[nodiscard]] std::string decimal() const;

  friend constexpr auto operator<=>(Money, Money) = default;

 private:
  constexpr explicit Money(std::int64_t tiyn) : tiyn_(tiyn) {}
  std::int64_t tiyn_ = 0;
};

// Overflow-checked operators for code where overflow can only be a bug: they throw
// std::overflow_error, which the boundary turns into an internal error.
Money operator+(Money a, Money b);
Money operator-(Money a, Money b);

}  // namespace komek
