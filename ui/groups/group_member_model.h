// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "common/keyed_table_model.h"
#include "domain/cluster_snapshot.h"

#include <string>
#include <vector>

namespace sluice::ui {

struct MemberRow {
    std::string memberId;
    std::string clientId;
    std::string host;
    std::vector<domain::TopicPartition> assignment; // sorted

    const std::string& key() const { return memberId; }
    friend bool operator==(const MemberRow&, const MemberRow&) = default;
};

// Members of one consumer group with what each was assigned, live.
class GroupMemberModel : public KeyedTableModel<MemberRow> {
    Q_OBJECT
public:
    enum Column { MemberId, ClientId, Host, PartitionCount, Assignment, ColumnCount };

    explicit GroupMemberModel(QObject* parent = nullptr);

    void setGroup(const domain::ConsumerGroupInfo* group);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "orders 0–2, 5 · payments 3" — one compact line per member.
    static QString assignmentText(const std::vector<domain::TopicPartition>& assignment);
};

} // namespace sluice::ui
