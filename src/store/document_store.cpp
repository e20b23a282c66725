#include "store/document_store.hpp"

#include <charconv>

#include <nlohmann/json.hpp>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "cases/case_json.hpp"
#include "store/case_store.hpp"
#include "store/journal_sql.hpp"

namespace komek::store {
namespace {

using cases::Case;
using cases::CaseDocument;
using json = nlohmann::json;

// ---- statements with bytes ------------------------------------------------------------------
// SOCI 4.0's blob type is a PostgreSQL large object (an OID column, not BYTEA) and its SQLite
// blob binding differs; a std::string bound through SOCI is text, cut at the first NUL byte on
// the way back. The document statements therefore go through each database's own API on the
// session's connection — in the session's transaction — binding the bytes as a BLOB (SQLite)
// or as a binary BYTEA parameter (PostgreSQL). Parameters are written $1, $2, … in both.

struct Param {
  std::string_view value;
  bool bytes = false;  // BLOB / BYTEA rather than text
};
using Rows = std::vector<std::vector<std::string>>;

[[noreturn]] void fail_now(const std::string& what) { throw soci::soci_error(what); }

Rows run_sqlite(soci::session& sql, const char* query, const std::vector<Param>& params) {
  auto* db = static_cast<soci::sqlite3_session_backend*>(sql.get_backend())->conn_;
  sqlite_api::sqlite3_stmt* st = nullptr;
  if (sqlite_api::sqlite3_prepare_v2(db, query, -1, &st, nullptr) != SQLITE_OK)
    fail_now(std::string("sqlite3 prepare: ") + sqlite_api::sqlite3_errmsg(db));
  // Finalized on every way out, exceptions included.
  std::unique_ptr<sqlite_api::sqlite3_stmt, int (*)(sqlite_api::sqlite3_stmt*)> guard(st, sqlite_api::sqlite3_finalize);
  for (std::size_t k = 0; k < params.size(); ++k) {
    const std::string name = "$" + std::to_string(k + 1);
    const int i = sqlite_api::sqlite3_bind_parameter_index(st, name.c_str());
    if (i == 0) fail_now("sqlite3 bind: no parameter " + name);
    const Param& p = params[k];
    int rc = SQLITE_OK;
    if (p.bytes && p.value.empty()) rc = sqlite_api::sqlite3_bind_zeroblob(st, i, 0);
    else if (p.bytes) rc = sqlite_api::sqlite3_bind_blob64(st, i, p.value.data(), p.value.size(), SQLITE_STATIC);
    else rc = sqlite_api::sqlite3_bind_text64(st, i, p.value.data(), p.value.size(), SQLITE_STATIC, SQLITE_UTF8);
    if (rc != SQLITE_OK) fail_now(std::string("sqlite3 bind: ") + sqlite_api::sqlite3_errmsg(db));
  }
  Rows rows;
  for (;;) {
    const int rc = sqlite_api::sqlite3_step(st);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) fail_now(std::string("sqlite3 step: ") + sqlite_api::sqlite3_errmsg(db));
    std::vector<std::string> row;
    const int columns = sqlite_api::sqlite3_column_count(st);
    for (int c = 0; c < columns; ++c) {
      const int type = sqlite_api::sqlite3_column_type(st, c);
      const void* p = type == SQLITE_BLOB ? sqlite_api::sqlite3_column_blob(st, c)
                                          : static_cast<const void*>(sqlite_api::sqlite3_column_text(st, c));
      const auto n = static_cast<std::size_t>(sqlite_api::sqlite3_column_bytes(st, c));
      row.emplace_back(p == nullptr ? std::string() : std::string(static_cast<const char*>(p), n));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

// binary_result: every column comes back in PostgreSQL's binary form — raw bytes for BYTEA;
// used only for statements that select the content alone.
Rows run_postgresql(soci::session& sql, const char* query, const std::vector<Param>& params, bool binary_result) {
  PGconn* conn = static_cast<soci::postgresql_session_backend*>(sql.get_backend())->conn_;
  std::vector<std::string> texts(params.size());  // text parameters must end with a NUL
  std::vector<const char*> values(params.size());
  std::vector<int> lengths(params.size());
  std::vector<int> formats(params.size());
  for (std::size_t k = 0; k < params.size(); ++k) {
    if (params[k].bytes) {
      values[k] = params[k].value.data();
      lengths[k] = static_cast<int>(params[k].value.size());
      formats[k] = 1;
    } else {
      texts[k] = std::string(params[k].value);
      values[k] = texts[k].c_str();
      formats[k] = 0;
    }
  }
  std::unique_ptr<PGresult, void (*)(PGresult*)> result(
      PQexecParams(conn, query, static_cast<int>(params.size()), nullptr, values.data(), lengths.data(), formats.data(),
                   binary_result ? 1 : 0),
      PQclear);
  const auto status = PQresultStatus(result.get());
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) fail_now(std::string("postgresql: ") + PQerrorMessage(conn));
  Rows rows;
  for (int r = 0; r < PQntuples(result.get()); ++r) {
    std::vector<std::string> row;
    for (int c = 0; c < PQnfields(result.get()); ++c)
      row.emplace_back(PQgetvalue(result.get(), r, c), static_cast<std::size_t>(PQgetlength(result.get(), r, c)));
    rows.push_back(std::move(row));
  }
  return rows;
}

Rows run(soci::session& sql, const char* query, const std::vector<Param>& params, bool binary_result = false) {
  if (sql.get_backend_name() == "postgresql") return run_postgresql(sql, query, params, binary_result);
  return run_sqlite(sql, query, params);
}

constexpr const char* kColumns =
    "id, case_id, kind, file_name, content_type, size_bytes, sha256, uploaded_by, uploaded_at, note";

Result<CaseDocument> document_of(const std::vector<std::string>& row) {
  if (row.size() != 10) return fail(ErrorCode::kInternal, "document.stored_record_broken");
  CaseDocument d;
  d.id = row[0];
  d.case_id = row[1];
  d.kind = row[2];
  d.file_name = row[3];
  d.content_type = row[4];
  const std::string& size = row[5];
  const auto [end, ec] = std::from_chars(size.data(), size.data() + size.size(), d.size);
  if (ec != std::errc() || end != size.data() + size.size())
    return fail(ErrorCode::kInternal, "document.stored_record_broken", {{"id", d.id}});
  d.sha256 = row[6];
  d.uploaded_by = row[7];
  d.uploaded_at = row[8];
  d.note = row[9];
  return d;
}

class SqlDocumentTransaction final : public cases::DocumentTransaction {
 public:
  explicit SqlDocumentTransaction(soci::session& sql) : sql_(sql) {}

  Result<std::optional<Case>> find_case(std::string_view id) override {
    const std::string key(id);
    std::string data;
    soci::indicator ind = soci::i_null;
    sql_ << "SELECT data FROM cases WHERE id = :id", soci::use(key), soci::into(data, ind);
    if (!sql_.got_data() || ind != soci::i_ok) return std::optional<Case>();
    KOMEK_TRY(c, cases::case_from_json(json::parse(data)));
    return std::optional<Case>(std::move(c));
  }

  Result<std::vector<CaseDocument>> documents_of_case(std::string_view case_id) override {
    const std::string query = std::string("SELECT ") + kColumns +
                              " FROM case_documents WHERE case_id = $1 ORDER BY seq";
    std::vector<CaseDocument> out;
    for (const auto& row : run(sql_, query.c_str(), {{case_id}})) {
      KOMEK_TRY(d, document_of(row));
      out.push_back(std::move(d));
    }
    return out;
  }

  Result<std::optional<CaseDocument>> find_document(std::string_view case_id, std::string_view id) override {
    const std::string query = std::string("SELECT ") + kColumns + " FROM case_documents WHERE id = $1 AND case_id = $2";
    const Rows rows = run(sql_, query.c_str(), {{id}, {case_id}});
    if (rows.empty()) return std::optional<CaseDocument>();
    KOMEK_TRY(d, document_of(rows.front()));
    return std::optional<CaseDocument>(std::move(d));
  }

  Result<std::string> document_content(std::string_view id) override {
    Rows rows = run(sql_, "SELECT content FROM case_documents WHERE id = $1", {{id}}, true);
    if (rows.empty() || rows.front().size() != 1) return fail(ErrorCode::kNotFound, "document.not_found");
    return std::move(rows.front().front());
  }

  Result<void> insert_document(const CaseDocument& d, std::string_view content) override {
    const std::string size = std::to_string(d.size);
    const std::string now = now_utc();
    // The order received on the case; writers are serialised (Database::write), and the unique
    // (case_id, seq) index would refuse a second writer's copy anyway.
    const Rows last = run(sql_, "SELECT COALESCE(MAX(seq), 0) FROM case_documents WHERE case_id = $1", {{d.case_id}});
    const std::string seq = std::to_string(std::stoll(last.at(0).at(0)) + 1);
    run(sql_,
        "INSERT INTO case_documents (id, case_id, seq, kind, file_name, content_type, size_bytes, sha256, content, "
        "uploaded_by, uploaded_at, note, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        {{d.id}, {d.case_id}, {seq}, {d.kind}, {d.file_name}, {d.content_type}, {size}, {d.sha256}, {content, true},
         {d.uploaded_by}, {d.uploaded_at}, {d.note}, {now}});
    return {};
  }

  // ---- the journal, shared with every module ---------------------------------------------

  Result<void> audit(const work::AuditEntry& entry) override { return journal::audit(sql_, entry); }
  Result<void> enqueue(const work::OutboxMessage& message) override { return journal::enqueue(sql_, message); }
  Result<std::optional<work::IdempotencyRecord>> find_idempotency(std::string_view principal, std::string_view key) override {
    return journal::find_idempotency(sql_, principal, key);
  }
  Result<void> put_idempotency(const work::IdempotencyRecord& r) override { return journal::put_idempotency(sql_, r); }
  Result<void> log_access(const work::AccessRecord& r) override { return journal::log_access(sql_, r); }

 private:
  soci::session& sql_;
};

class SqlDocumentStore final : public cases::DocumentStore {
 public:
  explicit SqlDocumentStore(Database& db) : db_(db) {}
  Result<void> transact(const std::function<Result<void>(cases::DocumentTransaction&)>& work) override {
    return db_.write([&](soci::session& sql) {
      SqlDocumentTransaction tx(sql);
      return work(tx);
    });
  }

 private:
  Database& db_;
};

}  // namespace

std::unique_ptr<cases::DocumentStore> make_document_store(Database& db) { return std::make_unique<SqlDocumentStore>(db); }

}  // namespace komek::store
