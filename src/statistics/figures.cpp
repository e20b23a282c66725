#include "statistics/figures.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "core/lang.hpp"
#include "core/messages.hpp"
#include "core/territory.hpp"
#include "core/text.hpp"

namespace komek::statistics {
namespace {

tl::unexpected<Error> field_error(const char* field, const char* key,
                                  std::vector<std::pair<std::string, std::string>> params = {}) {
  Error e(ErrorCode::kInvalidInput, key, std::move(params));
  e.field = field;
  return tl::unexpected(e);
}

// A day as people in Kazakhstan write it (dd.mm.yyyy), for messages.
std::string shown(Date d) {
  const std::string iso = d.iso();
  return iso.substr(8, 2) + "." + iso.substr(5, 2) + "." + iso.substr(0, 4);
}

bool known_series(std::string_view s) { return s == kSubsistenceMinimum || s == kMedianIncome || s == kPovertyLine; }

// A field with its surrounding spaces removed: spreadsheets pad cells.
std::string trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

// One CSV record from `text` at `pos` (RFC 4180: quoted fields may hold the separator, line
// breaks and doubled quotes). Returns false on an unterminated quote.
bool next_record(std::string_view text, std::size_t& pos, char separator, std::vector<std::string>& fields,
                 std::size_t& lines_used) {
  fields.clear();
  lines_used = 1;
  std::string current;
  bool quoted = false;
  bool was_quoted = false;
  while (pos < text.size()) {
    const char c = text[pos];
    if (quoted) {
      if (c == '"') {
        if (pos + 1 < text.size() && text[pos + 1] == '"') {
          current += '"';
          pos += 2;
          continue;
        }
        quoted = false;
        ++pos;
        continue;
      }
      if (c == '\n') ++lines_used;
      current += c;
      ++pos;
      continue;
    }
    if (c == '"' && trimmed(current).empty()) {
      quoted = true;
      was_quoted = true;
      current.clear();
      ++pos;
      continue;
    }
    if (c == separator) {
      fields.push_back(was_quoted ? current : trimmed(current));
      current.clear();
      was_quoted = false;
      ++pos;
      continue;
    }
    if (c == '\n') {
      ++pos;
      break;
    }
    current += c;
    ++pos;
  }
  if (quoted) return false;
  fields.push_back(was_quoted ? current : trimmed(current));
  return true;
}

// A line's error: the field's own message inside it, in each language (the reader's is
// chosen when it is shown: core/messages.hpp "name.kk").
tl::unexpected<Error> line_error(std::size_t line, const Error& why, const std::string& column) {
  Error e(ErrorCode::kInvalidInput, "statistics.csv_line", {{"line", std::to_string(line)}, {"column", column}});
  for (const Lang lang : {Lang::kKk, Lang::kRu, Lang::kEn})
    e.params.emplace_back(std::string("what.") + std::string(lang_code(lang)), render(why, lang));
  e.field = "csv";
  return tl::unexpected(e);
}

}  // namespace

Result<rules::RegionalFigure> check_figure(const FigureInput& in, Date today, const MoneyCeilings& ceilings) {
  rules::RegionalFigure f;
  if (!known_series(in.series)) return field_error("series", "statistics.unknown_series", {{"value", quote_for_message(in.series)}});
  f.series = in.series;

  const bool two_digits = in.region.size() == 2 && std::all_of(in.region.begin(), in.region.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!two_digits || find_region(std::stoi(in.region)) == nullptr)
    return field_error("region", "statistics.region", {{"value", quote_for_message(in.region)}});
  f.region = std::stoi(in.region);

  if (auto q = Quarter::parse(in.period)) {
    f.quarter = *q;
  } else if (auto m = Month::parse(in.period)) {
    if (f.series != kSubsistenceMinimum)
      return field_error("period", "statistics.month_not_allowed", {{"series", f.series}, {"value", quote_for_message(in.period)}});
    f.month = *m;
    f.quarter = Quarter::of(m->first_day());
  } else {
    return field_error("period", "statistics.period", {{"value", quote_for_message(in.period)}});
  }

  auto value = Money::parse(in.value);
  if (!value || !value->is_positive()) return field_error("value", "statistics.value", {{"value", quote_for_message(in.value)}});
  KOMEK_CHECK(ceilings.check(MoneyKind::kRegionalFigure, *value, "value"));
  f.value = *value;

  if (in.source.empty() || std::all_of(in.source.begin(), in.source.end(), [](char c) { return c == ' '; }))
    return field_error("source", "statistics.source_missing");
  if (!utf8_valid(in.source) || utf8_length(in.source) > kSourceCharsMax)
    return field_error("source", "statistics.source_too_long", {{"max", std::to_string(kSourceCharsMax)}});
  f.source = in.source;

  auto published = Date::parse(in.published_on);
  if (!published) return field_error("published_on", "statistics.published_on", {{"value", quote_for_message(in.published_on)}});
  if (today < *published)
    return field_error("published_on", "statistics.published_in_future", {{"date", shown(*published)}, {"today", shown(today)}});
  // A figure that describes a period cannot be known before the period began; a poverty line
  // is published ahead of the quarter it applies to.
  const Date period_start = f.month ? f.month->first_day() : f.quarter.first_day();
  if (f.series != kPovertyLine && *published < period_start)
    return field_error("published_on", "statistics.published_before_period",
                       {{"date", shown(*published)}, {"period", f.period()}});
  f.published_on = *published;

  f.demo = in.demo;
  if (f.demo && f.source.find(kDemoMark) == std::string::npos)
    return field_error("source", "statistics.demo_unmarked", {{"mark", std::string(kDemoMark)}});
  return f;
}

Result<std::vector<rules::RegionalFigure>> read_figures_csv(std::string_view text, Date today, const MoneyCeilings& ceilings) {
  if (text.size() > kImportBytesMax) return invalid("statistics.csv_too_large", {{"max", std::to_string(kImportBytesMax)}});
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (trimmed(text).empty()) return invalid("statistics.csv_empty");
  // The separator is the header's: a Russian-locale spreadsheet writes semicolons.
  const std::string_view header_line = text.substr(0, text.find('\n'));
  const char separator = header_line.find(';') != std::string_view::npos && header_line.find(',') == std::string_view::npos ? ';' : ',';

  std::size_t pos = 0;
  std::size_t line = 1;
  std::size_t used = 1;
  std::vector<std::string> fields;
  if (!next_record(text, pos, separator, fields, used)) return invalid("statistics.csv_quote", {{"line", "1"}});
  static const std::vector<std::string> kRequired = {"series", "region", "period", "value", "source", "published_on"};
  std::map<std::string, std::size_t> column;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const std::string name = trimmed(fields[i]);
    const bool known = name == "demo" || std::find(kRequired.begin(), kRequired.end(), name) != kRequired.end();
    if (!known || column.count(name)) {
      Error e(ErrorCode::kInvalidInput, "statistics.csv_header", {{"column", quote_for_message(name)}, {"expected", std::string(kCsvColumns)}});
      e.field = "csv";
      return tl::unexpected(e);
    }
    column[name] = i;
  }
  for (const auto& name : kRequired)
    if (!column.count(name)) {
      Error e(ErrorCode::kInvalidInput, "statistics.csv_header", {{"column", name}, {"expected", std::string(kCsvColumns)}});
      e.field = "csv";
      return tl::unexpected(e);
    }

