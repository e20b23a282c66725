#include "store/consent_store.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>
#include <soci/soci.h>

#include "cases/case_json.hpp"
#include "store/case_store.hpp"
#include "store/journal_sql.hpp"

namespace komek::store {
namespace {

using cases::Case;
using cases::Offer;
using cases::StatusRequest;
using json = nlohmann::json;

// The key that keeps one open offer of a pack per family (UNIQUE column; NULL once closed).
std::string open_key_of(const Offer& o) { return o.applicant_iin + "|" + o.pack_id; }

class SqlConsentTransaction final : public cases::ConsentTransaction {
 public:
  explicit SqlConsentTransaction(soci::session& sql) : sql_(sql) {}

  // ---- status requests ----------------------------------------------------------------

  Result<std::optional<StatusRequest>> find_request(std::string_view id) override {
    const std::string key(id);
    std::string data;
    soci::indicator ind = soci::i_null;
    sql_ << "SELECT data FROM status_requests WHERE id = :id", soci::use(key), soci::into(data, ind);
    if (!sql_.got_data() || ind != soci::i_ok) return std::optional<StatusRequest>();
    KOMEK_TRY(r, cases::status_request_from_json(data));
    return std::optional<StatusRequest>(std::move(r));
  }

  Result<void> insert_request(StatusRequest& r) override {
    r.version = 1;
    const std::string now = now_utc();
    const std::string data = cases::status_request_json(r);
    const std::string state(cases::consent_state_name(r.state));
    const std::string requested = r.requested_at.iso();
    const std::string expires = r.expires_at.iso();
    sql_ << "INSERT INTO status_requests (id, requester_login, subject_iin, state, requested_at, expires_at, version, data, "
            "created_at, updated_at) VALUES (:id, :login, :iin, :state, :requested, :expires, :version, :data, :c, :u)",
        soci::use(r.id), soci::use(r.requester.login), soci::use(r.subject_iin), soci::use(state), soci::use(requested),
        soci::use(expires), soci::use(r.version), soci::use(data), soci::use(now), soci::use(now);
    return {};
  }

  Result<void> update_request(StatusRequest& r) override {
    const int expected = r.version;
    r.version = expected + 1;
    const std::string now = now_utc();
    const std::string data = cases::status_request_json(r);
    const std::string state(cases::consent_state_name(r.state));
    soci::statement st = (sql_.prepare << "UPDATE status_requests SET state = :state, version = :version, data = :data, "
                                          "updated_at = :u WHERE id = :id AND version = :expected",
                          soci::use(state), soci::use(r.version), soci::use(data), soci::use(now), soci::use(r.id),
                          soci::use(expected));
    st.execute(true);
    if (st.get_affected_rows() != 1) {
      r.version = expected;
      return fail(ErrorCode::kConflict, "store.version_conflict", {{"id", r.id}});
    }
    return {};
  }

  Result<std::vector<StatusRequest>> list_requests(const cases::StatusRequestFilter& f) override {
    const int limit = static_cast<int>(std::min(f.limit, cases::kConsentPageMax));
    soci::rowset<std::string> rows =
        (sql_.prepare << "SELECT data FROM status_requests WHERE (:login = '' OR requester_login = :login2) "
                         "AND (:iin = '' OR subject_iin = :iin2) ORDER BY requested_at DESC, id LIMIT :limit",
         soci::use(f.requester_login), soci::use(f.requester_login), soci::use(f.subject_iin), soci::use(f.subject_iin),
         soci::use(limit));
    return requests(rows);
  }

  Result<std::vector<StatusRequest>> overdue_requests(const LocalDateTime& now, std::size_t limit) override {
    const std::string at = now.iso();
    const int n = static_cast<int>(std::min(limit, cases::kConsentPageMax));
    soci::rowset<std::string> rows =
        (sql_.prepare << "SELECT data FROM status_requests WHERE state = 'pending' AND expires_at < :now "
                         "ORDER BY expires_at, id LIMIT :limit",
         soci::use(at), soci::use(n));
    return requests(rows);
  }

