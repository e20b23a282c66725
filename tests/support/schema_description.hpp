// A database schema described the same way whatever the back end, so that the schema the
// SQLite migrations make and the one the PostgreSQL migrations make can be compared
// (tests/unit/store/schema_test.cpp). The description is a set of facts, each under a key
// that names what it is about:
//
//   "table cases"                          → {""}
//   "column cases.number"                  → {"text, null"}
//   "primary key cases"                    → {"(id)"}
//   "key audit_log.id"                     → {"generated"}        (or "assigned by Komek", "serial")
//   "unique cases (number)"                → {"constraint"}
//   "index payment_orders (month, assignment_id)" → {"unique, where status='pending'"}
//   "check ledger_transfers"               → {"amount>0", "debit_account<>credit_account"}
//   "foreign key sessions (login)"         → {"users (login), on update NO ACTION, on delete NO ACTION"}
//   "append-only audit_log"                → {"refuses delete", "refuses update"}
//
// Type classes: integer (any width), text, real, numeric, blob (BLOB and BYTEA), date/time
// (PostgreSQL's own types; Komek keeps times as ISO text), boolean. Expressions (checks,
// partial-index predicates, defaults) are compared in a normal form: lower case, without
// spaces, parentheses and PostgreSQL's casts.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace komek::test {

struct SchemaDescription {
  std::map<std::string, std::set<std::string>> facts;
  // "table.column" → the type as declared (SQLite) or its data_type (PostgreSQL): for the
  // checks beyond the type class.
  std::map<std::string, std::string> declared_types;
  // PostgreSQL only: "table.column" → ALWAYS or BY DEFAULT for each identity column, and the
  // functions of the triggers that refuse changes (table → function).
  std::map<std::string, std::string> identities;
  std::map<std::string, std::set<std::string>> refusing_functions;

  void add(const std::string& key, const std::string& value) { facts[key].insert(value); }
};

// `keys_assigned_by_komek`: the tables whose integer key Komek assigns itself (an INTEGER
// PRIMARY KEY in SQLite is the rowid, which SQLite would generate; these are described as
// assigned, as on PostgreSQL, where such a key has no identity).
SchemaDescription describe_sqlite(const std::string& file,
                                  const std::set<std::string>& keys_assigned_by_komek);
// The current schema (search_path) of the database.
SchemaDescription describe_postgresql(const std::string& conninfo);

// Each difference in words, naming the table, column, index, constraint or trigger:
// "only in SQLite: index cases (state) = not unique", or
// "column budgets.year: SQLite has integer, not null; PostgreSQL has text, not null".
std::vector<std::string> schema_differences(const SchemaDescription& first, const SchemaDescription& second,
                                            const std::string& first_name = "SQLite",
                                            const std::string& second_name = "PostgreSQL");

// The normal form of an SQL expression of either dialect (see above).
std::string normal_expression(std::string_view sql);

}  // namespace komek::test
