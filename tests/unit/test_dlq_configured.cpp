// SPDX-License-Identifier: Apache-2.0
// Dead-letter conventions declared in the workspace reach the decoder: a configured topic
// pattern picks its header mappings (binary partition/offset included) ahead of the
// built-in conventions, and other topics are untouched.
#include "config/workspace_io.h"
#include "dlq/configured_conventions.h"

#include <QTest>

using namespace sluice;

class TestDlqConfigured : public QObject {
    Q_OBJECT
private slots:
    void workspaceMappingsDecodeRecords()
    {
        const auto path
            = qEnvironmentVariable("SLUICE_TEST_DATA") + QStringLiteral("/workspaces/valid/dead_letters.yaml");
        const auto workspace = config::loadWorkspace(path.toStdString());
        QVERIFY2(workspace.hasValue(), workspace.hasValue() ? "" : workspace.error().detail.c_str());
        QCOMPARE(workspace->deadLetterConventions.size(), std::size_t { 2 });
        QCOMPARE(workspace->deadLetterConventions[0].headers[1].encoding, std::string("int32be"));

        const dlq::DeadLetterConventions conventions(dlq::customConventions(workspace->deadLetterConventions));
        const decode::Bytes partition { 0x00, 0x00, 0x00, 0x07 };
        const decode::Bytes offset { 0, 0, 0, 0, 0, 0, 0x01, 0x00 };
        const decode::Bytes topic = decode::toBytes("billing");
        const decode::Bytes message = decode::toBytes("amount must be positive");
        const std::vector<decode::HeaderView> headers = { { "x-original-topic", decode::ByteView(topic) },
            { "x-original-partition", decode::ByteView(partition) }, { "x-original-offset", decode::ByteView(offset) },
            { "x-error", decode::ByteView(message) } };

        const dlq::DeadLetterInfo info = conventions.decode("billing.eu.dead", headers);
        QCOMPARE(info.convention, dlq::Convention::Custom);
        QCOMPARE(info.conventionName, std::string("billing x-original"));
        QVERIFY(info.hasOriginalCoordinates());
        QCOMPARE(*info.originalPartition, 7);
        QCOMPARE(*info.originalOffset, std::int64_t { 256 });
        QCOMPARE(*info.exceptionMessage, std::string("amount must be positive"));
        QVERIFY(conventions.classifyByName("billing-dlq").evidence == dlq::Evidence::Configured);
        // A topic no pattern matches is decoded by the built-in conventions only.
        QVERIFY(conventions.decode("orders", headers).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDlqConfigured)
#include "test_dlq_configured.moc"