  // ---- what the answers rest on ---------------------------------------------------------

  Result<std::vector<Case>> granted_cases_of(const std::string& iin, const std::vector<std::string>& packs) override {
    std::vector<Case> out;
    // A member other than the applicant is found in the stored family (the IIN is 12 digits,
    // checked before it gets here, so it holds no LIKE wildcard).
    const std::string pattern = "%\"" + iin + "\"%";
    for (const auto& pack : packs) {
      soci::rowset<std::string> rows =
          (sql_.prepare << "SELECT data FROM cases WHERE pack_id = :pack AND state = 'granted' "
                           "AND (applicant_iin = :iin OR data LIKE :pattern) ORDER BY id",
           soci::use(pack), soci::use(iin), soci::use(pattern));
      for (const auto& data : rows) {
        KOMEK_TRY(c, decode_case(data));
        if (cases::in_family(c, iin)) out.push_back(std::move(c));
      }
    }
    return out;
  }

  Result<std::vector<cases::AssignmentRow>> assignments_of(const std::string& iin, const std::vector<std::string>& packs,
                                                           const std::vector<std::string>& case_ids) override {
    std::vector<cases::AssignmentRow> out;
    auto add = [&](soci::rowset<soci::row>& rows) -> Result<void> {
      for (const auto& row : rows) {
        cases::AssignmentRow a;
        a.id = row.get<std::string>(0);
        if (std::any_of(out.begin(), out.end(), [&](const cases::AssignmentRow& b) { return b.id == a.id; })) continue;
        a.case_id = row.get_indicator(1) == soci::i_ok ? row.get<std::string>(1) : "";
        a.pack_id = row.get<std::string>(2);
        a.programme = row.get<std::string>(3);
        a.recipient_iin = row.get<std::string>(4);
        a.status = row.get<std::string>(5);
        auto from = Date::parse(row.get<std::string>(6));
        auto to = Date::parse(row.get<std::string>(7));
        if (!from || !to) return fail(ErrorCode::kInternal, "consent.stored_record_broken");
        a.period_from = *from;
        a.period_to = *to;
        if (row.get_indicator(8) == soci::i_ok && !row.get<std::string>(8).empty()) {
          auto stops = Date::parse(row.get<std::string>(8));
          if (!stops) return fail(ErrorCode::kInternal, "consent.stored_record_broken");
          a.payment_stops = *stops;
        }
        out.push_back(std::move(a));
      }
      return {};
    };
    for (const auto& pack : packs) {
      soci::rowset<soci::row> rows =
          (sql_.prepare << "SELECT id, case_id, pack_id, programme, recipient_iin, status, period_from, period_to, "
                           "payment_stops FROM assignments WHERE pack_id = :pack AND recipient_iin = :iin ORDER BY id",
           soci::use(pack), soci::use(iin));
      KOMEK_CHECK(add(rows));
    }
    for (const auto& case_id : case_ids) {
      soci::rowset<soci::row> rows =
          (sql_.prepare << "SELECT id, case_id, pack_id, programme, recipient_iin, status, period_from, period_to, "
                           "payment_stops FROM assignments WHERE case_id = :c ORDER BY id",
           soci::use(case_id));
      KOMEK_CHECK(add(rows));
    }
    return out;
  }

  Result<RequestCounts> requests_since(const std::string& requester_login, const std::string& subject_iin,
                                       const std::string& since) override {
    RequestCounts out;
    sql_ << "SELECT COUNT(*) FROM status_requests WHERE requester_login = :l AND requested_at >= :since",
        soci::use(requester_login), soci::use(since), soci::into(out.by_requester);
    sql_ << "SELECT COUNT(*) FROM status_requests WHERE subject_iin = :i AND requested_at >= :since",
        soci::use(subject_iin), soci::use(since), soci::into(out.about_subject);
    return out;
  }

