#include "store/case_store.hpp"

#include <chrono>
#include <cstdio>

#include <nlohmann/json.hpp>
#include <soci/soci.h>
#include <sodium.h>

#include "cases/case_json.hpp"

namespace komek::store {
namespace {

using cases::Case;
using json = nlohmann::json;

constexpr const char* kGenesis = "0000000000000000000000000000000000000000000000000000000000000000";


std::string chain_hash(const std::string& prev, const cases::AuditEntry& e) {
  return sha256_hex(prev + "|" + e.at + "|" + e.actor + "|" + e.action + "|" + e.entity + "|" + e.entity_id + "|" +
                    e.before + "|" + e.after);
}

std::string due_of(const Case& c) {
  const cases::Deadline* d = c.deadline("decision");
  return d != nullptr && !d->done ? d->due.iso() : "";
}

class SqliteTransaction final : public cases::CaseTransaction {
 public:
  explicit SqliteTransaction(soci::session& sql) : sql_(sql) {}

  Result<std::optional<Case>> find_case(std::string_view id) override {
    std::string data;
    soci::indicator ind = soci::i_null;
    const std::string key(id);
    sql_ << "SELECT data FROM cases WHERE id = :id", soci::use(key), soci::into(data, ind);
    if (!sql_.got_data() || ind != soci::i_ok) return std::optional<Case>();
    auto c = cases::case_from_json(json::parse(data));
    if (!c) return tl::unexpected(c.error());
    return std::optional<Case>(std::move(*c));
  }

  Result<void> insert_case(Case& c) override {
    c.version = 1;
    const std::string now = now_utc();
    const std::string data = cases::to_json(c).dump();
    const std::string state(cases::state_name(c.state));
    const std::string territory = c.territory.code();
    const std::string registered = c.registered_on ? c.registered_on->iso() : "";
    const std::string due = due_of(c);
    soci::indicator number_ind = c.number.empty() ? soci::i_null : soci::i_ok;
    soci::indicator reg_ind = registered.empty() ? soci::i_null : soci::i_ok;
    soci::indicator due_ind = due.empty() ? soci::i_null : soci::i_ok;
    sql_ << "INSERT INTO cases (id, number, state, pack_id, territory, applicant_iin, officer, registered_on, decision_due, "
            "version, data, created_at, updated_at) VALUES (:id, :number, :state, :pack, :territory, :iin, :officer, "
            ":registered, :due, :version, :data, :created, :updated)",
        soci::use(c.id), soci::use(c.number, number_ind), soci::use(state), soci::use(c.pack_id), soci::use(territory),
        soci::use(c.applicant_iin), soci::use(c.officer), soci::use(registered, reg_ind), soci::use(due, due_ind),
        soci::use(c.version), soci::use(data), soci::use(now), soci::use(now);
    return {};
  }

  Result<void> update_case(Case& c) override {
    const int expected = c.version;
    c.version = expected + 1;
    const std::string now = now_utc();
    const std::string data = cases::to_json(c).dump();
    const std::string state(cases::state_name(c.state));
    const std::string registered = c.registered_on ? c.registered_on->iso() : "";
    const std::string due = due_of(c);
    soci::indicator number_ind = c.number.empty() ? soci::i_null : soci::i_ok;
    soci::indicator reg_ind = registered.empty() ? soci::i_null : soci::i_ok;
    soci::indicator due_ind = due.empty() ? soci::i_null : soci::i_ok;
    soci::statement st =
        (sql_.prepare << "UPDATE cases SET number = :number, state = :state, officer = :officer, registered_on = :registered, "
                         "decision_due = :due, version = :version, data = :data, "
                         "updated_at = :updated WHERE id = :id AND version = :expected",
         soci::use(c.number, number_ind), soci::use(state), soci::use(c.officer), soci::use(registered, reg_ind),
         soci::use(due, due_ind), soci::use(c.version), soci::use(data), soci::use(now), soci::use(c.id), soci::use(expected));
    st.execute(true);
    if (st.get_affected_rows() != 1) {
      c.version = expected;
      return fail(ErrorCode::kConflict, "store.version_conflict", {{"id", c.id}});
    }
    return {};
  }

