// End-to-end: notifications. `komek serve` with a test clock and a fake SMS gateway on
// 127.0.0.1 (a thread of this test) that fails the first requests with 500, then accepts one
// and drops the connection before answering, then dedupes by the idempotency key. A case is
// taken to a decision over HTTP; the SMS must reach the gateway exactly once, the applicant's
// cabinet must show the notice within a working day, and the printed form must download.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/server.hpp"

namespace komek::test {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using namespace std::chrono_literals;

// The gateway side of docs/notifications.md "Gateway protocol".
class FakeSmsGateway {
 public:
  FakeSmsGateway(int fail_first, bool drop_one) : fail_first_(fail_first), drop_one_(drop_one) {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    int yes = 1;
    setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(listener_, 16) != 0)
      throw std::runtime_error("fake gateway: cannot listen");
    socklen_t len = sizeof addr;
    getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~FakeSmsGateway() {
    stop_ = true;
    thread_.join();
    close(listener_);
  }
  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1/sms"; }
  // Every request's idempotency key, in order; and the messages actually "sent" per key.
  std::vector<std::string> keys() {
    std::lock_guard lock(mutex_);
    return keys_;
  }
  std::map<std::string, json> sent() {
    std::lock_guard lock(mutex_);
    return sent_;
  }

 private:
  void serve() {
    while (!stop_) {
      pollfd p{listener_, POLLIN, 0};
      if (poll(&p, 1, 50) <= 0) continue;
      const int fd = accept(listener_, nullptr, nullptr);
      if (fd < 0) continue;
      handle(fd);
      close(fd);
    }
  }
  void handle(int fd) {
    std::string raw;
    char buf[4096];
    std::size_t need = std::string::npos;
    while (need == std::string::npos || raw.size() < need) {
      pollfd p{fd, POLLIN, 0};
      if (poll(&p, 1, 2000) <= 0) return;
      const ssize_t n = read(fd, buf, sizeof buf);
      if (n <= 0) return;
      raw.append(buf, static_cast<std::size_t>(n));
      const auto head = raw.find("\r\n\r\n");
      if (head != std::string::npos && need == std::string::npos) {
        std::string lower = raw.substr(0, head);
        for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        const auto cl = lower.find("content-length:");
        need = head + 4 + (cl == std::string::npos ? 0 : std::stoul(lower.substr(cl + 15)));
      }
    }
    const auto head = raw.find("\r\n\r\n");
    std::string key;
    {
      std::string lower = raw.substr(0, head);
      for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      const auto k = lower.find("idempotency-key:");
      if (k != std::string::npos) {
        const auto end = raw.find("\r\n", k);
        key = raw.substr(k + 16, end - k - 16);
        while (!key.empty() && key.front() == ' ') key.erase(0, 1);
      }
    }
    const json body = json::parse(raw.substr(head + 4), nullptr, false);
    std::unique_lock lock(mutex_);
    keys_.push_back(key);
    const int n = static_cast<int>(keys_.size());
    if (n <= fail_first_) {
      lock.unlock();
      respond(fd, 500, R"({"error":"temporarily unavailable"})");
      return;
    }
    const bool known = sent_.count(key) > 0;
    if (!known) sent_[key] = body;  // "sent" to the phone now, whatever happens to the answer
    const std::string id = "gw-" + std::to_string(sent_.size());
    lock.unlock();
    if (drop_one_ && !dropped_) {
      dropped_ = true;  // accepted, then the connection is lost before the answer
      return;
    }
    respond(fd, 200, json{{"id", id}, {"duplicate", known}}.dump());
  }
  static void respond(int fd, int status, const std::string& body) {
    const std::string text = "HTTP/1.1 " + std::to_string(status) + (status == 200 ? " OK" : " Error") +
                             "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
                             "\r\nConnection: close\r\n\r\n" + body;
    std::size_t done = 0;
    while (done < text.size()) {
      const ssize_t n = write(fd, text.data() + done, text.size() - done);
      if (n <= 0) return;
      done += static_cast<std::size_t>(n);
    }
  }

