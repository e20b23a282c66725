#include "core/timezone.hpp"

#include <date/tz.h>

namespace komek {

Result<LocalDateTime> local_time_in(std::string_view zone, Instant instant) {
  const date::time_zone* tz = nullptr;
  try {
    tz = date::locate_zone(std::string(zone));
  } catch (const std::runtime_error&) {
    return invalid("timezone.unknown", {{"value", std::string(zone.substr(0, 40))}});
  }
  const auto local = tz->to_local(instant);
  const auto day = date::floor<date::days>(local);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss hms{local - day};
  KOMEK_TRY(d, Date::make(static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
                      static_cast<int>(static_cast<unsigned>(ymd.day()))));
  return LocalDateTime{d, TimeOfDay{static_cast<int>(hms.hours().count()),
                                     static_cast<int>(hms.minutes().count())}};
}

Result<LocalDateTime> parse_local_or_instant(std::string_view text, std::string_view zone) {
  if (text.size() == 16) return LocalDateTime::parse(text);
  int offset_minutes = 0;
  std::string_view base = text.substr(0, 16);
  std::string_view suffix = text.size() > 16 ? text.substr(16) : std::string_view{};
  if (suffix == "Z") {
    offset_minutes = 0;
  } else if (suffix.size() == 6 && (suffix[0] == '+' || suffix[0] == '-') && suffix[3] == ':') {
    auto hm = TimeOfDay::parse(suffix.substr(1));
    if (!hm) return invalid("datetime.format", {{"value", std::string(text.substr(0, 40))}});
    offset_minutes = (suffix[0] == '-' ? -1 : 1) * hm->minutes();
  } else {
    return invalid("datetime.format", {{"value", std::string(text.substr(0, 40))}});
  }
  auto wall = LocalDateTime::parse(base);
  if (!wall) return invalid("datetime.format", {{"value", std::string(text.substr(0, 40))}});
  const auto utc = std::chrono::sys_seconds{
      std::chrono::seconds{static_cast<std::int64_t>(wall->date.days_since_epoch()) * 86400 +
                           (wall->time.minutes() - offset_minutes) * 60}};
  return local_time_in(zone, utc);
}

}  // namespace komek
