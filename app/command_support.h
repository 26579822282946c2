// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the headless commands (replay, reset-offsets, import) share: error output, JSON on
// stdout, and cancelling a long run on Ctrl-C / SIGTERM.

#include <QJsonObject>
#include <string>

namespace sluice::app {

// Prints "sluice: MESSAGE" on stderr and returns `code` (the command's exit code).
int fail(const std::string& message, int code = 1);

void printJson(const QJsonObject& json);

// While alive, SIGINT and SIGTERM call `cancel(target)`, which must only set an atomic
// flag (it runs in a signal handler). The previous handlers come back afterwards.
class CancelOnSignal {
public:
    CancelOnSignal(void* target, void (*cancel)(void*));
    ~CancelOnSignal();
    CancelOnSignal(const CancelOnSignal&) = delete;
    CancelOnSignal& operator=(const CancelOnSignal&) = delete;

    // For any object with a thread-safe cancel().
    template <typename T>
    explicit CancelOnSignal(T& runner)
        : CancelOnSignal(&runner, [](void* p) { static_cast<T*>(p)->cancel(); })
    {
    }

private:
    void (*m_previousInt)(int) = nullptr;
    void (*m_previousTerm)(int) = nullptr;
};

} // namespace sluice::app
