// SPDX-License-Identifier: Apache-2.0
#include "topics/topic_config_model.h"

#include "common/format.h"
#include "common/model_roles.h"
#include "common/state_palette.h"
#include "support/redaction.h"

#include <QFont>
#include <algorithm>

namespace sluice::ui {

namespace {

bool isMasked(const ConfigRow& row)
{
    return row.isSensitive || redaction::isSecretKey(row.name);
}

} // namespace

TopicConfigModel::TopicConfigModel(QObject* parent)
    : KeyedTableModel<ConfigRow>(parent)
{
}

void TopicConfigModel::setTopic(const domain::TopicInfo* topic)
{
    std::vector<ConfigRow> rows;
    if (topic) {
        rows.reserve(topic->configs.size());
        for (const domain::ConfigEntry& c : topic->configs)
            rows.push_back({ c.name, c.value, c.source, c.isDefault, c.isSensitive, c.isReadOnly });
        std::sort(rows.begin(), rows.end(), [](const ConfigRow& a, const ConfigRow& b) { return a.name < b.name; });
    }
    replaceRows(std::move(rows));
}

int TopicConfigModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString TopicConfigModel::sourceText(const std::string& source)
{
    if (source == "DYNAMIC_TOPIC_CONFIG")
        return tr("topic override");
    if (source == "DYNAMIC_BROKER_CONFIG")
        return tr("broker (dynamic)");
    if (source == "DYNAMIC_DEFAULT_BROKER_CONFIG")
        return tr("cluster default (dynamic)");
    if (source == "STATIC_BROKER_CONFIG")
        return tr("broker (server.properties)");
    if (source == "DEFAULT_CONFIG")
        return tr("Kafka default");
    if (source.empty())
        return unknownText();
    return qs(source);
}

QVariant TopicConfigModel::data(const QModelIndex& index, int role) const
{
    const ConfigRow* row = rowAt(index.row());
    if (!row || index.column() < 0 || index.column() >= ColumnCount)
        return {};
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
    case SortRole:
        switch (column) {
        case Name:
            return qs(row->name);
        case Value:
            if (isMasked(*row))
                return QString::fromLatin1(redaction::kMask.data(), static_cast<qsizetype>(redaction::kMask.size()));
            return role == SortRole ? qs(row->value) : configValueText(row->name, row->value);
        case Source:
            return sourceText(row->source);
        case Default:
            return row->isDefault ? tr("default") : QString();
        default:
            return {};
        }
    case KeyRole:
        return qs(row->name);
    case IsDefaultRole:
        return row->isDefault;
    case Qt::FontRole:
        if (column == Value)
            return numberFont();
        return {};
    case Qt::ForegroundRole:
        if (row->isDefault)
            return healthColor(Health::Neutral);
        return {};
    case Qt::ToolTipRole:
        if (column == Source)
            return qs(row->source);
        if (column == Value && isMasked(*row))
            return tr("Sensitive value, never shown");
        if (column == Value)
            return qs(row->value);
        return {};
    default:
        return {};
    }
}

QVariant TopicConfigModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Name");
    case Value:
        return tr("Value");
    case Source:
        return tr("Source");
    case Default:
        return tr("Default");
    default:
        return {};
    }
}

} // namespace sluice::ui
