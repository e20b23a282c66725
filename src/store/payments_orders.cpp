#include "store/payments_orders.hpp"

#include <sodium.h>

#include <algorithm>
#include <map>
#include <thread>
#include <unordered_map>

#include "store/rows.hpp"
#include "store/sql_text.hpp"
#include "store/sqlite_native.hpp"

namespace komek::store::payments_sql {
namespace {

using namespace komek::payments;

// ---- orders -------------------------------------------------------------------------------

// A file is the orders of one demand for one payment organisation (its id is theirs).
inline constexpr std::string_view kSelectOrderColumns = R"sql(
  SELECT o.id, o.demand_id, o.demand_id || '/' || o.organisation, o.assignment_id, o.month, o.amount, o.fee,
         o.organisation, o.account, o.recipient_iin, o.programme, o.territory, o.year, o.ordered_on, o.payment_on,
         o.timeout, o.status, o.transfer_id, o.settled_on, o.note
  FROM payment_orders o )sql";
inline constexpr std::string_view kWhereOrderId = "WHERE o.id = :id";
// A demand's orders are the ids "<demand>/…" ('0' follows '/'), read off the id index: from
// :from (inclusive) to :to (exclusive).
inline constexpr std::string_view kWhereOrdersOfDemand = R"sql(
  WHERE o.id >= :from AND o.id < :to ORDER BY o.ordered_on DESC, o.id LIMIT :limit
)sql";
inline constexpr std::string_view kWhereOrdersOfFile = R"sql(
  WHERE o.id >= :from AND o.id < :to AND o.organisation = :org ORDER BY o.ordered_on DESC, o.id LIMIT :limit
)sql";
// The status in the query text: pending orders come off their partial index.
inline constexpr std::string_view kWherePendingOrdersOfTerritory = R"sql(
  WHERE o.territory LIKE :p AND o.status = 'pending' ORDER BY o.ordered_on DESC, o.id LIMIT :limit
)sql";
inline constexpr std::string_view kWhereOrdersOfTerritoryInStatus = R"sql(
  WHERE o.territory LIKE :p AND o.status = :s ORDER BY o.ordered_on DESC, o.id LIMIT :limit
)sql";
inline constexpr std::string_view kWhereOrdersOfTerritory = R"sql(
  WHERE o.territory LIKE :p ORDER BY o.ordered_on DESC, o.id LIMIT :limit
)sql";
inline constexpr std::string_view kWhereOrdersOfRecipientInMonth = R"sql(
  WHERE o.month = :m AND o.assignment_id = :a AND o.recipient_iin = :i ORDER BY o.ordered_on DESC, o.id LIMIT :limit
)sql";
inline constexpr std::string_view kSelectOrderById = sql::join<kSelectOrderColumns, kWhereOrderId>;
inline constexpr std::string_view kSelectOrdersOfDemand =
    sql::join<kSelectOrderColumns, kWhereOrdersOfDemand>;
inline constexpr std::string_view kSelectOrdersOfFile = sql::join<kSelectOrderColumns, kWhereOrdersOfFile>;
inline constexpr std::string_view kSelectPendingOrdersOfTerritory =
    sql::join<kSelectOrderColumns, kWherePendingOrdersOfTerritory>;
inline constexpr std::string_view kSelectOrdersOfTerritoryInStatus =
    sql::join<kSelectOrderColumns, kWhereOrdersOfTerritoryInStatus>;
inline constexpr std::string_view kSelectOrdersOfTerritory =
    sql::join<kSelectOrderColumns, kWhereOrdersOfTerritory>;
inline constexpr std::string_view kSelectOrdersOfRecipientInMonth =
    sql::join<kSelectOrderColumns, kWhereOrdersOfRecipientInMonth>;

inline constexpr std::string_view kSelectTimedOutOrderIds = R"sql(
  SELECT id FROM payment_orders WHERE status = 'pending' AND timeout < :d AND territory LIKE :p ORDER BY id
)sql";
inline constexpr std::string_view kSelectAssignmentsOfRecipient =
    "SELECT id FROM assignments WHERE recipient_iin = :i";
