// SPDX-License-Identifier: Apache-2.0
#include "deadletters/dead_letters_view.h"

#include "browse/background.h"
#include "browse/scanner.h"
#include "common/format.h"
#include "common/table_setup.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <set>

namespace sluice::ui {

namespace {

enum Column { Topic, Convention, Evidence, Source, OriginalTopics, Records, ColumnCount };

QString evidenceText(dlq::Evidence evidence)
{
    switch (evidence) {
    case dlq::Evidence::TopicName:
        return QObject::tr("topic name");
    case dlq::Evidence::HeaderSample:
        return QObject::tr("headers seen");
    case dlq::Evidence::Configured:
        return QObject::tr("workspace mapping");
    case dlq::Evidence::None:
        break;
    }
    return {};
}

// Reads the newest records of each topic and classifies it by their headers. Runs on a
// worker; each topic is one short scan (its own consumer).
std::map<QString, DeadLettersView::Sample> sampleTopics(const config::ClusterConfig& cluster,
    std::shared_ptr<kafka::SecretResolver> secrets, const std::vector<std::string>& topics,
    std::shared_ptr<const dlq::DeadLetterConventions> conventions, const std::atomic<bool>& cancel)
{
    std::map<QString, DeadLettersView::Sample> out;
    for (const std::string& topic : topics) {
        if (cancel.load())
            break;
        browse::ScanRequest request;
        request.cluster = cluster;
        request.topic = topic;
        request.start = browse::StartPosition::endMinus(DeadLettersView::kSamplePerPartition);
        request.stop = browse::StopCondition::atEnd();
        request.tuning.requestTimeout = std::chrono::milliseconds(5000);
        auto scanner = browse::Scanner::create(request, secrets);
        if (!scanner)
            continue;
        const browse::ScanUpdate result = (*scanner)->run();
        if (result.state != browse::ScanState::Finished)
            continue;
        const auto& index = (*scanner)->index();
        std::vector<decode::Record> records;
        for (std::uint64_t row = index->rows().first; row < index->rows().end; ++row) {
            if (auto record = index->fetch(row))
                records.push_back(std::move(record).value());
        }
        std::vector<std::vector<decode::HeaderView>> storage(records.size());
        std::vector<dlq::Headers> headers;
        std::set<std::string> sources;
        std::set<std::string> originals;
        for (std::size_t i = 0; i < records.size(); ++i) {
            const decode::RecordView view = records[i].view(storage[i]);
            headers.push_back(view.headers);
            const dlq::DeadLetterInfo info = conventions->decode(topic, view.headers);
            if (info.connectorName)
                sources.insert("connector " + *info.connectorName);
            if (info.originalConsumerGroup)
                sources.insert("group " + *info.originalConsumerGroup);
            if (info.originalTopic)
                originals.insert(*info.originalTopic);
        }
        DeadLettersView::Sample sample;
        sample.classification = conventions->classify(topic, headers);
        sample.records = static_cast<int>(records.size());
        QStringList s;
        for (const std::string& x : sources)
            s << qs(x);
        sample.sources = s.join(QStringLiteral(", "));
        QStringList o;
        for (const std::string& x : originals)
            o << qs(x);
        sample.originalTopics = o.join(QStringLiteral(", "));
        out.emplace(qs(topic), std::move(sample));
    }
    return out;
}

} // namespace

DeadLettersView::DeadLettersView(
    kafka::ClusterSession* session, std::shared_ptr<const dlq::DeadLetterConventions> conventions, QWidget* parent)
    : ClusterView(parent)
    , m_session(session)
    , m_conventions(std::move(conventions))
{
    auto* title = new QLabel(tr("Dead letters"), this);
    QFont font = title->font();
    font.setPointSizeF(font.pointSizeF() * 1.5);
    font.setBold(true);
    title->setFont(font);
    m_intro = new QLabel(tr("Topics that hold dead letters: by name (orders.DLT, orders.dlq \u2026) or because their "
                            "newest records carry Kafka Connect (__connect.errors.*) or Spring (kafka_dlt-*) error "
                            "headers. Double-click one to inspect it."),
        this);
    m_intro->setWordWrap(true);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("deadLettersStatus"));
    m_status->setStyleSheet(QStringLiteral("color: gray"));
    m_sample = new QPushButton(tr("Check headers again"), this);
    connect(m_sample, &QPushButton::clicked, this, &DeadLettersView::sampleHeaders);

    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setObjectName(QStringLiteral("deadLetterTopics"));
    m_table->setHorizontalHeaderLabels(
        { tr("Topic"), tr("Convention"), tr("Evidence"), tr("Source"), tr("Original topics"), tr("Records \u2248") });
    setupDataTable(m_table, { 30, 16, 14, 30, 24, 12 }, false);
    connect(m_table, &QTableWidget::cellDoubleClicked, this,
        [this](int row, int) { emit topicActivated(m_table->item(row, Topic)->text()); });

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_status, 1);
    bar->addWidget(m_sample);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 8, 12, 10);
    layout->addWidget(title);
    layout->addWidget(m_intro);
    layout->addLayout(bar);
    layout->addWidget(m_table, 1);
}

