#include "batch/file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "batch/checksum.hpp"

namespace komek::batch {
namespace {

constexpr char kMagic[8] = {'K', 'O', 'M', 'E', 'K', 'P', 'O', 'P'};
constexpr std::size_t kChecksumOffset = 56;

struct Header {
  std::uint32_t version = kFileVersion;
  std::uint32_t header_bytes = kFileHeaderBytes;
  std::uint64_t families = 0, persons = 0, incomes = 0;
  std::int32_t as_of_days = 0;
  std::uint32_t dictionary_bytes = 0;
  std::uint64_t payload_bytes = 0;
  std::uint64_t checksum = 0;
};

template <typename T>
void put(std::array<std::byte, kFileHeaderBytes>& out, std::size_t at, T value) {
  std::memcpy(out.data() + at, &value, sizeof value);
}
template <typename T>
T get(const std::byte* in, std::size_t at) {
  T value;
  std::memcpy(&value, in + at, sizeof value);
  return value;
}

std::array<std::byte, kFileHeaderBytes> encode(const Header& h) {
  std::array<std::byte, kFileHeaderBytes> out{};
  std::memcpy(out.data(), kMagic, sizeof kMagic);
  put(out, 8, h.version);
  put(out, 12, h.header_bytes);
  put(out, 16, h.families);
  put(out, 24, h.persons);
  put(out, 32, h.incomes);
  put(out, 40, h.as_of_days);
  put(out, 44, h.dictionary_bytes);
  put(out, 48, h.payload_bytes);
  put(out, kChecksumOffset, h.checksum);
  return out;
}

Header decode(const std::byte* in) {
  Header h;
  h.version = get<std::uint32_t>(in, 8);
  h.header_bytes = get<std::uint32_t>(in, 12);
  h.families = get<std::uint64_t>(in, 16);
  h.persons = get<std::uint64_t>(in, 24);
  h.incomes = get<std::uint64_t>(in, 32);
  h.as_of_days = get<std::int32_t>(in, 40);
  h.dictionary_bytes = get<std::uint32_t>(in, 44);
  h.payload_bytes = get<std::uint64_t>(in, 48);
  h.checksum = get<std::uint64_t>(in, kChecksumOffset);
  return h;
}

constexpr std::uint64_t pad8(std::uint64_t n) { return (n + 7) / 8 * 8; }

// Where each section starts (from the file's start); the sections of the format, in order.
enum Section : std::size_t {
  kDictionary, kFamilyTerritory, kFamilyFirstPerson, kFamilySize, kPersonFamily, kPersonBirthDays, kPersonSex,
  kPersonRelation, kPersonStatuses, kPersonIncomeBegin, kIncomeType, kIncomeMonth, kIncomeAmount, kSectionCount
};

struct Layout {
  std::array<std::uint64_t, kSectionCount> offset{};
  std::uint64_t end = 0;  // file size
};

// Counts are within the limits before this is called, so no sum here can overflow.
Layout layout_of(std::uint64_t families, std::uint64_t persons, std::uint64_t incomes, std::uint64_t dictionary_bytes) {
  const std::array<std::uint64_t, kSectionCount> bytes = {
      dictionary_bytes, 4 * families, 4 * families, 2 * families, 4 * persons,       4 * persons, persons,
      persons,          8 * persons,  4 * (persons + 1),         incomes,           2 * incomes, 8 * incomes};
  Layout l;
  std::uint64_t at = kFileHeaderBytes;
  for (std::size_t s = 0; s < kSectionCount; ++s) {
    l.offset[s] = at;
    at = pad8(at + bytes[s]);
  }
  l.end = at;
  return l;
}

std::string dictionary_text(const Dictionary& d) {
  std::string out(8, '\0');
  const auto statuses = static_cast<std::uint32_t>(d.statuses.size());
  const auto types = static_cast<std::uint32_t>(d.income_types.size());
  std::memcpy(out.data(), &statuses, 4);
  std::memcpy(out.data() + 4, &types, 4);
  for (const auto& w : d.statuses) out += w + '\n';
  for (const auto& w : d.income_types) out += w + '\n';
  return out;
}

Error with_file(std::string key, const std::filesystem::path& file,
                std::vector<std::pair<std::string, std::string>> params = {}) {
  params.insert(params.begin(), {"file", file.string()});
  return Error(ErrorCode::kInvalidInput, std::move(key), std::move(params));
}

template <typename T>
std::span<const T> column_at(const std::byte* start, std::uint64_t count) {
  return std::span<const T>(reinterpret_cast<const T*>(start), count);
}

template <typename T>
std::span<const std::byte> bytes_of(std::span<const T> column) {
  return std::as_bytes(column);
}

class Writer {
 public:
  explicit Writer(std::FILE* f) : file_(f) {}
  void write(std::span<const std::byte> bytes) {
    if (bytes.empty()) return;
    hash_.update(bytes);
    if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) ok_ = false;
    written_ += bytes.size();
  }
  void pad() {
    static constexpr std::byte kZeros[8] = {};
    write(std::span<const std::byte>(kZeros, pad8(written_) - written_));
  }
  [[nodiscard]] bool ok() const { return ok_; }
  [[nodiscard]] std::uint64_t written() const { return written_; }
  [[nodiscard]] const Xxh64& hash() const { return hash_; }

