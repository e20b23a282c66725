// The journal (cases/journal.hpp) in SQL, for every store's transaction: the hash-chained
// audit log, the outbox, idempotency keys and the personal-data access log. Each module's
// store forwards its Journal methods here so that all share one chain and one outbox.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "work/actor.hpp"
#include "work/journal.hpp"
#include "work/request.hpp"
#include "work/runner.hpp"

namespace soci {
class session;
}

namespace komek::store::journal {

Result<void> audit(soci::session& sql, const work::AuditEntry& entry);
Result<void> enqueue(soci::session& sql, const work::OutboxMessage& message);
Result<std::optional<work::IdempotencyRecord>> find_idempotency(soci::session& sql, std::string_view principal,
                                                                 std::string_view key);
Result<void> put_idempotency(soci::session& sql, const work::IdempotencyRecord& record);
Result<void> log_access(soci::session& sql, const work::AccessRecord& record);
// The access-log rows about one subject (a digest of an IIN), newest first, at most `limit`:
// what the person may see of who read their data (RELIABILITY S3).
Result<std::vector<work::AccessRecord>> access_log_of(soci::session& sql, std::string_view subject, std::size_t limit);
// Walks the audit chain from the first record; the number checked, or an error naming the
// first record that does not match.
Result<std::size_t> verify_audit_chain(soci::session& sql);

}  // namespace komek::store::journal