inline constexpr std::string_view kSelectFirstOrderMonth = "SELECT MIN(month) FROM payment_orders";
inline constexpr std::string_view kSelectNextOrderMonth =
    "SELECT MIN(month) FROM payment_orders WHERE month > :m";

inline constexpr std::string_view kUpdateOrder = R"sql(
  UPDATE payment_orders SET status = :s, settled_on = :d, note = :n WHERE id = :id
)sql";

inline constexpr std::string_view kInsertOrder = R"sql(
  INSERT INTO payment_orders (id, demand_id, assignment_id, month, amount, fee, organisation, account, recipient_iin,
                              programme, territory, year, ordered_on, payment_on, timeout, status, transfer_id, note)
  VALUES (:id, :d, :a, :m, :am, :fe, :o, :ac, :i, :p, :t, :y, :od, :po, :to, :s, :tr, :n)
)sql";

// The native path's INSERT of many rows at once: SQLite's per-statement work is paid once for
// kOrderRows orders.
inline constexpr std::string_view kInsertOrdersHead = R"sql(
  INSERT INTO payment_orders (transfer_id, id, demand_id, assignment_id, month, amount, fee, organisation, account,
                              recipient_iin, programme, territory, year, ordered_on, payment_on, timeout, status,
                              note) VALUES )sql";
constexpr int kOrderColumns = 18;
constexpr std::size_t kOrderRows = 32;
inline constexpr std::string_view kInsertOrdersMany =
    sql::join<kInsertOrdersHead, sql::placeholders<kOrderColumns, kOrderRows>>;
inline constexpr std::string_view kInsertOrdersOne =
    sql::join<kInsertOrdersHead, sql::placeholders<kOrderColumns, 1>>;

// The orders of a file and those of a person's assignment in a month are few; the caps guard.
constexpr long long kOrdersOfFileMax = 2'000'000;
constexpr long long kOrdersOfRecipientInMonthMax = 1'000;

// ---- files --------------------------------------------------------------------------------

inline constexpr std::string_view kSelectFileColumns = R"sql(
  SELECT id, organisation, demand_id, payment_on, count, total, fees, transfer_id, COALESCE(fee_transfer_id, 0), sha256
  FROM payment_files )sql";
inline constexpr std::string_view kWhereFileId = "WHERE id = :id";
inline constexpr std::string_view kWhereFilesOfTerritory = R"sql(
  WHERE territory LIKE :p ORDER BY payment_on DESC, id LIMIT :limit
)sql";
inline constexpr std::string_view kSelectFileById = sql::join<kSelectFileColumns, kWhereFileId>;
inline constexpr std::string_view kSelectFilesOfTerritory =
    sql::join<kSelectFileColumns, kWhereFilesOfTerritory>;

inline constexpr std::string_view kSelectFileFeeTransfer =
    "SELECT fee_transfer_id FROM payment_files WHERE id = :id";

inline constexpr std::string_view kInsertFile = R"sql(
  INSERT INTO payment_files (id, organisation, demand_id, territory, payment_on, count, total, fees, transfer_id,
                             fee_transfer_id, sha256)
  VALUES (:id, :o, :d, :t, :p, :c, :tot, :fees, :tr, :ftr, :sha)
)sql";

// payment_orders in the order of kSelectOrderColumns.
struct OrderRow {
  std::string id, demand, file, assignment, month, organisation, account, iin, programme, territory, ordered,
      pay_on, timeout, status, settled, note;
  long long amount = 0, fee = 0, transfer = 0;
  int year = 0;
  soci::indicator settled_ind = soci::i_null;

