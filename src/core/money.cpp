#include "core/money.hpp"

#include <limits>
#include <stdexcept>

#include "core/invariant.hpp"

namespace komek {
namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

Result<Money> checked(Int128 value) {
  if (value > kMax || value < kMin) return invalid("money.overflow");
  return Money::from_tiyn(static_cast<std::int64_t>(value));
}

std::string echo(std::string_view text) { return std::string(text.substr(0, 40)); }

// Group separators people and spreadsheets put between thousands.
constexpr std::string_view kNbsp = "\xC2\xA0";          // U+00A0
constexpr std::string_view kNarrowNbsp = "\xE2\x80\xAF";  // U+202F
constexpr std::string_view kThinSpace = "\xE2\x80\x89";   // U+2009
constexpr std::string_view kTengeSign = "\xE2\x82\xB8";   // U+20B8 ₸

std::size_t separator_at(std::string_view text, std::size_t pos) {
  if (text.compare(pos, 1, " ") == 0) return 1;
  for (std::string_view sep : {kNbsp, kNarrowNbsp, kThinSpace})
    if (text.compare(pos, sep.size(), sep) == 0) return sep.size();
  return 0;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string group_digits(std::string digits, std::string_view separator) {
  std::string out;
  const std::size_t n = digits.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out += separator;
    out += digits[i];
  }
  return out;
}

}  // namespace

std::string_view rounding_name(Rounding r) {
  switch (r) {
    case Rounding::kHalfUp: return "half_up";
    case Rounding::kHalfEven: return "half_even";
    case Rounding::kDown: return "down";
    case Rounding::kUp: return "up";
  }
  return "?";
}

Result<Rounding> parse_rounding(std::string_view name) {
  for (Rounding r : {Rounding::kHalfUp, Rounding::kHalfEven, Rounding::kDown, Rounding::kUp})
    if (rounding_name(r) == name) return r;
  return invalid("rounding.unknown", {{"value", echo(name)}});
}

Int128 divide_rounded(Int128 n, Int128 d, Rounding mode) {
  KOMEK_INVARIANT(d > 0, "divisor must be positive");
  const bool negative = n < 0;
  const Int128 a = negative ? -n : n;
  Int128 q = a / d;
  const Int128 r = a % d;
  if (r != 0) {
    switch (mode) {
      case Rounding::kDown: break;
      case Rounding::kUp: ++q; break;
      case Rounding::kHalfUp:
        if (2 * r >= d) ++q;
        break;
      case Rounding::kHalfEven:
        if (2 * r > d || (2 * r == d && q % 2 == 1)) ++q;
        break;
    }
  }
  return negative ? -q : q;
}

Result<Money> Money::from_tenge(std::int64_t tenge) {
  return checked(static_cast<Int128>(tenge) * kTiynPerTenge);
}

Result<Money> Money::parse(std::string_view text) {
  std::string_view s = trim(text);
  if (s.size() >= kTengeSign.size() && s.substr(s.size() - kTengeSign.size()) == kTengeSign) {
    s.remove_suffix(kTengeSign.size());
    s = trim(s);
  }
  if (s.empty()) return invalid("money.empty");
  bool negative = false;
  if (s.front() == '-') {
    negative = true;
    s.remove_prefix(1);
  }

  Int128 whole = 0;
  std::size_t digits_in_group = 0;
  std::size_t groups = 0;  // how many separators were seen
  std::size_t total_digits = 0;
  std::size_t pos = 0;
  for (; pos < s.size(); ++pos) {
    const char c = s[pos];
    if (c >= '0' && c <= '9') {
      whole = whole * 10 + (c - '0');
      ++digits_in_group;
      ++total_digits;
      if (total_digits > 17) return invalid("money.overflow");
      continue;
    }
    if (c == '.' || c == ',') break;
    const std::size_t sep = separator_at(s, pos);
    if (sep == 0) return invalid("money.format", {{"value", echo(text)}});
    // Thousands separators stand between groups of exactly three digits.
    if (digits_in_group == 0 || (groups > 0 && digits_in_group != 3) ||
        (groups == 0 && digits_in_group > 3))
      return invalid("money.grouping", {{"value", echo(text)}});
    ++groups;
    digits_in_group = 0;
    pos += sep - 1;
  }
  if (total_digits == 0) return invalid("money.format", {{"value", echo(text)}});
  if (groups > 0 && digits_in_group != 3) return invalid("money.grouping", {{"value", echo(text)}});

  Int128 fraction = 0;
  if (pos < s.size()) {
    ++pos;  // the decimal separator
    const std::size_t fraction_digits = s.size() - pos;
    if (fraction_digits == 0) return invalid("money.format", {{"value", echo(text)}});
    for (std::size_t i = pos; i < s.size(); ++i)
      if (s[i] < '0' || s[i] > '9') return invalid("money.format", {{"value", echo(text)}});
    if (fraction_digits > 2) return invalid("money.too_many_decimals", {{"value", echo(text)}});
    for (; pos < s.size(); ++pos) fraction = fraction * 10 + (s[pos] - '0');
    if (fraction_digits == 1) fraction *= 10;
  }
  const Int128 tiyn = whole * kTiynPerTenge + fraction;
  return checked(negative ? -tiyn : tiyn);
}

Result<Money> Money::plus(Money other) const {
  return checked(static_cast<Int128>(tiyn_) + other.tiyn_);
}

Result<Money> Money::minus(Money other) const {
  return checked(static_cast<Int128>(tiyn_) - other.tiyn_);
}

Result<Money> Money::times(std::int64_t factor) const {
  return checked(static_cast<Int128>(tiyn_) * factor);
}

Result<Money> Money::mul_ratio(std::int64_t numerator, std::int64_t denominator,
                               Rounding mode) const {
  if (denominator <= 0) return invalid("money.bad_ratio");
  return checked(divide_rounded(static_cast<Int128>(tiyn_) * numerator, denominator, mode));
}

Money Money::round_to_tenge(Rounding mode) const {
  return Money(static_cast<std::int64_t>(divide_rounded(tiyn_, kTiynPerTenge, mode) * kTiynPerTenge));
}

std::string Money::decimal() const {
  const Int128 v = tiyn_;
  const Int128 a = v < 0 ? -v : v;
  const auto whole = static_cast<unsigned long long>(a / kTiynPerTenge);
  const auto frac = static_cast<unsigned>(a % kTiynPerTenge);
  std::string out = v < 0 ? "-" : "";
  out += std::to_string(whole);
  out += '.';
  out += static_cast<char>('0' + frac / 10);
  out += static_cast<char>('0' + frac % 10);
  return out;
}

std::string Money::format(Lang lang) const {
  const Int128 v = tiyn_;
  const Int128 a = v < 0 ? -v : v;
  const auto whole = static_cast<unsigned long long>(a / kTiynPerTenge);
  const auto frac = static_cast<unsigned>(a % kTiynPerTenge);
  const bool en = lang == Lang::kEn;
  std::string out = v < 0 ? "-" : "";
  out += group_digits(std::to_string(whole), en ? "," : " ");
  out += en ? '.' : ',';
  out += static_cast<char>('0' + frac / 10);
  out += static_cast<char>('0' + frac % 10);
  out += " ";
  out += kTengeSign;
  return out;
}

Money operator+(Money a, Money b) {
  auto r = a.plus(b);
  if (!r) throw std::overflow_error("money addition overflow");
  return *r;
}

Money operator-(Money a, Money b) {
  auto r = a.minus(b);
  if (!r) throw std::overflow_error("money subtraction overflow");
  return *r;
}

}  // namespace komek
