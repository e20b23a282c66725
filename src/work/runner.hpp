// The one idempotent runner every module's commands go through (RELIABILITY R3), and the one
// way a read of personal data is made together with its access-log row (S3).
//
// A command: inside one transaction of the module's store, the outcome stored for (the
// actor's login, the request key) is returned again; the same key with another body is a
// 422; otherwise the command runs and its outcome — what it did and its value, encoded by the
// module's Codec — is stored with the key. Command and record commit or roll back together.
//
//   return run_idempotent<Case, CaseTransaction>(store_, actor, request, case_codec(),
//       [&](CaseTransaction& tx) -> Result<Done<Case>> { …; return Done<Case>{Effect::kCreated, c}; });
//
// A read: the record is found, the actor's right to see it decided, and the access-log row
// (or the denial) written in the same transaction before anything is returned.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "work/actor.hpp"
#include "work/journal.hpp"
#include "work/outcome.hpp"
#include "work/request.hpp"

namespace komek::work {

struct RunOptions {
  // A refusal after which the transaction still commits, without the idempotency record, so
  // that the refusal is not replayed as an answer: a wrong one-time password uses up one of
  // its tries (004 App 14) even though the request fails. Empty: every error rolls back.
  std::string commit_despite;
};

// Inside a transaction: replays the stored outcome or runs `work` and stores its outcome.
template <typename T>
Result<Done<T>> idempotent(Journal& tx, const std::string& principal, const RequestKey& request, const Codec<T>& codec,
                           const std::function<Result<Done<T>>()>& work) {
  KOMEK_TRY(seen, tx.find_idempotency(principal, request.key));
  if (seen) {
    // The key reused with another body is a 422 (R3), whatever the command.
    if (seen->request_hash != request.body_hash) return fail(ErrorCode::kUnknownValue, "http.idempotency_key_reused");
    KOMEK_TRY(value, codec.decode(seen->document));
    return Done<T>{seen->effect, std::move(value)};
  }
  KOMEK_TRY(done, work());
  KOMEK_CHECK(tx.put_idempotency(IdempotencyRecord{principal, request.key, request.body_hash, done.effect,
                                                   codec.encode(done.value)}));
  return std::move(done);
}

// A whole command: the key checked, then one transaction of `store` (any store whose
// transact takes a function of its transaction type Tx, which extends Journal).
template <typename T, typename Tx, typename Store, typename Work>
Result<Done<T>> run_idempotent(Store& store, const Actor& actor, const RequestKey& request, const Codec<T>& codec,
                               Work&& work, const RunOptions& options = {}) {
  KOMEK_CHECK(check_request_key(request));
  std::optional<Done<T>> out;
  std::optional<Error> kept;
  KOMEK_CHECK(store.transact([&](Tx& tx) -> Result<void> {
    auto r = idempotent<T>(tx, actor.login, request, codec, [&]() -> Result<Done<T>> { return work(tx); });
    if (!r) {
      if (!options.commit_despite.empty() && r.error().message_key == options.commit_despite) {
        kept = r.error();
        return {};
      }
      return tl::unexpected(r.error());
    }
    out = std::move(*r);
    return {};
  }));
  if (kept) return tl::unexpected(*kept);
  return std::move(*out);
}

// What a logged read needs to know of its record.
template <typename T>
struct LoggedRead {
  std::string record;        // e.g. "case:<id>": what the access log names
  std::string route;         // e.g. "GET /api/v1/cases/{id}"
  Error not_found;           // the answer when it does not exist or may not be seen
  std::function<bool(const T&)> visible;               // whether the actor may see it
  std::function<std::string(const T&)> subject_iin;    // whose personal data it is
};

// Finds a record and logs the read (or the denial) in the same transaction, before it is
// returned (S3): a denial is committed even though the read fails.
template <typename T, typename Tx, typename Store, typename Find>
Result<T> read_logged(Store& store, const Actor& actor, const LoggedRead<T>& read, Find&& find) {
  std::optional<T> out;
  KOMEK_CHECK(store.transact([&](Tx& tx) -> Result<void> {
    KOMEK_TRY(found, find(tx));
    const bool visible = found.has_value() && read.visible(*found);
    KOMEK_CHECK(tx.log_access(AccessRecord{"", actor.login, visible ? subject_of(read.subject_iin(*found)) : "",
                                           read.record, read.route, actor.client, !visible}));
    if (visible) out = std::move(*found);
    return {};
  }));
  if (!out) return tl::unexpected(read.not_found);
  return std::move(*out);
}

// Logs reads of many records at once (a list a person's data is read in): one row each.
template <typename T, typename Tx, typename Store>
Result<void> log_reads(Store& store, const Actor& actor, const std::vector<T>& records, const std::string& route,
                       const std::function<std::string(const T&)>& record_of,
                       const std::function<std::string(const T&)>& subject_iin) {
  if (records.empty()) return {};
  return store.transact([&](Tx& tx) -> Result<void> {
    for (const auto& r : records)
      KOMEK_CHECK(tx.log_access(AccessRecord{"", actor.login, subject_of(subject_iin(r)), record_of(r), route, actor.client, false}));
    return {};
  });
}

}  // namespace komek::work
