// The applicant's own views that are not a case: "who read my data" — the personal-data access
// log rows whose subject is the digest of the caller's IIN (RELIABILITY S3; the Law on
// personal data gives the subject the right to know who processed their data) — and the
// pre-filled application (SPEC §4, 004 §7): the family the state information systems show
// for the caller today, with what they lack and the checks of 004 §7-1.
#pragma once

#include <optional>
#include <vector>

#include "cases/kernel.hpp"
#include "cases/registry_prefill.hpp"
#include "cases/store.hpp"
#include "cases/users.hpp"

namespace komek::cases {

// Rows shown, newest first. Not a legal figure: a page size [configurable here].
inline constexpr std::size_t kAccessLogRowsMax = 500;

// One read of the person's data, with who the reader is (their role and name, so that the
// person sees "an officer, А. Серікова", not a login); no reader when the account is gone.
struct AccessLogEntry {
  AccessRecord record;
  std::optional<User> reader;
};

class MeService {
 public:
  MeService(CaseStore& cases, UserStore& users, RegistryPrefill& prefill, Clock& clock)
      : cases_(cases), users_(users), prefill_(prefill), clock_(clock) {}

  // Reading the log is itself a read of personal data: it is logged first, in its own
  // transaction, and therefore shows in the answer. Empty for an actor without an IIN.
  Result<std::vector<AccessLogEntry>> access_log(const Actor& actor);
  // Every member's data read is logged under that member, so that a spouse sees in their own
  // log that the applicant's pre-fill read it. Errors: case.prefill_without_iin (kUnknownValue),
  // and those of the registries.
  Result<PrefillAnswer> prefill(const Actor& actor);

 private:
  CaseStore& cases_;
  UserStore& users_;
  RegistryPrefill& prefill_;
  Clock& clock_;
};

}  // namespace komek::cases
