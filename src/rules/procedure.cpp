#include "rules/procedure.hpp"

#include <algorithm>

#include "core/invariant.hpp"
#include "core/yaml_util.hpp"
#include "rules/period_yaml.hpp"

namespace komek::rules {
namespace {

using yaml::data_error;

Result<void> header(std::string_view origin, const YAML::Node& h, Titles& titles,
                    std::vector<std::string>& legal_basis) {
  KOMEK_CHECK(yaml::expect_map(origin, h, "the procedure header", {"id", "titles", "legal_basis"}));
  KOMEK_CHECK(yaml::string_at(origin, h, "id", "the procedure header"));
  KOMEK_TRY(t, parse_titles(origin, h, "the procedure"));
  titles = t;
  const YAML::Node basis = h["legal_basis"];
  if (!basis || !basis.IsSequence() || basis.size() == 0)
    return data_error(origin, h, "the procedure needs a non-empty 'legal_basis:' list");
  for (const auto& item : basis) {
    KOMEK_TRY(text, yaml::scalar_of(origin, item, "legal_basis"));
    legal_basis.push_back(text);
  }
  return {};
}

// Every period in PeriodId order; an id given twice or a period not given is refused.
Result<std::vector<ProceduralPeriod>> periods_of(std::string_view origin, const YAML::Node& root) {
  const YAML::Node list = root["periods"];
  if (!list || !list.IsSequence() || list.size() == 0)
    return data_error(origin, root, "the procedure needs a non-empty top-level 'periods:' list");
  std::vector<std::optional<ProceduralPeriod>> by_id(kPeriodIdCount);
  for (const auto& item : list) {
    KOMEK_TRY(p, parse_period(origin, item, PeriodPlace::kNational));
    auto& slot = by_id[static_cast<std::size_t>(*parse_period_id(p.id))];
    if (slot)
      return data_error(origin, item,
                        "period '" + p.id + "' is defined twice (first at " + slot->origin + ")");
    slot = std::move(p);
  }
  std::vector<ProceduralPeriod> out;
  out.reserve(kPeriodIdCount);
  for (std::size_t i = 0; i < kPeriodIdCount; ++i) {
    if (!by_id[i])
      return data_error(origin, list,
                        "the procedure does not define period '" +
                            std::string(period_id_name(static_cast<PeriodId>(i))) + "', which Komek counts");
    out.push_back(std::move(*by_id[i]));
  }
  return out;
}

}  // namespace

Result<Procedure> Procedure::parse(std::string_view yaml_text, std::string_view origin) {
  if (yaml_text.size() > kProcedureBytesMax)
    return invalid("file.too_large",
                   {{"file", std::string(origin)}, {"max", std::to_string(kProcedureBytesMax)}});
  KOMEK_TRY(root, yaml::load(yaml_text, origin));
  try {
    KOMEK_CHECK(yaml::expect_map(origin, root, "the procedure", {"procedure", "periods"}));
    if (!root["procedure"]) return data_error(origin, root, "the procedure needs its 'procedure:' header");
    Procedure out;
    out.file_ = std::string(origin);
    KOMEK_CHECK(header(origin, root["procedure"], out.titles_, out.legal_basis_));
    KOMEK_TRY(periods, periods_of(origin, root));
    out.periods_ = std::move(periods);
    return out;
  } catch (const YAML::Exception& e) {
    return invalid(
        "data.invalid",
        {{"file", std::string(origin)}, {"line", std::to_string(e.mark.line + 1)}, {"what", e.msg}});
  }
}

Result<Procedure> Procedure::load(const std::filesystem::path& file) {
  KOMEK_TRY(text, yaml::read_file(file.string(), kProcedureBytesMax));
  return parse(text, file.string());
}

const ProceduralPeriod& Procedure::period(PeriodId id, const Pack* pack) const {
  if (pack != nullptr)
    if (const ProceduralPeriod* own = pack->period_override(id)) return *own;
  // Loading refuses a procedure that leaves a period out, so only a Procedure that was never
  // loaded lacks one.
  KOMEK_INVARIANT(periods_.size() == kPeriodIdCount, "the national procedure is not loaded");
  return periods_[static_cast<std::size_t>(id)];
}

const DeadlineClass* Procedure::decision_period(const Pack& pack, const Programme& programme,
                                                std::string_view channel) {
  if (programme.deadline_classes.empty()) return nullptr;
  for (const auto& id : programme.deadline_classes) {
    const DeadlineClass* d = pack.deadline_class(id);
    if (d != nullptr && std::find(d->channels.begin(), d->channels.end(), channel) != d->channels.end())
      return d;
  }
  return pack.deadline_class(programme.deadline_classes.front());
}

}  // namespace komek::rules
