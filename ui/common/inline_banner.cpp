// SPDX-License-Identifier: Apache-2.0
#include "common/inline_banner.h"

#include <QFontMetrics>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace sluice::ui {

namespace {

QString glyphFor(Health health)
{
    switch (health) {
    case Health::Ok:
        return QStringLiteral("\u2714");
    case Health::Warning:
        return QStringLiteral("\u26a0");
    case Health::Error:
        return QStringLiteral("\u2716");
    case Health::Neutral:
        break;
    }
    return QStringLiteral("\u2139");
}

} // namespace

InlineBanner::InlineBanner(QWidget* parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("inlineBanner"));
    setFrameShape(QFrame::StyledPanel);

    m_icon = new QLabel(this);
    m_icon->setAlignment(Qt::AlignTop | Qt::AlignHCenter);
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setObjectName(QStringLiteral("bannerMessage"));

    m_detailsToggle = new QToolButton(this);
    m_detailsToggle->setText(tr("Details"));
    m_detailsToggle->setCheckable(true);
    m_detailsToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_detailsToggle->setArrowType(Qt::RightArrow);
    m_detailsToggle->setAutoRaise(true);
    connect(m_detailsToggle, &QToolButton::toggled, this, &InlineBanner::setDetailsExpanded);

    m_retry = new QPushButton(tr("Retry"), this);
    m_retry->setObjectName(QStringLiteral("bannerRetry"));
    connect(m_retry, &QPushButton::clicked, this, &InlineBanner::retryRequested);

    m_details = new QPlainTextEdit(this);
    m_details->setReadOnly(true);
    m_details->setObjectName(QStringLiteral("bannerDetails"));
    m_details->setMaximumHeight(QFontMetrics(m_details->font()).lineSpacing() * 8);
    m_details->hide();

    auto* top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_icon, 0, Qt::AlignTop);
    top->addWidget(m_message, 1);
    top->addWidget(m_detailsToggle, 0, Qt::AlignTop);
    top->addWidget(m_retry, 0, Qt::AlignTop);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    layout->setSpacing(4);
    layout->addLayout(top);
    layout->addWidget(m_details);
    hide();
}

void InlineBanner::showMessage(Health health, const QString& message, const QString& detail, bool canRetry)
{
    m_health = health;
    m_icon->setText(glyphFor(health));
    m_message->setText(message);
    m_details->setPlainText(detail);
    m_detailsToggle->setVisible(!detail.isEmpty());
    if (detail.isEmpty())
        m_detailsToggle->setChecked(false);
    m_retry->setVisible(canRetry);
    setStyleSheet(QStringLiteral("#inlineBanner { background: %1; border: 1px solid %2; border-radius: 3px; }"
                                 "#inlineBanner QLabel { color: #202020; }")
                      .arg(healthTint(health).name(), healthBorder(health).name()));
    m_icon->setStyleSheet(QStringLiteral("color: %1; font-weight: bold;").arg(healthColor(health).name()));
    show();
}

void InlineBanner::clear()
{
    m_message->clear();
    m_details->clear();
    m_detailsToggle->setChecked(false);
    m_health = Health::Neutral;
    hide();
}

QString InlineBanner::message() const
{
    return m_message->text();
}
QString InlineBanner::detail() const
{
    return m_details->toPlainText();
}
bool InlineBanner::isRetryVisible() const
{
    return !m_retry->isHidden();
}

void InlineBanner::setDetailsExpanded(bool expanded)
{
    m_detailsToggle->setArrowType(expanded ? Qt::DownArrow : Qt::RightArrow);
    m_details->setVisible(expanded);
}

} // namespace sluice::ui
