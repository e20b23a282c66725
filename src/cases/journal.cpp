#include "cases/journal.hpp"

#include <cstdio>

#include "cases/messages.hpp"

namespace komek::cases {

Result<void> check_request_key(const RequestKey& request) {
  ensure_cases_messages();
  if (request.key.empty()) return invalid("http.idempotency_key_missing");
  if (request.key.size() > 200) return invalid("http.idempotency_key_too_long");
  return {};
}

Result<Response> idempotent(Journal& tx, const std::string& principal, const RequestKey& request,
                            const std::function<Result<Response>()>& work) {
  KOMEK_TRY(seen, tx.find_idempotency(principal, request.key));
  if (seen) {
    // The key reused with another body is a 422 (R3), whatever the command.
    if ((seen)->request_hash != request.body_hash) return fail(ErrorCode::kUnknownValue, "http.idempotency_key_reused");
    return Response{(seen)->status, (seen)->body};
  }
  KOMEK_TRY(r, work());
  KOMEK_CHECK(tx.put_idempotency(IdempotencyRecord{principal, request.key, request.body_hash, r.status, r.body}));
  return r;
}

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

}  // namespace komek::cases
