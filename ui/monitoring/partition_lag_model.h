// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "common/keyed_table_model.h"
#include "kafka/cluster_session.h"

#include <optional>
#include <string>
#include <utility>

namespace sluice::ui {

struct PartitionLagViewRow {
    std::string topic;
    std::int32_t partition = 0;
    std::optional<std::int64_t> committed; // unset: no commit
    std::int64_t end = 0;
    std::optional<std::int64_t> lag;
    std::optional<double> lagSeconds;
    bool lagSecondsIsLowerBound = false;
    std::optional<double> consumeRate;
    std::optional<double> produceRate;
    lag::Verdict verdict = lag::Verdict::Ok;
    std::string reason;
    std::string client;

    std::pair<std::string, std::int32_t> key() const { return { topic, partition }; }
    friend bool operator==(const PartitionLagViewRow&, const PartitionLagViewRow&) = default;
};

// Per-partition lag of one group from the latest lag sample: partition, committed, end, lag,
// lag seconds, consume and produce rates, verdict, owning client.
class PartitionLagModel : public KeyedTableModel<PartitionLagViewRow> {
    Q_OBJECT
public:
    enum Column {
        Topic,
        Partition,
        Committed,
        End,
        Lag,
        LagSeconds,
        ConsumeRate,
        ProduceRate,
        Verdict,
        Client,
        ColumnCount
    };

    explicit PartitionLagModel(QObject* parent = nullptr);

    // Rows of `group` in `snapshot`; none when either is missing.
    void setGroup(const lag::LagGroupSnapshot* group);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
};

} // namespace sluice::ui
