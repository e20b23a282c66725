// The accounting report of special social services (003 §14) as one table: section,
// category, form, service type (each code with its name in the reader's language), persons,
// planned, delivered, refused.
#pragma once

#include "core/lang.hpp"
#include "reports/table.hpp"
#include "social/catalogue.hpp"
#include "social/report.hpp"

namespace komek::reports {

Table social_report_table(const social::Catalogue& catalogue, const social::Report& report, Lang lang);

}  // namespace komek::reports
