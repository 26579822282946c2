// SPDX-License-Identifier: Apache-2.0
// The record view decodes keys and values through the decoder registry: a decoder added at
// run time is offered in the "Decode as" boxes and used by the formatting (the seam a later
// Avro/Protobuf decoder plugs into); the value box switches the Value pane between decoders
// and is remembered per topic; a schema-registry framed record (golden file) shows its
// magic byte and schema id with the inner JSON still pretty.
#include "browse/record_decoders.h"
#include "browse/record_formatting.h"
#include "browse/record_index.h"
#include "browse/record_view.h"
#include "decode/builtin_decoders.h"
#include "decode/jsonl.h"
#include "dlq/convention_detector.h"
#include "settings/app_settings.h"
#include "test_record_index.h"

#include <QComboBox>
#include <QFile>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <cctype>

using namespace sluice;
using namespace sluice::ui;

namespace {

// A decoder that is not built in: upper-cases text, and claims bytes starting with '!'.
class ShoutingDecoder final : public decode::PayloadDecoder {
public:
    std::string_view id() const override { return "shout"; }
    std::string_view displayName() const override { return "Shouting (test)"; }
    int fitness(const decode::PayloadContext& context) const override
    {
        return !context.bytes.empty() && context.bytes[0] == '!' ? 100 : 0;
    }
    Result<decode::DecodedPayload> decode(
        const decode::PayloadContext& context, const decode::DecodeOptions&) const override
    {
        decode::DecodedPayload out;
        out.decoderId = "shout";
        for (const std::uint8_t b : context.bytes)
            out.text.push_back(static_cast<char>(std::toupper(b)));
        return out;
    }
};

std::shared_ptr<const decode::DecoderRegistry> registryWithShouting()
{
    decode::DecoderRegistry registry = decode::DecoderRegistry::withBuiltins();
    registry.add(std::make_shared<ShoutingDecoder>());
    return std::make_shared<const decode::DecoderRegistry>(std::move(registry));
}

decode::Record jsonRecord(const std::string& topic, std::int64_t offset)
{
    decode::Record r;
    r.topic = topic;
    r.partition = 0;
    r.offset = offset;
    r.timestamp = { 1'700'000'000'000, decode::TimestampType::CreateTime };
    r.key = decode::toBytes("k-1");
    r.value = decode::toBytes("{\"id\":7,\"tags\":[\"a\"]}");
    return r;
}

QByteArray readTestData(const QString& relative)
{
    QFile file(qEnvironmentVariable("SLUICE_TEST_DATA") + QLatin1Char('/') + relative);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(file.fileName()));
    return file.readAll();
}

// Picks `id` the way a user does with the keyboard, so the box emits activated().
void chooseDecoder(QComboBox* box, const QString& id)
{
    const int target = box->findData(id);
    QVERIFY2(target >= 0, qPrintable(id));
    while (box->currentIndex() < target)
        QTest::keyClick(box, Qt::Key_Down);
    while (box->currentIndex() > target)
        QTest::keyClick(box, Qt::Key_Up);
}

} // namespace

class TestRecordDecoding : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    std::shared_ptr<browse::RecordIndex> makeIndex(const std::string& topic)
    {
        return sluice::testing::makeRecordIndex(m_dir, topic);
    }

