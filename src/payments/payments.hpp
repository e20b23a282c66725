// Payments through the State Corporation (SPEC §9; 001 §21, §26-32): budgets, demands,
// the authorized body's transfers, payment orders and files per payment organisation,
// results (paid / rejected / returned), expiry, overpayments and their recovery — each
// command one transaction with its audit record and idempotency key (cases/journal.hpp),
// every movement of money a transfer on the double-entry ledger (ledger.hpp).
//
// Payments read only the assignments' schedule (tables assignments + assignment_months,
// kept current by the assignment service): a demand asks for what is due and not yet
// covered by an order; a month already paid whose due amount is now lower (a death reported
// late) becomes an overpayment to recover (item 4 of issue 6).
//
//   PaymentService svc(store, calendar, config);
//   svc.run(actor, key, RunRequest{Date::from_ymd(2025, 3, 28), "3348"});
//   svc.import_results(actor, key, file_text, "bank-20250405.txt");
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "work/actor.hpp"
#include "work/journal.hpp"
#include "work/request.hpp"
#include "work/runner.hpp"
#include "core/calendar.hpp"
#include "core/date.hpp"
#include "core/money.hpp"
#include "core/money_ceilings.hpp"
#include "core/result.hpp"
#include "payments/cycle.hpp"
#include "payments/ledger.hpp"