  int fail_first_;
  bool drop_one_;
  bool dropped_ = false;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::vector<std::string> keys_;
  std::map<std::string, json> sent_;
  std::thread thread_;
};

class Notify : public ::testing::Test {
 protected:
  void SetUp() override {
    s.add_user("officer1", "officer", "3348", "", "Сейітқали Ұлжан");
    s.add_user("officer15", "officer", "15");
    s.add_user("citizen", "applicant", "", "900101300811");
  }
  void start(const std::vector<std::string>& extra) {
    std::vector<std::string> args = {"--registry-families", "50", "--notify-interval", "100", "--sms-retry-base", "50"};
    args.insert(args.end(), extra.begin(), extra.end());
    ASSERT_TRUE(s.start(args)) << s.output();
  }
  std::string db() const { return s.db(); }
  void set_clock(const std::string& local) { s.set_clock(local); }
  std::string login(const std::string& who) { return s.login(who); }
  json post(const std::string& token, const std::string& path, const json& body) {
    auto r = s.post(token, path, body);
    EXPECT_LT(r.status, 300) << path << " " << r.body;
    return json::parse(r.body);
  }
  HttpResponse get_raw(const std::string& token, const std::string& path) { return s.get_raw(token, path); }
  json get(const std::string& token, const std::string& path) { return s.get(token, path); }

  // A Koksu disaster case with a mobile number, granted on Friday 6 March 2026 (form 5).
  std::string granted_case(const std::string& t) {
    const json family = json::parse(R"({"territory": "334820000", "application_date": "2026-03-02",
      "members": [{"iin": "900101300811", "birth_date": "1990-01-01", "relation": "applicant"}],
      "facts": [{"type": "natural_disaster", "date": "2026-02-20"}]})");
    json c = post(t, "/api/v1/cases", {{"channel", "authorized_body"}, {"pack", "koksu-local"}, {"programmes", {"disaster_help"}},
                                      {"family", family}, {"applicant_name", "Әсел Құрманғазықызы"}, {"phone", "+7 701 123 45 67"}});
    const std::string id = c["id"];
    post(t, "/api/v1/cases/" + id + "/accept", json::object());
    c = post(t, "/api/v1/cases/" + id + "/registry", json::object());
    if (c["state"] == "awaiting_documents") post(t, "/api/v1/cases/" + id + "/documents-received", json::object());
    set_clock("2026-03-03T11:00");
    post(t, "/api/v1/cases/" + id + "/commission", {{"kind", "district"}});
    set_clock("2026-03-05T15:00");
    post(t, "/api/v1/cases/" + id + "/commission/conclusion", {{"in_need", true}});
    set_clock("2026-03-06T09:30");
    c = post(t, "/api/v1/cases/" + id + "/decision", json::object());
    EXPECT_EQ(c["state"], "granted");
    return id;
  }
  json sms_of(const std::string& t, const std::string& id) {
    const json all = get(t, "/api/v1/notifications?case=" + id);
    for (const auto& d : all["deliveries"])
      if (d["channel"] == "sms") return d;
    return json();
  }
  json wait_for_sms(const std::string& t, const std::string& id, const std::string& status) {
    json sms;
    for (int i = 0; i < 300; ++i) {
      sms = sms_of(t, id);
      if (!sms.is_null() && sms["status"] == status) return sms;
      std::this_thread::sleep_for(100ms);
    }
    ADD_FAILURE() << "the SMS did not become " << status << ": " << get(t, "/api/v1/notifications?case=" + id).dump() << "\n"
                  << s.output();
    return sms;
  }

  KomekServer s{::testing::UnitTest::GetInstance()->current_test_info()->name()};
};

