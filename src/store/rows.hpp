// Reading rows into domain structs through SOCI. A row mapper is a struct with one member per
// column of its SELECT, an exchange(soci::statement&) that binds them in the SELECT's order,
// and a function that turns them into the domain struct — written once per row type, however
// many queries read that row:
//
//   struct RecoveryRow {
//     std::string id; long long amount = 0;
//     void exchange(soci::statement& st) { st.exchange(soci::into(id)); st.exchange(soci::into(amount)); }
//     Recovery value() const;
//   };
//   RecoveryRow row;
//   soci::statement st = prepare_rows(sql, kSelectOpenRecoveries, row, assignment_id, month);
//   st.execute();
//   while (st.fetch()) out.push_back(row.value());
//
// Internal to store/: includes SOCI.
#pragma once

#include <soci/soci.h>

#include <algorithm>
#include <cstddef>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/date.hpp"

namespace komek::store {

// Prepares `query` with `params` bound in the order they appear in it and `row`'s columns.
// The parameters are bound by reference: they must be variables that outlive the statement
// (an rvalue does not compile).
template <typename Row, typename... Params>
soci::statement prepare_rows(soci::session& sql, std::string_view query, Row& row, Params&... params) {
  soci::statement st(sql);
  (st.exchange(soci::use(params)), ...);
  row.exchange(st);
  st.alloc();
  st.prepare(std::string(query));
  st.define_and_bind();
  return st;
}

// A LIMIT as bound: LIMIT takes a signed 64-bit count, so a count beyond it ("every row")
// is asked for as the largest.
inline long long limit_of(std::size_t rows) {
  constexpr auto kMax = static_cast<std::size_t>(std::numeric_limits<long long>::max());
  return static_cast<long long>(std::min(rows, kMax));
}

// NULL when a value is absent: for soci::use() of an optional column.
inline soci::indicator null_unless(bool present) {
  return present ? soci::i_ok : soci::i_null;
}

// Dates and months are stored as ISO text written by Komek; a stored value that does not
// parse is a damaged database, not user input: it throws, and the store reports an internal
// error.
inline Date stored_date(const std::string& s) {
  auto d = Date::parse(s);
  if (!d) throw std::runtime_error("stored date '" + s + "' does not parse");
  return *d;
}
inline Month stored_month(const std::string& s) {
  auto m = Month::parse(s);
  if (!m) throw std::runtime_error("stored month '" + s + "' does not parse");
  return *m;
}
inline std::optional<Date> stored_optional_date(const std::string& s, soci::indicator ind) {
  if (ind != soci::i_ok || s.empty()) return std::nullopt;
  return stored_date(s);
}

}  // namespace komek::store
