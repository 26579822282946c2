// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "common/substring_filter_proxy.h"

namespace sluice::ui {

// Topic configuration filter: name substring plus "overrides only", which hides entries that
// still have their default value (most of the ~40 entries a broker returns).
class ConfigFilterProxy : public SubstringFilterProxy {
    Q_OBJECT
public:
    explicit ConfigFilterProxy(QObject* parent = nullptr);

    bool showsOverridesOnly() const { return m_overridesOnly; }

public slots:
    void setOverridesOnly(bool overridesOnly);

protected:
    bool acceptsSourceRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    bool m_overridesOnly = false;
};

} // namespace sluice::ui
