// Routes of notifications (docs/notifications.md): the applicant's portal cabinet, the printed
// notice of a decision (forms 5 and 6 as PDF), and the delivery states staff follow.
#include <filesystem>

#include "api/router.hpp"
#include "core/messages.hpp"
#include "notify/compose.hpp"
#include "notify/delivery.hpp"
#include "notify/messages.hpp"
#include "notify/pdf.hpp"
#include "rules/library.hpp"

namespace komek::api {
namespace {

using namespace roles;

json texts_json(const notify::Texts& t) { return {{"kk", t.kk}, {"ru", t.ru}, {"en", t.en}}; }

json notice_json(const notify::CabinetNotice& n) {
  return {{"id", n.id},
          {"kind", n.kind},
          {"case", n.case_id.empty() ? json(nullptr) : json(n.case_id)},
          {"ref", n.ref.empty() ? json(nullptr) : json(n.ref)},
          {"form", n.form.empty() ? json(nullptr) : json(n.form)},
          {"title", texts_json(n.title)},
          {"body", texts_json(n.body)},
          {"due_on", n.due_on ? json(n.due_on->iso()) : json(nullptr)},
          {"due_cites", n.due_cites.empty() ? json(nullptr) : json(n.due_cites)},
          {"delivered_at", n.delivered_at},
          {"delivered_on", n.delivered_on.iso()}};
}

json delivery_json(const notify::DeliveryView& d) {
  auto opt = [](const std::string& s) { return s.empty() ? json(nullptr) : json(s); };
  return {{"outbox_id", d.outbox_id},        {"topic", d.topic},
          {"outbox_status", d.outbox_status}, {"channel", opt(d.channel)},
          {"status", d.status},               {"attempts", d.attempts},
          {"last_error", opt(d.last_error)},  {"next_attempt_at", opt(d.next_attempt_at)},
          {"delivered_at", opt(d.delivered_at)}, {"delivered_on", opt(d.delivered_on)},
          {"due_on", opt(d.due_on)},          {"created_at", d.created_at}};
}

Error param_error(const char* key, const char* field, std::vector<std::pair<std::string, std::string>> params = {}) {
  Error e(ErrorCode::kInvalidInput, key, std::move(params));
  e.field = field;
  return e;
}

}  // namespace

RouteModule notify_routes(cases::CaseService& service, notify::NotificationStore& store, const rules::Library& library,
                          cases::UserStore& users) {
  return [&service, &store, &library, &users](Router& router) {
    notify::ensure_notify_messages();

    router.add("GET", "/api/v1/cabinet/notices",
               "The caller's portal cabinet: decision and other notices, in kk/ru/en, newest first (001 §19, 004 App 12)",
               reads(all_but_third_party(), "applicants: their own notices; staff see none here"), {},
               [&store](Context& ctx) -> Result<HttpResponse> {
                 // Staff have no cabinet; an applicant sees only the notices of their own IIN.
                 if (!ctx.actor.is_applicant() || ctx.actor.iin.empty())
                   return json_response(200, json{{"notices", json::array()}}.dump());
                 KOMEK_CHECK(store.log_access(work::AccessRecord{"", ctx.actor.login, work::subject_of(ctx.actor.iin),
                                                                    "cabinet", "GET /api/v1/cabinet/notices", ctx.actor.client,
                                                                    false}));
                 KOMEK_TRY(notices, store.cabinet(ctx.actor.iin, 200));
                 json list = json::array();
                 for (const auto& n : notices) list.push_back(notice_json(n));
                 return json_response(200, json{{"notices", list}}.dump());
               });

    router.add("GET", "/api/v1/cases/{id}/notice.pdf",
               "The printed notice of the decision: form 5 (granted) or 6 (refused, with reasons), ?lang=kk|ru",
               reads(all_but_third_party(), "staff of the case's territory; the applicant"), {},
               [&service, &library, &users](Context& ctx) -> Result<HttpResponse> {
                 std::string lang_text = ctx.request.param("lang");
                 if (lang_text.empty()) lang_text = "kk";
                 const auto lang = parse_lang(lang_text);
                 if (!lang || *lang == Lang::kEn)
                   return tl::unexpected(param_error("notify.pdf_lang", "lang", {{"value", lang_text.substr(0, 20)}}));
                 KOMEK_TRY(c, service.read(ctx.actor, ctx.params["id"], "GET /api/v1/cases/{id}/notice.pdf"));
                 const auto found = library.packs().find(c.pack_id);
                 const rules::Pack* pack = found == library.packs().end() ? nullptr : &found->second;
                 KOMEK_TRY(facts, notify::decision_facts(c, pack));
                 std::string officer = facts.officer;
                 if (auto user = users.find_user(facts.officer); user && *user && !(*user)->full_name.empty())
                   officer = (*user)->full_name;
                 KOMEK_TRY(pdf, notify::render_notice_pdf({c, facts, officer, *lang}, notify::kDefaultFontDir));
                 HttpResponse r;
                 r.status = 200;
                 r.content_type = "application/pdf";
                 r.body = std::move(pdf);
                 const std::string name = (c.number.empty() ? c.id : c.number) + "-form-" + facts.form + "-" +
                                          std::string(lang_code(*lang)) + ".pdf";
                 r.headers.emplace_back("Content-Disposition", "attachment; filename=\"notice-" + name + "\"");
                 return r;
               });

    router.add("GET", "/api/v1/notifications",
               "Delivery states of the notices of a case (?case=ID) or of another module's message (?ref=REF): "
               "cabinet and SMS, attempts, last error, next attempt",
               reads(kStaff, "staff; a case's deliveries only within the case's territory"), {},
               [&service, &store](Context& ctx) -> Result<HttpResponse> {
                 const std::string case_id = ctx.request.param("case");
                 const std::string ref = ctx.request.param("ref");
                 if (case_id.empty() == ref.empty()) return tl::unexpected(param_error("notify.filter_required", "case"));
                 if (case_id.size() > 64 || ref.size() > 200)
                   return tl::unexpected(param_error("http.field_too_long", case_id.empty() ? "ref" : "case",
                                                     {{"max", case_id.empty() ? "200" : "64"}}));
                 Result<std::vector<notify::DeliveryView>> views;
                 json out;
                 if (!case_id.empty()) {
                   // The case must be visible to the caller (404 otherwise); the read is logged.
                   KOMEK_CHECK(service.read(ctx.actor, case_id, "GET /api/v1/notifications"));
                   views = store.deliveries_of_case(case_id);
                   out["case"] = case_id;
                 } else {
                   views = store.deliveries_of_ref(ref);
                   out["ref"] = ref;
                 }
                 if (!views) return tl::unexpected(views.error());
                 json list = json::array();
                 for (const auto& v : *views) list.push_back(delivery_json(v));
                 out["deliveries"] = list;
                 return json_response(200, out.dump());
               });
  };
}

}  // namespace komek::api