  Result<std::string> known_phone(const std::string& iin) override {
    soci::rowset<std::string> rows =
        (sql_.prepare << "SELECT data FROM cases WHERE applicant_iin = :iin ORDER BY updated_at DESC, id LIMIT 20",
         soci::use(iin));
    for (const auto& data : rows) {
      const json j = json::parse(data, nullptr, false);
      if (j.is_object() && j.contains("phone") && j["phone"].is_string() && !j["phone"].get<std::string>().empty())
        return j["phone"].get<std::string>();
    }
    return std::string();
  }

  Result<std::vector<Case>> cases_of(const std::string& iin, const std::string& pack) override {
    std::vector<Case> out;
    soci::rowset<std::string> rows =
        (sql_.prepare << "SELECT data FROM cases WHERE applicant_iin = :iin AND pack_id = :pack ORDER BY id",
         soci::use(iin), soci::use(pack));
    for (const auto& data : rows) {
      KOMEK_TRY(c, decode_case(data));
      out.push_back(std::move(c));
    }
    return out;
  }

  // ---- offers ---------------------------------------------------------------------------

  Result<std::optional<Offer>> find_offer(std::string_view id) override {
    const std::string key(id);
    std::string data;
    soci::indicator ind = soci::i_null;
    sql_ << "SELECT data FROM offers WHERE id = :id", soci::use(key), soci::into(data, ind);
    if (!sql_.got_data() || ind != soci::i_ok) return std::optional<Offer>();
    KOMEK_TRY(o, cases::offer_from_json(data));
    return std::optional<Offer>(std::move(o));
  }

  Result<std::optional<Offer>> open_offer(const std::string& applicant_iin, const std::string& pack) override {
    const std::string key = applicant_iin + "|" + pack;
    std::string data;
    soci::indicator ind = soci::i_null;
    sql_ << "SELECT data FROM offers WHERE open_key = :k", soci::use(key), soci::into(data, ind);
    if (!sql_.got_data() || ind != soci::i_ok) return std::optional<Offer>();
    KOMEK_TRY(o, cases::offer_from_json(data));
    return std::optional<Offer>(std::move(o));
  }

  Result<void> insert_offer(Offer& o) override {
    if (cases::is_open(o.state)) {
      KOMEK_TRY(open, open_offer(o.applicant_iin, o.pack_id));
      if (open) return fail(ErrorCode::kConflict, "offer.already_open", {{"pack", o.pack_id}});
    }
    o.version = 1;
    const std::string now = now_utc();
    const std::string data = cases::offer_json(o);
    const std::string state(cases::offer_state_name(o.state));
    const std::string open_key = open_key_of(o);
    soci::indicator open_ind = cases::is_open(o.state) ? soci::i_ok : soci::i_null;
    const std::string territory = o.territory.code();
    const std::string run = o.run_date.iso();
    const std::string expires = o.expires_at.iso();
    soci::indicator case_ind = o.case_id.empty() ? soci::i_null : soci::i_ok;
    sql_ << "INSERT INTO offers (id, applicant_iin, pack_id, territory, state, open_key, run_date, expires_at, case_id, "
            "version, data, created_at, updated_at) VALUES (:id, :iin, :pack, :territory, :state, :open_key, :run, "
            ":expires, :case_id, :version, :data, :c, :u)",
        soci::use(o.id), soci::use(o.applicant_iin), soci::use(o.pack_id), soci::use(territory), soci::use(state),
        soci::use(open_key, open_ind), soci::use(run), soci::use(expires), soci::use(o.case_id, case_ind),
        soci::use(o.version), soci::use(data), soci::use(now), soci::use(now);
    return {};
  }

