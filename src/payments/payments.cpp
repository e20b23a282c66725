#include "payments/payments.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/invariant.hpp"
#include "core/territory.hpp"

namespace komek::payments {

using json = nlohmann::json;

std::string_view demand_kind_name(DemandKind k) {
  return k == DemandKind::kPeriodic ? "periodic" : "daily";
}

std::string_view demand_status_name(DemandStatus s) {
  switch (s) {
    case DemandStatus::kApplied:
      return "applied";
    case DemandStatus::kTransferred:
      return "transferred";
    case DemandStatus::kRefused:
      return "refused";
  }
  return "unknown";
}

std::string_view order_status_name(OrderStatus s) {
  switch (s) {
    case OrderStatus::kPending:
      return "pending";
    case OrderStatus::kPosted:
      return "posted";
    case OrderStatus::kVoided:
      return "voided";
    case OrderStatus::kExpired:
      return "expired";
    case OrderStatus::kReturned:
      return "returned";
  }
  return "unknown";
}

std::optional<OrderStatus> parse_order_status(std::string_view s) {
  for (int i = 0; i <= 4; ++i) {
    const auto k = static_cast<OrderStatus>(i);
    if (order_status_name(k) == s) return k;
  }
  return std::nullopt;
}

std::string_view result_kind_name(ResultKind k) {
  switch (k) {
    case ResultKind::kPaid:
      return "paid";
    case ResultKind::kRejected:
      return "rejected";
    case ResultKind::kReturned:
      return "returned";
  }
  return "unknown";
}

std::optional<ResultKind> parse_result_kind(std::string_view s) {
  for (int i = 0; i <= 2; ++i) {
    const auto k = static_cast<ResultKind>(i);
    if (result_kind_name(k) == s) return k;
  }
  return std::nullopt;
}

Result<std::string> budget_territory(std::string_view kato) {
  KOMEK_TRY(k, Kato::parse(kato));
  return k.district().code();
}

namespace {

constexpr std::size_t kResultLinesMax = 2'000'000;  // one file; a bank's daily answer is far smaller
constexpr int kArrearsMonthsBack = 36;              // how far back corrections are looked for

tl::unexpected<Error> perr(ErrorCode code, const char* key,
                           std::vector<std::pair<std::string, std::string>> params = {}) {
  return fail(code, key, std::move(params));
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const auto pos = s.find(sep, start);
    out.push_back(s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}

std::string compact(Date d) {
  std::string s = d.iso();
  s.erase(std::remove(s.begin(), s.end(), '-'), s.end());
  return s;
}

std::string demand_id(const BudgetLine& line, DemandKind kind, Month month, Date key) {
  // Deterministic: the same day's demand of the same line has the same id, so a second run
  // meets the unique key instead of forming a second demand (R7).
  return std::string(kind == DemandKind::kPeriodic ? "DM-" : "DD-") + line.territory.substr(0, 4) + "-" +
         line.programme + "-" + std::to_string(line.year) + "-" +
         (kind == DemandKind::kPeriodic ? month.iso() : compact(key));
}

bool valid_programme(std::string_view p) {
  if (p.empty() || p.size() > 60) return false;
  return std::all_of(p.begin(), p.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '.';
  });
}

Result<void> check_line(const BudgetLine& line) {
  if (!valid_programme(line.programme)) {
    auto e = perr(ErrorCode::kInvalidInput, "payments.programme", {{"value", line.programme.substr(0, 60)}});
    e.value().field = "programme";
    return e;
  }
  auto k = Kato::parse(line.territory);
  if (!k || k->district().code() != line.territory || k->level() == TerritoryLevel::kRegion) {
    auto e = perr(ErrorCode::kInvalidInput, "payments.territory", {{"value", line.territory.substr(0, 20)}});
    e.value().field = "territory";
    return e;
  }
  if (line.year < 2000 || line.year > 2100) {
    auto e = perr(ErrorCode::kInvalidInput, "payments.year", {{"value", std::to_string(line.year)}});
    e.value().field = "year";
    return e;
  }
  return {};
}

bool in_territory(const std::string& prefix, const std::string& territory) {
  return territory.compare(0, prefix.size(), prefix) == 0;
}

json line_json(const BudgetLine& l) {
  return json{{"programme", l.programme}, {"territory", l.territory}, {"year", l.year}};
}

// Loads an order's pending transfer into the ledger so that it can be resolved.
Result<void> know_order(PaymentsTransaction& tx, Ledger& ledger, const PaymentOrder& o) {
  if (ledger.is_open_pending(o.transfer_id)) return {};
  KOMEK_TRY(t, tx.find_transfer(o.transfer_id));
  // An order without its pending transfer is a broken ledger, never user input.
  KOMEK_INVARIANT(t.has_value() && (t)->kind == TransferKind::kPending,
                  "an order's pending transfer is stored");
  KOMEK_TRY(resolved, tx.pending_resolved(o.transfer_id));
  Transfer p = *t;
  // The run stores an order's pending transfer without references (the order row has them);
  // its resolution carries them.
  if (p.refs.order_id.empty()) p.refs = {o.assignment_id, o.id, o.month.iso()};
  ledger.know_pending(p, resolved);
  return {};
}

// Money that did not reach the recipient goes back: payable → returned → authorized body
// (001 §30: entered in the information system within 3 working days).
Result<void> send_back(Ledger& ledger, const BudgetLine& line, AccountKind from, std::int64_t amount, Date on,
                       const TransferRefs& refs) {
  if (amount <= 0) return {};
  const auto returned = ledger.account(AccountKind::kReturned, line);
  auto a =
      ledger.transfer(ledger.account(from, line), returned, Money::from_tiyn(amount), "return", on, refs);
  if (!a) return tl::unexpected(a.error());
  KOMEK_CHECK(ledger.transfer(returned, ledger.account(AccountKind::kAuthorizedBody, line),
                           Money::from_tiyn(amount), "return_to_budget", on, refs));
  return {};
}

}  // namespace

Result<std::vector<ResultLine>> parse_results(std::string_view text) {
  std::vector<ResultLine> out;
  int line_no = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    std::string_view raw =
        text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    start = end == std::string_view::npos ? text.size() : end + 1;
    ++line_no;
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    if (raw.empty() || raw.front() == '#') continue;
    if (line_no == 1 && raw.substr(0, 8) == "order_id") continue;  // the header
    if (out.size() >= kResultLinesMax) return perr(ErrorCode::kInvalidInput, "payments.results_too_many");
    auto fields = split(raw, ';');
    auto bad = [&](const char* field) {
      auto e = perr(ErrorCode::kInvalidInput, "payments.result_line",
                    {{"line", std::to_string(line_no)}, {"field", field}});
      e.value().field = "line " + std::to_string(line_no);
      return e;
    };
    if (fields.size() < 3 || fields.size() > 4) return bad("fields");
    ResultLine r;
    r.line = line_no;
    r.order_id = std::string(fields[0]);
    if (r.order_id.empty() || r.order_id.size() > 200) return bad("order_id");
    auto kind = parse_result_kind(fields[1]);
    if (!kind) return bad("result");
    r.result = *kind;
    auto on = Date::parse(fields[2]);
    if (!on) return bad("date");
    r.on = *on;
    if (fields.size() == 4) r.reason = std::string(fields[3].substr(0, 200));
    out.push_back(std::move(r));
  }
  return out;
}

