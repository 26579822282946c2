// SPDX-License-Identifier: Apache-2.0
#include "command_support.h"

#include <QJsonDocument>
#include <atomic>
#include <csignal>
#include <iostream>

namespace sluice::app {
namespace {

std::atomic<void*> g_target { nullptr };
std::atomic<void (*)(void*)> g_cancel { nullptr };

extern "C" void onCancelSignal(int)
{
    void* target = g_target.load();
    auto* cancel = g_cancel.load();
    if (target && cancel)
        cancel(target);
}

} // namespace

int fail(const std::string& message, int code)
{
    std::cerr << "sluice: " << message << '\n';
    return code;
}

void printJson(const QJsonObject& json)
{
    std::cout << QJsonDocument(json).toJson(QJsonDocument::Indented).toStdString() << std::flush;
}

CancelOnSignal::CancelOnSignal(void* target, void (*cancel)(void*))
{
    g_cancel = cancel;
    g_target = target;
    m_previousInt = std::signal(SIGINT, onCancelSignal);
    m_previousTerm = std::signal(SIGTERM, onCancelSignal);
}

CancelOnSignal::~CancelOnSignal()
{
    std::signal(SIGINT, m_previousInt == SIG_ERR ? SIG_DFL : m_previousInt);
    std::signal(SIGTERM, m_previousTerm == SIG_ERR ? SIG_DFL : m_previousTerm);
    g_target = nullptr;
    g_cancel = nullptr;
}

} // namespace sluice::app