  Result<std::string> next_number(const Kato& district, int year) override {
    const std::string code = district.code();
    int last = 0;
    soci::indicator ind = soci::i_null;
    sql_ << "SELECT last FROM case_numbers WHERE district = :d AND year = :y", soci::use(code), soci::use(year),
        soci::into(last, ind);
    if (!sql_.got_data() || ind != soci::i_ok) {
      last = 0;
      sql_ << "INSERT INTO case_numbers (district, year, last) VALUES (:d, :y, 0)", soci::use(code), soci::use(year);
    }
    ++last;
    sql_ << "UPDATE case_numbers SET last = :l WHERE district = :d AND year = :y", soci::use(last), soci::use(code),
        soci::use(year);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%s-%04d-%06d", code.substr(0, 4).c_str(), year, last);
    return std::string(buf);
  }

  Result<void> audit(const cases::AuditEntry& entry) override {
    std::string prev;
    soci::indicator ind = soci::i_null;
    sql_ << "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1", soci::into(prev, ind);
    if (!sql_.got_data() || ind != soci::i_ok) prev = kGenesis;
    cases::AuditEntry e = entry;
    if (e.at.empty()) e.at = now_utc();
    const std::string hash = chain_hash(prev, e);
    sql_ << "INSERT INTO audit_log (at, actor, action, entity, entity_id, before_json, after_json, prev_hash, hash) "
            "VALUES (:at, :actor, :action, :entity, :id, :before, :after, :prev, :hash)",
        soci::use(e.at), soci::use(e.actor), soci::use(e.action), soci::use(e.entity), soci::use(e.entity_id),
        soci::use(e.before), soci::use(e.after), soci::use(prev), soci::use(hash);
    return {};
  }

  Result<void> enqueue(const cases::OutboxMessage& message) override {
    const std::string now = now_utc();
    sql_ << "INSERT INTO outbox (created_at, topic, payload) VALUES (:c, :t, :p)", soci::use(now), soci::use(message.topic),
        soci::use(message.payload);
    return {};
  }

  Result<std::optional<cases::IdempotencyRecord>> find_idempotency(std::string_view principal, std::string_view key) override {
    cases::IdempotencyRecord r;
    r.principal = principal;
    r.key = key;
    soci::indicator ind = soci::i_null;
    sql_ << "SELECT request_hash, status, body FROM idempotency_keys WHERE principal = :p AND key = :k",
        soci::use(r.principal), soci::use(r.key), soci::into(r.request_hash, ind), soci::into(r.status), soci::into(r.body);
    if (!sql_.got_data() || ind != soci::i_ok) return std::optional<cases::IdempotencyRecord>();
    return std::optional<cases::IdempotencyRecord>(std::move(r));
  }

  Result<void> put_idempotency(const cases::IdempotencyRecord& r) override {
    const std::string now = now_utc();
    sql_ << "INSERT INTO idempotency_keys (principal, key, request_hash, status, body, created_at) "
            "VALUES (:p, :k, :h, :s, :b, :c)",
        soci::use(r.principal), soci::use(r.key), soci::use(r.request_hash), soci::use(r.status), soci::use(r.body),
        soci::use(now);
    return {};
  }

  Result<void> log_access(const cases::AccessRecord& r) override {
    const int denied = r.denied ? 1 : 0;
    const std::string now = r.at.empty() ? now_utc() : r.at;
    sql_ << "INSERT INTO pd_access_log (at, actor, subject, record, route, client, denied) "
            "VALUES (:at, :a, :s, :r, :route, :c, :d)",
        soci::use(now), soci::use(r.actor), soci::use(r.subject), soci::use(r.record), soci::use(r.route), soci::use(r.client),
        soci::use(denied);
    return {};
  }

