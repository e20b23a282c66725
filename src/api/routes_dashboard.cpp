// The authorized body's dashboard (issue 8 item 4): applications and decisions by state,
// programme, pack and channel for the caller's territory, deadlines kept versus missed,
// money assigned by the decisions. Computed from the case service's reads, so the territory
// rule of the service applies (staff see only their territory). Only aggregates leave this
// route: no name, no IIN, so reading it is not a read of personal data (no access-log rows).
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "api/router.hpp"
#include "cases/service.hpp"

namespace komek::api {
namespace {

// The case service lists at most this many cases per query (the store's page limit), so
// the dashboard lists state by state; a state that fills a whole page makes the figures a
// lower bound, which the answer says ("complete": false).
constexpr std::size_t kPage = 500;

struct Tally {
  std::map<std::string, int> by_state, by_pack, by_channel, applied_by_programme;
  std::map<std::string, std::map<std::string, int>> decisions_by_programme;  // programme → granted/refused → n
  std::map<std::string, std::map<std::string, int>> deadlines;               // step → kept/missed/open/overdue → n
  std::map<std::string, std::int64_t> assigned_by_programme;                 // tiyn for the assignment period
  std::map<std::string, int> recipients_by_programme;
  std::map<std::string, std::int64_t> assigned_by_month;                     // decision month → tiyn
  std::map<std::string, int> received_by_month;
  std::int64_t assigned_total = 0;
  int cases = 0;
};

// The case counts when it was received in [from, to] (either end open).
bool in_period(const cases::Case& c, const std::optional<Date>& from, const std::optional<Date>& to) {
  auto received = Date::parse(c.received_at.substr(0, 10));
  if (!received) return true;
  if (from && *received < *from) return false;
  if (to && *to < *received) return false;
  return true;
}

void count(Tally& t, const cases::Case& c, Date today) {
  ++t.cases;
  ++t.by_state[std::string(cases::state_name(c.state))];
  ++t.by_pack[c.pack_id];
  ++t.by_channel[std::string(cases::channel_name(c.channel))];
  if (c.received_at.size() >= 7) ++t.received_by_month[c.received_at.substr(0, 7)];
  for (const auto& p : c.programmes) ++t.applied_by_programme[p];
  for (const auto& d : c.deadlines) {
    auto& row = t.deadlines[d.step];
    if (d.done) ++row[*d.done <= d.due ? "kept" : "missed"];
    else if (!cases::is_terminal(c.state)) ++row[d.due < today ? "overdue" : "open"];
  }
  if (!c.decision) return;
  for (const auto& p : c.decision->programmes) {
    ++t.decisions_by_programme[p.programme][p.granted ? "granted" : "refused"];
    if (!p.granted) continue;
    t.assigned_by_programme[p.programme] += p.amount_per_period.tiyn();
    ++t.recipients_by_programme[p.programme];
    t.assigned_by_month[c.decision->on.iso().substr(0, 7)] += p.amount_per_period.tiyn();
    t.assigned_total += p.amount_per_period.tiyn();
  }
}

Result<std::optional<Date>> period_end(const HttpRequest& req, const char* name) {
  const std::string text = req.param(name);
  if (text.empty()) return std::optional<Date>();
  auto d = Date::parse(text);
  if (!d) {
    Error e = d.error();
    e.field = name;
    return tl::unexpected(e);
  }
  return std::optional<Date>(*d);
}

}  // namespace

RouteModule dashboard_routes(cases::CaseService& service) {
  return [&service](Router& router) {
    router.add(
        "GET", "/api/v1/dashboard",
        "Aggregates for the caller's territory: cases by state, pack, channel and programme; decisions; deadlines kept "
        "and missed; money assigned (?from=&to= filter on the receipt date)",
        reads(roles::kStaff, "staff of the territory"), {}, [&service](Context& ctx) -> Result<HttpResponse> {
          KOMEK_TRY(from, period_end(ctx.request, "from"));
          KOMEK_TRY(to, period_end(ctx.request, "to"));
          const Date today = service.clock().now_local().date;
          Tally t;
          bool complete = true;
          for (int s = 0; s <= static_cast<int>(cases::CaseState::kRefused); ++s) {
            cases::CaseFilter f;
            f.state = static_cast<cases::CaseState>(s);
            f.limit = kPage;
            KOMEK_TRY(list, service.list(ctx.actor, f));
            if (list.size() >= kPage) complete = false;
            for (const auto& c : list)
              if (in_period(c, from, to)) count(t, c, today);
          }
          json decisions = json::object();
          for (const auto& [programme, row] : t.decisions_by_programme)
            decisions[programme] = {{"granted", row.count("granted") ? row.at("granted") : 0},
                                    {"refused", row.count("refused") ? row.at("refused") : 0}};
          json deadlines = json::object();
          for (const auto& [step, row] : t.deadlines) {
            json r = json::object();
            for (const char* k : {"kept", "missed", "open", "overdue"}) r[k] = row.count(k) ? row.at(k) : 0;
            deadlines[step] = r;
          }
          json money = json::object();
          for (const auto& [programme, tiyn] : t.assigned_by_programme)
            money[programme] = {{"assigned_tiyn", tiyn}, {"recipients", t.recipients_by_programme[programme]}};
          json out = {{"territory", ctx.actor.territory},
                      {"today", today.iso()},
                      {"from", from ? json((from)->iso()) : json(nullptr)},
                      {"to", to ? json((to)->iso()) : json(nullptr)},
                      {"complete", complete},
                      {"cases", t.cases},
                      {"by_state", t.by_state},
                      {"by_pack", t.by_pack},
                      {"by_channel", t.by_channel},
                      {"applied_by_programme", t.applied_by_programme},
                      {"received_by_month", t.received_by_month},
                      {"decisions_by_programme", decisions},
                      {"deadlines", deadlines},
                      {"assigned_by_programme", money},
                      {"assigned_by_month", t.assigned_by_month},
                      {"assigned_total_tiyn", t.assigned_total},
                      // Payments and the budget come with the payments module (issue 5); until
                      // then the page shows what is assigned only.
                      {"paid_total_tiyn", nullptr},
                      {"budget_tiyn", nullptr}};
          return json_response(200, out.dump());
        });
  };
}

}  // namespace komek::api
