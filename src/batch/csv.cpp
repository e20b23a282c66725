#include "batch/csv.hpp"

#include <charconv>
#include <cstdio>
#include <iterator>
#include <unordered_set>
#include <vector>

#include "core/territory.hpp"

namespace komek::batch {
namespace {

constexpr std::size_t kColumns = 7;
constexpr const char* kColumnNames[kColumns] = {"family", "territory", "birth_date", "sex",
                                                "relation", "statuses", "incomes"};
constexpr std::string_view kRelations[] = {"applicant", "spouse", "child", "parent", "other"};

tl::unexpected<Error> field_error(std::size_t line, std::string_view field, std::string_view value, std::string what) {
  Error e(ErrorCode::kInvalidInput, "batch.csv_field",
          {{"line", std::to_string(line)}, {"field", std::string(field)},
           {"value", std::string(value.substr(0, 80))}, {"what", std::move(what)}});
  e.field = std::string(field);
  return tl::unexpected(e);
}

// Splits on a separator; an empty text gives no parts.
std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  if (text.empty()) return parts;
  for (;;) {
    const auto at = text.find(separator);
    parts.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return parts;
    text.remove_prefix(at + 1);
  }
}

// A family's rows as they are read, checked when its last row has been seen.
struct OpenFamily {
  std::string id;
  std::size_t first_line = 0;
  std::uint32_t territory = 0;
  std::size_t members = 0;
  int applicants = 0;
};

}  // namespace

void write_csv(const Population& population, std::ostream& out) {
  const Columns& c = population.columns();
  const Dictionary& d = population.dictionary();
  out << kCsvHeader << '\n';
  std::string row;
  for (std::size_t f = 0; f < population.family_count(); ++f) {
    char territory[16];
    std::snprintf(territory, sizeof territory, "%09u", static_cast<unsigned>(c.family_territory[f]));
    const std::uint32_t first = c.family_first_person[f];
    for (std::uint32_t p = first; p < first + c.family_size[f]; ++p) {
      row = std::to_string(f);
      row += ',';
      row += territory;
      row += ',' + Date::from_days(c.person_birth_days[p]).iso();
      row += c.person_sex[p] == kSexFemale ? ",female," : ",male,";
      row += kRelations[c.person_relation[p]];
      row += ',';
      bool first_word = true;
      for (std::uint64_t bits = c.person_statuses[p]; bits != 0; bits &= bits - 1) {
        if (!first_word) row += '|';
        row += d.statuses[static_cast<std::size_t>(__builtin_ctzll(bits))];
        first_word = false;
      }
      row += ',';
      for (std::uint32_t i = c.person_income_begin[p]; i < c.person_income_begin[p + 1]; ++i) {
        if (i != c.person_income_begin[p]) row += '|';
        row += d.income_types[c.income_type[i]] + ':' + month_of_index(c.income_month[i]).iso() + ':' +
               Money::from_tiyn(c.income_amount_tiyn[i]).decimal();
      }
      row += '\n';
      out << row;
    }
  }
}

