// The outbox's topics: what a message is for, and so which dispatcher path delivers it
// (notify/dispatcher.cpp). Stored by name.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace komek::work {

// When adding one, also update kTopicNames and the dispatcher's handling (notify/).
enum class Topic : std::uint8_t {
  kNoticeDecision,          // a decision's notice (forms 5 and 6) to the applicant
  kNoticeHearing,           // the hearing before a refusal (001 §18)
  kNoticeWrittenQuery,      // a written query that extends the deadline (004 §8)
  kNoticeRefusalToAccept,   // the refusal to accept (form 1-3)
  kCabinet,                 // a notice in a person's personal cabinet
  kSms,                     // a text message through the SMS gateway
  kAlertBudgetExceeded,     // a demand the budget line cannot cover, for staff
  kAlertUnknownPaymentResult,  // a result file named an order Komek never made (R6), for staff
  kPaymentsFilesReady,      // payment files made for the payment organisations
  kPaymentsOverpayment,     // a sum paid beyond what was due (a late death report), to recover
};

inline constexpr std::array<std::string_view, 10> kTopicNames = {
    "notice.decision",       "notice.hearing",
    "notice.written_query",  "notice.refusal_to_accept",
    "cabinet",               "sms",
    "alert.budget_exceeded", "alert.unknown_payment_result",
    "payments.files_ready",  "payments.overpayment"};

// The longest text a `sms` message may carry: 5 concatenated UCS-2 parts of 67 characters.
// Whoever writes one composes within it (the dispatcher refuses longer ones for good).
inline constexpr std::size_t kSmsTextCharsMax = 335;

// A one-time password never sits readable in the outbox or the SMS queue once it is sent
// (issue 13 finding 13): a `sms` message carries its text with this mark where the password
// goes and the password apart ("secret"); the dispatcher puts it in only for the gateway and
// forgets it once the SMS is sent or failed.
inline constexpr std::string_view kSmsSecretMark = "{otp}";

// The text as the phone receives it.
inline std::string sms_text_with_secret(std::string_view text, std::string_view secret) {
  std::string out;
  out.reserve(text.size() + secret.size() * 4);
  for (std::size_t at = 0;;) {
    const std::size_t mark = text.find(kSmsSecretMark, at);
    out.append(text.substr(at, mark == std::string_view::npos ? std::string_view::npos : mark - at));
    if (mark == std::string_view::npos) return out;
    out.append(secret);
    at = mark + kSmsSecretMark.size();
  }
}

constexpr std::string_view topic_name(Topic t) { return kTopicNames[static_cast<std::size_t>(t)]; }

constexpr std::optional<Topic> parse_topic(std::string_view name) {
  for (std::size_t i = 0; i < kTopicNames.size(); ++i)
    if (kTopicNames[i] == name) return static_cast<Topic>(i);
  return std::nullopt;
}

}  // namespace komek::work
