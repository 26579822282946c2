// SPDX-License-Identifier: Apache-2.0
// The message browser's pieces without a broker: the table model over a RecordIndex that a
// writer thread fills while the model refreshes (model tester attached), bounded mode
// removing the oldest rows, cell texts (null vs empty, binary keys, schema ids); the record
// view's bounded preview then full formatting (pretty JSON, tree, hex, headers, copy as
// JSON byte-exact, same-key navigation), up to a 20 MB JSON value; the scan form; saved
// filters and hidden columns.
#include "browse/message_table_model.h"
#include "browse/payload_text.h"
#include "browse/record_formatting.h"
#include "browse/record_view.h"
#include "browse/scan_form.h"
#include "common/model_roles.h"
#include "decode/jsonl.h"
#include "settings/app_settings.h"
#include "test_record_index.h"

#include <QAbstractItemModelTester>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>
#include <atomic>
#include <thread>

using namespace sluice;
using namespace sluice::ui;

namespace {

struct Owned {
    decode::Record record;
    std::vector<decode::HeaderView> headers;
    decode::RecordView view() { return record.view(headers); }
};

decode::Record makeRecord(std::int32_t partition, std::int64_t offset)
{
    decode::Record r;
    r.topic = "t";
    r.partition = partition;
    r.offset = offset;
    r.timestamp = { 1'700'000'000'000 + offset, decode::TimestampType::CreateTime };
    r.key = decode::toBytes("k-" + std::to_string(offset % 7));
    r.value = decode::toBytes("{\"order\":{\"id\":" + std::to_string(offset) + ",\"items\":[1,2,3]},\"note\":\"hi\"}");
    r.headers = { { "source", decode::toBytes("web") } };
    return r;
}

} // namespace

class TestMessageBrowserModel : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    std::shared_ptr<browse::RecordIndex> makeIndex(std::uint64_t maxRows = 0)
    {
        return sluice::testing::makeRecordIndex(m_dir, "t", maxRows);
    }

