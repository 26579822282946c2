// SPDX-License-Identifier: Apache-2.0
#pragma once

// The lag half of a consumer group's page: a verdict summary, lag and rate charts over a
// chosen range (read from the history store on its thread), and per-partition lag from the
// latest sample.

#include "history/history_service.h"
#include "kafka/cluster_session.h"
#include "monitoring/chart_range_bar.h"
#include "monitoring/time_series_chart.h"

#include <QPointer>
#include <QWidget>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>

class QLabel;
class QTableView;
class QTimer;

namespace sluice::ui {

class PartitionLagModel;

class GroupLagPanel : public QWidget {
    Q_OBJECT
public:
    using Range = ChartRangeBar::Range;

    // `history` may be null (no charts, a note says why); it must outlive the panel.
    GroupLagPanel(const QString& clusterName, history::HistoryService* history, QWidget* parent = nullptr);

    void setGroup(const QString& groupId);
    void showLagSnapshot(const kafka::LagSnapshotPtr& snapshot);
    // Where exact lag seconds come from: after each sample, the records at the committed
    // offsets of the partitions visible in the table are read through the session (null:
    // interpolated seconds only).
    void setExactLagSource(kafka::ClusterSession* session);
    std::uint64_t exactAnswers() const { return m_exactAnswers; }

    // Range presets end at "now" and follow new samples; Custom stays where it is.
    void setRange(Range range);
    void setCustomRange(std::int64_t fromMs, std::int64_t toMs);
    Range range() const { return m_rangeBar->range(); }

    TimeSeriesChart* lagChart() const { return m_lagChart; }
    TimeSeriesChart* rateChart() const { return m_rateChart; }
    PartitionLagModel* partitionModel() const { return m_partitions; }
    QString summaryText() const;
    std::uint64_t answeredQueries() const { return m_answered; }

    // The clock used for "now" (tests pin it).
    void setNow(std::function<std::chrono::system_clock::time_point()> now);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void requestHistory();
    void requestExactLag();
    void showExactLag(const kafka::ExactLagAnswerPtr& answer);
    void showAnswer(const history::SeriesAnswerPtr& answer);
    void renderSummary();

    QString m_clusterName;
    QString m_groupId;
    QPointer<history::HistoryService> m_history;
    kafka::LagSnapshotPtr m_snapshot;
    std::uint64_t m_pending = 0; // id of the query whose answer we want
    std::uint64_t m_answered = 0;
    QPointer<kafka::ClusterSession> m_exactSource;
    bool m_exactPending = false; // one read at a time
    std::uint64_t m_exactAnswers = 0;
    QTimer* m_exactDebounce = nullptr; // scrolling the table asks again, once it stops
    std::optional<std::chrono::system_clock::time_point> m_troubleSince; // from history
    std::function<std::chrono::system_clock::time_point()> m_now;

    QLabel* m_summary = nullptr;
    ChartRangeBar* m_rangeBar = nullptr;
    QLabel* m_hover = nullptr;
    QLabel* m_note = nullptr;
    TimeSeriesChart* m_lagChart = nullptr;
    TimeSeriesChart* m_rateChart = nullptr;
    PartitionLagModel* m_partitions = nullptr;
    QTableView* m_partitionTable = nullptr;
};

} // namespace sluice::ui
