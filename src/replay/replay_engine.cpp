// SPDX-License-Identifier: Apache-2.0
#include "replay/replay_engine.h"

#include "dlq/header_decoding.h"
#include "kafka/admin_calls.h"
#include "kafka/client_config.h"
#include "kafka/produce_call.h"
#include "kafka/write_gate.h"
#include "replay/replay_catalog.h"
#include "replay/selection_cursor.h"
#include "replay/source_reader.h"
#include "support/logging.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <array>
#include <chrono>
#include <thread>
#include <unordered_map>

namespace sluice::replay {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kMetadataTimeoutMs = 15000;

std::int64_t nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QString str(const std::string& text)
{
    return QString::fromStdString(text);
}

QJsonValue bytesJson(const std::optional<std::string>& bytes)
{
    if (!bytes)
        return QJsonValue::Null;
    const QByteArray raw(bytes->data(), static_cast<qsizetype>(bytes->size()));
    QJsonObject out;
    // Text when it is valid UTF-8 without control characters, base64 otherwise.
    const QString text = QString::fromUtf8(raw);
    bool printable = text.toUtf8() == raw;
    for (QChar c : text)
        printable = printable && (c.unicode() >= 0x20 || c == QLatin1Char('\n') || c == QLatin1Char('\t'));
    if (printable)
        out.insert(QStringLiteral("text"), text);
    else
        out.insert(QStringLiteral("base64"), QString::fromLatin1(raw.toBase64()));
    return out;
}

QJsonObject sampleJson(const decode::RecordView& source, const OutgoingRecord& out)
{
    QJsonObject json;
    json.insert(QStringLiteral("source"),
        QStringLiteral("%1/%2/%3")
            .arg(QString::fromUtf8(source.topic.data(), static_cast<qsizetype>(source.topic.size())))
            .arg(source.partition)
            .arg(source.offset));
    json.insert(QStringLiteral("topic"), str(out.topic));
    json.insert(QStringLiteral("partition"), out.partition);
    json.insert(QStringLiteral("timestampMs"), static_cast<qint64>(out.timestampMs));
    json.insert(QStringLiteral("key"), bytesJson(out.key));
    json.insert(QStringLiteral("value"), bytesJson(out.value));
    QJsonArray headers;
    for (const auto& [name, value] : out.headers)
        headers.append(
            QJsonObject { { QStringLiteral("name"), str(name) }, { QStringLiteral("value"), bytesJson(value) } });
    json.insert(QStringLiteral("headers"), headers);
    return json;
}

QJsonArray outcomesJson(const std::vector<RecordOutcome>& list)
{
    QJsonArray out;
    for (const auto& o : list)
        out.append(QJsonObject { { QStringLiteral("partition"), o.partition },
            { QStringLiteral("offset"), static_cast<qint64>(o.offset) }, { QStringLiteral("reason"), str(o.reason) } });
    return out;
}

std::uint64_t coordinateKey(std::int32_t partition, std::int64_t offset)
{
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(partition)) << 44)
        ^ static_cast<std::uint64_t>(offset);
}

// Waits so that neither rate is exceeded; `idle` runs while waiting (producer polling).
class RateLimiter {
public:
    RateLimiter(double recordsPerSecond, double bytesPerSecond)
        : m_rps(recordsPerSecond)
        , m_bps(bytesPerSecond)
        , m_start(Clock::now())
    {
    }
    template <typename Idle> void acquire(std::size_t bytes, const std::atomic<bool>& cancelled, Idle&& idle)
    {
        if (m_rps <= 0 && m_bps <= 0)
            return;
        m_records += 1;
        m_bytes += static_cast<double>(bytes);
        double due = 0;
        if (m_rps > 0)
            due = std::max(due, (m_records - 1) / m_rps);
        if (m_bps > 0)
            due = std::max(due, (m_bytes - static_cast<double>(bytes)) / m_bps);
        const auto at = m_start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(due));
        while (Clock::now() < at && !cancelled.load())
            idle(static_cast<int>(std::clamp<long long>(
                std::chrono::duration_cast<std::chrono::milliseconds>(at - Clock::now()).count(), 1, 50)));
    }

private:
    double m_rps, m_bps;
    Clock::time_point m_start;
    double m_records = 0, m_bytes = 0;
};

kafka::ProduceCall produceCall(const OutgoingRecord& record, void* opaque)
{
    kafka::ProduceCall call(record.topic.c_str(), record.partition, record.timestampMs, opaque, record.headers.size());
    call.setKey(record.key);
    call.setValue(record.value);
    for (const auto& [name, value] : record.headers)
        call.addHeader(name, value ? value->data() : nullptr, value ? value->size() : 0);
    return call;
}

struct InFlight {
    std::int32_t partition;
    std::int64_t offset;
};

// State the delivery callback updates; it runs on the engine thread inside rd_kafka_poll/flush.
struct Delivery {
    ProgressTracker* tracker = nullptr;
    const Journal* journal = nullptr;
    bool transactional = false;
    std::uint64_t delivered = 0;
    std::uint64_t failed = 0;
    std::uint64_t purged = 0;
    std::string fatal;
    std::vector<RecordOutcome> batchFailures; // exactly-once: permanent failures in the open transaction
    std::vector<RecordOutcome> failures; // idempotent: listed in the report
};

bool isPermanent(rd_kafka_resp_err_t err)
{
    switch (err) {
    case RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE:
    case RD_KAFKA_RESP_ERR_INVALID_RECORD:
    case RD_KAFKA_RESP_ERR_INVALID_MSG:
    case RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART:
    case RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC:
    case RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION:
    case RD_KAFKA_RESP_ERR__MSG_TIMED_OUT:
    case RD_KAFKA_RESP_ERR_RECORD_LIST_TOO_LARGE:
    case RD_KAFKA_RESP_ERR_INVALID_TIMESTAMP:
    case RD_KAFKA_RESP_ERR_POLICY_VIOLATION:
        return true;
    default:
        return false;
    }
}

void onDelivery(rd_kafka_t* /*rk*/, const rd_kafka_message_t* message, void* opaque)
{
    auto* delivery = static_cast<Delivery*>(opaque);
    std::unique_ptr<InFlight> record(static_cast<InFlight*>(message->_private));
    if (!record)
        return;
    if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        ++delivery->delivered;
        if (delivery->tracker)
            delivery->tracker->settled(record->partition, record->offset);
        return;
    }
    const std::string reason = std::string("delivery failed: ") + rd_kafka_err2str(message->err) + " ("
        + rd_kafka_err2name(message->err) + ")";
    if (message->err == RD_KAFKA_RESP_ERR__PURGE_QUEUE || message->err == RD_KAFKA_RESP_ERR__PURGE_INFLIGHT) {
        ++delivery->purged; // cancelled: stays pending, a resume sends it
        return;
    }
    if (message->err == RD_KAFKA_RESP_ERR__FATAL) {
        if (delivery->fatal.empty())
            delivery->fatal = reason;
        return;
    }
    if (delivery->transactional) {
        // The transaction is aborted; permanent failures are recorded and not retried.
        if (isPermanent(message->err))
            delivery->batchFailures.push_back({ record->partition, record->offset, reason });
        return;
    }
    // Idempotent mode retries retriable errors forever (message.timeout.ms=0); what arrives
    // here failed for good.
    ++delivery->failed;
    if (delivery->journal)
        (void)delivery->journal->appendFailure({ record->partition, record->offset, reason });
    if (delivery->failures.size() < kListLimit)
        delivery->failures.push_back({ record->partition, record->offset, reason });
    if (delivery->tracker)
        delivery->tracker->settled(record->partition, record->offset);
}

