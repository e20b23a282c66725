// The batch module's messages (population files, CSV import, the generator) in kk/ru/en.
#pragma once

namespace komek::batch {

// Registers the batch catalogue with core's message renderer (once; cheap afterwards).
void ensure_batch_messages();

}  // namespace komek::batch