namespace komek::payments {

// Who acts (CLI user or API caller) and in which territory: work::Actor (the territory a
// KATO prefix; "" = all, the CLI's administrator).
using PaymentsActor = work::Actor;

struct Budget {
  BudgetLine line;
  std::int64_t allocation = 0;  // tiyn, the appropriation with every amendment
  std::int64_t amendments = 0;  // how many amendments
};

// What a budget line has done with its money, from the ledger.
struct BudgetStatus {
  Budget budget;
  std::int64_t remaining = 0;    // the authorized body's account: not yet transferred
  std::int64_t transferred = 0;  // to the State Corporation (less what came back)
  std::int64_t paid = 0;
  std::int64_t overpaid = 0;
  std::int64_t fees = 0;
  std::int64_t pending = 0;  // ordered, awaiting the payment organisation's answer
};

// When adding one, also update demand_kind_name().
enum class DemandKind : std::uint8_t {
  kPeriodic,  // monthly and quarterly payments, formed by the 29th of the month before (001 §27)
  kDaily,     // one-time and holiday payments, arrears and corrections: every working day (001 §27)
};
std::string_view demand_kind_name(DemandKind k);

// When adding one, also update demand_status_name().
enum class DemandStatus : std::uint8_t {
  kApplied,      // the application for the sum was sent to the authorized body (001 §28)
  kTransferred,  // the authorized body transferred it; orders formed (001 §28-29)
  kRefused,      // the budget line's remainder does not cover it: nothing paid, alert raised
};
std::string_view demand_status_name(DemandStatus s);

// A demand for budget funds (бюджет қаражатына сұраныс) of one budget line.
struct Demand {
  std::string id;
  BudgetLine line;
  DemandKind kind = DemandKind::kPeriodic;
  Month payment_month;
  Date formed_on;
  Date application_on;
  Date application_due;
  Date transfer_due;
  std::optional<Date> transfer_on;
  std::optional<Date> orders_due;
  std::int64_t amount = 0;  // Σ of its lines
  std::int64_t fees = 0;    // bank fees of its orders (001 §32)
  int lines = 0;
  DemandStatus status = DemandStatus::kApplied;
  std::string refusal;  // message key when refused
};

// When adding one, also update order_status_name() and parse_order_status().
enum class OrderStatus : std::uint8_t {
  kPending,   // sent to the payment organisation; money held (two-phase, first phase)
  kPosted,    // confirmed paid
  kVoided,    // rejected by the payment organisation (or returned before being paid)
  kExpired,   // no answer within the agreed window; outcome to be reconciled by hand
  kReturned,  // paid, then returned by the payment organisation (001 §30)
};
std::string_view order_status_name(OrderStatus s);
std::optional<OrderStatus> parse_order_status(std::string_view s);

// A payment order (төлем тапсырмасы) for one assignment and one payment month.
struct PaymentOrder {
  std::string id;
  std::string demand_id;
  std::string file_id;
  std::string assignment_id;
  Month month;
  std::int64_t amount = 0;
  std::int64_t fee = 0;
  std::string organisation;  // BIC or KAZPOST
  std::string account;       // IBAN; empty for cash through the post
  std::string recipient_iin;
  BudgetLine line;
  Date ordered_on;
  Date payment_on;
  Date timeout;  // the last day an answer is awaited
  OrderStatus status = OrderStatus::kPending;
  std::int64_t transfer_id = 0;  // the pending transfer payable → paid
  std::optional<Date> settled_on;
  std::string note;
};

// A payment file: the orders of one demand for one payment organisation.
struct PaymentFile {
  std::string id;
  std::string organisation;
  std::string demand_id;
  Date payment_on;
  int count = 0;
  std::int64_t total = 0;
  // The ledger's record of the file as a whole (state_corporation -> recipient_payable of the
  // total; state_corporation -> bank_fees of the fees, 0 when none).
  std::int64_t transfer_id = 0;
  std::int64_t fee_transfer_id = 0;
  std::int64_t fees = 0;
  // SHA-256 of the file's order lines as stored (filled in by the store): quoted by the run's
  // audit record so that the audit chain commits to every order (docs/payments.md).
  std::string sha256;
};

// One assignment-month as the schedule and the orders see it.
struct DueLine {
  std::string assignment_id;
  std::string programme;
  std::string territory;  // the assignment's KATO
  std::string frequency;
  Month month;
  std::int64_t due = 0;      // the schedule's amount (0 when the month is no longer due)
  std::int64_t covered = 0;  // orders that cover the month (see the store) less open recoveries
  std::int64_t pending = 0;  // 1 when an order for the month awaits an answer
  std::int64_t posted = 0;   // confirmed paid, less open recoveries
  std::string organisation;
  std::string account;
  std::string recipient_iin;
  int version = 0;
};

// An overpayment to recover (артық төленген сома): paid for a month no longer due.
struct Recovery {
  std::string id;
  std::string assignment_id;
  Month month;
  BudgetLine line;
  std::int64_t amount = 0;
  std::int64_t recovered = 0;
  Date detected_on;
  std::optional<Date> recovered_on;
  std::optional<Date> due_by;  // 001 §31: back by the last working day of the month received
};

// When adding one, also update result_kind_name() and parse_result_kind().
enum class ResultKind : std::uint8_t { kPaid, kRejected, kReturned };
std::string_view result_kind_name(ResultKind k);
std::optional<ResultKind> parse_result_kind(std::string_view s);

// One line of a payment organisation's result file (docs/payment-file-format.md).
struct ResultLine {
  int line = 0;
  std::string order_id;
  ResultKind result = ResultKind::kPaid;
  Date on;
  std::string reason;
};
// The whole file or an error naming the line: nothing is applied from a malformed file.
Result<std::vector<ResultLine>> parse_results(std::string_view text);

// The text of a payment file (docs/payment-file-format.md).
std::string render_payment_file(const PaymentFile& file, const std::vector<PaymentOrder>& orders);

// The storage port: one unit of work with the journal (audit, outbox, idempotency).
class PaymentsTransaction : public work::Journal {
 public:
  // Ledger.
  virtual Result<std::vector<Account>> accounts() = 0;
  virtual Result<std::int64_t> next_transfer_id() = 0;
  virtual Result<std::optional<Transfer>> find_transfer(std::int64_t id) = 0;
  virtual Result<bool> pending_resolved(std::int64_t pending_id) = 0;
  // Appends the ledger's new transfers and stores its changed accounts.
  virtual Result<void> save_ledger(const Ledger& ledger) = 0;
  // Budgets.
  virtual Result<std::optional<Budget>> find_budget(const BudgetLine& line) = 0;
  virtual Result<void> save_budget(const Budget& budget, bool is_new) = 0;
  virtual Result<void> add_amendment(const BudgetLine& line, std::int64_t amount, const std::string& reason,
                                     Date on, const std::string& actor) = 0;
  // Demands.
  virtual Result<std::optional<Demand>> find_demand(const BudgetLine& line, DemandKind kind, Month month,
                                                    Date key) = 0;
  virtual Result<std::vector<Demand>> demands_to_transfer(const std::string& territory_prefix) = 0;
  // Whether every budget line of the territory for the month's year has transferred its
  // periodic demand of `month` (and there is at least one such line).
  virtual Result<bool> periodic_month_done(Month month, const std::string& territory_prefix) = 0;
  virtual Result<void> insert_demand(const Demand& d) = 0;
  virtual Result<void> update_demand(const Demand& d) = 0;
  // The schedule (read only): monthly and quarterly lines of a month; one-time and holiday
  // lines of months [from, to]; every month [from, to] of assignments changed since the
  // last run saw them (schedule rows and months with orders).
  using DueSink = std::function<void(DueLine&&)>;
  // Whether the lines of an assignment (programme, territory KATO) can be left out: asked
  // before a line is read in full.
  using LineSkip = std::function<bool(std::string_view programme, std::string_view territory)>;
  virtual Result<void> periodic_due(Month month, const std::string& territory_prefix, const LineSkip& skip,
                                    const DueSink& sink) = 0;
  virtual Result<void> one_time_due(Month from, Month to, const std::string& territory_prefix,
                                    const DueSink& sink) = 0;
  // `periodic_months`: months whose monthly and quarterly lines periodic_due() gave in full
  // this run; those lines are left out here.
  virtual Result<void> changed_due(Month from, Month to, const std::vector<Month>& periodic_months,
                                   const std::string& territory_prefix, const DueSink& sink) = 0;
  // Records the version of every changed assignment as seen, except `deferred`.
  virtual Result<void> mark_seen(const std::string& territory_prefix,
                                 const std::vector<std::string>& deferred) = 0;
  // Orders and files.
  // Stores the files and their orders and fills in each file's sha256.
  virtual Result<void> insert_orders(const std::vector<PaymentOrder>& orders,
                                     std::vector<PaymentFile>& files) = 0;
  virtual Result<std::optional<PaymentOrder>> find_order(const std::string& id) = 0;
  // The bank-fee transfer of a payment file (0 when the file had no fees).
  virtual Result<std::int64_t> file_fee_transfer(const std::string& file_id) = 0;
  virtual Result<void> update_order(const PaymentOrder& order) = 0;
  virtual Result<std::vector<PaymentOrder>> orders_timed_out(Date on,
                                                             const std::string& territory_prefix) = 0;
  // Recoveries.
  virtual Result<void> insert_recovery(const Recovery& r) = 0;
  virtual Result<std::vector<Recovery>> open_recoveries(const std::string& assignment_id, Month month) = 0;
  virtual Result<void> update_recovery(const Recovery& r) = 0;
  // Results as received, each with what became of it.
  virtual Result<bool> result_applied(const std::string& order_id, ResultKind result) = 0;
  virtual Result<void> log_result(const ResultLine& line, const std::string& file, const std::string& outcome,
                                  Date on) = 0;
};

// Reads outside transactions.
struct OrderFilter {
  std::string territory_prefix;
  std::string recipient_iin;
  std::string demand_id;
  std::string file_id;
  std::optional<OrderStatus> status;
  std::size_t limit = 200;
};

struct LedgerReport {
  std::int64_t transfers = 0;
  std::int64_t accounts = 0;
  std::int64_t pending_total = 0;
  std::int64_t assignments_checked = 0;
  std::int64_t assignments_changed = 0;  // schedule changed since the last run: checked next run
  std::vector<LedgerVerifier::Violation> violations;
  [[nodiscard]] bool ok() const { return violations.empty(); }
};

class PaymentsStore {
 public:
  virtual ~PaymentsStore() = default;
  virtual Result<void> transact(const std::function<Result<void>(PaymentsTransaction&)>& work) = 0;
  virtual Result<std::vector<BudgetStatus>> budgets(const std::string& territory_prefix) = 0;
  virtual Result<std::vector<Demand>> demands(const std::string& territory_prefix, std::size_t limit) = 0;
  virtual Result<std::vector<PaymentOrder>> orders(const OrderFilter& filter) = 0;
  virtual Result<std::vector<PaymentFile>> files(const std::string& territory_prefix, std::size_t limit) = 0;
  virtual Result<std::optional<PaymentFile>> file(const std::string& id) = 0;
  // Recomputes every invariant of the ledger from storage (R5).
  virtual Result<LedgerReport> verify() = 0;
};

struct RunRequest {
  Date date;
  std::string territory_prefix;  // "" = every territory
};

struct RunSummary {
  Date date;
  bool working_day = true;
  int demands_formed = 0;
  int demands_transferred = 0;
  int demands_refused = 0;
  int orders = 0;
  int files = 0;
  std::int64_t ordered_total = 0;
  int expired = 0;
  int recoveries = 0;
  std::int64_t recovery_total = 0;
  std::vector<std::string> alerts;  // budget lines refused
};

// A budget line's allocation as a command left it: set (change = the allocation, no
// amendments) or amended by `change`.
struct BudgetChange {
  BudgetLine line;
  Money change;
  Money allocation;
  std::int64_t amendments = 0;
};

struct ImportSummary {
  int lines = 0;
  int applied = 0;
  int duplicates = 0;
  int out_of_order = 0;
  int unknown = 0;
};

// Lists show at most this many rows. Not a legal figure: a page [configurable here].
inline constexpr std::size_t kListedMax = 200;

class PaymentService {
 public:
  // The cycle's periods are the national procedure's (cycle.hpp); the calendar and the
  // procedure outlive the service.
  PaymentService(PaymentsStore& store, const WorkingCalendar& calendar, const rules::Procedure& procedure,
                 CycleConfig config = {}, MoneyCeilings ceilings = {});

