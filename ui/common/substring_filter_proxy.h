// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QSortFilterProxyModel>

namespace sluice::ui {

// Sort/filter proxy for the bounded snapshot tables (a few thousand rows at most): keeps rows
// whose KeyRole contains the filter text (case-insensitive) and sorts by SortRole, so numbers
// sort as numbers. Subclasses add further row conditions through acceptsSourceRow().
class SubstringFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit SubstringFilterProxy(QObject* parent = nullptr);

    QString filterText() const { return m_text; }

public slots:
    void setFilterText(const QString& text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    // Extra condition besides the text filter; default accepts everything.
    virtual bool acceptsSourceRow(int sourceRow, const QModelIndex& sourceParent) const;

private:
    QString m_text;
};

} // namespace sluice::ui