Result<Population> read_csv(std::string_view text, const Dictionary& dictionary, Date as_of) {
  PopulationBuilder builder(dictionary, as_of);
  std::unordered_set<std::string> closed_ids;
  OpenFamily open;
  bool any_family = false;

  const auto close = [&]() -> Result<void> {
    if (!any_family) return {};
    if (open.applicants != 1)
      return field_error(open.first_line, "relation", "", "family " + open.id + " has " +
                                                               std::to_string(open.applicants) + " applicants, not 1");
    closed_ids.insert(open.id);
    return {};
  };

  std::size_t line = 0;
  bool header_seen = false;
  while (!text.empty()) {
    const auto end = text.find('\n');
    std::string_view row = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++line;
    if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
    if (!header_seen) {
      if (row != kCsvHeader) return invalid("batch.csv_header", {{"expected", std::string(kCsvHeader)}});
      header_seen = true;
      continue;
    }
    if (row.empty() && text.empty()) break;  // the final newline
    const auto fields = split(row, ',');
    if (fields.size() != kColumns)
      return field_error(line, "row", row, "has " + std::to_string(fields.size()) + " fields, expected " +
                                               std::to_string(kColumns));

    // family
    const std::string_view id = fields[0];
    std::uint64_t id_number = 0;
    const auto [id_end, id_error] = std::from_chars(id.data(), id.data() + id.size(), id_number);
    if (id.empty() || id_error != std::errc() || id_end != id.data() + id.size())
      return field_error(line, kColumnNames[0], id, "must be a non-negative integer");
    // territory
    if (fields[1].size() != 9) return field_error(line, kColumnNames[1], fields[1], "must be a KATO code of 9 digits");
    auto kato = Kato::parse(fields[1]);
    if (!kato) return field_error(line, kColumnNames[1], fields[1], "is not a KATO code of a known region");
    const bool new_family = !any_family || id != open.id;
    if (new_family) {
      KOMEK_CHECK(close());
      if (closed_ids.count(std::string(id)) != 0)
        return field_error(line, kColumnNames[0], id, "family " + std::string(id) + " appeared earlier: keep its rows together");
      if (builder.family_count() >= kFamiliesMax) return field_error(line, kColumnNames[0], id, "too many families");
      open = OpenFamily{std::string(id), line, kato->value(), 0, 0};
      any_family = true;
      builder.begin_family(kato->value());
    } else if (kato->value() != open.territory) {
      return field_error(line, kColumnNames[1], fields[1], "differs from the territory of the family's first row");
    }
    if (open.members >= kFamilySizeMax)
      return field_error(line, kColumnNames[0], id, "a family has at most " + std::to_string(kFamilySizeMax) + " members");
    if (builder.person_count() >= kPersonsMax) return field_error(line, kColumnNames[0], id, "too many persons");
    // birth_date
    auto birth = Date::parse(fields[2]);
    if (!birth) return field_error(line, kColumnNames[2], fields[2], "must be a date YYYY-MM-DD");
    if (*birth > as_of) return field_error(line, kColumnNames[2], fields[2], "is after the as-of date " + as_of.iso());
    // sex
    std::uint8_t sex = kSexMale;
    if (fields[3] == "female") sex = kSexFemale;
    else if (fields[3] != "male") return field_error(line, kColumnNames[3], fields[3], "must be male or female");
    // relation
    std::size_t relation = std::size(kRelations);
    for (std::size_t r = 0; r < std::size(kRelations); ++r)
      if (fields[4] == kRelations[r]) relation = r;
    if (relation == std::size(kRelations))
      return field_error(line, kColumnNames[4], fields[4], "must be applicant, spouse, child, parent or other");
    if (relation == 0) ++open.applicants;
    // statuses
    std::uint64_t statuses = 0;
    for (std::string_view word : split(fields[5], '|')) {
      auto bit = dictionary.status_bit(word);
      if (!bit) return field_error(line, kColumnNames[5], word, "is not a status of the vocabulary");
      statuses |= std::uint64_t{1} << *bit;
    }
    // incomes: checked in full before the person is added, so the builder only sees good rows
    struct Parsed {
      std::uint8_t type;
      std::uint16_t month;
      std::int64_t tiyn;
    };
    std::vector<Parsed> incomes;
    for (std::string_view record : split(fields[6], '|')) {
      const auto parts = split(record, ':');
      if (parts.size() != 3) return field_error(line, kColumnNames[6], record, "must be type:YYYY-MM:amount");
      auto type = dictionary.income_type_id(parts[0]);
      if (!type) return field_error(line, kColumnNames[6], record, "'" + std::string(parts[0]) + "' is not an income type of the vocabulary");
      auto month = Month::parse(parts[1]);
      if (!month) return field_error(line, kColumnNames[6], record, "the month must be YYYY-MM");
      auto amount = Money::parse(parts[2]);
      if (!amount || amount->is_negative())
        return field_error(line, kColumnNames[6], record, "the amount must be a non-negative sum in tenge, e.g. 60000.00");
      if (incomes.size() >= rules::kIncomesPerMemberMax)
        return field_error(line, kColumnNames[6], record, "more than " + std::to_string(rules::kIncomesPerMemberMax) + " records");
      incomes.push_back({static_cast<std::uint8_t>(*type), month_index(*month), amount->tiyn()});
    }
    builder.add_person(birth->days_since_epoch(), sex, static_cast<std::uint8_t>(relation), statuses);
    ++open.members;
    for (const auto& inc : incomes) builder.add_income(inc.type, inc.month, inc.tiyn);
  }
  if (!header_seen) return invalid("batch.csv_header", {{"expected", std::string(kCsvHeader)}});
  KOMEK_CHECK(close());
  return std::move(builder).finish();
}

}  // namespace komek::batch
