// The population file: the columns as they lie in memory, behind a checksummed header, so
// that loading is one mmap, one checksum pass and one structural check — no parsing, no
// copying (issue 7: load the whole country in at most 1.5 s).
//
//   if (auto ok = save_population(population, "kz.pop"); !ok) …
//   Result<Population> p = load_population("kz.pop");   // columns point into the mapping
//
// Format, version 1, little-endian:
//   header, 64 bytes:
//     0  char[8] magic "KOMEKPOP"
//     8  u32 version (1)              12  u32 header bytes (64)
//     16 u64 family count             24  u64 person count
//     32 u64 income record count      40  i32 as_of, days since 1970-01-01
//     44 u32 dictionary bytes         48  u64 payload bytes (everything after the header)
//     56 u64 checksum: XXH64 (seed 0) of the payload followed by header bytes 0..55
//   payload, sections in this order, each starting at a multiple of 8 bytes from the file's
//   start and zero-padded to the next one:
//     dictionary: u32 status count, u32 income type count, then each word followed by '\n'
//       (statuses in bit order, then income types in id order)
//     family_territory u32[F], family_first_person u32[F], family_size u16[F],
//     person_family u32[N], person_birth_days i32[N], person_sex u8[N], person_relation u8[N],
//     person_statuses u64[N], person_income_begin u32[N + 1],
//     income_type u8[M], income_month u16[M], income_amount_tiyn i64[M]
//   (the meaning of each column is in population.hpp).
//
// A file is refused, never half-read: "batch.file_magic" (not a population file),
// "batch.file_version", "batch.file_truncated" (shorter than its header announces),
// "batch.file_checksum" (a changed byte, or a header whose counts disagree with its sizes),
// "batch.file_invalid" (the columns break a structural rule although the checksum matches),
// "batch.file_open".
#pragma once

#include <cstdint>
#include <filesystem>

#include "batch/population.hpp"
#include "core/result.hpp"

namespace komek::batch {

inline constexpr std::uint32_t kFileVersion = 1;
inline constexpr std::size_t kFileHeaderBytes = 64;
inline constexpr std::size_t kDictionaryBytesMax = 64 * 1024;

// Writes to a temporary file next to `file` and renames it into place, so that a crash while
// saving leaves the old file or none, never a torn one. Error: "batch.file_write".
Result<void> save_population(const Population& population, const std::filesystem::path& file);

// Maps the file read-only; the population's columns point into the mapping, which lives as
// long as any copy of the population.
Result<Population> load_population(const std::filesystem::path& file);

}  // namespace komek::batch
