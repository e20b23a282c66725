#include "support/server.hpp"

#include <signal.h>
#include <unistd.h>

#include <fstream>
#include <regex>

#include <gtest/gtest.h>

namespace komek::test {

namespace fs = std::filesystem;
using json = nlohmann::json;
using namespace std::chrono_literals;

KomekServer::KomekServer(const std::string& name) {
  std::string clean = name;
  for (char& ch : clean)
    if (ch == '/') ch = '-';
  dir_ = fs::temp_directory_path() / ("komek-e2e-" + std::to_string(::getpid()) + "-" + clean);
  fs::remove_all(dir_);
  fs::create_directories(dir_);
  set_clock("2026-03-02T10:00");
}

KomekServer::~KomekServer() {
  if (process_) {
    EXPECT_EQ(stop(), 0) << output();
  }
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

void KomekServer::set_clock(const std::string& local) { std::ofstream(dir_ / "clock") << local; }

void KomekServer::add_user(const std::string& login, const std::string& role, const std::string& territory,
                           const std::string& iin, const std::string& name) {
  std::ofstream(dir_ / "pw") << "correct horse battery " << login << "\n";
  std::vector<std::string> args = {"users", "add", "--db", db(), "--login", login, "--role", role, "--territory",
                                   territory, "--name", name.empty() ? "Name of " + login : name, "--password-file", (dir_ / "pw").string()};
  if (!iin.empty()) args.insert(args.end(), {"--iin", iin});
  // A region's code is a wide scope: granted explicitly, as an administrator would.
  if (territory.size() == 2) args.insert(args.end(), {"--grant-wide-scope", "test fixture: a whole region"});
  auto r = komek(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

bool KomekServer::start(const std::vector<std::string>& extra) {
  port_ = free_port();
  std::vector<std::string> args = {"serve", "--port", std::to_string(port_), "--db", db(), "--clock", (dir_ / "clock").string()};
  args.insert(args.end(), extra.begin(), extra.end());
  process_ = std::make_unique<BackgroundProcess>(KOMEK_BINARY, args);
  return wait_for_port(port_, 60s);
}

int KomekServer::stop() {
  if (!process_) return 0;
  const int status = process_->stop(SIGTERM, 20s);
  const std::string log = process_->output();
  static const std::regex iin(R"((^|[^0-9])[0-9]{12}([^0-9]|$))");
  EXPECT_FALSE(std::regex_search(log, iin)) << "an IIN in the server's log:\n" << log;
  process_.reset();
  return status;
}

std::string KomekServer::output() const { return process_ ? process_->output() : std::string(); }

std::string KomekServer::login(const std::string& who) {
  auto r = http_request(port_, "POST", "/api/v1/sessions", {"Content-Type: application/json"},
                        json{{"login", who}, {"password", "correct horse battery " + who}}.dump());
  EXPECT_EQ(r.status, 201) << r.body;
  return r.status == 201 ? json::parse(r.body)["token"].get<std::string>() : std::string();
}

HttpResponse KomekServer::post(const std::string& token, const std::string& path, const json& body, const std::string& key,
                               const std::string& lang) {
  const std::string k = key.empty() ? "e2e-" + std::to_string(++keys_) : key;
  return http_request(port_, "POST", path,
                      {"Authorization: Bearer " + token, "Idempotency-Key: " + k, "Content-Type: application/json",
                       "Accept-Language: " + lang},
                      body.dump());
}

HttpResponse KomekServer::get_raw(const std::string& token, const std::string& path, const std::string& lang) {
  return http_request(port_, "GET", path, {"Authorization: Bearer " + token, "Accept-Language: " + lang});
}

json KomekServer::get(const std::string& token, const std::string& path, int expect) {
  auto r = get_raw(token, path);
  EXPECT_EQ(r.status, expect) << path << " " << r.body;
  return r.body.empty() ? json() : json::parse(r.body, nullptr, false);
}

json KomekServer::ok(const HttpResponse& r, int status) {
  EXPECT_EQ(r.status, status) << r.body;
  return json::parse(r.body, nullptr, false);
}

CommandResult KomekServer::komek(const std::vector<std::string>& args) const { return run_command(KOMEK_BINARY, args); }

}  // namespace komek::test
