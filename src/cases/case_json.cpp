#include "cases/case_json.hpp"

#include "work/json_codec.hpp"

#include <nlohmann/json.hpp>

namespace komek::cases {
namespace {

using json = nlohmann::json;

json opt(const std::optional<Date>& d) { return d ? json(d->iso()) : json(nullptr); }
std::optional<Date> opt_date(const json& j, const char* key) {
  if (!j.contains(key) || j.at(key).is_null()) return std::nullopt;
  return Date::parse(j.at(key).get<std::string>()).value();
}
Date date(const json& j, const char* key) { return Date::parse(j.at(key).get<std::string>()).value(); }

json decision_json(const Decision& d) {
  json programmes = json::array();
  for (const auto& p : d.programmes)
    programmes.push_back({{"programme", p.programme}, {"granted", p.granted},
                          {"amount_per_payment_tiyn", p.amount_per_payment.tiyn()}, {"payments", p.payments},
                          {"amount_per_period_tiyn", p.amount_per_period.tiyn()},
                          {"period_from", opt(p.period_from)}, {"period_to", opt(p.period_to)},
                          {"tsa_type", p.tsa_type}, {"refusals", p.refusals}, {"cites", p.cites}});
  return {{"granted", d.granted}, {"on", d.on.iso()}, {"officer", d.officer}, {"form", d.form}, {"programmes", programmes}};
}

Decision decision_of(const json& d) {
  Decision x;
  x.granted = d.at("granted");
  x.on = date(d, "on");
  x.officer = d.at("officer");
  x.form = d.at("form");
  for (const auto& p : d.at("programmes")) {
    ProgrammeDecision pd;
    pd.programme = p.at("programme");
    pd.granted = p.at("granted");
    pd.amount_per_payment = Money::from_tiyn(p.at("amount_per_payment_tiyn").get<std::int64_t>());
    pd.payments = p.at("payments");
    pd.amount_per_period = Money::from_tiyn(p.at("amount_per_period_tiyn").get<std::int64_t>());
    pd.period_from = opt_date(p, "period_from");
    pd.period_to = opt_date(p, "period_to");
    pd.tsa_type = p.at("tsa_type");
    pd.refusals = p.at("refusals").get<std::vector<std::string>>();
    pd.cites = p.at("cites").get<std::vector<std::string>>();
    x.programmes.push_back(std::move(pd));
  }
  return x;
}

}  // namespace

json to_json(const Case& c) {
  json deadlines = json::array();
  for (const auto& d : c.deadlines)
    deadlines.push_back({{"step", d.step}, {"due", d.due.iso()}, {"cites", d.cites}, {"done", opt(d.done)}});
  json out = {{"id", c.id},
              {"number", c.number},
              {"channel", std::string(channel_name(c.channel))},
              {"pack", c.pack_id},
              {"programmes", c.programmes},
              {"territory", c.territory.code()},
              {"applicant_iin", c.applicant_iin},
              {"applicant_name", c.applicant_name},
              {"phone", c.phone},
              {"family", c.family_json.empty() ? json(nullptr) : json::parse(c.family_json)},
              {"received_at", c.received_at},
              {"registered_on", opt(c.registered_on)},
              {"officer", c.officer},
              {"state", std::string(state_name(c.state))},
              {"missing_documents", c.missing_documents},
              {"refusal_to_accept_reason", c.refusal_to_accept_reason},
              {"registry_taken_at", c.registry_taken_at ? json(*c.registry_taken_at) : json(nullptr)},
              {"registry_snapshot", c.registry_snapshot_json.empty() ? json(nullptr) : json::parse(c.registry_snapshot_json)},
              {"deadlines", deadlines},
              {"evaluation", c.evaluation_json.empty() ? json(nullptr) : json::parse(c.evaluation_json)},
              {"version", c.version}};
  if (c.commission)
    out["commission"] = {{"kind", c.commission->kind}, {"sent_on", c.commission->sent_on.iso()},
                         {"concluded_on", opt(c.commission->concluded_on)},
                         {"in_need", c.commission->in_need ? json(*c.commission->in_need) : json(nullptr)},
                         {"notes", c.commission->notes}};
  else
    out["commission"] = nullptr;
  if (c.query)
    out["written_query"] = {{"addressee", c.query->addressee}, {"subject", c.query->subject},
                            {"sent_on", c.query->sent_on.iso()}, {"applicant_notice_due", c.query->applicant_notice_due.iso()},
                            {"applicant_notified_on", opt(c.query->applicant_notified_on)},
                            {"answer_limit", c.query->answer_limit.iso()}, {"answered_on", opt(c.query->answered_on)}};
  else
    out["written_query"] = nullptr;
  if (c.employment)
    out["employment"] = {{"recommendations_on", opt(c.employment->recommendations_on)},
                         {"recommendations", c.employment->recommendations},
                         {"contract_number", c.employment->contract_number},
                         {"contract_signed_on", opt(c.employment->contract_signed_on)},
                         {"plan", c.employment->plan},
                         {"job_seekers", c.employment->job_seekers}};
  else
    out["employment"] = nullptr;
  if (c.hearing)
    out["hearing"] = {{"notified_on", c.hearing->notified_on.iso()}, {"decision_not_before", c.hearing->decision_not_before.iso()},
                      {"objection_due", c.hearing->objection_due.iso()}, {"grounds", c.hearing->grounds},
                      {"objection_on", opt(c.hearing->objection_on)}, {"objection", c.hearing->objection},
                      {"oral", c.hearing->oral}, {"protocol_on", opt(c.hearing->protocol_on)},
                      {"remarks_due", opt(c.hearing->remarks_due)}, {"remarks_on", opt(c.hearing->remarks_on)},
                      {"remarks", c.hearing->remarks}};
  else
    out["hearing"] = nullptr;
  out["decision"] = c.decision ? decision_json(*c.decision) : json(nullptr);
  json earlier = json::array();
  for (const auto& d : c.earlier_decisions) earlier.push_back(decision_json(d));
  out["earlier_decisions"] = earlier;
  return out;
}

Result<Case> case_from_json(const json& j) {
  try {
    Case c;
    c.id = j.at("id");
    c.number = j.at("number");
    c.channel = parse_channel(j.at("channel").get<std::string>()).value();
    c.pack_id = j.at("pack");
    c.programmes = j.at("programmes").get<std::vector<std::string>>();
    c.territory = Kato::parse(j.at("territory").get<std::string>()).value();
    c.applicant_iin = j.at("applicant_iin");
    c.applicant_name = j.at("applicant_name");
    c.phone = j.at("phone");
    c.family_json = j.at("family").is_null() ? "" : j.at("family").dump();
    c.received_at = j.at("received_at");
    c.registered_on = opt_date(j, "registered_on");
    c.officer = j.at("officer");
    const std::string state = j.at("state");
    bool found = false;
    for (int s = 0; s <= static_cast<int>(CaseState::kRefused); ++s)
      if (state_name(static_cast<CaseState>(s)) == state) {
        c.state = static_cast<CaseState>(s);
        found = true;
      }
    if (!found) return fail(ErrorCode::kInternal, "store.corrupt", {{"what", "state " + state}});
    c.missing_documents = j.at("missing_documents").get<std::vector<std::string>>();
    c.refusal_to_accept_reason = j.at("refusal_to_accept_reason");
    if (!j.at("registry_taken_at").is_null()) c.registry_taken_at = j.at("registry_taken_at").get<std::string>();
    if (j.contains("registry_snapshot") && !j.at("registry_snapshot").is_null())
      c.registry_snapshot_json = j.at("registry_snapshot").dump();
    for (const auto& d : j.at("deadlines"))
      c.deadlines.push_back({d.at("step"), date(d, "due"), d.at("cites"), opt_date(d, "done")});
    c.evaluation_json = j.at("evaluation").is_null() ? "" : j.at("evaluation").dump();
    c.version = j.at("version");
    if (const json& m = j.at("commission"); !m.is_null())
      c.commission = Commission{m.at("kind"), date(m, "sent_on"), opt_date(m, "concluded_on"),
                                m.at("in_need").is_null() ? std::nullopt : std::optional<bool>(m.at("in_need").get<bool>()),
                                m.at("notes")};
    if (const json& q = j.at("written_query"); !q.is_null())
      c.query = WrittenQuery{q.at("addressee"), q.at("subject"), date(q, "sent_on"), date(q, "applicant_notice_due"),
                             opt_date(q, "applicant_notified_on"), date(q, "answer_limit"), opt_date(q, "answered_on")};
    if (const json& e = j.at("employment"); !e.is_null()) {
      EmploymentMeasures m;
      m.recommendations_on = opt_date(e, "recommendations_on");
      m.recommendations = e.at("recommendations");
      m.contract_number = e.at("contract_number");
      m.contract_signed_on = opt_date(e, "contract_signed_on");
      m.plan = e.at("plan").get<std::vector<std::string>>();
      m.job_seekers = e.at("job_seekers").get<std::vector<std::string>>();
      c.employment = m;
    }
    if (const json& h = j.at("hearing"); !h.is_null()) {
      Hearing x;
      x.notified_on = date(h, "notified_on");
      x.decision_not_before = date(h, "decision_not_before");
      x.objection_due = date(h, "objection_due");
      x.grounds = h.at("grounds").get<std::vector<std::string>>();
      x.objection_on = opt_date(h, "objection_on");
      x.objection = h.at("objection");
      x.oral = h.at("oral");
      x.protocol_on = opt_date(h, "protocol_on");
      x.remarks_due = opt_date(h, "remarks_due");
      x.remarks_on = opt_date(h, "remarks_on");
      x.remarks = h.at("remarks");
      c.hearing = x;
    }
    if (const json& d = j.at("decision"); !d.is_null()) c.decision = decision_of(d);
    if (j.contains("earlier_decisions"))
      for (const auto& d : j.at("earlier_decisions")) c.earlier_decisions.push_back(decision_of(d));
    return c;
  } catch (const std::exception& e) {
    return fail(ErrorCode::kInternal, "store.corrupt", {{"what", e.what()}});
  }
}

std::string case_document(const Case& c) { return to_json(c).dump(); }

work::Codec<Case> case_codec() {
  return work::json_codec<Case>([](const Case& c) { return to_json(c); }, [](const nlohmann::json& j) { return case_from_json(j); });
}

}  // namespace komek::cases
