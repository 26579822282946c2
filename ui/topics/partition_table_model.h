// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "common/keyed_table_model.h"
#include "domain/cluster_snapshot.h"

#include <cstdint>
#include <string>
#include <vector>

namespace sluice::ui {

struct PartitionRow {
    std::int32_t partition = -1;
    std::int32_t leader = -1;
    std::vector<std::int32_t> replicas;
    std::vector<std::int32_t> isr;
    std::int64_t lowWatermark = -1;
    std::int64_t highWatermark = -1;
    std::string error;

    std::int32_t key() const { return partition; }
    bool isOffline() const { return leader < 0; }
    bool isUnderReplicated() const { return isr.size() < replicas.size(); }
    friend bool operator==(const PartitionRow&, const PartitionRow&) = default;
};

// Partitions of one topic, live: leader, replicas, ISR, watermarks and state per partition.
class PartitionTableModel : public KeyedTableModel<PartitionRow> {
    Q_OBJECT
public:
    enum Column { Partition, Leader, Replicas, Isr, LowWatermark, HighWatermark, Records, State, ColumnCount };

    explicit PartitionTableModel(QObject* parent = nullptr);

    // nullptr clears the table (topic gone or not known yet).
    void setTopic(const domain::TopicInfo* topic);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant display(const PartitionRow& row, int column) const;
    QVariant sortValue(const PartitionRow& row, int column) const;
};

} // namespace sluice::ui
