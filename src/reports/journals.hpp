// The journals of SPEC §13 over the cases of a territory: the registration journal (form 3),
// the portal journal (form 3.1) and the electronic TSA journal (004 Appendix 3-1), one row per
// registered application, as a Table for JSON or CSV.
#pragma once

#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "cases/case.hpp"
#include "core/result.hpp"
#include "reports/table.hpp"

namespace komek::reports {

// When adding one, also update journal_kind_name() and the API's documentation of ?kind=.
enum class JournalKind { kRegistration, kPortal, kTsa };
std::string_view journal_kind_name(JournalKind k);
// "registration", "portal" or "tsa"; anything else is refused naming the field "kind".
Result<JournalKind> parse_journal_kind(std::string_view name);

// The journal's table; `is_tsa` tells which cases are TSA applications (the rule library
// knows, not a pack id written here).
Table journal_table(JournalKind kind, const std::vector<cases::Case>& cases,
                    const std::function<bool(const cases::Case&)>& is_tsa);

}  // namespace komek::reports
