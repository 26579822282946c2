// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "common/state_palette.h"

#include <QFrame>

class QLabel;

namespace sluice::ui {

// One headline number with its caption ("Under-replicated  3"), coloured only by health.
class StatTile : public QFrame {
    Q_OBJECT
public:
    explicit StatTile(const QString& caption, QWidget* parent = nullptr);

    void setValue(const QString& value, Health health = Health::Neutral, const QString& toolTip = {});
    QString value() const;
    Health health() const { return m_health; }

private:
    QLabel* m_value = nullptr;
    QLabel* m_caption = nullptr;
    Health m_health = Health::Neutral;
};

} // namespace sluice::ui
