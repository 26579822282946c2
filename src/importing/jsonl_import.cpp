// SPDX-License-Identifier: Apache-2.0
#include "importing/jsonl_import.h"

#include "audit/audit_log.h"
#include "decode/jsonl.h"
#include "kafka/client_config.h"
#include "kafka/produce_call.h"
#include "kafka/write_gate.h"
#include "replay/source_reader.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QUuid>
#include <array>
#include <chrono>
#include <fstream>
#include <set>

namespace sluice::importing {

namespace {

using Clock = std::chrono::steady_clock;

QString str(const std::string& s)
{
    return QString::fromStdString(s);
}

std::uint64_t recordBytes(const decode::Record& r)
{
    std::uint64_t n = (r.key ? r.key->size() : 0) + (r.value ? r.value->size() : 0);
    for (const auto& h : r.headers)
        n += h.name.size() + (h.value ? h.value->size() : 0);
    return n;
}

QJsonArray problemsJson(const std::vector<LineProblem>& problems)
{
    QJsonArray out;
    for (const auto& p : problems)
        out.append(QJsonObject {
            { QStringLiteral("line"), static_cast<qint64>(p.line) }, { QStringLiteral("message"), str(p.message) } });
    return out;
}

// The file's records line by line; a bad line is returned as its error and reading goes on,
// so that every error is counted and the first ones are listed with their line numbers.
class LineSource {
public:
    explicit LineSource(const QString& path)
        : m_in(path.toStdString(), std::ios::binary)
        , m_reader(m_in)
    {
    }
    bool isOpen() const { return m_in.is_open(); }
    bool bad() const { return m_reader.readFailed(); }
    std::optional<Result<decode::Record>> next() { return m_reader.nextLine(); }
    std::uint64_t line() const { return m_reader.lineNumber(); }

private:
    std::ifstream m_in;
    decode::JsonlReader m_reader;
};

kafka::ProduceCall produceCall(
    const decode::Record& record, const char* topic, std::int32_t partition, std::int64_t timestampMs, void* opaque)
{
    kafka::ProduceCall call(topic, partition, timestampMs, opaque, record.headers.size());
    call.setKey(record.key);
    call.setValue(record.value);
    for (const auto& h : record.headers)
        call.addHeader(h.name, h.value ? h.value->data() : nullptr, h.value ? h.value->size() : 0);
    return call;
}

struct InFlight {
    std::uint64_t line;
};

struct Delivery {
    std::uint64_t inFlight = 0;
    std::uint64_t produced = 0;
    std::uint64_t failed = 0;
    std::uint64_t purged = 0;
    std::map<std::string, std::uint64_t> failedByReason;
    std::vector<LineProblem> failures;
    void fail(std::uint64_t line, const std::string& reason)
    {
        ++failed;
        ++failedByReason[reason];
        if (failures.size() < kErrorListLimit)
            failures.push_back({ line, reason });
    }
};

void onDelivery(rd_kafka_t* /*rk*/, const rd_kafka_message_t* message, void* opaque)
{
    auto* delivery = static_cast<Delivery*>(opaque);
    std::unique_ptr<InFlight> record(static_cast<InFlight*>(message->_private));
    if (!record)
        return;
    --delivery->inFlight;
    if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        ++delivery->produced;
        return;
    }
    if (message->err == RD_KAFKA_RESP_ERR__PURGE_QUEUE || message->err == RD_KAFKA_RESP_ERR__PURGE_INFLIGHT) {
        ++delivery->purged;
        return;
    }
    delivery->fail(record->line,
        std::string("delivery failed: ") + rd_kafka_err2str(message->err) + " (" + rd_kafka_err2name(message->err)
            + ")");
}

struct ErrorDeleter {
    void operator()(rd_kafka_error_t* e) const
    {
        if (e)
            rd_kafka_error_destroy(e);
    }
};
using KafkaError = std::unique_ptr<rd_kafka_error_t, ErrorDeleter>;

} // namespace

std::string_view nameOf(PartitionMode mode)
{
    return mode == PartitionMode::ByKey ? "key" : "file";
}

std::string_view nameOf(TimestampMode mode)
{
    return mode == TimestampMode::Keep ? "keep" : "now";
}

