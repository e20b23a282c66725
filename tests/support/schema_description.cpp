#include "support/schema_description.hpp"

#include <libpq-fe.h>
#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <regex>
#include <stdexcept>

namespace komek::test {
namespace {

// ---- text ---------------------------------------------------------------------------------

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string upper(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

// The SQL without its "--" comments (the stored CREATE statements of SQLite keep them), quoted
// text left as it is.
std::string without_comments(std::string_view sql) {
  std::string out;
  char quote = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (quote != 0) {
      out += c;
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      out += c;
      continue;
    }
    if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      while (i < sql.size() && sql[i] != '\n') ++i;
      out += '\n';
      continue;
    }
    out += c;
  }
  return out;
}

// The text inside the parentheses that open at `open`.
std::string parenthesised(const std::string& sql, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < sql.size(); ++i) {
    if (sql[i] == '(') ++depth;
    if (sql[i] == ')' && --depth == 0) return sql.substr(open + 1, i - open - 1);
  }
  throw std::runtime_error("unbalanced parentheses in: " + sql);
}

// SQLite's type affinity of a declared type (https://sqlite.org/datatype3.html, 3.1).
std::string sqlite_type_class(const std::string& declared) {
  const std::string t = upper(declared);
  if (t.find("INT") != std::string::npos) return "integer";
  if (t.find("CHAR") != std::string::npos || t.find("CLOB") != std::string::npos ||
      t.find("TEXT") != std::string::npos)
    return "text";
  if (t.empty() || t.find("BLOB") != std::string::npos) return "blob";
  if (t.find("REAL") != std::string::npos || t.find("FLOA") != std::string::npos ||
      t.find("DOUB") != std::string::npos)
    return "real";
  return "numeric";
}

std::string postgresql_type_class(const std::string& data_type) {
  if (data_type == "smallint" || data_type == "integer" || data_type == "bigint") return "integer";
  if (data_type == "text" || data_type == "character varying" || data_type == "character") return "text";
  if (data_type == "bytea") return "blob";
  if (data_type == "real" || data_type == "double precision") return "real";
  if (data_type == "numeric") return "numeric";
  if (data_type == "boolean") return "boolean";
  if (data_type == "date" || data_type.rfind("timestamp", 0) == 0 || data_type.rfind("time", 0) == 0 ||
      data_type == "interval")
    return "date/time";
  return data_type;
}

std::string column_fact(const std::string& type_class, bool not_null) {
  return type_class + (not_null ? ", not null" : ", null");
}

// ---- SQLite -------------------------------------------------------------------------------

class SqliteReader {
 public:
  explicit SqliteReader(const std::string& file) {
    if (sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      sqlite3_close(db_);
      throw std::runtime_error("cannot open " + file);
    }
  }
  ~SqliteReader() { sqlite3_close(db_); }
  SqliteReader(const SqliteReader&) = delete;
  SqliteReader& operator=(const SqliteReader&) = delete;

  // Every row of a query with one text parameter (or none), every value as text ("" for NULL).
  std::vector<std::vector<std::string>> rows(const std::string& query, const std::string& param = "") {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, query.c_str(), -1, &st, nullptr) != SQLITE_OK)
      throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db_) + " in " + query);
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> guard(st, sqlite3_finalize);
    if (sqlite3_bind_parameter_count(st) > 0) sqlite3_bind_text(st, 1, param.c_str(), -1, SQLITE_TRANSIENT);
    std::vector<std::vector<std::string>> out;
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int c = 0; c < sqlite3_column_count(st); ++c) {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st, c));
        row.emplace_back(text == nullptr ? "" : text);
      }
      out.push_back(std::move(row));
    }
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

// Checks of a CREATE TABLE statement, column and table constraints alike.
std::vector<std::string> sqlite_checks(const std::string& create_table) {
  const std::string sql = without_comments(create_table);
  static const std::regex check_re(R"(\bCHECK\s*\()", std::regex::icase);
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(sql.begin(), sql.end(), check_re); it != std::sregex_iterator(); ++it) {
    const auto open = static_cast<std::size_t>(it->position() + it->length() - 1);
    out.push_back(normal_expression(parenthesised(sql, open)));
  }
  return out;
}

// The predicate of a partial index, from its CREATE INDEX statement.
std::string sqlite_index_predicate(const std::string& create_index) {
  const std::string sql = without_comments(create_index);
  static const std::regex where_re(R"(\bWHERE\b)", std::regex::icase);
  std::smatch m;
  if (!std::regex_search(sql, m, where_re)) return "";
  return normal_expression(sql.substr(static_cast<std::size_t>(m.position() + m.length())));
}