  // Sets a budget line's allocation (the first time; created) — or, when it exists, an error.
  Result<work::Done<BudgetChange>> set_budget(const PaymentsActor& actor, const work::RequestKey& key,
                                     const BudgetLine& line, Money allocation, Date on);
  // Amends an allocation by a signed amount; a cut below what was already transferred is refused.
  Result<work::Done<BudgetChange>> amend_budget(const PaymentsActor& actor, const work::RequestKey& key,
                                       const BudgetLine& line, Money change, const std::string& reason,
                                       Date on);
  // The day's cycle: demands, applications, transfers, orders and files, expiries, overpayments.
  Result<work::Done<RunSummary>> run(const PaymentsActor& actor, const work::RequestKey& key,
                              const RunRequest& request);
  // A payment organisation's results (paid / rejected / returned), received on `on`.
  Result<work::Done<ImportSummary>> import_results(const PaymentsActor& actor, const work::RequestKey& key,
                                         std::string_view text, const std::string& file_name, Date on);

  // Reads, within the actor's territory. Handlers call these, never the store: what holds a
  // person's IIN or account is a read of personal data, logged with the answer (S3).
  Result<std::vector<BudgetStatus>> budgets(const PaymentsActor& actor);
  Result<std::vector<Demand>> demands(const PaymentsActor& actor);
  // Orders of the territory (the filter's own territory is the actor's, narrowed if asked);
  // each order listed is a read of its recipient's payment data.
  Result<std::vector<PaymentOrder>> orders(const PaymentsActor& actor, OrderFilter filter, const std::string& route);
  Result<std::vector<PaymentFile>> files(const PaymentsActor& actor);
  // A payment file as the State Corporation receives it (docs/payment-file-format.md): full
  // IINs and accounts, so every recipient in it is logged as read.
  Result<std::string> file_text(const PaymentsActor& actor, const std::string& id, const std::string& route);
  // A recipient's payments: applicants their own (any territory), staff within theirs.
  Result<std::vector<PaymentOrder>> recipient_orders(const PaymentsActor& actor, const std::string& iin,
                                                     const std::string& route);
  Result<LedgerReport> verify();

