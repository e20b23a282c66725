// Running the built `komek` binary from tests: one-shot commands and a background server.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace komek::test {

struct CommandResult {
  int exit_code = -1;  // the process's exit status; 128+N when killed by signal N
  std::string out;
  std::string err;
};

// Runs `program args...` with no shell, waits for it, and captures stdout and stderr.
CommandResult run_command(const std::string& program, const std::vector<std::string>& args,
                          const std::vector<std::string>& extra_env = {});

// A child process started in the background with its output sent to a file.
class BackgroundProcess {
 public:
  BackgroundProcess(const std::string& program, const std::vector<std::string>& args);
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  [[nodiscard]] pid_t pid() const { return pid_; }
  // Sends a signal; then waits up to `timeout` for the exit status (-1 if it did not exit).
  int stop(int signal_number, std::chrono::milliseconds timeout);
  // Whether it has already exited (and its status, then).
  bool exited(int* status = nullptr);
  [[nodiscard]] std::string output() const;

 private:
  pid_t pid_ = -1;
  std::string log_path_;
  bool reaped_ = false;
  int status_ = -1;
};

// A TCP port on 127.0.0.1 that was free a moment ago.
int free_port();

// A minimal HTTP/1.1 client for tests: sends one request with Connection: close.
struct HttpResponse {
  int status = 0;
  std::string headers;
  std::string body;
};
HttpResponse http_request(int port, const std::string& method, const std::string& path,
                          const std::vector<std::string>& headers = {}, const std::string& body = "");
// Polls until something accepts connections on the port, or the timeout passes.
bool wait_for_port(int port, std::chrono::milliseconds timeout);

}  // namespace komek::test
