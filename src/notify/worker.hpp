// A background thread that runs a pass (the dispatcher) every interval until stopped: started
// and stopped with `komek serve`. Stopping wakes the thread at once and waits for the pass in
// progress to finish, so the server exits cleanly on SIGTERM.
//
//   Worker w([&] { dispatcher_pass(); }, std::chrono::seconds(3));
//   w.start();  … serve …  w.stop();
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace komek::notify {

class Worker {
 public:
  Worker(std::function<void()> pass, std::chrono::milliseconds interval)
      : pass_(std::move(pass)), interval_(interval) {}
  ~Worker() { stop(); }
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  void start();
  void stop();
  // Asks for a pass now instead of at the end of the interval.
  void wake();
  [[nodiscard]] long passes() const;

 private:
  void loop();

  std::function<void()> pass_;
  std::chrono::milliseconds interval_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool woken_ = false;
  long passes_ = 0;
  std::thread thread_;
};

}  // namespace komek::notify
