// Composing notices from a case: the cabinet notice (kk/ru/en), the SMS (kk + ru) and the
// facts of the printed forms 5 and 6, all from the case's decision and the rule pack's titles
// of its programmes and refusal grounds, with the clause each rests on. Pure: no clock, no
// storage (the caller gives the case and the periods in force under its pack, which carry the
// pack and the calendar).
//
//   auto n = compose_notice("decision", c, rules::PeriodsInForce(calendar, procedure, pack));
//   n->title.kk  // "Әлеуметтік көмек көрсету туралы хабарлама"
//   n->due_on    // the decision's day + cabinet_decision_notice (1 working day, 004 App 12)
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cases/case.hpp"
#include "core/calendar.hpp"
#include "core/lang.hpp"
#include "core/money.hpp"
#include "core/phone.hpp"
#include "core/text.hpp"
#include "notify/delivery.hpp"
#include "rules/pack.hpp"
#include "rules/procedure.hpp"
#include "work/topics.hpp"

namespace komek::notify {

using work::kSmsTextCharsMax;

struct NoticeContent {
  std::string kind;                 // "decision", "hearing", "written_query", "refusal_to_accept"
  std::string form;                 // "5" / "6" for decisions
  Texts title;
  Texts body;
  std::string sms_text;             // kk, then ru
  std::optional<Date> due_on;       // the last day the cabinet notice may appear, if the law sets one
  std::string due_cites;
};

// One programme of a decision, as the notices and the forms show it.
struct ProgrammeLine {
  Texts title;
  bool granted = false;
  std::string tsa_type;             // "unconditional" / "conditional" / ""
  Money amount_per_payment;
  int payments = 0;
  Money amount_per_period;
  std::optional<Date> from, to;
  struct Reason {
    Texts title;
    std::string cites;
  };
  std::vector<Reason> reasons;      // refused: the grounds with their clauses
  std::vector<std::string> cites;
};

struct DecisionFacts {
  bool granted = false;
  std::string form;                 // "5" or "6"
  Date decided_on;
  std::string officer;              // login of the deciding officer
  Texts pack_title;
  std::vector<ProgrammeLine> lines;
  Money total;                      // the sum over granted programmes of amount_per_period
};

// The decision of a case as the notices show it; "notify.no_decision" when there is none.
Result<DecisionFacts> decision_facts(const cases::Case& c, const rules::Pack* pack);

// The notice of a kind for a case ("notify.topic_unknown" for a kind Komek has no notice for,
// "notify.no_decision" and the like when the case lacks what the notice tells). The titles come
// from periods.pack() (may be null: ids are shown), the due day and its clause from the periods.
Result<NoticeContent> compose_notice(std::string_view kind, const cases::Case& c, const rules::PeriodsInForce& periods);

// Phones: core/phone.hpp (normalize_phone, mask_phone).
using komek::mask_phone;
using komek::normalize_phone;
// "06.03.2026" for kk and ru; "2026-03-06" for en.
std::string format_date(Date d, Lang lang);
using komek::utf8_length;  // core/text.hpp

}  // namespace komek::notify
