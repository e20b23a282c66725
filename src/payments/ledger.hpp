// The payments ledger: double-entry accounts and transfers between them, append-only, with
// two-phase transfers (pending → posted / voided / expired) in the manner of TigerBeetle.
// Every movement of budget money — the allocation, the authorized body's transfer to the
// State Corporation (001 §28), a payment order (001 §29), a return (001 §30), an overpaid
// sum going back (001 §31), a bank fee (001 §32) — is one transfer that debits one account
// and credits another by the same amount, so Σdebits = Σcredits by construction, and the
// verifier (LedgerVerifier) recomputes that and every balance from the transfers alone.
//
//   Ledger ledger(accounts, next_transfer_id);
//   auto budget = ledger.account(AccountKind::kAuthorizedBody, {"local", "334800000", 2025});
//   auto t = ledger.transfer(alloc, budget, Money::from_tiyn(100), "allocation", today, {});
//   auto p = ledger.pending(payable, paid, amount, "order", today, expires_on, refs);
//   ledger.post(p->id, amount, later);   // or void_pending / expire
//
// Corrections are new transfers in the opposite direction (reverse()); nothing is updated
// or deleted. A guarded account may never have more debits (posted + pending) than posted
// credits: that is how a payment beyond the budget is refused rather than half-made.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "core/date.hpp"
#include "core/money.hpp"
#include "core/result.hpp"

namespace komek::payments {

// When adding one, also update account_kind_name(), parse_account_kind() and docs/payments.md.
enum class AccountKind : std::uint8_t {
  kAllocation = 1,    // бюджет: the programme's appropriation; the source of all money
  kAuthorizedBody,    // уәкілетті орган: what remains of the budget to transfer
  kStateCorporation,  // мемлекеттік корпорация: transferred, not yet ordered
  kRecipientPayable,  // owed to recipients: ordered, not yet confirmed paid
  kPaid,              // confirmed paid to recipients' accounts
  kReturned,          // returned by a payment organisation, on its way back (001 §30)
  kOverpaid,          // paid beyond what was due (a late death report), owed back
  kRecovery,          // overpaid sums recovered, on their way back (001 §31)
  kBankFees,          // bank fees (001 §32), from the local budget
};
std::string_view account_kind_name(AccountKind k);
std::optional<AccountKind> parse_account_kind(std::string_view s);
// Every account but the allocation is guarded: it never gives more than it holds.
bool is_guarded(AccountKind k);

// Which budget line an account belongs to: programme × territory (district KATO) × year.
struct BudgetLine {
  std::string programme;
  std::string territory;
  int year = 0;
  friend auto operator<=>(const BudgetLine&, const BudgetLine&) = default;
};

struct Account {
  std::int64_t id = 0;
  AccountKind kind = AccountKind::kAllocation;
  BudgetLine line;
  std::int64_t debits_posted = 0;
  std::int64_t credits_posted = 0;
  std::int64_t debits_pending = 0;
  std::int64_t credits_pending = 0;
  // What it holds: posted credits less posted debits (negative only for the allocation).
  [[nodiscard]] std::int64_t balance() const { return credits_posted - debits_posted; }
  // What it can still give: the balance less what is held for pending debits.
  [[nodiscard]] std::int64_t available() const { return credits_posted - debits_posted - debits_pending; }
  friend bool operator==(const Account&, const Account&) = default;
};

// When adding one, also update transfer_kind_name() and the verifier.
enum class TransferKind : std::uint8_t {
  kPosted = 0,         // a plain transfer, final at once
  kPending = 1,        // first phase: the amount is held on both accounts
  kPostPending = 2,    // second phase: confirmed (amount ≤ the pending amount; the rest released)
  kVoidPending = 3,    // second phase: cancelled (rejection, return before payment)
  kExpirePending = 4,  // second phase: no answer within the agreed window
};
std::string_view transfer_kind_name(TransferKind k);
std::optional<TransferKind> parse_transfer_kind(std::string_view s);

// What a transfer is about, beyond its accounts (all optional).
struct TransferRefs {
  std::string assignment_id;
  std::string order_id;
  std::string month;  // YYYY-MM the money is for
};

struct Transfer {
  std::int64_t id = 0;
  std::int64_t debit_account = 0;
  std::int64_t credit_account = 0;
  std::int64_t amount = 0;  // tiyn, > 0 (a post may be 0 only... never: see post())
  TransferKind kind = TransferKind::kPosted;
  std::int64_t pending_id = 0;      // for the second phase: the pending transfer it resolves
  std::int64_t pending_amount = 0;  // for the second phase: the pending amount it releases
  std::int64_t reverses = 0;        // a reversal: the transfer it undoes
  std::string code;                 // e.g. "allocation", "demand_transfer", "order", "return"
  Date on;
  std::optional<Date> timeout;  // pending only: the last day an answer is awaited
  TransferRefs refs;
  friend bool operator==(const Transfer&, const Transfer&) = default;
};

// Why a transfer was refused. Each is an Error with key "ledger.<name>".
// (zero or negative amount, same account, unknown account, overdraft of a guarded account,
// unknown pending, pending already resolved, post beyond the pending amount, expiring before
// the timeout, reversing what is not a posted transfer)

class Ledger {
 public:
  Ledger() = default;
  Ledger(std::vector<Account> accounts, std::int64_t next_transfer_id, std::int64_t next_account_id);