private slots:
    void streamsRowsInBatchesFromAWriterThread()
    {
        auto index = makeIndex();
        MessageTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setIndex(index);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);

        constexpr int kRecords = 20000;
        std::atomic<bool> done { false };
        std::thread writer([&] {
            for (int i = 0; i < kRecords; ++i) {
                std::vector<decode::HeaderView> headers;
                const decode::Record r = makeRecord(i % 3, i / 3);
                (void)index->append(r.view(headers));
                if (i % 997 == 0)
                    (void)index->publish();
            }
            (void)index->publish();
            done = true;
        });
        // The GUI side: refresh with whatever is published, read visible cells meanwhile.
        while (!done.load() || model.rowCount() < kRecords) {
            model.refresh(index->rows());
            if (model.rowCount() > 0) {
                QVERIFY(!model.index(model.rowCount() - 1, MessageTableModel::Value).data().toString().isEmpty());
                QVERIFY(model.index(0, MessageTableModel::Key).data().toString().startsWith(QLatin1String("k-")));
            }
        }
        writer.join();
        QCOMPARE(model.rowCount(), kRecords);
        QVERIFY(inserted.count() < kRecords / 100); // batched, not one insert per record
        QCOMPARE(model.index(5, MessageTableModel::Partition).data().toInt(), 2);
        QCOMPARE(model.index(5, MessageTableModel::Offset).data().toString(), QStringLiteral("1"));
        QCOMPARE(model.index(5, MessageTableModel::Headers).data().toInt(), 1);
        QCOMPARE(
            model.index(0, MessageTableModel::Timestamp).data().toString(), QStringLiteral("2023-11-14 22:13:20.000"));
        QVERIFY(model.index(0, MessageTableModel::Value).data().toString().startsWith(QLatin1String("{\"order\"")));
    }

    void boundedIndexRemovesOldestRowsFirst()
    {
        auto index = makeIndex(100);
        MessageTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setIndex(index);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        for (int batch = 0; batch < 5; ++batch) {
            for (int i = 0; i < 60; ++i)
                sluice::testing::appendRecord(*index, makeRecord(0, batch * 60 + i));
            auto published = index->publish();
            QVERIFY(published.hasValue());
            model.refresh(*published);
            QVERIFY(model.rowCount() <= 100);
        }
        QCOMPARE(model.rowCount(), 100);
        QVERIFY(removed.count() >= 1);
        QCOMPARE(model.index(0, MessageTableModel::Offset).data().toString(), QStringLiteral("200"));
        QCOMPARE(model.index(99, MessageTableModel::Offset).data().toString(), QStringLiteral("299"));
        QCOMPARE(model.indexRow(0), std::optional<std::uint64_t>(200));
        QCOMPARE(model.modelRow(250), 50);
        QCOMPARE(model.modelRow(10), -1);
    }

    void cellTextsKeepNullEmptyAndBinaryApart()
    {
        auto index = makeIndex();
        decode::Record a = makeRecord(0, 0);
        a.key.reset();
        a.value = decode::Bytes {};
        decode::Record b = makeRecord(0, 1);
        b.key = decode::Bytes { 0xFF, 0x00, 0x01 };
        b.value = decode::Bytes { 0x00, 0x00, 0x00, 0x00, 0x2A, 0x10, 0x20 }; // framed, schema 42
        decode::Record c = makeRecord(0, 2);
        c.value = decode::toBytes("line one\nline two");
        sluice::testing::appendRecord(*index, a);
        sluice::testing::appendRecord(*index, b);
        sluice::testing::appendRecord(*index, c);
        MessageTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setIndex(index);
        model.refresh(*index->publish());
        QCOMPARE(model.index(0, MessageTableModel::Key).data().toString(), QStringLiteral("(null)"));
        QCOMPARE(model.index(0, MessageTableModel::Value).data().toString(), QStringLiteral("(empty)"));
        QCOMPARE(model.index(1, MessageTableModel::Key).data().toString(), QStringLiteral("0xff0001"));
        QCOMPARE(model.index(1, MessageTableModel::Value).data().toString(), QStringLiteral("[schema 42] 0x1020"));
        QCOMPARE(model.index(1, MessageTableModel::SchemaId).data().toString(), QStringLiteral("value 42"));
        QCOMPARE(model.index(2, MessageTableModel::Value).data().toString(), QStringLiteral("line one line two"));

        // Size is the value's bytes, as the filter's `size` field; the key's are in the tooltip.
        QCOMPARE(model.index(1, MessageTableModel::Size).data().toString(), formatBytes(7));
        QCOMPARE(model.index(1, MessageTableModel::Size).data(SortRole).toULongLong(), 7ULL);
        QCOMPARE(model.index(0, MessageTableModel::Size).data(SortRole).toULongLong(), 0ULL);
        QCOMPARE(model.index(1, MessageTableModel::Size).data(Qt::ToolTipRole).toString(),
            QStringLiteral("value 7 B, key 3 B"));
        QCOMPARE(model.headerData(MessageTableModel::Size, Qt::Horizontal).toString(), QStringLiteral("Value size"));
        QVERIFY(model.headerData(MessageTableModel::Size, Qt::Horizontal, Qt::ToolTipRole)
                    .toString()
                    .contains(QLatin1String("size field")));
    }

    void previewIsBoundedWhateverTheValueSize()
    {
        auto index = makeIndex();
        decode::Record big = makeRecord(0, 0);
        big.value = decode::Bytes(3 * 1024 * 1024, 'x');
        sluice::testing::appendRecord(*index, big);
        (void)index->publish();
        auto preview = index->preview(0, 100);
        QVERIFY(preview.hasValue());
        QCOMPARE(preview->value->size(), std::size_t { 100 });
        QVERIFY(preview->isValueCut);
        QVERIFY(!preview->isKeyCut);
        QVERIFY(previewText(decode::ByteView(*preview->value), true).endsWith(QChar(0x2026)));
    }

    void formatsJsonTreeHexAndBounds()
    {
        const std::string json = "{\"a\":{\"b\":[1,true,null,\"x\"]},\"c\":\"\\u00e9\"}";
        const FormattedPayload p = formatPayload(decode::asBytes(json), json.size(), false);
        QVERIFY(p.isJson);
        QVERIFY(p.prettyJson.contains(QLatin1String("\n  \"a\": {")));
        QCOMPARE(p.tree.size(), std::size_t { 8 }); // root, a, b, 4 items, c
        QCOMPARE(p.tree[0].value, QStringLiteral("{2}"));
        QCOMPARE(p.tree[2].key, QStringLiteral("b"));
        QCOMPARE(p.tree[2].value, QStringLiteral("[4]"));
        QCOMPARE(p.tree[7].value, QStringLiteral("\"\u00e9\""));
        QVERIFY(p.hex.startsWith(QLatin1String("00000000  7b 22 61 22")));

        FormatLimits small;
        small.maxTreeNodes = 3;
        small.maxTextChars = 10;
        const FormattedPayload cut = formatPayload(decode::asBytes(json), json.size(), false, small);
        QCOMPARE(cut.tree.size(), std::size_t { 3 });
        QVERIFY(cut.isTreeCut);
        QVERIFY(cut.isJsonCut);
        QVERIFY(cut.isTextCut);

        FormatLimits fewLines;
        fewLines.maxJsonLines = 3;
        const FormattedPayload lineCut = formatPayload(decode::asBytes(json), json.size(), false, fewLines);
        QVERIFY(lineCut.isJsonCut);
        QCOMPARE(lineCut.prettyJson.count(QLatin1Char('\n')), 2); // three lines
        QVERIFY(p.prettyJson.startsWith(lineCut.prettyJson));
        QVERIFY(!p.isJsonCut);

        const FormattedPayload notJson = formatPayload(decode::asBytes("{oops"), 5, false);
        QVERIFY(!notJson.isJson);
        QVERIFY(!notJson.jsonError.isEmpty());
        const decode::Bytes binary { 0xC3, 0x28 };
        QVERIFY(!formatPayload(decode::ByteView(binary), 2, false).isUtf8);
        QVERIFY(formatPayload(std::nullopt, 0, false).isNull);
    }

    void recordViewShowsPreviewThenTheWholeRecord()
    {
        auto index = makeIndex();
        decode::Record r = makeRecord(1, 5);
        r.headers.push_back({ "bin", decode::Bytes { 0x00, 0xFE } });
        r.headers.push_back({ "nil", std::nullopt });
        sluice::testing::appendRecord(*index, r);
        decode::Record big = makeRecord(1, 6);
        std::string value = "{\"blob\":\"" + std::string(2 * 1024 * 1024, 'y') + "\"}";
        big.value = decode::toBytes(value);
        sluice::testing::appendRecord(*index, big);
        sluice::testing::appendRecord(*index, makeRecord(1, 12)); // key k-5 again, like offset 5
        (void)index->publish();

        RecordView view;
        QSignalSpy loaded(&view, &RecordView::loaded);
        view.setRow(index, 0);
        QVERIFY(view.isLoading());
        QTRY_COMPARE(loaded.count(), 1);
        QVERIFY(view.jsonText().contains(QLatin1String("\"items\": [")));
        QVERIFY(view.summaryText().contains(QLatin1String("offset 5")));
        QVERIFY(view.summaryText().contains(QLatin1String("UTC")));
        QCOMPARE(view.headerTable()->rowCount(), 3);
        QCOMPARE(view.headerTable()->item(1, 1)->text(), QStringLiteral("0x00fe"));
        QCOMPARE(view.headerTable()->item(2, 1)->text(), QStringLiteral("(null)"));
        QVERIFY(view.jsonTree()->topLevelItemCount() == 1);
        auto copied = decode::parseJsonLine(view.copyAsJson().toStdString());
        QVERIFY(copied.hasValue());
        QVERIFY(*copied == r);
        view.showTab(QStringLiteral("json"));
        QVERIFY(view.find(QStringLiteral("items")));
        QVERIFY(!view.find(QStringLiteral("no such text")));

        // A 2 MB value: the preview comes at once and is bounded, the full text later.
        view.setRow(index, 1);
        // Bounded: the preview's characters, plus the breaks of folded long lines.
        const auto previewBound = static_cast<qsizetype>(RecordView::kPreviewBytes)
            + static_cast<qsizetype>(RecordView::kPreviewBytes) / RecordView::kFoldChars + 100;
        QVERIFY(view.valueText().size() <= previewBound);
        QTRY_COMPARE(loaded.count(), 2);
        QVERIFY(view.valueText().size() >= static_cast<qsizetype>(FormatLimits {}.maxTextChars));
        QVERIFY(view.jsonText().startsWith(QLatin1String("{\n  \"blob\": \"yyy")));
    }

    void recordViewOpensA20MbJsonValue()
    {
        // A 20 MB JSON value (many small objects, as a real batch export would be): the
        // bounded preview is there as soon as setRow() returns, the whole record is read and
        // formatted on a worker, and the panes it fills are bounded too.
        std::string value = "{\"items\":[";
        constexpr std::size_t kTarget = 20'000'000;
        for (int i = 0; value.size() < kTarget - 200; ++i) {
            if (i > 0)
                value += ',';
            // (No raw string literals in this file: moc 6.4 loses the class after one.)
            value += "{\"id\":" + std::to_string(i) + ",\"sku\":\"SKU-" + std::to_string(1000 + i % 16)
                + "\",\"qty\":" + std::to_string(1 + i % 3) + ",\"tags\":[\"a\",\"b\"]}";
        }
        value += "],\"pad\":\"";
        value += std::string(kTarget - 2 - value.size(), 'p');
        value += "\"}";
        QCOMPARE(value.size(), kTarget);

        auto index = makeIndex();
        decode::Record big = makeRecord(0, 7);
        big.value = decode::toBytes(value);
        sluice::testing::appendRecord(*index, big);
        (void)index->publish();

        RecordView view;
        view.resize(1200, 700);
        view.show();
        QSignalSpy loaded(&view, &RecordView::loaded);
        view.setRow(index, 0);
        // At once, before any event is processed: the preview, bounded, and a note that the
        // formatting is under way.
        QVERIFY(view.isLoading());
        QCOMPARE(loaded.count(), 0);
        const auto previewBound = static_cast<qsizetype>(RecordView::kPreviewBytes)
            + static_cast<qsizetype>(RecordView::kPreviewBytes) / RecordView::kFoldChars + 100;
        QVERIFY(view.valueText().size() <= previewBound);
        QVERIFY(view.valueText().startsWith(QLatin1String("{\"items\":[{\"id\":0,")));
        QVERIFY(view.jsonText().startsWith(QLatin1String("Formatting the whole value")));
        QVERIFY(!view.record().has_value());

        // Then the whole record, formatted (generous timeout: a loaded 2-core machine).
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 180000);
        QVERIFY(!view.isLoading());
        QVERIFY(view.record().has_value());
        QCOMPARE(view.record()->value->size(), kTarget);
        QVERIFY(view.jsonText().startsWith(QLatin1String("{\n  \"items\": [\n    {\n      \"id\": 0,")));
        const FormatLimits limits;
        // At most maxJsonLines lines of JSON, then the line saying it is cut.
        QVERIFY(static_cast<std::size_t>(view.jsonText().count(QLatin1Char('\n'))) <= limits.maxJsonLines);
        QVERIFY(view.jsonText().endsWith(QStringLiteral("(cut: the value is 20.0 MB)")));
        // The Value pane decodes it (Auto: JSON, pretty), bounded like the JSON pane.
        QVERIFY(view.valueText().startsWith(QLatin1String("{\n  \"items\": [\n    {\n      \"id\": 0,")));
        QVERIFY(static_cast<std::size_t>(view.valueText().count(QLatin1Char('\n'))) <= limits.maxJsonLines + 1);
        QVERIFY(view.valueText().endsWith(QStringLiteral("(20.0 MB in all)")));
        QVERIFY(static_cast<std::size_t>(view.valueText().size())
            <= limits.maxTextChars + limits.maxTextChars / static_cast<std::size_t>(RecordView::kFoldChars) + 100);
        QVERIFY(view.hexText().startsWith(QLatin1String("00000000  7b 22 69 74")));
        QVERIFY(static_cast<std::size_t>(view.hexText().size()) < limits.maxHexBytes * 5);
        QCOMPARE(view.jsonTree()->topLevelItemCount(), 1);
        std::size_t treeRows = 0;
        for (QTreeWidgetItemIterator it(view.jsonTree()); *it; ++it)
            ++treeRows;
        QVERIFY(treeRows > 100);
        QVERIFY(treeRows <= limits.maxTreeNodes + 1);
        QVERIFY(view.summaryText().contains(QLatin1String("20.0 MB")));
        // Copy as JSON carries the whole value, byte-exact, however little the panes show.
        auto copied = decode::parseJsonLine(view.copyAsJson().toStdString());
        QVERIFY(copied.hasValue());
        QVERIFY(*copied == big);
    }

    void sameKeyNavigationFindsTheNextRecord()
    {
        auto index = makeIndex();
        for (int i = 0; i < 20; ++i)
            sluice::testing::appendRecord(*index, makeRecord(0, i)); // keys k-0..k-6 repeat every 7
        (void)index->publish();
        RecordView view;
        QSignalSpy loaded(&view, &RecordView::loaded);
        QSignalSpy requested(&view, &RecordView::rowRequested);
        QSignalSpy notFound(&view, &RecordView::sameKeyNotFound);
        view.setRow(index, 3);
        QTRY_COMPARE(loaded.count(), 1);
        auto* nextButton = view.findChild<QPushButton*>(QStringLiteral("nextSameKey"));
        auto* previousButton = view.findChild<QPushButton*>(QStringLiteral("previousSameKey"));
        QVERIFY(nextButton && previousButton);
        nextButton->click();
        QTRY_COMPARE(requested.count(), 1);
        QCOMPARE(requested.at(0).at(0).value<std::uint64_t>(), std::uint64_t { 10 });
        previousButton->click();
        QTRY_COMPARE(notFound.count(), 1);
    }

    void scanFormParsesEveryChoice()
    {
        const std::int64_t now = 1'800'000'000'000;
        ScanForm form;
        form.start = StartChoice::EndMinus;
        form.startValue = QStringLiteral("50");
        form.partitions = QStringLiteral("0-2, 5");
        auto v = parseScanForm(form, now);
        QVERIFY(v.hasValue());
        QCOMPARE(v->start.kind, browse::StartPosition::Kind::EndMinus);
        QCOMPARE(v->start.value, std::int64_t { 50 });
        QCOMPARE(v->partitions, (std::vector<std::int32_t> { 0, 1, 2, 5 }));
        QCOMPARE(v->stop.end, browse::StopCondition::End::AtScanStart);

        form.start = StartChoice::Timestamp;
        form.startValue = QStringLiteral("15m");
        form.stop = StopChoice::UntilTimestamp;
        form.stopValue = QStringLiteral("2027-01-15T08:00:00Z");
        v = parseScanForm(form, now);
        QVERIFY(v.hasValue());
        QCOMPARE(v->start.value, now - 15 * 60 * 1000);
        QCOMPARE(v->stop.untilTimestampMs, std::optional<std::int64_t>(1800000000000LL));

        // "… or 15m ago", as the placeholder says: the same instant as "15m".
        form.startValue = QStringLiteral("15m ago");
        form.stopValue = QStringLiteral("1h30m ago");
        v = parseScanForm(form, now);
        QVERIFY2(v.hasValue(), v.hasValue() ? "" : v.error().message.c_str());
        QCOMPARE(v->start.value, now - 15 * 60 * 1000);
        QCOMPARE(v->stop.untilTimestampMs, std::optional<std::int64_t>(now - 90 * 60 * 1000));
        QCOMPARE(parseInstant(QStringLiteral(" 2h  ago "), now).value(), now - 2 * 3600 * 1000);
        QVERIFY(!parseInstant(QStringLiteral("ago"), now).hasValue());
        QVERIFY(!parseInstant(QStringLiteral("15m later"), now).hasValue());

        form.start = StartChoice::GroupCommitted;
        form.startValue = QStringLiteral(" billing ");
        form.stop = StopChoice::LiveTail;
        form.partitions = QString();
        v = parseScanForm(form, now);
        QVERIFY(v.hasValue());
        QCOMPARE(v->start.group, std::string("billing"));
        QCOMPARE(v->stop.end, browse::StopCondition::End::Never);
        QVERIFY(v->partitions.empty());
    }

    void scanFormRejectsBadInputNamingTheField()
    {
        ScanForm form;
        form.start = StartChoice::Offset;
        form.startValue = QStringLiteral("-3");
        auto v = parseScanForm(form, 0);
        QVERIFY(!v.hasValue());
        QVERIFY(QString::fromStdString(v.error().message).startsWith(QLatin1String("Start:")));
        form.start = StartChoice::GroupCommitted;
        form.startValue = QString();
        QVERIFY(!parseScanForm(form, 0).hasValue());
        form.startValue = QStringLiteral("billing");
        form.stop = StopChoice::AfterRecords;
        form.stopValue = QStringLiteral("0");
        v = parseScanForm(form, 0);
        QVERIFY(!v.hasValue());
        QVERIFY(QString::fromStdString(v.error().message).startsWith(QLatin1String("Stop:")));
        form.stop = StopChoice::LiveTail;
        form.partitions = QStringLiteral("3-1");
        v = parseScanForm(form, 0);
        QVERIFY(!v.hasValue());
        QVERIFY(QString::fromStdString(v.error().message).startsWith(QLatin1String("Partitions:")));
        QVERIFY(!parsePartitionList(QStringLiteral("a")).hasValue());
        QCOMPARE(parsePartitionList(QStringLiteral("all"))->size(), std::size_t { 0 });
    }

    void savedFiltersAndHiddenColumnsPersist()
    {
        const QString ini = m_dir.filePath(QStringLiteral("settings.ini"));
        {
            AppSettings settings(ini);
            settings.setSavedFilters(QStringLiteral("local/orders"),
                { QStringLiteral("value.total > 10"), QStringLiteral("key == \"a\""),
                    QStringLiteral("value.total > 10") });
            settings.setBrowserHiddenColumns({ MessageTableModel::Headers, MessageTableModel::SchemaId });
            settings.sync();
        }
        AppSettings settings(ini);
        QCOMPARE(settings.savedFilters(QStringLiteral("local/orders")),
            (QStringList { QStringLiteral("value.total > 10"), QStringLiteral("key == \"a\"") }));
        QVERIFY(settings.savedFilters(QStringLiteral("local/other")).isEmpty());
        QCOMPARE(
            settings.browserHiddenColumns(), (QList<int> { MessageTableModel::Headers, MessageTableModel::SchemaId }));
    }
};

QTEST_MAIN(TestMessageBrowserModel)
#include "test_message_browser_model.moc"