void describe_sqlite_columns(SqliteReader& db, const std::string& table, const std::string& create_table,
                             const std::set<std::string>& keys_assigned_by_komek, SchemaDescription& out) {
  // cid, name, type, notnull, dflt_value, pk
  const auto columns =
      db.rows("SELECT cid, name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?1)", table);
  std::map<int, std::string> key;
  std::string key_type;
  for (const auto& c : columns) {
    const std::string& name = c[1];
    const int pk = std::stoi(c[5]);
    // SQLite lets NULL into a key column not declared NOT NULL (a quirk kept for old files,
    // https://sqlite.org/lang_createtable.html#the_primary_key); Komek never writes a NULL
    // key, so key columns are described as not null, as PostgreSQL makes them.
    out.add("column " + table + "." + name, column_fact(sqlite_type_class(c[2]), c[3] == "1" || pk > 0));
    out.declared_types[table + "." + name] = upper(c[2]);
    if (!c[4].empty()) out.add("default " + table + "." + name, normal_expression(c[4]));
    if (pk > 0) {
      key[pk] = name;
      key_type = c[2];
    }
  }
  std::vector<std::string> names;
  for (const auto& [_, name] : key) names.push_back(name);
  if (!names.empty()) out.add("primary key " + table, "(" + joined(names) + ")");
  if (names.size() != 1 || sqlite_type_class(key_type) != "integer") return;
  // A table's only key column declared exactly INTEGER is its rowid, which SQLite generates
  // when an insert leaves it out (not so in a WITHOUT ROWID table).
  const bool rowid =
      upper(key_type) == "INTEGER" && upper(create_table).find("WITHOUT ROWID") == std::string::npos;
  const bool generated = rowid && keys_assigned_by_komek.count(table) == 0;
  out.add("key " + table + "." + names.front(), generated ? "generated" : "assigned by Komek");
}

void describe_sqlite_indexes(SqliteReader& db, const std::string& table, SchemaDescription& out) {
  // seq, name, unique, origin (c: CREATE INDEX, u: UNIQUE, pk: PRIMARY KEY), partial
  for (const auto& index :
       db.rows("SELECT name, \"unique\", origin, partial FROM pragma_index_list(?1)", table)) {
    if (index[2] == "pk") continue;
    std::vector<std::string> columns;
    for (const auto& c : db.rows("SELECT name FROM pragma_index_info(?1) ORDER BY seqno", index[0]))
      columns.push_back(c[0]);
    const std::string on = table + " (" + joined(columns) + ")";
    if (index[2] == "u") {
      out.add("unique " + on, "constraint");
      continue;
    }
    std::string fact = index[1] == "1" ? "unique" : "not unique";
    if (index[3] == "1") {
      const auto sql = db.rows("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?1", index[0]);
      fact += ", where " + sqlite_index_predicate(sql.at(0).at(0));
    }
    out.add("index " + on, fact);
  }
}

void describe_sqlite_foreign_keys(SqliteReader& db, const std::string& table, SchemaDescription& out) {
  struct Key {
    std::vector<std::string> from, to;
    std::string table, on_update, on_delete;
  };
  std::map<std::string, Key> keys;
  // id, seq, table, from, to, on_update, on_delete, match
  for (const auto& r : db.rows("SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete FROM "
                               "pragma_foreign_key_list(?1) "
                               "ORDER BY id, seq",
                               table)) {
    Key& k = keys[r[0]];
    k.from.push_back(r[3]);
    k.to.push_back(r[4]);
    k.table = r[2];
    k.on_update = r[5];
    k.on_delete = r[6];
  }
  for (const auto& [_, k] : keys)
    out.add("foreign key " + table + " (" + joined(k.from) + ")",
            k.table + " (" + joined(k.to) + "), on update " + k.on_update + ", on delete " + k.on_delete);
}

// Triggers that refuse a change (their body raises): "append-only <table>".
void describe_sqlite_triggers(SqliteReader& db, SchemaDescription& out) {
  static const std::regex event_re(R"(\b(BEFORE|AFTER|INSTEAD\s+OF)\s+(INSERT|UPDATE|DELETE)\b)",
                                   std::regex::icase);
  static const std::regex raise_re(R"(\bRAISE\s*\(\s*(ABORT|FAIL|ROLLBACK))", std::regex::icase);
  for (const auto& t : db.rows("SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")) {
    const std::string sql = without_comments(t[1]);
    std::smatch event;
    if (!std::regex_search(sql, event, event_re) || !std::regex_search(sql, raise_re)) continue;
    out.add("append-only " + t[0], "refuses " + lower(event[2].str()));
  }
}

// ---- PostgreSQL ---------------------------------------------------------------------------

