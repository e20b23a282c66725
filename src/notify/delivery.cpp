#include "notify/delivery.hpp"

#include <cstdio>

namespace komek::notify {

std::string iso_utc(Millis t) {
  const auto days = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{days};
  const std::chrono::hh_mm_ss hms{t - days};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()),
                static_cast<int>(hms.subseconds().count()));
  return buf;
}

Result<Millis> parse_iso_utc(std::string_view text) {
  // "YYYY-MM-DDTHH:MM:SS.mmmZ", exactly as iso_utc writes it.
  if (text.size() != 24 || text[10] != 'T' || text[19] != '.' || text[23] != 'Z')
    return invalid("notify.payload", {{"field", "instant"}});
  KOMEK_TRY(date, Date::parse(text.substr(0, 10)));
  auto num = [&](std::size_t at, std::size_t len, int max) -> int {
    int v = 0;
    for (std::size_t i = at; i < at + len; ++i) {
      if (text[i] < '0' || text[i] > '9') return -1;
      v = v * 10 + (text[i] - '0');
    }
    return v > max ? -1 : v;
  };
  const int h = num(11, 2, 23), m = num(14, 2, 59), s = num(17, 2, 60), ms = num(20, 3, 999);
  if (h < 0 || m < 0 || s < 0 || ms < 0 || text[13] != ':' || text[16] != ':')
    return invalid("notify.payload", {{"field", "instant"}});
  const std::chrono::sys_days day{std::chrono::days(date.days_since_epoch())};
  return Millis(day) + std::chrono::hours(h) + std::chrono::minutes(m) + std::chrono::seconds(s) +
         std::chrono::milliseconds(ms);
}

std::string_view sms_status_name(SmsStatus s) {
  switch (s) {
    case SmsStatus::kPending: return "pending";
    case SmsStatus::kSent: return "sent";
    case SmsStatus::kFailed: return "failed";
  }
  return "pending";
}

std::optional<SmsStatus> parse_sms_status(std::string_view s) {
  if (s == "pending") return SmsStatus::kPending;
  if (s == "sent") return SmsStatus::kSent;
  if (s == "failed") return SmsStatus::kFailed;
  return std::nullopt;
}

}  // namespace komek::notify