std::string render_payment_file(const PaymentFile& file, const std::vector<PaymentOrder>& orders) {
  std::string out;
  out.reserve(96 * orders.size() + 256);
  out += "KOMEK-PAYMENTS;1;" + file.id + ";" + file.organisation + ";" + file.payment_on.iso() + ";" +
         std::to_string(file.count) + ";" + std::to_string(file.total) + "\n";
  out += "order_id;recipient_iin;account;amount_tiyn;month;programme;territory\n";
  std::int64_t total = 0;
  for (const auto& o : orders) {
    out += o.id + ";" + o.recipient_iin + ";" + o.account + ";" + std::to_string(o.amount) + ";" +
           o.month.iso() + ";" + o.line.programme + ";" + o.line.territory + "\n";
    total += o.amount;
  }
  out += "END;" + std::to_string(orders.size()) + ";" + std::to_string(total) + "\n";
  return out;
}

std::string to_json_text(const RunSummary& s) {
  return json{{"date", s.date.iso()},
              {"working_day", s.working_day},
              {"demands_formed", s.demands_formed},
              {"demands_transferred", s.demands_transferred},
              {"demands_refused", s.demands_refused},
              {"orders", s.orders},
              {"files", s.files},
              {"ordered_tiyn", s.ordered_total},
              {"expired", s.expired},
              {"recoveries", s.recoveries},
              {"recovery_tiyn", s.recovery_total},
              {"alerts", s.alerts}}
      .dump();
}

std::string to_json_text(const ImportSummary& s) {
  return json{{"lines", s.lines},
              {"applied", s.applied},
              {"duplicates", s.duplicates},
              {"out_of_order", s.out_of_order},
              {"unknown", s.unknown}}
      .dump();
}

std::string to_json_text(const BudgetChange& c) {
  return json{{"budget", line_json(c.line)},
              {"change_tiyn", c.change.tiyn()},
              {"allocation_tiyn", c.allocation.tiyn()},
              {"amendments", c.amendments}}
      .dump();
}

namespace {
// Reads back what to_json_text wrote; a document that does not read is a conflict for the
// replaying client (work/json_codec.hpp), never an exception.
template <typename T, typename F>
Result<T> read_kept(std::string_view text, F&& reader) {
  const json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) return fail(ErrorCode::kConflict, "http.idempotency_record_unreadable");
  try {
    return reader(j);
  } catch (const json::exception&) {
    return fail(ErrorCode::kConflict, "http.idempotency_record_unreadable");
  }
}
}  // namespace

work::Codec<RunSummary> run_summary_codec() {
  return {[](const RunSummary& s) { return to_json_text(s); },
          [](std::string_view text) {
            return read_kept<RunSummary>(text, [](const json& j) -> Result<RunSummary> {
              RunSummary s;
              KOMEK_ASSIGN(s.date, Date::parse(j.at("date").get<std::string>()));
              s.working_day = j.at("working_day").get<bool>();
              s.demands_formed = j.at("demands_formed").get<int>();
              s.demands_transferred = j.at("demands_transferred").get<int>();
              s.demands_refused = j.at("demands_refused").get<int>();
              s.orders = j.at("orders").get<int>();
              s.files = j.at("files").get<int>();
              s.ordered_total = j.at("ordered_tiyn").get<std::int64_t>();
              s.expired = j.at("expired").get<int>();
              s.recoveries = j.at("recoveries").get<int>();
              s.recovery_total = j.at("recovery_tiyn").get<std::int64_t>();
              s.alerts = j.at("alerts").get<std::vector<std::string>>();
              return s;
            });
          }};
}

work::Codec<ImportSummary> import_summary_codec() {
  return {[](const ImportSummary& s) { return to_json_text(s); },
          [](std::string_view text) {
            return read_kept<ImportSummary>(text, [](const json& j) -> Result<ImportSummary> {
              return ImportSummary{j.at("lines").get<int>(), j.at("applied").get<int>(), j.at("duplicates").get<int>(),
                                   j.at("out_of_order").get<int>(), j.at("unknown").get<int>()};
            });
          }};
}

