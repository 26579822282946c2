// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <memory>

class QSettings;

namespace sluice::ui {

// The one typed registry of UI preferences. Every preference has a key and a default in a
// single table (app_settings.cpp); widgets use the typed accessors below and never spell a
// QSettings key themselves. Tests construct it over a temporary INI file.
class AppSettings {
public:
    static constexpr int kMaxRecentWorkspaces = 10;

    AppSettings(); // the platform's per-user store
    explicit AppSettings(const QString& iniFilePath); // a file of its own (tests, portable use)
    ~AppSettings();
    AppSettings(const AppSettings&) = delete;
    AppSettings& operator=(const AppSettings&) = delete;

    // Most recent first, at most kMaxRecentWorkspaces, absolute paths.
    QStringList recentWorkspaces() const;
    void addRecentWorkspace(const QString& path);
    void removeRecentWorkspace(const QString& path);

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray& geometry);
    QByteArray windowState() const;
    void setWindowState(const QByteArray& state);
    QByteArray sidebarSplitterState() const;
    void setSidebarSplitterState(const QByteArray& state);

    // Folder the last file dialog was in; the home folder by default.
    QString lastDirectory() const;
    void setLastDirectory(const QString& directory);

    // Whether topic lists include internal topics (__consumer_offsets …); off by default.
    bool showInternalTopics() const;
    void setShowInternalTopics(bool show);

    // Message browser: saved filters of one topic (key "<cluster>/<topic>"), most recent
    // first, at most kMaxSavedFilters; and the table columns the user hid.
    static constexpr int kMaxSavedFilters = 30;
    QStringList savedFilters(const QString& topicKey) const;
    void setSavedFilters(const QString& topicKey, QStringList filters);
    QList<int> browserHiddenColumns() const;
    void setBrowserHiddenColumns(const QList<int>& columns);
    // Record view: the decoders chosen for one topic (key "<cluster>/<topic>") as
    // {key decoder id, value decoder id}; an empty id is Auto, and so is a topic never set.
    QStringList recordDecoders(const QString& topicKey) const;
    void setRecordDecoders(const QString& topicKey, const QString& keyDecoderId, const QString& valueDecoderId);
    // Groups and topics pinned to a cluster's incident dashboard, in pin order, as
    // "group:<id>" / "topic:<name>" (see DashboardPin). Stored per cluster name.
    QStringList dashboardPins(const QString& cluster) const;
    void setDashboardPins(const QString& cluster, const QStringList& pins);

    void sync();

private:
    enum class Key {
        RecentWorkspaces,
        WindowGeometry,
        WindowState,
        SidebarSplitter,
        LastDirectory,
        ShowInternalTopics,
        SavedFilters,
        BrowserHiddenColumns,
        RecordDecoders,
        DashboardPins
    };
    struct Spec;
    static const Spec& spec(Key key); // the registry table, in app_settings.cpp
    QVariant value(Key key) const;
    void setValue(Key key, const QVariant& value);

    std::unique_ptr<QSettings> m_store;
};

} // namespace sluice::ui
