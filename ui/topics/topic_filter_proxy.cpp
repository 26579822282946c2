// SPDX-License-Identifier: Apache-2.0
#include "topics/topic_filter_proxy.h"

#include "common/model_roles.h"

namespace sluice::ui {

TopicFilterProxy::TopicFilterProxy(QObject* parent)
    : SubstringFilterProxy(parent)
{
}

void TopicFilterProxy::setShowInternal(bool show)
{
    if (show == m_showInternal)
        return;
    m_showInternal = show;
    invalidateFilter();
}

bool TopicFilterProxy::acceptsSourceRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (m_showInternal)
        return true;
    return !sourceModel()->index(sourceRow, 0, sourceParent).data(IsInternalRole).toBool();
}

} // namespace sluice::ui