  [[nodiscard]] const CycleConfig& config() const { return config_; }

 private:
  Result<RunSummary> run_in(PaymentsTransaction& tx, const PaymentsActor& actor, const RunRequest& request);
  Result<void> log_reads(const PaymentsActor& actor, const std::vector<PaymentOrder>& orders, const std::string& route);
  Result<ImportSummary> import_in(PaymentsTransaction& tx, const PaymentsActor& actor,
                                  const std::vector<ResultLine>& lines, const std::string& file_name,
                                  Date on);

  PaymentsStore& store_;
  const WorkingCalendar& calendar_;
  rules::PeriodsInForce periods_;  // national: one cycle for every programme
  CycleConfig config_;
  MoneyCeilings ceilings_;
};

// Budget lines are kept per district: the KATO district of an assignment's territory.
Result<std::string> budget_territory(std::string_view kato);
// JSON forms used by the CLI and the API, and how a command's summary is kept with its
// idempotency key (work/outcome.hpp).
std::string to_json_text(const RunSummary& s);
std::string to_json_text(const ImportSummary& s);
std::string to_json_text(const BudgetChange& c);
work::Codec<RunSummary> run_summary_codec();
work::Codec<ImportSummary> import_summary_codec();
work::Codec<BudgetChange> budget_change_codec();

}  // namespace komek::payments
