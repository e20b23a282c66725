// Notifications: what the outbox becomes once delivered (001 §19; 004 App 12; SPEC §7).
//
// Every state change writes its outbox messages in its own transaction (work/journal.hpp).
// The dispatcher (dispatcher.hpp) reads the messages it knows — `notice.*` from the case
// service, `sms` and `cabinet` from any module — and turns each into deliveries:
//
//   * a notice in the applicant's portal cabinet (жеке кабинет), in kk/ru/en, stored at once;
//   * an SMS (kk + ru) to a registered mobile number, sent through an SmsGateway with bounded
//     retries; the outbox message's id is the SMS's idempotency key, so a gateway that accepted
//     a message whose answer was lost does not send it twice.
//
// The types here are the contract between the dispatcher, its storage port (implemented in
// store/outbox_store.cpp) and the API that shows notices and delivery states.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "work/actor.hpp"
#include "work/journal.hpp"
#include "work/request.hpp"
#include "work/runner.hpp"
#include "core/date.hpp"
#include "core/result.hpp"

namespace komek::notify {

using Millis = std::chrono::sys_time<std::chrono::milliseconds>;

// An instant as stored: "YYYY-MM-DDTHH:MM:SS.mmmZ" (fixed width, so text order is time order,
// the same format as store::now_utc()).
std::string iso_utc(Millis t);
Result<Millis> parse_iso_utc(std::string_view text);

// A text in the three languages Komek speaks.
struct Texts {
  std::string kk, ru, en;
};

// A message of the outbox as written by the transaction that caused it.
struct OutboxEntry {
  std::int64_t id = 0;
  std::string created_at;
  std::string topic;     // "notice.decision", "notice.hearing", …, "sms", "cabinet"
  std::string payload;   // JSON
};

// A notice in an applicant's portal cabinet.
struct CabinetNotice {
  std::int64_t id = 0;
  std::int64_t outbox_id = 0;
  std::string iin;                 // whose cabinet
  std::string kind;                // "decision", "hearing", "written_query", "refusal_to_accept", or a module's kind
  std::string case_id;             // empty for notices of other modules
  std::string ref;                 // the sender's reference (module topics)
  std::string form;                // "5" / "6" for decision notices, else empty
  Texts title;
  Texts body;
  std::optional<Date> due_on;      // the last local day it may become available, when the law sets one
  std::string due_cites;           // the clause that sets it
  std::string delivered_at;        // UTC instant it became available
  Date delivered_on;               // the local (Asia/Almaty) day it became available
  std::string created_at;
};

// When adding one, also update sms_status_name() and parse_sms_status().
enum class SmsStatus {
  kPending,  // waiting for its next attempt (or for a gateway to be configured)
  kSent,     // the gateway accepted it
  kFailed,   // the gateway refused it for good, or the attempts ran out
};
std::string_view sms_status_name(SmsStatus s);
std::optional<SmsStatus> parse_sms_status(std::string_view s);

struct SmsDelivery {
  std::int64_t id = 0;
  std::int64_t outbox_id = 0;
  std::string idempotency_key;     // "komek-outbox-<outbox id>"
  std::string case_id;
  std::string ref;
  std::string phone;               // "+7XXXXXXXXXX"
  std::string text;                // with work::kSmsSecretMark where `secret` goes
  std::string secret;              // a one-time password; kept only until sent or failed
  SmsStatus status = SmsStatus::kPending;
  int attempts = 0;
  std::string last_error;
  std::string next_attempt_at;     // UTC instant
  std::string created_at;
  std::string sent_at;             // empty until sent
  std::string gateway_id;          // the gateway's id for the accepted message
};

// What dispatching one outbox message produced; recorded in one transaction.
struct Dispatch {
  std::int64_t outbox_id = 0;
  std::string topic;
  std::string at;                          // UTC instant
  std::optional<CabinetNotice> notice;
  std::optional<SmsDelivery> sms;
  std::string note;                        // e.g. why no SMS was sent (no number: printed notice)
  std::optional<Error> error;              // the message cannot be delivered: marked failed
  // The outbox message's payload as it is kept from now on, when dispatching took something
  // out of it (an SMS's one-time password, moved into the SMS queue); empty: unchanged.
  std::string payload_kept;
};

// The outcome of one SMS attempt; recorded in one transaction.
struct SmsOutcome {
  std::int64_t sms_id = 0;
  std::int64_t outbox_id = 0;
  std::string at;                          // UTC instant
  SmsStatus status = SmsStatus::kPending;  // kPending = retry at next_attempt_at
  int attempts = 0;
  std::string last_error;
  std::string next_attempt_at;
  std::string gateway_id;
};

// One line of "what happened to the notices of a case" (GET /api/v1/notifications).
struct DeliveryView {
  std::int64_t outbox_id = 0;
  std::string topic;
  std::string outbox_status;               // pending | dispatched | delivered | failed
  std::string channel;                     // "cabinet", "sms", or "" while not yet dispatched
  std::string status;                      // cabinet: delivered; sms: pending | sent | failed
  int attempts = 0;
  std::string last_error;
  std::string next_attempt_at;
  std::string delivered_at;
  std::string delivered_on;
  std::string due_on;
  std::string created_at;
};

struct DeliveryCounts {
  std::int64_t outbox_pending = 0;         // messages of our topics not yet dispatched
  std::int64_t sms_pending = 0;
  std::int64_t sms_sent = 0;
  std::int64_t sms_failed = 0;
  std::int64_t outbox_failed = 0;
  std::int64_t notices_late = 0;           // cabinet notices delivered after their due day
};

// The storage port of notifications (implemented by store/outbox_store.cpp). Every method
// that records an outcome runs one transaction that also writes its audit record.
class NotificationStore {
 public:
  virtual ~NotificationStore() = default;
  // Outbox messages of the topics notifications deliver (`notice.*`, `sms`, `cabinet`) that
  // have not been dispatched yet, oldest first. Other modules' topics are left alone.
  virtual Result<std::vector<OutboxEntry>> undispatched(std::size_t limit) = 0;
  // Writes what dispatching produced and marks the message dispatched (delivered when
  // nothing is left to send, failed with the error). False when the message had already
  // been dispatched by someone else (nothing is written then).
  virtual Result<bool> record_dispatch(const Dispatch& d) = 0;
  // Claims pending SMS whose next attempt is due at `now`: counts the attempt and moves the
  // next attempt to `lease_until`, so that a dispatcher that dies while sending leaves the
  // message to be retried (with the same idempotency key) after the lease.
  virtual Result<std::vector<SmsDelivery>> claim_due_sms(const std::string& now, const std::string& lease_until,
                                                         std::size_t limit) = 0;
  virtual Result<void> record_sms_outcome(const SmsOutcome& o) = 0;
  // An applicant's cabinet, newest first.
  virtual Result<std::vector<CabinetNotice>> cabinet(const std::string& iin, std::size_t limit) = 0;
  virtual Result<std::vector<DeliveryView>> deliveries_of_case(const std::string& case_id) = 0;
  virtual Result<std::vector<DeliveryView>> deliveries_of_ref(const std::string& ref) = 0;
  virtual Result<DeliveryCounts> counts() = 0;
  // A read of a person's notices, for the personal-data access log (RELIABILITY S3).
  virtual Result<void> log_access(const work::AccessRecord& record) = 0;
};

}  // namespace komek::notify
