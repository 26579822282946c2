// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <Qt>

namespace sluice::ui {

// Custom item roles shared by the table models and their proxies.
enum ModelRole {
    SortRole = Qt::UserRole + 1, // numeric or lower-cased value that sorts correctly
    KeyRole, // the row's identity (topic name, group id …) as QString
    IsInternalRole, // bool: an internal topic (hidden unless asked for)
    IsDefaultRole, // bool: a configuration entry that has its default value
};

} // namespace sluice::ui
