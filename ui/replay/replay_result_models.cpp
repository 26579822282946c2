// SPDX-License-Identifier: Apache-2.0
#include "replay/replay_result_models.h"

#include "common/format.h"

#include <QDateTime>
#include <QJsonArray>

namespace sluice::ui {

namespace {

QVariant alignRight()
{
    return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
}

} // namespace

// ---- ReplayTargetModel ----

void ReplayTargetModel::setTargets(const std::map<std::string, std::map<std::int32_t, std::uint64_t>>& perTarget)
{
    beginResetModel();
    m_rows.clear();
    for (const auto& [topic, partitions] : perTarget) {
        for (const auto& [partition, records] : partitions)
            m_rows.push_back({ qs(topic), partition, records });
    }
    endResetModel();
}

int ReplayTargetModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ReplayTargetModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ReplayTargetModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows[static_cast<std::size_t>(index.row())];
    if (role == Qt::TextAlignmentRole && index.column() != Topic)
        return alignRight();
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Topic:
        return row.topic;
    case Partition:
        return row.partition;
    case Records:
        return formatCount(static_cast<std::int64_t>(row.records));
    default:
        return {};
    }
}

QVariant ReplayTargetModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Topic:
        return tr("Target topic");
    case Partition:
        return tr("Partition");
    case Records:
        return tr("Records");
    default:
        return {};
    }
}

// ---- ReplayOutcomeModel ----

void ReplayOutcomeModel::setOutcomes(std::vector<replay::RecordOutcome> outcomes)
{
    beginResetModel();
    m_rows = std::move(outcomes);
    endResetModel();
}

int ReplayOutcomeModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ReplayOutcomeModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ReplayOutcomeModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const replay::RecordOutcome& row = m_rows[static_cast<std::size_t>(index.row())];
    if (role == Qt::TextAlignmentRole && index.column() != Reason)
        return alignRight();
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case Partition:
        return row.partition;
    case Offset:
        return QString::number(row.offset);
    case Reason:
        return qs(row.reason);
    default:
        return {};
    }
}

QVariant ReplayOutcomeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Partition:
        return tr("Partition");
    case Offset:
        return tr("Offset");
    case Reason:
        return tr("Reason");
    default:
        return {};
    }
}

// ---- ReplaySampleModel ----

void ReplaySampleModel::setSample(std::vector<QJsonObject> sample)
{
    beginResetModel();
    m_rows = std::move(sample);
    endResetModel();
}

QString ReplaySampleModel::bytesText(const QJsonValue& value)
{
    if (value.isNull() || value.isUndefined())
        return QStringLiteral("null");
    const QJsonObject bytes = value.toObject();
    if (bytes.contains(QStringLiteral("text")))
        return bytes.value(QStringLiteral("text")).toString();
    return QStringLiteral("base64:") + bytes.value(QStringLiteral("base64")).toString();
}

int ReplaySampleModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ReplaySampleModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ReplaySampleModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    const QJsonObject& row = m_rows[static_cast<std::size_t>(index.row())];
    QString text;
    switch (index.column()) {
    case Source:
        text = row.value(QStringLiteral("source")).toString();
        break;
    case Target:
        text = QStringLiteral("%1 / %2")
                   .arg(row.value(QStringLiteral("topic")).toString())
                   .arg(row.value(QStringLiteral("partition")).toInt());
        break;
    case Timestamp:
        text = QDateTime::fromMSecsSinceEpoch(row.value(QStringLiteral("timestampMs")).toInteger(), Qt::UTC)
                   .toString(Qt::ISODateWithMs);
        break;
    case Key:
        text = bytesText(row.value(QStringLiteral("key")));
        break;
    case Value:
        text = bytesText(row.value(QStringLiteral("value")));
        break;
    case Headers: {
        QStringList parts;
        for (const QJsonValue& h : row.value(QStringLiteral("headers")).toArray()) {
            const QJsonObject header = h.toObject();
            parts << header.value(QStringLiteral("name")).toString() + QLatin1Char('=')
                    + bytesText(header.value(QStringLiteral("value")));
        }
        text = parts.join(role == Qt::ToolTipRole ? QStringLiteral("\n") : QStringLiteral(", "));
        break;
    }
    default:
        return {};
    }
    // Table cells stay short; the tooltip holds more.
    const qsizetype limit = role == Qt::ToolTipRole ? 4000 : 200;
    return text.size() > limit ? text.left(limit - 1) + QChar(0x2026) : text;
}

QVariant ReplaySampleModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Source:
        return tr("Dead letter");
    case Target:
        return tr("Sent to");
    case Timestamp:
        return tr("Timestamp (UTC)");
    case Key:
        return tr("Key");
    case Value:
        return tr("Value");
    case Headers:
        return tr("Headers");
    default:
        return {};
    }
}

} // namespace sluice::ui
