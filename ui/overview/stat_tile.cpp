// SPDX-License-Identifier: Apache-2.0
#include "overview/stat_tile.h"

#include "common/format.h"

#include <QLabel>
#include <QVBoxLayout>

namespace sluice::ui {

StatTile::StatTile(const QString& caption, QWidget* parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("statTile"));
    setFrameShape(QFrame::StyledPanel);
    m_value = new QLabel(unknownText(), this);
    QFont font = numberFont();
    font.setPointSizeF(font.pointSizeF() * 1.6);
    font.setBold(true);
    m_value->setFont(font);
    m_value->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_caption = new QLabel(caption, this);
    m_caption->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_caption->setStyleSheet(QStringLiteral("color: palette(mid);"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 6, 12, 6);
    layout->setSpacing(0);
    layout->addWidget(m_value);
    layout->addWidget(m_caption);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void StatTile::setValue(const QString& value, Health health, const QString& toolTip)
{
    m_health = health;
    m_value->setText(value);
    setToolTip(toolTip);
    if (health == Health::Neutral || health == Health::Ok) {
        m_value->setStyleSheet(QString());
        setStyleSheet(QString());
    } else {
        m_value->setStyleSheet(QStringLiteral("color: %1;").arg(healthColor(health).name()));
        setStyleSheet(QStringLiteral("#statTile { background: %1; border: 1px solid %2; border-radius: 3px; }")
                          .arg(healthTint(health).name(), healthBorder(health).name()));
    }
}

QString StatTile::value() const
{
    return m_value->text();
}

} // namespace sluice::ui
