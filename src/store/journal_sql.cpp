#include "store/journal_sql.hpp"

#include <chrono>
#include <cstdio>

#include <soci/soci.h>
#include <sodium.h>

#include "store/case_store.hpp"

namespace komek::store {
namespace {

constexpr const char* kGenesis = "0000000000000000000000000000000000000000000000000000000000000000";

std::string chain_hash(const std::string& prev, const work::AuditEntry& e) {
  return sha256_hex(prev + "|" + e.at + "|" + e.actor + "|" + e.action + "|" + e.entity + "|" + e.entity_id + "|" +
                    e.before + "|" + e.after);
}

}  // namespace

namespace journal {

Result<void> audit(soci::session& sql, const work::AuditEntry& entry) {
  // The head first: its row lock orders every writer of the chain (see V012).
  std::string prev;
  long long records = 0;
  sql << "UPDATE audit_head SET records = records + 1 WHERE chain = 'audit' RETURNING records, hash", soci::into(records),
      soci::into(prev);
  if (!sql.got_data()) return fail(ErrorCode::kInternal, "store.audit_head_missing");
  work::AuditEntry e = entry;
  if (e.at.empty()) e.at = now_utc();
  const std::string hash = chain_hash(prev, e);
  sql << "INSERT INTO audit_log (at, actor, action, entity, entity_id, before_json, after_json, prev_hash, hash) "
         "VALUES (:at, :actor, :action, :entity, :id, :before, :after, :prev, :hash)",
      soci::use(e.at), soci::use(e.actor), soci::use(e.action), soci::use(e.entity), soci::use(e.entity_id),
      soci::use(e.before), soci::use(e.after), soci::use(prev), soci::use(hash);
  sql << "UPDATE audit_head SET hash = :h WHERE chain = 'audit'", soci::use(hash);
  return {};
}

Result<void> enqueue(soci::session& sql, const work::OutboxMessage& message) {
  const std::string now = now_utc();
  const std::string topic(work::topic_name(message.topic));
  sql << "INSERT INTO outbox (created_at, topic, payload) VALUES (:c, :t, :p)", soci::use(now), soci::use(topic),
      soci::use(message.payload);
  return {};
}

Result<std::optional<work::IdempotencyRecord>> find_idempotency(soci::session& sql, std::string_view principal,
                                                                std::string_view key) {
  work::IdempotencyRecord r;
  r.principal = principal;
  r.key = key;
  soci::indicator ind = soci::i_null;
  int effect = 0;
  sql << "SELECT request_hash, effect, document FROM idempotency_keys WHERE principal = :p AND key = :k",
      soci::use(r.principal), soci::use(r.key), soci::into(r.request_hash, ind), soci::into(effect), soci::into(r.document);
  if (!sql.got_data() || ind != soci::i_ok) return std::optional<work::IdempotencyRecord>();
  r.effect = effect == static_cast<int>(work::Effect::kCreated) ? work::Effect::kCreated : work::Effect::kDone;
  return std::optional<work::IdempotencyRecord>(std::move(r));
}

Result<void> put_idempotency(soci::session& sql, const work::IdempotencyRecord& r) {
  const std::string now = now_utc();
  const int effect = static_cast<int>(r.effect);
  sql << "INSERT INTO idempotency_keys (principal, key, request_hash, effect, document, created_at) "
         "VALUES (:p, :k, :h, :e, :d, :c)",
      soci::use(r.principal), soci::use(r.key), soci::use(r.request_hash), soci::use(effect), soci::use(r.document),
      soci::use(now);
  return {};
}

Result<void> log_access(soci::session& sql, const work::AccessRecord& r) {
  const int denied = r.denied ? 1 : 0;
  const std::string now = r.at.empty() ? now_utc() : r.at;
  sql << "INSERT INTO pd_access_log (at, actor, subject, record, route, client, denied) "
         "VALUES (:at, :a, :s, :r, :route, :c, :d)",
      soci::use(now), soci::use(r.actor), soci::use(r.subject), soci::use(r.record), soci::use(r.route), soci::use(r.client),
      soci::use(denied);
  work::count_access_logged();
  return {};
}

Result<std::vector<work::AccessRecord>> access_log_of(soci::session& sql, std::string_view subject, std::size_t limit) {
  std::vector<work::AccessRecord> out;
  const std::string s(subject);
  const long long n = static_cast<long long>(limit);
  soci::rowset<soci::row> rows = (sql.prepare << "SELECT at, actor, subject, record, route, client, denied FROM pd_access_log "
                                                 "WHERE subject = :s ORDER BY id DESC LIMIT :n",
                                  soci::use(s), soci::use(n));
  for (const auto& row : rows) {
    work::AccessRecord r;
    r.at = row.get<std::string>(0);
    r.actor = row.get<std::string>(1);
    r.subject = row.get<std::string>(2);
    r.record = row.get<std::string>(3);
    r.route = row.get<std::string>(4);
    r.client = row.get<std::string>(5);
    // An INTEGER column comes back as int or long long depending on the back end.
    r.denied = row.get_properties(6).get_data_type() == soci::dt_long_long ? row.get<long long>(6) != 0
                                                                           : row.get<int>(6) != 0;
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::size_t> verify_audit_chain(soci::session& sql) {
  std::size_t count = 0;
  soci::rowset<soci::row> rows = (sql.prepare << "SELECT id, at, actor, action, entity, entity_id, before_json, after_json, "
                                                 "prev_hash, hash FROM audit_log ORDER BY id");
  std::string prev = kGenesis;
  for (const auto& row : rows) {
    work::AuditEntry e{row.get<std::string>(1), row.get<std::string>(2), row.get<std::string>(3),
                        row.get<std::string>(4), row.get<std::string>(5), row.get<std::string>(6),
                        row.get<std::string>(7)};
    const std::string stored_prev = row.get<std::string>(8);
    const std::string stored_hash = row.get<std::string>(9);
    if (stored_prev != prev || stored_hash != chain_hash(prev, e))
      return fail(ErrorCode::kInternal, "store.audit_chain_broken", {{"record", std::to_string(count + 1)}});
    prev = stored_hash;
    ++count;
  }
  // The chain links; is it all there? Records cut from its end leave a chain that links but
  // does not reach the head (finding 11).
  long long head_records = -1;
  std::string head_hash;
  sql << "SELECT records, hash FROM audit_head WHERE chain = 'audit'", soci::into(head_records), soci::into(head_hash);
  if (!sql.got_data()) return fail(ErrorCode::kInternal, "store.audit_head_missing");
  if (head_records != static_cast<long long>(count) || head_hash != prev)
    return fail(ErrorCode::kInternal, "store.audit_truncated",
                {{"records", std::to_string(count)}, {"head_records", std::to_string(head_records)}});
  return count;
}

}  // namespace journal

std::string now_utc() {
  const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  const auto days = std::chrono::floor<std::chrono::days>(now);
  const std::chrono::year_month_day ymd{days};
  const std::chrono::hh_mm_ss hms{now - days};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()),
                static_cast<int>(hms.subseconds().count()));
  return buf;
}

std::string sha256_hex(std::string_view text) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * sizeof digest);
  for (unsigned char b : digest) {
    out += kHex[b >> 4];
    out += kHex[b & 0xF];
  }
  return out;
}

}  // namespace komek::store