 private:
  std::FILE* file_;
  Xxh64 hash_;
  std::uint64_t written_ = kFileHeaderBytes;  // offsets count from the file's start
  bool ok_ = true;
};

}  // namespace

Result<void> save_population(const Population& population, const std::filesystem::path& file) {
  const Columns& c = population.columns();
  const std::string dictionary = dictionary_text(population.dictionary());
  if (dictionary.size() > kDictionaryBytesMax)
    return tl::unexpected(with_file("batch.file_write", file, {{"what", "the dictionary is too large"}}));

  const std::filesystem::path temporary = file.string() + ".tmp";
  std::FILE* f = std::fopen(temporary.c_str(), "wb");
  if (f == nullptr) return tl::unexpected(with_file("batch.file_write", file, {{"what", std::strerror(errno)}}));
  Writer w(f);
  // The header goes in last, once the checksum is known; reserve its place.
  const std::array<std::byte, kFileHeaderBytes> blank{};
  const bool reserved = std::fwrite(blank.data(), 1, blank.size(), f) == blank.size();
  w.write(std::as_bytes(std::span<const char>(dictionary)));
  w.pad();
  const std::array<std::span<const std::byte>, kSectionCount - 1> columns = {
      bytes_of(c.family_territory), bytes_of(c.family_first_person), bytes_of(c.family_size),
      bytes_of(c.person_family),    bytes_of(c.person_birth_days),   bytes_of(c.person_sex),
      bytes_of(c.person_relation),  bytes_of(c.person_statuses),     bytes_of(c.person_income_begin),
      bytes_of(c.income_type),      bytes_of(c.income_month),        bytes_of(c.income_amount_tiyn)};
  for (const auto& column : columns) {
    w.write(column);
    w.pad();
  }

  Header h;
  h.families = population.family_count();
  h.persons = population.person_count();
  h.incomes = population.income_count();
  h.as_of_days = population.as_of().days_since_epoch();
  h.dictionary_bytes = static_cast<std::uint32_t>(dictionary.size());
  h.payload_bytes = w.written() - kFileHeaderBytes;
  auto header = encode(h);
  Xxh64 sum = w.hash();
  sum.update(std::span<const std::byte>(header.data(), kChecksumOffset));
  h.checksum = sum.digest();
  header = encode(h);

  bool ok = reserved && w.ok() && std::fseek(f, 0, SEEK_SET) == 0 &&
            std::fwrite(header.data(), 1, header.size(), f) == header.size();
  const std::string reason = ok ? "" : std::strerror(errno);
  ok = (std::fclose(f) == 0) && ok;
  std::error_code ec;
  if (ok) std::filesystem::rename(temporary, file, ec);
  if (!ok || ec) {
    std::filesystem::remove(temporary, ec);
    return tl::unexpected(with_file("batch.file_write", file, {{"what", reason.empty() ? "write failed" : reason}}));
  }
  return {};
}

