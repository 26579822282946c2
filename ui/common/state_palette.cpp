// SPDX-License-Identifier: Apache-2.0
#include "common/state_palette.h"

#include <QPalette>

namespace sluice::ui {

QColor healthColor(Health health)
{
    switch (health) {
    case Health::Ok:
        return QColor(0x2e, 0x7d, 0x32);
    case Health::Warning:
        return QColor(0xa8, 0x5d, 0x00);
    case Health::Error:
        return QColor(0xc6, 0x28, 0x28);
    case Health::Neutral:
        break;
    }
    return QColor(0x75, 0x75, 0x75);
}

QColor healthTint(Health health)
{
    switch (health) {
    case Health::Ok:
        return QColor(0xe8, 0xf5, 0xe9);
    case Health::Warning:
        return QColor(0xff, 0xf3, 0xe0);
    case Health::Error:
        return QColor(0xfd, 0xec, 0xea);
    case Health::Neutral:
        break;
    }
    return QColor(0xf2, 0xf2, 0xf2);
}

QColor healthBorder(Health health)
{
    switch (health) {
    case Health::Ok:
        return QColor(0x81, 0xc7, 0x84);
    case Health::Warning:
        return QColor(0xff, 0xb7, 0x4d);
    case Health::Error:
        return QColor(0xe5, 0x73, 0x73);
    case Health::Neutral:
        break;
    }
    return QColor(0xbd, 0xbd, 0xbd);
}

} // namespace sluice::ui
