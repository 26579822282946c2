// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <spdlog/logger.h>

#include <memory>
#include <vector>

namespace sluice::logging {

// One named logger per area. Core code asks for its logger here and never configures sinks;
// only app/ calls installSinks(). Every logger writes through a redacting sink, so secrets
// registered with redaction::registerSecret() never reach a log line.
std::shared_ptr<spdlog::logger> kafka();
std::shared_ptr<spdlog::logger> rest();
std::shared_ptr<spdlog::logger> lag();
std::shared_ptr<spdlog::logger> decode();
std::shared_ptr<spdlog::logger> replay();
std::shared_ptr<spdlog::logger> config();
std::shared_ptr<spdlog::logger> ui();
std::shared_ptr<spdlog::logger> app();

// Replace the sinks behind every area logger (existing and future). Thread-safe.
void installSinks(std::vector<spdlog::sink_ptr> sinks);

// Set the level of every area logger.
void setLevel(spdlog::level::level_enum level);

} // namespace sluice::logging
