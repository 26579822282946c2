// SPDX-License-Identifier: Apache-2.0
#pragma once

// The small, bounded tables of the replay wizard: records per target topic and partition,
// records with a reason (skipped, failed, verification problems; the core lists at most
// kListLimit of each) and the sample of records as they will be sent. Each is reset as a
// whole when a new dry run or report arrives.

#include "replay/replay_engine.h"

#include <QAbstractTableModel>
#include <QJsonObject>
#include <vector>

namespace sluice::ui {

// Records per target topic and partition, from a dry run.
class ReplayTargetModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Topic, Partition, Records, ColumnCount };
    using QAbstractTableModel::QAbstractTableModel;

    void setTargets(const std::map<std::string, std::map<std::int32_t, std::uint64_t>>& perTarget);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row {
        QString topic;
        std::int32_t partition = -1;
        std::uint64_t records = 0;
    };
    std::vector<Row> m_rows;
};

// Source records with a reason: skipped, failed, or found wrong by the verification.
class ReplayOutcomeModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Partition, Offset, Reason, ColumnCount };
    using QAbstractTableModel::QAbstractTableModel;

    void setOutcomes(std::vector<replay::RecordOutcome> outcomes);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<replay::RecordOutcome> m_rows;
};

// The dry run's sample: each record as it will be sent (target, timestamp, key, value,
// headers), from the engine's JSON form ({"text": …} or {"base64": …} or null for bytes).
class ReplaySampleModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Source, Target, Timestamp, Key, Value, Headers, ColumnCount };
    using QAbstractTableModel::QAbstractTableModel;

    void setSample(std::vector<QJsonObject> sample);
    // Cell text of a byte field of the engine's JSON: text, "base64:…" or "null".
    static QString bytesText(const QJsonValue& value);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<QJsonObject> m_rows;
};

} // namespace sluice::ui
