// The procedural periods of the law as data, and the one lookup every module counts deadlines
// with (docs/rule-packs.md, "Procedural periods").
//
//   rules/procedure/kz.yaml   the national procedure: every period Komek knows (PeriodId),
//                             its length and unit, the event it counts from, the clause
//   rules/packs/*.yaml        a pack's `periods:` override a period where the pack's own act
//                             differs; its `deadline_classes:` are its decision periods
//
//   const Procedure& procedure = library.procedure();
//   procedure.period(PeriodId::kComplaintAnswer, pack).cites            // "004 §45"
//   PeriodsInForce periods(library.calendar(), procedure, pack);
//   periods.due(PeriodId::kComplaintAnswer, Date::from_ymd(2026, 4, 1))  // 2026-04-08
//
// The workflow (cases/workflow.cpp), complaints, terminations on a recipient's report, the
// cabinet notice of a decision (notify/compose.cpp), third-party consent and the payment cycle
// (payments/cycle.cpp) all count through this lookup, and the rules engine and the workflow
// choose a programme's decision period with decision_period().
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"
#include "core/result.hpp"
#include "rules/pack.hpp"
#include "rules/period.hpp"

namespace komek::rules {

inline constexpr std::size_t kProcedureBytesMax = 256 * 1024;

class Procedure {
 public:
  // Refuses the file whole, naming its line: a malformed period, an unknown or repeated period
  // id, and a period Komek counts that the file does not define.
  static Result<Procedure> load(const std::filesystem::path& file);
  static Result<Procedure> parse(std::string_view yaml_text, std::string_view origin);

  // THE lookup of a procedural period: the pack's own where its act differs (its `periods:`),
  // the national one otherwise; `pack == nullptr` asks for the national procedure.
  [[nodiscard]] const ProceduralPeriod& period(PeriodId id, const Pack* pack = nullptr) const;

  // A programme's decision period for an intake channel: the first of its deadline classes
  // that names the channel, else its first (the default); nullptr when it has none (a
  // programme paid without an application). Used by the rules engine and the workflow alike.
  [[nodiscard]] static const DeadlineClass* decision_period(const Pack& pack, const Programme& programme,
                                                            std::string_view channel);

  // Every national period, in PeriodId order.
  [[nodiscard]] const std::vector<ProceduralPeriod>& periods() const { return periods_; }
  [[nodiscard]] const std::string& file() const { return file_; }
  [[nodiscard]] const Titles& titles() const { return titles_; }
  [[nodiscard]] const std::vector<std::string>& legal_basis() const { return legal_basis_; }

 private:
  std::string file_;
  Titles titles_;
  std::vector<std::string> legal_basis_;
  std::vector<ProceduralPeriod> periods_;  // index = PeriodId
};

// The periods in force under one pack (nullptr: the national procedure), counted on the
// working calendar. A view: the calendar, the procedure and the pack outlive it.
class PeriodsInForce {
 public:
  PeriodsInForce(const WorkingCalendar& calendar, const Procedure& procedure, const Pack* pack = nullptr)
      : calendar_(&calendar), procedure_(&procedure), pack_(pack) {}

  [[nodiscard]] const ProceduralPeriod& operator[](PeriodId id) const {
    return procedure_->period(id, pack_);
  }
  // The last day of period `id` counted from the event's day `from`.
  [[nodiscard]] Result<Date> due(PeriodId id, Date from) const { return (*this)[id].due(from, *calendar_); }
  [[nodiscard]] const WorkingCalendar& calendar() const { return *calendar_; }
  [[nodiscard]] const Procedure& procedure() const { return *procedure_; }
  [[nodiscard]] const Pack* pack() const { return pack_; }

 private:
  const WorkingCalendar* calendar_;
  const Procedure* procedure_;
  const Pack* pack_;
};

}  // namespace komek::rules