private slots:
    void decoderAddedAtRunTimeIsOfferedAndUsed()
    {
        const auto registry = registryWithShouting();
        const QList<DecoderOption> options = decoderOptions(*registry);
        QCOMPARE(options.front().id, QString()); // Auto
        QCOMPARE(options.back().id, QStringLiteral("shout"));
        QCOMPARE(options.back().name, QStringLiteral("Shouting (test)"));
        for (const DecoderOption& option : decoderOptions(*defaultRecordDecoders()))
            QVERIFY(option.id != QLatin1String("shout")); // only where it was added

        // Chosen by id, and picked by Auto where it fits best.
        const std::string text = "hello";
        const FormattedPayload chosen
            = formatPayload(decode::asBytes(text), text.size(), false, {}, { registry, "shout" });
        QCOMPARE(chosen.decoderId, QStringLiteral("shout"));
        QCOMPARE(chosen.decoded, QStringLiteral("HELLO"));
        const std::string bang = "!hey";
        QCOMPARE(formatPayload(decode::asBytes(bang), bang.size(), false, {}, { registry, {} }).decoded,
            QStringLiteral("!HEY"));
        QCOMPARE(formatPayload(decode::asBytes(text), text.size(), false, {}, { registry, {} }).decoderId,
            QStringLiteral("utf8"));
        // A remembered decoder this build does not have is an error, not a crash.
        QVERIFY(!formatPayload(decode::asBytes(text), text.size(), false, {}, { nullptr, "shout" })
                     .decodeError.isEmpty());

        // The record view offers it and shows the value with it.
        auto index = makeIndex("t");
        decode::Record r = jsonRecord("t", 0);
        r.value = decode::toBytes("quiet value");
        sluice::testing::appendRecord(*index, r);
        (void)index->publish();
        RecordView view;
        QSignalSpy loaded(&view, &RecordView::loaded);
        QCOMPARE(view.valueDecoderBox()->findData(QStringLiteral("shout")), -1);
        view.setDecoderRegistry(registry);
        QVERIFY(view.valueDecoderBox()->findData(QStringLiteral("shout")) > 0);
        QVERIFY(view.keyDecoderBox()->findData(QStringLiteral("shout")) > 0);
        view.setRow(index, 0);
        QTRY_COMPARE(loaded.count(), 1);
        QCOMPARE(view.valueText(), QStringLiteral("quiet value"));
        chooseDecoder(view.valueDecoderBox(), QStringLiteral("shout"));
        QTRY_COMPARE(loaded.count(), 2);
        QCOMPARE(view.valueText(), QStringLiteral("QUIET VALUE"));
        QCOMPARE(view.keyText(), QStringLiteral("k-1")); // the key keeps its own choice
    }

    void valueBoxSwitchesThePaneAndIsRememberedPerTopic()
    {
        AppSettings settings(m_dir.filePath(QStringLiteral("decoders.ini")));
        auto orders = makeIndex("orders");
        sluice::testing::appendRecord(*orders, jsonRecord("orders", 0));
        (void)orders->publish();
        auto other = makeIndex("other");
        sluice::testing::appendRecord(*other, jsonRecord("other", 0));
        (void)other->publish();

        RecordView view;
        view.rememberDecoderChoices(&settings, QStringLiteral("local"));
        QSignalSpy loaded(&view, &RecordView::loaded);
        view.setRow(orders, 0);
        QTRY_COMPARE(loaded.count(), 1);
        QCOMPARE(view.valueDecoderBox()->currentText(), QStringLiteral("Auto"));
        const QString pretty = QStringLiteral("{\n  \"id\": 7,\n  \"tags\": [\n    \"a\"\n  ]\n}");
        QCOMPARE(view.valueText(), pretty);

        chooseDecoder(view.valueDecoderBox(), QStringLiteral("hex"));
        QTRY_COMPARE(loaded.count(), 2);
        QVERIFY2(view.valueText().startsWith(QLatin1String("00000000  7b 22 69 64 22 3a 37 2c")),
            qPrintable(view.valueText()));
        chooseDecoder(view.valueDecoderBox(), QStringLiteral("utf8"));
        QTRY_COMPARE(loaded.count(), 3);
        QCOMPARE(view.valueText(), QStringLiteral("{\"id\":7,\"tags\":[\"a\"]}"));
        chooseDecoder(view.valueDecoderBox(), QStringLiteral("sr-framed"));
        QTRY_COMPARE(loaded.count(), 4);
        QVERIFY2(view.valueText().startsWith(QLatin1String("Couldn't decode this as sr-framed: Not schema-registry")),
            qPrintable(view.valueText()));
        chooseDecoder(view.valueDecoderBox(), QStringLiteral("hex"));
        QTRY_COMPARE(loaded.count(), 5);
        QCOMPARE(settings.recordDecoders(QStringLiteral("local/orders")), (QStringList { QString(), QStringLiteral("hex") }));

        // Another topic starts at Auto; coming back to orders brings hex back.
        view.setRow(other, 0);
        QTRY_COMPARE(loaded.count(), 6);
        QCOMPARE(view.valueDecoderBox()->currentText(), QStringLiteral("Auto"));
        QCOMPARE(view.valueText(), pretty);
        view.setRow(orders, 0);
        QTRY_COMPARE(loaded.count(), 7);
        QCOMPARE(view.valueDecoderBox()->currentData().toString(), QStringLiteral("hex"));
        QVERIFY(view.valueText().startsWith(QLatin1String("00000000  7b 22")));

        // And it survives the view: a new one over the same settings.
        RecordView again;
        again.rememberDecoderChoices(&settings, QStringLiteral("local"));
        QSignalSpy loadedAgain(&again, &RecordView::loaded);
        again.setRow(orders, 0);
        QTRY_COMPARE(loadedAgain.count(), 1);
        QCOMPARE(again.valueDecoderBox()->currentData().toString(), QStringLiteral("hex"));
        QVERIFY(again.valueText().startsWith(QLatin1String("00000000  7b 22")));
    }

    void redecodingADeadLetterKeepsTheTab()
    {
        // A dead letter opens at its Error tab; choosing another decoder on the Value tab
        // must not jump back there.
        const QByteArray spring = readTestData(QStringLiteral("dlq/spring.jsonl"));
        auto record = decode::parseJsonLine(spring.left(spring.indexOf('\n')).toStdString());
        QVERIFY(record.hasValue());
        record->partition = 0;
        auto index = makeIndex(record->topic);
        sluice::testing::appendRecord(*index, *record);
        (void)index->publish();
        RecordView view;
        view.setDeadLetterConventions(std::make_shared<const dlq::DeadLetterConventions>());
        QSignalSpy loaded(&view, &RecordView::loaded);
        view.setRow(index, 0);
        QTRY_COMPARE(loaded.count(), 1);
        QVERIFY(view.deadLetter().has_value());
        QCOMPARE(view.tabs()->currentIndex(), 0);
        view.showTab(QStringLiteral("value"));
        QCOMPARE(view.tabs()->currentIndex(), 1);
        chooseDecoder(view.valueDecoderBox(), QStringLiteral("hex"));
        QTRY_COMPARE(loaded.count(), 2);
        QVERIFY(view.valueText().startsWith(QLatin1String("00000000  ")));
        QCOMPARE(view.tabs()->currentIndex(), 1);
        view.setRow(index, 0); // opening a record again starts at the error
        QTRY_COMPARE(loaded.count(), 3);
        QCOMPARE(view.tabs()->currentIndex(), 0);
    }

    void framedGoldenRecordShowsFrameAndPrettyInnerJson()
    {
        auto record = decode::parseJsonLine(readTestData(QStringLiteral("decode/framed_json.jsonl")).trimmed().toStdString());
        QVERIFY(record.hasValue());
        auto index = makeIndex("orders");
        sluice::testing::appendRecord(*index, *record);
        (void)index->publish();
        RecordView view;
        QSignalSpy loaded(&view, &RecordView::loaded);
        view.setRow(index, 0);
        QTRY_COMPARE(loaded.count(), 1);
        QCOMPARE(view.valueText(), QString::fromUtf8(readTestData(QStringLiteral("decode/framed_json.value.expected"))));
        QCOMPARE(view.keyText(), QString::fromUtf8(readTestData(QStringLiteral("decode/framed_json.key.expected"))));
        QVERIFY(view.summaryText().contains(QLatin1String("key schema 7, value schema 42")));
        QVERIFY(view.hexText().startsWith(QLatin1String("00000000  00 00 00 00 2a 7b 22 6f")));
    }
};

QTEST_MAIN(TestRecordDecoding)
#include "test_record_decoding.moc"