  void exchange(soci::statement& st) {
    for (std::string* text : {&id, &demand, &file, &assignment, &month}) st.exchange(soci::into(*text));
    st.exchange(soci::into(amount));
    st.exchange(soci::into(fee));
    for (std::string* text : {&organisation, &account, &iin, &programme, &territory})
      st.exchange(soci::into(*text));
    st.exchange(soci::into(year));
    for (std::string* text : {&ordered, &pay_on, &timeout, &status}) st.exchange(soci::into(*text));
    st.exchange(soci::into(transfer));
    st.exchange(soci::into(settled, settled_ind));
    st.exchange(soci::into(note));
  }
  [[nodiscard]] PaymentOrder value() const {
    PaymentOrder o;
    o.id = id;
    o.demand_id = demand;
    o.file_id = file;
    o.assignment_id = assignment;
    o.month = stored_month(month);
    o.amount = amount;
    o.fee = fee;
    o.organisation = organisation;
    o.account = account;
    o.recipient_iin = iin;
    o.line = {programme, territory, year};
    o.ordered_on = stored_date(ordered);
    o.payment_on = stored_date(pay_on);
    o.timeout = stored_date(timeout);
    auto s = parse_order_status(status);
    if (!s) throw std::runtime_error("stored order status '" + status + "' is unknown");
    o.status = *s;
    o.transfer_id = transfer;
    o.settled_on = stored_optional_date(settled, settled_ind);
    o.note = note;
    return o;
  }
};

// payment_files in the order of kSelectFileColumns.
struct FileRow {
  std::string id, organisation, demand, on, sha;
  int count = 0;
  long long total = 0, fees = 0, transfer = 0, fee_transfer = 0;

  void exchange(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(organisation));
    st.exchange(soci::into(demand));
    st.exchange(soci::into(on));
    st.exchange(soci::into(count));
    st.exchange(soci::into(total));
    st.exchange(soci::into(fees));
    st.exchange(soci::into(transfer));
    st.exchange(soci::into(fee_transfer));
    st.exchange(soci::into(sha));
  }
  [[nodiscard]] PaymentFile value() const {
    PaymentFile f;
    f.id = id;
    f.organisation = organisation;
    f.demand_id = demand;
    f.payment_on = stored_date(on);
    f.count = count;
    f.total = total;
    f.fees = fees;
    f.transfer_id = transfer;
    f.fee_transfer_id = fee_transfer;
    f.sha256 = sha;
    return f;
  }
};

template <typename... Params>
std::vector<PaymentOrder> read_orders(soci::session& sql, std::string_view query, Params&... params) {
  std::vector<PaymentOrder> out;
  OrderRow row;
  soci::statement st = prepare_rows(sql, query, row, params...);
  st.execute();
  while (st.fetch()) out.push_back(row.value());
  return out;
}

template <typename... Params>
std::vector<PaymentFile> read_files(soci::session& sql, std::string_view query, Params&... params) {
  std::vector<PaymentFile> out;
  FileRow row;
  soci::statement st = prepare_rows(sql, query, row, params...);
  st.execute();
  while (st.fetch()) out.push_back(row.value());
  return out;
}

// The SHA-256 of a payment file's order lines, one "id;iin;account;amount;fee;month;transfer"
// line each, in the order they were stored.
class FileDigest {
 public:
  FileDigest() { crypto_hash_sha256_init(&state_); }
  void add(const PaymentOrder& o) {
    line_.clear();
    for (std::string_view part :
         {std::string_view(o.id), std::string_view(o.recipient_iin), std::string_view(o.account)}) {
      line_ += part;
      line_ += ';';
    }
    line_ += std::to_string(o.amount);
    line_ += ';';
    line_ += std::to_string(o.fee);
    line_ += ';';
    line_ += o.month.iso();
    line_ += ';';
    line_ += std::to_string(o.transfer_id);
    line_ += '\n';
    crypto_hash_sha256_update(&state_, reinterpret_cast<const unsigned char*>(line_.data()), line_.size());
  }
  std::string hex() {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&state_, digest);
    char out[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(out, sizeof out, digest, sizeof digest);
    return out;
  }

 private:
  crypto_hash_sha256_state state_{};
  std::string line_;
};

