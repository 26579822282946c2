// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QWidget>

class QLabel;
class QToolButton;

namespace sluice::ui {

// Top line of a detail page: a back link to the list it came from, the object's name in
// large type, a small kind label ("topic", "consumer group") and room for tags.
class PageHeader : public QWidget {
    Q_OBJECT
public:
    PageHeader(const QString& backText, const QString& kind, QWidget* parent = nullptr);

    void setTitle(const QString& title);
    QString title() const;
    // Replaces the tags after the title (e.g. "internal"); each tag is text with a health colour.
    void setTag(const QString& text);

signals:
    void backRequested();

private:
    QToolButton* m_back = nullptr;
    QLabel* m_kind = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_tag = nullptr;
};

} // namespace sluice::ui
