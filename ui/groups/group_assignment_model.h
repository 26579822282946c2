// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "common/keyed_table_model.h"
#include "domain/cluster_snapshot.h"

#include <string>

namespace sluice::ui {

struct AssignmentRow {
    domain::TopicPartition partition;
    std::string memberId;
    std::string clientId;
    std::string host;

    const domain::TopicPartition& key() const { return partition; }
    friend bool operator==(const AssignmentRow&, const AssignmentRow&) = default;
};

// Which member consumes which partition of a group: one row per assigned partition, sorted by
// topic and partition. The later lag issue adds committed offset and lag columns here too.
class GroupAssignmentModel : public KeyedTableModel<AssignmentRow> {
    Q_OBJECT
public:
    enum Column { Topic, Partition, MemberId, ClientId, Host, ColumnCount };

    explicit GroupAssignmentModel(QObject* parent = nullptr);

    void setGroup(const domain::ConsumerGroupInfo* group);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
};

} // namespace sluice::ui