// Binds one order as the row starting after parameter `base` of kInsertOrders*; texts that
// repeat (months, dates) come from `texts`, made once each.
template <typename Texts>
void bind_order(sqlite::Statement& st, int base, const PaymentOrder& o, Texts& texts) {
  st.bind_int(base + 1, o.transfer_id);
  st.bind_text(base + 2, o.id);
  st.bind_text(base + 3, o.demand_id);
  st.bind_text(base + 4, o.assignment_id);
  st.bind_text(base + 5, texts.month(o.month));
  st.bind_int(base + 6, o.amount);
  st.bind_int(base + 7, o.fee);
  st.bind_text(base + 8, o.organisation);
  st.bind_text(base + 9, o.account);
  st.bind_text(base + 10, o.recipient_iin);
  st.bind_text(base + 11, o.line.programme);
  st.bind_text(base + 12, o.line.territory);
  st.bind_int(base + 13, o.line.year);
  st.bind_text(base + 14, texts.date(o.ordered_on));
  st.bind_text(base + 15, texts.date(o.payment_on));
  st.bind_text(base + 16, texts.date(o.timeout));
  st.bind_text(base + 17, order_status_name(o.status));
  st.bind_text(base + 18, o.note);
}

// The ISO texts of months and dates, made once each; their addresses stay put (map nodes do
// not move), as the statements bind them without copying.
struct IsoTexts {
  std::map<Month, std::string> months;
  std::map<Date, std::string> dates;
  const std::string& month(Month m) {
    auto it = months.find(m);
    return it != months.end() ? it->second : months.emplace(m, m.iso()).first->second;
  }
  const std::string& date(Date d) {
    auto it = dates.find(d);
    return it != dates.end() ? it->second : dates.emplace(d, d.iso()).first->second;
  }
};

// On SQLite: many rows per INSERT.
void write_orders_native(sqlite::Connection* db, const std::vector<PaymentOrder>& orders) {
  sqlite::Statement many(db, kInsertOrdersMany);
  sqlite::Statement one(db, kInsertOrdersOne);
  IsoTexts texts;
  std::size_t i = 0;
  for (; i + kOrderRows <= orders.size(); i += kOrderRows) {
    for (std::size_t r = 0; r < kOrderRows; ++r)
      bind_order(many, static_cast<int>(r) * kOrderColumns, orders[i + r], texts);
    many.run();
  }
  for (; i < orders.size(); ++i) {
    bind_order(one, 0, orders[i], texts);
    one.run();
  }
}

void write_orders(soci::session& sql, const std::vector<PaymentOrder>& orders) {
  if (sqlite::Connection* db = sqlite::connection_of(sql); db != nullptr) {
    write_orders_native(db, orders);
    return;
  }
  std::string id, demand, assignment, month, organisation, account, iin, programme, territory, ordered,
      pay_on, timeout, status, note;
  long long amount = 0, fee = 0, transfer = 0;
  int year = 0;
  soci::statement st =
      (sql.prepare << kInsertOrder, soci::use(id), soci::use(demand), soci::use(assignment), soci::use(month),
       soci::use(amount), soci::use(fee), soci::use(organisation), soci::use(account), soci::use(iin),
       soci::use(programme), soci::use(territory), soci::use(year), soci::use(ordered), soci::use(pay_on),
       soci::use(timeout), soci::use(status), soci::use(transfer), soci::use(note));
  for (const auto& o : orders) {
    id = o.id;
    demand = o.demand_id;
    assignment = o.assignment_id;
    month = o.month.iso();
    amount = o.amount;
    fee = o.fee;
    organisation = o.organisation;
    account = o.account;
    iin = o.recipient_iin;
    programme = o.line.programme;
    territory = o.line.territory;
    year = o.line.year;
    ordered = o.ordered_on.iso();
    pay_on = o.payment_on.iso();
    timeout = o.timeout.iso();
    status = std::string(order_status_name(o.status));
    transfer = o.transfer_id;
    note = o.note;
    st.execute(true);
  }
}

