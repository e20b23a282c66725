// The texts of notifications (cabinet notices, SMS, printed forms 5 and 6) and of their
// errors, in kk/ru/en. The wording of the notices is Komek's: the seeds name forms 5 and 6
// of the Model Rules (001 §19) without reproducing them, so the texts live here, where a
// lawyer can change them without touching the code that fills them in.
#pragma once

namespace komek::notify {

// Registers the catalogue with core's renderer (once; cheap afterwards).
void ensure_notify_messages();

}  // namespace komek::notify
