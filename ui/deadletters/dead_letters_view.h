// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "common/cluster_view.h"
#include "dlq/convention_detector.h"

#include <QPointer>
#include <QString>
#include <atomic>
#include <map>
#include <memory>

class QLabel;
class QPushButton;
class QTableWidget;

namespace sluice::ui {

// The cluster's dead-letter topics: topics whose name follows a dead-letter pattern, plus
// topics whose records carry dead-letter headers (found by sampling the newest records of
// every topic on a worker), with the convention, the evidence, and the source connector or
// application and original topics where the sampled headers name them.
class DeadLettersView : public ClusterView {
    Q_OBJECT
public:
    static constexpr int kSamplePerPartition = 5; // newest records read per partition
    static constexpr int kMaxSampledTopics = 200;

    DeadLettersView(kafka::ClusterSession* session, std::shared_ptr<const dlq::DeadLetterConventions> conventions,
        QWidget* parent = nullptr);
    ~DeadLettersView() override;

    void showSnapshot(const kafka::SnapshotPtr& snapshot) override;
    bool isSettled() const override { return m_sampledOnce && !m_sampling; }
    // Samples the headers of every topic again (on a worker).
    void sampleHeaders();
    bool isSampling() const { return m_sampling; }
    bool hasSampled() const { return m_sampledOnce; }

    QTableWidget* table() const { return m_table; }
    QStringList deadLetterTopics() const;

    struct Sample {
        dlq::TopicClassification classification;
        QString sources; // "connector orders-file-sink", "group billing-app"
        QString originalTopics;
        int records = 0;
    };

signals:
    void topicActivated(const QString& topic);
    void samplingFinished();

private:
    void render();

    QPointer<kafka::ClusterSession> m_session;
    std::shared_ptr<const dlq::DeadLetterConventions> m_conventions;
    kafka::SnapshotPtr m_snapshot;
    std::map<QString, Sample> m_samples; // by topic
    std::shared_ptr<std::atomic<bool>> m_cancel;
    bool m_sampling = false;
    bool m_sampledOnce = false;

    QLabel* m_intro = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_sample = nullptr;
    QTableWidget* m_table = nullptr;
};

} // namespace sluice::ui
