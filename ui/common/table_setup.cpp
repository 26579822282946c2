// SPDX-License-Identifier: Apache-2.0
#include "common/table_setup.h"

#include <QFontMetrics>
#include <QHeaderView>
#include <QTableView>

namespace sluice::ui {

void setupDataTable(QTableView* table, std::initializer_list<int> columnWidthsInChars, bool sortable)
{
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    table->setTextElideMode(Qt::ElideMiddle);
    table->setShowGrid(false);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    table->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    table->setSortingEnabled(sortable);

    const QFontMetrics metrics(table->font());
    QHeaderView* rows = table->verticalHeader();
    rows->setVisible(false);
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(metrics.height() + 8);
    rows->setMinimumSectionSize(metrics.height() + 4);

    QHeaderView* columns = table->horizontalHeader();
    columns->setSectionResizeMode(QHeaderView::Interactive);
    columns->setHighlightSections(false);
    columns->setStretchLastSection(true);
    columns->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    const int charWidth = metrics.averageCharWidth();
    int column = 0;
    for (int chars : columnWidthsInChars)
        columns->resizeSection(column++, chars * charWidth + 16);
}

} // namespace sluice::ui
