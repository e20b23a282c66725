// Every group of routes the API serves, each in its own file (routes_*.cpp), and what each
// needs. The `komek` executable (cli/wiring.cpp) is the only place that builds them all;
// tests build the ones they exercise. A handler calls the services named here, never a store
// port (DESIGN.md "Handlers call services").
#pragma once

#include <filesystem>
#include <string>

#include "api/app.hpp"
#include "api/auth.hpp"

namespace komek {
namespace cases {
class AssignmentService;
class CaseService;
class ComplaintService;
class ConsentService;
class DocumentService;
class MeService;
class OfferService;
}  // namespace cases
namespace notify {
class NoticeService;
}
namespace payments {
class PaymentService;
}
namespace rules {
class Library;
}
namespace social {
class SocialService;
}
namespace statistics {
class StatisticsService;
}
}  // namespace komek

namespace komek::api {

// Where the web interface's static files are (web/): served from here.
struct WebConfig {
  std::filesystem::path dir;  // the folder of index.html; empty: no pages are served
};

// Sign in and out (api/routes_sessions.cpp).
RouteModule session_routes(Authenticator& auth);
// The case workflow of SPEC §4-§7 (api/routes_cases.cpp).
RouteModule case_routes(cases::CaseService& service);
// The SPEC §13 journals over the reports module (api/routes_reports.cpp).
RouteModule report_routes(cases::CaseService& service);
// After the decision: assignments, terminations, registry events, holiday lists, complaints
// (api/routes_aftercare.cpp).
RouteModule aftercare_routes(cases::AssignmentService& assignments, cases::ComplaintService& complaints);
// The authorized body's dashboard (api/routes_dashboard.cpp).
RouteModule dashboard_routes(cases::CaseService& service);
// Documents on a case: upload, list with what is still to bring, download (api/routes_documents.cpp).
RouteModule document_routes(cases::DocumentService& documents);
// The applicant's "who read my data" and pre-filled application (api/routes_me.cpp).
RouteModule me_routes(cases::MeService& me);
// Special social services (api/routes_social.cpp).
RouteModule social_routes(social::SocialService& service);
// Payments through the State Corporation (api/routes_payments.cpp).
RouteModule payments_routes(payments::PaymentService& service);
// Notifications: the cabinet, printed notices, delivery states (api/routes_notify.cpp).
RouteModule notify_routes(notify::NoticeService& notices);
// Third-party status confirmation and proactive offers (api/routes_consent.cpp).
// With `notices`, a third party's view of its request says where the subject's SMS is
// (queued, sent, failed: issue 13 finding 6), so a message that cannot be delivered is seen.
RouteModule consent_routes(cases::ConsentService& consent, cases::OfferService& offers,
                           notify::NoticeService* notices = nullptr);
// The statistics bureau's regional figures: list, entry, CSV import, and the figures open
// cases will need (api/routes_statistics.cpp).
RouteModule statistics_routes(statistics::StatisticsService& stats, cases::CaseService& cases);
// The web interface's pages and the API routes its forms need (api/routes_web.cpp).
RouteModule web_routes(WebConfig config, cases::CaseService& service, const rules::Library& library);

}  // namespace komek::api
