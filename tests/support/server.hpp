// A `komek serve` for one end-to-end test: its own directory, SQLite database, test clock
// and accounts, and the HTTP calls tests make of it. Stopping it checks that it exited
// cleanly and that its log holds no IIN (RELIABILITY S3).
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/process.hpp"

namespace komek::test {

class KomekServer {
 public:
  // `name` keeps the directories of tests running at the same time apart.
  explicit KomekServer(const std::string& name);
  ~KomekServer();
  KomekServer(const KomekServer&) = delete;
  KomekServer& operator=(const KomekServer&) = delete;

  // The local time the server sees ("YYYY-MM-DDTHH:MM"), read by it at every request.
  void set_clock(const std::string& local);
  // An account named `name` (default "Name of <login>") with the password
  // "correct horse battery <login>".
  void add_user(const std::string& login, const std::string& role, const std::string& territory,
                const std::string& iin = "", const std::string& name = "");
  // Starts `komek serve` on a free port with the test clock and `extra` arguments; waits
  // until it accepts connections. Returns false (with the output in `output()`) otherwise.
  bool start(const std::vector<std::string>& extra = {});
  // SIGTERM; the exit status (0 when it stopped cleanly).
  int stop();

  // Sign in: the session token.
  std::string login(const std::string& who);
  // A POST with a fresh idempotency key (or `key`), in English unless `lang` is given.
  HttpResponse post(const std::string& token, const std::string& path, const nlohmann::json& body,
                    const std::string& key = "", const std::string& lang = "en");
  HttpResponse get_raw(const std::string& token, const std::string& path, const std::string& lang = "en");
  // A GET whose status is expected to be `expect`; the body as JSON.
  nlohmann::json get(const std::string& token, const std::string& path, int expect = 200);
  // The body of a response whose status is expected to be `status`.
  static nlohmann::json ok(const HttpResponse& r, int status = 200);
  // Runs `komek args...` (e.g. a CLI command against this server's database).
  CommandResult komek(const std::vector<std::string>& args) const;

  [[nodiscard]] std::string db() const { return (dir_ / "komek.db").string(); }
  [[nodiscard]] const std::filesystem::path& dir() const { return dir_; }
  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] std::string output() const;

 private:
  std::filesystem::path dir_;
  int port_ = 0;
  int keys_ = 0;
  std::unique_ptr<BackgroundProcess> process_;
};

}  // namespace komek::test
