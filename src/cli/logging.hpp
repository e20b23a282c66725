// Logs without personal data: every line goes through a sink that masks anything shaped
// like an IIN (twelve digits in a row) before it is written (RELIABILITY S3: 0 IINs in logs).
#pragma once

#include <string>

namespace komek::cli {

// "…900101300811…" → "…9001******11…"; other text unchanged.
std::string mask_iins(const std::string& text);

// Replaces spdlog's default logger with one writing to stderr through the masking sink.
void install_logging();

}  // namespace komek::cli