std::string errorText(rd_kafka_error_t* error)
{
    std::string text = std::string(rd_kafka_error_string(error)) + " (" + rd_kafka_error_name(error) + ")";
    return text;
}

struct ErrorDeleter {
    void operator()(rd_kafka_error_t* e) const { rd_kafka_error_destroy(e); }
};
using KafkaError = std::unique_ptr<rd_kafka_error_t, ErrorDeleter>;

// Before the first write to a topic: the end of each of its partitions, where verification
// starts reading it back. Saved before anything is produced to it.
Status recordTargetStart(SourceReader& reader, const std::string& topic, const Journal& journal, JournalState& state)
{
    if (state.targetStart.count(topic))
        return Ok {};
    auto partitions = reader.partitions(topic, kMetadataTimeoutMs);
    if (!partitions)
        return partitions.error();
    std::map<std::int32_t, std::int64_t> ends;
    for (auto p : *partitions) {
        auto marks = reader.watermarks(topic, p, kMetadataTimeoutMs);
        if (!marks)
            return marks.error();
        ends[p] = marks->second;
    }
    state.targetStart[topic] = ends;
    return journal.save(state);
}

} // namespace

QJsonObject DryRunReport::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("replayId"), str(plan.id));
    json.insert(QStringLiteral("planHash"), str(planHash));
    json.insert(QStringLiteral("selected"), static_cast<qint64>(selected));
    json.insert(QStringLiteral("toSend"), static_cast<qint64>(toSend));
    json.insert(QStringLiteral("bytes"), static_cast<qint64>(bytes));
    std::uint64_t skippedTotal = 0;
    QJsonObject reasons;
    for (const auto& [reason, count] : skippedByReason) {
        reasons.insert(str(reason), static_cast<qint64>(count));
        skippedTotal += count;
    }
    json.insert(QStringLiteral("skipped"), static_cast<qint64>(skippedTotal));
    json.insert(QStringLiteral("skippedByReason"), reasons);
    json.insert(QStringLiteral("skippedRecords"), outcomesJson(skipped));
    QJsonObject targets;
    for (const auto& [topic, partitions] : perTarget) {
        QJsonObject perPartition;
        for (const auto& [partition, count] : partitions)
            perPartition.insert(QString::number(partition), static_cast<qint64>(count));
        targets.insert(str(topic), perPartition);
    }
    json.insert(QStringLiteral("targets"), targets);
    QJsonArray samples;
    for (const auto& s : sample)
        samples.append(s);
    json.insert(QStringLiteral("sample"), samples);
    QJsonArray warningList;
    for (const auto& w : warnings)
        warningList.append(str(w));
    json.insert(QStringLiteral("warnings"), warningList);
    return json;
}

QJsonObject ReplayReport::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("replayId"), str(replayId));
    json.insert(QStringLiteral("planHash"), str(planHash));
    json.insert(QStringLiteral("mode"), str(std::string(nameOf(mode))));
    json.insert(QStringLiteral("completed"), completed);
    if (!stopReason.empty())
        json.insert(QStringLiteral("stopReason"), str(stopReason));
    json.insert(QStringLiteral("selected"), static_cast<qint64>(selected));
    json.insert(QStringLiteral("delivered"), static_cast<qint64>(delivered));
    json.insert(QStringLiteral("skipped"), static_cast<qint64>(skipped));
    json.insert(QStringLiteral("failed"), static_cast<qint64>(failed));
    json.insert(QStringLiteral("notYetSent"), static_cast<qint64>(notYetSent));
    json.insert(QStringLiteral("lost"), static_cast<qint64>(lost));
    json.insert(QStringLiteral("accountsForEveryRecord"), accountsForEveryRecord());
    QJsonObject reasons;
    for (const auto& [reason, count] : skippedByReason)
        reasons.insert(str(reason), static_cast<qint64>(count));
    json.insert(QStringLiteral("skippedByReason"), reasons);
    json.insert(QStringLiteral("skippedRecords"), outcomesJson(skippedRecords));
    json.insert(QStringLiteral("failedRecords"), outcomesJson(failedRecords));
    json.insert(QStringLiteral("runs"), runs);
    json.insert(QStringLiteral("possibleDuplicates"), static_cast<qint64>(possibleDuplicates));
    QJsonObject v;
    v.insert(QStringLiteral("performed"), verification.performed);
    if (!verification.performed)
        v.insert(QStringLiteral("reason"), str(verification.notPerformedReason));
    v.insert(QStringLiteral("expected"), static_cast<qint64>(verification.expected));
    v.insert(QStringLiteral("found"), static_cast<qint64>(verification.found));
    v.insert(QStringLiteral("missing"), static_cast<qint64>(verification.missing));
    v.insert(QStringLiteral("corrupted"), static_cast<qint64>(verification.corrupted));
    v.insert(QStringLiteral("duplicates"), static_cast<qint64>(verification.duplicates));
    v.insert(QStringLiteral("reordered"), static_cast<qint64>(verification.reordered));
    v.insert(QStringLiteral("problems"), outcomesJson(verification.problems));
    json.insert(QStringLiteral("verification"), v);
    return json;
}

struct ReplayEngine::Impl {
    config::Workspace workspace;
    std::shared_ptr<kafka::SecretResolver> secrets;
    EngineOptions options;
    std::atomic<bool> paused { false };
    std::atomic<bool> cancelled { false };

    Result<const config::ClusterConfig*> cluster(const std::string& name) const
    {
        const config::ClusterConfig* c = workspace.cluster(name);
        if (!c)
            return Error { ErrorKind::Configuration, "The workspace has no cluster named " + name + ".", {} };
        return c;
    }

    Result<kafka::ClientProperties> properties(const config::ClusterConfig& c) const
    {
        return kafka::buildClientProperties(c, *secrets);
    }

    Result<std::unique_ptr<SourceReader>> reader(const std::string& clusterName) const
    {
        auto c = cluster(clusterName);
        if (!c)
            return c.error();
        auto props = properties(**c);
        if (!props)
            return props.error();
        return SourceReader::open(*props);
    }

    QString dataDirectory() const
    {
        return options.dataDirectory.isEmpty() ? audit::AuditLog::dataDirectory() : options.dataDirectory;
    }

    ReplayProgress lastProgress; // what was last published; verification carries the counts on