TEST_F(Notify, TheDecisionReachesTheGatewayExactlyOnceTheCabinetAndThePrintedForm) {
  FakeSmsGateway gateway(2, true);  // 500, 500, accepted-but-dropped, then dedupe
  start({"--sms-gateway", gateway.url()});
  const std::string t = login("officer1");
  const std::string id = granted_case(t);

  const json sms = wait_for_sms(t, id, "sent");
  EXPECT_EQ(sms["attempts"], 4);
  EXPECT_EQ(sms["outbox_status"], "delivered");
  EXPECT_TRUE(sms["next_attempt_at"].is_null());
  // Four requests with one key; the phone got one message.
  const auto keys = gateway.keys();
  ASSERT_EQ(keys.size(), 4u);
  for (const auto& k : keys) EXPECT_EQ(k, keys[0]);
  EXPECT_EQ(keys[0].rfind("komek-outbox-", 0), 0u) << keys[0];
  const auto sent = gateway.sent();
  ASSERT_EQ(sent.size(), 1u);
  const json& message = sent.begin()->second;
  EXPECT_EQ(message["to"], "+77011234567");
  EXPECT_NE(message["text"].get<std::string>().find("тағайындалды"), std::string::npos) << message.dump();
  EXPECT_NE(message["text"].get<std::string>().find("назначена"), std::string::npos) << message.dump();
  // Nothing more goes out later.
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(gateway.keys().size(), 4u);

  // The applicant's cabinet: the notice, due one working day after Friday's decision (Tuesday
  // 10 March: the weekend and 9 March are days off), there the same day.
  const std::string citizen = login("citizen");
  const json notices = get(citizen, "/api/v1/cabinet/notices")["notices"];
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0]["kind"], "decision");
  EXPECT_EQ(notices[0]["case"], id);
  EXPECT_EQ(notices[0]["form"], "5");
  EXPECT_EQ(notices[0]["due_on"], "2026-03-10");
  EXPECT_EQ(notices[0]["delivered_on"], "2026-03-06");
  EXPECT_LE(notices[0]["delivered_on"].get<std::string>(), notices[0]["due_on"].get<std::string>());
  EXPECT_EQ(notices[0]["title"]["kk"], "Әлеуметтік көмек көрсету туралы хабарлама");
  EXPECT_NE(notices[0]["body"]["ru"].get<std::string>().find("300 000,00"), std::string::npos) << notices[0].dump();
  // Staff have no cabinet.
  EXPECT_TRUE(get(t, "/api/v1/cabinet/notices")["notices"].empty());

  // The printed notice (form 5), for the applicant and for staff of the territory only.
  const auto pdf = get_raw(citizen, "/api/v1/cases/" + id + "/notice.pdf?lang=kk");
  ASSERT_EQ(pdf.status, 200) << pdf.body.substr(0, 300);
  EXPECT_NE(pdf.headers.find("application/pdf"), std::string::npos) << pdf.headers;
  ASSERT_EQ(pdf.body.rfind("%PDF-", 0), 0u);
  std::ofstream(s.dir() / "notice.pdf", std::ios::binary) << pdf.body;
  auto text = run_command("/usr/bin/pdftotext", {"-enc", "UTF-8", (s.dir() / "notice.pdf").string(), "-"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("Әлеуметтік көмек көрсету туралы хабарлама"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("Сейітқали Ұлжан"), std::string::npos) << text.out;  // the officer's full name
  EXPECT_NE(text.out.find("000,00"), std::string::npos) << text.out;
  EXPECT_EQ(get_raw(t, "/api/v1/cases/" + id + "/notice.pdf?lang=ru").status, 200);
  EXPECT_EQ(get_raw(login("officer15"), "/api/v1/cases/" + id + "/notice.pdf").status, 404);
  const auto bad_lang = get_raw(t, "/api/v1/cases/" + id + "/notice.pdf?lang=en");
  EXPECT_EQ(bad_lang.status, 400);
  EXPECT_EQ(json::parse(bad_lang.body)["field"], "lang");
  // Delivery states need a case or a ref.
  EXPECT_EQ(get_raw(t, "/api/v1/notifications").status, 400);
}

TEST_F(Notify, WithoutAGatewaySmsWaitAndRunOnceDeliversThem) {
  start({});
  const std::string t = login("officer1");
  const std::string id = granted_case(t);
  // The cabinet is served at once; the SMS waits for a gateway.
  const std::string citizen = login("citizen");
  for (int i = 0; i < 100 && get(citizen, "/api/v1/cabinet/notices")["notices"].empty(); ++i)
    std::this_thread::sleep_for(100ms);
  EXPECT_EQ(get(citizen, "/api/v1/cabinet/notices")["notices"].size(), 1u);
  const json waiting = wait_for_sms(t, id, "pending");
  EXPECT_EQ(waiting["attempts"], 0);
  EXPECT_EQ(s.stop(), 0) << s.output();

  FakeSmsGateway gateway(0, false);
  auto r = run_command(KOMEK_BINARY, {"notify", "run-once", "--db", db(), "--clock", (s.dir() / "clock").string(),
                                      "--sms-gateway", gateway.url(), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const json report = json::parse(r.out);
  EXPECT_EQ(report["sms_sent"], 1);
  EXPECT_EQ(report["queue"]["sms_pending"], 0);
  EXPECT_EQ(gateway.sent().size(), 1u);
  // A second pass has nothing to do.
  r = run_command(KOMEK_BINARY, {"notify", "run-once", "--db", db(), "--sms-gateway", gateway.url(), "--json"});
  EXPECT_EQ(json::parse(r.out)["sms_sent"], 0);
  EXPECT_EQ(gateway.keys().size(), 1u);
  // A malformed gateway address is refused naming the option.
  r = run_command(KOMEK_BINARY, {"notify", "run-once", "--db", db(), "--sms-gateway", "ftp://x"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--sms-gateway"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace komek::test
