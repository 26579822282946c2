// SPDX-License-Identifier: Apache-2.0
// What a replay does to a record: targets, dropped and provenance headers, loop guard,
// timestamp policy, bytes kept exactly, checksums and the key partitioner.
#include "replay/transform.h"

#include <QTest>

using namespace sluice;
using namespace sluice::replay;

namespace {

struct Fixture {
    decode::Record record;
    std::vector<decode::HeaderView> storage;
    decode::RecordView view() { return record.view(storage); }
};

decode::Bytes bytes(std::string_view text)
{
    return decode::Bytes(text.begin(), text.end());
}

Fixture connectDeadLetter()
{
    Fixture f;
    f.record.topic = "orders.dlq";
    f.record.partition = 1;
    f.record.offset = 42;
    f.record.timestamp = { 1600000000000, decode::TimestampType::CreateTime };
    f.record.key = decode::Bytes { 0x00, 0x00, 0x00, 0x00, 0x07, 0xff }; // framed, with a NUL and 0xff
    f.record.value = std::nullopt; // a tombstone
    f.record.headers = {
        { "trace", bytes("a") },
        { "__connect.errors.topic", bytes("orders") },
        { "__connect.errors.partition", bytes("3") },
        { "__connect.errors.offset", bytes("1000") },
        { "__connect.errors.exception.class.name", bytes("org.apache.kafka.connect.errors.DataException") },
        { "trace", bytes("b") }, // duplicate names kept, in order
        { "empty", std::nullopt },
    };
    return f;
}

TransformContext context(const ReplayPlan& plan, int partitions = 6)
{
    TransformContext c;
    c.plan = &plan;
    c.replayId = "r-test";
    c.nowMs = 1700000000000;
    c.partitionCount = [partitions](const std::string& topic) -> std::optional<int> {
        if (topic == "missing")
            return std::nullopt;
        return partitions;
    };
    return c;
}

std::vector<std::string> headerNames(const OutgoingRecord& r)
{
    std::vector<std::string> out;
    for (const auto& h : r.headers)
        out.push_back(h.first);
    return out;
}

std::optional<std::string> header(const OutgoingRecord& r, const std::string& name)
{
    std::optional<std::string> out;
    for (const auto& h : r.headers)
        if (h.first == name)
            out = h.second;
    return out;
}

} // namespace

class TestReplayTransform : public QObject {
    Q_OBJECT
private slots:
    void defaultsToOriginalTopicWithProvenance()
    {
        ReplayPlan plan;
        auto f = connectDeadLetter();
        auto result = transformRecord(f.view(), context(plan));
        QVERIFY(std::holds_alternative<OutgoingRecord>(result));
        const auto& out = std::get<OutgoingRecord>(result);
        QCOMPARE(out.topic, std::string("orders"));
        QVERIFY(out.key);
        QCOMPARE(*out.key, std::string("\x00\x00\x00\x00\x07\xff", 6));
        QVERIFY(!out.value); // null stays null
        const std::vector<std::string> expected { "trace", "trace", "empty", "sluice.replay.original-timestamp",
            "sluice.replay.id", "sluice.replay.source", "sluice.replay.count" };
        QCOMPARE(headerNames(out), expected);
        QCOMPARE(out.headers[0].second, std::optional<std::string>("a"));
        QCOMPARE(out.headers[1].second, std::optional<std::string>("b"));
        QVERIFY(!out.headers[2].second); // null header value kept null
        QCOMPARE(header(out, "sluice.replay.source"), std::optional<std::string>("orders.dlq/1/42"));
        QCOMPARE(header(out, "sluice.replay.count"), std::optional<std::string>("1"));
        QCOMPARE(header(out, "sluice.replay.id"), std::optional<std::string>("r-test"));
        QCOMPARE(header(out, "sluice.replay.original-timestamp"), std::optional<std::string>("1600000000000"));
        QCOMPARE(out.timestampMs, std::int64_t(1700000000000));
        QCOMPARE(out.partition, murmur2Partition(*out.key, 6));
    }

    void keepTimestampAndDeadLetterHeaders()
    {
        ReplayPlan plan;
        plan.timestamp = TimestampPolicy::Keep;
        plan.dropDeadLetterHeaders = false;
        plan.provenance = false;
        auto f = connectDeadLetter();
        const auto out = std::get<OutgoingRecord>(transformRecord(f.view(), context(plan)));
        QCOMPARE(out.timestampMs, std::int64_t(1600000000000));
        QCOMPARE(out.headers.size(), f.record.headers.size());
        QVERIFY(!header(out, "sluice.replay.original-timestamp"));
    }