void insert_file(soci::session& sql, const PaymentFile& f, const std::string& territory) {
  int count = f.count;
  long long total = f.total, fees = f.fees, transfer = f.transfer_id, fee_transfer = f.fee_transfer_id;
  soci::indicator fee_transfer_ind = null_unless(f.fee_transfer_id != 0);
  const std::string on = f.payment_on.iso();
  sql << kInsertFile, soci::use(f.id), soci::use(f.organisation), soci::use(f.demand_id),
      soci::use(territory), soci::use(on), soci::use(count), soci::use(total), soci::use(fees),
      soci::use(transfer), soci::use(fee_transfer, fee_transfer_ind), soci::use(f.sha256);
}

// A person's orders without an index on the IIN (a million scattered inserts a month): their
// assignments (assignments_recipient), each looked up in every month that has orders — the
// months found by stepping along the month-first index, one seek each. Orders paid to the
// person are those of their assignments carrying their IIN.
std::vector<PaymentOrder> recipient_orders(soci::session& sql, const std::string& iin) {
  std::vector<std::string> assignments;
  {
    std::string id;
    soci::statement st = (sql.prepare << kSelectAssignmentsOfRecipient, soci::use(iin), soci::into(id));
    st.execute();
    while (st.fetch()) assignments.push_back(id);
  }
  std::vector<PaymentOrder> out;
  if (assignments.empty()) return out;
  std::vector<std::string> months;
  {
    std::string month;
    soci::indicator ind = soci::i_null;
    sql << kSelectFirstOrderMonth, soci::into(month, ind);
    while (ind == soci::i_ok) {
      months.push_back(month);
      const std::string after = month;
      ind = soci::i_null;
      sql << kSelectNextOrderMonth, soci::use(after), soci::into(month, ind);
    }
  }
  long long limit = kOrdersOfRecipientInMonthMax;
  for (const auto& m : months)
    for (const auto& a : assignments)
      for (auto& o : read_orders(sql, kSelectOrdersOfRecipientInMonth, m, a, iin, limit))
        out.push_back(std::move(o));
  std::sort(out.begin(), out.end(), [](const PaymentOrder& x, const PaymentOrder& y) {
    return x.ordered_on != y.ordered_on ? x.ordered_on > y.ordered_on : x.id < y.id;
  });
  return out;
}

// The orders that may match the filter, read off the index that suits it; list_orders()
// applies the whole filter to them.
std::vector<PaymentOrder> candidate_orders(soci::session& sql, const OrderFilter& f) {
  long long limit = limit_of(f.limit * 4);
  const std::string like = f.territory_prefix + "%";
  if (!f.recipient_iin.empty()) {
    auto rows = recipient_orders(sql, f.recipient_iin);
    if (rows.size() > f.limit * 4) rows.resize(f.limit * 4);
    return rows;
  }
  if (!f.file_id.empty()) {
    const auto slash = f.file_id.rfind('/');
    if (slash == std::string::npos) return {};
    const std::string demand = f.file_id.substr(0, slash), from = demand + "/", to = demand + "0",
                      organisation = f.file_id.substr(slash + 1);
    long long all = kOrdersOfFileMax;
    return read_orders(sql, kSelectOrdersOfFile, from, to, organisation, all);
  }
  if (!f.demand_id.empty()) {
    const std::string from = f.demand_id + "/", to = f.demand_id + "0";
    return read_orders(sql, kSelectOrdersOfDemand, from, to, limit);
  }
  if (f.status == OrderStatus::kPending)
    return read_orders(sql, kSelectPendingOrdersOfTerritory, like, limit);
  if (f.status) {
    const std::string status(order_status_name(*f.status));
    return read_orders(sql, kSelectOrdersOfTerritoryInStatus, like, status, limit);
  }
  return read_orders(sql, kSelectOrdersOfTerritory, like, limit);
}

}  // namespace

