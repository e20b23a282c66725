// The web interface (issue 8): the static pages under web/ (no build step: plain ES modules,
// one CSS file, message files per language) and the few API routes the pages need beyond the
// case routes — the packs and programmes an applicant may apply for, the search by IIN or
// name (in a POST body: an IIN never goes into a URL, S6), and the rule engine's explanation
// of a case in the caller's language.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "api/router.hpp"
#include "api/routes.hpp"
#include "cases/service.hpp"
#include "core/iin.hpp"
#include "core/messages.hpp"
#include "rules/evaluate.hpp"
#include "rules/family.hpp"
#include "rules/json.hpp"
#include "rules/library.hpp"
#include "rules/vocabulary.hpp"

namespace komek::api {

namespace {

namespace fs = std::filesystem;


tl::unexpected<Error> field_error(const char* field, const char* key, std::vector<std::pair<std::string, std::string>> params) {
  Error e(ErrorCode::kInvalidInput, key, std::move(params));
  e.field = field;
  return tl::unexpected(e);
}

// ---- static files ---------------------------------------------------------------------

// The folders below web/ that are served; the router matches whole segments, so each
// folder has its own pattern. A new folder needs a line here.
const std::vector<std::string> kFolders = {"js", "i18n"};

const std::map<std::string, std::string>& content_types() {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},  {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},    {".json", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},              {".png", "image/png"},
      {".ico", "image/x-icon"},               {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"}};
  return kTypes;
}

// A plain file name: letters, digits, '-', '_' and one dot before a known extension. No
// "..", no slash, no hidden file: nothing outside the folder can be named (no traversal).
bool plain_name(const std::string& name) {
  if (name.empty() || name.size() > 64 || name.front() == '.') return false;
  if (std::count(name.begin(), name.end(), '.') != 1) return false;
  for (char ch : name)
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' || ch == '.')) return false;
  return content_types().count(fs::path(name).extension().string()) > 0;
}

Result<HttpResponse> serve_file(const fs::path& root, const std::string& folder, const std::string& name) {
  if (!plain_name(name)) return field_error("file", "web.file_name", {{"name", name.substr(0, 64)}});
  const fs::path path = folder.empty() ? root / name : root / folder / name;
  std::error_code ec;
  // Belt and braces: the resolved file must still be inside web/ (a symlink must not lead out).
  const fs::path real = fs::weakly_canonical(path, ec);
  const fs::path base = fs::weakly_canonical(root, ec);
  const std::string rel = real.lexically_relative(base).string();
  if (root.empty() || ec || rel.empty() || rel.rfind("..", 0) == 0 || !fs::is_regular_file(real, ec))
    return fail(ErrorCode::kNotFound, "http.not_found", {{"path", (folder.empty() ? "/" : "/" + folder + "/") + name}});
  std::ifstream in(real, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  HttpResponse r;
  r.status = 200;
  r.content_type = content_types().at(real.extension().string());
  r.body = text.str();
  return r;
}

// ---- search ---------------------------------------------------------------------------

// Lower case for Latin, Russian and Kazakh Cyrillic letters, so that a search by name finds
// "АЙГҮЛ" for "айгүл". Other characters are kept as they are.
std::u32string fold(std::string_view utf8) {
  std::u32string out;
  for (std::size_t i = 0; i < utf8.size();) {
    const auto b = static_cast<unsigned char>(utf8[i]);
    char32_t cp = b;
    std::size_t n = 1;
    if (b >= 0xF0 && i + 3 < utf8.size()) { cp = ((b & 0x07u) << 18) | ((utf8[i + 1] & 0x3Fu) << 12) | ((utf8[i + 2] & 0x3Fu) << 6) | (utf8[i + 3] & 0x3Fu); n = 4; }
    else if (b >= 0xE0 && i + 2 < utf8.size()) { cp = ((b & 0x0Fu) << 12) | ((utf8[i + 1] & 0x3Fu) << 6) | (utf8[i + 2] & 0x3Fu); n = 3; }
    else if (b >= 0xC0 && i + 1 < utf8.size()) { cp = ((b & 0x1Fu) << 6) | (utf8[i + 1] & 0x3Fu); n = 2; }
    i += n;
    if (cp >= U'A' && cp <= U'Z') cp += 0x20;
    else if (cp >= 0x0410 && cp <= 0x042F) cp += 0x20;            // А-Я
    else if (cp >= 0x0400 && cp <= 0x040F) cp += 0x50;            // Ё, І, …
    else if (((cp >= 0x048A && cp <= 0x04BF) || (cp >= 0x04D0 && cp <= 0x04FF)) && cp % 2 == 0) cp += 1;  // Ғ Қ Ң Ү Ұ Һ Ә Ө
    out.push_back(cp);
  }
  return out;
}

// The pack's termination grounds (001 §22) for the officer's and the recipient's forms: each
// with its clause, when payment stops, and the programmes — including those paid from lists
// without an application — that list it (the service refuses a ground its programme lacks).
json termination_grounds_json(const rules::Pack& pack, Lang lang) {
  json out = json::array();
  for (const auto& g : pack.termination_grounds) {
    json programmes = json::array();
    for (const auto& p : pack.programmes)
      if (std::find(p.termination_grounds.begin(), p.termination_grounds.end(), g.id) != p.termination_grounds.end())
        programmes.push_back(p.id);
    out.push_back({{"id", g.id},
                   {"title", g.titles.in(lang)},
                   {"cites", g.cites},
                   {"stops", g.stops == rules::StopRule::kSameDay ? "same_day" : "next_month"},
                   {"programmes", programmes}});
  }
  return out;
}

// The holidays and memorable days on which the pack pays from the registry's lists (001 §10,
// §25): the dates a holiday list can be made for, with the programmes paid on each.
json holiday_days_json(const rules::Pack& pack, Lang lang) {
  std::map<std::pair<int, int>, json> days;
  for (const auto& p : pack.programmes) {
    if (p.frequency.kind != rules::FrequencyKind::kHoliday || !p.without_application) continue;
    json& day = days[{p.frequency.month, p.frequency.day}];
    if (day.is_null()) {
      char date[6];
      std::snprintf(date, sizeof date, "%02d-%02d", p.frequency.month, p.frequency.day);
      day = {{"date", date}, {"occasion", p.frequency.occasion}, {"title", p.frequency.occasion_titles.in(lang)},
             {"programmes", json::array()}};
    }
    day["programmes"].push_back({{"id", p.id}, {"title", p.titles.in(lang)}, {"cites", p.cites}});
  }
  json out = json::array();
  for (auto& [when, day] : days) out.push_back(std::move(day));
  return out;
}

}  // namespace

RouteModule web_routes(WebConfig config, cases::CaseService& service, const rules::Library& library) {
  return [config = std::move(config), &service, &library](Router& router) {
    const fs::path root = config.dir;
    const Policy page = open_policy("anyone: the pages hold no data; the API behind them checks the session");
    router.add("GET", "/", "The web interface", page, {},
               [root](Context&) -> Result<HttpResponse> { return serve_file(root, "", "index.html"); });
    router.add("GET", "/{file}", "A file of the web interface (pages, style)", page, {},
               [root](Context& ctx) -> Result<HttpResponse> { return serve_file(root, "", ctx.params["file"]); });
    for (const auto& folder : kFolders)
      router.add("GET", "/" + folder + "/{file}", "A file of the web interface (" + folder + "/)", page, {},
                 [root, folder](Context& ctx) -> Result<HttpResponse> { return serve_file(root, folder, ctx.params["file"]); });

    router.add("GET", "/api/v1/packs", "Rule packs with their programmes, termination grounds and holiday days, the vocabulary of the forms and today's date, in the caller's language (the forms)",
               reads(roles::all(), "any signed-in user"), {}, [&library, &service](Context& ctx) -> Result<HttpResponse> {
                 json packs = json::array();
                 for (const auto& [id, p] : library.packs()) {
                   json programmes = json::array();
                   for (const auto& g : p.programmes) {
                     if (g.without_application) continue;  // paid from registry lists, not applied for (001 §10)
                     programmes.push_back({{"id", g.id},
                                           {"title", g.titles.in(ctx.lang)},
                                           {"kind", std::string(rules::programme_kind_name(g.kind))},
                                           {"cites", g.cites},
                                           {"requires", g.requires_programme}});
                   }
                   packs.push_back({{"id", id},
                                    {"title", p.titles.in(ctx.lang)},
                                    {"territory", p.territory ? json(p.territory->code()) : json(nullptr)},
                                    {"effective_from", p.effective_from.iso()},
                                    {"effective_to", p.effective_to ? json(p.effective_to->iso()) : json(nullptr)},
                                    {"programmes", programmes},
                                    {"termination_grounds", termination_grounds_json(p, ctx.lang)},
                                    {"holiday_days", holiday_days_json(p, ctx.lang)}});
                 }
                 // The words the forms offer (income types, facts, relations, statuses, plan
                 // measures), named in the caller's language.
                 auto words = [&ctx](const std::vector<rules::Term>& terms) {
                   json out = json::array();
                   for (const auto& t : terms) out.push_back({{"id", t.id}, {"name", t.name(ctx.lang)}});
                   return out;
                 };
                 const auto& v = library.vocabulary();
                 json vocabulary = {{"income_types", words(v.income_types())}, {"facts", words(v.facts())},
                                    {"relations", words(v.relations())}, {"statuses", words(v.statuses())},
                                    {"property_types", words(v.property_types())}, {"measures", words(v.measures())}};
                 return json_response(200, json{{"packs", packs}, {"vocabulary", vocabulary},
                                                     // the office's date: the application's date on the form
                                                     {"today", service.clock().now_local().date.iso()}}.dump());
               });

    router.add(
        "POST", "/api/v1/cases/search",
        "Find cases of the caller's territory by the applicant's IIN or name (in the body, never the URL); changes nothing "
        "but the access log",
        Policy{false, roles::kStaff, true, "staff of the territory"}, {"iin", "name"},
        [&service](Context& ctx) -> Result<HttpResponse> {
          // A read, but sent as POST so that the IIN stays out of URLs and logs; the key and
          // the anti-CSRF header are required like on every POST.
          KOMEK_CHECK(work::check_request_key(request_key(ctx)));
          KOMEK_TRY(body, Body::parse(ctx.request.body));
          KOMEK_TRY(iin, body.string("iin", false, 12));
          KOMEK_TRY(name, body.string("name", false, 200));
          KOMEK_CHECK(body.no_other_fields());
          if (iin.empty() && name.empty()) return field_error("iin", "web.search_empty", {});
          cases::CaseFilter f;
          f.limit = 500;
          if (!iin.empty()) {
            auto parsed = Iin::parse(iin);
            if (!parsed) {
              Error e = parsed.error();
              e.field = "iin";
              return tl::unexpected(e);
            }
            f.applicant_iin = iin;
          }
          const std::u32string needle = fold(name);
          if (!name.empty() && needle.size() < 2) return field_error("name", "web.search_name_short", {{"min", "2"}});
          KOMEK_TRY(list, service.list(ctx.actor, f));
          json found = json::array();
          for (const auto& c : list) {
            if (!needle.empty() && fold(c.applicant_name).find(needle) == std::u32string::npos) continue;
            // Each case shown is read through the service, so that it is in the access log (S3).
            auto read = service.read(ctx.actor, c.id, "POST /api/v1/cases/search");
            if (!read) continue;
            const cases::Deadline* d = read->deadline("decision");
            found.push_back({{"id", read->id},
                             {"number", read->number},
                             {"state", std::string(cases::state_name(read->state))},
                             {"pack", read->pack_id},
                             {"applicant_name", read->applicant_name},
                             {"registered_on", read->registered_on ? json(read->registered_on->iso()) : json(nullptr)},
                             {"decision_due", d && !d->done ? json(d->due.iso()) : json(nullptr)}});
            if (found.size() >= 50) break;
          }
          return json_response(200, json{{"cases", found}, {"complete", list.size() < 500}}.dump());
        });

    router.add(
        "GET", "/api/v1/cases/{id}/explanation",
        "The rule engine's reasoning on the case, step by step with citations, in the caller's language",
        reads(roles::all_but_third_party(), "staff of the territory; applicants: own"), {},
        [&service, &library](Context& ctx) -> Result<HttpResponse> {
          KOMEK_TRY(c, service.read(ctx.actor, ctx.params["id"], "GET /api/v1/cases/{id}/explanation"));
          if (c.evaluation_json.empty()) return fail(ErrorCode::kConflict, "web.not_evaluated");
          const json stored = json::parse(c.evaluation_json);
          // The stored evaluation is rendered in English; the same inputs are evaluated again
          // on the same date to render it in the caller's language. If the rules changed since
          // and the outcome differs, the stored English text is shown, and the answer says so.
          // With the parameters the case was evaluated with: the entered regional figures too.
          KOMEK_TRY(parameters, service.parameters_for(c.territory.region_number()));
          auto recomputed = [&]() -> std::optional<json> {
            auto pack = library.packs().find(c.pack_id);
            auto on = Date::parse(stored.value("date", ""));
            if (pack == library.packs().end() || !on) return std::nullopt;
            auto family = rules::read_family_json(c.family_json, library.vocabulary(), "case");
            if (!family) return std::nullopt;
            rules::EvaluationInput in{pack->second, parameters, library.income_rules(), *family, *on,
                                      &library.calendar(), true};
            auto ev = rules::evaluate(in);
            if (!ev) return std::nullopt;
            json again = rules::to_json(*ev, ctx.lang, true);
            if (again["programmes"].size() != stored["programmes"].size()) return std::nullopt;
            for (std::size_t i = 0; i < again["programmes"].size(); ++i)
              for (const char* k : {"id", "eligible", "amount_per_period_tiyn", "payments"})
                if (again["programmes"][i][k] != stored["programmes"][i][k]) return std::nullopt;
            return again;
          }();
          json out = recomputed ? *recomputed : stored;
          out["language"] = recomputed ? std::string(lang_code(ctx.lang)) : std::string("en");
          out["case"] = c.id;
          return json_response(200, out.dump());
        });
  };
}

}  // namespace komek::api
