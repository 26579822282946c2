// SPDX-License-Identifier: Apache-2.0
#include "support/logging.h"

#include "support/redaction.h"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include <mutex>

namespace sluice::logging {
namespace {

// Hides registered secrets in each message before handing it to the real sinks.
class RedactingSink final : public spdlog::sinks::base_sink<std::mutex> {
public:
    void setTargets(std::vector<spdlog::sink_ptr> targets)
    {
        std::lock_guard lock(mutex_);
        m_targets = std::move(targets);
    }

protected:
    void sink_it_(const spdlog::details::log_msg& msg) override
    {
        const std::string clean = redaction::redact(std::string_view(msg.payload.data(), msg.payload.size()));
        spdlog::details::log_msg copy = msg;
        copy.payload = spdlog::string_view_t(clean.data(), clean.size());
        for (auto& target : m_targets) {
            if (target->should_log(copy.level))
                target->log(copy);
        }
    }
    void flush_() override
    {
        for (auto& target : m_targets)
            target->flush();
    }

private:
    std::vector<spdlog::sink_ptr> m_targets;
};

std::shared_ptr<RedactingSink> redactingSink()
{
    static auto sink = std::make_shared<RedactingSink>();
    return sink;
}

std::shared_ptr<spdlog::logger> area(const char* name)
{
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    if (auto existing = spdlog::get(name))
        return existing;
    auto logger = std::make_shared<spdlog::logger>(name, redactingSink());
    logger->set_level(spdlog::get_level());
    logger->flush_on(spdlog::level::warn);
    spdlog::register_logger(logger);
    return logger;
}

} // namespace

std::shared_ptr<spdlog::logger> kafka() { return area("kafka"); }
std::shared_ptr<spdlog::logger> rest() { return area("rest"); }
std::shared_ptr<spdlog::logger> lag() { return area("lag"); }
std::shared_ptr<spdlog::logger> decode() { return area("decode"); }
std::shared_ptr<spdlog::logger> replay() { return area("replay"); }
std::shared_ptr<spdlog::logger> config() { return area("config"); }
std::shared_ptr<spdlog::logger> ui() { return area("ui"); }
std::shared_ptr<spdlog::logger> app() { return area("app"); }

void installSinks(std::vector<spdlog::sink_ptr> sinks)
{
    redactingSink()->setTargets(std::move(sinks));
}

void setLevel(spdlog::level::level_enum level)
{
    spdlog::set_level(level);
    for (const char* name : {"kafka", "rest", "lag", "decode", "replay", "config", "ui", "app"})
        area(name)->set_level(level);
}

} // namespace sluice::logging
