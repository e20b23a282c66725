// komek db check: the checks an IT department runs on demand (issue 13 finding 11) — the
// engine's own integrity check, the audit chain against its head, the payments ledger's
// invariants, and every case record read back. Exit 0 when all pass, 1 when any fails (each
// failure named), 2 on bad usage.
#include <iostream>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <sodium.h>

#include "cli/cli.hpp"
#include "core/messages.hpp"
#include "store/case_store.hpp"
#include "store/database.hpp"
#include "store/payments_store.hpp"

namespace komek::cli {
namespace {

struct DbArgs {
  std::string db = "komek-data/komek.db";
  std::string postgresql;
};

struct Check {
  std::string name;
  bool ok = true;
  std::string detail;
};

Result<std::vector<Check>> run_checks(const DbArgs& a) {
  if (sodium_init() < 0) return fail(ErrorCode::kInternal, "internal.error");
  KOMEK_TRY(db, a.postgresql.empty() ? store::Database::open({a.db, KOMEK_MIGRATIONS_DIR, 1, "sqlite"})
                                     : store::Database::open({a.postgresql, KOMEK_MIGRATIONS_DIR, 1, "postgresql"}));
  std::vector<Check> out;
  {
    Check c{"integrity", true, ""};
    KOMEK_TRY(problems, db->integrity_problems());
    c.ok = problems.empty();
    for (const auto& p : problems) c.detail += (c.detail.empty() ? "" : "; ") + p;
    if (c.ok) c.detail = db->postgresql() ? "not applicable (PostgreSQL checks pages as it reads them)" : "ok";
    out.push_back(c);
  }
  auto cases = store::make_case_store(*db);
  {
    Check c{"audit_chain", true, ""};
    auto chain = cases->verify_audit_chain();
    c.ok = chain.has_value();
    c.detail = chain ? std::to_string(*chain) + " records, head matches" : render(chain.error(), Lang::kEn);
    out.push_back(c);
  }
  {
    Check c{"ledger", true, ""};
    auto ledger = store::make_payments_store(*db)->verify();
    if (!ledger) {
      c.ok = false;
      c.detail = render(ledger.error(), Lang::kEn);
    } else {
      c.ok = ledger->ok();
      c.detail = std::to_string(ledger->transfers) + " transfers, " + std::to_string(ledger->accounts) + " accounts";
      for (const auto& v : ledger->violations) c.detail += "; " + v.invariant + ": " + v.detail;
    }
    out.push_back(c);
  }
  {
    Check c{"case_records", true, ""};
    KOMEK_TRY(records, cases->check_case_records());
    c.ok = records.damaged.empty();
    c.detail = std::to_string(records.read) + " read";
    if (!c.ok) {
      c.detail += ", damaged:";
      for (const auto& id : records.damaged) c.detail += " " + id;
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace

void add_db_commands(CLI::App& app, GlobalOptions& options, int& exit_code) {
  CLI::App* db = app.add_subcommand("db", "The database: checks on demand");
  db->require_subcommand(1);
  auto args = std::make_shared<DbArgs>();
  CLI::App* check = db->add_subcommand(
      "check", "Integrity check, the audit chain against its head, the ledger's invariants, every case record read back");
  check->add_option("--db", args->db, "SQLite database file")->capture_default_str();
  check->add_option("--pg", args->postgresql, "PostgreSQL libpq conninfo (instead of --db)");
  check->callback([&options, &exit_code, args] {
    auto checks = run_checks(*args);
    if (!checks) {
      exit_code = report_error(options, checks.error());
      return;
    }
    bool all_ok = true;
    nlohmann::json list = nlohmann::json::array();
    for (const auto& c : *checks) {
      all_ok = all_ok && c.ok;
      list.push_back({{"check", c.name}, {"ok", c.ok}, {"detail", c.detail}});
      if (!options.json) std::cout << (c.ok ? "ok     " : "FAILED ") << c.name << ": " << c.detail << "\n";
    }
    if (options.json) print_json({{"ok", all_ok}, {"checks", list}});
    exit_code = all_ok ? kExitOk : kExitNegative;
  });
}

}  // namespace komek::cli
