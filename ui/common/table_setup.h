// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <initializer_list>

class QTableView;

namespace sluice::ui {

// One look for every data table: dense uniform rows, whole-row selection, no row numbers,
// interactive (never resize-to-contents) column widths given in average characters.
void setupDataTable(QTableView* table, std::initializer_list<int> columnWidthsInChars, bool sortable = true);

} // namespace sluice::ui
