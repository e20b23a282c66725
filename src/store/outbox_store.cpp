#include "store/outbox_store.hpp"

#include <nlohmann/json.hpp>
#include <soci/soci.h>

#include "notify/compose.hpp"
#include "store/journal_sql.hpp"

namespace komek::store {
namespace {

using json = nlohmann::json;
using notify::CabinetNotice;
using notify::DeliveryView;
using notify::SmsDelivery;

// The topics notifications deliver; other modules' topics stay in the outbox untouched.
constexpr const char* kOurTopics = "(topic LIKE 'notice.%' OR topic = 'sms' OR topic = 'cabinet')";

std::string text(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) == soci::i_null) return "";
  return r.get<std::string>(i);
}

// Integers come back as int or long long depending on the back end and the declared type.
std::int64_t integer(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) == soci::i_null) return 0;
  switch (r.get_properties(i).get_data_type()) {
    case soci::dt_integer: return r.get<int>(i);
    case soci::dt_long_long: return r.get<long long>(i);
    case soci::dt_unsigned_long_long: return static_cast<std::int64_t>(r.get<unsigned long long>(i));
    case soci::dt_double: return static_cast<std::int64_t>(r.get<double>(i));
    case soci::dt_string: return std::stoll(r.get<std::string>(i));
    default: return 0;
  }
}

std::int64_t count_of(soci::session& sql, const std::string& query) {
  soci::rowset<soci::row> rows = sql.prepare << query;
  for (const auto& r : rows) return integer(r, 0);
  return 0;
}

std::string error_text(const Error& e) { return e.message_key + (e.field.empty() ? "" : " (" + e.field + ")"); }

constexpr const char* kNoticeColumns =
    "id, outbox_id, iin, kind, case_id, ref, form, title_kk, title_ru, title_en, body_kk, body_ru, body_en, due_on, "
    "due_cites, delivered_at, delivered_on, created_at";

CabinetNotice notice_of(const soci::row& r) {
  CabinetNotice n;
  n.id = integer(r, 0);
  n.outbox_id = integer(r, 1);
  n.iin = text(r, 2);
  n.kind = text(r, 3);
  n.case_id = text(r, 4);
  n.ref = text(r, 5);
  n.form = text(r, 6);
  n.title = {text(r, 7), text(r, 8), text(r, 9)};
  n.body = {text(r, 10), text(r, 11), text(r, 12)};
  if (auto d = Date::parse(text(r, 13))) n.due_on = *d;
  n.due_cites = text(r, 14);
  n.delivered_at = text(r, 15);
  if (auto d = Date::parse(text(r, 16))) n.delivered_on = *d;
  n.created_at = text(r, 17);
  return n;
}

class SqlNotificationStore final : public notify::NotificationStore {
 public:
  explicit SqlNotificationStore(Database& db) : db_(db) {}

  Result<std::vector<notify::OutboxEntry>> undispatched(std::size_t limit) override {
    std::vector<notify::OutboxEntry> out;
    KOMEK_CHECK(db_.read([&](soci::session& sql) -> Result<void> {
      const int lim = static_cast<int>(std::min<std::size_t>(limit, 1000));
      soci::rowset<soci::row> rows = (sql.prepare << std::string("SELECT id, created_at, topic, payload FROM outbox "
                                                                 "WHERE status = 'pending' AND ") +
                                                         kOurTopics + " ORDER BY id LIMIT :lim",
                                      soci::use(lim));
      for (const auto& row : rows) out.push_back({integer(row, 0), text(row, 1), text(row, 2), text(row, 3)});
      return {};
    }));
    return out;
  }

