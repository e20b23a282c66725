#include "payments/ledger.hpp"

#include <algorithm>
#include <initializer_list>

#include "core/invariant.hpp"

namespace komek::payments {

std::string_view account_kind_name(AccountKind k) {
  switch (k) {
    case AccountKind::kAllocation:
      return "allocation";
    case AccountKind::kAuthorizedBody:
      return "authorized_body";
    case AccountKind::kStateCorporation:
      return "state_corporation";
    case AccountKind::kRecipientPayable:
      return "recipient_payable";
    case AccountKind::kPaid:
      return "paid";
    case AccountKind::kReturned:
      return "returned";
    case AccountKind::kOverpaid:
      return "overpaid";
    case AccountKind::kRecovery:
      return "recovery";
    case AccountKind::kBankFees:
      return "bank_fees";
  }
  return "unknown";
}

std::optional<AccountKind> parse_account_kind(std::string_view s) {
  for (int i = 1; i <= 9; ++i) {
    const auto k = static_cast<AccountKind>(i);
    if (account_kind_name(k) == s) return k;
  }
  return std::nullopt;
}

bool is_guarded(AccountKind k) {
  return k != AccountKind::kAllocation;
}

std::string_view transfer_kind_name(TransferKind k) {
  switch (k) {
    case TransferKind::kPosted:
      return "posted";
    case TransferKind::kPending:
      return "pending";
    case TransferKind::kPostPending:
      return "post_pending";
    case TransferKind::kVoidPending:
      return "void_pending";
    case TransferKind::kExpirePending:
      return "expire_pending";
  }
  return "unknown";
}

std::optional<TransferKind> parse_transfer_kind(std::string_view s) {
  for (int i = 0; i <= 4; ++i) {
    const auto k = static_cast<TransferKind>(i);
    if (transfer_kind_name(k) == s) return k;
  }
  return std::nullopt;
}

namespace {
tl::unexpected<Error> ledger_error(ErrorCode code, const char* key,
                                   std::vector<std::pair<std::string, std::string>> params = {}) {
  return fail(code, key, std::move(params));
}
// Whether adding `amount` to every total keeps each inside int64. Amounts that enter Komek are
// bounded by their ceilings (core/money_ceilings.hpp), so this refusal is the last guard, not
// the usual one: it turns what would wrap around into an error value the request reports
// (issue 13 finding 1), and nothing is changed before it is asked.
Result<void> fits(std::initializer_list<std::int64_t> totals, std::int64_t amount) {
  for (const std::int64_t total : totals) {
    std::int64_t sum = 0;
    if (__builtin_add_overflow(total, amount, &sum))
      return ledger_error(ErrorCode::kInvalidInput, "ledger.overflow", {{"amount", Money::from_tiyn(amount).decimal()}});
  }
  return {};
}
}  // namespace

Ledger::Ledger(std::vector<Account> accounts, std::int64_t next_transfer_id, std::int64_t next_account_id)
    : next_transfer_id_(next_transfer_id), next_account_id_(next_account_id) {
  for (auto& a : accounts) {
    next_account_id_ = std::max(next_account_id_, a.id + 1);
    by_key_[{static_cast<std::uint8_t>(a.kind), a.line.programme, a.line.territory, a.line.year}] = a.id;
    accounts_.emplace(a.id, std::move(a));
  }
}

std::int64_t Ledger::account(AccountKind kind, const BudgetLine& line) {
  const auto key =
      std::make_tuple(static_cast<std::uint8_t>(kind), line.programme, line.territory, line.year);
  if (auto it = by_key_.find(key); it != by_key_.end()) return it->second;
  Account a;
  a.id = next_account_id_++;
  a.kind = kind;
  a.line = line;
  by_key_[key] = a.id;
  accounts_.emplace(a.id, a);
  changed_.push_back(a.id);
  return a.id;
}

const Account* Ledger::find(std::int64_t id) const {
  auto it = accounts_.find(id);
  return it == accounts_.end() ? nullptr : &it->second;
}

const Account* Ledger::find(AccountKind kind, const BudgetLine& line) const {
  auto it = by_key_.find(
      std::make_tuple(static_cast<std::uint8_t>(kind), line.programme, line.territory, line.year));
  return it == by_key_.end() ? nullptr : find(it->second);
}

Account& Ledger::at(std::int64_t id) {
  auto it = accounts_.find(id);
  KOMEK_INVARIANT(it != accounts_.end(), "account checked before use");
  if (std::find(changed_.begin(), changed_.end(), id) == changed_.end()) changed_.push_back(id);
  return it->second;
}

void Ledger::know_pending(const Transfer& p, bool resolved) {
  KOMEK_INVARIANT(p.kind == TransferKind::kPending, "only pending transfers are known as pending");
  pendings_[p.id] = PendingState{p.amount, 0, std::make_shared<const Transfer>(p), resolved};
}

Result<void> Ledger::check_pair(std::int64_t debit, std::int64_t credit, Money amount) const {
  if (!amount.is_positive()) return ledger_error(ErrorCode::kInvalidInput, "ledger.amount_not_positive");
  if (debit == credit) return ledger_error(ErrorCode::kInvalidInput, "ledger.same_account");
  const Account* d = find(debit);
  const Account* c = find(credit);
  if (d == nullptr || c == nullptr)
    return ledger_error(ErrorCode::kNotFound, "ledger.unknown_account",
                        {{"account", std::to_string(d == nullptr ? debit : credit)}});
  if (is_guarded(d->kind) && d->available() < amount.tiyn())
    return ledger_error(ErrorCode::kConflict, "ledger.insufficient",
                        {{"account", std::string(account_kind_name(d->kind))},
                         {"available", Money::from_tiyn(d->available()).decimal()},
                         {"amount", amount.decimal()}});
  return {};
}

Transfer& Ledger::append(Transfer t) {
  t.id = next_transfer_id_++;
  appended_.push_back(std::move(t));
  return appended_.back();
}

Result<Transfer> Ledger::transfer(std::int64_t debit, std::int64_t credit, Money amount, std::string code,
                                  Date on, TransferRefs refs) {
  KOMEK_CHECK(check_pair(debit, credit, amount));
  Account& d = at(debit);
  Account& c = at(credit);
  KOMEK_CHECK(fits({d.debits_posted, c.credits_posted, c.credits_posted - c.debits_posted}, amount.tiyn()));
  d.debits_posted += amount.tiyn();
  c.credits_posted += amount.tiyn();
  Transfer t;
  t.debit_account = debit;
  t.credit_account = credit;
  t.amount = amount.tiyn();
  t.code = std::move(code);
  t.on = on;
  t.refs = std::move(refs);
  return append(std::move(t));
}

Result<Transfer> Ledger::pending(std::int64_t debit, std::int64_t credit, Money amount, std::string code,
                                 Date on, Date timeout, TransferRefs refs) {
  KOMEK_CHECK(check_pair(debit, credit, amount));
  if (timeout < on) return ledger_error(ErrorCode::kInvalidInput, "ledger.timeout_before_start");
  Account& d = at(debit);
  Account& c = at(credit);
  KOMEK_CHECK(fits({d.debits_pending, c.credits_pending}, amount.tiyn()));
  d.debits_pending += amount.tiyn();
  c.credits_pending += amount.tiyn();
  Transfer t;
  t.debit_account = debit;
  t.credit_account = credit;
  t.amount = amount.tiyn();
  t.kind = TransferKind::kPending;
  t.code = std::move(code);
  t.on = on;
  t.timeout = timeout;
  t.refs = std::move(refs);
  Transfer& stored = append(std::move(t));
  pendings_[stored.id] = PendingState{stored.amount, appended_.size() - 1, nullptr, false};
  made_here_.push_back(stored.id);
  return stored;
}

Result<Transfer> Ledger::resolve(std::int64_t pending_id, TransferKind kind, std::int64_t amount, Date on) {
  auto it = pendings_.find(pending_id);
  if (it == pendings_.end())
    return ledger_error(ErrorCode::kNotFound, "ledger.unknown_pending",
                        {{"transfer", std::to_string(pending_id)}});
  if (it->second.resolved)
    return ledger_error(ErrorCode::kConflict, "ledger.pending_resolved",
                        {{"transfer", std::to_string(pending_id)}});
  const Transfer p = pending_transfer(it->second);
  if (kind == TransferKind::kPostPending && (amount <= 0 || amount > p.amount))
    return ledger_error(
        ErrorCode::kInvalidInput, "ledger.post_amount",
        {{"amount", Money::from_tiyn(amount).decimal()}, {"pending", Money::from_tiyn(p.amount).decimal()}});
  if (kind == TransferKind::kExpirePending && !(p.timeout && on > *p.timeout))
    return ledger_error(ErrorCode::kConflict, "ledger.not_expired",
                        {{"timeout", p.timeout ? p.timeout->iso() : std::string()}});
  Account& d = at(p.debit_account);
  Account& c = at(p.credit_account);
  if (kind == TransferKind::kPostPending)
    KOMEK_CHECK(fits({d.debits_posted, c.credits_posted, c.credits_posted - c.debits_posted}, amount));
  d.debits_pending -= p.amount;
  c.credits_pending -= p.amount;
  KOMEK_INVARIANT(d.debits_pending >= 0 && c.credits_pending >= 0, "pending balances stay non-negative");
  if (kind == TransferKind::kPostPending) {
    d.debits_posted += amount;
    c.credits_posted += amount;
  }
  it->second.resolved = true;
  Transfer t;
  t.debit_account = p.debit_account;
  t.credit_account = p.credit_account;
  t.amount = kind == TransferKind::kPostPending ? amount : p.amount;
  t.kind = kind;
  t.pending_id = p.id;
  t.pending_amount = p.amount;
  t.code = p.code;
  t.on = on;
  t.refs = p.refs;
  return append(std::move(t));
}

Result<Transfer> Ledger::post(std::int64_t pending_id, Money amount, Date on) {
  return resolve(pending_id, TransferKind::kPostPending, amount.tiyn(), on);
}
Result<Transfer> Ledger::void_pending(std::int64_t pending_id, Date on) {
  return resolve(pending_id, TransferKind::kVoidPending, 0, on);
}
Result<Transfer> Ledger::expire(std::int64_t pending_id, Date on) {
  return resolve(pending_id, TransferKind::kExpirePending, 0, on);
}

Result<Transfer> Ledger::reverse(const Transfer& posted, std::string code, Date on) {
  if (posted.kind != TransferKind::kPosted && posted.kind != TransferKind::kPostPending)
    return ledger_error(ErrorCode::kConflict, "ledger.reverse_not_posted",
                        {{"transfer", std::to_string(posted.id)}});
  auto t = transfer(posted.credit_account, posted.debit_account, Money::from_tiyn(posted.amount),
                    std::move(code), on, posted.refs);
  if (!t) return t;
  appended_.back().reverses = posted.id;
  return appended_.back();
}

Result<Transfer> Ledger::reverse_part(std::int64_t reversed, std::int64_t debit, std::int64_t credit,
                                      Money amount, std::string code, Date on, TransferRefs refs) {
  if (reversed <= 0)
    return ledger_error(ErrorCode::kConflict, "ledger.reverse_not_posted",
                        {{"transfer", std::to_string(reversed)}});
  auto t = transfer(debit, credit, amount, std::move(code), on, std::move(refs));
  if (!t) return t;
  appended_.back().reverses = reversed;
  return appended_.back();
}

const Transfer& Ledger::pending_transfer(const PendingState& p) const {
  return p.loaded != nullptr ? *p.loaded : appended_.at(p.appended);
}

std::vector<Account> Ledger::changed_accounts() const {
  std::vector<Account> out;
  out.reserve(changed_.size());
  for (auto id : changed_) out.push_back(accounts_.at(id));
  return out;
}

std::vector<Account> Ledger::accounts() const {
  std::vector<Account> out;
  out.reserve(accounts_.size());
  for (const auto& [_, a] : accounts_) out.push_back(a);
  std::sort(out.begin(), out.end(), [](const Account& a, const Account& b) { return a.id < b.id; });
  return out;
}

void Ledger::clear_changes() {
  // Pending transfers made here keep what they need once appended_ is gone.
  for (auto id : made_here_) {
    PendingState& p = pendings_.at(id);
    if (p.loaded == nullptr) p.loaded = std::make_shared<const Transfer>(appended_.at(p.appended));
  }
  made_here_.clear();
  appended_.clear();
  changed_.clear();
}

std::int64_t Ledger::open_pending_total() const {
  std::int64_t total = 0;
  for (const auto& [_, p] : pendings_)
    if (!p.resolved) total += p.amount;
  return total;
}

bool Ledger::is_open_pending(std::int64_t pending_id) const {
  auto it = pendings_.find(pending_id);
  return it != pendings_.end() && !it->second.resolved;
}

// ---- verifier ---------------------------------------------------------------------------

LedgerVerifier::Totals& LedgerVerifier::totals(std::int64_t account) {
  // Consecutive transfers mostly touch the same few accounts: a two-entry cache saves the
  // hash lookups that dominate a scan of millions of rows.
  for (int i = 0; i < 2; ++i)
    if (last_id_[i] == account) return *last_[i];
  Totals& t = totals_[account];
  last_[1] = last_[0];
  last_id_[1] = last_id_[0];
  last_[0] = &t;
  last_id_[0] = account;
  return t;
}

void LedgerVerifier::add(std::int64_t id, std::int64_t debit, std::int64_t credit, std::int64_t amount,
                         TransferKind kind, std::int64_t pending_amount) {
  if (count_++ == 0) first_id_ = id;
  if (id <= prev_id_) ids_increasing_ = false;
  prev_id_ = id;
  if (amount <= 0) amounts_positive_ = false;
  Totals& d = totals(debit);
  Totals& c = totals(credit);
  switch (kind) {
    case TransferKind::kPosted:
      d.dp += amount;
      c.cp += amount;
      sum_debits_ += amount;
      sum_credits_ += amount;
      break;
    case TransferKind::kPending:
      d.dq += amount;
      c.cq += amount;
      pending_open_ += amount;
      break;
    case TransferKind::kPostPending:
      d.dq -= pending_amount;
      c.cq -= pending_amount;
      pending_open_ -= pending_amount;
      d.dp += amount;
      c.cp += amount;
      sum_debits_ += amount;
      sum_credits_ += amount;
      break;
    case TransferKind::kVoidPending:
    case TransferKind::kExpirePending:
      d.dq -= pending_amount;
      c.cq -= pending_amount;
      pending_open_ -= pending_amount;
      break;
  }
}

void LedgerVerifier::merge(const LedgerVerifier& next) {
  if (next.count_ == 0) return;
  if (count_ > 0 && next.first_id_ <= prev_id_) ids_increasing_ = false;
  if (count_ == 0) first_id_ = next.first_id_;
  ids_increasing_ = ids_increasing_ && next.ids_increasing_;
  amounts_positive_ = amounts_positive_ && next.amounts_positive_;
  for (const auto& [account, t] : next.totals_) {
    Totals& mine = totals_[account];
    mine.dp += t.dp;
    mine.cp += t.cp;
    mine.dq += t.dq;
    mine.cq += t.cq;
  }
  last_[0] = last_[1] = nullptr;
  last_id_[0] = last_id_[1] = -1;
  count_ += next.count_;
  prev_id_ = next.prev_id_;
  pending_open_ += next.pending_open_;
  sum_debits_ += next.sum_debits_;
  sum_credits_ += next.sum_credits_;
}

std::vector<LedgerVerifier::Violation> LedgerVerifier::check(const std::vector<Account>& stored) const {
  std::vector<Violation> out;
  if (!ids_increasing_) out.push_back({"transfers_append_only", "transfer ids are not strictly increasing"});
  if (!amounts_positive_) out.push_back({"amounts_positive", "a transfer has an amount of zero or less"});
  if (sum_debits_ != sum_credits_)
    out.push_back({"debits_equal_credits", "posted debits differ from posted credits"});
  __extension__ __int128 stored_dp = 0, stored_cp = 0, stored_dq = 0, stored_cq = 0;
  std::size_t matched = 0;
  for (const auto& a : stored) {
    stored_dp += a.debits_posted;
    stored_cp += a.credits_posted;
    stored_dq += a.debits_pending;
    stored_cq += a.credits_pending;
    Totals t;
    if (auto it = totals_.find(a.id); it != totals_.end()) {
      t = it->second;
      ++matched;
    }
    const std::string name = std::string(account_kind_name(a.kind)) + " " + a.line.programme + "/" +
                             a.line.territory + "/" + std::to_string(a.line.year) + " (#" +
                             std::to_string(a.id) + ")";
    if (t.dp != a.debits_posted || t.cp != a.credits_posted || t.dq != a.debits_pending ||
        t.cq != a.credits_pending)
      out.push_back({"account_balance", name + ": stored balances differ from the sum of its transfers"});
    if (a.debits_pending < 0 || a.credits_pending < 0) out.push_back({"pending_non_negative", name});
    if (is_guarded(a.kind) && a.debits_posted + a.debits_pending > a.credits_posted)
      out.push_back({"guarded_overdraft", name + ": gives more than it holds"});
  }
  if (matched != totals_.size())
    out.push_back({"unknown_account", "a transfer names an account that is not stored"});
  if (stored_dp != stored_cp)
    out.push_back({"debits_equal_credits", "stored posted debits differ from posted credits"});
  if (stored_dq != stored_cq)
    out.push_back({"debits_equal_credits", "stored pending debits differ from pending credits"});
  if (stored_dq != pending_open_)
    out.push_back({"pending_total", "stored pending differs from open pending transfers"});
  return out;
}

}  // namespace komek::payments