 private:
  soci::session& sql_;
};

class SqliteCaseStore final : public cases::CaseStore {
 public:
  explicit SqliteCaseStore(Database& db) : db_(db) {}

  Result<void> transact(const std::function<Result<void>(cases::CaseTransaction&)>& work) override {
    return db_.write([&](soci::session& sql) {
      SqliteTransaction tx(sql);
      return work(tx);
    });
  }

  Result<std::optional<Case>> get(std::string_view id) override {
    std::optional<Case> out;
    auto r = db_.read([&](soci::session& sql) -> Result<void> {
      SqliteTransaction tx(sql);
      auto c = tx.find_case(id);
      if (!c) return tl::unexpected(c.error());
      out = std::move(*c);
      return {};
    });
    if (!r) return tl::unexpected(r.error());
    return out;
  }

  Result<std::vector<Case>> list(const cases::CaseFilter& f) override {
    std::vector<Case> out;
    auto r = db_.read([&](soci::session& sql) -> Result<void> {
      // Named, parameterised SQL only (STYLE card 6): optional filters are written as
      // "(:x = '' OR column = :x)" rather than concatenated.
      const std::string prefix = f.territory_prefix.value_or("") + "%";
      const std::string officer = f.officer.value_or("");
      const std::string state = f.state ? std::string(cases::state_name(*f.state)) : "";
      const std::string iin = f.applicant_iin.value_or("");
      const int open_only = f.open_only ? 1 : 0;
      const int limit = static_cast<int>(std::min<std::size_t>(f.limit, 500));
      soci::rowset<std::string> rows =
          (sql.prepare << "SELECT data FROM cases WHERE territory LIKE :prefix "
                          "AND (:officer = '' OR officer = :officer2) AND (:state = '' OR state = :state2) "
                          "AND (:iin = '' OR applicant_iin = :iin2) "
                          "AND (:open = 0 OR state NOT IN ('refused_to_accept', 'granted', 'refused')) "
                          "ORDER BY COALESCE(decision_due, '9999-12-31'), id LIMIT :limit",
           soci::use(prefix), soci::use(officer), soci::use(officer), soci::use(state), soci::use(state), soci::use(iin),
           soci::use(iin), soci::use(open_only), soci::use(limit));
      for (const auto& data : rows) {
        auto c = cases::case_from_json(json::parse(data));
        if (!c) return tl::unexpected(c.error());
        out.push_back(std::move(*c));
      }
      return {};
    });
    if (!r) return tl::unexpected(r.error());
    return out;
  }

  Result<std::size_t> verify_audit_chain() override {
    std::size_t count = 0;
    auto r = db_.read([&](soci::session& sql) -> Result<void> {
      soci::rowset<soci::row> rows = (sql.prepare << "SELECT id, at, actor, action, entity, entity_id, before_json, after_json, "
                                                     "prev_hash, hash FROM audit_log ORDER BY id");
      std::string prev = kGenesis;
      for (const auto& row : rows) {
        cases::AuditEntry e{row.get<std::string>(1), row.get<std::string>(2), row.get<std::string>(3),
                            row.get<std::string>(4), row.get<std::string>(5), row.get<std::string>(6),
                            row.get<std::string>(7)};
        const std::string stored_prev = row.get<std::string>(8);
        const std::string stored_hash = row.get<std::string>(9);
        if (stored_prev != prev || stored_hash != chain_hash(prev, e))
          return fail(ErrorCode::kInternal, "store.audit_chain_broken", {{"record", std::to_string(count + 1)}});
        prev = stored_hash;
        ++count;
      }
      return {};
    });
    if (!r) return tl::unexpected(r.error());
    return count;
  }

 private:
  Database& db_;
};

}  // namespace

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

std::unique_ptr<cases::CaseStore> make_case_store(Database& db) { return std::make_unique<SqliteCaseStore>(db); }

}  // namespace komek::store
