#include "notify/notice_service.hpp"

#include "notify/compose.hpp"
#include "notify/pdf.hpp"

namespace komek::notify {

Result<std::vector<CabinetNotice>> NoticeService::cabinet(const work::Actor& actor) {
  // Staff have no cabinet; an applicant sees only the notices of their own IIN.
  if (!actor.is_applicant() || actor.iin.empty()) return std::vector<CabinetNotice>{};
  KOMEK_CHECK(store_.log_access(work::AccessRecord{"", actor.login, work::subject_of(actor.iin), "cabinet",
                                                   "GET /api/v1/cabinet/notices", actor.client, false}));
  return store_.cabinet(actor.iin, kCabinetNoticesMax);
}

Result<PrintedNotice> NoticeService::printed_notice(const work::Actor& actor, const std::string& case_id, Lang lang) {
  KOMEK_TRY(c, cases_.read(actor, case_id, "GET /api/v1/cases/{id}/notice.pdf"));
  const auto found = library_.packs().find(c.pack_id);
  const rules::Pack* pack = found == library_.packs().end() ? nullptr : &found->second;
  KOMEK_TRY(facts, decision_facts(c, pack));
  std::string officer = facts.officer;
  if (auto user = users_.find_user(facts.officer); user && *user && !(*user)->full_name.empty())
    officer = (*user)->full_name;
  KOMEK_TRY(pdf, render_notice_pdf({c, facts, officer, lang}, kDefaultFontDir));
  const std::string name = (c.number.empty() ? c.id : c.number) + "-form-" + facts.form + "-" +
                           std::string(lang_code(lang)) + ".pdf";
  return PrintedNotice{std::move(pdf), "notice-" + name};
}

Result<std::vector<DeliveryView>> NoticeService::deliveries_of_case(const work::Actor& actor, const std::string& case_id) {
  // The case must be visible to the caller (404 otherwise); the read is logged.
  KOMEK_CHECK(cases_.read(actor, case_id, "GET /api/v1/notifications"));
  return store_.deliveries_of_case(case_id);
}

Result<std::vector<DeliveryView>> NoticeService::deliveries_of_ref(const std::string& ref) {
  return store_.deliveries_of_ref(ref);
}

}  // namespace komek::notify
