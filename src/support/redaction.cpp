// SPDX-License-Identifier: Apache-2.0
#include "support/redaction.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <mutex>
#include <set>

namespace sluice::redaction {
namespace {

std::mutex g_mutex;
std::set<std::string> g_secrets;

std::string lower(std::string_view text)
{
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

} // namespace

bool isSecretKey(std::string_view key)
{
    static constexpr std::array<std::string_view, 7> kMarkers{
        "password", "secret", "token", "credential", "sasl.jaas.config", "ssl.key.pem", "private",
    };
    const std::string k = lower(key);
    return std::any_of(kMarkers.begin(), kMarkers.end(), [&](std::string_view m) { return k.find(m) != std::string::npos; });
}

std::string displayValue(std::string_view key, std::string_view value)
{
    if (isSecretKey(key) && !value.empty())
        return std::string(kMask);
    return std::string(value);
}

void registerSecret(std::string_view secret)
{
    if (secret.size() < 4)
        return;
    std::lock_guard lock(g_mutex);
    g_secrets.emplace(secret);
}

std::string redact(std::string_view text)
{
    std::string out(text);
    std::lock_guard lock(g_mutex);
    for (const std::string& secret : g_secrets) {
        std::size_t pos = 0;
        while ((pos = out.find(secret, pos)) != std::string::npos) {
            out.replace(pos, secret.size(), kMask);
            pos += kMask.size();
        }
    }
    return out;
}

void clearRegisteredSecrets()
{
    std::lock_guard lock(g_mutex);
    g_secrets.clear();
}

} // namespace sluice::redaction