  Result<bool> record_dispatch(const notify::Dispatch& d) override {
    bool recorded = false;
    KOMEK_CHECK(db_.write([&](soci::session& sql) -> Result<void> {
      const bool has_sms = d.sms.has_value() && !d.error;
      const std::string status = d.error ? "failed" : has_sms ? "dispatched" : "delivered";
      const std::string last_error = d.error ? error_text(*d.error) : "";
      const std::string delivered_at = d.at;
      soci::indicator delivered_ind = status == "delivered" ? soci::i_ok : soci::i_null;
      long long id = d.outbox_id;
      soci::statement st = (sql.prepare << "UPDATE outbox SET status = :s, last_error = :e, dispatched_at = :at, "
                                           "delivered_at = :d WHERE id = :id AND status = 'pending'",
                            soci::use(status), soci::use(last_error), soci::use(d.at), soci::use(delivered_at, delivered_ind),
                            soci::use(id));
      st.execute(true);
      // Another dispatcher (a second process) got there first: write nothing.
      if (st.get_affected_rows() != 1) return {};
      recorded = true;
      // A one-time password leaves the outbox as it moves into the SMS queue (finding 13).
      if (!d.payload_kept.empty()) sql << "UPDATE outbox SET payload = :p WHERE id = :id", soci::use(d.payload_kept), soci::use(id);
      json after = {{"topic", d.topic}, {"status", status}};
      if (d.error) after["error"] = last_error;
      if (!d.note.empty()) after["note"] = d.note;
      if (!d.error && d.notice) {
        const CabinetNotice& n = *d.notice;
        long long outbox_id = n.outbox_id;
        const std::string due = n.due_on ? n.due_on->iso() : "";
        soci::indicator due_ind = n.due_on ? soci::i_ok : soci::i_null;
        const std::string delivered_on = n.delivered_on.iso();
        sql << "INSERT INTO cabinet_notices (outbox_id, iin, kind, case_id, ref, form, title_kk, title_ru, title_en, "
               "body_kk, body_ru, body_en, due_on, due_cites, delivered_at, delivered_on, created_at) VALUES (:o, :iin, "
               ":kind, :case_id, :ref, :form, :tkk, :tru, :ten, :bkk, :bru, :ben, :due, :cites, :at, :on, :created)",
            soci::use(outbox_id), soci::use(n.iin), soci::use(n.kind), soci::use(n.case_id), soci::use(n.ref),
            soci::use(n.form), soci::use(n.title.kk), soci::use(n.title.ru), soci::use(n.title.en), soci::use(n.body.kk),
            soci::use(n.body.ru), soci::use(n.body.en), soci::use(due, due_ind), soci::use(n.due_cites),
            soci::use(n.delivered_at), soci::use(delivered_on), soci::use(n.created_at);
        after["cabinet"] = {{"kind", n.kind}, {"case", n.case_id}, {"ref", n.ref}, {"due_on", due.empty() ? json(nullptr) : json(due)},
                            {"delivered_at", n.delivered_at}, {"delivered_on", delivered_on}};
      }
      if (has_sms) {
        const SmsDelivery& s = *d.sms;
        long long outbox_id = s.outbox_id;
        const std::string pending(notify::sms_status_name(notify::SmsStatus::kPending));
        soci::indicator secret_ind = s.secret.empty() ? soci::i_null : soci::i_ok;
        sql << "INSERT INTO sms_deliveries (outbox_id, idempotency_key, case_id, ref, phone, text, secret, status, attempts, "
               "last_error, next_attempt_at, created_at, gateway_id) VALUES (:o, :k, :case_id, :ref, :phone, :text, :secret, "
               ":s, 0, '', :next, :created, '')",
            soci::use(outbox_id), soci::use(s.idempotency_key), soci::use(s.case_id), soci::use(s.ref), soci::use(s.phone),
            soci::use(s.text), soci::use(s.secret, secret_ind), soci::use(pending), soci::use(s.next_attempt_at),
            soci::use(s.created_at);
        after["sms"] = {{"key", s.idempotency_key}, {"phone", notify::mask_phone(s.phone)}};
      }
      return journal::audit(sql, work::AuditEntry{"", "system", d.error ? "notify.failed" : "notify.dispatched", "outbox",
                                                   std::to_string(d.outbox_id), "", after.dump()});
    }));
    return recorded;
  }

  Result<std::vector<SmsDelivery>> claim_due_sms(const std::string& now, const std::string& lease_until,
                                                 std::size_t limit) override {
    std::vector<SmsDelivery> out;
    KOMEK_CHECK(db_.write([&](soci::session& sql) -> Result<void> {
      const int lim = static_cast<int>(std::min<std::size_t>(limit, 1000));
      {
        soci::rowset<soci::row> rows =
            (sql.prepare << "SELECT id, outbox_id, idempotency_key, case_id, ref, phone, text, attempts, last_error, "
                            "next_attempt_at, created_at, COALESCE(secret, '') FROM sms_deliveries WHERE status = 'pending' AND "
                            "next_attempt_at <= :now ORDER BY next_attempt_at, id LIMIT :lim",
             soci::use(now), soci::use(lim));
        for (const auto& row : rows) {
          SmsDelivery s;
          s.id = integer(row, 0);
          s.outbox_id = integer(row, 1);
          s.idempotency_key = text(row, 2);
          s.case_id = text(row, 3);
          s.ref = text(row, 4);
          s.phone = text(row, 5);
          s.text = text(row, 6);
          s.attempts = static_cast<int>(integer(row, 7)) + 1;
          s.last_error = text(row, 8);
          s.next_attempt_at = lease_until;
          s.created_at = text(row, 10);
          s.secret = text(row, 11);
          out.push_back(std::move(s));
        }
      }
      for (const auto& s : out) {
        long long id = s.id;
        sql << "UPDATE sms_deliveries SET attempts = :a, next_attempt_at = :lease WHERE id = :id", soci::use(s.attempts),
            soci::use(lease_until), soci::use(id);
      }
      return {};
    }));
    return out;
  }

