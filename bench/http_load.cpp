// An open-loop load generator for latency at a fixed rate (Debian's wrk has no -R): requests
// are scheduled at exact intervals and each latency is measured from its scheduled time, so a
// slow server cannot hide its queueing (no coordinated omission).
//
//   http_load PORT RATE SECONDS CONNECTIONS KIND TOKEN [CASE_ID]
//   KIND: submit (POST a case, then register it) | read (GET /api/v1/cases/CASE_ID)
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

int connect_to(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    std::perror("connect");
    std::exit(1);
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

// One request on a kept-alive connection; returns the status and the body.
std::pair<int, std::string> exchange(int fd, const std::string& request) {
  std::size_t sent = 0;
  while (sent < request.size()) {
    const ssize_t n = write(fd, request.data() + sent, request.size() - sent);
    if (n <= 0) return {0, ""};
    sent += static_cast<std::size_t>(n);
  }
  std::string in;
  char buf[16384];
  std::size_t header_end = std::string::npos;
  std::size_t length = 0;
  while (true) {
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) return {0, ""};
    in.append(buf, static_cast<std::size_t>(n));
    if (header_end == std::string::npos) {
      header_end = in.find("\r\n\r\n");
      if (header_end == std::string::npos) continue;
      std::string lower = in.substr(0, header_end);
      std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      const auto cl = lower.find("content-length:");
      length = cl == std::string::npos ? 0 : std::stoul(lower.substr(cl + 15));
    }
    if (in.size() >= header_end + 4 + length) break;
  }
  return {std::atoi(in.substr(9, 3).c_str()), in.substr(header_end + 4, length)};
}

std::string post(const std::string& path, const std::string& token, const std::string& key, const std::string& body) {
  return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\nIdempotency-Key: " + key +
         "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 7) {
    std::fprintf(stderr, "usage: http_load PORT RATE SECONDS CONNECTIONS submit|read TOKEN [CASE_ID]\n");
    return 2;
  }
  const int port = std::atoi(argv[1]);
  const double rate = std::atof(argv[2]);
  const double seconds = std::atof(argv[3]);
  const int connections = std::atoi(argv[4]);
  const std::string kind = argv[5];
  const std::string token = argv[6];
  const std::string case_id = argc > 7 ? argv[7] : "";
  const auto total = static_cast<long>(rate * seconds);
  const auto interval = std::chrono::duration<double>(1.0 / rate);
  const auto start = Clock::now() + std::chrono::milliseconds(100);
  std::atomic<long> next{0};
  std::atomic<long> errors{0};
  std::mutex mutex;
  std::vector<double> latencies_ms;
  const std::string family =
      R"({"territory": "334820000", "application_date": "2026-03-02", "members": [{"iin": "900101300811", "birth_date": "1990-01-01", "relation": "applicant"}], "facts": [{"type": "natural_disaster", "date": "2026-02-20"}]})";
  std::vector<std::thread> workers;
  for (int w = 0; w < connections; ++w) {
    workers.emplace_back([&, w] {
      const int fd = connect_to(port);
      std::vector<double> mine;
      for (long i = next++; i < total; i = next++) {
        const auto scheduled = start + std::chrono::duration_cast<Clock::duration>(interval * static_cast<double>(i));
        std::this_thread::sleep_until(scheduled);
        bool ok = true;
        if (kind == "read") {
          ok = exchange(fd, "GET /api/v1/cases/" + case_id + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n\r\n").first == 200;
        } else {
          const std::string key = "load-" + std::to_string(w) + "-" + std::to_string(i) + "-" + std::to_string(start.time_since_epoch().count());
          auto [status, body] = exchange(fd, post("/api/v1/cases", token, key, R"({"channel": "authorized_body", "pack": "koksu-local", "programmes": ["disaster_help"], "family": )" + family + "}"));
          const auto at = body.find("\"id\":\"");
          ok = status == 201 && at != std::string::npos;
          if (ok) ok = exchange(fd, post("/api/v1/cases/" + body.substr(at + 6, 32) + "/accept", token, key + "-a", "{}")).first == 200;
        }
        if (!ok) ++errors;
        mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - scheduled).count());
      }
      close(fd);
      std::lock_guard lock(mutex);
      latencies_ms.insert(latencies_ms.end(), mine.begin(), mine.end());
    });
  }
  for (auto& t : workers) t.join();
  std::sort(latencies_ms.begin(), latencies_ms.end());
  auto pct = [&](double p) { return latencies_ms[std::min(latencies_ms.size() - 1, static_cast<std::size_t>(p * static_cast<double>(latencies_ms.size())))]; };
  std::printf("%s at %.0f/s for %.0f s on %d connections: %zu done, %ld errors; latency from schedule p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
              kind.c_str(), rate, seconds, connections, latencies_ms.size(), errors.load(), pct(0.5), pct(0.9), pct(0.99),
              latencies_ms.back());
  return errors.load() == 0 ? 0 : 1;
}
