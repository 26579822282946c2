// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "common/state_palette.h"

#include <QString>
#include <QStringList>

class QLabel;
class QPushButton;
class QWidget;

namespace sluice::ui {

// Pieces shared by the detail pages (topic, consumer group): a bold section title, one
// "label value" item of the summary line, a titled pane, a list of links to other objects and
// the "Pin to dashboard" button.

QLabel* sectionTitle(const QString& text, QWidget* parent);

// Rich text: the label in grey, the value in bold, coloured by its health unless neutral.
QString summaryItem(const QString& label, const QString& value, Health health = Health::Neutral);

// The items above joined with wide spaces, as one summary line.
QString summaryLine(const QStringList& items);

// A widget with `title` on top of `body` (which takes the remaining height).
QWidget* titledPane(QWidget* title, QWidget* body, QWidget* parent);

// Rich text: "<grey caption> a, b, c" where each name is a link whose target is the
// percent-encoded name (decode with QUrl::fromPercentEncoding); `none` when there are none.
QString linkLine(const QString& caption, const QStringList& names, const QString& none);

// A checkable "Pin to dashboard" button whose text follows its state; clicks emit clicked(bool).
QPushButton* makePinButton(QWidget* parent);
void setPinned(QPushButton* button, bool pinned);

} // namespace sluice::ui
