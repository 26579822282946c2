// SPDX-License-Identifier: Apache-2.0
#include "topics/config_filter_proxy.h"

#include "common/model_roles.h"

namespace sluice::ui {

ConfigFilterProxy::ConfigFilterProxy(QObject* parent)
    : SubstringFilterProxy(parent)
{
}

void ConfigFilterProxy::setOverridesOnly(bool overridesOnly)
{
    if (overridesOnly == m_overridesOnly)
        return;
    m_overridesOnly = overridesOnly;
    invalidateFilter();
}

bool ConfigFilterProxy::acceptsSourceRow(int sourceRow, const QModelIndex& sourceParent) const
{
    return !m_overridesOnly || !sourceModel()->index(sourceRow, 0, sourceParent).data(IsDefaultRole).toBool();
}

} // namespace sluice::ui
