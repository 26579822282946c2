// SPDX-License-Identifier: Apache-2.0
#pragma once

// The rate half of a topic's page: the production rate (records/s) between the last two
// metadata refreshes (every topic has one) and a chart of the topic's rate and each
// partition's over a chosen range (the same range bar as the group page, last 15 minutes
// by default), read from the history store on its thread. The history holds what the lag
// sampler recorded, i.e. partitions some consumer group commits on; for a topic no group
// reads the chart stays empty and a note says why.

#include "history/history_service.h"
#include "kafka/cluster_session.h"
#include "monitoring/chart_range_bar.h"
#include "monitoring/time_series_chart.h"

#include <QPointer>
#include <QWidget>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>

class QLabel;

namespace sluice::ui {

class TopicRatePanel : public QWidget {
    Q_OBJECT
public:
    static constexpr int kMaxPartitionSeries = 32; // more lines than this are unreadable

    // `history` may be null (no chart, a note says why); it must outlive the panel.
    TopicRatePanel(const QString& clusterName, history::HistoryService* history, QWidget* parent = nullptr);

    void setTopic(const QString& topic);
    void showLagSnapshot(const kafka::LagSnapshotPtr& snapshot);
    // Metadata refreshes of this cluster: the current rate compares the last two.
    void showClusterSnapshot(const kafka::SnapshotPtr& snapshot);

    TimeSeriesChart* rateChart() const { return m_chart; }
    QString rateText() const;
    QString noteText() const; // empty while no note shows
    std::uint64_t answeredQueries() const { return m_answered; }
    ChartRangeBar* rangeBar() const { return m_rangeBar; }
    // The clock used for "now" (tests pin it).
    void setNow(std::function<std::chrono::system_clock::time_point()> now) { m_rangeBar->setNow(std::move(now)); }

protected:
    void showEvent(QShowEvent* event) override;

private:
    void requestHistory();
    void showAnswer(const history::SeriesAnswerPtr& answer);
    void renderRate();

    QString m_clusterName;
    QString m_topic;
    QPointer<history::HistoryService> m_history;
    kafka::LagSnapshotPtr m_snapshot;
    kafka::SnapshotPtr m_clusterSnapshot;
    std::map<std::string, double, std::less<>> m_rates; // from the last two cluster snapshots
    std::uint64_t m_pending = 0;
    std::uint64_t m_answered = 0;
    ChartRangeBar* m_rangeBar = nullptr;
    QLabel* m_rate = nullptr;
    QLabel* m_note = nullptr;
    TimeSeriesChart* m_chart = nullptr;
};

} // namespace sluice::ui
