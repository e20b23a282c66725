// The SMS gateway client over HTTP with libcurl (one easy handle per request: the dispatcher
// sends a handful of messages every few seconds, so connection reuse buys nothing).
#include <curl/curl.h>

#include <mutex>

#include <nlohmann/json.hpp>

#include "notify/sms_gateway.hpp"

namespace komek::notify {
namespace {

using json = nlohmann::json;

// A gateway's answer is a small JSON object; anything longer is cut (and not trusted).
constexpr std::size_t kResponseBytesMax = 64 * 1024;

std::size_t collect(char* data, std::size_t size, std::size_t count, void* target) {
  auto* out = static_cast<std::string*>(target);
  const std::size_t n = size * count;
  if (out->size() < kResponseBytesMax) out->append(data, std::min(n, kResponseBytesMax - out->size()));
  return n;
}

void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

class HttpSmsGateway final : public SmsGateway {
 public:
  explicit HttpSmsGateway(HttpGatewayConfig config) : config_(std::move(config)) { init_curl_once(); }

  SmsSendResult send(const SmsMessage& message) override {
    CURL* curl = curl_easy_init();
    if (curl == nullptr) return {SmsSendResult::Kind::kTransient, "", "curl_easy_init failed"};
    const std::string body = json{{"to", message.phone}, {"text", message.text}, {"ref", message.idempotency_key}}.dump();
    const std::string key_header = "Idempotency-Key: " + message.idempotency_key;
    curl_slist* headers = nullptr;
    headers = curl_slist_append(headers, "Content-Type: application/json");
    headers = curl_slist_append(headers, key_header.c_str());
    headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
    std::string response;
    char error_buffer[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(curl, CURLOPT_URL, config_.url.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // worker threads: no SIGALRM for timeouts
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(config_.connect_timeout.count()));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(config_.timeout.count()));
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
    const CURLcode rc = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);

    if (rc != CURLE_OK) {
      // Refused, reset, timed out, or closed before the answer: the gateway may or may not have
      // taken the message; the retry carries the same idempotency key.
      const std::string what = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(rc);
      return {SmsSendResult::Kind::kTransient, "", "transport: " + what.substr(0, 200)};
    }
    if (status >= 200 && status < 300) {
      std::string id;
      try {
        const json j = json::parse(response);
        if (j.is_object() && j.contains("id") && j["id"].is_string()) id = j["id"].get<std::string>();
        else if (j.is_object() && j.contains("id") && j["id"].is_number_integer()) id = std::to_string(j["id"].get<long long>());
      } catch (const json::exception&) {
        // Accepted without a readable id: still accepted; the id is only for reconciliation.
      }
      return {SmsSendResult::Kind::kAccepted, id.substr(0, 100), ""};
    }
    const std::string what = "HTTP " + std::to_string(status);
    if (status == 408 || status == 429 || status >= 500) return {SmsSendResult::Kind::kTransient, "", what};
    return {SmsSendResult::Kind::kPermanent, "", what + ": " + response.substr(0, 200)};
  }

 private:
  HttpGatewayConfig config_;
};

}  // namespace

Result<void> check_gateway_url(const std::string& url) {
  const bool scheme = url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
  const std::size_t host_at = url.find("://") + 3;
  if (!scheme || url.size() <= host_at || url.size() > 2000 || url.find_first_of(" \t\r\n") != std::string::npos) {
    Error e(ErrorCode::kInvalidInput, "notify.gateway_url", {{"value", url.substr(0, 200)}});
    e.field = "--sms-gateway";
    return tl::unexpected(e);
  }
  return {};
}

std::unique_ptr<SmsGateway> make_http_sms_gateway(const HttpGatewayConfig& config) {
  return std::make_unique<HttpSmsGateway>(config);
}

}  // namespace komek::notify
