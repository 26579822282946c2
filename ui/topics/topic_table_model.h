// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "common/keyed_table_model.h"
#include "kafka/cluster_session.h"

#include <QList>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>

namespace sluice::ui {

// One row of the topic list: what the table shows, precomputed from the snapshot.
struct TopicRow {
    std::string name;
    bool isInternal = false;
    int partitions = 0;
    int replicationFactor = 0;
    int underReplicated = 0;
    int offline = 0;
    std::optional<std::int64_t> records; // nullopt: watermarks not known
    std::optional<std::int64_t> retentionMs; // nullopt: configs not known; -1 unlimited
    std::string cleanupPolicy; // empty: configs not known
    std::string error; // metadata error for the topic
    // Records/s appended between the last two refreshes (high watermarks of every partition
    // known in both); nullopt until a second refresh has read them.
    std::optional<double> produceRate;
    QList<double> rateTrend; // production rates of the recent refreshes, oldest first

    const std::string& key() const { return name; }
    friend bool operator==(const TopicRow&, const TopicRow&) = default;
};

// Topic list of one cluster. Rows are replaced in place from each snapshot (see
// KeyedTableModel), so a live refresh keeps the user's selection and scroll position.
// Sort through SortRole (numbers as numbers); KeyRole is the topic name.
class TopicTableModel : public KeyedTableModel<TopicRow> {
    Q_OBJECT
public:
    enum Column {
        Name,
        Partitions,
        ReplicationFactor,
        UnderReplicated,
        Offline,
        Records,
        ProduceRate,
        RateTrend,
        Retention,
        CleanupPolicy,
        Internal,
        ColumnCount
    };

    explicit TopicTableModel(QObject* parent = nullptr);

    // Rows from the snapshot; production rates from it and the one before (same cluster).
    void setSnapshot(const kafka::SnapshotPtr& snapshot);
    static constexpr int kTrendLength = 60;

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static TopicRow rowFor(const domain::TopicInfo& topic);

private:
    void rebuild();
    QVariant display(const TopicRow& row, int column) const;
    QVariant sortValue(const TopicRow& row, int column) const;

    kafka::SnapshotPtr m_snapshot;
    std::map<std::string, double, std::less<>> m_rates; // from the last two snapshots
    std::map<std::string, std::deque<double>, std::less<>> m_trends;
};

} // namespace sluice::ui
