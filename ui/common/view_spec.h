// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>
#include <optional>

namespace sluice::ui {

// Address of a view, as used by MainWindow::showView() and the --screenshot option:
//   start | overview | topics | topic/<name> | groups | group/<id>
// optionally prefixed with "<cluster>:" (no prefix: the workspace's first cluster).
struct ViewSpec {
    enum class Kind { Start, Overview, Topics, Topic, Groups, Group };
    Kind kind = Kind::Start;
    QString cluster; // empty: the default cluster (never set for Start)
    QString target; // topic name or group id for Topic / Group

    bool needsCluster() const { return kind != Kind::Start; }
    QString toString() const; // canonical form, cluster prefix included when set
    friend bool operator==(const ViewSpec&, const ViewSpec&) = default;
};

// nullopt for an unknown view or a missing topic name / group id.
std::optional<ViewSpec> parseViewSpec(const QString& text);

} // namespace sluice::ui
