// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "common/keyed_table_model.h"
#include "kafka/cluster_session.h"

#include <chrono>
#include <map>
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
    bool lagSecondsIsExact = false; // read from the record at the committed offset, not interpolated
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

    // Rows of `group` in `snapshot`; none when either is missing. `sampledAt` is the sample's
    // time, against which exact record times are turned into seconds.
    void setGroup(const lag::LagGroupSnapshot* group,
        std::chrono::system_clock::time_point sampledAt = std::chrono::system_clock::now());
    // Record times at committed offsets (exact mode). Used for every row whose committed
    // offset is still the one that was read, until it moves; the other rows stay interpolated.
    void setExactTimes(const kafka::ExactLagAnswer& answer);
    int exactRowCount() const;

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct ExactTime {
        std::int64_t offset = 0; // the committed offset it was read at
        std::optional<std::int64_t> timestampMs; // unset: the group has read everything
    };
    void applyExact(std::vector<PartitionLagViewRow>& rows, std::int64_t nowMs);

    std::map<std::pair<std::string, std::int32_t>, ExactTime> m_exact;
    std::int64_t m_sampledAtMs = 0;
};

} // namespace sluice::ui
