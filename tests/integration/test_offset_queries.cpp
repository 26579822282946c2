// SPDX-License-Identifier: Apache-2.0
// Batched earliest/latest offset queries on the real broker: a list split into many small
// batches (run several at once) answers exactly what one watermark query per partition
// answers, counts its batches, and a partition that does not exist is reported without
// losing the answers of the others.
#include "kafka/admin_calls.h"
#include "support/stack_env.h"

#include <QTest>

using namespace sluice;
using namespace sluice::testing;

namespace {

// Deletes the records of `topic`[partition] below `offset`; returns librdkafka's error or "".
std::string deleteRecordsBelow(rd_kafka_t* rk, const std::string& topic, int partition, std::int64_t offset)
{
    rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(list, topic.c_str(), partition)->offset = offset;
    rd_kafka_DeleteRecords_t* request = rd_kafka_DeleteRecords_new(list);
    rd_kafka_topic_partition_list_destroy(list);
    rd_kafka_queue_t* queue = rd_kafka_queue_new(rk);
    rd_kafka_DeleteRecords(rk, &request, 1, nullptr, queue);
    rd_kafka_DeleteRecords_destroy(request);
    std::string error = "no answer";
    if (rd_kafka_event_t* event = rd_kafka_queue_poll(queue, 30000)) {
        error = rd_kafka_event_error(event) ? rd_kafka_event_error_string(event) : "";
        if (error.empty()) {
            const auto* result = rd_kafka_event_DeleteRecords_result(event);
            const auto* offsets = rd_kafka_DeleteRecords_result_offsets(result);
            if (offsets && offsets->cnt == 1 && offsets->elems[0].err)
                error = rd_kafka_err2str(offsets->elems[0].err);
        }
        rd_kafka_event_destroy(event);
    }
    rd_kafka_queue_destroy(queue);
    return error;
}

} // namespace

class TestOffsetQueries : public QObject {
    Q_OBJECT
private:
    std::string m_bootstrap;
    Client m_admin;
    std::string m_topic;
    static constexpr int kPartitions = 23;

private slots:
    void initTestCase()
    {
        m_bootstrap = stackEnvOrFail().at(QStringLiteral("SLUICE_KAFKA_BOOTSTRAP")).toStdString();
        m_admin = makeClient(m_bootstrap, RD_KAFKA_PRODUCER);
        m_topic = uniqueName("offq");
        QCOMPARE(createTopic(m_admin.get(), m_topic, kPartitions), std::string());
        // Partition p holds p + 2 records; every third one has its first p / 3 records deleted.
        for (int p = 0; p < kPartitions; ++p) {
            QVERIFY(produce(m_admin.get(), m_topic, p, p + 2));
            if (p % 3 == 0 && p > 0)
                QCOMPARE(deleteRecordsBelow(m_admin.get(), m_topic, p, p / 3), std::string());
        }
    }

    void smallBatchesAnswerLikeWatermarks()
    {
        std::vector<domain::TopicPartition> partitions;
        for (int p = kPartitions - 1; p >= 0; --p) // not in partition order: the merge must not care
            partitions.push_back({ m_topic, p });
        const auto range = kafka::queryOffsetRange(m_admin.get(), partitions, std::chrono::seconds(15), 4);
        QCOMPARE(range.earliest.error, std::string());
        QCOMPARE(range.latest.error, std::string());
        QCOMPARE(range.earliest.calls, 6); // 23 partitions in batches of 4
        QCOMPARE(range.latest.calls, 6);
        QCOMPARE(range.earliest.offsets.size(), std::size_t(kPartitions));
        QCOMPARE(range.latest.offsets.size(), std::size_t(kPartitions));
        for (int p = 0; p < kPartitions; ++p) {
            std::int64_t low = -1, high = -1;
            QCOMPARE(rd_kafka_query_watermark_offsets(m_admin.get(), m_topic.c_str(), p, &low, &high, 10000),
                     RD_KAFKA_RESP_ERR_NO_ERROR);
            const domain::TopicPartition tp{ m_topic, p };
            QCOMPARE(range.earliest.offsets.at(tp), low);
            QCOMPARE(range.latest.offsets.at(tp), high);
            QCOMPARE(high, std::int64_t(p + 2));
            QCOMPARE(low, std::int64_t(p % 3 == 0 ? p / 3 : 0));
        }

        const auto one = kafka::queryOffsets(m_admin.get(), partitions, kafka::OffsetSpec::Latest, std::chrono::seconds(15));
        QCOMPARE(one.calls, 1); // under the default batch length: a single batch
        QCOMPARE(one.offsets, range.latest.offsets);
    }

    void missingPartitionIsReportedOthersStillAnswer()
    {
        std::vector<domain::TopicPartition> partitions;
        for (int p = 0; p < kPartitions; ++p)
            partitions.push_back({ m_topic, p });
        partitions.push_back({ m_topic, kPartitions + 5 });
        const auto latest =
            kafka::queryOffsets(m_admin.get(), partitions, kafka::OffsetSpec::Latest, std::chrono::seconds(15), 5);
        QVERIFY2(!latest.error.empty(), "a partition that does not exist must be reported");
        QVERIFY2(latest.error.find(std::to_string(kPartitions + 5)) != std::string::npos, latest.error.c_str());
        QVERIFY(!latest.offsets.count({ m_topic, kPartitions + 5 }));
        for (int p = 0; p < 20; ++p) // the batches without the missing partition
            QCOMPARE(latest.offsets.at({ m_topic, p }), std::int64_t(p + 2));
    }
};

QTEST_GUILESS_MAIN(TestOffsetQueries)
#include "test_offset_queries.moc"
