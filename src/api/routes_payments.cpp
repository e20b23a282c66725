// Payments over HTTP (issue 6; docs/payments.md): budget lines and amendments, running the
// cycle for a date, demands, payment orders and files, importing a payment organisation's
// results, a recipient's payments (applicants see their own; staff look one up by IIN, in the
// body for the pages) and the ledger check. Officers of the authorized body write budgets;
// officers and State Corporation operators run the cycle and import results; auditors read.
// Everything is scoped to the caller's territory; every POST takes an Idempotency-Key
// (work::idempotent inside the service).
#include <nlohmann/json.hpp>
#include <string>

#include "api/router.hpp"
#include "api/routes.hpp"
#include "work/actor.hpp"
#include "work/journal.hpp"
#include "work/request.hpp"
#include "work/runner.hpp"
#include "core/iin.hpp"
#include "payments/payments.hpp"

namespace komek::api {
namespace {

using cases::Role;
using payments::PaymentService;

const std::vector<Role> kBudgetWriters = {Role::kOfficer};
const std::vector<Role> kCycleWriters = {Role::kOfficer, Role::kStateCorporationOperator};
const std::vector<Role> kReaders = {Role::kOfficer, Role::kStateCorporationOperator, Role::kAuditor};

tl::unexpected<Error> field_error(const std::string& name, const char* key,
                                  std::vector<std::pair<std::string, std::string>> params = {}) {
  Error e(ErrorCode::kInvalidInput, key, std::move(params));
  e.field = name;
  return tl::unexpected(e);
}

Result<payments::BudgetLine> line_of(Body& b) {
  KOMEK_TRY(programme, b.string("programme", true, 60));
  KOMEK_TRY(territory, b.string("territory", true, 9));
  KOMEK_TRY(year, b.year("year", true));
  return payments::BudgetLine{programme, territory, year};
}

// The account an order pays into, as pages show it: the country code and the last four
// characters, the rest starred ("KZ**************0002"); "" for cash through the post office.
std::string masked_account(const std::string& account) {
  if (account.size() <= 6) return std::string(account.size(), '*');
  return account.substr(0, 2) + std::string(account.size() - 6, '*') + account.substr(account.size() - 4);
}

json order_json(const payments::PaymentOrder& o, bool with_iin) {
  json j = {{"id", o.id},
            {"demand_id", o.demand_id},
            {"file_id", o.file_id},
            {"assignment_id", o.assignment_id},
            {"month", o.month.iso()},
            {"amount", Money::from_tiyn(o.amount).decimal()},
            {"amount_tiyn", o.amount},
            {"fee_tiyn", o.fee},
            {"organisation", o.organisation},
            {"account_masked", masked_account(o.account)},
            {"programme", o.line.programme},
            {"territory", o.line.territory},
            {"ordered_on", o.ordered_on.iso()},
            {"payment_on", o.payment_on.iso()},
            {"answer_by", o.timeout.iso()},
            {"status", std::string(payments::order_status_name(o.status))},
            {"settled_on", o.settled_on ? json(o.settled_on->iso()) : json(nullptr)},
            {"note", o.note}};
  if (with_iin) j["recipient_iin"] = o.recipient_iin;
  return j;
}

Result<HttpResponse> recipient_payments(PaymentService& svc, Context& ctx, const std::string& iin) {
  KOMEK_TRY(orders, svc.recipient_orders(ctx.actor, iin, ctx.request.path));
  json out = json::array();
  std::int64_t paid = 0;
  for (const auto& o : orders) {
    out.push_back(order_json(o, false));
    if (o.status == payments::OrderStatus::kPosted) paid += o.amount;
  }
  return json_response(200, json{{"orders", out}, {"paid_tiyn", paid}}.dump());
}

// A recipient's payments looked up by staff: the IIN checked (a bad one names the field
// "iin"), then the same answer and access-log record as for the recipient themselves. Shared
// by GET /payments/recipient?iin= and POST /payments/recipient/search, which differ only in
// where the IIN comes from.
Result<HttpResponse> payments_of_iin(PaymentService& svc, Context& ctx, const std::string& iin) {
  if (auto ok = Iin::parse(iin); !ok) {
    Error e = ok.error();
    e.field = "iin";
    return tl::unexpected(e);
  }
  return recipient_payments(svc, ctx, iin);
}

}  // namespace

RouteModule payments_routes(PaymentService& svc) {
  return [&svc](Router& router) {
    router.add("GET", "/api/v1/budgets",
               "Budget lines of the territory with what each has done with its money",
               reads(kReaders, "officers, State Corporation operators and auditors of the territory"), {},
               [&svc](Context& ctx) -> Result<HttpResponse> {
                 KOMEK_TRY(list, svc.budgets(ctx.actor));
                 json out = json::array();
                 for (const auto& b : list)
                   out.push_back({{"programme", b.budget.line.programme},
                                  {"territory", b.budget.line.territory},
                                  {"year", b.budget.line.year},
                                  {"allocation_tiyn", b.budget.allocation},
                                  {"amendments", b.budget.amendments},
                                  {"remaining_tiyn", b.remaining},
                                  {"transferred_tiyn", b.transferred},
                                  {"paid_tiyn", b.paid},
                                  {"overpaid_tiyn", b.overpaid},
                                  {"fees_tiyn", b.fees},
                                  {"pending_tiyn", b.pending}});
                 return json_response(200, json{{"budgets", out}}.dump());
               });
    router.add("POST", "/api/v1/budgets", "Set a budget line's allocation (001 §21)",
               writes(kBudgetWriters, "officers of the territory"),
               {"programme", "territory", "year", "allocation", "on"},
               [&svc](Context& ctx) -> Result<HttpResponse> {
                 KOMEK_TRY(body, Body::parse(ctx.request.body));
                 KOMEK_TRY(line, line_of(body));
                 KOMEK_TRY(amount, money_field(body, "allocation", true));
                 KOMEK_TRY(on, date_field(body, "on"));
                 KOMEK_CHECK(body.no_other_fields());
                 return from(svc.set_budget(ctx.actor, request_key(ctx), line, amount, on), budget_set_body);
               });
    router.add("POST", "/api/v1/budgets/amendments", "Amend a budget line's allocation by a signed amount",
               writes(kBudgetWriters, "officers of the territory"),
               {"programme", "territory", "year", "amount", "reason", "on"},
               [&svc](Context& ctx) -> Result<HttpResponse> {
                 KOMEK_TRY(body, Body::parse(ctx.request.body));
                 KOMEK_TRY(line, line_of(body));
                 KOMEK_TRY(amount, money_field(body, "amount", true));
                 KOMEK_TRY(reason, body.string("reason", true, 500));
                 KOMEK_TRY(on, date_field(body, "on"));
                 KOMEK_CHECK(body.no_other_fields());
                 return from(svc.amend_budget(ctx.actor, request_key(ctx), line, amount, reason, on), budget_amended_body);
               });
    router.add("POST", "/api/v1/payments/runs", "Run the payment cycle for a date (SPEC §9)",
               writes(kCycleWriters, "officers and State Corporation operators of the territory"),
               {"date", "territory"}, [&svc](Context& ctx) -> Result<HttpResponse> {
                 KOMEK_TRY(body, Body::parse(ctx.request.body));
                 KOMEK_TRY(date, date_field(body, "date"));
                 KOMEK_TRY(territory, body.string("territory", false, 9));
                 KOMEK_CHECK(body.no_other_fields());
                 return from(svc.run(ctx.actor, request_key(ctx), {date, territory}));
               });
    router.add("GET", "/api/v1/payments/demands", "Demands for budget funds of the territory",
               reads(kReaders, "officers, State Corporation operators and auditors of the territory"), {},
               [&svc](Context& ctx) -> Result<HttpResponse> {
                 KOMEK_TRY(list, svc.demands(ctx.actor));
                 json out = json::array();
                 for (const auto& d : list)
                   out.push_back({{"id", d.id},
                                  {"programme", d.line.programme},
                                  {"territory", d.line.territory},
                                  {"year", d.line.year},
                                  {"kind", std::string(payments::demand_kind_name(d.kind))},
                                  {"payment_month", d.payment_month.iso()},
                                  {"formed_on", d.formed_on.iso()},
                                  {"application_due", d.application_due.iso()},
                                  {"transfer_due", d.transfer_due.iso()},
                                  {"transfer_on", d.transfer_on ? json(d.transfer_on->iso()) : json(nullptr)},
                                  {"orders_due", d.orders_due ? json(d.orders_due->iso()) : json(nullptr)},
                                  {"amount_tiyn", d.amount},
                                  {"fees_tiyn", d.fees},
                                  {"lines", d.lines},
                                  {"status", std::string(payments::demand_status_name(d.status))},
                                  {"refusal", d.refusal}});
                 return json_response(200, json{{"demands", out}}.dump());
               });
    router.add("GET", "/api/v1/payments/orders", "Payment orders of the territory (?status=, ?demand=)",
               reads_personal(kReaders, "officers, State Corporation operators and auditors of the territory"), {},
               [&svc](Context& ctx) -> Result<HttpResponse> {
                 payments::OrderFilter f;
                 f.demand_id = ctx.request.param("demand").substr(0, 200);
                 if (const auto s = ctx.request.param("status"); !s.empty()) {
                   f.status = payments::parse_order_status(s);
                   if (!f.status)
                     return field_error("status", "http.field_type", {{"expected", "an order status"}});
                 }
                 KOMEK_TRY(list, svc.orders(ctx.actor, f, "GET /api/v1/payments/orders"));
                 json out = json::array();
                 for (const auto& o : list) out.push_back(order_json(o, false));
                 return json_response(200, json{{"orders", out}}.dump());
               });
    router.add("GET", "/api/v1/payments/files", "Payment files of the territory",
               reads(kReaders, "officers, State Corporation operators and auditors of the territory"), {},
               [&svc](Context& ctx) -> Result<HttpResponse> {
                 KOMEK_TRY(list, svc.files(ctx.actor));
                 json out = json::array();
                 for (const auto& f : list)
                   out.push_back({{"id", f.id},
                                  {"organisation", f.organisation},
                                  {"demand_id", f.demand_id},
                                  {"payment_on", f.payment_on.iso()},
                                  {"count", f.count},
                                  {"total_tiyn", f.total},
                                  {"fees_tiyn", f.fees},
                                  {"transfer_id", f.transfer_id},
                                  {"sha256", f.sha256}});
                 return json_response(200, json{{"files", out}}.dump());
               });
    router.add("GET", "/api/v1/payments/file", "One payment file's text (?id=; docs/payment-file-format.md)",
               reads_personal(kCycleWriters, "officers and State Corporation operators of the territory"), {},
               [&svc](Context& ctx) -> Result<HttpResponse> {
                 const std::string id = ctx.request.param("id").substr(0, 200);
                 KOMEK_TRY(text, svc.file_text(ctx.actor, id, "GET /api/v1/payments/file"));
                 return json_response(200, json{{"id", id}, {"text", text}}.dump());
               });
    router.add("POST", "/api/v1/payments/results",
               "Import a payment organisation's results (paid / rejected / returned)",
               writes(kCycleWriters, "officers and State Corporation operators of the territory"),
               {"file_name", "content", "received_on"}, [&svc](Context& ctx) -> Result<HttpResponse> {
                 KOMEK_TRY(body, Body::parse(ctx.request.body));
                 KOMEK_TRY(name, body.string("file_name", true, 200));
                 KOMEK_TRY(content, body.string("content", true, kRequestBodyBytesMax));
                 KOMEK_TRY(on, date_field(body, "received_on"));
                 KOMEK_CHECK(body.no_other_fields());
                 auto r = svc.import_results(ctx.actor, request_key(ctx), content, name, on);
                 if (!r) {
                   Error e = r.error();
                   if (e.field.empty() && e.code == ErrorCode::kInvalidInput) e.field = "content";
                   return tl::unexpected(e);
                 }
                 return from(r);
               });
    router.add("GET", "/api/v1/payments/mine", "My payments (the applicant's own)",
               reads_personal({Role::kApplicant}, "the applicant, for their own payments"), {},
               [&svc](Context& ctx) -> Result<HttpResponse> {
                 return recipient_payments(svc, ctx, ctx.actor.iin);
               });
    router.add("GET", "/api/v1/payments/recipient", "A recipient's payments (?iin=)",
               reads_personal(kReaders, "officers, State Corporation operators and auditors of the territory"), {},
               [&svc](Context& ctx) -> Result<HttpResponse> {
                 return payments_of_iin(svc, ctx, ctx.request.param("iin").substr(0, 12));
               });
    router.add("POST", "/api/v1/payments/recipient/search",
               "A recipient's payments, the IIN in the body (never the URL); changes nothing but the access log",
               writes(kReaders, "officers, State Corporation operators and auditors of the territory"), {"iin"},
               [&svc](Context& ctx) -> Result<HttpResponse> {
                 // A read sent as POST so that the IIN stays out of URLs and logs (the pages use
                 // this one); the key and the anti-CSRF header are required as on every POST.
                 KOMEK_CHECK(work::check_request_key(request_key(ctx)));
                 KOMEK_TRY(body, Body::parse(ctx.request.body));
                 KOMEK_TRY(iin, body.string("iin", true, 12));
                 KOMEK_CHECK(body.no_other_fields());
                 return payments_of_iin(svc, ctx, iin);
               });
    router.add("GET", "/api/v1/ledger/verify", "Recompute the payments ledger's invariants (R5)",
               reads({Role::kOfficer, Role::kAuditor}, "officers and auditors"), {},
               [&svc](Context&) -> Result<HttpResponse> {
                 KOMEK_TRY(r, svc.verify());
                 json v = json::array();
                 for (const auto& x : r.violations)
                   v.push_back({{"invariant", x.invariant}, {"detail", x.detail}});
                 return json_response(200, json{{"ok", r.ok()},
                                                {"transfers", r.transfers},
                                                {"accounts", r.accounts},
                                                {"pending_tiyn", r.pending_total},
                                                {"violations", v}}
                                               .dump());
               });
  };
}

}  // namespace komek::api
