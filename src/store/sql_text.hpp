// SQL text assembled at compile time from named constants, so that a statement that shares
// its column list with others (the orders, the demands) still is one named constant, and no
// SQL is ever put together at run time. Only SQL goes in: values are always bound.
//
//   inline constexpr std::string_view kOrderColumns = "SELECT o.id, o.month FROM payment_orders o ";
//   inline constexpr std::string_view kByIdTail = "WHERE o.id = :id";
//   inline constexpr std::string_view kSelectOrderById = sql::join<kOrderColumns, kByIdTail>;
//   // kInsertMany = "INSERT INTO t (a, b) VALUES (?, ?), (?, ?), (?, ?)"
//   inline constexpr std::string_view kInsertMany = sql::join<kInsertHead, sql::placeholders<2, 3>>;
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace komek::store::sql {
namespace detail {

template <const std::string_view&... Parts>
struct Joined {
  static constexpr std::size_t kSize = (Parts.size() + ... + 0);
  static constexpr std::array<char, kSize + 1> make() {
    std::array<char, kSize + 1> out{};
    std::size_t i = 0;
    for (std::string_view part : {Parts...})
      for (char c : part) out[i++] = c;
    return out;
  }
  static constexpr std::array<char, kSize + 1> kText = make();
};

// "(?, ?, …), (?, ?, …), …": `Rows` groups of `Columns` anonymous parameters, numbered in order.
template <std::size_t Columns, std::size_t Rows>
struct Placeholders {
  static_assert(Columns > 0 && Rows > 0);
  static constexpr std::size_t kGroup = 3 * Columns;  // "(?" + ", ?" × (Columns - 1) + ")"
  static constexpr std::size_t kSize = Rows * kGroup + (Rows - 1) * 2;
  static constexpr std::array<char, kSize + 1> make() {
    std::array<char, kSize + 1> out{};
    std::size_t i = 0;
    auto put = [&](std::string_view s) {
      for (char c : s) out[i++] = c;
    };
    for (std::size_t r = 0; r < Rows; ++r) {
      if (r > 0) put(", ");
      put("(?");
      for (std::size_t c = 1; c < Columns; ++c) put(", ?");
      put(")");
    }
    return out;
  }
  static constexpr std::array<char, kSize + 1> kText = make();
  static constexpr std::string_view kView{kText.data(), kSize};
};

}  // namespace detail

template <const std::string_view&... Parts>
inline constexpr std::string_view join{detail::Joined<Parts...>::kText.data(),
                                       detail::Joined<Parts...>::kSize};

template <std::size_t Columns, std::size_t Rows>
inline constexpr const std::string_view& placeholders = detail::Placeholders<Columns, Rows>::kView;

}  // namespace komek::store::sql