QJsonObject ImportValidation::toJson() const
{
    QJsonObject partitions;
    for (const auto& [p, n] : perPartition)
        partitions.insert(p < 0 ? QStringLiteral("none") : QString::number(p), static_cast<qint64>(n));
    QJsonObject out { { QStringLiteral("file"), file }, { QStringLiteral("fileBytes"), static_cast<qint64>(fileBytes) },
        { QStringLiteral("lines"), static_cast<qint64>(lines) },
        { QStringLiteral("records"), static_cast<qint64>(records) },
        { QStringLiteral("bytes"), static_cast<qint64>(bytes) },
        { QStringLiteral("nullValues"), static_cast<qint64>(nullValues) },
        { QStringLiteral("perPartition"), partitions },
        { QStringLiteral("errorCount"), static_cast<qint64>(errorCount) },
        { QStringLiteral("errors"), problemsJson(errors) } };
    if (!advice.empty())
        out.insert(QStringLiteral("advice"), str(advice));
    return out;
}

QJsonObject ImportReport::toJson() const
{
    QJsonObject reasons;
    for (const auto& [r, n] : failedByReason)
        reasons.insert(str(r), static_cast<qint64>(n));
    QJsonObject out { { QStringLiteral("actionId"), str(actionId) }, { QStringLiteral("cluster"), str(cluster) },
        { QStringLiteral("topic"), str(topic) },
        { QStringLiteral("partitions"), str(std::string(nameOf(partitionMode))) },
        { QStringLiteral("timestamps"), str(std::string(nameOf(timestampMode))) },
        { QStringLiteral("completed"), completed }, { QStringLiteral("read"), static_cast<qint64>(read) },
        { QStringLiteral("produced"), static_cast<qint64>(produced) },
        { QStringLiteral("failed"), static_cast<qint64>(failed) },
        { QStringLiteral("notSent"), static_cast<qint64>(notSent) },
        { QStringLiteral("partitionFallbacks"), static_cast<qint64>(partitionFallbacks) },
        { QStringLiteral("failedByReason"), reasons }, { QStringLiteral("failures"), problemsJson(failures) } };
    if (!stopReason.empty())
        out.insert(QStringLiteral("stopReason"), str(stopReason));
    return out;
}

Result<ImportValidation> validateJsonlFile(const QString& path)
{
    ImportValidation v;
    v.file = path;
    const QFileInfo info(path);
    if (!info.exists() || !info.isFile())
        return Error { ErrorKind::NotFound, "No import file at " + path.toStdString() + ": check the path.", {} };
    v.fileBytes = static_cast<std::uint64_t>(info.size());
    LineSource source(path);
    if (!source.isOpen())
        return Error { ErrorKind::Configuration,
            "Couldn't open " + path.toStdString() + " for reading: check its permissions.", {} };
    while (auto next = source.next()) {
        ++v.lines;
        if (!*next) {
            ++v.errorCount;
            if (v.errors.size() < kErrorListLimit)
                v.errors.push_back({ source.line(), next->error().message });
            continue;
        }
        const decode::Record& r = next->value();
        ++v.records;
        v.bytes += recordBytes(r);
        if (!r.value)
            ++v.nullValues;
        ++v.perPartition[r.partition < 0 ? -1 : r.partition];
    }
    if (source.bad())
        return Error { ErrorKind::Fatal, "Couldn't read " + path.toStdString() + " to the end.", {} };
    if (v.errorCount > 0)
        v.advice = std::to_string(v.errorCount) + (v.errorCount == 1 ? " line is" : " lines are")
            + " not a record. Each line must be one JSON object as Sluice's JSON Lines export writes it (key, value, "
              "headers as strings, {\"base64\": …} or null). Fix or delete the listed lines, or export the records "
              "again; nothing is imported while the file has errors.";
    else if (v.records == 0)
        v.advice = "The file holds no records: nothing to import.";
    return v;
}

JsonlImporter::JsonlImporter(
    config::Workspace workspace, std::shared_ptr<kafka::SecretResolver> secrets, ImportOptions options)
    : m_workspace(std::move(workspace))
    , m_secrets(std::move(secrets))
    , m_options(std::move(options))
{
}

JsonlImporter::~JsonlImporter() = default;

