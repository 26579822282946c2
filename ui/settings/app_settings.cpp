// SPDX-License-Identifier: Apache-2.0
#include "settings/app_settings.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QUrl>
#include <map>

namespace sluice::ui {

struct AppSettings::Spec {
    const char* path; // key in the store
    QVariant defaultValue;
};

const AppSettings::Spec& AppSettings::spec(Key key)
{
    // One line per preference: stored key and default.
    static const std::map<Key, Spec> kTable = {
        { Key::RecentWorkspaces, { "workspaces/recent", QStringList() } },
        { Key::WindowGeometry, { "mainWindow/geometry", QByteArray() } },
        { Key::WindowState, { "mainWindow/state", QByteArray() } },
        { Key::SidebarSplitter, { "mainWindow/sidebarSplitter", QByteArray() } },
        { Key::LastDirectory, { "files/lastDirectory", QDir::homePath() } },
        { Key::ShowInternalTopics, { "topics/showInternal", false } },
        { Key::SavedFilters, { "browser/savedFilters", QVariantMap() } },
        { Key::BrowserHiddenColumns, { "browser/hiddenColumns", QVariantList() } },
        { Key::RecordDecoders, { "browser/recordDecoders", QVariantMap() } },
        { Key::DashboardPins, { "dashboard/pins", QStringList() } }, // + "/<cluster, percent-encoded>"
    };
    return kTable.at(key);
}

AppSettings::AppSettings()
    : m_store(std::make_unique<QSettings>())
{
}

AppSettings::AppSettings(const QString& iniFilePath)
    : m_store(std::make_unique<QSettings>(iniFilePath, QSettings::IniFormat))
{
}

AppSettings::~AppSettings() = default;

QVariant AppSettings::value(Key key) const
{
    const Spec& s = spec(key);
    return m_store->value(QLatin1String(s.path), s.defaultValue);
}

void AppSettings::setValue(Key key, const QVariant& value)
{
    m_store->setValue(QLatin1String(spec(key).path), value);
}

QStringList AppSettings::recentWorkspaces() const
{
    QStringList list = value(Key::RecentWorkspaces).toStringList();
    if (list.size() > kMaxRecentWorkspaces)
        list.resize(kMaxRecentWorkspaces);
    return list;
}

void AppSettings::addRecentWorkspace(const QString& path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList list = recentWorkspaces();
    list.removeAll(absolute);
    list.prepend(absolute);
    if (list.size() > kMaxRecentWorkspaces)
        list.resize(kMaxRecentWorkspaces);
    setValue(Key::RecentWorkspaces, list);
}

void AppSettings::removeRecentWorkspace(const QString& path)
{
    QStringList list = recentWorkspaces();
    list.removeAll(QFileInfo(path).absoluteFilePath());
    list.removeAll(path);
    setValue(Key::RecentWorkspaces, list);
}

QByteArray AppSettings::windowGeometry() const
{
    return value(Key::WindowGeometry).toByteArray();
}
void AppSettings::setWindowGeometry(const QByteArray& geometry)
{
    setValue(Key::WindowGeometry, geometry);
}
QByteArray AppSettings::windowState() const
{
    return value(Key::WindowState).toByteArray();
}
void AppSettings::setWindowState(const QByteArray& state)
{
    setValue(Key::WindowState, state);
}
QByteArray AppSettings::sidebarSplitterState() const
{
    return value(Key::SidebarSplitter).toByteArray();
}
void AppSettings::setSidebarSplitterState(const QByteArray& state)
{
    setValue(Key::SidebarSplitter, state);
}
QString AppSettings::lastDirectory() const
{
    return value(Key::LastDirectory).toString();
}
void AppSettings::setLastDirectory(const QString& directory)
{
    setValue(Key::LastDirectory, directory);
}
bool AppSettings::showInternalTopics() const
{
    return value(Key::ShowInternalTopics).toBool();
}
void AppSettings::setShowInternalTopics(bool show)
{
    setValue(Key::ShowInternalTopics, show);
}

QStringList AppSettings::savedFilters(const QString& topicKey) const
{
    return value(Key::SavedFilters).toMap().value(topicKey).toStringList();
}

void AppSettings::setSavedFilters(const QString& topicKey, QStringList filters)
{
    filters.removeDuplicates();
    filters.removeAll(QString());
    if (filters.size() > kMaxSavedFilters)
        filters.resize(kMaxSavedFilters);
    QVariantMap all = value(Key::SavedFilters).toMap();
    if (filters.isEmpty())
        all.remove(topicKey);
    else
        all.insert(topicKey, filters);
    setValue(Key::SavedFilters, all);
}

QList<int> AppSettings::browserHiddenColumns() const
{
    QList<int> columns;
    for (const QVariant& v : value(Key::BrowserHiddenColumns).toList())
        columns << v.toInt();
    return columns;
}

void AppSettings::setBrowserHiddenColumns(const QList<int>& columns)
{
    QVariantList list;
    for (int c : columns)
        list << c;
    setValue(Key::BrowserHiddenColumns, list);
}

QStringList AppSettings::recordDecoders(const QString& topicKey) const
{
    QStringList ids = value(Key::RecordDecoders).toMap().value(topicKey).toStringList();
    ids.resize(2);
    return ids;
}

void AppSettings::setRecordDecoders(const QString& topicKey, const QString& keyDecoderId, const QString& valueDecoderId)
{
    QVariantMap all = value(Key::RecordDecoders).toMap();
    if (keyDecoderId.isEmpty() && valueDecoderId.isEmpty())
        all.remove(topicKey);
    else
        all.insert(topicKey, QStringList { keyDecoderId, valueDecoderId });
    setValue(Key::RecordDecoders, all);
}

namespace {

QString pinsKey(const char* path, const QString& cluster)
{
    // Percent-encoded so a cluster name with '/' or '=' stays one key.
    return QLatin1String(path) + QLatin1Char('/') + QString::fromLatin1(QUrl::toPercentEncoding(cluster));
}

} // namespace

QStringList AppSettings::dashboardPins(const QString& cluster) const
{
    const Spec& s = spec(Key::DashboardPins);
    return m_store->value(pinsKey(s.path, cluster), s.defaultValue).toStringList();
}

void AppSettings::setDashboardPins(const QString& cluster, const QStringList& pins)
{
    const QString key = pinsKey(spec(Key::DashboardPins).path, cluster);
    if (pins.isEmpty())
        m_store->remove(key);
    else
        m_store->setValue(key, pins);
}

void AppSettings::sync()
{
    m_store->sync();
}

} // namespace sluice::ui
