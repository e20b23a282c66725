#include "cases/assignment_json.hpp"

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
Month month(const json& j, const char* key) { return Month::parse(j.at(key).get<std::string>()).value(); }
Money money(const json& j, const char* key) { return Money::from_tiyn(j.at(key).get<std::int64_t>()); }

json answer_json(const std::optional<ComplaintAnswer>& a) {
  if (!a) return nullptr;
  return {{"on", a->on.iso()}, {"outcome", std::string(complaint_outcome_name(a->outcome))}, {"reasons", a->reasons}, {"by", a->by}};
}
std::optional<ComplaintAnswer> answer_of(const json& j) {
  if (j.is_null()) return std::nullopt;
  ComplaintAnswer a;
  a.on = date(j, "on");
  a.outcome = parse_complaint_outcome(j.at("outcome").get<std::string>()).value();
  a.reasons = j.at("reasons");
  a.by = j.at("by");
  return a;
}

}  // namespace

json to_json(const Assignment& a) {
  json changes = json::array();
  for (const auto& c : a.changes)
    changes.push_back({{"from", c.from.iso()}, {"amount_tiyn", c.amount.tiyn()}, {"decided_on", c.decided_on.iso()},
                       {"reason", c.reason}, {"cites", c.cites}, {"officer", c.officer}});
  json suspensions = json::array();
  for (const auto& s : a.suspensions)
    suspensions.push_back({{"from", s.from.iso()}, {"to", opt(s.to)}, {"reason", s.reason}, {"repay", s.repay}, {"officer", s.officer}});
  json termination = nullptr;
  if (a.termination) {
    const Termination& t = *a.termination;
    termination = {{"ground", t.ground}, {"event_on", t.event_on.iso()}, {"decided_on", t.decided_on.iso()},
                   {"payment_stops", t.payment_stops.iso()}, {"source", t.source}, {"reported_on", opt(t.reported_on)},
                   {"report_due", opt(t.report_due)}, {"reported_late", t.reported_late}, {"cites", t.cites},
                   {"officer", t.officer}};
  }
  json sched = json::array();
  for (const auto& p : schedule(a)) sched.push_back({{"month", p.month.iso()}, {"amount_tiyn", p.amount.tiyn()}});
  return {{"id", a.id},
          {"case_id", a.case_id},
          {"case_number", a.case_number},
          {"list_id", a.list_id},
          {"pack", a.pack_id},
          {"programme", a.programme},
          {"recipient_iin", a.recipient_iin},
          {"recipient_name", a.recipient_name},
          {"phone", a.phone},
          {"territory", a.territory.code()},
          {"frequency", std::string(frequency_name(a.frequency))},
          {"period_from", a.period_from.iso()},
          {"period_to", a.period_to.iso()},
          {"payment_date", opt(a.payment_date)},
          {"amount_tiyn", a.amount.tiyn()},
          {"payments", a.payments},
          {"payment_organisation", a.payment_organisation},
          {"account", a.account},
          {"assigned_on", a.assigned_on.iso()},
          {"cites", a.cites},
          {"changes", changes},
          {"suspensions", suspensions},
          {"termination", termination},
          {"status", std::string(assignment_status_name(a.status))},
          {"schedule", sched},
          {"total_due_tiyn", total_due(a).tiyn()},
          {"version", a.version}};
}

Result<Assignment> assignment_from_json(const json& j) {
  try {
    Assignment a;
    a.id = j.at("id");
    a.case_id = j.at("case_id");
    a.case_number = j.at("case_number");
    a.list_id = j.at("list_id");
    a.pack_id = j.at("pack");
    a.programme = j.at("programme");
    a.recipient_iin = j.at("recipient_iin");
    a.recipient_name = j.at("recipient_name");
    a.phone = j.at("phone");
    a.territory = Kato::parse(j.at("territory").get<std::string>()).value();
    a.frequency = parse_frequency(j.at("frequency").get<std::string>()).value();
    a.period_from = date(j, "period_from");
    a.period_to = date(j, "period_to");
    a.payment_date = opt_date(j, "payment_date");
    a.amount = money(j, "amount_tiyn");
    a.payments = j.at("payments");
    a.payment_organisation = j.at("payment_organisation");
    a.account = j.at("account");
    a.assigned_on = date(j, "assigned_on");
    a.cites = j.at("cites");
    for (const auto& c : j.at("changes"))
      a.changes.push_back({month(c, "from"), money(c, "amount_tiyn"), date(c, "decided_on"), c.at("reason"), c.at("cites"), c.at("officer")});
    for (const auto& s : j.at("suspensions"))
      a.suspensions.push_back({date(s, "from"), opt_date(s, "to"), s.at("reason"), s.at("repay"), s.at("officer")});
    if (const json& t = j.at("termination"); !t.is_null()) {
      Termination x;
      x.ground = t.at("ground");
      x.event_on = date(t, "event_on");
      x.decided_on = date(t, "decided_on");
      x.payment_stops = date(t, "payment_stops");
      x.source = t.at("source");
      x.reported_on = opt_date(t, "reported_on");
      x.report_due = opt_date(t, "report_due");
      x.reported_late = t.at("reported_late");
      x.cites = t.at("cites");
      x.officer = t.at("officer");
      a.termination = x;
    }
    a.status = parse_assignment_status(j.at("status").get<std::string>()).value();
    a.version = j.at("version");
    return a;
  } catch (const std::exception& e) {
    return fail(ErrorCode::kInternal, "store.corrupt", {{"what", e.what()}});
  }
}