Result<ImportReport> JsonlImporter::execute(const QString& path)
{
    m_cancelled = false;
    ImportProgress progress;
    auto lastReport = Clock::time_point {};
    auto publish = [&](bool force = false) {
        if (!m_options.onProgress)
            return;
        const auto now = Clock::now();
        if (!force && now - lastReport < std::chrono::milliseconds(200))
            return;
        lastReport = now;
        m_options.onProgress(progress);
    };
    progress.state = "validating";
    publish(true);

    const config::ClusterConfig* target = m_workspace.cluster(m_options.cluster);
    if (!target)
        return Error { ErrorKind::NotFound,
            "No cluster named \"" + m_options.cluster + "\" in the workspace: check the name.", {} };
    if (m_options.topic.empty())
        return Error { ErrorKind::Configuration, "Name the topic to import into.", {} };
    auto validation = validateJsonlFile(path);
    if (!validation)
        return validation.error();
    if (!validation->ok())
        return Error { ErrorKind::Configuration,
            validation->errors.empty() ? validation->advice
                                       : "Line " + std::to_string(validation->errors.front().line) + ": "
                    + validation->errors.front().message + " — " + validation->advice,
            {} };
    progress.total = validation->records;

    const std::string what = "import into " + m_options.topic + " on " + target->name;
    const std::string actionId = "import-" + QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
    audit::AuditLog log(m_options.auditPath.isEmpty() ? audit::AuditLog::defaultPath() : m_options.auditPath);
    audit::AuditEntry intent;
    intent.phase = QStringLiteral("intent");
    intent.action = QStringLiteral("import");
    intent.cluster = str(target->name);
    intent.actionId = str(actionId);
    intent.detail = QStringLiteral("%1 → %2: %3 records, %4 bytes, partitions by %5, timestamps %6")
                        .arg(QFileInfo(path).absoluteFilePath(), str(m_options.topic))
                        .arg(validation->records)
                        .arg(validation->bytes)
                        .arg(str(std::string(nameOf(m_options.partitionMode))),
                            str(std::string(nameOf(m_options.timestampMode))));
    if (auto written = log.append(intent); !written)
        return Error { written.error().kind,
            "Import refused: the audit log could not be written (" + written.error().message + ").",
            written.error().detail };
    auto outcome = [&](const QString& result) {
        audit::AuditEntry e = intent;
        e.phase = QStringLiteral("outcome");
        e.result = result;
        return log.append(e);
    };
    auto refuse = [&](const Error& error) -> Result<ImportReport> {
        (void)outcome(QStringLiteral("refused: ") + str(error.message));
        return error;
    };
    // Read-only clusters are refused here, before anything talks to them.
    if (auto allowed = kafka::authorize(*target, kafka::Mutation::CreateProducer, what); !allowed)
        return refuse(allowed.error());

    auto props = kafka::buildClientProperties(*target, *m_secrets);
    if (!props)
        return refuse(props.error());
    std::map<std::int32_t, bool> targetPartitions;
    {
        auto reader = replay::SourceReader::open(*props);
        if (!reader)
            return refuse(reader.error());
        auto partitions = (*reader)->partitions(m_options.topic, 10000);
        if (!partitions) {
            Error e = partitions.error();
            if (e.kind == ErrorKind::NotFound)
                e.message = "Topic " + m_options.topic + " does not exist on " + target->name
                    + ": create it first (the import does not create topics).";
            return refuse(e);
        }
        for (auto p : *partitions)
            targetPartitions[p] = true;
    }

    Delivery delivery;
    props->emplace_back("enable.idempotence", "true");
    props->emplace_back("acks", "all");
    props->emplace_back("partitioner", "murmur2_random"); // as Java clients: same key, same partition
    props->emplace_back("message.timeout.ms", std::to_string(m_options.messageTimeoutMs));
    props->emplace_back("linger.ms", "5");
    auto producer = kafka::createProducer(*target, *props, onDelivery, &delivery, what);
    if (!producer)
        return refuse(producer.error());
    rd_kafka_t* rk = (*producer)->handle();

    ImportReport report;
    report.actionId = actionId;
    report.cluster = target->name;
    report.topic = m_options.topic;
    report.partitionMode = m_options.partitionMode;
    report.timestampMode = m_options.timestampMode;
    constexpr std::uint64_t kMaxInFlight = 50000;
    LineSource source(path);
    progress.state = "sending";
    std::string fatal;
    while (!m_cancelled) {
        auto next = source.next();
        if (!next)
            break;
        if (!*next) { // the file changed since validation
            fatal = "Line " + std::to_string(source.line())
                + " no longer parses (the file changed during the import): " + next->error().message;
            break;
        }
        const decode::Record& record = next->value();
        ++report.read;
        ++progress.read;
        std::int32_t partition = RD_KAFKA_PARTITION_UA;
        if (m_options.partitionMode == PartitionMode::FromFile) {
            if (record.partition >= 0 && targetPartitions.count(record.partition))
                partition = record.partition;
            else
                ++report.partitionFallbacks;
        }
        const std::int64_t timestamp
            = m_options.timestampMode == TimestampMode::Keep && record.timestamp.ms > 0 ? record.timestamp.ms : 0;
        while (delivery.inFlight >= kMaxInFlight && !m_cancelled)
            rd_kafka_poll(rk, 20);
        auto* opaque = new InFlight { source.line() };
        bool sent = false;
        for (;;) {
            kafka::ProduceCall call = produceCall(record, m_options.topic.c_str(), partition, timestamp, opaque);
            KafkaError error((*producer)->produce(call.args(), call.count()));
            if (!error) {
                sent = true;
                break;
            }
            call.dropHeaders();
            const auto code = rd_kafka_error_code(error.get());
            if (code == RD_KAFKA_RESP_ERR__QUEUE_FULL && !m_cancelled) {
                rd_kafka_poll(rk, 20);
                continue;
            }
            delete opaque;
            if (code == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                ++report.notSent; // cancelled while the queue was full
                break;
            }
            const std::string reason = std::string("produce refused: ") + rd_kafka_error_string(error.get());
            if (rd_kafka_error_is_fatal(error.get()))
                fatal = reason;
            delivery.fail(source.line(), reason);
            break;
        }
        if (sent) {
            ++delivery.inFlight;
            ++progress.sent;
        }
        if (!fatal.empty())
            break;
        rd_kafka_poll(rk, 0);
        progress.produced = delivery.produced;
        progress.failed = delivery.failed;
        if ((progress.read & 255U) == 0)
            publish();
    }
    progress.state = "waiting for acknowledgements";
    while (delivery.inFlight > 0 && !m_cancelled) {
        rd_kafka_poll(rk, 100);
        progress.produced = delivery.produced;
        progress.failed = delivery.failed;
        publish();
    }
    if (delivery.inFlight > 0) {
        rd_kafka_purge(rk, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
        const auto deadline = Clock::now() + std::chrono::seconds(10);
        while (delivery.inFlight > 0 && Clock::now() < deadline)
            rd_kafka_poll(rk, 50);
    }
    producer->reset();

    report.produced = delivery.produced;
    report.failed = delivery.failed;
    report.notSent += delivery.purged + delivery.inFlight;
    report.failedByReason = delivery.failedByReason;
    report.failures = delivery.failures;
    report.completed = !m_cancelled && fatal.empty() && report.read == validation->records;
    if (m_cancelled)
        report.stopReason = "cancelled";
    else if (!fatal.empty())
        report.stopReason = fatal;
    else if (report.read != validation->records)
        report.stopReason = "the file holds fewer records than when it was validated";
    progress.produced = report.produced;
    progress.failed = report.failed;
    progress.state = "done";
    publish(true);

    QString result = report.completed && report.failed == 0
        ? QStringLiteral("ok")
        : (m_cancelled ? QStringLiteral("cancelled") : QStringLiteral("failed: ") + str(report.stopReason));
    result += QStringLiteral(": read %1, produced %2, failed %3, not sent %4")
                  .arg(report.read)
                  .arg(report.produced)
                  .arg(report.failed)
                  .arg(report.notSent);
    if (auto written = outcome(result); !written)
        report.stopReason += (report.stopReason.empty() ? "" : "; ")
            + std::string("the audit outcome could not be written: ") + written.error().message;
    return report;
}

} // namespace sluice::importing
