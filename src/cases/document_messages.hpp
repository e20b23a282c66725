// The messages of documents on a case in kk/ru/en.
#pragma once

namespace komek::cases {

// Registers the catalogue with core's renderer (once; cheap afterwards).
void ensure_document_messages();

}  // namespace komek::cases
