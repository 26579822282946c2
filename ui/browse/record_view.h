// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "browse/record_decoders.h"
#include "browse/record_formatting.h"
#include "browse/record_index.h"
#include "decode/record.h"
#include "dlq/convention_detector.h"

#include <QHash>
#include <QPointer>
#include <QTextDocument>
#include <QWidget>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTableWidget;
class QTimer;
class QTreeWidget;

namespace sluice::ui {

class AppSettings;

// One record in full: key and value as text, pretty JSON (with a folding tree and search)
// and hex with offsets; headers as UTF-8 or hex; timestamps in UTC and local time; copy as
// JSON (a JSON Lines object, byte-exact); previous/next record with the same key; and, on
// a dead-letter topic, the decoded error with its stack trace and the way back to the
// original record.
//
// Key and value text go through a decoder registry (defaultRecordDecoders() unless set):
// "Decode key as" / "Decode value as" offer Auto and every decoder it holds, remembered per
// topic in AppSettings when rememberDecoderChoices() was called, else for this view's life.
//
// Never blocks the GUI thread: setRow() shows a bounded preview (the first 64 KiB) at once
// and reads and formats the whole record on a worker; a newer setRow() supersedes it.
class RecordView : public QWidget {
    Q_OBJECT
public:
    static constexpr std::size_t kPreviewBytes = 64 * 1024;
    static constexpr qsizetype kFoldChars = 500; // longer lines are broken in the text panes

    explicit RecordView(QWidget* parent = nullptr);

    // Which dead-letter conventions to decode records with (null: none).
    void setDeadLetterConventions(std::shared_ptr<const dlq::DeadLetterConventions> conventions);
    void setRow(std::shared_ptr<const browse::RecordIndex> index, std::uint64_t row);
    void clear();

    // The decoders offered and used from now on (a record on screen is decoded again).
    void setDecoderRegistry(std::shared_ptr<const decode::DecoderRegistry> registry);
    // Keep each topic's decoder choice in `settings` (not owned), keyed "<cluster>/<topic>".
    void rememberDecoderChoices(AppSettings* settings, const QString& cluster);
    QComboBox* keyDecoderBox() const { return m_keyDecoder; }
    QComboBox* valueDecoderBox() const { return m_valueDecoder; }

    // State for tests and the screenshot job.
    bool isLoading() const { return m_loading; }
    std::optional<std::uint64_t> row() const { return m_row; }
    const std::optional<decode::Record>& record() const { return m_record; }
    const std::optional<dlq::DeadLetterInfo>& deadLetter() const { return m_deadLetter; }
    QString summaryText() const;
    QString valueText() const; // what the value tab shows
    QString jsonText() const;
    QString hexText() const;
    QString keyText() const;
    QString errorText() const;
    QTreeWidget* jsonTree() const { return m_jsonTree; }
    QTableWidget* headerTable() const { return m_headers; }
    QTabWidget* tabs() const { return m_tabs; }
    QString copyAsJson() const; // empty until the record is loaded
    void showTab(const QString& name); // "value", "json", "tree", "hex", "key", "headers", "error"
    bool find(const QString& text, bool backwards = false); // in the current tab

signals:
    void loaded(std::uint64_t row);
    void rowRequested(std::uint64_t row); // previous/next of the same key
    void sameKeyNotFound(bool forward);
    void originalRecordRequested(const QString& topic, int partition, qint64 offset);

private:
    struct Loaded;
    void showPreview(const browse::RecordPreview& preview, const browse::IndexEntry& entry,
        const PayloadDecoding& keyDecoding, const PayloadDecoding& valueDecoding);
    void showLoaded(std::uint64_t generation, Loaded loaded);
    void showPayload(const FormattedPayload& value, const FormattedPayload& key);
    void showKeyAndHex(const FormattedPayload& value, const FormattedPayload& key);
    void showSummary(const FormattedPayload& key, const FormattedPayload& value);
    void runNextStep();
    void showHeaders(const decode::Record& record);
    void showDeadLetter();
    void findSameKey(bool forward);
    void copyJson();
    void fillDecoderBoxes();
    void showDecoderChoiceOf(const QString& topic);
    void decoderChosen();
    PayloadDecoding decodingOf(const QComboBox* box) const;

    std::shared_ptr<const browse::RecordIndex> m_index;
    std::shared_ptr<const dlq::DeadLetterConventions> m_conventions;
    std::optional<std::uint64_t> m_row;
    std::optional<decode::Record> m_record;
    std::optional<dlq::DeadLetterInfo> m_deadLetter;
    std::uint64_t m_generation = 0;
    bool m_loading = false;
    bool m_isRedecoding = false; // the same record again with another decoder: keep the tab
    std::vector<std::function<void()>> m_steps; // filling the panes of a loaded record, one per turn
    QTimer* m_stepTimer = nullptr;
    QPointer<QTextDocument> m_jsonDocument; // the JSON pane's current document, when built on a worker
    std::shared_ptr<const decode::DecoderRegistry> m_decoders;
    AppSettings* m_settings = nullptr;
    QString m_cluster;
    QString m_choiceTopic; // the topic whose choice the boxes show
    QHash<QString, QStringList> m_sessionChoices; // topic → {key id, value id}, without settings

    QLabel* m_summary = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_previousSameKey = nullptr;
    QPushButton* m_nextSameKey = nullptr;
    QPushButton* m_copyJson = nullptr;
    QPushButton* m_openOriginal = nullptr;
    QLineEdit* m_search = nullptr;
    QComboBox* m_keyDecoder = nullptr;
    QComboBox* m_valueDecoder = nullptr;
    QTabWidget* m_tabs = nullptr;
    QPlainTextEdit* m_value = nullptr;
    QPlainTextEdit* m_json = nullptr;
    QTreeWidget* m_jsonTree = nullptr;
    QPlainTextEdit* m_hex = nullptr;
    QPlainTextEdit* m_key = nullptr;
    QTableWidget* m_headers = nullptr;
    QPlainTextEdit* m_error = nullptr;
};

} // namespace sluice::ui