class PgReader {
 public:
  explicit PgReader(const std::string& conninfo) : conn_(PQconnectdb(conninfo.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) {
      const std::string what = PQerrorMessage(conn_);
      PQfinish(conn_);
      throw std::runtime_error("PostgreSQL: " + what);
    }
  }
  ~PgReader() { PQfinish(conn_); }
  PgReader(const PgReader&) = delete;
  PgReader& operator=(const PgReader&) = delete;

  std::vector<std::vector<std::string>> rows(const char* query) {
    std::unique_ptr<PGresult, void (*)(PGresult*)> r(PQexec(conn_, query), PQclear);
    if (PQresultStatus(r.get()) != PGRES_TUPLES_OK)
      throw std::runtime_error(std::string("PostgreSQL: ") + PQerrorMessage(conn_) + " in " + query);
    std::vector<std::vector<std::string>> out;
    for (int i = 0; i < PQntuples(r.get()); ++i) {
      std::vector<std::string> row;
      for (int c = 0; c < PQnfields(r.get()); ++c) row.emplace_back(PQgetvalue(r.get(), i, c));
      out.push_back(std::move(row));
    }
    return out;
  }

 private:
  PGconn* conn_;
};

constexpr const char* kPgTables = R"sql(
  SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
)sql";

constexpr const char* kPgColumns = R"sql(
  SELECT table_name, column_name, data_type, is_nullable, COALESCE(column_default, ''), is_identity,
         COALESCE(identity_generation, '')
  FROM information_schema.columns WHERE table_schema = current_schema()
)sql";

// Constraints with their columns in order: p (primary key), u (unique), c (check), f (foreign key).
constexpr const char* kPgConstraints = R"sql(
  SELECT t.relname, c.contype,
         COALESCE((SELECT string_agg(a.attname, ', ' ORDER BY k.ord)
                   FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum), ''),
         COALESCE(rt.relname, ''),
         COALESCE((SELECT string_agg(a.attname, ', ' ORDER BY k.ord)
                   FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum), ''),
         c.confupdtype, c.confdeltype, pg_get_constraintdef(c.oid)
  FROM pg_constraint c
  JOIN pg_class t ON t.oid = c.conrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
  LEFT JOIN pg_class rt ON rt.oid = c.confrelid
  WHERE n.nspname = current_schema()
)sql";

// Indexes that no constraint made, with their columns in order and their predicate.
constexpr const char* kPgIndexes = R"sql(
  SELECT t.relname, ix.indisunique,
         COALESCE(pg_get_expr(ix.indpred, ix.indrelid), ''),
         (SELECT string_agg(a.attname, ', ' ORDER BY k.ord)
          FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
          JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum)
  FROM pg_index ix
  JOIN pg_class t ON t.oid = ix.indrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
  WHERE n.nspname = current_schema()
    AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid AND c.contype IN ('p', 'u'))
)sql";

constexpr const char* kPgTriggers = R"sql(
  SELECT t.relname, tg.tgtype, p.proname, p.prosrc
  FROM pg_trigger tg
  JOIN pg_class t ON t.oid = tg.tgrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
  JOIN pg_proc p ON p.oid = tg.tgfoid
  WHERE n.nspname = current_schema() AND NOT tg.tgisinternal
)sql";

std::string pg_action(const std::string& code) {
  if (code == "a") return "NO ACTION";
  if (code == "r") return "RESTRICT";
  if (code == "c") return "CASCADE";
  if (code == "n") return "SET NULL";
  if (code == "d") return "SET DEFAULT";
  return code;
}

void describe_pg_columns(PgReader& db, SchemaDescription& out,
                         std::map<std::string, std::string>& type_class) {
  for (const auto& c : db.rows(kPgColumns)) {
    const std::string column = c[0] + "." + c[1];
    out.add("column " + column, column_fact(postgresql_type_class(c[2]), c[3] == "NO"));
    out.declared_types[column] = c[2];
    type_class[column] = postgresql_type_class(c[2]);
    if (c[5] == "YES") {
      out.add("key " + column, "generated");
      out.identities[column] = c[6];
    } else if (c[4].rfind("nextval(", 0) == 0) {
      out.add("key " + column, "serial");
    } else if (!c[4].empty()) {
      out.add("default " + column, normal_expression(c[4]));
    }
  }
}

