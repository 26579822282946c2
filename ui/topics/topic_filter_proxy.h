// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "common/substring_filter_proxy.h"

namespace sluice::ui {

// Topic list filter: name substring (case-insensitive) plus the "show internal topics" toggle.
class TopicFilterProxy : public SubstringFilterProxy {
    Q_OBJECT
public:
    explicit TopicFilterProxy(QObject* parent = nullptr);

    bool showsInternal() const { return m_showInternal; }

public slots:
    void setShowInternal(bool show);

protected:
    bool acceptsSourceRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    bool m_showInternal = false;
};

} // namespace sluice::ui
