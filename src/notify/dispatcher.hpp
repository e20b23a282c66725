// The dispatcher: one pass over the outbox and the SMS queue.
//
//   1. Each undispatched message of our topics becomes its deliveries, recorded in one
//      transaction with its audit record: `notice.*` → a cabinet notice for the applicant
//      (stored, so available at once; its due day on the working calendar and the time it
//      became available are kept) and, with a mobile number, an SMS; `sms` → an SMS;
//      `cabinet` → a cabinet notice. A message that cannot be delivered (bad payload, no
//      such case) is marked failed with the error, and nothing else is written.
//   2. Each pending SMS whose attempt is due is claimed and sent through the gateway; the
//      outcome (sent, retry at a time with backoff and jitter, failed) is one transaction.
//      Without a gateway, SMS stay pending and are counted in the report.
//
// Time and randomness come in as arguments (STYLE card 7): `now` (the instant, for retries),
// `today` (the local day, for the working calendar) and `jitter` (a number in [0, 1) per retry).
#pragma once

#include <functional>
#include <string>

#include "cases/store.hpp"
#include "core/calendar.hpp"
#include "notify/delivery.hpp"
#include "notify/retry.hpp"
#include "notify/sms_gateway.hpp"
#include "rules/library.hpp"

namespace komek::notify {

struct DispatchReport {
  int dispatched = 0;          // outbox messages turned into deliveries
  int notices = 0;             // cabinet notices made available
  int sms_queued = 0;          // SMS deliveries created
  int sms_sent = 0;
  int sms_retrying = 0;        // attempts that failed and will be retried
  int sms_failed = 0;          // SMS given up on in this pass
  int messages_failed = 0;     // outbox messages that could not be dispatched
  bool gateway = false;        // whether a gateway was configured
  DeliveryCounts after;        // the queue after the pass
};

struct DispatchTime {
  Millis now;                  // the instant (retries, leases, delivered_at)
  Date today;                  // the local day in Asia/Almaty (due days, delivered_on)
};

// A pack by id for the titles of programmes and grounds (null when the pack is unknown).
using PackLookup = std::function<const rules::Pack*(const std::string&)>;

class Dispatcher {
 public:
  // `procedure`: the national procedure, whose periods (with the case's pack's overrides)
  // give the notices' due days.
  Dispatcher(NotificationStore& store, cases::CaseStore& cases, const WorkingCalendar& calendar,
             const rules::Procedure& procedure, PackLookup packs, SmsGateway* gateway, RetryPolicy policy)
      : store_(store),
        cases_(cases),
        calendar_(calendar),
        procedure_(procedure),
        packs_(std::move(packs)),
        gateway_(gateway),
        policy_(policy) {}

  // One pass; `jitter` is called once per failed attempt.
  Result<DispatchReport> run_once(const DispatchTime& time, const std::function<double()>& jitter);

  // Turns one outbox message into its deliveries (exposed for tests of composition). A message
  // that can never be delivered comes back with Dispatch::error set; an error of the result
  // itself is an infrastructure failure (the store did not answer): the message is left for
  // the next pass.
  Result<Dispatch> dispatch_of(const OutboxEntry& message, const DispatchTime& time);

  static constexpr std::size_t kBatchMax = 100;  // messages and SMS per pass

 private:
  NotificationStore& store_;
  cases::CaseStore& cases_;
  const WorkingCalendar& calendar_;
  const rules::Procedure& procedure_;
  PackLookup packs_;
  SmsGateway* gateway_;
  RetryPolicy policy_;
};

// "komek-outbox-<id>": the idempotency key of the SMS of an outbox message.
std::string sms_key(std::int64_t outbox_id);

}  // namespace komek::notify