work::Codec<BudgetChange> budget_change_codec() {
  return {[](const BudgetChange& c) { return to_json_text(c); },
          [](std::string_view text) {
            return read_kept<BudgetChange>(text, [](const json& j) -> Result<BudgetChange> {
              const json& line = j.at("budget");
              return BudgetChange{BudgetLine{line.at("programme").get<std::string>(), line.at("territory").get<std::string>(),
                                             line.at("year").get<int>()},
                                  Money::from_tiyn(j.at("change_tiyn").get<std::int64_t>()),
                                  Money::from_tiyn(j.at("allocation_tiyn").get<std::int64_t>()),
                                  j.at("amendments").get<std::int64_t>()};
            });
          }};
}

PaymentService::PaymentService(PaymentsStore& store, const WorkingCalendar& calendar, const rules::Procedure& procedure,
                               CycleConfig config, MoneyCeilings ceilings)
    : store_(store), calendar_(calendar), periods_(calendar, procedure), config_(config), ceilings_(ceilings) {
}

Result<work::Done<BudgetChange>> PaymentService::set_budget(const PaymentsActor& actor, const work::RequestKey& key,
                                                   const BudgetLine& line, Money allocation, Date on) {
  KOMEK_CHECK(work::check_request_key(key));
  KOMEK_CHECK(check_line(line));
  if (!actor.covers(line.territory))
    return perr(ErrorCode::kNotFound, "payments.budget_not_found");
  if (allocation.is_negative()) {
    auto e = perr(ErrorCode::kInvalidInput, "payments.amount_negative");
    e.value().field = "allocation";
    return e;
  }
  KOMEK_CHECK(ceilings_.check(MoneyKind::kBudgetAllocation, allocation, "allocation"));
  return work::run_idempotent<BudgetChange, PaymentsTransaction>(
      store_, actor, key, budget_change_codec(), [&](PaymentsTransaction& tx) -> Result<work::Done<BudgetChange>> {
      KOMEK_TRY(existing, tx.find_budget(line));
      if (existing) return perr(ErrorCode::kConflict, "payments.budget_exists");
      KOMEK_TRY(accounts, tx.accounts());
      KOMEK_TRY(next, tx.next_transfer_id());
      Ledger ledger(std::move(accounts), next, 1);
      const auto alloc = ledger.account(AccountKind::kAllocation, line);
      const auto body = ledger.account(AccountKind::kAuthorizedBody, line);
      if (allocation.is_positive()) {
        KOMEK_CHECK(ledger.transfer(alloc, body, allocation, "allocation", on));
      }
      Budget b{line, allocation.tiyn(), 0};
      KOMEK_CHECK(tx.save_budget(b, true));
      KOMEK_CHECK(tx.save_ledger(ledger));
      const BudgetChange done{line, allocation, allocation, 0};
      KOMEK_CHECK(tx.audit({"", actor.login, "budget.set", "budget",
                              line.programme + "/" + line.territory + "/" + std::to_string(line.year), "",
                              to_json_text(done)}));
      return work::Done<BudgetChange>{work::Effect::kCreated, done};
      });
}

Result<work::Done<BudgetChange>> PaymentService::amend_budget(const PaymentsActor& actor, const work::RequestKey& key,
                                                     const BudgetLine& line, Money change,
                                                     const std::string& reason, Date on) {
  KOMEK_CHECK(work::check_request_key(key));
  KOMEK_CHECK(check_line(line));
  if (!actor.covers(line.territory))
    return perr(ErrorCode::kNotFound, "payments.budget_not_found");
  if (change.is_zero()) {
    auto e = perr(ErrorCode::kInvalidInput, "payments.amendment_zero");
    e.value().field = "amount";
    return e;
  }
  if (reason.empty() || reason.size() > 500) {
    auto e = perr(ErrorCode::kInvalidInput, "payments.reason_required");
    e.value().field = "reason";
    return e;
  }
  KOMEK_CHECK(ceilings_.check(MoneyKind::kBudgetAmendment, change, "amount"));
  return work::run_idempotent<BudgetChange, PaymentsTransaction>(
      store_, actor, key, budget_change_codec(), [&](PaymentsTransaction& tx) -> Result<work::Done<BudgetChange>> {
      KOMEK_TRY(existing, tx.find_budget(line));
      if (!existing) return perr(ErrorCode::kNotFound, "payments.budget_not_found");
      Budget b = *existing;
      KOMEK_TRY(accounts, tx.accounts());
      KOMEK_TRY(next, tx.next_transfer_id());
      Ledger ledger(std::move(accounts), next, 1);
      const auto alloc = ledger.account(AccountKind::kAllocation, line);
      const auto body = ledger.account(AccountKind::kAuthorizedBody, line);
      auto t = change.is_positive()
                   ? ledger.transfer(alloc, body, change, "amendment", on)
                   : ledger.transfer(body, alloc, Money::from_tiyn(-change.tiyn()), "amendment", on);
      if (!t) {
        if (t.error().message_key == "ledger.insufficient")
          return perr(ErrorCode::kConflict, "payments.amend_below_spent",
                      {{"remaining", Money::from_tiyn(ledger.find(body)->available()).decimal()}});
        return tl::unexpected(t.error());
      }
      // The allocation after the amendment stays under its own ceiling: amendments cannot add up
      // to what one allocation may not be.
      auto amended = Money::from_tiyn(b.allocation).plus(change);
      if (!amended) return perr(ErrorCode::kInvalidInput, "money.overflow");
      KOMEK_CHECK(ceilings_.check(MoneyKind::kBudgetAllocation, *amended, "amount"));
      b.allocation = amended->tiyn();
      b.amendments += 1;
      KOMEK_CHECK(tx.save_budget(b, false));
      KOMEK_CHECK(tx.add_amendment(line, change.tiyn(), reason, on, actor.login));
      KOMEK_CHECK(tx.save_ledger(ledger));
      const BudgetChange done{line, change, Money::from_tiyn(b.allocation), b.amendments};
      KOMEK_CHECK(tx.audit({"", actor.login, "budget.amended", "budget",
                              line.programme + "/" + line.territory + "/" + std::to_string(line.year), "",
                              to_json_text(done)}));
      return work::Done<BudgetChange>{work::Effect::kDone, done};
      });
}

