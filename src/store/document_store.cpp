#include "store/document_store.hpp"

#include <charconv>

#include <nlohmann/json.hpp>
#include <soci/soci.h>

#include "cases/case_json.hpp"
#include "store/case_store.hpp"
#include "store/journal_sql.hpp"
#include "store/pg_native.hpp"
#include "store/sql_text.hpp"
#include "store/sqlite_native.hpp"

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

inline constexpr std::string_view kSelectCaseData = "SELECT data FROM cases WHERE id = :id";
inline constexpr std::string_view kDocumentColumns = R"sql(
  SELECT id, case_id, kind, file_name, content_type, size_bytes, sha256, uploaded_by, uploaded_at, note
  FROM case_documents )sql";
inline constexpr std::string_view kWhereDocumentsOfCase = "WHERE case_id = $1 ORDER BY seq";
inline constexpr std::string_view kWhereDocumentOfCase = "WHERE id = $1 AND case_id = $2";
inline constexpr std::string_view kSelectDocumentsOfCase = sql::join<kDocumentColumns, kWhereDocumentsOfCase>;
inline constexpr std::string_view kSelectDocument = sql::join<kDocumentColumns, kWhereDocumentOfCase>;
inline constexpr std::string_view kSelectDocumentContent = "SELECT content FROM case_documents WHERE id = $1";
inline constexpr std::string_view kSelectLastSeq = "SELECT COALESCE(MAX(seq), 0) FROM case_documents WHERE case_id = $1";
inline constexpr std::string_view kInsertDocument = R"sql(
  INSERT INTO case_documents (id, case_id, seq, kind, file_name, content_type, size_bytes, sha256, content,
                              uploaded_by, uploaded_at, note, created_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
)sql";

using pg::Param;
using pg::Rows;

Rows run_sqlite(sqlite::Connection* db, std::string_view query, const std::vector<Param>& params) {
  sqlite::Statement st(db, query);
  for (std::size_t k = 0; k < params.size(); ++k) {
    const std::string name = "$" + std::to_string(k + 1);
    const int i = st.parameter(name.c_str());
    if (params[k].bytes)
      st.bind_blob(i, params[k].value);
    else
      st.bind_text(i, params[k].value);
  }
  Rows rows;
  while (st.step()) {
    std::vector<std::string> row;
    for (int c = 0; c < st.columns(); ++c) row.emplace_back(st.blob(c));
    rows.push_back(std::move(row));
  }
  return rows;
}

// binary_result: every column comes back in PostgreSQL's binary form — raw bytes for BYTEA;
// used only for statements that select the content alone.
Rows run(soci::session& sql, std::string_view query, const std::vector<Param>& params, bool binary_result = false) {
  if (sqlite::Connection* db = sqlite::connection_of(sql); db != nullptr) return run_sqlite(db, query, params);
  return pg::exec_params(sql, query, params, binary_result);
}

// A row of kDocumentColumns.
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
    sql_ << kSelectCaseData, soci::use(key), soci::into(data, ind);
    if (!sql_.got_data() || ind != soci::i_ok) return std::optional<Case>();
    KOMEK_TRY(c, decode_case(data));
    return std::optional<Case>(std::move(c));
  }

  Result<std::vector<CaseDocument>> documents_of_case(std::string_view case_id) override {
    std::vector<CaseDocument> out;
    for (const auto& row : run(sql_, kSelectDocumentsOfCase, {{case_id}})) {
      KOMEK_TRY(d, document_of(row));
      out.push_back(std::move(d));
    }
    return out;
  }

  Result<std::optional<CaseDocument>> find_document(std::string_view case_id, std::string_view id) override {
    const Rows rows = run(sql_, kSelectDocument, {{id}, {case_id}});
    if (rows.empty()) return std::optional<CaseDocument>();
    KOMEK_TRY(d, document_of(rows.front()));
    return std::optional<CaseDocument>(std::move(d));
  }

  Result<std::string> document_content(std::string_view id) override {
    Rows rows = run(sql_, kSelectDocumentContent, {{id}}, pg::kBinaryResult);
    if (rows.empty() || rows.front().size() != 1) return fail(ErrorCode::kNotFound, "document.not_found");
    return std::move(rows.front().front());
  }

  Result<void> insert_document(const CaseDocument& d, std::string_view content) override {
    const std::string size = std::to_string(d.size);
    const std::string now = now_utc();
    // The order received on the case; writers are serialised (Database::write), and the unique
    // (case_id, seq) index would refuse a second writer's copy anyway.
    const Rows last = run(sql_, kSelectLastSeq, {{d.case_id}});
    const std::string seq = std::to_string(std::stoll(last.at(0).at(0)) + 1);
    run(sql_, kInsertDocument,
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
