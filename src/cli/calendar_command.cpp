// komek calendar is-working | add-working-days | working-days-between | register-date | days-off
#include <iostream>

#include "cli/cli.hpp"
#include "core/calendar.hpp"
#include "core/timezone.hpp"

namespace komek::cli {
namespace {

// Loads the calendar, or reports why not and returns nothing.
std::optional<WorkingCalendar> load_calendar(const GlobalOptions& options, int& exit_code) {
  auto cal = WorkingCalendar::load(options.rules() / "calendar" / "kz.yaml");
  if (!cal) {
    report_error(options, cal.error());
    exit_code = kExitFailure;  // a broken data file is not the caller's usage error
    return std::nullopt;
  }
  return std::move(*cal);
}

// Parses a date argument, naming the argument in the error.
std::optional<Date> date_argument(const GlobalOptions& options, const std::string& text,
                                  const char* name, int& exit_code) {
  auto d = Date::parse(text);
  if (!d) {
    exit_code = report_error(options, d.error().at_field(name));
    return std::nullopt;
  }
  return *d;
}

nlohmann::json day_json(const DayInfo& info, Lang lang) {
  nlohmann::json out{{"date", info.date.iso()},
                     {"working", info.working},
                     {"kind", std::string(day_kind_name(info.kind))},
                     {"verified", info.verified}};
  out["holiday"] = info.holiday_id.empty() || info.holiday_id == "order"
                       ? nlohmann::json(nullptr)
                       : nlohmann::json(info.name(lang));
  out["source"] = info.source.empty() ? nlohmann::json(nullptr) : nlohmann::json(info.source);
  return out;
}

}  // namespace

void add_calendar_commands(CLI::App& app, GlobalOptions& options, int& exit_code) {
  CLI::App* calendar = app.add_subcommand("calendar", "The working calendar of Kazakhstan");
  calendar->require_subcommand(1);

  {
    CLI::App* cmd = calendar->add_subcommand("is-working", "Is DATE a working day? (exit 0 yes, 1 no)");
    auto date_text = std::make_shared<std::string>();
    cmd->add_option("DATE", *date_text, "YYYY-MM-DD")->required();
    cmd->callback([&options, &exit_code, date_text] {
      auto date = date_argument(options, *date_text, "DATE", exit_code);
      if (!date) return;
      auto cal = load_calendar(options, exit_code);
      if (!cal) return;
      auto info = cal->describe(*date);
      if (!info) {
        exit_code = report_error(options, info.error().at_field("DATE"));
        return;
      }
      if (options.json) {
        print_json(day_json(*info, options.language()));
      } else {
        std::cout << (info->working ? "true" : "false") << "\n";
      }
      exit_code = info->working ? kExitOk : kExitNegative;
    });
  }
  {
    CLI::App* cmd = calendar->add_subcommand(
        "add-working-days", "The Nth working day after DATE (day 0 is DATE itself)");
    auto date_text = std::make_shared<std::string>();
    auto n = std::make_shared<int>(0);
    cmd->add_option("DATE", *date_text, "YYYY-MM-DD")->required();
    cmd->add_option("N", *n, "Working days to add (negative: count back)")->required()
        ->check(CLI::Range(-3660, 3660));
    cmd->callback([&options, &exit_code, date_text, n] {
      auto date = date_argument(options, *date_text, "DATE", exit_code);
      if (!date) return;
      auto cal = load_calendar(options, exit_code);
      if (!cal) return;
      auto result = cal->add_working_days(*date, *n);
      if (!result) {
        exit_code = report_error(options, result.error());
        return;
      }
      if (options.json)
        print_json({{"from", date->iso()}, {"working_days", *n}, {"date", result->iso()}});
      else
        std::cout << result->iso() << "\n";
    });
  }
  {
    CLI::App* cmd = calendar->add_subcommand(
        "working-days-between", "Working days in (FROM, TO]; negative when TO is before FROM");
    auto from_text = std::make_shared<std::string>();
    auto to_text = std::make_shared<std::string>();
    cmd->add_option("FROM", *from_text, "YYYY-MM-DD")->required();
    cmd->add_option("TO", *to_text, "YYYY-MM-DD")->required();
    cmd->callback([&options, &exit_code, from_text, to_text] {
      auto from = date_argument(options, *from_text, "FROM", exit_code);
      if (!from) return;
      auto to = date_argument(options, *to_text, "TO", exit_code);
      if (!to) return;
      auto cal = load_calendar(options, exit_code);
      if (!cal) return;
      auto count = cal->working_days_between(*from, *to);
      if (!count) {
        exit_code = report_error(options, count.error());
        return;
      }
      if (options.json)
        print_json({{"from", from->iso()}, {"to", to->iso()}, {"working_days", *count}});
      else
        std::cout << *count << "\n";
    });
  }
  {
    CLI::App* cmd = calendar->add_subcommand(
        "register-date",
        "The registration date of something received at a local time (Asia/Almaty); "
        "a Z or +HH:MM suffix gives an instant to convert");
    auto when = std::make_shared<std::string>();
    auto open = std::make_shared<std::string>("09:00");
    auto close = std::make_shared<std::string>("18:30");
    cmd->add_option("WHEN", *when, "YYYY-MM-DDTHH:MM[Z|+HH:MM]")->required();
    cmd->add_option("--open", *open, "Office opening time (HH:MM)")->capture_default_str();
    cmd->add_option("--close", *close, "Office closing time (HH:MM)")->capture_default_str();
    cmd->callback([&options, &exit_code, when, open, close] {
      auto received = parse_local_or_instant(*when, kAlmatyZone);
      if (!received) {
        exit_code = report_error(options, received.error().at_field("WHEN"));
        return;
      }
      OfficeHours hours;
      auto o = TimeOfDay::parse(*open);
      if (!o) {
        exit_code = report_error(options, o.error().at_field("--open"));
        return;
      }
      auto c = TimeOfDay::parse(*close);
      if (!c) {
        exit_code = report_error(options, c.error().at_field("--close"));
        return;
      }
      if (!(*o < *c)) {
        exit_code = report_error(options, Error(ErrorCode::kInvalidInput, "usage.invalid",
                                                {{"what", "--open must be before --close"}}));
        return;
      }
      hours.open = *o;
      hours.close = *c;
      auto cal = load_calendar(options, exit_code);
      if (!cal) return;
      auto reg = cal->registration_date(*received, hours);
      if (!reg) {
        exit_code = report_error(options, reg.error());
        return;
      }
      if (options.json)
        print_json({{"received_local", received->iso()},
                    {"registration_date", reg->date.iso()},
                    {"reason", reg->reason}});
      else
        std::cout << reg->date.iso() << "\n";
    });
  }
  {
    CLI::App* cmd = calendar->add_subcommand("days-off", "Holidays and moved days of YEAR, with their sources");
    auto year = std::make_shared<int>(0);
    cmd->add_option("YEAR", *year, "Year")->required()->check(CLI::Range(Date::kYearMin, Date::kYearMax));
    cmd->callback([&options, &exit_code, year] {
      auto cal = load_calendar(options, exit_code);
      if (!cal) return;
      auto days = cal->special_days(*year);
      if (!days) {
        exit_code = report_error(options, days.error());
        return;
      }
      if (options.json) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& d : *days) list.push_back(day_json(d, options.language()));
        print_json(list);
        return;
      }
      for (const auto& d : *days) {
        std::cout << d.date.iso() << "  " << (d.working ? "working" : "off    ") << "  "
                  << day_kind_name(d.kind);
        if (!d.name(options.language()).empty()) std::cout << "  " << d.name(options.language());
        if (!d.verified) std::cout << "  [unverified]";
        std::cout << "\n";
      }
    });
  }
}

}  // namespace komek::cli