  // The account of a kind for a budget line; opened (with zero balances) if new.
  std::int64_t account(AccountKind kind, const BudgetLine& line);
  [[nodiscard]] const Account* find(std::int64_t id) const;
  [[nodiscard]] const Account* find(AccountKind kind, const BudgetLine& line) const;

  // Makes a pending transfer known (loaded from storage) with whether it is already resolved.
  void know_pending(const Transfer& pending, bool resolved);

  Result<Transfer> transfer(std::int64_t debit, std::int64_t credit, Money amount, std::string code, Date on,
                            TransferRefs refs = {});
  Result<Transfer> pending(std::int64_t debit, std::int64_t credit, Money amount, std::string code, Date on,
                           Date timeout, TransferRefs refs = {});
  // Posts `amount` (≤ the pending amount) of a pending transfer; the rest is released.
  Result<Transfer> post(std::int64_t pending_id, Money amount, Date on);
  Result<Transfer> void_pending(std::int64_t pending_id, Date on);
  // Only after the timeout day has passed (on > timeout).
  Result<Transfer> expire(std::int64_t pending_id, Date on);
  // A correction: moves the amount of a posted transfer back (credit → debit).
  Result<Transfer> reverse(const Transfer& posted, std::string code, Date on);
  // A correction of part of a posted transfer `reversed` (e.g. one order's share of a payment
  // file's bank fee): moves `amount` from `debit` (the reversed transfer's credit account)
  // back to `credit` (its debit account), recording which transfer it corrects.
  Result<Transfer> reverse_part(std::int64_t reversed, std::int64_t debit, std::int64_t credit, Money amount,
                                std::string code, Date on, TransferRefs refs = {});

  [[nodiscard]] const std::vector<Transfer>& appended() const { return appended_; }
  // Accounts opened or changed since construction (or the last clear_changes()).
  [[nodiscard]] std::vector<Account> changed_accounts() const;
  [[nodiscard]] std::vector<Account> accounts() const;
  void clear_changes();
  [[nodiscard]] std::int64_t next_transfer_id() const { return next_transfer_id_; }
  // Σ of amounts of pending transfers not yet resolved, among those this ledger knows.
  [[nodiscard]] std::int64_t open_pending_total() const;
  [[nodiscard]] bool is_open_pending(std::int64_t pending_id) const;

 private:
  Result<void> check_pair(std::int64_t debit, std::int64_t credit, Money amount) const;
  Result<Transfer> resolve(std::int64_t pending_id, TransferKind kind, std::int64_t amount, Date on);
  Transfer& append(Transfer t);
  Account& at(std::int64_t id);

  std::unordered_map<std::int64_t, Account> accounts_;
  std::map<std::tuple<std::uint8_t, std::string, std::string, int>, std::int64_t> by_key_;
  // A pending transfer this ledger can resolve: made here (an index into appended_, so that a
  // run of a million orders does not copy each one) or loaded from storage.
  struct PendingState {
    std::int64_t amount = 0;
    std::size_t appended = 0;
    std::shared_ptr<const Transfer> loaded;
    bool resolved = false;
  };
  [[nodiscard]] const Transfer& pending_transfer(const PendingState& p) const;
  std::unordered_map<std::int64_t, PendingState> pendings_;
  std::vector<std::int64_t> made_here_;  // pending transfers in appended_
  std::vector<Transfer> appended_;
  std::vector<std::int64_t> changed_;
  std::int64_t next_transfer_id_ = 1;
  std::int64_t next_account_id_ = 1;
};

// The ledger's invariants recomputed from the transfers alone (RELIABILITY R4, R5): fed every
// transfer in id order, then compared with the stored accounts.
class LedgerVerifier {
 public:
  // A transfer row as stored; only what the invariants need.
  void add(std::int64_t id, std::int64_t debit, std::int64_t credit, std::int64_t amount, TransferKind kind,
           std::int64_t pending_amount);
  struct Violation {
    std::string invariant;  // e.g. "debits_equal_credits", "account_balance", "guarded_overdraft"
    std::string detail;
  };
  // Checks against the stored accounts: every balance equals its postings; Σdebits = Σcredits
  // (posted and pending); no guarded account gives more than it holds; ids are increasing.
  [[nodiscard]] std::vector<Violation> check(const std::vector<Account>& stored) const;
  // Adds what another verifier saw of the transfers that follow this one's (a parallel scan
  // of the next id range): totals add up; ids must still increase across the boundary.
  void merge(const LedgerVerifier& next);
  [[nodiscard]] std::int64_t transfers() const { return count_; }
  [[nodiscard]] std::int64_t pending_open_total() const { return pending_open_; }

 private:
  struct Totals {
    std::int64_t dp = 0, cp = 0, dq = 0, cq = 0;  // debits/credits posted, debits/credits pending
  };
  Totals& totals(std::int64_t account);
  std::unordered_map<std::int64_t, Totals> totals_;
  Totals* last_[2] = {nullptr, nullptr};
  std::int64_t last_id_[2] = {-1, -1};
  std::int64_t count_ = 0;
  std::int64_t first_id_ = 0;
  std::int64_t prev_id_ = 0;
  bool ids_increasing_ = true;
  bool amounts_positive_ = true;
  std::int64_t pending_open_ = 0;
  __extension__ __int128 sum_debits_ = 0;
  __extension__ __int128 sum_credits_ = 0;
};

}  // namespace komek::payments
