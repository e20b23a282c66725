#include "notify/compose.hpp"

#include <cstdio>
#include <functional>

#include "core/messages.hpp"

namespace komek::notify {
namespace {

constexpr Lang kLangs[] = {Lang::kKk, Lang::kRu, Lang::kEn};

using Params = std::vector<std::pair<std::string, std::string>>;

std::string& slot(Texts& t, Lang lang) { return lang == Lang::kKk ? t.kk : lang == Lang::kRu ? t.ru : t.en; }
const std::string& slot(const Texts& t, Lang lang) { return lang == Lang::kKk ? t.kk : lang == Lang::kRu ? t.ru : t.en; }

Texts render_all(std::string_view key, const std::function<Params(Lang)>& params) {
  Texts t;
  for (Lang l : kLangs) slot(t, l) = render_message(key, params(l), l);
  return t;
}

Texts titles_of(const rules::Titles& titles, const std::string& fallback) {
  return {titles.kk.empty() ? fallback : titles.kk, titles.ru.empty() ? fallback : titles.ru,
          titles.en.empty() ? fallback : titles.en};
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

std::string number_of(const cases::Case& c) { return c.number.empty() ? "—" : c.number; }

std::string name_of(const cases::Case& c, Lang lang) {
  if (!c.applicant_name.empty()) return c.applicant_name;
  return lang == Lang::kKk ? "өтініш беруші" : lang == Lang::kRu ? "заявитель" : "applicant";
}

Texts refusal_title(const rules::Pack* pack, const std::string& id, std::string* cites) {
  const rules::RefusalGround* g = pack != nullptr ? pack->refusal_ground(id) : nullptr;
  if (g == nullptr) return {id, id, id};
  if (cites != nullptr) *cites = g->cites;
  return titles_of(g->titles, id);
}

}  // namespace

std::string format_date(Date d, Lang lang) {
  if (lang == Lang::kEn) return d.iso();
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d.%02d.%04d", d.day(), d.month(), d.year());
  return buf;
}



Result<DecisionFacts> decision_facts(const cases::Case& c, const rules::Pack* pack) {
  if (!c.decision) return fail(ErrorCode::kConflict, "notify.no_decision");
  const cases::Decision& d = *c.decision;
  DecisionFacts f;
  f.granted = d.granted;
  f.form = d.form.empty() ? (d.granted ? "5" : "6") : d.form;
  f.decided_on = d.on;
  f.officer = d.officer;
  f.pack_title = pack != nullptr ? titles_of(pack->titles, c.pack_id) : Texts{c.pack_id, c.pack_id, c.pack_id};
  for (const auto& p : d.programmes) {
    ProgrammeLine line;
    const rules::Programme* prog = pack != nullptr ? pack->programme(p.programme) : nullptr;
    line.title = prog != nullptr ? titles_of(prog->titles, p.programme) : Texts{p.programme, p.programme, p.programme};
    line.granted = p.granted;
    line.tsa_type = p.tsa_type;
    line.amount_per_payment = p.amount_per_payment;
    line.payments = p.payments;
    line.amount_per_period = p.amount_per_period;
    line.from = p.period_from;
    line.to = p.period_to;
    line.cites = p.cites;
    for (const auto& r : p.refusals) {
      ProgrammeLine::Reason reason;
      reason.title = refusal_title(pack, r, &reason.cites);
      line.reasons.push_back(std::move(reason));
    }
    if (p.granted) {
      KOMEK_TRY(sum, f.total.plus(p.amount_per_period));
      f.total = sum;
    }
    f.lines.push_back(std::move(line));
  }
  return f;
}

namespace {

std::string reasons_text(const ProgrammeLine& line, Lang lang) {
  std::vector<std::string> parts;
  for (const auto& r : line.reasons) parts.push_back(slot(r.title, lang) + (r.cites.empty() ? "" : " (" + r.cites + ")"));
  if (parts.empty()) parts.push_back(render_message("notify.none", {}, lang));
  return join(parts, "; ");
}

std::string programme_title(const ProgrammeLine& line, Lang lang) {
  std::string t = slot(line.title, lang);
  if (line.tsa_type == "unconditional" || line.tsa_type == "conditional")
    t += " (" + render_message("notify.tsa." + line.tsa_type, {}, lang) + ")";
  return t;
}

Result<NoticeContent> decision_notice(const cases::Case& c, const rules::PeriodsInForce& periods) {
  KOMEK_TRY(facts, decision_facts(c, periods.pack()));
  NoticeContent n;
  n.kind = "decision";
  n.form = facts.form;
  n.title = render_all(facts.granted ? "notify.decision.granted.title" : "notify.decision.refused.title",
                       [](Lang) { return Params{}; });
  std::vector<std::string> all_cites;
  for (Lang l : kLangs) {
    std::vector<std::string> lines;
    lines.push_back(render_message(
        "notify.decision.intro",
        {{"name", name_of(c, l)}, {"number", number_of(c)},
         {"registered_on", c.registered_on ? format_date(*c.registered_on, l) : "—"},
         {"decided_on", format_date(facts.decided_on, l)}},
        l));
    for (const auto& line : facts.lines) {
      if (line.granted) {
        lines.push_back(render_message("notify.decision.line_granted",
                                       {{"programme", programme_title(line, l)},
                                        {"amount", line.amount_per_payment.format(l)},
                                        {"payments", std::to_string(line.payments)},
                                        {"total", line.amount_per_period.format(l)},
                                        {"from", line.from ? format_date(*line.from, l) : "—"},
                                        {"to", line.to ? format_date(*line.to, l) : "—"}},
                                       l));
      } else {
        lines.push_back(render_message("notify.decision.line_refused",
                                       {{"programme", programme_title(line, l)}, {"reasons", reasons_text(line, l)}}, l));
      }
      if (!line.cites.empty()) lines.push_back(render_message("notify.decision.cites", {{"cites", join(line.cites, ", ")}}, l));
    }
    lines.push_back(render_message("notify.decision.officer", {{"officer", facts.officer}}, l));
    slot(n.body, l) = join(lines, "\n");
  }
  for (const auto& line : facts.lines)
    for (const auto& r : line.reasons)
      if (!r.cites.empty()) all_cites.push_back(r.cites);
  const Params sms_params = {{"number", number_of(c)},
                             {"total", ""},
                             {"cites", all_cites.empty() ? "—" : join(all_cites, ", ")}};
  std::vector<std::string> sms;
  for (Lang l : {Lang::kKk, Lang::kRu}) {
    Params p = sms_params;
    p[1].second = facts.total.format(l);
    sms.push_back(render_message(facts.granted ? "notify.sms.granted" : "notify.sms.refused", p, l));
  }
  n.sms_text = join(sms, " / ");
  // A portal applicant's cabinet gets the decision within the cabinet_decision_notice period.
  KOMEK_TRY(due, periods.due(rules::PeriodId::kCabinetDecisionNotice, facts.decided_on));
  n.due_on = due;
  n.due_cites = periods[rules::PeriodId::kCabinetDecisionNotice].cites;
  return n;
}

Result<NoticeContent> hearing_notice(const cases::Case& c, const rules::PeriodsInForce& periods) {
  const rules::Pack* pack = periods.pack();
  if (!c.hearing) return fail(ErrorCode::kConflict, "notify.payload", {{"field", "hearing"}});
  const cases::Hearing& h = *c.hearing;
  NoticeContent n;
  n.kind = "hearing";
  n.title = render_all("notify.hearing.title", [](Lang) { return Params{}; });
  n.body = render_all("notify.hearing.body", [&](Lang l) {
    std::vector<std::string> grounds;
    for (const auto& g : h.grounds) {
      std::string cites;
      const Texts t = refusal_title(pack, g, &cites);
      grounds.push_back(slot(t, l) + (cites.empty() ? "" : " (" + cites + ")"));
    }
    return Params{{"number", number_of(c)},
                  {"grounds", grounds.empty() ? render_message("notify.none", {}, l) : join(grounds, "; ")},
                  {"not_before", format_date(h.decision_not_before, l)},
                  {"objection_due", format_date(h.objection_due, l)}};
  });
  std::vector<std::string> sms;
  for (Lang l : {Lang::kKk, Lang::kRu})
    sms.push_back(render_message("notify.sms.hearing",
                                 {{"number", number_of(c)}, {"objection_due", format_date(h.objection_due, l)}}, l));
  n.sms_text = join(sms, " / ");
  // The applicant is told when the hearing is set, at least the hearing_notice period before
  // the decision (001 §18); the notice is due the day it is given.
  n.due_on = h.notified_on;
  n.due_cites = periods[rules::PeriodId::kHearingNotice].cites;
  return n;
}

Result<NoticeContent> written_query_notice(const cases::Case& c, const rules::PeriodsInForce& periods) {
  if (!c.query) return fail(ErrorCode::kConflict, "notify.payload", {{"field", "query"}});
  const cases::WrittenQuery& q = *c.query;
  NoticeContent n;
  n.kind = "written_query";
  n.title = render_all("notify.written_query.title", [](Lang) { return Params{}; });
  n.body = render_all("notify.written_query.body", [&](Lang l) {
    return Params{{"number", number_of(c)}, {"sent_on", format_date(q.sent_on, l)}, {"addressee", q.addressee},
                  {"limit", format_date(q.answer_limit, l)}};
  });
  std::vector<std::string> sms;
  for (Lang l : {Lang::kKk, Lang::kRu})
    sms.push_back(render_message("notify.sms.written_query",
                                 {{"number", number_of(c)}, {"limit", format_date(q.answer_limit, l)}}, l));
  n.sms_text = join(sms, " / ");
  n.due_on = q.applicant_notice_due;  // within the written_query_notice period of the query
  n.due_cites = periods[rules::PeriodId::kWrittenQueryNotice].cites;
  return n;
}

Result<NoticeContent> refusal_to_accept_notice(const cases::Case& c) {
  NoticeContent n;
  n.kind = "refusal_to_accept";
  n.form = "1-3";
  n.title = render_all("notify.refusal_to_accept.title", [](Lang) { return Params{}; });
  const std::string received = c.received_at.substr(0, 10);
  n.body = render_all("notify.refusal_to_accept.body", [&](Lang l) {
    auto d = Date::parse(received);
    return Params{{"received_on", d ? format_date(*d, l) : received},
                  {"reason", c.refusal_to_accept_reason.empty() ? render_message("notify.none", {}, l) : c.refusal_to_accept_reason},
                  {"missing", c.missing_documents.empty() ? render_message("notify.none", {}, l) : join(c.missing_documents, ", ")}};
  });
  n.sms_text = render_message("notify.sms.refusal_to_accept", {}, Lang::kKk) + " / " +
               render_message("notify.sms.refusal_to_accept", {}, Lang::kRu);
  // The receipt is handed over at the counter (001 §11); the law sets no day for the cabinet copy.
  return n;
}

}  // namespace

Result<NoticeContent> compose_notice(std::string_view kind, const cases::Case& c, const rules::PeriodsInForce& periods) {
  if (kind == "decision") return decision_notice(c, periods);
  if (kind == "hearing") return hearing_notice(c, periods);
  if (kind == "written_query") return written_query_notice(c, periods);
  if (kind == "refusal_to_accept") return refusal_to_accept_notice(c);
  return fail(ErrorCode::kInvalidInput, "notify.topic_unknown", {{"topic", "notice." + std::string(kind).substr(0, 60)}});
}

}  // namespace komek::notify
