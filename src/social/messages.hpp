// The messages of special social services in kk/ru/en.
#pragma once

namespace komek::social {

// Registers the catalogue with core's renderer (once; cheap afterwards).
void ensure_social_messages();

}  // namespace komek::social
