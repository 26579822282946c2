// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QColor>

namespace sluice::ui {

// Colour is reserved for state: green is healthy, amber needs a look, red is broken.
// Foregrounds are dark enough to read on white; tints are for cell backgrounds.
enum class Health { Neutral, Ok, Warning, Error };

QColor healthColor(Health health); // text / dot colour
QColor healthTint(Health health); // light background for a highlighted cell or banner
QColor healthBorder(Health health); // banner border

} // namespace sluice::ui
