#include "reports/journals.hpp"

#include <nlohmann/json.hpp>

namespace komek::reports {
namespace {

using json = nlohmann::json;

std::string date_text(const std::optional<Date>& d) { return d ? d->iso() : std::string(); }

// The columns of 004 Appendix 3-1 that Komek keeps (issue 15 adds the additional agreement's).
const std::vector<std::string>& tsa_columns() {
  static const std::vector<std::string> kColumns = {
      "number", "registered_on", "applicant_iin", "applicant_name", "address", "sent_to_district_commission",
      "district_commission_conclusion", "sent_to_employment_commission", "employment_recommendations",
      "social_contract_number", "social_contract_date", "draft_decision_date", "tsa_type", "decision",
      "decision_date", "assignment_months", "assigned_total_tenge"};
  return kColumns;
}

const std::vector<std::string>& registration_columns() {
  static const std::vector<std::string> kColumns = {"number", "registered_on", "received_at", "channel", "pack",
                                                    "applicant_iin", "applicant_name", "state", "decision_due", "officer"};
  return kColumns;
}

std::vector<std::string> tsa_row(const cases::Case& c) {
  const json family = c.family_json.empty() ? json::object() : json::parse(c.family_json, nullptr, false);
  std::string type, decision, months, total;
  if (c.decision) {
    decision = c.decision->granted ? "assign" : "refuse";
    for (const auto& p : c.decision->programmes)
      if (p.programme == "tsa") {
        type = p.tsa_type;
        months = std::to_string(p.payments);
      }
    Money sum;
    for (const auto& p : c.decision->programmes)
      if (p.granted) sum = sum + p.amount_per_period;
    total = sum.decimal();
  }
  return {c.number,
          date_text(c.registered_on),
          c.applicant_iin,
          c.applicant_name,
          family.is_object() ? family.value("territory", "") : "",
          c.commission ? c.commission->sent_on.iso() : "",
          c.commission ? date_text(c.commission->concluded_on) : "",
          c.commission ? date_text(c.commission->concluded_on) : "",
          c.employment ? date_text(c.employment->recommendations_on) : "",
          c.employment ? c.employment->contract_number : "",
          c.employment ? date_text(c.employment->contract_signed_on) : "",
          c.employment ? date_text(c.employment->recommendations_on) : "",
          type,
          decision,
          c.decision ? c.decision->on.iso() : "",
          months,
          total};
}

std::vector<std::string> registration_row(const cases::Case& c) {
  const cases::Deadline* d = c.deadline("decision");
  return {c.number,
          date_text(c.registered_on),
          c.received_at,
          std::string(cases::channel_name(c.channel)),
          c.pack_id,
          c.applicant_iin,
          c.applicant_name,
          std::string(cases::state_name(c.state)),
          d ? d->due.iso() : "",
          c.officer};
}

}  // namespace

std::string_view journal_kind_name(JournalKind k) {
  switch (k) {
    case JournalKind::kRegistration: return "registration";
    case JournalKind::kPortal: return "portal";
    case JournalKind::kTsa: return "tsa";
  }
  return "registration";
}

Result<JournalKind> parse_journal_kind(std::string_view name) {
  for (auto k : {JournalKind::kRegistration, JournalKind::kPortal, JournalKind::kTsa})
    if (journal_kind_name(k) == name) return k;
  Error e(ErrorCode::kInvalidInput, "http.field_type", {{"expected", "registration, portal or tsa"}});
  e.field = "kind";
  return tl::unexpected(e);
}

Table journal_table(JournalKind kind, const std::vector<cases::Case>& list,
                    const std::function<bool(const cases::Case&)>& is_tsa) {
  Table t;
  t.columns = kind == JournalKind::kTsa ? tsa_columns() : registration_columns();
  for (const auto& c : list) {
    // A journal lists registered applications: no number, no line.
    if (c.number.empty()) continue;
    if (kind == JournalKind::kPortal && c.channel != cases::Channel::kPortal) continue;
    if (kind == JournalKind::kTsa && !is_tsa(c)) continue;
    t.rows.push_back(kind == JournalKind::kTsa ? tsa_row(c) : registration_row(c));
  }
  return t;
}

}  // namespace komek::reports
