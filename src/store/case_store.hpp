// The case store on SQLite: cases, gapless numbers, the hash-chained audit log, the
// outbox, idempotency keys and the personal-data access log, written in one transaction.
#pragma once

#include <memory>

#include "cases/store.hpp"
#include "store/database.hpp"

namespace komek::store {

std::unique_ptr<cases::CaseStore> make_case_store(Database& db);

// A case from its stored JSON document. A document that cannot be read back (damaged on disk,
// edited by hand) is a clear error naming the record — store.record_damaged, 503 — never an
// exception that reaches the caller as a bare 500 (issue 13 finding 11). `id` names the record
// when the caller knows it.
Result<cases::Case> decode_case(std::string_view data, std::string_view id = "");

// Hex SHA-256 of a text (audit chain, token digests).
std::string sha256_hex(std::string_view text);
// Now in UTC, ISO 8601 with milliseconds. Times are written by Komek, not by SQL functions,
// so that the same statements run on SQLite and PostgreSQL.
std::string now_utc();

}  // namespace komek::store
