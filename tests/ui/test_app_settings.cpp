// SPDX-License-Identifier: Apache-2.0
// AppSettings: defaults, the recent-workspaces list, persistence.
#include "settings/app_settings.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace sluice::ui;
using namespace Qt::Literals::StringLiterals;

class TestAppSettings : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

private slots:
    void defaults()
    {
        AppSettings settings(m_dir.filePath(u"defaults.ini"_s));
        QVERIFY(settings.recentWorkspaces().isEmpty());
        QVERIFY(settings.windowGeometry().isEmpty());
        QCOMPARE(settings.lastDirectory(), QDir::homePath());
        QVERIFY(!settings.showInternalTopics());
        QCOMPARE(settings.recordDecoders(u"local/orders"_s), (QStringList { QString(), QString() })); // Auto, Auto
    }

    void recordDecodersArePerTopicAndAutoClearsThem()
    {
        AppSettings settings(m_dir.filePath(u"decoders.ini"_s));
        settings.setRecordDecoders(u"local/orders"_s, QString(), u"hex"_s);
        settings.setRecordDecoders(u"prod/orders"_s, u"utf8"_s, u"json"_s);
        QCOMPARE(settings.recordDecoders(u"local/orders"_s), (QStringList { QString(), u"hex"_s }));
        QCOMPARE(settings.recordDecoders(u"prod/orders"_s), (QStringList { u"utf8"_s, u"json"_s }));
        settings.setRecordDecoders(u"local/orders"_s, QString(), QString());
        QCOMPARE(settings.recordDecoders(u"local/orders"_s), (QStringList { QString(), QString() }));
        QCOMPARE(settings.recordDecoders(u"prod/orders"_s), (QStringList { u"utf8"_s, u"json"_s }));
    }

    void recentWorkspacesAreCappedDedupedAndMostRecentFirst()
    {
        AppSettings settings(m_dir.filePath(u"recent.ini"_s));
        for (int i = 0; i < 14; ++i)
            settings.addRecentWorkspace(m_dir.filePath(u"w%1.yaml"_s.arg(i)));
        QCOMPARE(settings.recentWorkspaces().size(), AppSettings::kMaxRecentWorkspaces);
        QCOMPARE(settings.recentWorkspaces().front(), m_dir.filePath(u"w13.yaml"_s));
        settings.addRecentWorkspace(m_dir.filePath(u"w8.yaml"_s));
        QCOMPARE(settings.recentWorkspaces().front(), m_dir.filePath(u"w8.yaml"_s));
        QCOMPARE(settings.recentWorkspaces().count(m_dir.filePath(u"w8.yaml"_s)), 1);
        settings.removeRecentWorkspace(m_dir.filePath(u"w8.yaml"_s));
        QVERIFY(!settings.recentWorkspaces().contains(m_dir.filePath(u"w8.yaml"_s)));
    }

    void persistsAcrossInstances()
    {
        const QString path = m_dir.filePath(u"persist.ini"_s);
        {
            AppSettings settings(path);
            settings.setShowInternalTopics(true);
            settings.setWindowGeometry(QByteArray("geometry"));
            settings.addRecentWorkspace(m_dir.filePath(u"x.yaml"_s));
            settings.sync();
        }
        AppSettings again(path);
        QVERIFY(again.showInternalTopics());
        QCOMPARE(again.windowGeometry(), QByteArray("geometry"));
        QCOMPARE(again.recentWorkspaces(), QStringList { m_dir.filePath(u"x.yaml"_s) });
    }
};

QTEST_MAIN(TestAppSettings)
#include "test_app_settings.moc"
