// SPDX-License-Identifier: Apache-2.0
#include "common/detail_page_parts.h"

#include <QCoreApplication>
#include <QLabel>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

namespace sluice::ui {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("DetailPage", text);
}

} // namespace

QLabel* sectionTitle(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

QString summaryItem(const QString& label, const QString& value, Health health)
{
    const QString escaped = value.toHtmlEscaped();
    const QString styled = health == Health::Neutral
        ? escaped
        : QStringLiteral("<span style=\"color:%1\">%2</span>").arg(healthColor(health).name(), escaped);
    return QStringLiteral("<span style=\"color:gray\">%1</span>&nbsp;<b>%2</b>").arg(label.toHtmlEscaped(), styled);
}

QString summaryLine(const QStringList& items)
{
    return items.join(QStringLiteral("&nbsp;&nbsp;&nbsp;"));
}

QWidget* titledPane(QWidget* title, QWidget* body, QWidget* parent)
{
    auto* widget = new QWidget(parent);
    auto* layout = new QVBoxLayout(widget);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(title);
    layout->addWidget(body, 1);
    return widget;
}

QString linkLine(const QString& caption, const QStringList& names, const QString& none)
{
    QStringList links;
    for (const QString& name : names)
        links << QStringLiteral("<a href=\"%1\">%2</a>")
                     .arg(QString::fromUtf8(QUrl::toPercentEncoding(name)), name.toHtmlEscaped());
    return QStringLiteral("<span style=\"color:gray\">%1</span>&nbsp;%2")
        .arg(caption.toHtmlEscaped(), links.isEmpty() ? none.toHtmlEscaped() : links.join(QStringLiteral(", ")));
}

QPushButton* makePinButton(QWidget* parent)
{
    auto* button = new QPushButton(tr("Pin to dashboard"), parent);
    button->setObjectName(QStringLiteral("pinToDashboard"));
    button->setCheckable(true);
    button->setToolTip(tr("Follow this on the cluster's incident dashboard"));
    QObject::connect(button, &QPushButton::toggled, button, [button](bool checked) { setPinned(button, checked); });
    return button;
}

void setPinned(QPushButton* button, bool pinned)
{
    button->setChecked(pinned);
    button->setText(pinned ? tr("Pinned to dashboard") : tr("Pin to dashboard"));
}

} // namespace sluice::ui
