// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kafka/cluster_session.h"

#include <QMap>
#include <QString>
#include <QWidget>

namespace sluice::ui {

// A problem that belongs to one view (e.g. "topic not found"), shown in the main window's
// banner while that view is current. Connection problems are the session's, not the view's.
struct ViewProblem {
    QString message; // what failed, where, what to try
    QString detail; // raw text for the Details section
    bool isEmpty() const { return message.isEmpty(); }
};

// Base of every per-cluster view. The view renders the latest snapshot it was given and
// never talks to Kafka itself; ClusterViews feeds it from the cluster's session.
class ClusterView : public QWidget {
    Q_OBJECT
public:
    using QWidget::QWidget;

    // Called on the GUI thread with every new snapshot (never null).
    virtual void showSnapshot(const kafka::SnapshotPtr& snapshot) = 0;
    // Called with every lag sample of the cluster (never null); most views ignore it.
    virtual void showLagSnapshot(const kafka::LagSnapshotPtr& /*snapshot*/) { }
    virtual ViewProblem problem() const { return {}; }

    // Views that load on their own after being shown (a scan, a sample) say when they are
    // done, so the screenshot job grabs a finished picture; settled() follows.
    virtual bool isSettled() const { return true; }
    // Extra settings from the command line (--screenshot view.KEY=VALUE), e.g. a filter.
    virtual void applyOptions(const QMap<QString, QString>& options) { Q_UNUSED(options); }

signals:
    void problemChanged();
    void settled();
};

} // namespace sluice::ui
