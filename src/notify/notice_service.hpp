// What people read of notifications: an applicant's cabinet (001 §19, 004 App 12), the printed
// notice of a decision (forms 5 and 6), and the delivery states staff follow. Each read of a
// person's notices is in the personal-data access log (S3); a case's deliveries and printed
// notice only for those who may see the case.
#pragma once

#include <string>
#include <vector>

#include "cases/service.hpp"
#include "cases/users.hpp"
#include "notify/delivery.hpp"
#include "rules/library.hpp"

namespace komek::notify {

// The cabinet shows this many notices, newest first. Not a legal figure: a page [configurable here].
inline constexpr std::size_t kCabinetNoticesMax = 200;

// A printed notice ready to hand out.
struct PrintedNotice {
  std::string pdf;        // the document's bytes
  std::string file_name;  // e.g. "notice-3348-2026-000001-form-5-kk.pdf"
};

class NoticeService {
 public:
  NoticeService(cases::CaseService& cases, NotificationStore& store, const rules::Library& library,
                cases::UserStore& users)
      : cases_(cases), store_(store), library_(library), users_(users) {}

  // The caller's cabinet, newest first: applicants their own notices; staff have none.
  Result<std::vector<CabinetNotice>> cabinet(const work::Actor& actor);
  // The decision's form 5 or 6 in Kazakh or Russian (notify.pdf_lang for another language),
  // signed with the deciding officer's name.
  Result<PrintedNotice> printed_notice(const work::Actor& actor, const std::string& case_id, Lang lang);
  // Delivery states of a case's notices (the case visible to the caller; the read logged) or
  // of another module's message by its reference.
  Result<std::vector<DeliveryView>> deliveries_of_case(const work::Actor& actor, const std::string& case_id);
  Result<std::vector<DeliveryView>> deliveries_of_ref(const std::string& ref);

 private:
  cases::CaseService& cases_;
  NotificationStore& store_;
  const rules::Library& library_;
  cases::UserStore& users_;
};

}  // namespace komek::notify
