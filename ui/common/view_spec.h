// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>
#include <optional>

namespace sluice::ui {

// Address of a view, as used by MainWindow::showView() and the --screenshot option:
//   start | overview | topics | topic/<name> | groups | group/<id>
//   | browse/<topic> | deadletters | deadletter/<topic> | dashboard | alerts | audit
// optionally prefixed with "<cluster>:" (no prefix: the workspace's first cluster).
struct ViewSpec {
    enum class Kind {
        Start,
        Overview,
        Topics,
        Topic,
        Groups,
        Group,
        Browse, // message browser on one topic (target = topic)
        DeadLetters, // the cluster's dead-letter topics
        DeadLetter, // dead-letter inspector on one topic (target = topic)
        Dashboard, // incident dashboard (pinned groups and topics)
        Alerts, // alert list
        Audit, // past mutating actions (replays, offset resets) and their reports
    };
    Kind kind = Kind::Start;
    QString cluster; // empty: the default cluster (never set for Start)
    QString target; // topic name or group id for the kinds that name one

    bool needsCluster() const { return kind != Kind::Start; }
    bool needsTarget() const;
    QString toString() const; // canonical form, cluster prefix included when set
    friend bool operator==(const ViewSpec&, const ViewSpec&) = default;
};

// nullopt for an unknown view or a missing topic name / group id.
std::optional<ViewSpec> parseViewSpec(const QString& text);

} // namespace sluice::ui
