#include <cstdio>

#include "work/actor.hpp"
#include "work/journal.hpp"
#include "work/outcome.hpp"
#include "work/request.hpp"

namespace komek::work {

std::string_view effect_name(Effect e) { return e == Effect::kCreated ? "created" : "done"; }

Result<void> check_request_key(const RequestKey& request) {
  if (request.key.empty()) return invalid("http.idempotency_key_missing");
  if (request.key.size() > kRequestKeyBytesMax) return invalid("http.idempotency_key_too_long");
  return {};
}

namespace {
thread_local std::size_t access_logged = 0;
}  // namespace

void count_access_logged() { ++access_logged; }
std::size_t access_logged_on_this_thread() { return access_logged; }
void reset_access_logged_on_this_thread() { access_logged = 0; }

std::string subject_of(const std::string& iin) {
  // FNV-1a 64 is not a secret; it only keeps the raw number out of the log while letting a
  // person's reads be found by computing the same digest of their IIN.
  std::uint64_t h = 1469598103934665603ULL;
  for (char ch : iin) {
    h ^= static_cast<unsigned char>(ch);
    h *= 1099511628211ULL;
  }
  char buf[24];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

bool Actor::covers(const Kato& record_territory) const {
  if (territory == kNoTerritory) return false;
  if (territory.empty()) return true;  // the whole country: an explicit grant
  auto scope = Scope::parse(territory);
  return scope && scope->contains(record_territory);
}

bool Actor::covers(std::string_view kato_code) const {
  auto kato = Kato::parse(kato_code);
  return kato && covers(*kato);
}

std::string Actor::narrowed(std::string_view asked_prefix) const {
  if (territory == kNoTerritory) return std::string(kNoTerritory);
  if (asked_prefix.size() >= territory.size() && asked_prefix.substr(0, territory.size()) == territory &&
      asked_prefix.find_first_not_of("0123456789") == std::string_view::npos)
    return std::string(asked_prefix);
  return territory;
}

bool Actor::may_see(const Kato& record_territory, const std::string& subject_iin) const {
  if (is_applicant()) return !iin.empty() && iin == subject_iin;
  return covers(record_territory);
}

}  // namespace komek::work
