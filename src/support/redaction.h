// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

namespace sluice::redaction {

// The text that replaces a secret wherever it would be shown or logged.
inline constexpr std::string_view kMask = "********";

// True for configuration keys whose values are secrets (passwords, tokens, keys),
// e.g. "sasl.password", "ssl.key.password", "sasl.oauthbearer.client.secret".
bool isSecretKey(std::string_view key);

// Value to show for key: the mask if the key is secret, the value otherwise.
std::string displayValue(std::string_view key, std::string_view value);

// Remember a resolved secret so that redact() can hide it wherever it appears later
// (log lines from librdkafka, error texts from brokers). Thread-safe. Values shorter
// than 4 characters are ignored: masking them would shred ordinary text.
void registerSecret(std::string_view secret);

// Replace every registered secret in text with kMask. Thread-safe.
std::string redact(std::string_view text);

// For tests: forget all registered secrets.
void clearRegisteredSecrets();

} // namespace sluice::redaction
