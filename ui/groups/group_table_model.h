// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "common/keyed_table_model.h"
#include "common/state_palette.h"
#include "kafka/cluster_session.h"
#include "lag/verdict.h"
#include "lag/verdict_since.h"

#include <QList>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sluice::ui {

struct GroupRow {
    std::string groupId;
    std::string state;
    std::string protocolType;
    std::string assignor;
    bool isSimple = false;
    int members = 0;
    std::vector<std::string> topics;
    std::string error;
    // From the lag sampler; all unset until the group has been sampled.
    std::optional<lag::Verdict> verdict;
    lag::VerdictSince verdictSince; // since when the group has had `verdict` (the sampler's)
    std::optional<std::int64_t> totalLag; // unset when no partition has a commit
    std::optional<double> maxLagSeconds;
    bool maxLagSecondsIsLowerBound = false;
    std::optional<double> consumeRate; // records/s over the group's partitions
    int partitionsWithoutCommit = 0;
    QList<double> trend; // recent total lag, oldest first

    const std::string& key() const { return groupId; }
    friend bool operator==(const GroupRow&, const GroupRow&) = default;
};

// Consumer groups of one cluster, replaced in place from each snapshot.
//
// Lag, verdicts, since when each verdict holds and trends come from the lag sampler
// (setLagSnapshot), never from the metadata snapshot; rows without a lag sample show "—". The
// start of a verdict is the sampler's (it dates changes and, after a restart, takes them from
// the history store): this model only formats it. The trend keeps the last kTrendLength
// total-lag values of each group in memory (the charts read the history store); after a
// restart it starts from the stored refreshes the sampler replayed (storedTotalLag).
// A group that only the lag sampler knows (e.g. listed after the last metadata refresh) is
// shown too.
class GroupTableModel : public KeyedTableModel<GroupRow> {
    Q_OBJECT
public:
    enum Column {
        GroupId,
        Verdict,
        Since,
        Lag,
        LagSeconds,
        Trend,
        ConsumeRate,
        State,
        Type,
        Assignor,
        Members,
        Topics,
        ColumnCount
    };
    static constexpr int kTrendLength = 60;

    explicit GroupTableModel(QObject* parent = nullptr);

    void setSnapshot(const kafka::SnapshotPtr& snapshot);
    void setLagSnapshot(const kafka::LagSnapshotPtr& snapshot);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static GroupRow rowFor(const domain::ConsumerGroupInfo& group);
    // "14:02 (12 min)", "≤ 14:02 (≥ 12 min)" for a lower bound, a dash when there is no start.
    static QString sinceText(const lag::VerdictSince& since, std::chrono::system_clock::time_point now);

private:
    void rebuild();

    kafka::SnapshotPtr m_snapshot;
    kafka::LagSnapshotPtr m_lag;
    std::map<std::string, std::deque<double>, std::less<>> m_trends;
};

// Sorts worst first when sorted descending: verdict severity, then total lag.
qint64 verdictSortKey(const GroupRow& row);

// Colour of a group state: Stable is healthy, rebalancing is amber, Dead is red.
Health groupStateHealth(const std::string& state);

} // namespace sluice::ui
