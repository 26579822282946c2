// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "common/state_palette.h"
#include "domain/connection_state.h"

#include <QIcon>
#include <QString>

namespace sluice::ui {

// How a cluster's connection state looks wherever it is shown (sidebar, status bar).
Health connectionHealth(domain::ConnectionState state);
QString connectionText(domain::ConnectionState state); // "connecting", "connected" …
QIcon statusDot(Health health); // small filled circle in the state colour

} // namespace sluice::ui