Result<work::Done<RunSummary>> PaymentService::run(const PaymentsActor& actor, const work::RequestKey& key,
                                                  const RunRequest& request) {
  return work::run_idempotent<RunSummary, PaymentsTransaction>(
      store_, actor, key, run_summary_codec(), [&](PaymentsTransaction& tx) -> Result<work::Done<RunSummary>> {
        KOMEK_TRY(s, run_in(tx, actor, request));
        return work::Done<RunSummary>{work::Effect::kDone, std::move(s)};
      });
}

Result<RunSummary> PaymentService::run_in(PaymentsTransaction& tx, const PaymentsActor& actor,
                                          const RunRequest& request) {
  const Date today = request.date;
  // The actor works in a territory; a narrower prefix may be asked for, never a wider one.
  // An asked prefix that neither lies inside the actor's territory nor contains it names a
  // territory that is not theirs.
  const std::string prefix = actor.narrowed(request.territory_prefix);
  if (prefix != request.territory_prefix && !in_territory(request.territory_prefix, actor.territory))
    return perr(ErrorCode::kNotFound, "payments.territory_not_found");
  RunSummary summary;
  summary.date = today;
  KOMEK_TRY(working, calendar_.is_working(today));
  if (!working) {
    // The State Corporation and the authorized body act on working days (001 §27-29).
    summary.working_day = false;
    return summary;
  }
  KOMEK_TRY(accounts, tx.accounts());
  KOMEK_TRY(next, tx.next_transfer_id());
  Ledger ledger(std::move(accounts), next, 1);

  // 1. Orders whose answer did not come in the agreed window expire; the money goes back.
  KOMEK_TRY(timed_out, tx.orders_timed_out(today, prefix));
  for (auto& o : timed_out) {
    KOMEK_CHECK(know_order(tx, ledger, o));
    KOMEK_CHECK(ledger.expire(o.transfer_id, today));
    KOMEK_CHECK(send_back(ledger, o.line, AccountKind::kRecipientPayable, o.amount, today,
                            {o.assignment_id, o.id, o.month.iso()}));
    o.status = OrderStatus::kExpired;
    o.settled_on = today;
    o.note = "no answer by " + o.timeout.iso();
    KOMEK_CHECK(tx.update_order(o));
    ++summary.expired;
  }

  // 2. Which periodic months are demanded today (001 §27): the next month once its demand
  // day has come, the current month if its demand was missed, and months refused earlier.
  const Month current = Month::of(today);
  std::set<Month> periodic_months;
  for (Month m : {current, current.plus(1)}) {
    KOMEK_TRY(dd, demand_date(m, periods_));
    if (today >= dd) periodic_months.insert(m);
  }
  KOMEK_TRY(waiting, tx.demands_to_transfer(prefix));
  std::set<Month> waiting_months;
  for (const auto& d : waiting)
    if (d.kind == DemandKind::kPeriodic) waiting_months.insert(d.payment_month);
  periodic_months.insert(waiting_months.begin(), waiting_months.end());
  // A month whose periodic demand every budget line of the territory has transferred (and
  // none waits) has nothing left in its unchanged assignments: it is not read again; its
  // changed assignments come through changed_due() (see the scan below).
  std::set<Month> months_done;
  for (Month m : periodic_months) {
    if (waiting_months.count(m) != 0) continue;
    KOMEK_TRY(done, tx.periodic_month_done(m, prefix));
    if (done) months_done.insert(m);
  }

  struct Group {
    DemandKind kind;
    BudgetLine line;
    Month month;
    Date key;
    std::vector<DueLine> lines;
  };
  std::map<std::string, Group> groups;
  std::vector<std::string> deferred;
  std::map<std::pair<std::string, Month>, bool> demanded;  // periodic demand (line, month) transferred?
  auto periodic_transferred = [&](const BudgetLine& line, Month m) -> Result<bool> {
    auto key = std::make_pair(line.programme + "/" + line.territory + "/" + std::to_string(line.year), m);
    if (auto it = demanded.find(key); it != demanded.end()) return it->second;
    KOMEK_TRY(d, tx.find_demand(line, DemandKind::kPeriodic, m, m.first_day()));
    const bool done = d.has_value() && (d)->status == DemandStatus::kTransferred;
    demanded[key] = done;
    return done;
  };
  struct Overpayment {
    DueLine line;
    BudgetLine budget;
  };
  std::vector<Overpayment> overpayments;
  // Sorts one schedule line: a payment line of a demand, an overpayment, or (an answer
  // still awaited for the month) deferred to a later run.
  // Where a line goes is the same for every line of one programme, territory and month: the
  // answer is kept (a month of a million lines has a few dozen territories).
  struct Target {
    BudgetLine line;
    Group* group = nullptr;  // null until a payment line needs it
    bool periodic_done = false;
  };
  std::map<std::tuple<std::string, std::string, Month, bool>, Target> targets;
  Target* last_target = nullptr;
  std::tuple<std::string, std::string, Month, bool> last_key;
  auto target_of = [&](std::string_view programme, std::string_view territory, Month m,
                       bool periodic) -> Result<Target*> {
    if (last_target != nullptr && std::get<0>(last_key) == programme && std::get<1>(last_key) == territory &&
        std::get<2>(last_key) == m && std::get<3>(last_key) == periodic)
      return last_target;
    auto key = std::make_tuple(std::string(programme), std::string(territory), m, periodic);
    auto it = targets.find(key);
    if (it == targets.end()) {
      KOMEK_TRY(t, budget_territory(territory));
      // The budget year is the year of the month paid for (001 §21: within that year's budget).
      Target target{BudgetLine{std::string(programme), t, m.year()}, nullptr, false};
      if (periodic) {
        KOMEK_TRY(done, periodic_transferred(target.line, m));
        target.periodic_done = done;
      }
      it = targets.emplace(key, std::move(target)).first;
    }
    last_key = std::move(key);
    last_target = &it->second;
    return last_target;
  };
  auto place = [&](DueLine&& l, bool periodic) -> Result<void> {
    if (l.due == l.covered) return {};
    if (l.pending > 0) {
      deferred.push_back(l.assignment_id);
      return {};
    }
    KOMEK_TRY(target, target_of(l.programme, l.territory, l.month, periodic));
    Target& t = *target;
    if (l.due < l.covered) {
      // Only what was confirmed paid can have been overpaid.
      if (std::min(l.covered - l.due, l.posted) > 0) overpayments.push_back({std::move(l), t.line});
      return {};
    }
    if (t.group == nullptr) {
      // After the month's demand was transferred, new and increased amounts go with the
      // day's demand rather than wait a month.
      const DemandKind kind = periodic && !t.periodic_done ? DemandKind::kPeriodic : DemandKind::kDaily;
      const Month month = kind == DemandKind::kPeriodic ? l.month : current;
      const Date key = kind == DemandKind::kPeriodic ? l.month.first_day() : today;
      const std::string id = demand_id(t.line, kind, month, key);
      t.group = &groups.try_emplace(id, Group{kind, t.line, month, key, {}}).first->second;
    }
    t.group->lines.push_back(std::move(l));
    return {};
  };
  // A month whose periodic demand of a budget line was transferred has nothing more to give
  // for that line's unchanged assignments: a change (new assignment, new amount, new account)
  // bumps the assignment's version and changed_due() brings it. So the periodic scan of the
  // current month — after its demand day — reads only lines whose demand is still to make.
  Result<void> skip_error;
  std::set<Month> skipped_months;  // months whose periodic scan left lines out
  auto skip_for = [&](Month m) {
    return [&, m](std::string_view programme, std::string_view territory) {
      if (!skip_error) return false;
      auto target = target_of(programme, territory, m, true);
      if (!target) {
        skip_error = tl::unexpected(target.error());
        return false;
      }
      if ((*target)->periodic_done) skipped_months.insert(m);
      return (*target)->periodic_done;
    };
  };
  Result<void> placed;
  for (Month m : periodic_months) {
    if (months_done.count(m) != 0) {
      skipped_months.insert(m);
      continue;
    }
    KOMEK_CHECK(tx.periodic_due(m, prefix, skip_for(m), [&](DueLine&& l) {
      if (placed) placed = place(std::move(l), true);
    }));
    if (!placed) return tl::unexpected(placed.error());
    if (!skip_error) return tl::unexpected(skip_error.error());
  }

  // 3. The daily demand: one-time and holiday payments, and the earlier months of every
  // assignment changed since the last run — arrears where more is due, overpayments where
  // less is (a death reported late, 001 §22).
  const Month latest = *periodic_months.rbegin();
  std::map<std::pair<std::string, std::string>, DueLine> daily;
  // The periodic scan's lines must not come twice (their orders are not stored yet):
  // changed_due() leaves out the monthly and quarterly lines of the months it read in full,
  // and of the months where it left lines out, only those it gave are dropped here.
  Result<void> collect_error;
  auto collect = [&](DueLine&& l) {
    if (!collect_error) return;
    if (skipped_months.count(l.month) != 0 && (l.frequency == "monthly" || l.frequency == "quarterly")) {
      if (months_done.count(l.month) != 0) {
        // Not read by the periodic scan at all: placed as it would have placed it.
        if (auto ok = place(std::move(l), true); !ok) collect_error = ok;
        return;
      }
      auto target = target_of(l.programme, l.territory, l.month, true);
      if (!target) {
        collect_error = tl::unexpected(target.error());
        return;
      }
      if (!(*target)->periodic_done) return;
    }
    daily.emplace(std::make_pair(l.assignment_id, l.month.iso()), std::move(l));
  };
  KOMEK_CHECK(tx.one_time_due(current.plus(-kArrearsMonthsBack), current, prefix, collect));
  std::vector<Month> periodic_list;
  for (Month m : periodic_months)
    if (skipped_months.count(m) == 0) periodic_list.push_back(m);
  KOMEK_CHECK(tx.changed_due(current.plus(-kArrearsMonthsBack), latest, periodic_list, prefix, collect));
  if (!collect_error) return tl::unexpected(collect_error.error());
  for (auto& [_, l] : daily)
    KOMEK_CHECK(place(std::move(l), false));

  for (auto& op : overpayments) {
    // Paid beyond what is now due: what was paid moves from "paid" to "overpaid" (the
    // recipient owes it) and is recovered when it comes back (001 §31).
    const DueLine& l = op.line;
    const std::int64_t excess = std::min(l.covered - l.due, l.posted);
    KOMEK_CHECK(ledger.transfer(ledger.account(AccountKind::kPaid, op.budget),
                             ledger.account(AccountKind::kOverpaid, op.budget), Money::from_tiyn(excess),
                             "overpayment", today, {l.assignment_id, "", l.month.iso()}));
    Recovery r;
    r.id = "R-" + l.assignment_id + "-" + l.month.iso() + "-" + compact(today);
    r.assignment_id = l.assignment_id;
    r.month = l.month;
    r.line = op.budget;
    r.amount = excess;
    r.detected_on = today;
    KOMEK_CHECK(tx.insert_recovery(r));
    KOMEK_CHECK(tx.enqueue(
            {work::Topic::kPaymentsOverpayment,
             json{{"assignment_id", l.assignment_id}, {"month", l.month.iso()}, {"amount_tiyn", excess}}
                 .dump()}));
    ++summary.recoveries;
    summary.recovery_total += excess;
  }

  // 4. Each demand: formed and applied for (001 §27-28), then transferred within the budget
  // (001 §21, §28) and turned into orders and files (001 §29) — or refused whole, with an alert.
  std::vector<PaymentOrder> orders;
  std::vector<PaymentFile> files;
  for (auto& [id, g] : groups) {
    const auto by_assignment = [](const DueLine& a, const DueLine& b) {
      return a.assignment_id < b.assignment_id;
    };
    // The periodic scan gives its lines in assignment order already.
    if (!std::is_sorted(g.lines.begin(), g.lines.end(), by_assignment))
      std::sort(g.lines.begin(), g.lines.end(), by_assignment);
    KOMEK_TRY(found, tx.find_demand(g.line, g.kind, g.month, g.key));
    Demand d;
    bool is_new = !found.has_value();
    if (!is_new) {
      d = *found;
      if (d.status == DemandStatus::kTransferred) continue;  // formed and paid already
    } else {
      d.id = id;
      d.line = g.line;
      d.kind = g.kind;
      d.payment_month = g.month;
      d.formed_on = today;
      d.application_on = today;
      KOMEK_TRY(ad, application_due(today, periods_));
      d.application_due = ad;
      KOMEK_TRY(td, transfer_due(today, g.month, g.kind == DemandKind::kPeriodic, periods_));
      d.transfer_due = td;
      ++summary.demands_formed;
    }
    d.amount = 0;
    d.fees = 0;
    d.lines = static_cast<int>(g.lines.size());
    for (const auto& l : g.lines) {
      d.amount += l.due - l.covered;
      d.fees += bank_fee(l.due - l.covered, config_);
    }
    const auto body = ledger.account(AccountKind::kAuthorizedBody, g.line);
    const auto corp = ledger.account(AccountKind::kStateCorporation, g.line);
    auto moved = ledger.transfer(body, corp, Money::from_tiyn(d.amount + d.fees), "demand_transfer", today);
    if (!moved) {
      if (moved.error().message_key != "ledger.insufficient") return tl::unexpected(moved.error());
      // Nothing is half-paid: the whole demand waits for an amendment; the alert goes out.
      const bool already = d.status == DemandStatus::kRefused;
      d.status = DemandStatus::kRefused;
      d.refusal = "payments.budget_exceeded";
      if (!already) {
        ++summary.demands_refused;
        summary.alerts.push_back(d.id);
        const std::string alert = json{{"demand_id", d.id},
                                       {"budget", line_json(g.line)},
                                       {"needed_tiyn", d.amount + d.fees},
                                       {"remaining_tiyn", ledger.find(body)->available()}}
                                      .dump();
        KOMEK_CHECK(tx.enqueue({work::Topic::kAlertBudgetExceeded, alert}));
        KOMEK_CHECK(tx.audit({"", actor.login, "payments.budget_exceeded", "demand", d.id, "", alert}));
      }
      KOMEK_CHECK(is_new ? tx.insert_demand(d) : tx.update_demand(d));
      continue;
    }
    d.status = DemandStatus::kTransferred;
    d.refusal.clear();
    d.transfer_on = today;
    KOMEK_TRY(od, orders_due(today, periods_));
    d.orders_due = od;
    const auto payable = ledger.account(AccountKind::kRecipientPayable, g.line);
    const auto paid = ledger.account(AccountKind::kPaid, g.line);
    const auto fees = ledger.account(AccountKind::kBankFees, g.line);
    // One payment file per payment organisation (001 §29). The file moves its total (and
    // its fees) in one transfer each; every order then holds its own pending transfer, so a
    // month of a million orders is a million ledger rows, not three million.
    const std::size_t first_file = files.size();
    std::map<std::string, std::size_t> file_of;
    std::vector<std::size_t> line_file(g.lines.size());
    for (std::size_t i = 0; i < g.lines.size(); ++i) {
      const auto& l = g.lines[i];
      auto [fit, inserted] = file_of.try_emplace(l.organisation, files.size());
      if (inserted) {
        PaymentFile f;
        f.id = d.id + "/" + l.organisation;
        f.organisation = l.organisation;
        f.demand_id = d.id;
        KOMEK_TRY(pay_on, payment_date(today, l.month, calendar_));
        f.payment_on = pay_on;
        files.push_back(std::move(f));
      }
      PaymentFile& f = files[fit->second];
      line_file[i] = fit->second;
      f.count += 1;
      f.total += l.due - l.covered;
      f.fees += bank_fee(l.due - l.covered, config_);
    }
    for (std::size_t i = first_file; i < files.size(); ++i) {
      PaymentFile& f = files[i];
      KOMEK_TRY(t, ledger.transfer(corp, payable, Money::from_tiyn(f.total), "order_file", today, {"", f.id, ""}));
      f.transfer_id = t.id;
      if (f.fees > 0) {
        KOMEK_TRY(ft, ledger.transfer(corp, fees, Money::from_tiyn(f.fees), "bank_fee", today, {"", f.id, ""}));
        f.fee_transfer_id = ft.id;
      }
    }
    orders.reserve(orders.size() + g.lines.size());
    // Dates repeat across a demand's lines: computed once per payment month.
    std::map<Month, std::pair<Date, Date>> dates_of;
    for (std::size_t i = 0; i < g.lines.size(); ++i) {
      auto& l = g.lines[i];
      auto dit = dates_of.find(l.month);
      if (dit == dates_of.end()) {
        // Under the payment schedule (001 §29): paid in the month it is for, or at once for
        // a month already begun.
        KOMEK_TRY(pay_on, payment_date(today, l.month, calendar_));
        KOMEK_TRY(timeout, answer_timeout(pay_on, config_, calendar_));
        dit = dates_of.emplace(l.month, std::make_pair(pay_on, timeout)).first;
      }
      const PaymentFile& f = files[line_file[i]];
      PaymentOrder o;
      o.id = d.id + "/" + l.assignment_id + "/" + l.month.iso();
      o.demand_id = d.id;
      o.file_id = f.id;
      o.month = l.month;
      o.amount = l.due - l.covered;
      o.fee = bank_fee(o.amount, config_);
      o.organisation = std::move(l.organisation);
      o.account = std::move(l.account);
      o.recipient_iin = std::move(l.recipient_iin);
      o.assignment_id = std::move(l.assignment_id);
      o.line = g.line;
      o.ordered_on = today;
      o.payment_on = dit->second.first;
      o.timeout = dit->second.second;
      // The order's own transfer: held until the payment organisation answers. Its
      // assignment and month are the order's (payment_orders.transfer_id), not repeated here.
      KOMEK_TRY(p, ledger.pending(payable, paid, Money::from_tiyn(o.amount), "order", today, o.timeout));
      o.transfer_id = p.id;
      summary.ordered_total += o.amount;
      orders.push_back(std::move(o));
    }
    KOMEK_CHECK(is_new ? tx.insert_demand(d) : tx.update_demand(d));
    ++summary.demands_transferred;
  }
  // Demands refused earlier whose lines are now covered or gone are left as they are: the
  // daily demand carries whatever is still due.
  summary.orders = static_cast<int>(orders.size());
  summary.files = static_cast<int>(files.size());
  KOMEK_CHECK(tx.insert_orders(orders, files));
  KOMEK_CHECK(tx.save_ledger(ledger));
  KOMEK_CHECK(tx.mark_seen(prefix, deferred));
  // One audit record for the run (docs/payments.md, "What the audit holds"): the summary and,
  // per payment file, its count, total, fees, ledger transfers and the SHA-256 of its order
  // lines — so the hash chain commits to every order without a record per order.
  json audit_body = json::parse(to_json_text(summary));
  json file_list = json::array();
  for (const auto& file : files)
    file_list.push_back({{"file_id", file.id},
                         {"count", file.count},
                         {"total_tiyn", file.total},
                         {"fees_tiyn", file.fees},
                         {"transfer_id", file.transfer_id},
                         {"fee_transfer_id", file.fee_transfer_id},
                         {"sha256", file.sha256}});
  audit_body["files"] = file_list;
  if (auto ok =
          tx.audit({"", actor.login, "payments.run", "payments_run", today.iso(), "", audit_body.dump()});
      !ok)
    return tl::unexpected(ok.error());
  if (!files.empty()) {
    KOMEK_CHECK(tx.enqueue({work::Topic::kPaymentsFilesReady, file_list.dump()}));
  }
  return summary;
}