Result<void> insert_orders(soci::session& sql, const std::vector<PaymentOrder>& orders,
                           std::vector<PaymentFile>& files) {
  std::unordered_map<std::string, std::size_t> index;
  std::vector<FileDigest> digests(files.size());
  std::vector<std::string> file_territory(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) index.emplace(files[i].id, i);
  // The files' digests are computed on the second core while the orders are written (both
  // only read `orders`); the files are written after, with their digests.
  bool unknown_file = false;
  std::thread digest([&] {
    for (const auto& o : orders) {
      auto it = index.find(o.file_id);
      if (it == index.end()) {
        unknown_file = true;
        return;
      }
      digests[it->second].add(o);
      file_territory[it->second] = o.line.territory;
    }
  });
  struct Joiner {
    std::thread& t;
    ~Joiner() {
      if (t.joinable()) t.join();
    }
  } joiner{digest};
  if (!orders.empty()) write_orders(sql, orders);
  digest.join();
  if (unknown_file) throw std::logic_error("an order names a file that is not being stored");
  for (std::size_t i = 0; i < files.size(); ++i) {
    files[i].sha256 = digests[i].hex();
    insert_file(sql, files[i], file_territory[i]);
  }
  return {};
}

Result<std::optional<PaymentOrder>> find_order(soci::session& sql, const std::string& id) {
  auto found = read_orders(sql, kSelectOrderById, id);
  if (found.empty()) return std::optional<PaymentOrder>();
  return std::optional<PaymentOrder>(std::move(found.front()));
}

Result<void> update_order(soci::session& sql, const PaymentOrder& o) {
  const std::string status(order_status_name(o.status)), settled = o.settled_on ? o.settled_on->iso() : "";
  soci::indicator settled_ind = null_unless(o.settled_on.has_value());
  sql << kUpdateOrder, soci::use(status), soci::use(settled, settled_ind), soci::use(o.note), soci::use(o.id);
  return {};
}

Result<std::vector<PaymentOrder>> orders_timed_out(soci::session& sql, Date on, const std::string& prefix) {
  std::vector<std::string> ids;
  {
    std::string id;
    const std::string day = on.iso(), like = prefix + "%";
    soci::statement st =
        (sql.prepare << kSelectTimedOutOrderIds, soci::use(day), soci::use(like), soci::into(id));
    st.execute();
    while (st.fetch()) ids.push_back(id);
  }
  std::vector<PaymentOrder> out;
  for (const auto& id : ids) {
    auto o = read_orders(sql, kSelectOrderById, id);
    if (!o.empty()) out.push_back(std::move(o.front()));
  }
  return out;
}

Result<std::vector<PaymentOrder>> list_orders(soci::session& sql, const OrderFilter& f) {
  std::vector<PaymentOrder> out;
  for (auto& o : candidate_orders(sql, f)) {
    if (o.line.territory.compare(0, f.territory_prefix.size(), f.territory_prefix) != 0) continue;
    if (!f.file_id.empty() && o.file_id != f.file_id) continue;
    if (!f.demand_id.empty() && o.demand_id != f.demand_id) continue;
    if (f.status && o.status != *f.status) continue;
    out.push_back(std::move(o));
    // A file is listed whole: its orders make its text.
    if (f.file_id.empty() && out.size() >= f.limit) break;
  }
  return out;
}

Result<std::int64_t> file_fee_transfer(soci::session& sql, const std::string& file_id) {
  long long id = 0;
  soci::indicator ind = soci::i_null;
  sql << kSelectFileFeeTransfer, soci::use(file_id), soci::into(id, ind);
  return sql.got_data() && ind == soci::i_ok ? static_cast<std::int64_t>(id) : 0;
}

Result<std::vector<PaymentFile>> list_files(soci::session& sql, const std::string& prefix,
                                            std::size_t limit) {
  const std::string like = prefix + "%";
  long long cap = limit_of(limit);
  return read_files(sql, kSelectFilesOfTerritory, like, cap);
}

Result<std::optional<PaymentFile>> find_file(soci::session& sql, const std::string& id) {
  auto found = read_files(sql, kSelectFileById, id);
  if (found.empty()) return std::optional<PaymentFile>();
  return std::optional<PaymentFile>(std::move(found.front()));
}

}  // namespace komek::store::payments_sql
