// SPDX-License-Identifier: Apache-2.0
#pragma once

// The incident dashboard of one cluster: a grid of small live charts, one per pinned group
// (lag in records) or topic (production rate), over the last 15 minutes. Pins live in
// AppSettings per cluster ("Pin to dashboard" on the group and topic pages). The charts are
// filled from the history store: each lag sample triggers one query for every pin, answered
// on the history thread, so the GUI thread only swaps in already-decimated points.

#include "common/cluster_view.h"
#include "history/history_service.h"
#include "monitoring/time_series_chart.h"

#include <QPointer>
#include <QStringList>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

class QGridLayout;
class QLabel;

namespace sluice::ui {

class AppSettings;

// One pin: "group:<id>" or "topic:<name>" as stored in AppSettings.
struct DashboardPin {
    enum class Kind { Group, Topic };
    Kind kind = Kind::Group;
    QString name;

    QString toString() const;
    static std::optional<DashboardPin> parse(const QString& text);
    friend bool operator==(const DashboardPin&, const DashboardPin&) = default;
};

// Reads and changes the pins of one cluster in AppSettings.
class DashboardPins {
public:
    DashboardPins(AppSettings& settings, QString cluster);
    std::vector<DashboardPin> pins() const; // pin order; unreadable entries skipped
    bool isPinned(const DashboardPin& pin) const;
    void setPinned(const DashboardPin& pin, bool pinned);
    QStringList pinnedGroups() const;

private:
    AppSettings& m_settings;
    QString m_cluster;
};

class DashboardView : public ClusterView {
    Q_OBJECT
public:
    static constexpr int kColumns = 3;

    // `history` may be null (the charts stay empty, a note says why); it must outlive the view.
    DashboardView(
        const QString& clusterName, AppSettings& settings, history::HistoryService* history, QWidget* parent = nullptr);

    void showSnapshot(const kafka::SnapshotPtr& snapshot) override;
    void showLagSnapshot(const kafka::LagSnapshotPtr& snapshot) override;

    // Re-reads the pins (after "Pin to dashboard" on a page) and rebuilds the grid.
    void reloadPins();

    int chartCount() const { return static_cast<int>(m_charts.size()); }
    TimeSeriesChart* chart(int index) const { return m_charts.at(static_cast<std::size_t>(index)); }
    std::uint64_t answeredQueries() const { return m_answered; }
    void setNow(std::function<std::chrono::system_clock::time_point()> now) { m_now = std::move(now); }

protected:
    void showEvent(QShowEvent* event) override;

private:
    void requestHistory();
    void showAnswer(const history::SeriesAnswerPtr& answer);

    QString m_clusterName;
    AppSettings& m_settings;
    QPointer<history::HistoryService> m_history;
    std::vector<DashboardPin> m_pins;
    std::vector<TimeSeriesChart*> m_charts; // one per pin, same order
    std::uint64_t m_pending = 0;
    std::uint64_t m_answered = 0;
    std::function<std::chrono::system_clock::time_point()> m_now;
    QLabel* m_empty = nullptr;
    QLabel* m_note = nullptr;
    QWidget* m_grid = nullptr;
    QGridLayout* m_gridLayout = nullptr;
};

} // namespace sluice::ui
