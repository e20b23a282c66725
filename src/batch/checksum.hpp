// XXH64 (Yann Collet's xxHash, 64-bit, seed 0), written here from the published algorithm:
// the population file's checksum. It runs at several GB/s, so checking a file of the whole
// country costs a fraction of the 1.5 s load budget of issue 7, where FNV-1a's byte-at-a-time
// multiply would take about a second on its own.
//
//   Xxh64 h;
//   h.update(header_bytes);
//   h.update(column_bytes);
//   std::uint64_t sum = h.digest();   // equals xxh64(all bytes at once)
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace komek::batch {

class Xxh64 {
 public:
  void update(std::span<const std::byte> bytes);
  [[nodiscard]] std::uint64_t digest() const;

 private:
  std::uint64_t acc_[4] = {0x9E3779B185EBCA87ULL + 0xC2B2AE3D27D4EB4FULL, 0xC2B2AE3D27D4EB4FULL, 0,
                           0 - 0x9E3779B185EBCA87ULL};
  std::byte buffer_[32] = {};
  std::size_t buffered_ = 0;
  std::uint64_t total_ = 0;
};

[[nodiscard]] std::uint64_t xxh64(std::span<const std::byte> bytes);

}  // namespace komek::batch
