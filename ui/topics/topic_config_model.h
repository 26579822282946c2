// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "common/keyed_table_model.h"
#include "domain/cluster_snapshot.h"

#include <string>

namespace sluice::ui {

struct ConfigRow {
    std::string name;
    std::string value; // already masked when isSensitive
    std::string source;
    bool isDefault = false;
    bool isSensitive = false;
    bool isReadOnly = false;

    const std::string& key() const { return name; }
    friend bool operator==(const ConfigRow&, const ConfigRow&) = default;
};

// Configuration entries of one topic (DescribeConfigs), live. Sensitive values are always
// shown masked, even if a broker sent them in clear.
class TopicConfigModel : public KeyedTableModel<ConfigRow> {
    Q_OBJECT
public:
    enum Column { Name, Value, Source, Default, ColumnCount };

    explicit TopicConfigModel(QObject* parent = nullptr);

    void setTopic(const domain::TopicInfo* topic);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "DYNAMIC_TOPIC_CONFIG" → "topic override" and so on; unknown sources pass through.
    static QString sourceText(const std::string& source);
};

} // namespace sluice::ui
