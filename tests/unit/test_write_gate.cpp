// SPDX-License-Identifier: Apache-2.0
// The write gate: a read-only cluster never gets a producer and every mutation is refused
// and counted; a writable cluster's calls are allowed and counted.
#include "kafka/write_gate.h"

#include <QTest>

using namespace sluice;

namespace {

config::ClusterConfig cluster(bool readOnly)
{
    config::ClusterConfig c;
    c.name = readOnly ? "prod-ro" : "dev";
    c.bootstrapServers = { "127.0.0.1:1" }; // nothing listens: no request can reach a broker
    c.readOnly = readOnly;
    return c;
}

std::size_t idx(kafka::Mutation m)
{
    return static_cast<std::size_t>(m);
}

} // namespace

class TestWriteGate : public QObject {
    Q_OBJECT
private slots:
    void readOnlyRefusesEveryMutation()
    {
        const auto before = kafka::gateCounts();
        const auto ro = cluster(true);
        for (std::size_t i = 0; i < kafka::kMutationKinds; ++i) {
            const auto status = kafka::authorize(ro, static_cast<kafka::Mutation>(i), "test");
            QVERIFY(!status);
            QVERIFY(QString::fromStdString(status.error().message).contains(QLatin1String("read-only")));
        }
        const auto after = kafka::gateCounts();
        QCOMPARE(after.allowedTotal(), before.allowedTotal());
        QCOMPARE(after.refusedTotal(), before.refusedTotal() + kafka::kMutationKinds);
    }

    void readOnlyNeverCreatesProducer()
    {
        const auto before = kafka::gateCounts();
        auto producer = kafka::createProducer(
            cluster(true), { { "bootstrap.servers", "127.0.0.1:1" } }, nullptr, nullptr, "replay to orders");
        QVERIFY(!producer);
        QVERIFY(QString::fromStdString(producer.error().message).contains(QLatin1String("replay to orders")));
        const auto after = kafka::gateCounts();
        QCOMPARE(after.refused[idx(kafka::Mutation::CreateProducer)],
            before.refused[idx(kafka::Mutation::CreateProducer)] + 1);
        QCOMPARE(
            after.allowed[idx(kafka::Mutation::CreateProducer)], before.allowed[idx(kafka::Mutation::CreateProducer)]);
    }

    void writableProducerCountsProduce()
    {
        const auto before = kafka::gateCounts();
        auto producer = kafka::createProducer(
            cluster(false), { { "bootstrap.servers", "127.0.0.1:1" } }, nullptr, nullptr, "test");
        QVERIFY(producer);
        const char value[] = "v";
        rd_kafka_vu_t vus[3];
        vus[0].vtype = RD_KAFKA_VTYPE_TOPIC;
        vus[0].u.cstr = "t";
        vus[1].vtype = RD_KAFKA_VTYPE_VALUE;
        vus[1].u.mem.ptr = const_cast<char*>(value);
        vus[1].u.mem.size = 1;
        vus[2].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
        vus[2].u.i = RD_KAFKA_MSG_F_COPY;
        rd_kafka_error_t* error = (*producer)->produce(vus, 3);
        QVERIFY(!error); // queued locally; nothing listens, so it is purged at destruction
        rd_kafka_purge((*producer)->handle(), RD_KAFKA_PURGE_F_QUEUE);
        const auto after = kafka::gateCounts();
        QCOMPARE(after.allowed[idx(kafka::Mutation::CreateProducer)],
            before.allowed[idx(kafka::Mutation::CreateProducer)] + 1);
        QCOMPARE(after.allowed[idx(kafka::Mutation::Produce)], before.allowed[idx(kafka::Mutation::Produce)] + 1);
    }

    void invalidSettingIsConfigurationError()
    {
        auto producer = kafka::createProducer(cluster(false), { { "no.such.setting", "1" } }, nullptr, nullptr, "test");
        QVERIFY(!producer);
        QCOMPARE(producer.error().kind, ErrorKind::Configuration);
    }
};

QTEST_GUILESS_MAIN(TestWriteGate)
#include "test_write_gate.moc"