namespace {
Result<Population> parse_and_check(const std::filesystem::path& file, const std::byte* base, const Header& h,
                                   const Layout& layout, std::shared_ptr<const void> storage);
}  // namespace

Result<Population> load_population(const std::filesystem::path& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    Error e = with_file("batch.file_open", file, {{"what", std::strerror(errno)}});
    e.code = errno == ENOENT ? ErrorCode::kNotFound : ErrorCode::kUnavailable;
    return tl::unexpected(e);
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return tl::unexpected(with_file("batch.file_open", file, {{"what", "not a regular file"}}));
  }
  const auto size = static_cast<std::uint64_t>(st.st_size);
  // Too short to hold a magic, or a header: nothing to map.
  if (size < kFileHeaderBytes) {
    std::byte head[sizeof kMagic] = {};
    const bool has_magic = size >= sizeof kMagic && ::read(fd, head, sizeof head) == static_cast<ssize_t>(sizeof head);
    ::close(fd);
    if (has_magic && std::memcmp(head, kMagic, sizeof kMagic) != 0)
      return tl::unexpected(with_file("batch.file_magic", file));
    return tl::unexpected(with_file("batch.file_truncated", file,
                                    {{"size", std::to_string(size)}, {"expected", std::to_string(kFileHeaderBytes)}}));
  }
  void* mapped = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);  // the mapping keeps the file open
  if (mapped == MAP_FAILED) return tl::unexpected(with_file("batch.file_open", file, {{"what", std::strerror(errno)}}));
  std::shared_ptr<const void> storage(mapped, [size](const void* p) { ::munmap(const_cast<void*>(p), size); });
  const auto* base = static_cast<const std::byte*>(mapped);

  if (std::memcmp(base, kMagic, sizeof kMagic) != 0) return tl::unexpected(with_file("batch.file_magic", file));
  const Header h = decode(base);
  if (h.version != kFileVersion)
    return tl::unexpected(with_file("batch.file_version", file, {{"version", std::to_string(h.version)},
                                                                  {"supported", std::to_string(kFileVersion)}}));
  // Counts beyond the limits, or sizes that disagree with them, can only be a damaged header.
  const auto header_damaged = [&] { return tl::unexpected(with_file("batch.file_checksum", file)); };
  if (h.header_bytes != kFileHeaderBytes || h.families > kFamiliesMax || h.persons > kPersonsMax ||
      h.incomes > kIncomesMax || h.dictionary_bytes < 8 || h.dictionary_bytes > kDictionaryBytesMax)
    return header_damaged();
  const Layout layout = layout_of(h.families, h.persons, h.incomes, h.dictionary_bytes);
  if (layout.end - kFileHeaderBytes != h.payload_bytes) return header_damaged();
  if (size < layout.end)
    return tl::unexpected(with_file("batch.file_truncated", file,
                                    {{"size", std::to_string(size)}, {"expected", std::to_string(layout.end)}}));
  if (size > layout.end)
    return tl::unexpected(with_file("batch.file_invalid", file, {{"what", std::to_string(size - layout.end) +
                                                                              " bytes after the last column"}}));
  // The checksum (one sequential stream) runs on its own thread while this one parses the
  // dictionary and checks the structure: the two read the same pages at the same time, and
  // the file's answer does not change — a damaged file is refused as damaged
  // (batch.file_checksum) before anything the structural check found is reported.
  ::madvise(mapped, size, MADV_WILLNEED);
  std::uint64_t digest = 0;
  std::thread checksum([&] {
    Xxh64 sum;
    sum.update(std::span<const std::byte>(base + kFileHeaderBytes, h.payload_bytes));
    sum.update(std::span<const std::byte>(base, kChecksumOffset));
    digest = sum.digest();
  });
  auto population = parse_and_check(file, base, h, layout, storage);
  checksum.join();
  if (digest != h.checksum) return tl::unexpected(with_file("batch.file_checksum", file));
  return population;
}

