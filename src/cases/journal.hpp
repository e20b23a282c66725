// What every state change writes besides the change itself, in the same transaction: its
// audit record (hash-chained by the store), the outbox messages it causes, the idempotency
// record of the request (RELIABILITY R3) and, for reads of personal data, the access log
// (S3). Every module's transaction port extends Journal, so that payments, complaints or
// social services share one audit chain and one outbox with the cases.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

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

class Journal {
 public:
  virtual ~Journal() = default;
  virtual Result<void> audit(const AuditEntry& entry) = 0;
  virtual Result<void> enqueue(const OutboxMessage& message) = 0;
  virtual Result<std::optional<IdempotencyRecord>> find_idempotency(std::string_view principal, std::string_view key) = 0;
  virtual Result<void> put_idempotency(const IdempotencyRecord& record) = 0;
  virtual Result<void> log_access(const AccessRecord& record) = 0;
};

// A request's identity for idempotency: the key the client sent and a digest of its body.
struct RequestKey {
  std::string key;
  std::string body_hash;
};

struct Response {
  int status = 200;
  std::string body;   // JSON
};

// The key is present and not too long (400 otherwise).
Result<void> check_request_key(const RequestKey& request);

// Inside a transaction: the response stored for (principal, key) is returned again; the same
// key with another body is a 422; otherwise `work` runs and its response is stored with the
// key. The caller's transaction commits or rolls back both together.
Result<Response> idempotent(Journal& tx, const std::string& principal, const RequestKey& request,
                            const std::function<Result<Response>()>& work);

// A digest of an IIN for the access log: the log must not hold IINs (RELIABILITY S3).
std::string subject_of(const std::string& iin);

}  // namespace komek::cases
