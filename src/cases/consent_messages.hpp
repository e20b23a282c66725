// The messages of third-party status confirmation and proactive offers in kk/ru/en: errors,
// and the texts of the SMS and cabinet messages they send.
#pragma once

namespace komek::cases {

// Registers the catalogue with core's renderer (once; cheap afterwards).
void ensure_consent_messages();

}  // namespace komek::cases
