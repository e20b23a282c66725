#include "notify/dispatcher.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "core/iin.hpp"
#include "core/messages.hpp"
#include "notify/compose.hpp"
#include "work/topics.hpp"

namespace komek::notify {
namespace {

using json = nlohmann::json;

constexpr std::size_t kRefCharsMax = 200;
constexpr std::size_t kKindCharsMax = 60;
constexpr std::size_t kTitleCharsMax = 300;
constexpr std::size_t kBodyCharsMax = 4000;
constexpr std::size_t kSecretCharsMax = 16;    // a one-time password: six digits today

Error payload_error(const std::string& field) {
  Error e(ErrorCode::kInvalidInput, "notify.payload", {{"field", field}});
  e.field = field;
  return e;
}

// A string field of the payload: absent is "", a non-string or an over-long one is an error.
std::optional<std::string> text_field(const json& j, const char* name, std::size_t max_chars, bool required,
                                      std::optional<Error>& error) {
  if (!j.contains(name) || j[name].is_null()) {
    if (required) error = payload_error(name);
    return required ? std::nullopt : std::optional<std::string>("");
  }
  if (!j[name].is_string()) {
    error = payload_error(name);
    return std::nullopt;
  }
  const auto& s = j[name].get_ref<const std::string&>();
  if (utf8_length(s) > max_chars || (required && s.empty())) {
    Error e(ErrorCode::kInvalidInput, "notify.text_length", {{"max", std::to_string(max_chars)}});
    e.field = name;
    error = e;
    return std::nullopt;
  }
  return s;
}

std::optional<Texts> texts_field(const json& j, const char* name, std::size_t max_chars, std::optional<Error>& error) {
  if (!j.contains(name) || !j[name].is_object()) {
    error = payload_error(name);
    return std::nullopt;
  }
  Texts t;
  const std::pair<const char*, std::string*> slots[] = {{"kk", &t.kk}, {"ru", &t.ru}, {"en", &t.en}};
  for (const auto& [lang, target] : slots) {
    auto v = text_field(j[name], lang, max_chars, true, error);
    if (!v) {
      if (error) error->field = std::string(name) + "." + lang;
      return std::nullopt;
    }
    *target = *v;
  }
  return t;
}

}  // namespace

std::string sms_key(std::int64_t outbox_id) { return "komek-outbox-" + std::to_string(outbox_id); }

Result<Dispatch> Dispatcher::dispatch_of(const OutboxEntry& m, const DispatchTime& time) {
  Dispatch d;
  d.outbox_id = m.id;
  d.topic = m.topic;
  d.at = iso_utc(time.now);
  json payload;
  try {
    payload = json::parse(m.payload);
  } catch (const json::exception&) {
    d.error = payload_error("payload");
    return d;
  }
  if (!payload.is_object()) {
    d.error = payload_error("payload");
    return d;
  }
  auto new_sms = [&](const std::string& phone, const std::string& text, const std::string& case_id, const std::string& ref) {
    SmsDelivery s;
    s.outbox_id = m.id;
    s.idempotency_key = sms_key(m.id);
    s.case_id = case_id;
    s.ref = ref;
    s.phone = phone;
    s.text = text;
    s.status = SmsStatus::kPending;
    s.next_attempt_at = d.at;
    s.created_at = d.at;
    return s;
  };

  if (m.topic.rfind("notice.", 0) == 0) {
    auto case_id = text_field(payload, "case", 64, true, d.error);
    if (!case_id) return d;
    KOMEK_TRY(found, cases_.get(*case_id));
    if (!found) {
      Error e(ErrorCode::kNotFound, "notify.case_not_found");
      e.field = "case";
      d.error = e;
      return d;
    }
    const cases::Case& c = *found;
    const rules::Pack* pack = packs_ ? packs_(c.pack_id) : nullptr;
    auto content = compose_notice(m.topic.substr(7), c, rules::PeriodsInForce(calendar_, procedure_, pack));
    if (!content) {
      d.error = content.error();
      return d;
    }
    CabinetNotice n;
    n.outbox_id = m.id;
    n.iin = c.applicant_iin;
    n.kind = content->kind;
    n.case_id = c.id;
    n.form = content->form;
    n.title = content->title;
    n.body = content->body;
    n.due_on = content->due_on;
    n.due_cites = content->due_cites;
    n.delivered_at = d.at;
    n.delivered_on = time.today;
    n.created_at = m.created_at;
    d.notice = std::move(n);
    // The number given with the message (the decision's), else the application's (001 §19).
    std::string phone = payload.contains("phone") && payload["phone"].is_string() ? payload["phone"].get<std::string>() : "";
    if (phone.empty()) phone = c.phone;
    if (phone.empty()) {
      d.note = "notify.no_phone";
    } else if (auto normal = normalize_phone(phone)) {
      d.sms = new_sms(*normal, content->sms_text, c.id, "");
    } else {
      d.note = "notify.phone";
    }
    return d;
  }

  if (m.topic == "sms") {
    auto phone = text_field(payload, "phone", 20, true, d.error);
    if (!phone) return d;
    auto normal = normalize_phone(*phone);
    if (!normal) {
      Error e(ErrorCode::kInvalidInput, "notify.phone", {{"value", mask_phone(*phone)}});
      e.field = "phone";
      d.error = e;
      return d;
    }
    // The length is that of the text as the phone gets it, with the password in.
    auto secret = text_field(payload, "secret", kSecretCharsMax, false, d.error);
    if (!secret) return d;
    auto text = text_field(payload, "text", 4 * kSmsTextCharsMax, true, d.error);
    if (!text) return d;
    if (utf8_length(work::sms_text_with_secret(*text, *secret)) > kSmsTextCharsMax) {
      Error e(ErrorCode::kInvalidInput, "notify.text_length", {{"max", std::to_string(kSmsTextCharsMax)}});
      e.field = "text";
      d.error = e;
      return d;
    }
    auto ref = text_field(payload, "ref", kRefCharsMax, false, d.error);
    if (!ref) return d;
    d.sms = new_sms(*normal, *text, "", *ref);
    if (!secret->empty()) {
      d.sms->secret = *secret;
      json kept = payload;
      kept.erase("secret");
      d.payload_kept = kept.dump();
    }
    return d;
  }

  if (m.topic == "cabinet") {
    auto iin = text_field(payload, "iin", 12, true, d.error);
    if (!iin) return d;
    if (!Iin::parse(*iin)) {
      Error e(ErrorCode::kInvalidInput, "notify.iin");
      e.field = "iin";
      d.error = e;
      return d;
    }
    auto kind = text_field(payload, "kind", kKindCharsMax, true, d.error);
    if (!kind) return d;
    auto title = texts_field(payload, "title", kTitleCharsMax, d.error);
    if (!title) return d;
    auto body = texts_field(payload, "body", kBodyCharsMax, d.error);
    if (!body) return d;
    auto ref = text_field(payload, "ref", kRefCharsMax, false, d.error);
    if (!ref) return d;
    CabinetNotice n;
    n.outbox_id = m.id;
    n.iin = *iin;
    n.kind = *kind;
    n.ref = *ref;
    n.title = *title;
    n.body = *body;
    n.delivered_at = d.at;
    n.delivered_on = time.today;
    n.created_at = m.created_at;
    d.notice = std::move(n);
    return d;
  }

  d.error = Error(ErrorCode::kInvalidInput, "notify.topic_unknown", {{"topic", m.topic.substr(0, 60)}});
  return d;
}

Result<DispatchReport> Dispatcher::run_once(const DispatchTime& time, const std::function<double()>& jitter) {
  DispatchReport report;
  report.gateway = gateway_ != nullptr;
  KOMEK_TRY(messages, store_.undispatched(kBatchMax));
  for (const auto& m : messages) {
    KOMEK_TRY(d, dispatch_of(m, time));
    KOMEK_TRY(recorded, store_.record_dispatch(d));
    if (!recorded) continue;  // another dispatcher was first
    if (d.error) {
      ++report.messages_failed;
      spdlog::warn("notify: outbox message {} ({}) cannot be delivered: {} {}", m.id, m.topic, d.error->message_key,
                   d.error->field);
      continue;
    }
    ++report.dispatched;
    if (d.notice) ++report.notices;
    if (d.sms) ++report.sms_queued;
  }

  if (gateway_ != nullptr) {
    const std::string now = iso_utc(time.now);
    KOMEK_TRY(claimed, store_.claim_due_sms(now, iso_utc(time.now + policy_.lease), kBatchMax));
    for (const auto& s : claimed) {
      const SmsSendResult sent =
          gateway_->send(SmsMessage{s.phone, work::sms_text_with_secret(s.text, s.secret), s.idempotency_key});
      SmsOutcome o;
      o.sms_id = s.id;
      o.outbox_id = s.outbox_id;
      o.at = now;
      o.attempts = s.attempts;
      switch (sent.kind) {
        case SmsSendResult::Kind::kAccepted:
          o.status = SmsStatus::kSent;
          o.gateway_id = sent.gateway_id;
          ++report.sms_sent;
          break;
        case SmsSendResult::Kind::kTransient:
          o.last_error = sent.error;
          if (may_retry(policy_, s.attempts)) {
            o.status = SmsStatus::kPending;
            o.next_attempt_at = iso_utc(time.now + retry_delay(policy_, s.attempts, jitter ? jitter() : 0.5));
            ++report.sms_retrying;
          } else {
            o.status = SmsStatus::kFailed;
            ++report.sms_failed;
          }
          break;
        case SmsSendResult::Kind::kPermanent:
          o.status = SmsStatus::kFailed;
          o.last_error = sent.error;
          ++report.sms_failed;
          break;
      }
      if (o.status != SmsStatus::kSent)
        spdlog::warn("notify: SMS of outbox message {} to {}: attempt {} {} ({})", s.outbox_id, mask_phone(s.phone),
                     s.attempts, sms_status_name(o.status), o.last_error);
      KOMEK_CHECK(store_.record_sms_outcome(o));
    }
  }
  KOMEK_TRY(counts, store_.counts());
  report.after = counts;
  return report;
}

}  // namespace komek::notify