  Result<void> record_sms_outcome(const notify::SmsOutcome& o) override {
    return db_.write([&](soci::session& sql) -> Result<void> {
      const std::string status(notify::sms_status_name(o.status));
      long long id = o.sms_id;
      long long outbox_id = o.outbox_id;
      const bool sent = o.status == notify::SmsStatus::kSent;
      const std::string next = o.status == notify::SmsStatus::kPending ? o.next_attempt_at : o.at;
      soci::indicator sent_ind = sent ? soci::i_ok : soci::i_null;
      // Once sent or failed, the one-time password is forgotten (finding 13): a retry needs it,
      // nothing after does.
      const int keep_secret = o.status == notify::SmsStatus::kPending ? 1 : 0;
      sql << "UPDATE sms_deliveries SET status = :s, attempts = :a, last_error = :e, next_attempt_at = :n, sent_at = :sent, "
             "gateway_id = :g, secret = CASE WHEN :keep = 1 THEN secret ELSE NULL END WHERE id = :id",
          soci::use(status), soci::use(o.attempts), soci::use(o.last_error), soci::use(next), soci::use(o.at, sent_ind),
          soci::use(o.gateway_id), soci::use(keep_secret), soci::use(id);
      const std::string outbox_status = sent ? "delivered" : o.status == notify::SmsStatus::kFailed ? "failed" : "dispatched";
      soci::indicator delivered_ind = sent ? soci::i_ok : soci::i_null;
      sql << "UPDATE outbox SET status = :s, attempts = :a, last_error = :e, delivered_at = :d WHERE id = :id",
          soci::use(outbox_status), soci::use(o.attempts), soci::use(o.last_error), soci::use(o.at, delivered_ind),
          soci::use(outbox_id);
      json after = {{"status", status}, {"attempts", o.attempts}};
      if (!o.last_error.empty()) after["error"] = o.last_error;
      if (o.status == notify::SmsStatus::kPending) after["next_attempt_at"] = o.next_attempt_at;
      if (sent) after["gateway_id"] = o.gateway_id;
      const char* action = sent ? "notify.sms_sent" : o.status == notify::SmsStatus::kFailed ? "notify.sms_failed" : "notify.sms_retry";
      return journal::audit(sql, work::AuditEntry{"", "system", action, "outbox", std::to_string(o.outbox_id), "", after.dump()});
    });
  }

  Result<std::vector<CabinetNotice>> cabinet(const std::string& iin, std::size_t limit) override {
    std::vector<CabinetNotice> out;
    KOMEK_CHECK(db_.read([&](soci::session& sql) -> Result<void> {
      const int lim = static_cast<int>(std::min<std::size_t>(limit, 500));
      soci::rowset<soci::row> rows =
          (sql.prepare << std::string("SELECT ") + kNoticeColumns +
                              " FROM cabinet_notices WHERE iin = :iin ORDER BY id DESC LIMIT :lim",
           soci::use(iin), soci::use(lim));
      for (const auto& row : rows) out.push_back(notice_of(row));
      return {};
    }));
    return out;
  }

  Result<std::vector<DeliveryView>> deliveries_of_case(const std::string& case_id) override {
    return deliveries("case_id", "case", case_id);
  }
  Result<std::vector<DeliveryView>> deliveries_of_ref(const std::string& ref) override { return deliveries("ref", "ref", ref); }

