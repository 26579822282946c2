// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "common/keyed_table_model.h"
#include "kafka/cluster_session.h"

#include <cstdint>
#include <string>

namespace sluice::ui {

struct BrokerRow {
    std::int32_t id = -1;
    std::string host;
    int port = 0;
    std::string rack;
    bool isController = false;
    int leaderPartitions = 0; // partitions this broker leads

    std::int32_t key() const { return id; }
    friend bool operator==(const BrokerRow&, const BrokerRow&) = default;
};

// Brokers of one cluster as the last metadata answer listed them.
class BrokerTableModel : public KeyedTableModel<BrokerRow> {
    Q_OBJECT
public:
    enum Column { Id, Address, Rack, Leaders, Role, ColumnCount };

    explicit BrokerTableModel(QObject* parent = nullptr);

    void setSnapshot(const kafka::SnapshotPtr& snapshot);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
};

} // namespace sluice::ui