json to_json(const Complaint& k) {
  return {{"id", k.id},
          {"case_id", k.case_id},
          {"case_number", k.case_number},
          {"complainant_iin", k.complainant_iin},
          {"complainant_name", k.complainant_name},
          {"against", k.against},
          {"employee", k.employee},
          {"channel", k.channel},
          {"text", k.text},
          {"received_on", k.received_on.iso()},
          {"answer_due", k.answer_due.iso()},
          {"forward_due", k.forward_due.iso()},
          {"answer", answer_json(k.answer)},
          {"forwarded_on", opt(k.forwarded_on)},
          {"reviewing_body", k.reviewing_body},
          {"review_due", opt(k.review_due)},
          {"review", answer_json(k.review)},
          {"decision_set_aside", k.decision_set_aside},
          {"state", std::string(complaint_state_name(k.state))},
          {"version", k.version}};
}

Result<Complaint> complaint_from_json(const json& j) {
  try {
    Complaint k;
    k.id = j.at("id");
    k.case_id = j.at("case_id");
    k.case_number = j.at("case_number");
    k.complainant_iin = j.at("complainant_iin");
    k.complainant_name = j.at("complainant_name");
    k.against = j.at("against");
    k.employee = j.at("employee");
    k.channel = j.at("channel");
    k.text = j.at("text");
    k.received_on = date(j, "received_on");
    k.answer_due = date(j, "answer_due");
    k.forward_due = date(j, "forward_due");
    k.answer = answer_of(j.at("answer"));
    k.forwarded_on = opt_date(j, "forwarded_on");
    k.reviewing_body = j.at("reviewing_body");
    k.review_due = opt_date(j, "review_due");
    k.review = answer_of(j.at("review"));
    k.decision_set_aside = j.at("decision_set_aside");
    k.state = parse_complaint_state(j.at("state").get<std::string>()).value();
    k.version = j.at("version");
    return k;
  } catch (const std::exception& e) {
    return fail(ErrorCode::kInternal, "store.corrupt", {{"what", e.what()}});
  }
}

json to_json(const HolidayList& l) {
  json entries = json::array();
  for (const auto& e : l.entries)
    entries.push_back({{"programme", e.programme}, {"iin", e.iin}, {"name", e.name}, {"amount_tiyn", e.amount.tiyn()},
                       {"cites", e.cites}, {"assignment_id", e.assignment_id}});
  return {{"id", l.id},
          {"pack", l.pack_id},
          {"date", l.date.iso()},
          {"territory", l.territory.code()},
          {"made_on", l.made_on.iso()},
          {"made_by", l.made_by},
          {"source_taken_at", l.source_taken_at},
          {"programmes", l.programmes},
          {"unresolved", l.unresolved},
          {"entries", entries},
          {"recipients", l.entries.size()},
          {"total_tiyn", l.total().tiyn()}};
}

Result<HolidayList> holiday_list_from_json(const json& j) {
  try {
    HolidayList l;
    l.id = j.at("id");
    l.pack_id = j.at("pack");
    l.date = date(j, "date");
    l.territory = Kato::parse(j.at("territory").get<std::string>()).value();
    l.made_on = date(j, "made_on");
    l.made_by = j.at("made_by");
    l.source_taken_at = j.at("source_taken_at");
    l.programmes = j.at("programmes").get<std::vector<std::string>>();
    l.unresolved = j.at("unresolved").get<std::vector<std::string>>();
    for (const auto& e : j.at("entries"))
      l.entries.push_back({e.at("programme"), e.at("iin"), e.at("name"), money(e, "amount_tiyn"), e.at("cites"), e.at("assignment_id")});
    return l;
  } catch (const std::exception& e) {
    return fail(ErrorCode::kInternal, "store.corrupt", {{"what", e.what()}});
  }
}

work::Codec<Assignment> assignment_codec() {
  return work::json_codec<Assignment>([](const Assignment& a) { return to_json(a); },
                                      [](const json& j) { return assignment_from_json(j); });
}

work::Codec<Complaint> complaint_codec() {
  return work::json_codec<Complaint>([](const Complaint& k) { return to_json(k); },
                                     [](const json& j) { return complaint_from_json(j); });
}

work::Codec<HolidayList> holiday_list_codec() {
  return work::json_codec<HolidayList>([](const HolidayList& l) { return to_json(l); },
                                       [](const json& j) { return holiday_list_from_json(j); });
}

}  // namespace komek::cases
