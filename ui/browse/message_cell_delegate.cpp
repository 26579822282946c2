// SPDX-License-Identifier: Apache-2.0
#include "browse/message_cell_delegate.h"

#include <QApplication>
#include <QFontInfo>
#include <QFontMetrics>
#include <QPainter>
#include <QStyle>
#include <algorithm>

namespace sluice::ui {

bool MessageCellDelegate::isFixedPitch(const QFont& font) const
{
    if (font != m_pitchFont) {
        m_pitchFont = font;
        m_isFixedPitch = QFontInfo(font).fixedPitch();
    }
    return m_isFixedPitch;
}

void MessageCellDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget* widget = opt.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    // Background, alternate rows and selection as the style draws them.
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, widget);
    if (opt.text.isEmpty())
        return;

    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    const QRect textRect = opt.rect.adjusted(margin, 0, -margin, 0);
    if (textRect.width() <= 0)
        return;
    const QFontMetrics metrics(opt.font);
    QString text = opt.text;
    const int charWidth = std::max(1, metrics.averageCharWidth());
    if (isFixedPitch(opt.font)) {
        // Offsets, timestamps, keys and values: every glyph as wide as the average one, so
        // the cut is plain arithmetic and the text is shaped once, when drawn.
        const qsizetype fits = textRect.width() / charWidth;
        if (text.size() > fits) {
            text.truncate(std::max<qsizetype>(0, fits - 1));
            text += QChar(0x2026);
        }
    } else {
        // No glyph is narrower than a third of the average one in the fonts we use: anything
        // beyond that many characters cannot be visible and need not be shaped.
        const qsizetype visibleChars = 3 * textRect.width() / charWidth + 2;
        if (text.size() > visibleChars) {
            text.truncate(visibleChars);
            text += QChar(0x2026);
        }
        text = metrics.elidedText(text, opt.textElideMode, textRect.width());
    }

    const bool selected = opt.state.testFlag(QStyle::State_Selected);
    const QPalette::ColorGroup group = !opt.state.testFlag(QStyle::State_Enabled) ? QPalette::Disabled
        : opt.state.testFlag(QStyle::State_Active)                                ? QPalette::Active
                                                                                  : QPalette::Inactive;
    painter->save();
    painter->setFont(opt.font);
    painter->setPen(opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text));
    painter->drawText(textRect, static_cast<int>(opt.displayAlignment) | Qt::TextSingleLine, text);
    painter->restore();
}

} // namespace sluice::ui