    void publish(const ReplayProgress& progress, Clock::time_point& last, bool force = false)
    {
        lastProgress = progress;
        if (!options.onProgress)
            return;
        const auto now = Clock::now();
        if (!force && now - last < std::chrono::milliseconds(200))
            return;
        last = now;
        options.onProgress(progress);
    }

    Result<ReplayPlan> pin(ReplayPlan plan, SourceReader& source) const;
    Result<std::map<std::int32_t, std::int64_t>> logStarts(const ReplayPlan& plan, SourceReader& source) const;
    Status runIdempotent(const ReplayPlan& plan, const config::ClusterConfig& target, const Journal& journal,
        JournalState& state, const TransformContext& context, ReplayReport& report);
    Status runTransactional(const ReplayPlan& plan, const config::ClusterConfig& target, const Journal& journal,
        JournalState& state, const TransformContext& context, ReplayReport& report);
    void verify(const ReplayPlan& plan, const Journal& journal, const JournalState& state,
        const TransformContext& context, ReplayReport& report);
};

Result<ReplayPlan> ReplayEngine::Impl::pin(ReplayPlan plan, SourceReader& source) const
{
    if (plan.id.empty())
        plan.id = newReplayId();
    if (plan.isPinned())
        return plan;
    auto partitions = source.partitions(plan.sourceTopic, kMetadataTimeoutMs);
    if (!partitions)
        return partitions.error();
    for (auto p : *partitions) {
        auto marks = source.watermarks(plan.sourceTopic, p, kMetadataTimeoutMs);
        if (!marks)
            return marks.error();
        plan.pinnedEnd[p] = marks->second;
    }
    if (plan.selection == SelectionKind::TimeRange) {
        auto from = source.offsetsForTime(plan.sourceTopic, *partitions, plan.fromMs, kMetadataTimeoutMs);
        if (!from)
            return from.error();
        auto to = source.offsetsForTime(plan.sourceTopic, *partitions, plan.toMs, kMetadataTimeoutMs);
        if (!to)
            return to.error();
        plan.selection = SelectionKind::Offsets;
        plan.offsets.clear();
        for (auto p : *partitions) {
            if ((*to)[p] > (*from)[p])
                plan.offsets[p] = { { (*from)[p], (*to)[p] - 1 } };
        }
        if (plan.offsets.empty())
            return Error { ErrorKind::NotFound, "No records of " + plan.sourceTopic + " fall in the time range.", {} };
    }
    if (plan.selection == SelectionKind::Filter && !plan.filterNowMs)
        plan.filterNowMs = nowMs();
    return plan;
}

Result<std::map<std::int32_t, std::int64_t>> ReplayEngine::Impl::logStarts(
    const ReplayPlan& plan, SourceReader& source) const
{
    std::map<std::int32_t, std::int64_t> out;
    for (const auto& [p, end] : plan.pinnedEnd) {
        auto marks = source.watermarks(plan.sourceTopic, p, kMetadataTimeoutMs);
        if (!marks)
            return marks.error();
        out[p] = marks->first;
    }
    return out;
}

ReplayEngine::ReplayEngine(
    config::Workspace workspace, std::shared_ptr<kafka::SecretResolver> secrets, EngineOptions options)
    : m_impl(std::make_unique<Impl>())
{
    m_impl->workspace = std::move(workspace);
    m_impl->secrets = std::move(secrets);
    m_impl->options = std::move(options);
}

ReplayEngine::~ReplayEngine() = default;

void ReplayEngine::pause()
{
    m_impl->paused = true;
}

void ReplayEngine::resume()
{
    m_impl->paused = false;
}

void ReplayEngine::cancel()
{
    m_impl->cancelled = true;
}

QString ReplayEngine::journalFolder(const std::string& replayId) const
{
    return QDir(m_impl->dataDirectory()).filePath(QStringLiteral("replays/") + str(replayId));
}

QString ReplayEngine::auditPath() const
{
    return m_impl->options.auditPath.isEmpty() ? QDir(m_impl->dataDirectory()).filePath(QStringLiteral("audit.jsonl"))
                                               : m_impl->options.auditPath;
}

