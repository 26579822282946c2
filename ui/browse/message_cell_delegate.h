// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QFont>
#include <QStyledItemDelegate>

namespace sluice::ui {

// Paints the message table's cells with one elided drawText per cell. The stock delegate
// lays each cell's text out three times (size, elision, drawing) through QTextLayout, and
// text shaping was most of the GUI thread's time while a scan streams in and the user
// scrolls (B3). Text is cut to what the cell can show before it is shaped at all.
// Single-line, no icons, no check boxes, no editing: what the message table needs.
class MessageCellDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    bool isFixedPitch(const QFont& font) const; // cached for the last font asked about

    mutable QFont m_pitchFont;
    mutable bool m_isFixedPitch = false;
};

} // namespace sluice::ui
