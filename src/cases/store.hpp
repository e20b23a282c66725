// The storage port of the case service: a unit of work in which a state change, its audit
// record, its outbox messages and the idempotency record of the request that caused it are
// written together or not at all (DESIGN "Nothing acknowledged is lost"). Implemented by
// store/ (SQLite; PostgreSQL next).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cases/case.hpp"
#include "core/result.hpp"

namespace komek::cases {

struct AuditEntry {
  std::string at;          // UTC instant, ISO 8601
  std::string actor;       // user login, or "system"
  std::string action;      // e.g. "case.registered"
  std::string entity;      // e.g. "case"
  std::string entity_id;
  std::string before;      // JSON, or empty
  std::string after;       // JSON, or empty
};

struct OutboxMessage {
  std::string topic;       // e.g. "notice.decision"
  std::string payload;     // JSON
};

struct IdempotencyRecord {
  std::string principal;   // who sent the request (keys are per principal, R3)
  std::string key;
  std::string request_hash;
  int status = 0;
  std::string body;
};

// A read of a person's record, for the personal-data access log (RELIABILITY S3).
struct AccessRecord {
  std::string at;
  std::string actor;
  std::string subject;     // a digest of the IIN, never the IIN itself
  std::string record;      // e.g. "case:<id>"
  std::string route;
  std::string client;
  bool denied = false;
};

struct CaseFilter {
  std::optional<std::string> territory_prefix;  // KATO digits the case's territory starts with
  std::optional<std::string> officer;
  std::optional<CaseState> state;
  std::optional<std::string> applicant_iin;
  bool open_only = false;
  std::size_t limit = 50;
};

class CaseTransaction {
 public:
  virtual ~CaseTransaction() = default;
  virtual Result<std::optional<Case>> find_case(std::string_view id) = 0;
  // Inserts a new case (version 1).
  virtual Result<void> insert_case(Case& c) = 0;
  // Updates a case whose stored version is c.version; fails with a conflict otherwise.
  virtual Result<void> update_case(Case& c) = 0;
  // The next registration number of a district and year, gapless: "DDDD-YYYY-NNNNNN".
  virtual Result<std::string> next_number(const Kato& district, int year) = 0;
  virtual Result<void> audit(const AuditEntry& entry) = 0;
  virtual Result<void> enqueue(const OutboxMessage& message) = 0;
  virtual Result<std::optional<IdempotencyRecord>> find_idempotency(std::string_view principal, std::string_view key) = 0;
  virtual Result<void> put_idempotency(const IdempotencyRecord& record) = 0;
  virtual Result<void> log_access(const AccessRecord& record) = 0;
};

class CaseStore {
 public:
  virtual ~CaseStore() = default;
  // Runs `work` in one transaction: committed when it returns a value, rolled back on an
  // error (which is returned) or an exception (which propagates).
  virtual Result<void> transact(const std::function<Result<void>(CaseTransaction&)>& work) = 0;
  virtual Result<std::optional<Case>> get(std::string_view id) = 0;
  virtual Result<std::vector<Case>> list(const CaseFilter& filter) = 0;
  // Verifies the audit hash chain end to end; the number of records checked.
  virtual Result<std::size_t> verify_audit_chain() = 0;
};

}  // namespace komek::cases