namespace {

Result<Population> parse_and_check(const std::filesystem::path& file, const std::byte* base, const Header& h,
                                   const Layout& layout, std::shared_ptr<const void> storage) {

  // The dictionary: two counts, then words each ended by '\n'.
  const std::byte* d = base + layout.offset[kDictionary];
  const auto status_count = get<std::uint32_t>(d, 0);
  const auto type_count = get<std::uint32_t>(d, 4);
  std::vector<std::string> words;
  std::string_view text(reinterpret_cast<const char*>(d) + 8, h.dictionary_bytes - 8);
  while (!text.empty()) {
    const auto end = text.find('\n');
    if (end == std::string_view::npos) break;
    words.emplace_back(text.substr(0, end));
    text.remove_prefix(end + 1);
  }
  if (!text.empty() || words.size() != std::uint64_t{status_count} + type_count)
    return tl::unexpected(with_file("batch.file_invalid", file, {{"what", "the dictionary is malformed"}}));
  std::vector<std::string> statuses(words.begin(), words.begin() + status_count);
  std::vector<std::string> types(words.begin() + status_count, words.end());
  auto dictionary = Dictionary::make(std::move(statuses), std::move(types));
  if (!dictionary) return tl::unexpected(with_file("batch.file_invalid", file, {{"what", dictionary.error().param("what")}}));
  if (h.as_of_days < Date::from_ymd(Date::kYearMin, 1, 1).days_since_epoch() ||
      h.as_of_days > Date::from_ymd(Date::kYearMax, 12, 31).days_since_epoch())
    return tl::unexpected(with_file("batch.file_invalid", file, {{"what", "the as-of date is out of range"}}));

  // Every section starts at a multiple of 8 from a page-aligned mapping, so each column is
  // aligned for its type and can be used in place.
  const auto at = [&](Section s) { return base + layout.offset[s]; };
  Columns c;
  c.family_territory = column_at<std::uint32_t>(at(kFamilyTerritory), h.families);
  c.family_first_person = column_at<std::uint32_t>(at(kFamilyFirstPerson), h.families);
  c.family_size = column_at<std::uint16_t>(at(kFamilySize), h.families);
  c.person_family = column_at<std::uint32_t>(at(kPersonFamily), h.persons);
  c.person_birth_days = column_at<std::int32_t>(at(kPersonBirthDays), h.persons);
  c.person_sex = column_at<std::uint8_t>(at(kPersonSex), h.persons);
  c.person_relation = column_at<std::uint8_t>(at(kPersonRelation), h.persons);
  c.person_statuses = column_at<std::uint64_t>(at(kPersonStatuses), h.persons);
  c.person_income_begin = column_at<std::uint32_t>(at(kPersonIncomeBegin), h.persons + 1);
  c.income_type = column_at<std::uint8_t>(at(kIncomeType), h.incomes);
  c.income_month = column_at<std::uint16_t>(at(kIncomeMonth), h.incomes);
  c.income_amount_tiyn = column_at<std::int64_t>(at(kIncomeAmount), h.incomes);
  if (auto ok = check_population(*dictionary, c); !ok)
    return tl::unexpected(with_file("batch.file_invalid", file, {{"what", ok.error().param("what")}}));
  return Population(std::move(*dictionary), Date::from_days(h.as_of_days), c, std::move(storage));
}

}  // namespace

}  // namespace komek::batch