  std::vector<rules::RegionalFigure> out;
  std::map<std::tuple<std::string, int, std::string>, std::size_t> first_line;
  line += used;
  while (pos < text.size()) {
    const std::size_t at = line;
    if (!next_record(text, pos, separator, fields, used)) return invalid("statistics.csv_quote", {{"line", std::to_string(at)}});
    line += used;
    if (fields.size() == 1 && fields[0].empty()) continue;  // a blank line
    if (out.size() >= kImportRowsMax) return invalid("statistics.csv_too_many", {{"max", std::to_string(kImportRowsMax)}});
    if (fields.size() != column.size())
      return invalid("statistics.csv_columns",
                     {{"line", std::to_string(at)}, {"expected", std::to_string(column.size())}, {"found", std::to_string(fields.size())}});
    FigureInput in{fields[column["series"]], fields[column["region"]], fields[column["period"]], fields[column["value"]],
                   fields[column["source"]], fields[column["published_on"]], false};
    if (column.count("demo")) {
      const std::string d = fields[column["demo"]];
      if (d == "true" || d == "yes" || d == "1") in.demo = true;
      else if (!(d.empty() || d == "false" || d == "no" || d == "0"))
        return line_error(at, Error(ErrorCode::kInvalidInput, "statistics.demo_flag", {{"value", quote_for_message(d)}}), "demo");
    }
    auto figure = check_figure(in, today, ceilings);
    if (!figure) return line_error(at, figure.error(), figure.error().field);
    const auto key = std::make_tuple(figure->series, figure->region, figure->period());
    if (auto seen = first_line.find(key); seen != first_line.end())
      return invalid("statistics.csv_duplicate", {{"line", std::to_string(at)}, {"first", std::to_string(seen->second)}});
    first_line[key] = at;
    out.push_back(std::move(*figure));
  }
  if (out.empty()) return invalid("statistics.csv_empty");
  return out;
}

nlohmann::json figure_json(const rules::RegionalFigure& f) {
  return {{"series", f.series},           {"region", f.region},
          {"period", f.period()},         {"value", f.value.decimal()},
          {"value_tiyn", f.value.tiyn()}, {"source", f.source},
          {"published_on", f.published_on.iso()}, {"demo", f.demo},
          {"entered_by", f.entered_by},   {"entered_at", f.entered_at}};
}

Result<rules::RegionalFigure> figure_from_json(const nlohmann::json& j) {
  if (!j.is_object()) return fail(ErrorCode::kInternal, "statistics.stored_record_broken");
  try {
    rules::RegionalFigure f;
    f.series = j.at("series").get<std::string>();
    f.region = j.at("region").get<int>();
    const std::string period = j.at("period").get<std::string>();
    if (auto q = Quarter::parse(period)) {
      f.quarter = *q;
    } else {
      auto m = Month::parse(period);
      if (!m) return fail(ErrorCode::kInternal, "statistics.stored_record_broken");
      f.month = *m;
      f.quarter = Quarter::of(m->first_day());
    }
    f.value = Money::from_tiyn(j.at("value_tiyn").get<std::int64_t>());
    f.source = j.at("source").get<std::string>();
    auto published = Date::parse(j.at("published_on").get<std::string>());
    if (!published) return fail(ErrorCode::kInternal, "statistics.stored_record_broken");
    f.published_on = *published;
    f.demo = j.at("demo").get<bool>();
    f.entered_by = j.value("entered_by", "");
    f.entered_at = j.value("entered_at", "");
    return f;
  } catch (const nlohmann::json::exception&) {
    return fail(ErrorCode::kInternal, "statistics.stored_record_broken");
  }
}

}  // namespace komek::statistics
