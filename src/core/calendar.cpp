#include "core/calendar.hpp"

#include <algorithm>
#include <map>

#include "core/yaml_util.hpp"

#include "core/invariant.hpp"

namespace komek {
namespace {

using yaml::data_error;
using yaml::unknown_key;

const std::vector<std::string_view> kTopKeys = {"name",    "timezone",         "years",
                                                "weekend", "sources",          "unverified_years",
                                                "holidays", "orders"};
const std::vector<std::string_view> kHolidayKeys = {"id",   "dates", "dates_by_year", "moves",
                                                    "from", "to",    "names",         "source"};
const std::vector<std::string_view> kOrderKeys = {"year", "source", "days_off", "working_days"};

}  // namespace

std::string_view day_kind_name(DayKind kind) {
  switch (kind) {
    case DayKind::kWorking: return "working";
    case DayKind::kWeekend: return "weekend";
    case DayKind::kHoliday: return "holiday";
    case DayKind::kFixedDayOff: return "fixed_day_off";
    case DayKind::kTransferredDayOff: return "transferred_day_off";
    case DayKind::kOrderDayOff: return "order_day_off";
    case DayKind::kOrderWorkingDay: return "order_working_day";
  }
  return "?";
}

Result<WorkingCalendar> WorkingCalendar::load(const std::filesystem::path& file) {
  KOMEK_TRY(text, yaml::read_file(file.string(), 1024 * 1024));
  return parse(text, file.string());
}

Result<WorkingCalendar> WorkingCalendar::parse(std::string_view yaml_text, std::string_view origin) {
  KOMEK_TRY(loaded, yaml::load(yaml_text, origin));
  const YAML::Node root = loaded;
  if (!root.IsMap()) return data_error(origin, root, "the calendar must be a mapping");
  if (auto key = unknown_key(root, kTopKeys)) return data_error(origin, root, "unknown key '" + *key + "'");

  WorkingCalendar cal;
  try {
    const YAML::Node years = root["years"];
    if (!years || !years.IsMap() || !years["from"] || !years["to"])
      return data_error(origin, root, "'years: {from, to}' is required");
    KOMEK_TRY(from, yaml::int_of(origin, years["from"], "years.from"));
    KOMEK_TRY(to, yaml::int_of(origin, years["to"], "years.to"));
    if (from < Date::kYearMin || to > Date::kYearMax || to < from || to - from > 100)
      return data_error(origin, years, "years must be an increasing range of at most 100 years");
    cal.first_year_ = from;
    cal.last_year_ = to;
    cal.timezone_ = root["timezone"] ? root["timezone"].as<std::string>() : "Asia/Almaty";
    if (const YAML::Node weekend = root["weekend"]) {
      // The weekend rule is the five-day week's; other weekends would need other code.
      if (!weekend.IsSequence() || weekend.size() != 2 ||
          weekend[0].as<std::string>() != "saturday" || weekend[1].as<std::string>() != "sunday")
        return data_error(origin, weekend, "weekend must be [saturday, sunday]");
    }
    if (const YAML::Node uy = root["unverified_years"]) {
      if (!uy.IsSequence()) return data_error(origin, uy, "unverified_years must be a list");
      for (const auto& y : uy) {
        KOMEK_TRY(year, yaml::int_of(origin, y, "unverified_years"));
        cal.unverified_years_.push_back(year);
      }
    }

    cal.first_day_ = Date::from_ymd(cal.first_year_, 1, 1);
    const Date end = Date::from_ymd(cal.last_year_, 12, 31);
    cal.days_.resize(static_cast<std::size_t>(end - cal.first_day_ + 1));
    cal.reasons_.push_back({});  // index 0: no reason
    for (std::size_t i = 0; i < cal.days_.size(); ++i) {
      const Date d = cal.first_day_.plus_days(static_cast<std::int32_t>(i));
      cal.days_[i].kind = d.is_weekend() ? DayKind::kWeekend : DayKind::kWorking;
    }

    // Holidays first; moving ones on a weekend are collected for the transfer rule.
    struct Moving {
      Date date;
      std::uint16_t reason;
    };
    std::vector<Moving> weekend_holidays;
    const YAML::Node holidays = root["holidays"];
    if (!holidays || !holidays.IsSequence()) return data_error(origin, root, "'holidays' list is required");
    for (const auto& h : holidays) {
      if (!h.IsMap()) return data_error(origin, h, "a holiday must be a mapping");
      if (auto key = unknown_key(h, kHolidayKeys)) return data_error(origin, h, "unknown key '" + *key + "' in a holiday");
      if (!h["id"] || !h["moves"]) return data_error(origin, h, "a holiday needs 'id' and 'moves'");
      const auto id = h["id"].as<std::string>();
      const bool moves = h["moves"].as<bool>();
      int valid_from = cal.first_year_;
      int valid_to = cal.last_year_;
      if (h["from"]) {
        KOMEK_TRY(v, yaml::int_of(origin, h["from"], "from"));
        valid_from = v;
      }
      if (h["to"]) {
        KOMEK_TRY(v, yaml::int_of(origin, h["to"], "to"));
        valid_to = v;
      }
      Reason reason{id, "", "", "", h["source"] ? h["source"].as<std::string>() : ""};
      if (reason.source.empty()) return data_error(origin, h, "holiday '" + id + "' cites no source");
      if (const YAML::Node names = h["names"]) {
        reason.name_kk = names["kk"] ? names["kk"].as<std::string>() : "";
        reason.name_ru = names["ru"] ? names["ru"].as<std::string>() : "";
        reason.name_en = names["en"] ? names["en"].as<std::string>() : "";
      }
      if (reason.name_kk.empty() || reason.name_ru.empty() || reason.name_en.empty())
        return data_error(origin, h, "holiday '" + id + "' needs names in kk, ru and en");
      cal.reasons_.push_back(reason);
      const auto reason_index = static_cast<std::uint16_t>(cal.reasons_.size() - 1);

      std::vector<std::pair<Date, YAML::Node>> dates;
      if (const YAML::Node md = h["dates"]) {
        if (!md.IsSequence()) return data_error(origin, md, "'dates' must be a list of \"MM-DD\"");
        for (const auto& item : md) {
          const auto text = item.as<std::string>();
          for (int y = std::max(valid_from, cal.first_year_); y <= std::min(valid_to, cal.last_year_); ++y) {
            auto d = Date::parse(std::to_string(y) + "-" + text);
            if (!d) return data_error(origin, item, "'" + text + "' is not a month-day \"MM-DD\"");
            dates.emplace_back(*d, item);
          }
        }
      } else if (const YAML::Node by_year = h["dates_by_year"]) {
        if (!by_year.IsMap()) return data_error(origin, by_year, "'dates_by_year' must map years to dates");
        for (const auto& kv : by_year) {
          auto d = Date::parse(kv.second.as<std::string>());
          if (!d) return data_error(origin, kv.second, "'" + kv.second.as<std::string>() + "' is not a date");
          if (std::to_string(d->year()) != kv.first.as<std::string>())
            return data_error(origin, kv.second, "date " + d->iso() + " is not in year " + kv.first.as<std::string>());
          if (d->year() >= cal.first_year_ && d->year() <= cal.last_year_) dates.emplace_back(*d, kv.second);
        }
        // A year of the calendar without this feast's date would silently count it as a
        // working day: refuse instead.
        for (int y = cal.first_year_; y <= cal.last_year_; ++y) {
          if (!by_year[std::to_string(y)])
            return data_error(origin, by_year, "holiday '" + id + "' has no date for " + std::to_string(y));
        }
      } else {
        return data_error(origin, h, "holiday '" + id + "' needs 'dates' or 'dates_by_year'");
      }
      for (const auto& [d, node] : dates) {
        (void)node;
        auto index = cal.index_of(d);
        KOMEK_INVARIANT(index.has_value(), "holiday dates are inside the calendar's years");
        Day& day = cal.days_[*index];
        // Two holidays on one date (Kurban Ait moves through the solar year) give one day
        // off; the law grants no extra day for the coincidence, so the first listed stands.
        if (day.kind == DayKind::kHoliday || day.kind == DayKind::kFixedDayOff) continue;
        if (moves && d.is_weekend()) weekend_holidays.push_back({d, reason_index});
        day.kind = moves ? DayKind::kHoliday : DayKind::kFixedDayOff;
        day.reason = reason_index;
      }
    }

    // The weekend-transfer rule: each moving holiday that falls on a Saturday or Sunday
    // gives the next weekday that is not already a day off.
    std::sort(weekend_holidays.begin(), weekend_holidays.end(),
              [](const Moving& a, const Moving& b) { return a.date < b.date; });
    for (const Moving& m : weekend_holidays) {
      for (Date d = m.date.plus_days(1); d.year() <= cal.last_year_; d = d.plus_days(1)) {
        Day& day = cal.days_[*cal.index_of(d)];
        if (day.kind != DayKind::kWorking) continue;
        day.kind = DayKind::kTransferredDayOff;
        Reason transferred = cal.reasons_[m.reason];
        transferred.source = std::string(root["sources"] && root["sources"]["transfer_rule"]
                                             ? root["sources"]["transfer_rule"].as<std::string>()
                                             : "weekend-transfer rule") +
                             " (" + m.date.iso() + ")";
        cal.reasons_.push_back(transferred);
        day.reason = static_cast<std::uint16_t>(cal.reasons_.size() - 1);
        break;
      }
    }

    // Orders last: they override both the weekend and the transfer rule.
    if (const YAML::Node orders = root["orders"]) {
      if (!orders.IsSequence()) return data_error(origin, orders, "'orders' must be a list");
      for (const auto& o : orders) {
        if (!o.IsMap()) return data_error(origin, o, "an order must be a mapping");
        if (auto key = unknown_key(o, kOrderKeys)) return data_error(origin, o, "unknown key '" + *key + "' in an order");
        if (!o["source"]) return data_error(origin, o, "an order cites no source");
        cal.reasons_.push_back({"order", "", "", "", o["source"].as<std::string>()});
        const auto reason_index = static_cast<std::uint16_t>(cal.reasons_.size() - 1);
        for (const char* list : {"days_off", "working_days"}) {
          const bool off = std::string_view(list) == "days_off";
          if (!o[list]) continue;
          if (!o[list].IsSequence()) return data_error(origin, o[list], std::string(list) + " must be a list of dates");
          for (const auto& item : o[list]) {
            auto d = Date::parse(item.as<std::string>());
            if (!d) return data_error(origin, item, "'" + item.as<std::string>() + "' is not a date");
            auto index = cal.index_of(*d);
            if (!index) return data_error(origin, item, d->iso() + " is outside the calendar's years");
            Day& day = cal.days_[*index];
            if (off && day.kind != DayKind::kWorking)
              return data_error(origin, item, d->iso() + " is already a day off");
            if (!off && day.kind != DayKind::kWeekend)
              return data_error(origin, item, d->iso() + " is not a weekend day");
            day.kind = off ? DayKind::kOrderDayOff : DayKind::kOrderWorkingDay;
            day.reason = reason_index;
          }
        }
      }
    }
  } catch (const YAML::Exception& e) {
    return invalid("data.invalid", {{"file", std::string(origin)},
                                    {"line", std::to_string(e.mark.line + 1)},
                                    {"what", e.msg}});
  }
  return cal;
}

Result<std::size_t> WorkingCalendar::index_of(Date d) const {
  if (days_.empty() || d < first_day_ ||
      static_cast<std::size_t>(d - first_day_) >= days_.size())
    return fail(ErrorCode::kInvalidInput, "calendar.out_of_range",
                {{"date", d.iso()},
                 {"first", std::to_string(first_year_)},
                 {"last", std::to_string(last_year_)}});
  return static_cast<std::size_t>(d - first_day_);
}

bool WorkingCalendar::working_at(std::size_t i) const {
  const DayKind k = days_[i].kind;
  return k == DayKind::kWorking || k == DayKind::kOrderWorkingDay;
}

Result<bool> WorkingCalendar::is_working(Date d) const {
  KOMEK_TRY(i, index_of(d));
  return working_at(i);
}

Result<DayInfo> WorkingCalendar::describe(Date d) const {
  KOMEK_TRY(i, index_of(d));
  const Day& day = days_[i];
  DayInfo info;
  info.date = d;
  info.kind = day.kind;
  info.working = working_at(i);
  const Reason& r = reasons_[day.reason];
  info.holiday_id = r.holiday_id;
  info.name_kk = r.name_kk;
  info.name_ru = r.name_ru;
  info.name_en = r.name_en;
  info.source = r.source;
  info.verified = std::find(unverified_years_.begin(), unverified_years_.end(), d.year()) ==
                  unverified_years_.end();
  return info;
}

Result<Date> WorkingCalendar::next_working_day(Date d) const {
  return add_working_days(d, 1);
}

Result<Date> WorkingCalendar::add_working_days(Date d, int n) const {
  KOMEK_TRY(start, index_of(d));
  if (n == 0) return d;
  const int step = n > 0 ? 1 : -1;
  int remaining = n > 0 ? n : -n;
  auto i = static_cast<std::int64_t>(start);
  const auto size = static_cast<std::int64_t>(days_.size());
  while (remaining > 0) {
    i += step;
    if (i < 0 || i >= size)
      return fail(ErrorCode::kInvalidInput, "calendar.out_of_range",
                  {{"date", d.iso()},
                   {"first", std::to_string(first_year_)},
                   {"last", std::to_string(last_year_)}});
    if (working_at(static_cast<std::size_t>(i))) --remaining;
  }
  return first_day_.plus_days(static_cast<std::int32_t>(i));
}

Result<int> WorkingCalendar::working_days_between(Date from, Date to) const {
  KOMEK_TRY(a, index_of(from));
  KOMEK_TRY(b, index_of(to));
  const bool backwards = to < from;
  const std::size_t lo = backwards ? b : a;
  const std::size_t hi = backwards ? a : b;
  int count = 0;
  for (std::size_t i = lo + 1; i <= hi; ++i)
    if (working_at(i)) ++count;
  return backwards ? -count : count;
}

Result<Registration> WorkingCalendar::registration_date(LocalDateTime received,
                                                        const OfficeHours& hours) const {
  KOMEK_TRY(working, is_working(received.date));
  if (working && received.time < hours.close) {
    return Registration{received.date, received.time < hours.open ? "before_office_hours"
                                                                  : "within_office_hours"};
  }
  KOMEK_TRY(next, next_working_day(received.date));
  return Registration{next, working ? "after_office_hours" : "day_off"};
}

Result<std::vector<DayInfo>> WorkingCalendar::special_days(int year) const {
  if (year < first_year_ || year > last_year_)
    return fail(ErrorCode::kInvalidInput, "calendar.out_of_range",
                {{"date", std::to_string(year)},
                 {"first", std::to_string(first_year_)},
                 {"last", std::to_string(last_year_)}});
  std::vector<DayInfo> out;
  for (Date d = Date::from_ymd(year, 1, 1); d.year() == year; d = d.plus_days(1)) {
    auto info = describe(d);
    if (info->kind != DayKind::kWorking && info->kind != DayKind::kWeekend) out.push_back(*info);
  }
  return out;
}

}  // namespace komek