Result<DryRunReport> ReplayEngine::dryRun(ReplayPlan input)
{
    Impl& d = *m_impl;
    auto source = d.reader(input.sourceCluster);
    if (!source)
        return source.error();
    auto pinned = d.pin(std::move(input), **source);
    if (!pinned)
        return pinned.error();
    DryRunReport out;
    out.plan = std::move(*pinned);
    const ReplayPlan& plan = out.plan;
    out.planHash = planHash(plan);

    if (plan.mode == ExecutionMode::ExactlyOnce && plan.effectiveTargetCluster() != plan.sourceCluster)
        return Error { ErrorKind::Configuration,
            "Exactly-once mode needs the target on the source cluster (its progress is committed in the "
            "same transaction). Choose idempotent mode for another cluster.",
            {} };

    // Target partition counts (a consumer reads metadata: a dry run creates no producer).
    std::unique_ptr<SourceReader> targetReaderOwner;
    SourceReader* targetReader = source->get();
    if (plan.effectiveTargetCluster() != plan.sourceCluster) {
        auto other = d.reader(plan.effectiveTargetCluster());
        if (!other)
            return other.error();
        targetReaderOwner = std::move(*other);
        targetReader = targetReaderOwner.get();
    }
    auto counts = targetReader->partitionCounts(kMetadataTimeoutMs);
    if (!counts)
        return counts.error();

    TransformContext context;
    context.plan = &plan;
    context.replayId = plan.id;
    context.nowMs = nowMs();
    context.computeChecksum = false; // the dry run compares nothing
    context.partitionCount = [&counts](const std::string& topic) -> std::optional<int> {
        auto it = counts->find(topic);
        return it == counts->end() ? std::nullopt : std::optional<int>(it->second);
    };

    auto starts = d.logStarts(plan, **source);
    if (!starts)
        return starts.error();
    const ReadRange range = readRange(plan, *starts);
    // Selected offsets below the log start are gone already.
    auto cursor = SelectionCursor::create(plan);
    if (!cursor)
        return cursor.error();
    auto skip = [&out](std::int32_t p, std::int64_t o, const std::string& reason, const std::string& detail) {
        ++out.skippedByReason[reason];
        if (out.skipped.size() < kListLimit)
            out.skipped.push_back({ p, o, reason + (detail.empty() ? "" : ": " + detail) });
    };
    for (const auto& [p, ranges] : plan.offsets) {
        if (plan.selection != SelectionKind::Offsets)
            break;
        const std::int64_t readFrom = range.start.count(p) ? range.start.at(p)
            : plan.pinnedEnd.count(p)                      ? plan.pinnedEnd.at(p)
                                                           : 0;
        out.selected += cursor->missing(p, 0, readFrom, [&](std::int64_t o) {
            skip(p, o, std::string(nameOf(SkipReason::NotInTopic)), "deleted by retention or compaction");
        });
    }

    if (auto s = (*source)->assign(plan.sourceTopic, range.start, range.end); !s)
        return s.error();
    std::map<std::int32_t, std::int64_t> position = range.start;
    std::vector<decode::HeaderView> headerStorage;
    std::set<std::string> originalTopics;
    ReplayProgress progress;
    progress.state = "dry run: reading the selection";
    Clock::time_point lastReport {};
    auto handleMissing = [&](std::int32_t p, std::int64_t upTo) {
        out.selected += cursor->missing(p, position[p], upTo, [&](std::int64_t o) {
            skip(p, o, std::string(nameOf(SkipReason::NotInTopic)), "no record at this offset");
        });
        position[p] = std::max(position[p], upTo);
    };
    while (!(*source)->done()) {
        if (d.cancelled)
            return Error { ErrorKind::Transient, "The dry run was cancelled.", {} };
        auto message = (*source)->next(100);
        if (!message)
            return message.error();
        for (auto p : (*source)->takeFinished())
            handleMissing(p, range.end.at(p));
        if (!*message)
            continue;
        const decode::RecordView view = viewOf(message->get(), headerStorage);
        handleMissing(view.partition, view.offset);
        position[view.partition] = view.offset + 1;
        const auto verdict = cursor->check(view);
        if (verdict == SelectionCursor::Verdict::NotSelected)
            continue;
        ++out.selected;
        if (verdict == SelectionCursor::Verdict::BudgetExceeded) {
            skip(view.partition, view.offset, std::string(nameOf(SkipReason::FilterBudget)), "");
            continue;
        }
        if (auto info = dlq::decodeConnectHeaders(view.headers); info.originalTopic)
            originalTopics.insert(*info.originalTopic);
        else if (auto spring = dlq::decodeSpringHeaders(view.headers); spring.originalTopic)
            originalTopics.insert(*spring.originalTopic);
        auto result = transformRecord(view, context);
        if (auto* skipped = std::get_if<Skip>(&result)) {
            skip(view.partition, view.offset, std::string(nameOf(skipped->reason)), skipped->detail);
            continue;
        }
        const auto& record = std::get<OutgoingRecord>(result);
        ++out.toSend;
        out.bytes += record.bytes();
        ++out.perTarget[record.topic][record.partition];
        if (static_cast<int>(out.sample.size()) < d.options.sampleSize)
            out.sample.push_back(sampleJson(view, record));
        progress.sent = out.toSend;
        d.publish(progress, lastReport);
    }
    for (const auto& [p, end] : range.end)
        handleMissing(p, end);

    // Loop guard warnings.
    for (const auto& [topic, partitions] : out.perTarget) {
        if (topic == plan.sourceTopic)
            out.warnings.push_back(
                "The target " + topic + " is the dead-letter topic itself: records would loop at once.");
        else if (originalTopics.count(topic))
            out.warnings.push_back("The target " + topic + " feeds the dead-letter topic " + plan.sourceTopic
                + ": records that fail again come back there, with sluice.replay.count raised; the "
                  "loop guard skips them after "
                + std::to_string(plan.maxReplayCount) + " replays.");
    }
    if (out.skippedByReason.count(std::string(nameOf(SkipReason::ReplayLimit))) && plan.onLimit == LimitAction::Refuse)
        out.warnings.push_back("Some records reached the replay limit and the plan refuses such a replay: execution "
                               "will be refused. Set loopGuard.onLimit to skip, or raise maxReplayCount.");
    auto target = d.cluster(plan.effectiveTargetCluster());
    if (target && (*target)->readOnly)
        out.warnings.push_back(
            "Cluster " + plan.effectiveTargetCluster() + " is read-only in this workspace: execution will be refused.");
    if (target && (*target)->production)
        out.warnings.push_back(
            "Cluster " + plan.effectiveTargetCluster() + " is a production cluster: confirm by typing its name.");
    return out;
}

Result<ReplayReport> ReplayEngine::execute(const ReplayPlan& plan, const std::string& reviewedHash)
{
    Impl& d = *m_impl;
    d.cancelled = false;
    if (!plan.isPinned() || plan.id.empty())
        return Error { ErrorKind::Configuration,
            "This plan was not reviewed: run a dry run first and execute the plan it writes.", {} };
    const std::string hash = planHash(plan);
    if (hash != reviewedHash)
        return Error { ErrorKind::Configuration,
            "The plan differs from the one reviewed in the dry run (plan hash " + hash.substr(0, 12) + "…, reviewed "
                + reviewedHash.substr(0, std::min<std::size_t>(12, reviewedHash.size()))
                + "…). Run the dry run again and review it.",
            {} };
    auto targetCluster = d.cluster(plan.effectiveTargetCluster());
    if (!targetCluster)
        return targetCluster.error();
    if (plan.mode == ExecutionMode::ExactlyOnce && plan.effectiveTargetCluster() != plan.sourceCluster)
        return Error { ErrorKind::Configuration, "Exactly-once mode needs the target on the source cluster.", {} };

    const Journal journal(journalFolder(plan.id));
    audit::AuditLog log(auditPath());
    audit::AuditEntry intent;
    intent.phase = QStringLiteral("intent");
    intent.action = QStringLiteral("replay");
    intent.cluster = str(plan.effectiveTargetCluster());
    intent.actionId = str(plan.id);
    intent.plan = str(hash);
    intent.report = journal.reportPath();
    intent.detail = QStringLiteral("%1 → %2, %3 mode")
                        .arg(str(plan.sourceTopic),
                            plan.targetMode == TargetMode::OriginalTopic ? QStringLiteral("original topics")
                                                                         : str(plan.targetTopic),
                            str(std::string(nameOf(plan.mode))));
    if (auto written = log.append(intent); !written)
        return written.error();
    auto outcome = [&](const QString& result) {
        audit::AuditEntry e = intent;
        e.phase = QStringLiteral("outcome");
        e.result = result;
        return log.append(e);
    };
    // Read-only clusters are refused here, before anything else talks to them.
    if (auto allowed = kafka::authorize(
            **targetCluster, kafka::Mutation::CreateProducer, "replay to " + plan.effectiveTargetCluster());
        !allowed) {
        (void)outcome(QStringLiteral("refused: ") + str(allowed.error().message));
        return allowed.error();
    }

    JournalState state;
    if (journal.exists()) {
        auto loaded = journal.load();
        if (!loaded) {
            (void)outcome(QStringLiteral("failed: ") + str(loaded.error().message));
            return loaded.error();
        }
        state = *loaded;
        if (state.planHash != hash) {
            (void)outcome(QStringLiteral("refused: the journal belongs to another plan"));
            return Error { ErrorKind::Configuration, "The replay id " + plan.id + " was used by another plan.", {} };
        }
        if (state.finished) {
            (void)outcome(QStringLiteral("refused: already finished"));
            return Error { ErrorKind::Configuration,
                "Replay " + plan.id + " has finished already; see its report at " + journal.reportPath().toStdString()
                    + ".",
                {} };
        }
    }
    state.planHash = hash;
    ++state.runs;
    // The reviewed plan next to the journal, so that an interrupted replay can be offered
    // for resuming (replay_catalog.h) without the file the operator executed.
    if (const QString stored = QDir(journal.folder()).filePath(QLatin1String(kReviewedPlanFile));
        !QFile::exists(stored)) {
        Status written = QDir().mkpath(journal.folder())
            ? writePlanFile(plan, stored, str(hash))
            : Status(
                Error { ErrorKind::Fatal, "Couldn't create the replay folder " + journal.folder().toStdString(), {} });
        if (!written) {
            (void)outcome(QStringLiteral("failed: ") + str(written.error().message));
            return written.error();
        }
    }

    TransformContext context;
    context.plan = &plan;
    context.replayId = plan.id;
    context.nowMs = nowMs();
    auto metaReader = d.reader(plan.effectiveTargetCluster());
    if (!metaReader) {
        (void)outcome(QStringLiteral("failed: ") + str(metaReader.error().message));
        return metaReader.error();
    }
    auto counts = (*metaReader)->partitionCounts(kMetadataTimeoutMs);
    if (!counts) {
        (void)outcome(QStringLiteral("failed: ") + str(counts.error().message));
        return counts.error();
    }
    context.partitionCount = [&counts](const std::string& topic) -> std::optional<int> {
        auto it = counts->find(topic);
        return it == counts->end() ? std::nullopt : std::optional<int>(it->second);
    };

    ReplayReport report;
    report.replayId = plan.id;
    report.planHash = hash;
    report.mode = plan.mode;
    TransformContext sending = context;
    sending.computeChecksum = false; // only the verification compares checksums
    Status run = plan.mode == ExecutionMode::Idempotent
        ? d.runIdempotent(plan, **targetCluster, journal, state, sending, report)
        : d.runTransactional(plan, **targetCluster, journal, state, sending, report);
    if (!run)
        report.stopReason = run.error().message;
    else if (d.cancelled)
        report.stopReason = "cancelled";
    report.completed = run && !d.cancelled;
    state.finished = report.completed;
    (void)journal.save(state);

    d.verify(plan, journal, state, context, report);
    report.runs = state.runs;
    report.possibleDuplicates = state.possibleDuplicates;
    {
        QFile file(journal.reportPath());
        if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            file.write(QJsonDocument(report.toJson()).toJson(QJsonDocument::Indented));
    }
    QString result = report.completed ? QStringLiteral("ok") : QStringLiteral("stopped: ") + str(report.stopReason);
    result += QStringLiteral(" (selected %1, delivered %2, skipped %3, failed %4, not yet sent %5, lost %6)")
                  .arg(report.selected)
                  .arg(report.delivered)
                  .arg(report.skipped)
                  .arg(report.failed)
                  .arg(report.notYetSent)
                  .arg(report.lost);
    (void)outcome(result);
    return report;
}