    void replayCountIncrementsAndLimits()
    {
        ReplayPlan plan;
        plan.maxReplayCount = 3;
        auto f = connectDeadLetter();
        f.record.headers.push_back({ "sluice.replay.count", bytes("1") });
        f.record.headers.push_back({ "sluice.replay.id", bytes("r-old") });
        f.record.headers.push_back({ "sluice.replay.count", bytes("2") }); // the last one counts
        QCOMPARE(replayCountOf(f.view().headers), 2);
        auto result = transformRecord(f.view(), context(plan));
        const auto& out = std::get<OutgoingRecord>(result);
        QCOMPARE(header(out, "sluice.replay.count"), std::optional<std::string>("3"));
        QCOMPARE(header(out, "sluice.replay.id"), std::optional<std::string>("r-test")); // old provenance replaced
        int ids = 0;
        for (const auto& h : out.headers)
            ids += h.first == "sluice.replay.id";
        QCOMPARE(ids, 1);

        f.record.headers.push_back({ "sluice.replay.count", bytes("3") });
        result = transformRecord(f.view(), context(plan));
        QVERIFY(std::holds_alternative<Skip>(result));
        QCOMPARE(std::get<Skip>(result).reason, SkipReason::ReplayLimit);

        f.record.headers.push_back({ "sluice.replay.count", bytes("x3") }); // not a number: 0
        QCOMPARE(replayCountOf(f.view().headers), 0);
    }

    void skipsWithReasons()
    {
        ReplayPlan plan;
        auto f = connectDeadLetter();
        f.record.headers = { { "other", bytes("x") } };
        auto result = transformRecord(f.view(), context(plan));
        QCOMPARE(std::get<Skip>(result).reason, SkipReason::NoOriginalTopic);

        plan.targetMode = TargetMode::Topic;
        plan.targetTopic = "missing";
        result = transformRecord(f.view(), context(plan));
        QCOMPARE(std::get<Skip>(result).reason, SkipReason::TargetTopicMissing);

        plan.targetTopic = "retry";
        plan.partitioning = Partitioning::OriginalPartition;
        result = transformRecord(f.view(), context(plan));
        QCOMPARE(std::get<Skip>(result).reason, SkipReason::NoOriginalPartition);

        auto g = connectDeadLetter(); // original partition 3
        result = transformRecord(g.view(), context(plan, 2));
        QCOMPARE(std::get<Skip>(result).reason, SkipReason::PartitionOutOfRange);
        result = transformRecord(g.view(), context(plan, 4));
        QCOMPARE(std::get<OutgoingRecord>(result).partition, 3);
    }

    void springHeadersAndNullKeyPartition()
    {
        ReplayPlan plan;
        Fixture f;
        f.record.topic = "orders.DLT";
        f.record.partition = 0;
        f.record.offset = 7;
        f.record.value = bytes("{}");
        f.record.headers = { { "kafka_dlt-original-topic", bytes("orders") },
            { "kafka_dlt-original-partition", decode::Bytes { 0, 0, 0, 2 } } };
        const auto out = std::get<OutgoingRecord>(transformRecord(f.view(), context(plan)));
        QCOMPARE(out.topic, std::string("orders"));
        QVERIFY(!out.key);
        QCOMPARE(out.partition, 7 % 6); // null key: spread by source offset, deterministic
        QVERIFY(!header(out, "kafka_dlt-original-topic"));
    }

    void editsReplaceBytes()
    {
        ReplayPlan plan;
        RecordEdit edit;
        edit.partition = 1;
        edit.offset = 42;
        edit.replaceValue = true;
        edit.value = std::string("{\"fixed\":true}");
        plan.edits.push_back(edit);
        auto f = connectDeadLetter();
        const auto out = std::get<OutgoingRecord>(transformRecord(f.view(), context(plan)));
        QCOMPARE(out.value, std::optional<std::string>("{\"fixed\":true}"));
        QCOMPARE(*out.key, std::string("\x00\x00\x00\x00\x07\xff", 6)); // untouched
    }

    void checksumCoversContentNotProvenance()
    {
        ReplayPlan plan;
        auto f = connectDeadLetter();
        const auto out = std::get<OutgoingRecord>(transformRecord(f.view(), context(plan)));
        // The record as it lands in the target: same content plus provenance.
        decode::Record landed;
        landed.key = decode::Bytes(out.key->begin(), out.key->end());
        for (const auto& [name, value] : out.headers)
            landed.headers.push_back(
                { name, value ? std::optional(decode::Bytes(value->begin(), value->end())) : std::nullopt });
        std::vector<decode::HeaderView> storage;
        QCOMPARE(contentChecksum(landed.view(storage)), out.checksum);
        landed.headers[0].value = bytes("A"); // one byte differs
        QVERIFY(contentChecksum(landed.view(storage)) != out.checksum);
        landed.headers[0].value = bytes("a");
        landed.value = decode::Bytes {}; // empty is not null
        QVERIFY(contentChecksum(landed.view(storage)) != out.checksum);
    }

    void murmur2MatchesKafka()
    {
        // Values from Kafka's own partitioner tests (Utils.murmur2).
        QCOMPARE(static_cast<std::int32_t>(murmur2("21")), -973932308);
        QCOMPARE(static_cast<std::int32_t>(murmur2("foobar")), -790332482);
        QCOMPARE(static_cast<std::int32_t>(murmur2("a-little-bit-long-string")), -985981536);
        QCOMPARE(static_cast<std::int32_t>(murmur2("a-little-bit-longer-string")), -1486304829);
        QCOMPARE(static_cast<std::int32_t>(murmur2("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8")), -58897971);
        QCOMPARE(murmur2Partition("foobar", 1), 0);
        QVERIFY(murmur2Partition("foobar", 7) >= 0);
    }
};

QTEST_GUILESS_MAIN(TestReplayTransform)
#include "test_replay_transform.moc"
