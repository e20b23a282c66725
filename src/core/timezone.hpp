// Instants and the Asia/Almaty wall clock. Kazakhstan moved from UTC+6 to UTC+5 on
// 1 March 2024; date-tz with the system's tz database knows this.
#pragma once

#include <chrono>
#include <string_view>

#include "core/date.hpp"
#include "core/result.hpp"

namespace komek {

inline constexpr std::string_view kAlmatyZone = "Asia/Almaty";

using Instant = std::chrono::sys_seconds;

// The wall-clock time in a zone at an instant ("timezone.unknown" for a bad zone name).
Result<LocalDateTime> local_time_in(std::string_view zone, Instant instant);

// Reads "YYYY-MM-DDTHH:MM" as wall-clock time in `zone`, or, with a "Z" or "+HH:MM"/"-HH:MM"
// suffix, as an instant converted to `zone`.
Result<LocalDateTime> parse_local_or_instant(std::string_view text, std::string_view zone);

}  // namespace komek
