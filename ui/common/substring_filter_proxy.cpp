// SPDX-License-Identifier: Apache-2.0
#include "common/substring_filter_proxy.h"

#include "common/model_roles.h"

namespace sluice::ui {

SubstringFilterProxy::SubstringFilterProxy(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(SortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setDynamicSortFilter(true);
}

void SubstringFilterProxy::setFilterText(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    invalidateFilter();
}

bool SubstringFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (!acceptsSourceRow(sourceRow, sourceParent))
        return false;
    if (m_text.isEmpty())
        return true;
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    return index.data(KeyRole).toString().contains(m_text, Qt::CaseInsensitive);
}

bool SubstringFilterProxy::acceptsSourceRow(int /*sourceRow*/, const QModelIndex& /*sourceParent*/) const
{
    return true;
}

} // namespace sluice::ui
