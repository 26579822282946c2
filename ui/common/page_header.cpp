// SPDX-License-Identifier: Apache-2.0
#include "common/page_header.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace sluice::ui {

PageHeader::PageHeader(const QString& backText, const QString& kind, QWidget* parent)
    : QWidget(parent)
{
    m_back = new QToolButton(this);
    m_back->setText(QStringLiteral("\u2039 ") + backText);
    m_back->setAutoRaise(true);
    m_back->setToolTip(tr("Back to %1 (Alt+Left)").arg(backText));
    m_back->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Left));
    connect(m_back, &QToolButton::clicked, this, &PageHeader::backRequested);

    m_kind = new QLabel(kind, this);
    m_kind->setStyleSheet(QStringLiteral("color: palette(mid);"));
    m_title = new QLabel(this);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont font = m_title->font();
    font.setPointSizeF(font.pointSizeF() * 1.5);
    font.setBold(true);
    m_title->setFont(font);
    m_tag = new QLabel(this);
    m_tag->setStyleSheet(QStringLiteral(
        "QLabel { color: palette(mid); border: 1px solid palette(mid); border-radius: 3px; padding: 0 4px; }"));
    m_tag->hide();

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_back);
    layout->addSpacing(8);
    layout->addWidget(m_kind, 0, Qt::AlignBaseline);
    layout->addWidget(m_title, 0, Qt::AlignBaseline);
    layout->addWidget(m_tag, 0, Qt::AlignVCenter);
    layout->addStretch(1);
}

void PageHeader::setTitle(const QString& title)
{
    m_title->setText(title);
}
QString PageHeader::title() const
{
    return m_title->text();
}

void PageHeader::setTag(const QString& text)
{
    m_tag->setText(text);
    m_tag->setVisible(!text.isEmpty());
}

} // namespace sluice::ui
