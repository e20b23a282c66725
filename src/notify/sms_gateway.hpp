// The SMS gateway port and its HTTP client (DESIGN: the SMS client lives in notify/).
//
// The protocol Komek speaks (docs/notifications.md "Gateway protocol"):
//
//   POST <url>
//   Content-Type: application/json
//   Idempotency-Key: komek-outbox-<outbox id>
//   {"to": "+77011234567", "text": "…", "ref": "komek-outbox-<outbox id>"}
//
//   2xx {"id": "<gateway's message id>"}        accepted (a repeated key answers the same id)
//   408, 429, 5xx, timeout, connection lost      transient: retried with backoff
//   other 4xx                                    permanent: the SMS is failed
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "core/result.hpp"

namespace komek::notify {

struct SmsMessage {
  std::string phone;            // "+7XXXXXXXXXX"
  std::string text;
  std::string idempotency_key;
};

struct SmsSendResult {
  // When adding one, also update the dispatcher's handling.
  enum class Kind {
    kAccepted,   // the gateway took it
    kTransient,  // try again later
    kPermanent,  // the gateway will never take it
  };
  Kind kind = Kind::kTransient;
  std::string gateway_id;       // kAccepted: the gateway's id
  std::string error;            // otherwise: what went wrong (for the delivery status; no phone numbers)
};

class SmsGateway {
 public:
  virtual ~SmsGateway() = default;
  virtual SmsSendResult send(const SmsMessage& message) = 0;
};

struct HttpGatewayConfig {
  std::string url;                                    // http:// or https://
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds timeout{10000};           // the whole request
};

// Checks the URL's form ("notify.gateway_url" otherwise, naming --sms-gateway).
Result<void> check_gateway_url(const std::string& url);
// The libcurl client of the protocol above.
std::unique_ptr<SmsGateway> make_http_sms_gateway(const HttpGatewayConfig& config);

}  // namespace komek::notify
