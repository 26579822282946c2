// SPDX-License-Identifier: Apache-2.0
// Offset-reset dialog and audit view, offline: the preview model (clamped rows flagged,
// model tester), execution refused for an active group and for read-only clusters,
// production clusters confirmed by name, and the audit view pairing intent and outcome,
// opening reports, saying when one is missing, and reporting a tampered chain.
#include "audit/audit_action_model.h"
#include "audit/audit_log.h"
#include "audit/audit_view.h"
#include "reset/reset_offsets_dialog.h"
#include "reset/reset_preview_model.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace sluice;
using namespace sluice::ui;
using namespace Qt::Literals::StringLiterals;

namespace {

reset::ResetRow row(const std::string& topic, int partition, std::optional<std::int64_t> current, std::int64_t target,
    std::int64_t logStart, std::int64_t logEnd, std::int64_t requested)
{
    reset::ResetRow r;
    r.topic = topic;
    r.partition = partition;
    r.current = current;
    r.target = target;
    r.requested = requested;
    r.logStart = logStart;
    r.logEnd = logEnd;
    r.toReprocess = logEnd - target;
    if (requested < logStart)
        r.clamped = "below the log start";
    return r;
}

reset::ResetPreview previewWith(int activeMembers)
{
    reset::ResetPreview p;
    p.spec.group = "billing";
    p.spec.topic = "orders";
    p.spec.kind = reset::ResetKind::ShiftBy;
    p.spec.value = -50;
    p.groupState = activeMembers > 0 ? "Stable" : "Empty";
    p.activeMembers = activeMembers;
    for (int i = 0; i < activeMembers; ++i)
        p.activeClients.push_back("billing-worker-" + std::to_string(i) + " (/127.0.0.1)");
    p.rows = { row("orders", 0, 120, 70, 0, 200, 70), row("orders", 1, 30, 10, 10, 90, -20) };
    return p;
}

ResetDialogContext context(bool readOnly, bool production, const QString& auditPath = {})
{
    ResetDialogContext c;
    c.cluster.name = "local";
    c.cluster.bootstrapServers = { "127.0.0.1:1" }; // never contacted by these tests
    c.cluster.readOnly = readOnly;
    c.cluster.production = production;
    c.secrets = kafka::makeEnvSecretResolver();
    c.auditPath = auditPath;
    c.group = u"billing"_s;
    c.topics = { u"orders"_s };
    return c;
}

void appendEntry(audit::AuditLog& log, const QString& phase, const QString& id, const QString& cluster,
    const QString& action, const QString& result = {}, const QString& report = {})
{
    audit::AuditEntry e;
    e.phase = phase;
    e.actionId = id;
    e.cluster = cluster;
    e.action = action;
    e.result = result;
    e.report = report;
    e.plan = u"abc123def4567890"_s;
    QVERIFY(log.append(e));
}

} // namespace