Result<work::Done<ImportSummary>> PaymentService::import_results(const PaymentsActor& actor,
                                                       const work::RequestKey& key, std::string_view text,
                                                       const std::string& file_name, Date on) {
  KOMEK_CHECK(work::check_request_key(key));
  KOMEK_TRY(lines, parse_results(text));
  return work::run_idempotent<ImportSummary, PaymentsTransaction>(
      store_, actor, key, import_summary_codec(), [&](PaymentsTransaction& tx) -> Result<work::Done<ImportSummary>> {
        KOMEK_TRY(s, import_in(tx, actor, lines, file_name, on));
        return work::Done<ImportSummary>{work::Effect::kDone, std::move(s)};
      });
}

Result<ImportSummary> PaymentService::import_in(PaymentsTransaction& tx, const PaymentsActor& actor,
                                                const std::vector<ResultLine>& lines,
                                                const std::string& file_name, Date on) {
  ImportSummary s;
  KOMEK_TRY(accounts, tx.accounts());
  KOMEK_TRY(next, tx.next_transfer_id());
  Ledger ledger(std::move(accounts), next, 1);
  std::set<std::pair<std::string, int>> in_this_file;
  auto log = [&](const ResultLine& l, const char* outcome) {
    return tx.log_result(l, file_name, outcome, on);
  };
  for (const auto& l : lines) {
    ++s.lines;
    KOMEK_TRY(found, tx.find_order(l.order_id));
    if (!found || !actor.covers(found->line.territory)) {
      // Unknown orders are rejected and logged; nothing else changes (R6).
      ++s.unknown;
      KOMEK_CHECK(log(l, "unknown_order"));
      KOMEK_CHECK(tx.enqueue(
              {work::Topic::kAlertUnknownPaymentResult,
               json{{"order_id", l.order_id.substr(0, 200)}, {"file", file_name}, {"line", l.line}}.dump()}));
      continue;
    }
    PaymentOrder o = *found;
    KOMEK_TRY(applied, tx.result_applied(o.id, l.result));
    if (applied || !in_this_file.insert({o.id, static_cast<int>(l.result)}).second) {
      ++s.duplicates;
      KOMEK_CHECK(log(l, "duplicate"));
      continue;
    }
    const TransferRefs refs{o.assignment_id, o.id, o.month.iso()};
    const char* outcome = "applied";
    if (o.status == OrderStatus::kPending && l.result == ResultKind::kPaid) {
      KOMEK_CHECK(know_order(tx, ledger, o));
      KOMEK_CHECK(ledger.post(o.transfer_id, Money::from_tiyn(o.amount), on));
      o.status = OrderStatus::kPosted;
    } else if (o.status == OrderStatus::kPending) {
      // Rejected, or returned before it was confirmed paid: the pending payment is voided
      // and the money goes back to the authorized body (001 §30).
      KOMEK_CHECK(know_order(tx, ledger, o));
      KOMEK_CHECK(ledger.void_pending(o.transfer_id, on));
      KOMEK_CHECK(send_back(ledger, o.line, AccountKind::kRecipientPayable, o.amount, on, refs));
      if (l.result == ResultKind::kRejected && o.fee > 0) {
        // A rejected order was never carried out: its bank fee (001 §32) is reversed — the
        // file's fee transfer undone for this order's share — and goes back with the money.
        KOMEK_TRY(fee_transfer, tx.file_fee_transfer(o.file_id));
        const auto fees = ledger.account(AccountKind::kBankFees, o.line);
        const auto corp = ledger.account(AccountKind::kStateCorporation, o.line);
        KOMEK_CHECK(ledger.reverse_part(fee_transfer, fees, corp, Money::from_tiyn(o.fee), "bank_fee_refund",
                                     on, refs));
        KOMEK_CHECK(send_back(ledger, o.line, AccountKind::kStateCorporation, o.fee, on, refs));
      }
      o.status = OrderStatus::kVoided;
    } else if (o.status == OrderStatus::kPosted && l.result == ResultKind::kReturned) {
      // Paid, then returned. What was recorded as overpaid for the month is recovered first
      // and goes back by the month's last working day (001 §31); the rest is a return (§30).
      std::int64_t left = o.amount;
      KOMEK_TRY(recs, tx.open_recoveries(o.assignment_id, o.month));
      for (auto& r : recs) {
        const std::int64_t take = std::min(left, r.amount - r.recovered);
        if (take <= 0) continue;
        const auto recovery = ledger.account(AccountKind::kRecovery, r.line);
        KOMEK_CHECK(ledger.transfer(ledger.account(AccountKind::kOverpaid, r.line), recovery,
                                 Money::from_tiyn(take), "recovery", on, refs));
        KOMEK_CHECK(ledger.transfer(recovery, ledger.account(AccountKind::kAuthorizedBody, r.line),
                                 Money::from_tiyn(take), "recovery_to_budget", on, refs));
        KOMEK_TRY(due, recovery_due(on, periods_));
        r.recovered += take;
        r.recovered_on = on;
        r.due_by = due;
        left -= take;
        KOMEK_CHECK(tx.update_recovery(r));
      }
      KOMEK_CHECK(send_back(ledger, o.line, AccountKind::kPaid, left, on, refs));
      o.status = OrderStatus::kReturned;
    } else {
      // A duplicate in another form, or an answer that comes after a final one (out of
      // order, or after expiry): it changes nothing and is logged for reconciliation.
      outcome = "out_of_order";
    }
    if (std::string_view(outcome) == "applied") {
      ++s.applied;
      o.settled_on = l.on;
      KOMEK_TRY(due, return_due(l.on, periods_));
      o.note = l.reason.empty() ? std::string(result_kind_name(l.result)) : l.reason;
      if (l.result != ResultKind::kPaid && on > due)
        o.note += " (entered after " + due.iso() + ", " + periods_[rules::PeriodId::kPaymentReturnEntry].cites + ")";
      KOMEK_CHECK(tx.update_order(o));
    } else {
      ++s.out_of_order;
    }
    KOMEK_CHECK(log(l, outcome));
  }
  KOMEK_CHECK(tx.save_ledger(ledger));
  KOMEK_CHECK(tx.audit(
          {"", actor.login, "payments.results_imported", "payment_results", file_name, "", to_json_text(s)}));
  return s;
}

