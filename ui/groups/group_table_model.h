// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "common/keyed_table_model.h"
#include "common/state_palette.h"
#include "kafka/cluster_session.h"

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

    const std::string& key() const { return groupId; }
    friend bool operator==(const GroupRow&, const GroupRow&) = default;
};

// Consumer groups of one cluster, replaced in place from each snapshot.
//
// Lag seam: lag, verdicts and trends come from src/lag/ (a later issue), not from the
// snapshot. They plug in here as extra columns placed between Topics and ColumnCount
// (e.g. LagMessages, LagSeconds, Verdict), fed by a per-group summary keyed by group id that
// the lag sampler publishes; rows without a summary show "—". Until that exists this model has
// no lag columns at all: it never derives or guesses a lag value from the snapshot.
class GroupTableModel : public KeyedTableModel<GroupRow> {
    Q_OBJECT
public:
    enum Column { GroupId, State, Type, Assignor, Members, Topics, /* lag columns go here */ ColumnCount };

    explicit GroupTableModel(QObject* parent = nullptr);

    void setSnapshot(const kafka::SnapshotPtr& snapshot);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static GroupRow rowFor(const domain::ConsumerGroupInfo& group);
};

// Colour of a group state: Stable is healthy, rebalancing is amber, Dead is red.
Health groupStateHealth(const std::string& state);

} // namespace sluice::ui