class TestResetAndAudit : public QObject {
    Q_OBJECT
private slots:
    void previewModelFlagsClampedRows()
    {
        ResetPreviewModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto p = previewWith(0);
        p.rows[0].targetTimeMs = 1'700'000'000'000;
        p.rows[0].currentTimeMs = 1'700'000'090'000;
        model.setRows(p.rows);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, ResetPreviewModel::Clamped).data(ResetPreviewModel::IsClampedRole).toBool(), false);
        QCOMPARE(model.index(1, ResetPreviewModel::Clamped).data(ResetPreviewModel::IsClampedRole).toBool(), true);
        QVERIFY(model.index(1, ResetPreviewModel::Target).data(Qt::BackgroundRole).isValid()); // highlighted
        QVERIFY(!model.index(0, ResetPreviewModel::Target).data(Qt::BackgroundRole).isValid());
        const QString clamp = model.index(1, ResetPreviewModel::Clamped).data().toString();
        QVERIFY2(clamp.contains(u"log start 10"_s), qPrintable(clamp));
        QVERIFY2(clamp.contains(u"asked -20"_s), qPrintable(clamp));
        QCOMPARE(model.index(0, ResetPreviewModel::Change).data().toString(), u"\u221250"_s);
        const QString span = model.index(0, ResetPreviewModel::TimeSpan).data().toString();
        QVERIFY2(span.contains(u"1 min 30 s"_s), qPrintable(span));
        QVERIFY2(model.index(1, ResetPreviewModel::TimeSpan).data().toString().contains(u"unknown"_s),
            "a time that was not read is unknown, never guessed");
        model.setShowsUtc(false);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void partitionLists()
    {
        QCOMPARE(*parseResetPartitions(u"0, 2,5-7"_s), (std::vector<std::int32_t> { 0, 2, 5, 6, 7 }));
        QVERIFY(!parseResetPartitions(u"a"_s));
        QVERIFY(!parseResetPartitions(u"5-2"_s));
        QVERIFY(!parseResetPartitions(QString()));
    }

    void inputsAreCheckedBeforeAnyRequest()
    {
        ResetOffsetsDialog dialog(context(false, false));
        dialog.setScope(ResetOffsetsDialog::Scope::Partitions, u"orders"_s, u"x"_s);
        QVERIFY(!dialog.buildSpec());
        dialog.setScope(ResetOffsetsDialog::Scope::OneTopic, u"orders"_s);
        dialog.setMode(reset::ResetKind::ShiftBy, u"abc"_s);
        QVERIFY(!dialog.buildSpec());
        dialog.setMode(reset::ResetKind::DurationAgo, u"90m"_s);
        auto spec = dialog.buildSpec();
        QVERIFY(spec);
        QCOMPARE(spec->value, 90 * 60 * 1000);
        QCOMPARE(spec->topic, std::string("orders"));
        dialog.setMode(reset::ResetKind::Timestamp, u"2026-11-22T10:00:00Z"_s);
        QCOMPARE(dialog.buildSpec()->value, 1'795'341'600'000);

        QTemporaryDir dir;
        const QString csv = dir.filePath(u"offsets.csv"_s);
        QFile file(csv);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("orders,0,5\norders,3,9\nother,0,1\n");
        file.close();
        dialog.setMode(reset::ResetKind::FromFile, csv);
        spec = dialog.buildSpec();
        QVERIFY(spec);
        QCOMPARE(spec->partitions, (std::vector<std::int32_t> { 0, 3 }));
        QCOMPARE(spec->fileOffsets.size(), std::size_t(2));
        dialog.setScope(ResetOffsetsDialog::Scope::AllTopics);
        QCOMPARE(dialog.buildSpec()->fileOffsets.size(), std::size_t(3));
    }

    void executeRefusedWhileGroupIsActive()
    {
        ResetOffsetsDialog dialog(context(false, false));
        int asked = 0;
        dialog.setConfirmer([&](const TypedConfirmation::Request&) { return ++asked, false; });
        QVERIFY(!dialog.executeButton()->isEnabled()); // no preview yet
        QVERIFY(dialog.executeBlockedReason().contains(u"Preview first"_s));
        dialog.adoptPreview(previewWith(2));
        QVERIFY(!dialog.executeButton()->isEnabled());
        QVERIFY(dialog.executeBlockedReason().contains(u"2 active member"_s));
        QVERIFY2(dialog.bannerText().contains(u"billing-worker-0 (/127.0.0.1)"_s), qPrintable(dialog.bannerText()));
        QSignalSpy finished(&dialog, &ResetOffsetsDialog::executeFinished);
        dialog.execute();
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.at(0).at(0).toBool(), false);
        QCOMPARE(asked, 0); // refused before any confirmation
        QVERIFY(dialog.summaryText().contains(u"1 clamped"_s));

        dialog.adoptPreview(previewWith(0));
        QVERIFY(dialog.executeButton()->isEnabled());
        dialog.setMode(reset::ResetKind::Latest); // any input change invalidates the preview
        QVERIFY(!dialog.executeButton()->isEnabled());
        QVERIFY(dialog.executeBlockedReason().contains(u"preview again"_s));
    }

    void executeRefusedOnReadOnlyCluster()
    {
        ResetOffsetsDialog dialog(context(true, false));
        QVERIFY(dialog.bannerText().contains(u"read-only"_s));
        dialog.adoptPreview(previewWith(0));
        QVERIFY(!dialog.executeButton()->isEnabled());
        QVERIFY(dialog.executeBlockedReason().contains(u"read-only"_s));
        int asked = 0;
        dialog.setConfirmer([&](const TypedConfirmation::Request&) { return ++asked, true; });
        dialog.execute();
        QCOMPARE(asked, 0);
        QVERIFY(!dialog.isBusy());
        QVERIFY(dialog.bannerText().contains(u"read-only"_s));
    }

    void productionAsksForTheName()
    {
        ResetOffsetsDialog dialog(context(false, true));
        dialog.adoptPreview(previewWith(0));
        TypedConfirmation::Request seen;
        dialog.setConfirmer([&](const TypedConfirmation::Request& r) { return seen = r, false; });
        QSignalSpy finished(&dialog, &ResetOffsetsDialog::executeFinished);
        dialog.execute();
        QVERIFY(seen.production);
        QCOMPARE(seen.clusterName, u"local"_s);
        QVERIFY2(seen.summary.contains(u"2 partition(s)"_s), qPrintable(seen.summary));
        QCOMPARE(finished.count(), 1);
        QVERIFY(!dialog.isBusy()); // declined: nothing runs
    }

    void auditPairsIntentAndOutcome()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"audit.jsonl"_s);
        const QString report = dir.filePath(u"resets/r1.json"_s);
        QVERIFY(QDir().mkpath(dir.filePath(u"resets"_s)));
        QFile file(report);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"kind":"offset-reset","group":"billing","cluster":"local","mode":"shift-by","result":"ok",
            "toReprocess":130,"partitions":[{"topic":"orders","partition":0,"current":120,"target":70},
            {"topic":"orders","partition":1,"current":30,"target":10,"clamped":"below the log start 10"}]})");
        file.close();
        audit::AuditLog log(path);
        appendEntry(log, u"intent"_s, u"r1"_s, u"local"_s, u"offset-reset"_s, {}, report);
        appendEntry(log, u"intent"_s, u"p1"_s, u"prod"_s, u"replay"_s, {}, dir.filePath(u"gone.json"_s));
        appendEntry(log, u"outcome"_s, u"r1"_s, u"local"_s, u"offset-reset"_s, u"ok"_s, report);
        appendEntry(log, u"outcome"_s, u"p1"_s, u"prod"_s, u"replay"_s, u"failed: broker down"_s);
        appendEntry(log, u"intent"_s, u"x1"_s, u"local"_s, u"replay"_s);

        const AuditSnapshot snapshot = loadAuditSnapshot(path);
        QVERIFY(snapshot.verification.ok);
        QCOMPARE(snapshot.actions.size(), std::size_t(3));
        QCOMPARE(snapshot.actions[0].actionId, u"x1"_s); // newest first
        QVERIFY(!snapshot.actions[0].hasOutcome());
        QCOMPARE(snapshot.actions[1].result, u"failed: broker down"_s);
        QCOMPARE(snapshot.actions[2].result, u"ok"_s);
        QCOMPARE(snapshot.actions[2].report, report);

        AuditView view(u"local"_s, path);
        QAbstractItemModelTester tester(view.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_VERIFY(view.isLoaded());
        QCOMPARE(view.model()->rowCount(), 3);
        QVERIFY2(view.verificationText().contains(u"OK, 5 entries"_s), qPrintable(view.verificationText()));
        QCOMPARE(view.model()->index(0, AuditActionModel::Result).data().toString(),
            u"no outcome recorded (interrupted?)"_s);
        QVERIFY(view.model()->index(2, AuditActionModel::Result).data(Qt::ForegroundRole).isValid());

        view.setClusterFilter(u"prod"_s);
        QCOMPARE(view.proxy()->rowCount(), 1);
        view.selectRow(0);
        QTRY_VERIFY(view.reportSummaryText().contains(u"missing"_s));
        view.setClusterFilter({});
        view.setActionFilter(u"offset-reset"_s);
        QCOMPARE(view.proxy()->rowCount(), 1);
        view.selectRow(0);
        QTRY_VERIFY(view.reportSummaryText().contains(u"Offset reset"_s));
        QVERIFY(view.reportSummaryText().contains(u"2 (1 clamped)"_s));
        QVERIFY(view.detailsText().contains(u"outcome #3"_s));

        // A new entry appears without asking (file watcher).
        QSignalSpy loaded(&view, &AuditView::loaded);
        appendEntry(log, u"intent"_s, u"y1"_s, u"local"_s, u"offset-reset"_s);
        QTRY_VERIFY_WITH_TIMEOUT(view.model()->rowCount() == 4, 10000);

        // Tampering: edit the result of the second entry; the chain breaks there.
        QFile raw(path);
        QVERIFY(raw.open(QIODevice::ReadOnly));
        QList<QByteArray> lines = raw.readAll().split('\n');
        raw.close();
        lines[3].replace("\"failed: broker down\"", "\"ok\"");
        QVERIFY(raw.open(QIODevice::WriteOnly | QIODevice::Truncate));
        raw.write(lines.join('\n'));
        raw.close();
        view.reload();
        QTRY_VERIFY2(view.verificationText().contains(u"broken at entry 4"_s), qPrintable(view.verificationText()));
        QVERIFY(view.verificationText().contains(u"edited"_s));
    }
};

QTEST_MAIN(TestResetAndAudit)
#include "test_reset_and_audit.moc"
