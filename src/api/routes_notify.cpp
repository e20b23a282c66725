// Routes of notifications (docs/notifications.md): the applicant's portal cabinet, the printed
// notice of a decision (forms 5 and 6 as PDF), and the delivery states staff follow.
#include <filesystem>

#include "api/router.hpp"
#include "api/routes.hpp"
#include "core/messages.hpp"
#include "notify/compose.hpp"
#include "notify/delivery.hpp"
#include "notify/notice_service.hpp"
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

RouteModule notify_routes(notify::NoticeService& notices) {
  return [&notices](Router& router) {

    router.add("GET", "/api/v1/cabinet/notices",
               "The caller's portal cabinet: decision and other notices, in kk/ru/en, newest first (001 §19, 004 App 12)",
               reads_personal(all_but_third_party(), "applicants: their own notices; staff see none here"), {},
               [&notices](Context& ctx) -> Result<HttpResponse> {
                 KOMEK_TRY(list, notices.cabinet(ctx.actor));
                 json out = json::array();
                 for (const auto& n : list) out.push_back(notice_json(n));
                 return json_response(200, json{{"notices", out}}.dump());
               });

    router.add("GET", "/api/v1/cases/{id}/notice.pdf",
               "The printed notice of the decision: form 5 (granted) or 6 (refused, with reasons), ?lang=kk|ru",
               reads_personal(all_but_third_party(), "staff of the case's territory; the applicant"), {},
               [&notices](Context& ctx) -> Result<HttpResponse> {
                 std::string lang_text = ctx.request.param("lang");
                 if (lang_text.empty()) lang_text = "kk";
                 const auto lang = parse_lang(lang_text);
                 if (!lang || *lang == Lang::kEn)
                   return tl::unexpected(param_error("notify.pdf_lang", "lang", {{"value", lang_text.substr(0, 20)}}));
                 KOMEK_TRY(notice, notices.printed_notice(ctx.actor, ctx.params["id"], *lang));
                 HttpResponse r;
                 r.status = 200;
                 r.content_type = "application/pdf";
                 r.body = std::move(notice.pdf);
                 r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + notice.file_name + "\"");
                 return r;
               });

    router.add("GET", "/api/v1/notifications",
               "Delivery states of the notices of a case (?case=ID) or of another module's message (?ref=REF): "
               "cabinet and SMS, attempts, last error, next attempt",
               reads(kStaff, "staff; a case's deliveries only within the case's territory"), {},
               [&notices](Context& ctx) -> Result<HttpResponse> {
                 const std::string case_id = ctx.request.param("case");
                 const std::string ref = ctx.request.param("ref");
                 if (case_id.empty() == ref.empty()) return tl::unexpected(param_error("notify.filter_required", "case"));
                 if (case_id.size() > 64 || ref.size() > 200)
                   return tl::unexpected(param_error("http.field_too_long", case_id.empty() ? "ref" : "case",
                                                     {{"max", case_id.empty() ? "200" : "64"}}));
                 Result<std::vector<notify::DeliveryView>> views;
                 json out;
                 if (!case_id.empty()) {
                   views = notices.deliveries_of_case(ctx.actor, case_id);
                   out["case"] = case_id;
                 } else {
                   views = notices.deliveries_of_ref(ref);
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
