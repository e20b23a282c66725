// What every state change writes besides the change itself, in the same transaction: its
// audit record (hash-chained by the store), the outbox messages it causes, the idempotency
// record of the request (RELIABILITY R3) and, for reads of personal data, the access log
// (S3). Every module's transaction port extends Journal, so that cases, payments, social
// services and notifications share one audit chain and one outbox.
//
// (Not to be confused with the SPEC §13 journals — the registration, portal and electronic
// TSA journals — which are reports, in reports/.)
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "work/outcome.hpp"
#include "work/topics.hpp"

namespace komek::work {

struct AuditEntry {
  std::string at;          // UTC instant, ISO 8601; empty: the store's now
  std::string actor;       // user login, or "system:…"
  std::string action;      // e.g. "case.registered"
  std::string entity;      // e.g. "case"
  std::string entity_id;
  std::string before;      // JSON, or empty
  std::string after;       // JSON, or empty
};

struct OutboxMessage {
  Topic topic = Topic::kCabinet;
  std::string payload;     // JSON
};

// A request's outcome kept with its key (R3): what the command did and its value's document
// (the module's Codec, work/outcome.hpp), replayed for the same key and body.
struct IdempotencyRecord {
  std::string principal;   // who sent the request (keys are per principal, R3)
  std::string key;
  std::string request_hash;
  Effect effect = Effect::kDone;
  std::string document;
};

// A read of a person's record, for the personal-data access log (RELIABILITY S3).
struct AccessRecord {
  std::string at;
  std::string actor;
  std::string subject;     // a digest of the IIN (subject_of), never the IIN itself
  std::string record;      // e.g. "case:<id>"
  std::string route;
  std::string client;
  bool denied = false;
};

class Journal {
 public:
  virtual ~Journal() = default;
  [[nodiscard]] virtual Result<void> audit(const AuditEntry& entry) = 0;
  [[nodiscard]] virtual Result<void> enqueue(const OutboxMessage& message) = 0;
  [[nodiscard]] virtual Result<std::optional<IdempotencyRecord>> find_idempotency(std::string_view principal,
                                                                                  std::string_view key) = 0;
  [[nodiscard]] virtual Result<void> put_idempotency(const IdempotencyRecord& record) = 0;
  [[nodiscard]] virtual Result<void> log_access(const AccessRecord& record) = 0;
};

// A digest of an IIN for the access log: the log must not hold IINs (RELIABILITY S3).
std::string subject_of(const std::string& iin);

// Rows of the access log written by the calling thread since it last reset the count. The API
// runs a request on one thread: a response that carries a person's IIN with no row written
// is refused (issue 13 finding 9), whichever route forgot to log.
void count_access_logged();
std::size_t access_logged_on_this_thread();
void reset_access_logged_on_this_thread();

}  // namespace komek::work