DeadLettersView::~DeadLettersView()
{
    if (m_cancel)
        m_cancel->store(true);
}

void DeadLettersView::showSnapshot(const kafka::SnapshotPtr& snapshot)
{
    m_snapshot = snapshot;
    render();
    if (!m_sampledOnce && isVisible())
        sampleHeaders();
}

void DeadLettersView::sampleHeaders()
{
    if (!m_snapshot || !m_session || m_sampling)
        return;
    m_sampledOnce = true;
    std::vector<std::string> topics;
    for (const domain::TopicInfo& topic : m_snapshot->topics) {
        if (!topic.isInternal && topic.approxRecords().value_or(1) != 0 && topics.size() < kMaxSampledTopics)
            topics.push_back(topic.name);
    }
    m_sampling = true;
    m_sample->setEnabled(false);
    m_status->setText(tr("Checking the newest records of %n topic(s) for dead-letter headers\u2026", nullptr,
        static_cast<int>(topics.size())));
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    auto cancel = m_cancel;
    runInBackground(
        this,
        [cluster = m_session->config(), secrets = m_session->secrets(), topics, conventions = m_conventions, cancel]() {
            return sampleTopics(cluster, secrets, topics, conventions, *cancel);
        },
        [this, count = topics.size()](std::map<QString, Sample> samples) {
            m_samples = std::move(samples);
            m_sampling = false;
            m_sample->setEnabled(true);
            m_status->setText(tr("Headers of the newest %1 records per partition checked in %2 topic(s).")
                                  .arg(kSamplePerPartition)
                                  .arg(count));
            render();
            emit samplingFinished();
            emit settled();
        });
}

QStringList DeadLettersView::deadLetterTopics() const
{
    QStringList out;
    for (int r = 0; r < m_table->rowCount(); ++r)
        out << m_table->item(r, Topic)->text();
    return out;
}

void DeadLettersView::render()
{
    if (!m_snapshot)
        return;
    struct Row {
        QString topic;
        dlq::TopicClassification classification;
        const Sample* sample = nullptr;
        std::int64_t records = -1;
    };
    std::vector<Row> rows;
    for (const domain::TopicInfo& topic : m_snapshot->topics) {
        if (topic.isInternal)
            continue;
        const QString name = qs(topic.name);
        const auto sampled = m_samples.find(name);
        const Sample* sample = sampled == m_samples.end() ? nullptr : &sampled->second;
        dlq::TopicClassification c = sample ? sample->classification : m_conventions->classifyByName(topic.name);
        if (!c.isDeadLetterTopic)
            continue;
        rows.push_back({ name, c, sample, topic.approxRecords().value_or(-1) });
    }
    m_table->setRowCount(static_cast<int>(rows.size()));
    int r = 0;
    for (const Row& row : rows) {
        const dlq::TopicClassification& c = row.classification;
        QString source = row.sample ? row.sample->sources : QString();
        QString originals = row.sample ? row.sample->originalTopics : QString();
        if (originals.isEmpty() && c.sourceTopic)
            originals = qs(*c.sourceTopic) + tr(" (from the name)");
        const QStringList cells = { row.topic,
            c.convention == dlq::Convention::None ? tr("unknown yet") : qs(c.conventionName), evidenceText(c.evidence),
            source.isEmpty() ? unknownText() : source, originals.isEmpty() ? unknownText() : originals,
            row.records < 0 ? unknownText() : formatCount(row.records) };
        for (int col = 0; col < ColumnCount; ++col) {
            auto* item = new QTableWidgetItem(cells[col]);
            if (col == Records)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(r, col, item);
        }
        ++r;
    }
    if (rows.empty() && !m_sampling)
        m_status->setText(m_sampledOnce ? tr("No dead-letter topics found by name or by headers.")
                                        : tr("No topic has a dead-letter name; checking headers\u2026"));
}

} // namespace sluice::ui