  Result<notify::DeliveryCounts> counts() override {
    notify::DeliveryCounts c;
    KOMEK_CHECK(db_.read([&](soci::session& sql) -> Result<void> {
      c.outbox_pending = count_of(sql, std::string("SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND ") + kOurTopics);
      c.outbox_failed = count_of(sql, std::string("SELECT COUNT(*) FROM outbox WHERE status = 'failed' AND ") + kOurTopics);
      c.sms_pending = count_of(sql, "SELECT COUNT(*) FROM sms_deliveries WHERE status = 'pending'");
      c.sms_sent = count_of(sql, "SELECT COUNT(*) FROM sms_deliveries WHERE status = 'sent'");
      c.sms_failed = count_of(sql, "SELECT COUNT(*) FROM sms_deliveries WHERE status = 'failed'");
      c.notices_late = count_of(sql, "SELECT COUNT(*) FROM cabinet_notices WHERE due_on IS NOT NULL AND delivered_on > due_on");
      return {};
    }));
    return c;
  }

  Result<void> log_access(const work::AccessRecord& record) override {
    return db_.write([&](soci::session& sql) { return journal::log_access(sql, record); });
  }

 private:
  // `column` is one of two fixed names chosen by the caller, never request input.
  Result<std::vector<DeliveryView>> deliveries(const std::string& column, const char* payload_field, const std::string& value) {
    std::vector<DeliveryView> out;
    KOMEK_CHECK(db_.read([&](soci::session& sql) -> Result<void> {
      {
        soci::rowset<soci::row> rows =
            (sql.prepare << "SELECT o.id, o.topic, o.status, o.attempts, o.last_error, o.created_at, c.delivered_at, "
                            "c.delivered_on, c.due_on FROM cabinet_notices c JOIN outbox o ON o.id = c.outbox_id WHERE c." +
                                column + " = :v ORDER BY o.id",
             soci::use(value));
        for (const auto& row : rows) {
          DeliveryView v;
          v.outbox_id = integer(row, 0);
          v.topic = text(row, 1);
          v.outbox_status = text(row, 2);
          v.channel = "cabinet";
          v.status = "delivered";
          v.attempts = 1;
          v.created_at = text(row, 5);
          v.delivered_at = text(row, 6);
          v.delivered_on = text(row, 7);
          v.due_on = text(row, 8);
          out.push_back(std::move(v));
        }
      }
      {
        soci::rowset<soci::row> rows =
            (sql.prepare << "SELECT o.id, o.topic, o.status, s.status, s.attempts, s.last_error, s.next_attempt_at, s.sent_at, "
                            "s.created_at FROM sms_deliveries s JOIN outbox o ON o.id = s.outbox_id WHERE s." +
                                column + " = :v ORDER BY o.id",
             soci::use(value));
        for (const auto& row : rows) {
          DeliveryView v;
          v.outbox_id = integer(row, 0);
          v.topic = text(row, 1);
          v.outbox_status = text(row, 2);
          v.channel = "sms";
          v.status = text(row, 3);
          v.attempts = static_cast<int>(integer(row, 4));
          v.last_error = text(row, 5);
          if (v.status == "pending") v.next_attempt_at = text(row, 6);
          v.delivered_at = text(row, 7);
          v.created_at = text(row, 8);
          out.push_back(std::move(v));
        }
      }
      // Messages not dispatched yet, or that could not be: their payload names the case or ref.
      soci::rowset<soci::row> rows =
          (sql.prepare << std::string("SELECT o.id, o.topic, o.status, o.attempts, o.last_error, o.created_at, o.payload "
                                      "FROM outbox o WHERE o.status IN ('pending', 'failed') AND ") +
                              kOurTopics +
                              " AND NOT EXISTS (SELECT 1 FROM cabinet_notices c WHERE c.outbox_id = o.id) "
                              "AND NOT EXISTS (SELECT 1 FROM sms_deliveries s WHERE s.outbox_id = o.id) ORDER BY o.id LIMIT 5000");
      for (const auto& row : rows) {
        const json payload = json::parse(text(row, 6), nullptr, false);
        if (!payload.is_object() || !payload.contains(payload_field) || payload[payload_field] != value) continue;
        DeliveryView v;
        v.outbox_id = integer(row, 0);
        v.topic = text(row, 1);
        v.outbox_status = text(row, 2);
        v.status = v.outbox_status;
        v.attempts = static_cast<int>(integer(row, 3));
        v.last_error = text(row, 4);
        v.created_at = text(row, 5);
        out.push_back(std::move(v));
      }
      return {};
    }));
    std::stable_sort(out.begin(), out.end(), [](const DeliveryView& a, const DeliveryView& b) { return a.outbox_id < b.outbox_id; });
    return out;
  }

  Database& db_;
};

}  // namespace

std::unique_ptr<notify::NotificationStore> make_notification_store(Database& db) {
  return std::make_unique<SqlNotificationStore>(db);
}

}  // namespace komek::store