  Result<void> update_offer(Offer& o) override {
    const int expected = o.version;
    o.version = expected + 1;
    const std::string now = now_utc();
    const std::string data = cases::offer_json(o);
    const std::string state(cases::offer_state_name(o.state));
    const std::string open_key = open_key_of(o);
    soci::indicator open_ind = cases::is_open(o.state) ? soci::i_ok : soci::i_null;
    soci::indicator case_ind = o.case_id.empty() ? soci::i_null : soci::i_ok;
    soci::statement st = (sql_.prepare << "UPDATE offers SET state = :state, open_key = :open_key, case_id = :case_id, "
                                          "version = :version, data = :data, updated_at = :u "
                                          "WHERE id = :id AND version = :expected",
                          soci::use(state), soci::use(open_key, open_ind), soci::use(o.case_id, case_ind),
                          soci::use(o.version), soci::use(data), soci::use(now), soci::use(o.id), soci::use(expected));
    st.execute(true);
    if (st.get_affected_rows() != 1) {
      o.version = expected;
      return fail(ErrorCode::kConflict, "store.version_conflict", {{"id", o.id}});
    }
    return {};
  }

  Result<std::vector<Offer>> list_offers(const cases::OfferFilter& f) override {
    const std::string prefix = f.territory_prefix + "%";
    const std::string state = f.state ? std::string(cases::offer_state_name(*f.state)) : "";
    const int limit = static_cast<int>(std::min(f.limit, cases::kConsentPageMax));
    soci::rowset<std::string> rows =
        (sql_.prepare << "SELECT data FROM offers WHERE territory LIKE :prefix AND (:iin = '' OR applicant_iin = :iin2) "
                         "AND (:state = '' OR state = :state2) ORDER BY created_at DESC, id LIMIT :limit",
         soci::use(prefix), soci::use(f.applicant_iin), soci::use(f.applicant_iin), soci::use(state), soci::use(state),
         soci::use(limit));
    return offers(rows);
  }

  Result<std::vector<Offer>> offers_to_sweep(const LocalDateTime& now, std::size_t limit) override {
    const std::string at = now.iso();
    const int n = static_cast<int>(std::min(limit, cases::kConsentPageMax));
    soci::rowset<std::string> rows =
        (sql_.prepare << "SELECT data FROM offers WHERE (state = 'offered' AND expires_at < :now) OR state = 'consented' "
                         "ORDER BY expires_at, id LIMIT :limit",
         soci::use(at), soci::use(n));
    return offers(rows);
  }

  // ---- the journal, shared with every module ---------------------------------------------

  Result<void> audit(const work::AuditEntry& entry) override { return journal::audit(sql_, entry); }
  Result<void> enqueue(const work::OutboxMessage& message) override { return journal::enqueue(sql_, message); }
  Result<std::optional<work::IdempotencyRecord>> find_idempotency(std::string_view principal, std::string_view key) override {
    return journal::find_idempotency(sql_, principal, key);
  }
  Result<void> put_idempotency(const work::IdempotencyRecord& r) override { return journal::put_idempotency(sql_, r); }
  Result<void> log_access(const work::AccessRecord& r) override { return journal::log_access(sql_, r); }

 private:
  static Result<std::vector<StatusRequest>> requests(soci::rowset<std::string>& rows) {
    std::vector<StatusRequest> out;
    for (const auto& data : rows) {
      KOMEK_TRY(r, cases::status_request_from_json(data));
      out.push_back(std::move(r));
    }
    return out;
  }
  static Result<std::vector<Offer>> offers(soci::rowset<std::string>& rows) {
    std::vector<Offer> out;
    for (const auto& data : rows) {
      KOMEK_TRY(o, cases::offer_from_json(data));
      out.push_back(std::move(o));
    }
    return out;
  }

  soci::session& sql_;
};

class SqlConsentStore final : public cases::ConsentStore {
 public:
  explicit SqlConsentStore(Database& db) : db_(db) {}
  Result<void> transact(const std::function<Result<void>(cases::ConsentTransaction&)>& work) override {
    return db_.write([&](soci::session& sql) {
      SqlConsentTransaction tx(sql);
      return work(tx);
    });
  }

 private:
  Database& db_;
};

}  // namespace

std::unique_ptr<cases::ConsentStore> make_consent_store(Database& db) { return std::make_unique<SqlConsentStore>(db); }

}  // namespace komek::store