Result<std::vector<BudgetStatus>> PaymentService::budgets(const PaymentsActor& actor) {
  return store_.budgets(actor.narrowed(""));
}

Result<std::vector<Demand>> PaymentService::demands(const PaymentsActor& actor) {
  return store_.demands(actor.narrowed(""), kListedMax);
}

Result<std::vector<PaymentFile>> PaymentService::files(const PaymentsActor& actor) {
  return store_.files(actor.narrowed(""), kListedMax);
}

Result<void> PaymentService::log_reads(const PaymentsActor& actor, const std::vector<PaymentOrder>& orders,
                                       const std::string& route) {
  if (orders.empty()) return {};
  return store_.transact([&](PaymentsTransaction& tx) -> Result<void> {
    for (const auto& o : orders)
      KOMEK_CHECK(tx.log_access({"", actor.login, work::subject_of(o.recipient_iin), "payment_order:" + o.id, route,
                                 actor.client, false}));
    return {};
  });
}

Result<std::vector<PaymentOrder>> PaymentService::orders(const PaymentsActor& actor, OrderFilter filter,
                                                         const std::string& route) {
  filter.territory_prefix = actor.narrowed(filter.territory_prefix);
  KOMEK_TRY(list, store_.orders(filter));
  KOMEK_CHECK(log_reads(actor, list, route));
  return std::move(list);
}

