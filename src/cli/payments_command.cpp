// komek payments run | import-results, komek ledger verify, komek budget set | amend:
// the payment cycle through the State Corporation from the command line (docs/payments.md).
#include <fstream>
#include <iostream>
#include <sstream>

#include <sodium.h>

#include "cli/cli.hpp"
#include "core/calendar.hpp"
#include "core/messages.hpp"
#include "payments/payments.hpp"
#include "rules/procedure.hpp"
#include "store/case_store.hpp"
#include "store/database.hpp"
#include "store/payments_store.hpp"

#ifndef KOMEK_MIGRATIONS_DIR
#error "KOMEK_MIGRATIONS_DIR must be defined by the build"
#endif

namespace komek::cli {
namespace {

struct PaymentsArgs {
  std::string db = "komek-data/komek.db";
  std::string date;
  std::string territory;
  std::string client_id;
  std::string actor = "cli";
  std::string file;
  std::string programme;
  int year = 0;
  std::string amount;
  std::string reason;
  int answer_window = 10;
  int fee_bp = 0;
};

struct Opened {
  std::unique_ptr<store::Database> db;
  std::unique_ptr<payments::PaymentsStore> store;
  WorkingCalendar calendar;
  rules::Procedure procedure;  // the payment cycle's periods (001 §27-31)
  MoneyCeilings ceilings;
};

Result<Opened> open(const GlobalOptions& options, const PaymentsArgs& a) {
  if (sodium_init() < 0) return fail(ErrorCode::kInternal, "internal.error");
  KOMEK_TRY(cal, WorkingCalendar::load(options.rules() / "calendar" / "kz.yaml"));
  KOMEK_TRY(procedure, rules::Procedure::load(options.rules() / "procedure" / "kz.yaml"));
  MoneyCeilings ceilings;
  std::error_code ec;
  if (std::filesystem::exists(options.rules() / "limits.yaml", ec)) {
    KOMEK_TRY(loaded, MoneyCeilings::load(options.rules() / "limits.yaml"));
    ceilings = loaded;
  }
  KOMEK_TRY(db, store::Database::open({a.db, KOMEK_MIGRATIONS_DIR, 2, "sqlite"}));
  Opened o{std::move(db), nullptr, std::move(cal), std::move(procedure), ceilings};
  o.store = store::make_payments_store(*o.db);
  return o;
}

Result<Date> date_arg(const std::string& text, const char* name) {
  auto d = Date::parse(text);
  if (!d) {
    Error e(ErrorCode::kInvalidInput, "payments.date", {{"value", text.substr(0, 20)}});
    e.field = name;
    return tl::unexpected(e);
  }
  return *d;
}

// The idempotency key: the one given, else a digest of the command and its arguments, so
// that repeating the same command (a retry after a crash) does nothing twice.
std::string key_of(const PaymentsArgs& a, const std::string& command, const std::string& content = "") {
  if (!a.client_id.empty()) return a.client_id;
  return command + ":" + store::sha256_hex(a.date + "|" + a.territory + "|" + a.programme + "|" + std::to_string(a.year) +
                                           "|" + a.amount + "|" + a.reason + "|" + content);
}

std::string body_hash(const PaymentsArgs& a, const std::string& command, const std::string& content = "") {
  return store::sha256_hex(command + "|" + a.date + "|" + a.territory + "|" + a.programme + "|" + std::to_string(a.year) +
                           "|" + a.amount + "|" + a.reason + "|" + content);
}

// A command's outcome as JSON, or one "key: value" line per field.
int print_document(const GlobalOptions& options, const std::string& document) {
  auto j = nlohmann::json::parse(document);
  if (options.json) {
    print_json(j);
  } else {
    for (const auto& [k, v] : j.items()) std::cout << k << ": " << (v.is_string() ? v.get<std::string>() : v.dump()) << "\n";
  }
  return kExitOk;
}

// The administrator at the terminal: the whole country's payments (a CLI run is an
// administrator's act; the API scopes its callers).
work::Actor cli_actor(const PaymentsArgs& a) { return work::Actor{a.actor, "officer", "", "", "cli"}; }

payments::CycleConfig cycle_config(const PaymentsArgs& a) {
  payments::CycleConfig c;
  c.answer_window_working_days = a.answer_window;
  c.bank_fee_basis_points = a.fee_bp;
  return c;
}

}  // namespace

void add_payments_commands(CLI::App& app, GlobalOptions& options, int& exit_code) {
  auto args = std::make_shared<PaymentsArgs>();
  auto common = [&options, args](CLI::App* cmd) {
    cmd->add_option("--db", args->db, "SQLite database file")->capture_default_str();
    cmd->add_option("--client-id", args->client_id, "Idempotency key (default: a digest of the command)");
    cmd->add_option("--actor", args->actor, "Who runs it (for the audit log)")->capture_default_str();
    (void)options;
  };

  CLI::App* pay = app.add_subcommand("payments", "The payment cycle through the State Corporation (SPEC §9)");
  pay->require_subcommand(1);
  CLI::App* run = pay->add_subcommand("run", "Demands, transfers, orders and files, expiries and overpayments for a day");
  common(run);
  run->add_option("--date", args->date, "The day (YYYY-MM-DD)")->required();
  run->add_option("--territory", args->territory, "KATO prefix (default: every territory)");
  run->add_option("--answer-window", args->answer_window, "Working days to await a payment organisation's answer")
      ->capture_default_str()
      ->check(CLI::Range(1, 60));
  run->add_option("--fee-bp", args->fee_bp, "Bank fee, hundredths of a percent (contract, 001 §32)")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000));
  run->callback([&options, &exit_code, args] {
    auto date = date_arg(args->date, "--date");
    if (!date) {
      exit_code = report_error(options, date.error());
      return;
    }
    auto o = open(options, *args);
    if (!o) {
      exit_code = report_error(options, o.error());
      return;
    }
    payments::PaymentService svc(*o->store, o->calendar, o->procedure, cycle_config(*args), o->ceilings);
    auto r = svc.run(cli_actor(*args), {key_of(*args, "payments-run"), body_hash(*args, "run")}, {*date, args->territory});
    exit_code = r ? print_document(options, payments::to_json_text(r->value)) : report_error(options, r.error());
  });

  CLI::App* import = pay->add_subcommand("import-results", "Import a payment organisation's result file");
  common(import);
  import->add_option("FILE", args->file, "Result file (docs/payment-file-format.md)")->required();
  import->add_option("--date", args->date, "The day it was received (default: the latest date in it)");
  import->callback([&options, &exit_code, args] {
    std::ifstream in(args->file, std::ios::binary);
    if (!in) {
      exit_code = report_error(options, Error(ErrorCode::kInvalidInput, "file.cannot_open", {{"file", args->file}}));
      return;
    }
    std::stringstream text;
    text << in.rdbuf();
    const std::string content = text.str();
    auto lines = payments::parse_results(content);
    if (!lines) {
      exit_code = report_error(options, lines.error().at_field(args->file));
      return;
    }
    Date on;
    if (!args->date.empty()) {
      auto d = date_arg(args->date, "--date");
      if (!d) {
        exit_code = report_error(options, d.error());
        return;
      }
      on = *d;
    } else {
      for (const auto& l : *lines) on = std::max(on, l.on);
    }
    auto o = open(options, *args);
    if (!o) {
      exit_code = report_error(options, o.error());
      return;
    }
    payments::PaymentService svc(*o->store, o->calendar, o->procedure, payments::CycleConfig{}, o->ceilings);
    auto r = svc.import_results(cli_actor(*args),
                                {key_of(*args, "payments-import", content), body_hash(*args, "import", content)}, content,
                                std::filesystem::path(args->file).filename().string(), on);
    exit_code = r ? print_document(options, payments::to_json_text(r->value)) : report_error(options, r.error());
  });

  CLI::App* ledger = app.add_subcommand("ledger", "The payments ledger");
  ledger->require_subcommand(1);
  CLI::App* verify = ledger->add_subcommand("verify", "Recompute every invariant of the ledger from the database (R5)");
  verify->add_option("--db", args->db, "SQLite database file")->capture_default_str();
  verify->callback([&options, &exit_code, args] {
    auto o = open(options, *args);
    if (!o) {
      exit_code = report_error(options, o.error());
      return;
    }
    auto r = o->store->verify();
    if (!r) {
      exit_code = report_error(options, r.error());
      return;
    }
    nlohmann::json v = nlohmann::json::array();
    for (const auto& x : r->violations) v.push_back({{"invariant", x.invariant}, {"detail", x.detail}});
    if (options.json) {
      print_json({{"ok", r->ok()},
                  {"transfers", r->transfers},
                  {"accounts", r->accounts},
                  {"pending_tiyn", r->pending_total},
                  {"assignments_checked", r->assignments_checked},
                  {"assignments_changed", r->assignments_changed},
                  {"violations", v}});
    } else {
      std::cout << (r->ok() ? "ledger ok" : "ledger BROKEN") << ": " << r->transfers << " transfers, " << r->accounts
                << " accounts, pending " << Money::from_tiyn(r->pending_total).decimal() << "\n";
      for (const auto& x : r->violations) std::cout << "  " << x.invariant << ": " << x.detail << "\n";
    }
    exit_code = r->ok() ? kExitOk : kExitNegative;
  });

  CLI::App* budget = app.add_subcommand("budget", "Budget lines: programme × district × year (001 §21)");
  budget->require_subcommand(1);
  auto budget_options = [args, &common](CLI::App* cmd) {
    common(cmd);
    cmd->add_option("--programme", args->programme, "Programme code")->required();
    cmd->add_option("--territory", args->territory, "District KATO")->required();
    cmd->add_option("--year", args->year, "Budget year")->required();
    cmd->add_option("--amount", args->amount, "Tenge, e.g. 1250000.00 (amend: signed)")->required()->allow_extra_args(false);
    cmd->add_option("--date", args->date, "Decision date (default: 1 January of the year)");
  };
  CLI::App* set = budget->add_subcommand("set", "Set a budget line's allocation");
  budget_options(set);
  CLI::App* amend = budget->add_subcommand("amend", "Amend an allocation by a signed amount");
  budget_options(amend);
  amend->add_option("--reason", args->reason, "The decision that amends it")->required();
  auto budget_run = [&options, &exit_code, args](bool is_amend) {
    auto amount = Money::parse(args->amount);
    if (!amount) {
      exit_code = report_error(options, amount.error().at_field("--amount"));
      return;
    }
    Date on = Date::from_ymd(std::clamp(args->year, 2000, 2100), 1, 1);
    if (!args->date.empty()) {
      auto d = date_arg(args->date, "--date");
      if (!d) {
        exit_code = report_error(options, d.error());
        return;
      }
      on = *d;
    }
    auto o = open(options, *args);
    if (!o) {
      exit_code = report_error(options, o.error());
      return;
    }
    payments::PaymentService svc(*o->store, o->calendar, o->procedure, payments::CycleConfig{}, o->ceilings);
    const payments::BudgetLine line{args->programme, args->territory, args->year};
    const std::string command = is_amend ? "budget-amend" : "budget-set";
    auto r = is_amend ? svc.amend_budget(cli_actor(*args), {key_of(*args, command), body_hash(*args, command)}, line,
                                         *amount, args->reason, on)
                      : svc.set_budget(cli_actor(*args), {key_of(*args, command), body_hash(*args, command)}, line, *amount,
                                       on);
    if (!r) {
      // The service names the API's fields; here the amount is the --amount option.
      Error e = r.error();
      if (e.field == "allocation" || e.field == "amount") e.field = "--amount";
      exit_code = report_error(options, e);
      return;
    }
    nlohmann::json document = nlohmann::json::parse(payments::to_json_text(r->value));
    // A line set has no change yet: it shows the budget and its allocation, as the API does.
    if (!is_amend) document = {{"budget", document["budget"]}, {"allocation_tiyn", document["allocation_tiyn"]}};
    exit_code = print_document(options, document.dump());
  };
  set->callback([budget_run] { budget_run(false); });
  amend->callback([budget_run] { budget_run(true); });
}

}  // namespace komek::cli
