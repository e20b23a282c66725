#include "core/ratio.hpp"

#include <numeric>

namespace komek {

Result<Ratio> Ratio::parse(std::string_view text) {
  const std::string echo(text.substr(0, 40));
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && s.front() == '-') {
    negative = true;
    s.remove_prefix(1);
  }
  if (s.empty()) return invalid("ratio.format", {{"value", echo}});
  std::int64_t num = 0;
  std::int64_t den = 1;
  bool seen_point = false;
  std::size_t digits = 0;
  for (char c : s) {
    if (c == '.' && !seen_point) {
      seen_point = true;
      continue;
    }
    if (c < '0' || c > '9') return invalid("ratio.format", {{"value", echo}});
    if (++digits > 15) return invalid("ratio.format", {{"value", echo}});
    num = num * 10 + (c - '0');
    if (seen_point) {
      den *= 10;
      if (den > 1'000'000) return invalid("ratio.format", {{"value", echo}});
    }
  }
  if (digits == 0 || (seen_point && s.back() == '.')) return invalid("ratio.format", {{"value", echo}});
  const std::int64_t g = std::gcd(num, den);
  if (g > 1) {
    num /= g;
    den /= g;
  }
  return Ratio(negative ? -num : num, den);
}

std::string Ratio::decimal() const {
  // den_ divides a power of ten when parsed from decimal text; other ratios print as a/b.
  std::int64_t scale = 1;
  int places = 0;
  while (scale % den_ != 0 && places < 12) {
    scale *= 10;
    ++places;
  }
  if (scale % den_ != 0) return std::to_string(num_) + "/" + std::to_string(den_);
  const std::int64_t scaled = num_ * (scale / den_);
  const std::int64_t a = scaled < 0 ? -scaled : scaled;
  std::string out = scaled < 0 ? "-" : "";
  out += std::to_string(a / scale);
  if (places > 0) {
    std::string frac = std::to_string(a % scale);
    frac.insert(0, static_cast<std::size_t>(places) - frac.size(), '0');
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
    if (!frac.empty()) out += "." + frac;
  }
  return out;
}

}  // namespace komek