Result<std::string> PaymentService::file_text(const PaymentsActor& actor, const std::string& id, const std::string& route) {
  KOMEK_TRY(f, store_.file(id));
  OrderFilter filter;
  filter.file_id = id;
  filter.territory_prefix = actor.narrowed("");
  KOMEK_TRY(list, store_.orders(filter));
  if (!f || list.empty()) return perr(ErrorCode::kNotFound, "payments.file_not_found");
  KOMEK_CHECK(log_reads(actor, list, route));
  return render_payment_file(*f, list);
}

Result<std::vector<PaymentOrder>> PaymentService::recipient_orders(const PaymentsActor& actor, const std::string& iin,
                                                                   const std::string& route) {
  const bool own = actor.is_applicant();
  // An applicant reads only their own payments, wherever they were paid.
  if (own && (actor.iin.empty() || actor.iin != iin)) return perr(ErrorCode::kNotFound, "payments.order_not_found");
  OrderFilter f;
  f.recipient_iin = iin;
  f.territory_prefix = own ? "" : actor.narrowed("");
  KOMEK_TRY(list, store_.orders(f));
  // The read of a person's payments goes in the personal-data access log (S3), even when
  // there are none yet.
  KOMEK_CHECK(store_.transact([&](PaymentsTransaction& tx) {
    return tx.log_access({"", actor.login, work::subject_of(iin), "payments:" + work::subject_of(iin), route, actor.client,
                          false});
  }));
  return std::move(list);
}

Result<LedgerReport> PaymentService::verify() { return store_.verify(); }

}  // namespace komek::payments