Status ReplayEngine::Impl::runIdempotent(const ReplayPlan& plan, const config::ClusterConfig& target,
    const Journal& journal, JournalState& state, const TransformContext& context, ReplayReport& /*report*/)
{
    auto source = reader(plan.sourceCluster);
    if (!source)
        return source.error();
    auto starts = logStarts(plan, **source);
    if (!starts)
        return starts.error();
    const ReadRange range = readRange(plan, *starts);
    if (state.runs > 1) {
        // After an orderly stop, exactly the records it had sent past the journal position;
        // after a crash, at most the in-flight window plus the records acknowledged since the
        // last checkpoint. Never more than this run can send again.
        const std::uint64_t bound = state.stoppedCleanly
            ? state.sentPastNext
            : static_cast<std::uint64_t>(plan.maxInFlight + plan.checkpointEvery - 1);
        state.possibleDuplicates
            += std::min(bound, resendableRecords(plan, range, resumePositions(range.start, range.end, state.next)));
    }
    state.stoppedCleanly = false; // until this run ends in order
    state.sentPastNext = 0;
    auto meta = reader(plan.effectiveTargetCluster());
    if (!meta)
        return meta.error();
    auto ensureTargetStart = [&](const std::string& topic) { return recordTargetStart(**meta, topic, journal, state); };
    if (auto saved = journal.save(state); !saved)
        return saved.error();

    ProgressTracker tracker;
    Delivery delivery;
    delivery.tracker = &tracker;
    delivery.journal = &journal;
    auto props = properties(target);
    if (!props)
        return props.error();
    props->emplace_back("enable.idempotence", "true");
    props->emplace_back("acks", "all");
    props->emplace_back("message.timeout.ms", "0"); // retry through outages; only permanent errors fail
    props->emplace_back("linger.ms", "5");
    props->emplace_back("queue.buffering.max.messages", std::to_string(std::max(100000, plan.maxInFlight * 2)));
    auto producer = kafka::createProducer(target, *props, onDelivery, &delivery, "replay to " + target.name);
    if (!producer)
        return producer.error();

    const auto positions = resumePositions(range.start, range.end, state.next);
    for (const auto& [p, o] : positions)
        tracker.start(p, o);
    for (const auto& [p, end] : range.end)
        if (!positions.count(p))
            tracker.start(p, end);
    if (auto s = (*source)->assign(plan.sourceTopic, positions, range.end); !s)
        return s.error();
    auto cursor = SelectionCursor::create(plan);
    if (!cursor)
        return cursor.error();

    RateLimiter limiter(plan.recordsPerSecond, plan.bytesPerSecond);
    rd_kafka_t* rk = (*producer)->handle();
    std::uint64_t lastCheckpointDelivered = 0;
    auto checkpoint = [&]() -> Status {
        state.next = tracker.next();
        lastCheckpointDelivered = delivery.delivered + delivery.failed;
        return journal.save(state);
    };
    ReplayProgress progress;
    Clock::time_point lastReport {};
    const auto started = Clock::now();
    auto poll = [&](int ms) {
        rd_kafka_poll(rk, ms);
        if (delivery.delivered + delivery.failed - lastCheckpointDelivered
            >= static_cast<std::uint64_t>(plan.checkpointEvery))
            (void)checkpoint();
    };
    std::vector<decode::HeaderView> headerStorage;
    Status result = Ok {};
    while (!(*source)->done() && !cancelled) {
        while (paused && !cancelled) {
            progress.paused = true;
            publish(progress, lastReport);
            poll(50);
        }
        progress.paused = false;
        if (!delivery.fatal.empty()) {
            result = Error { ErrorKind::Fatal, "The producer stopped: " + delivery.fatal, {} };
            break;
        }
        while (tracker.inFlight() >= static_cast<std::size_t>(plan.maxInFlight) && !cancelled)
            poll(20);
        auto message = (*source)->next(50);
        if (!message) {
            result = message.error();
            break;
        }
        for (auto p : (*source)->takeFinished())
            tracker.passed(p, range.end.at(p));
        poll(0);
        if (!*message)
            continue;
        const decode::RecordView view = viewOf(message->get(), headerStorage);
        const auto verdict = cursor->check(view);
        if (verdict != SelectionCursor::Verdict::Selected) {
            tracker.passed(view.partition, view.offset + 1);
            continue;
        }
        auto transformed = transformRecord(view, context);
        if (auto* skip = std::get_if<Skip>(&transformed)) {
            if (skip->reason == SkipReason::ReplayLimit && plan.onLimit == LimitAction::Refuse) {
                result = Error { ErrorKind::Configuration,
                    "Record " + std::to_string(view.partition) + "/" + std::to_string(view.offset)
                        + " reached the replay "
                          "limit and the plan refuses it: stopped.",
                    {} };
                break;
            }
            ++progress.skipped;
            tracker.passed(view.partition, view.offset + 1);
            continue;
        }
        const auto& record = std::get<OutgoingRecord>(transformed);
        if (auto s = ensureTargetStart(record.topic); !s) {
            result = s;
            break;
        }
        limiter.acquire(record.bytes(), cancelled, poll);
        auto* opaque = new InFlight { view.partition, view.offset };
        tracker.sent(view.partition, view.offset);
        for (;;) {
            kafka::ProduceCall call = produceCall(record, opaque);
            KafkaError error((*producer)->produce(call.args(), call.count()));
            if (!error)
                break;
            call.dropHeaders();
            if (rd_kafka_error_code(error.get()) == RD_KAFKA_RESP_ERR__QUEUE_FULL && !cancelled) {
                poll(20);
                continue;
            }
            tracker.settled(view.partition, view.offset);
            delete opaque;
            if (rd_kafka_error_code(error.get()) == RD_KAFKA_RESP_ERR__QUEUE_FULL)
                break; // cancelled while the queue was full: stays unsent
            const std::string reason = "produce refused: " + errorText(error.get());
            if (rd_kafka_error_is_fatal(error.get())) {
                result = Error { ErrorKind::Fatal, reason, {} };
                break;
            }
            ++delivery.failed;
            (void)journal.appendFailure({ view.partition, view.offset, reason });
            break;
        }
        if (!result)
            break;
        ++progress.sent;
        progress.bytes += record.bytes();
        progress.delivered = delivery.delivered;
        progress.failed = delivery.failed;
        // The clock and the callback every 256 records, not every record; a rate-limited run
        // is slow enough to report on every record (publish() keeps to 5 Hz).
        if ((progress.sent & 255U) != 0 && plan.recordsPerSecond <= 0 && plan.bytesPerSecond <= 0)
            continue;
        const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
        progress.recordsPerSecond = elapsed > 0 ? static_cast<double>(progress.delivered) / elapsed : 0;
        progress.state = "sending";
        publish(progress, lastReport);
    }
    // Drain: wait for what is in flight (outages included) unless cancelled.
    progress.state = "waiting for acknowledgements";
    while (tracker.inFlight() > 0 && !cancelled && delivery.fatal.empty()) {
        poll(100);
        progress.delivered = delivery.delivered;
        publish(progress, lastReport);
    }
    if (tracker.inFlight() > 0) {
        // Cancelled or fatal: give in-flight records a short grace, then purge them. Purged
        // records stay pending in the journal and a resume sends them.
        const auto deadline = Clock::now() + std::chrono::seconds(5);
        while (tracker.inFlight() > 0 && Clock::now() < deadline && delivery.fatal.empty())
            rd_kafka_poll(rk, 50);
        rd_kafka_purge(rk, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
        rd_kafka_poll(rk, 100);
    }
    state.stoppedCleanly = true;
    state.sentPastNext = tracker.sentPastNext();
    if (auto s = checkpoint(); !s && result)
        result = s;
    if (!delivery.fatal.empty() && result)
        result = Error { ErrorKind::Fatal, "The producer stopped: " + delivery.fatal, {} };
    progress.delivered = delivery.delivered;
    progress.failed = delivery.failed;
    progress.state = "done";
    publish(progress, lastReport, true);

    return result;
}

Status ReplayEngine::Impl::runTransactional(const ReplayPlan& plan, const config::ClusterConfig& target,
    const Journal& journal, JournalState& state, const TransformContext& context, ReplayReport& /*report*/)
{
    auto source = reader(plan.sourceCluster);
    if (!source)
        return source.error();
    auto starts = logStarts(plan, **source);
    if (!starts)
        return starts.error();
    const ReadRange range = readRange(plan, *starts);
    auto ensureTargetStart
        = [&](const std::string& topic) { return recordTargetStart(**source, topic, journal, state); };
    if (auto saved = journal.save(state); !saved)
        return saved.error();

    Delivery delivery;
    delivery.transactional = true;
    auto props = properties(target);
    if (!props)
        return props.error();
    const std::string transactionalId = "sluice-replay-" + plan.id;
    props->emplace_back("transactional.id", transactionalId);
    props->emplace_back("transaction.timeout.ms", "60000");
    props->emplace_back("message.timeout.ms", "50000");
    props->emplace_back("linger.ms", "5");
    auto producer = kafka::createProducer(target, *props, onDelivery, &delivery, "replay to " + target.name);
    if (!producer)
        return producer.error();
    rd_kafka_t* rk = (*producer)->handle();

    // init_transactions fences an earlier, crashed run of this replay and aborts its open transaction.
    for (;;) {
        KafkaError error((*producer)->initTransactions(30000));
        if (!error)
            break;
        if (cancelled || !rd_kafka_error_is_retriable(error.get()))
            return Error { ErrorKind::Fatal, "Couldn't start the transactional producer: " + errorText(error.get()),
                {} };
    }
    // Progress: the committed offsets of the replay's consumer group.
    const std::string group = transactionalId;
    std::map<std::int32_t, std::int64_t> committed;
    for (;;) {
        auto offsets = kafka::committedOffsets((*source)->handle(), group, std::chrono::milliseconds(15000));
        if (offsets) {
            for (const auto& [tp, offset] : *offsets)
                if (tp.topic == plan.sourceTopic)
                    committed[tp.partition] = offset;
            break;
        }
        if (cancelled || offsets.error().kind != ErrorKind::Transient)
            return offsets.error();
    }
    std::set<std::pair<std::int32_t, std::int64_t>> failedForGood;
    for (const auto& f : journal.failures())
        failedForGood.insert({ f.partition, f.offset });

    std::map<std::int32_t, std::int64_t> committedPositions = resumePositions(range.start, range.end, committed);
    auto cursor = SelectionCursor::create(plan);
    if (!cursor)
        return cursor.error();
    std::unique_ptr<rd_kafka_consumer_group_metadata_t, void (*)(rd_kafka_consumer_group_metadata_t*)> groupMetadata(
        rd_kafka_consumer_group_metadata_new(group.c_str()), rd_kafka_consumer_group_metadata_destroy);
    RateLimiter limiter(plan.recordsPerSecond, plan.bytesPerSecond);
    ReplayProgress progress;
    Clock::time_point lastReport {};
    const auto started = Clock::now();
    std::vector<decode::HeaderView> headerStorage;
    auto poll = [&](int ms) { rd_kafka_poll(rk, ms); };

    while (!committedPositions.empty() && !cancelled) {
        if (auto s = (*source)->assign(plan.sourceTopic, committedPositions, range.end); !s)
            return s;
        std::map<std::int32_t, std::int64_t> positions = committedPositions;
        bool restart = false;
        while (!(*source)->done() && !cancelled && !restart) {
            KafkaError begun((*producer)->beginTransaction());
            if (begun)
                return Error { ErrorKind::Fatal, "Couldn't begin a transaction: " + errorText(begun.get()), {} };
            delivery.batchFailures.clear();
            const std::uint64_t deliveredBefore = delivery.delivered;
            int processed = 0;
            std::uint64_t batchSent = 0;
            const auto batchStart = Clock::now();
            while (processed < plan.transactionRecords && !(*source)->done() && !cancelled) {
                while (paused && !cancelled) {
                    progress.paused = true;
                    publish(progress, lastReport);
                    poll(50);
                }
                progress.paused = false;
                auto message = (*source)->next(50);
                if (!message)
                    return message.error();
                for (auto p : (*source)->takeFinished())
                    positions[p] = range.end.at(p);
                poll(0);
                if (!*message) {
                    if (processed > 0 && Clock::now() - batchStart > std::chrono::milliseconds(500))
                        break;
                    continue;
                }
                const decode::RecordView view = viewOf(message->get(), headerStorage);
                positions[view.partition] = std::max(positions[view.partition], view.offset + 1);
                ++processed;
                if (cursor->check(view) != SelectionCursor::Verdict::Selected
                    || failedForGood.count({ view.partition, view.offset }))
                    continue;
                auto transformed = transformRecord(view, context);
                if (auto* skip = std::get_if<Skip>(&transformed)) {
                    if (skip->reason == SkipReason::ReplayLimit && plan.onLimit == LimitAction::Refuse) {
                        (void)(*producer)->abortTransaction(30000);
                        return Error { ErrorKind::Configuration,
                            "A record reached the replay limit and the plan "
                            "refuses it: stopped.",
                            {} };
                    }
                    continue;
                }
                const auto& record = std::get<OutgoingRecord>(transformed);
                if (auto s = ensureTargetStart(record.topic); !s) {
                    (void)(*producer)->abortTransaction(30000);
                    return s;
                }
                limiter.acquire(record.bytes(), cancelled, poll);
                auto* opaque = new InFlight { view.partition, view.offset };
                for (;;) {
                    kafka::ProduceCall call = produceCall(record, opaque);
                    KafkaError error((*producer)->produce(call.args(), call.count()));
                    if (!error)
                        break;
                    call.dropHeaders();
                    if (rd_kafka_error_code(error.get()) == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                        poll(20);
                        continue;
                    }
                    delete opaque;
                    if (rd_kafka_error_is_fatal(error.get()))
                        return Error { ErrorKind::Fatal, "produce refused: " + errorText(error.get()), {} };
                    // Abortable: the transaction is aborted below and the batch read again.
                    restart = true;
                    break;
                }
                if (restart)
                    break;
                ++batchSent;
                progress.bytes += record.bytes();
            }
            if (cancelled)
                restart = true;
            // Commit the writes and the progress together.
            bool committedOk = false;
            if (!restart) {
                progress.state = "committing";
                kafka::PartitionList offsets(rd_kafka_topic_partition_list_new(static_cast<int>(positions.size())));
                for (const auto& [p, o] : positions)
                    rd_kafka_topic_partition_list_add(offsets.get(), plan.sourceTopic.c_str(), p)->offset = o;
                KafkaError sent((*producer)->sendOffsetsToTransaction(offsets.get(), groupMetadata.get(), 60000));
                if (sent && rd_kafka_error_is_fatal(sent.get()))
                    return Error { ErrorKind::Fatal, "Couldn't commit progress: " + errorText(sent.get()), {} };
                if (!sent) {
                    for (;;) {
                        KafkaError commit((*producer)->commitTransaction(60000));
                        if (!commit) {
                            committedOk = true;
                            break;
                        }
                        if (rd_kafka_error_is_fatal(commit.get()))
                            return Error { ErrorKind::Fatal,
                                "Couldn't commit a transaction: " + errorText(commit.get()), {} };
                        if (rd_kafka_error_txn_requires_abort(commit.get()) || cancelled)
                            break;
                        // Retriable (e.g. the broker is away): commit again.
                    }
                }
            }
            if (committedOk) {
                committedPositions.clear();
                for (const auto& [p, o] : positions)
                    if (o < range.end.at(p))
                        committedPositions[p] = o;
                progress.sent += batchSent;
                progress.delivered += batchSent;
                const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
                progress.recordsPerSecond = elapsed > 0 ? static_cast<double>(progress.delivered) / elapsed : 0;
                progress.state = "sending";
                publish(progress, lastReport);
                continue;
            }
            // Abort and read the batch again from the last committed progress.
            for (;;) {
                KafkaError aborted((*producer)->abortTransaction(60000));
                if (!aborted)
                    break;
                if (rd_kafka_error_is_fatal(aborted.get()))
                    return Error { ErrorKind::Fatal, "Couldn't abort a transaction: " + errorText(aborted.get()), {} };
                if (cancelled && !rd_kafka_error_is_retriable(aborted.get()))
                    break;
            }
            for (const auto& f : delivery.batchFailures) {
                failedForGood.insert({ f.partition, f.offset });
                (void)journal.appendFailure({ f.partition, f.offset, f.reason });
            }
            (void)deliveredBefore;
            restart = true;
        }
        if (!restart)
            break;
    }
    progress.state = "done";
    publish(progress, lastReport, true);
    return Ok {};
}

void ReplayEngine::Impl::verify(const ReplayPlan& plan, const Journal& journal, const JournalState& state,
    const TransformContext& context, ReplayReport& report)
{
    ReplayProgress progress = lastProgress;
    Clock::time_point lastReport {};
    progress.state = "verifying";
    publish(progress, lastReport, true);
    Verification& v = report.verification;
    if (!options.verify) {
        // Benchmarks: no second read of the source or the target; this run's counts only.
        v.notPerformedReason = "verification was turned off";
        report.delivered = lastProgress.delivered;
        report.skipped = lastProgress.skipped;
        report.failed = lastProgress.failed;
        report.selected = report.delivered + report.skipped + report.failed;
        return;
    }

    // 1. Re-read the selection: what should be in the target, and what was skipped.
    struct Expected {
        std::uint64_t checksum;
        std::string topic;
        std::int32_t partition;
        int found = 0;
        std::int64_t targetOffset = -1;
    };
    std::unordered_map<std::uint64_t, Expected> expected;
    auto source = reader(plan.sourceCluster);
    if (!source) {
        v.notPerformedReason = source.error().message;
        return;
    }
    auto starts = logStarts(plan, **source);
    if (!starts) {
        v.notPerformedReason = starts.error().message;
        return;
    }
    const ReadRange range = readRange(plan, *starts);
    auto cursor = SelectionCursor::create(plan);
    if (!cursor) {
        v.notPerformedReason = cursor.error().message;
        return;
    }
    auto skip = [&report](std::int32_t p, std::int64_t o, const std::string& reason, const std::string& detail) {
        ++report.skipped;
        ++report.skippedByReason[reason];
        if (report.skippedRecords.size() < kListLimit)
            report.skippedRecords.push_back({ p, o, reason + (detail.empty() ? "" : ": " + detail) });
    };
    std::map<std::int32_t, std::int64_t> position = range.start;
    auto handleMissing = [&](std::int32_t p, std::int64_t upTo) {
        report.selected += cursor->missing(p, position[p], upTo, [&](std::int64_t o) {
            skip(p, o, std::string(nameOf(SkipReason::NotInTopic)), "no record at this offset");
        });
        position[p] = std::max(position[p], upTo);
    };
    if (plan.selection == SelectionKind::Offsets) {
        for (const auto& [p, end] : plan.pinnedEnd) {
            const std::int64_t from = range.start.count(p) ? range.start.at(p) : end;
            report.selected += cursor->missing(p, 0, from, [&](std::int64_t o) {
                skip(p, o, std::string(nameOf(SkipReason::NotInTopic)), "deleted by retention or compaction");
            });
        }
    }
    if (auto s = (*source)->assign(plan.sourceTopic, range.start, range.end); !s) {
        v.notPerformedReason = s.error().message;
        return;
    }
    std::vector<decode::HeaderView> headerStorage;
    while (!(*source)->done()) {
        auto message = (*source)->next(100);
        if (!message) {
            v.notPerformedReason = message.error().message;
            return;
        }
        for (auto p : (*source)->takeFinished())
            handleMissing(p, range.end.at(p));
        if (!*message)
            continue;
        const decode::RecordView view = viewOf(message->get(), headerStorage);
        handleMissing(view.partition, view.offset);
        position[view.partition] = view.offset + 1;
        const auto verdict = cursor->check(view);
        if (verdict == SelectionCursor::Verdict::NotSelected)
            continue;
        ++report.selected;
        if (verdict == SelectionCursor::Verdict::BudgetExceeded) {
            skip(view.partition, view.offset, std::string(nameOf(SkipReason::FilterBudget)), "");
            continue;
        }
        auto transformed = transformRecord(view, context);
        if (auto* s = std::get_if<Skip>(&transformed)) {
            skip(view.partition, view.offset, std::string(nameOf(s->reason)), s->detail);
            continue;
        }
        const auto& record = std::get<OutgoingRecord>(transformed);
        expected[coordinateKey(view.partition, view.offset)]
            = Expected { record.checksum, record.topic, record.partition };
    }
    for (const auto& [p, end] : range.end)
        handleMissing(p, end);
    v.expected = expected.size();

    // 2. Read the target back (read_committed) and match records by their provenance.
    if (!plan.provenance) {
        v.notPerformedReason = "provenance headers are off, so replayed records cannot be told apart";
    } else {
        auto targetReader = reader(plan.effectiveTargetCluster());
        if (!targetReader) {
            v.notPerformedReason = targetReader.error().message;
        } else {
            v.performed = true;
            const std::string replayId = plan.id;
            for (const auto& [topic, partitions] : state.targetStart) {
                std::map<std::int32_t, std::int64_t> ends;
                for (const auto& [p, start] : partitions) {
                    auto marks = (*targetReader)->watermarks(topic, p, kMetadataTimeoutMs);
                    if (marks)
                        ends[p] = marks->second;
                }
                if (auto s = (*targetReader)->assign(topic, partitions, ends); !s) {
                    v.performed = false;
                    v.notPerformedReason = s.error().message;
                    break;
                }
                // Per target partition: the last source offset seen for each source partition.
                std::map<std::pair<std::int32_t, std::int32_t>, std::int64_t> lastSource;
                while (!(*targetReader)->done()) {
                    auto message = (*targetReader)->next(100);
                    if (!message)
                        break;
                    (*targetReader)->takeFinished();
                    if (!*message)
                        continue;
                    const decode::RecordView view = viewOf(message->get(), headerStorage);
                    const auto* id = dlq::lastHeader(view.headers, kHeaderReplayId);
                    if (!id || !id->value || decode::asChars(*id->value) != replayId)
                        continue;
                    const auto* src = dlq::lastHeader(view.headers, kHeaderReplaySource);
                    if (!src || !src->value)
                        continue;
                    const std::string_view text = decode::asChars(*src->value);
                    const auto last = text.rfind('/');
                    const auto mid = text.rfind('/', last - 1);
                    if (last == std::string_view::npos || mid == std::string_view::npos)
                        continue;
                    const std::int32_t sp = std::stoi(std::string(text.substr(mid + 1, last - mid - 1)));
                    const std::int64_t so = std::stoll(std::string(text.substr(last + 1)));
                    auto it = expected.find(coordinateKey(sp, so));
                    if (it == expected.end())
                        continue; // not expected (e.g. from an edit of the plan): ignored
                    Expected& e = it->second;
                    if (++e.found > 1) {
                        ++v.duplicates;
                        continue;
                    }
                    if (contentChecksum(view) != e.checksum) {
                        ++v.corrupted;
                        if (v.problems.size() < kListLimit)
                            v.problems.push_back({ sp, so,
                                "corrupted: checksum differs in " + topic + "/" + std::to_string(view.partition) + "/"
                                    + std::to_string(view.offset) });
                    }
                    auto& previous = lastSource[{ sp, view.partition }];
                    if (previous > so) {
                        ++v.reordered;
                        if (v.problems.size() < kListLimit)
                            v.problems.push_back(
                                { sp, so, "out of order in " + topic + "/" + std::to_string(view.partition) });
                    }
                    previous = std::max(previous, so);
                }
            }
        }
    }

    // 3. The accounting.
    std::map<std::uint64_t, std::string> failures;
    for (const auto& f : journal.failures())
        failures[coordinateKey(f.partition, f.offset)] = f.reason;
    for (auto& [key, e] : expected) {
        if (e.found > 0) {
            ++report.delivered;
            ++v.found;
            continue;
        }
        const std::int32_t p = static_cast<std::int32_t>(key >> 44);
        const std::int64_t o = static_cast<std::int64_t>(key & ((1ULL << 44) - 1));
        if (auto f = failures.find(key); f != failures.end()) {
            ++report.failed;
            if (report.failedRecords.size() < kListLimit)
                report.failedRecords.push_back({ p, o, f->second });
        } else if (!v.performed) {
            ++report.notYetSent; // cannot tell without reading the target back
        } else if (report.completed) {
            ++report.lost;
            ++v.missing;
            if (v.problems.size() < kListLimit)
                v.problems.push_back({ p, o, "lost: not found in " + e.topic + "/" + std::to_string(e.partition) });
        } else {
            ++report.notYetSent;
        }
    }
    progress.state = "verified";
    publish(progress, lastReport, true);
}

} // namespace sluice::replay
