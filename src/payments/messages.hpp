// The payments module's messages in kk/ru/en.
#pragma once

namespace komek::payments {

// Registers the catalogue with core's renderer (once; cheap afterwards).
void ensure_payments_messages();

}  // namespace komek::payments
