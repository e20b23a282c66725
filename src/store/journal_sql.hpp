// The journal (cases/journal.hpp) in SQL, for every store's transaction: the hash-chained
// audit log, the outbox, idempotency keys and the personal-data access log. Each module's
// store forwards its Journal methods here so that all share one chain and one outbox.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "cases/journal.hpp"

namespace soci {
class session;
}

namespace komek::store::journal {

Result<void> audit(soci::session& sql, const cases::AuditEntry& entry);
Result<void> enqueue(soci::session& sql, const cases::OutboxMessage& message);
Result<std::optional<cases::IdempotencyRecord>> find_idempotency(soci::session& sql, std::string_view principal,
                                                                 std::string_view key);
Result<void> put_idempotency(soci::session& sql, const cases::IdempotencyRecord& record);
Result<void> log_access(soci::session& sql, const cases::AccessRecord& record);
// Walks the audit chain from the first record; the number checked, or an error naming the
// first record that does not match.
Result<std::size_t> verify_audit_chain(soci::session& sql);

}  // namespace komek::store::journal
