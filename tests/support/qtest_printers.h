// SPDX-License-Identifier: Apache-2.0
#pragma once

// QCOMPARE printers for Sluice value types (found by argument-dependent lookup).

#include "domain/connection_state.h"
#include "support/error.h"

#include <QTest>

namespace sluice::domain {
inline char* toString(const ConnectionState& state)
{
    return qstrdup(std::string(sluice::domain::nameOf(state)).c_str());
}
} // namespace sluice::domain

namespace sluice {
inline char* toString(const ErrorKind& kind)
{
    return qstrdup(std::string(sluice::nameOf(kind)).c_str());
}
} // namespace sluice