void describe_pg_constraints(PgReader& db, SchemaDescription& out,
                             const std::map<std::string, std::string>& type_class) {
  for (const auto& c : db.rows(kPgConstraints)) {
    const std::string& table = c[0];
    const std::string& kind = c[1];
    if (kind == "p") {
      out.add("primary key " + table, "(" + c[2] + ")");
      // A single integer key without an identity (or serial) is one Komek assigns.
      const std::string column = table + "." + c[2];
      if (c[2].find(',') == std::string::npos && type_class.at(column) == "integer" &&
          out.facts.count("key " + column) == 0)
        out.add("key " + column, "assigned by Komek");
    } else if (kind == "u") {
      out.add("unique " + table + " (" + c[2] + ")", "constraint");
    } else if (kind == "c") {
      const std::string& def = c[7];  // CHECK (…)
      out.add("check " + table, normal_expression(parenthesised(def, def.find('('))));
    } else if (kind == "f") {
      out.add("foreign key " + table + " (" + c[2] + ")",
              c[3] + " (" + c[4] + "), on update " + pg_action(c[5]) + ", on delete " + pg_action(c[6]));
    }
  }
}

void describe_pg_triggers(PgReader& db, SchemaDescription& out) {
  // tgtype bits (pg_trigger.h): 1 row, 2 before, 4 insert, 8 delete, 16 update, 32 truncate.
  for (const auto& t : db.rows(kPgTriggers)) {
    if (lower(t[3]).find("raise exception") == std::string::npos) continue;
    const int type = std::stoi(t[1]);
    if ((type & 4) != 0) out.add("append-only " + t[0], "refuses insert");
    if ((type & 8) != 0) out.add("append-only " + t[0], "refuses delete");
    if ((type & 16) != 0) out.add("append-only " + t[0], "refuses update");
    out.refusing_functions[t[0]].insert(t[2]);
  }
}

std::string rendered(const std::set<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : "; ") + v;
  return out;
}

}  // namespace

std::string normal_expression(std::string_view sql) {
  // PostgreSQL's casts of literals and columns ('pending'::text, 0::bigint, x::character varying).
  static const std::regex cast_re(R"(::[a-z_]+( varying)?(\[\])?)");
  std::string s = std::regex_replace(lower(sql), cast_re, "");
  // SQLite 3.40 has no octet_length(); length() of a BLOB counts its bytes, as octet_length()
  // of a BYTEA does.
  static const std::regex octet_re(R"(\boctet_length\b)");
  s = std::regex_replace(s, octet_re, "length");
  std::string out;
  char quote = 0;
  for (char c : s) {
    if (quote != 0) {
      out += c;
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '\'') quote = c;
    if (c == '(' || c == ')' || c == ';' || std::isspace(static_cast<unsigned char>(c)) != 0) continue;
    out += c;
  }
  return out;
}

SchemaDescription describe_sqlite(const std::string& file,
                                  const std::set<std::string>& keys_assigned_by_komek) {
  SqliteReader db(file);
  SchemaDescription out;
  for (const auto& t :
       db.rows("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")) {
    const std::string& table = t[0];
    out.add("table " + table, "");
    describe_sqlite_columns(db, table, t[1], keys_assigned_by_komek, out);
    describe_sqlite_indexes(db, table, out);
    describe_sqlite_foreign_keys(db, table, out);
    for (const auto& check : sqlite_checks(t[1])) out.add("check " + table, check);
  }
  describe_sqlite_triggers(db, out);
  return out;
}

SchemaDescription describe_postgresql(const std::string& conninfo) {
  PgReader db(conninfo);
  SchemaDescription out;
  for (const auto& t : db.rows(kPgTables)) out.add("table " + t[0], "");
  std::map<std::string, std::string> type_class;
  describe_pg_columns(db, out, type_class);
  describe_pg_constraints(db, out, type_class);
  for (const auto& ix : db.rows(kPgIndexes)) {
    std::string fact = ix[1] == "t" ? "unique" : "not unique";
    if (!ix[2].empty()) fact += ", where " + normal_expression(ix[2]);
    out.add("index " + ix[0] + " (" + ix[3] + ")", fact);
  }
  describe_pg_triggers(db, out);
  return out;
}

std::vector<std::string> schema_differences(const SchemaDescription& first, const SchemaDescription& second,
                                            const std::string& first_name, const std::string& second_name) {
  std::vector<std::string> out;
  auto only_in = [&](const std::string& name, const std::string& key, const std::set<std::string>& values) {
    const std::string v = rendered(values);
    out.push_back("only in " + name + ": " + key + (v.empty() ? "" : " = " + v));
  };
  for (const auto& [key, values] : first.facts) {
    auto it = second.facts.find(key);
    if (it == second.facts.end())
      only_in(first_name, key, values);
    else if (it->second != values)
      out.push_back(key + ": " + first_name + " has " + rendered(values) + "; " + second_name + " has " +
                    rendered(it->second));
  }
  for (const auto& [key, values] : second.facts)
    if (first.facts.count(key) == 0) only_in(second_name, key, values);
  return out;
}

}  // namespace komek::test
