#include "registry/messages.hpp"

#include "core/messages.hpp"
#include "registry/query.hpp"
#include "registry/snapshot.hpp"

namespace komek::registry {

std::string describe_missing(const MissingItem& item, Lang lang) {
  const std::string person = item.person.masked();
  const std::string query = query_title(item.query, lang);
  if (item.reason == MissingReason::kUnavailable) {
    const std::string reason = item.error ? render(*item.error, lang) : std::string(query_holder(item.query));
    return render_message("registry.missing.unavailable", {{"person", person}, {"query", query}, {"reason", reason}},
                          lang);
  }
  if (!item.document)
    return render_message("registry.missing.no_data_no_document", {{"person", person}, {"query", query}}, lang);
  return render_message("registry.missing.no_data",
                        {{"person", person}, {"query", query}, {"document", document_title(*item.document, lang)}},
                        lang);
}

}  // namespace komek::registry
