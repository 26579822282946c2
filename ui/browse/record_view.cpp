// SPDX-License-Identifier: Apache-2.0
#include "browse/record_view.h"

#include "browse/background.h"
#include "browse/payload_text.h"
#include "common/format.h"
#include "decode/jsonl.h"
#include "settings/app_settings.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextDocumentLayout>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextCursor>
#include <QTextDocument>

#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <QThread>
#include <QThreadPool>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <array>
#include <functional>
#include <utility>
#include <vector>

namespace sluice::ui {

struct RecordView::Loaded {
    std::optional<decode::Record> record;
    QString error;
    FormattedPayload value;
    FormattedPayload key;
    std::optional<dlq::DeadLetterInfo> deadLetter;
    bool isFolded = false; // long lines were broken for the text panes
    std::unique_ptr<QTreeWidgetItem> tree; // the JSON tree, built detached on the worker
    std::unique_ptr<QTextDocument> jsonDocument; // the JSON pane's text, built on the worker
};

namespace {

QPlainTextEdit* textPane(QWidget* parent, const QString& name)
{
    auto* edit = new QPlainTextEdit(parent);
    edit->setObjectName(name);
    edit->setReadOnly(true);
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    edit->setFont(numberFont());
    edit->setUndoRedoEnabled(false);
    return edit;
}

std::optional<decode::ByteView> viewOf(const std::optional<decode::Bytes>& bytes)
{
    if (!bytes)
        return std::nullopt;
    return decode::ByteView(*bytes);
}

QString payloadText(const FormattedPayload& p)
{
    if (p.isNull)
        return QObject::tr("(null)");
    if (p.size == 0)
        return QObject::tr("(empty)");
    if (!p.decodeError.isEmpty())
        return QObject::tr("Couldn't decode this as %1: %2").arg(p.decoderId, p.decodeError);
    QString text = p.decoded;
    if (p.isDecodedCut)
        text += QStringLiteral("\n\u2026 (%1 in all)").arg(formatBytes(p.size));
    return text;
}

QString optionalText(const std::optional<std::string>& s)
{
    return s ? qs(*s) : unknownText();
}

// Breaks lines longer than kFoldChars into several: a text pane lays out a whole line at
// once, and one line of 200,000 characters takes longer than a frame (B9).
QString foldLongLines(const QString& text, bool* folded)
{
    qsizetype longest = 0;
    for (qsizetype start = 0; start < text.size();) {
        qsizetype end = text.indexOf(QLatin1Char('\n'), start);
        if (end < 0)
            end = text.size();
        longest = std::max(longest, end - start);
        start = end + 1;
    }
    if (longest <= RecordView::kFoldChars)
        return text;
    *folded = true;
    QString out;
    out.reserve(text.size() + text.size() / RecordView::kFoldChars + 1);
    qsizetype column = 0;
    for (const QChar c : text) {
        if (c == QLatin1Char('\n')) {
            column = 0;
        } else if (column == RecordView::kFoldChars) {
            out += QLatin1Char('\n');
            column = 0;
        }
        if (c != QLatin1Char('\n'))
            ++column;
        out += c;
    }
    return out;
}

QString jsonPaneText(const FormattedPayload& value)
{
    if (!value.isJson)
        return QObject::tr("Not JSON: %1")
            .arg(value.isUtf8 ? value.jsonError : QObject::tr("the value is not UTF-8 text"));
    return value.prettyJson
        + (value.isJsonCut ? QObject::tr("\n\u2026 (cut: the value is %1)").arg(formatBytes(value.size)) : QString());
}

// Formatting a large value on a worker leaves megabytes of freed memory in that thread's
// malloc arena, which glibc keeps resident; give it back to the system, off the GUI thread.
constexpr std::size_t kTrimAfterBytes = 1024 * 1024;

void returnFreedMemory()
{
#if defined(__GLIBC__)
    QThreadPool::globalInstance()->start([] { malloc_trim(0); });
#endif
}

// A plain-text pane's document, filled off the GUI thread (a QTextDocument is reentrant, and
// nothing lays it out until a view shows it) and handed to `target`'s thread.
std::unique_ptr<QTextDocument> plainTextDocument(const QString& text, const QFont& font, QThread* target)
{
    auto document = std::make_unique<QTextDocument>();
    document->setDocumentLayout(new QPlainTextDocumentLayout(document.get()));
    document->setDefaultFont(font);
    document->setUndoRedoEnabled(false);
    document->setPlainText(text);
    document->moveToThread(target);
    return document;
}

// The folding JSON tree as detached items (no view yet, so plain data: safe to build on a
// worker); the GUI thread only attaches the root.
std::unique_ptr<QTreeWidgetItem> buildTree(const std::vector<JsonTreeNode>& nodes)
{
    std::unique_ptr<QTreeWidgetItem> root;
    std::vector<QTreeWidgetItem*> parents;
    for (const JsonTreeNode& node : nodes) {
        parents.resize(static_cast<std::size_t>(node.depth));
        QTreeWidgetItem* item = nullptr;
        if (parents.empty()) {
            if (root)
                break; // one root only
            root = std::make_unique<QTreeWidgetItem>();
            item = root.get();
        } else {
            item = new QTreeWidgetItem(parents.back());
        }
        item->setText(0, node.depth == 0 ? QObject::tr("(root)") : node.key);
        item->setText(1, node.value);
        parents.push_back(item);
    }
    return root;
}

} // namespace

RecordView::RecordView(QWidget* parent)
    : QWidget(parent)
{
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("recordSummary"));
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setWordWrap(true);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("recordStatus"));
    m_status->setStyleSheet(QStringLiteral("color: gray"));
    m_status->setWordWrap(true); // the notes on a large value run past one line

    m_previousSameKey = new QPushButton(tr("\u25c0 Same key"), this);
    m_previousSameKey->setObjectName(QStringLiteral("previousSameKey"));
    m_previousSameKey->setToolTip(tr("The previous record with the same key in this result"));
    m_nextSameKey = new QPushButton(tr("Same key \u25b6"), this);
    m_nextSameKey->setObjectName(QStringLiteral("nextSameKey"));
    m_nextSameKey->setToolTip(tr("The next record with the same key in this result"));
    m_copyJson = new QPushButton(tr("Copy as JSON"), this);
    m_copyJson->setToolTip(tr("Copy the record as one JSON Lines object (byte-exact; base64 where not UTF-8)"));
    m_openOriginal = new QPushButton(tr("Open original record"), this);
    m_openOriginal->setObjectName(QStringLiteral("openOriginal"));
    m_openOriginal->setVisible(false);
    m_keyDecoder = new QComboBox(this);
    m_keyDecoder->setObjectName(QStringLiteral("keyDecoder"));
    m_keyDecoder->setToolTip(tr("How the Key pane shows the key; Auto picks the decoder that fits the bytes"));
    m_valueDecoder = new QComboBox(this);
    m_valueDecoder->setObjectName(QStringLiteral("valueDecoder"));
    m_valueDecoder->setToolTip(tr("How the Value pane shows the value; Auto picks the decoder that fits the bytes"));
    m_decoders = defaultRecordDecoders();
    fillDecoderBoxes();
    for (QComboBox* box : { m_keyDecoder, m_valueDecoder })
        connect(box, &QComboBox::activated, this, &RecordView::decoderChosen);
    m_search = new QLineEdit(this);
    m_search->setPlaceholderText(tr("Find in record (Enter: next, Shift+Enter: previous)"));
    m_search->setClearButtonEnabled(true);
    connect(m_previousSameKey, &QPushButton::clicked, this, [this] { findSameKey(false); });
    connect(m_nextSameKey, &QPushButton::clicked, this, [this] { findSameKey(true); });
    connect(m_copyJson, &QPushButton::clicked, this, &RecordView::copyJson);
    connect(m_search, &QLineEdit::returnPressed, this,
        [this] { find(m_search->text(), QApplication::keyboardModifiers().testFlag(Qt::ShiftModifier)); });
    connect(m_openOriginal, &QPushButton::clicked, this, [this] {
        if (m_deadLetter && m_deadLetter->hasOriginalCoordinates())
            emit originalRecordRequested(qs(*m_deadLetter->originalTopic), *m_deadLetter->originalPartition,
                static_cast<qint64>(*m_deadLetter->originalOffset));
    });

    m_stepTimer = new QTimer(this);
    m_stepTimer->setSingleShot(true);
    m_stepTimer->setInterval(0);
    connect(m_stepTimer, &QTimer::timeout, this, &RecordView::runNextStep);

    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_error = textPane(this, QStringLiteral("errorText"));
    m_error->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_value = textPane(this, QStringLiteral("valueText"));
    m_json = textPane(this, QStringLiteral("jsonText"));
    m_jsonTree = new QTreeWidget(this);
    m_jsonTree->setObjectName(QStringLiteral("jsonTree"));
    m_jsonTree->setColumnCount(2);
    m_jsonTree->setHeaderLabels({ tr("Name"), tr("Value") });
    m_jsonTree->setUniformRowHeights(true);
    m_jsonTree->header()->resizeSection(0, 260);
    m_hex = textPane(this, QStringLiteral("hexText"));
    m_key = textPane(this, QStringLiteral("keyText"));
    m_headers = new QTableWidget(0, 3, this);
    m_headers->setObjectName(QStringLiteral("headerTable"));
    m_headers->setHorizontalHeaderLabels({ tr("Name"), tr("Value"), tr("Shown as") });
    m_headers->verticalHeader()->setVisible(false);
    m_headers->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_headers->horizontalHeader()->setStretchLastSection(false);
    m_headers->horizontalHeader()->resizeSection(0, 260);
    m_headers->horizontalHeader()->resizeSection(1, 520);
    m_tabs->addTab(m_error, tr("Error"));
    m_tabs->addTab(m_value, tr("Value"));
    m_tabs->addTab(m_json, tr("JSON"));
    m_tabs->addTab(m_jsonTree, tr("JSON tree"));
    m_tabs->addTab(m_hex, tr("Hex"));
    m_tabs->addTab(m_key, tr("Key"));
    m_tabs->addTab(m_headers, tr("Headers"));
    m_tabs->setTabVisible(0, false);

    auto* actions = new QHBoxLayout;
    actions->addWidget(m_previousSameKey);
    actions->addWidget(m_nextSameKey);
    actions->addWidget(m_copyJson);
    actions->addWidget(m_openOriginal);
    actions->addWidget(m_search, 1);
    auto* decoding = new QHBoxLayout;
    decoding->addWidget(new QLabel(tr("Decode value as"), this));
    decoding->addWidget(m_valueDecoder);
    decoding->addSpacing(12);
    decoding->addWidget(new QLabel(tr("key as"), this));
    decoding->addWidget(m_keyDecoder);
    decoding->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_summary);
    layout->addLayout(actions);
    layout->addLayout(decoding);
    layout->addWidget(m_status);
    layout->addWidget(m_tabs, 1);
    clear();
}

void RecordView::setDeadLetterConventions(std::shared_ptr<const dlq::DeadLetterConventions> conventions)
{
    m_conventions = std::move(conventions);
}

void RecordView::clear()
{
    ++m_generation;
    m_steps.clear();
    m_index.reset();
    m_row.reset();
    m_record.reset();
    m_deadLetter.reset();
    m_loading = false;
    m_summary->setText(tr("<span style=\"color:gray\">Select a record to see it here.</span>"));
    m_status->clear();
    for (QPlainTextEdit* edit : { m_value, m_json, m_hex, m_key, m_error })
        edit->clear();
    m_jsonTree->clear();
    m_headers->setRowCount(0);
    m_tabs->setTabVisible(0, false);
    m_openOriginal->setVisible(false);
    for (QPushButton* b : { m_previousSameKey, m_nextSameKey, m_copyJson })
        b->setEnabled(false);
}

void RecordView::setRow(std::shared_ptr<const browse::RecordIndex> index, std::uint64_t row)
{
    const std::uint64_t generation = ++m_generation;
    m_isRedecoding = false;
    m_steps.clear();
    m_index = std::move(index);
    m_row = row;
    m_record.reset();
    m_deadLetter.reset();
    m_copyJson->setEnabled(false);
    const std::optional<browse::IndexEntry> entry = m_index ? m_index->entry(row) : std::nullopt;
    if (!entry) {
        clear();
        m_status->setText(tr("This record is no longer held by the browser (a bounded scan dropped it)."));
        return;
    }
    m_loading = true;
    showDecoderChoiceOf(QString::fromStdString(m_index->topic()));
    const PayloadDecoding keyDecoding = decodingOf(m_keyDecoder);
    const PayloadDecoding valueDecoding = decodingOf(m_valueDecoder);
    m_previousSameKey->setEnabled(true);
    m_nextSameKey->setEnabled(true);
    // A short bounded read now; the full record on a worker.
    if (auto preview = m_index->preview(row, kPreviewBytes))
        showPreview(*preview, *entry, keyDecoding, valueDecoding);
    m_status->setText(tr("Loading the whole record (%1)\u2026")
                          .arg(formatBytes(std::uint64_t { entry->keySize } + entry->valueSize)));

    std::shared_ptr<const browse::RecordIndex> idx = m_index;
    std::shared_ptr<const dlq::DeadLetterConventions> conventions = m_conventions;
    QThread* guiThread = thread();
    const QFont jsonFont = m_json->font();
    runInBackground(
        this,
        [idx, row, conventions, guiThread, jsonFont, keyDecoding, valueDecoding]() {
            Loaded out;
            auto fetched = idx->fetch(row);
            if (!fetched) {
                out.error = qs(fetched.error().message);
                return out;
            }
            const decode::Record& r = *fetched;
            out.value = formatPayload(viewOf(r.value), r.value ? r.value->size() : 0, false, {}, valueDecoding);
            out.key = formatPayload(viewOf(r.key), r.key ? r.key->size() : 0, false, {}, keyDecoding);
            out.value.text = QString(); // the panes show `decoded`
            out.key.text = QString();
            out.value.decoded = foldLongLines(out.value.decoded, &out.isFolded);
            out.value.prettyJson = foldLongLines(out.value.prettyJson, &out.isFolded);
            out.key.decoded = foldLongLines(out.key.decoded, &out.isFolded);
            out.tree = buildTree(out.value.tree);
            out.jsonDocument = plainTextDocument(jsonPaneText(out.value), jsonFont, guiThread);
            // Now held by the tree and the document: free them here, not on the GUI thread.
            out.value.tree = {};
            out.value.prettyJson = QString();
            if (conventions) {
                std::vector<decode::HeaderView> headers;
                const decode::RecordView view = r.view(headers);
                dlq::DeadLetterInfo info = conventions->decode(idx->topic(), view.headers);
                if (!info.isEmpty())
                    out.deadLetter = std::move(info);
            }
            out.record = std::move(fetched).value();
            return out;
        },
        [this, generation](Loaded result) { showLoaded(generation, std::move(result)); });
}

void RecordView::showPreview(const browse::RecordPreview& preview, const browse::IndexEntry& entry,
    const PayloadDecoding& keyDecoding, const PayloadDecoding& valueDecoding)
{
    FormattedPayload value = formatPayload(viewOf(preview.value), entry.valueSize, preview.isValueCut, {}, valueDecoding);
    FormattedPayload key = formatPayload(viewOf(preview.key), entry.keySize, preview.isKeyCut, {}, keyDecoding);
    bool folded = false;
    value.decoded = foldLongLines(value.decoded, &folded);
    key.decoded = foldLongLines(key.decoded, &folded);
    m_summary->setText(tr("<b>Partition %1 \u00b7 offset %2</b>&nbsp;&nbsp; %3 (%4)")
                           .arg(entry.partition)
                           .arg(entry.offset)
                           .arg(formatTimestampUtc(entry.timestampMs), formatTimestampLocal(entry.timestampMs)));
    m_headers->setRowCount(0);
    m_jsonTree->clear();
    m_json->setPlainText(value.isPartial && preview.isValueCut ? tr("Formatting the whole value\u2026") : QString());
    showPayload(value, key);
}

void RecordView::showLoaded(std::uint64_t generation, Loaded result)
{
    if (generation != m_generation)
        return; // a newer record was asked for meanwhile
    if (!result.record) {
        m_loading = false;
        m_status->setText(tr("Couldn't read this record: %1").arg(result.error));
        emit loaded(m_row.value_or(0));
        return;
    }
    m_record = std::move(result.record);
    m_deadLetter = std::move(result.deadLetter);
    // The panes are filled one per event-loop turn: each is bounded (FormatLimits), but all
    // of them in one turn would hold the window for more than a frame (B9).
    auto shared = std::make_shared<Loaded>(std::move(result));
    m_steps.clear();
    m_steps.push_back([this, shared] {
        showSummary(shared->key, shared->value);
        QStringList notes;
        const FormattedPayload& value = shared->value;
        if (value.isDecodedCut || value.isJsonCut)
            notes << tr("The value is %1; the Value pane shows its first %2 characters and the JSON pane its first "
                        "%3 lines (Copy as JSON has all of it).")
                         .arg(formatBytes(value.size))
                         .arg(formatCount(static_cast<std::int64_t>(FormatLimits {}.maxTextChars)),
                             formatCount(static_cast<std::int64_t>(FormatLimits {}.maxJsonLines)));
        if (shared->isFolded)
            notes << tr("Lines longer than %1 characters are shown folded.").arg(kFoldChars);
        if (value.isTreeCut)
            notes << tr("The JSON tree shows the first %1 nodes.")
                         .arg(formatCount(static_cast<std::int64_t>(FormatLimits {}.maxTreeNodes)));
        m_status->setText(notes.join(QLatin1Char(' ')));
        m_copyJson->setEnabled(true);
        showHeaders(*m_record);
        showDeadLetter();
    });
    m_steps.push_back([this, shared] { m_value->setPlainText(payloadText(shared->value)); });
    m_steps.push_back([this, shared] {
        QTextDocument* previous = m_jsonDocument;
        m_jsonDocument = shared->jsonDocument.release();
        m_jsonDocument->setParent(m_json);
        m_json->setDocument(m_jsonDocument);
        if (previous)
            previous->deleteLater();
    });
    m_steps.push_back([this, shared] {
        m_jsonTree->clear();
        if (shared->tree) {
            m_jsonTree->addTopLevelItem(shared->tree.release());
            m_jsonTree->expandToDepth(1);
        }
    });
    m_steps.push_back([this, shared] { showKeyAndHex(shared->value, shared->key); });
    m_stepTimer->start();
}

void RecordView::runNextStep()
{
    if (m_steps.empty())
        return;
    const auto step = std::move(m_steps.front());
    m_steps.erase(m_steps.begin());
    step();
    if (!m_steps.empty()) {
        m_stepTimer->start();
        return;
    }
    m_loading = false;
    if (m_record && m_record->value && m_record->value->size() >= kTrimAfterBytes)
        returnFreedMemory();
    emit loaded(m_row.value_or(0));
}

void RecordView::showSummary(const FormattedPayload& key, const FormattedPayload& value)
{
    const decode::Record& r = *m_record;
    QStringList schema;
    if (key.schemaId)
        schema << tr("key schema %1").arg(*key.schemaId);
    if (value.schemaId)
        schema << tr("value schema %1").arg(*value.schemaId);
    m_summary->setText(
        tr("<b>%1 \u00b7 partition %2 \u00b7 offset %3</b><br>%4 &nbsp;\u00b7&nbsp; %5 &nbsp;\u00b7&nbsp; %6<br>"
           "key %7 &nbsp;\u00b7&nbsp; value %8 &nbsp;\u00b7&nbsp; %9 header(s)%10")
            .arg(qs(r.topic).toHtmlEscaped())
            .arg(r.partition)
            .arg(r.offset)
            .arg(formatTimestampUtc(r.timestamp.ms), formatTimestampLocal(r.timestamp.ms),
                QString::fromLatin1(decode::nameOf(r.timestamp.type).data(),
                    static_cast<qsizetype>(decode::nameOf(r.timestamp.type).size())),
                r.key ? formatBytes(r.key->size()) : tr("null"), r.value ? formatBytes(r.value->size()) : tr("null"))
            .arg(r.headers.size())
            .arg(schema.isEmpty() ? QString()
                                  : QStringLiteral(" &nbsp;\u00b7&nbsp; ") + schema.join(QStringLiteral(", "))));
}

void RecordView::showPayload(const FormattedPayload& value, const FormattedPayload& key)
{
    m_value->setPlainText(payloadText(value));
    showKeyAndHex(value, key);
}

void RecordView::showKeyAndHex(const FormattedPayload& value, const FormattedPayload& key)
{
    m_hex->setPlainText(value.isNull ? tr("(null)") : value.hex);
    m_key->setPlainText(payloadText(key));
}

void RecordView::showHeaders(const decode::Record& record)
{
    m_headers->setRowCount(static_cast<int>(record.headers.size()));
    int row = 0;
    for (const decode::Header& header : record.headers) {
        bool isHex = false;
        const QString value = headerValueText(viewOf(header.value), &isHex);
        m_headers->setItem(row, 0, new QTableWidgetItem(qs(header.name)));
        auto* valueItem = new QTableWidgetItem(value);
        valueItem->setToolTip(value.left(2000));
        m_headers->setItem(row, 1, valueItem);
        m_headers->setItem(row, 2,
            new QTableWidgetItem(!header.value ? tr("null")
                    : isHex                    ? tr("hex (binary)")
                                               : tr("UTF-8")));
        ++row;
    }
}

void RecordView::showDeadLetter()
{
    const bool isDeadLetter = m_deadLetter.has_value();
    m_tabs->setTabVisible(0, isDeadLetter);
    m_openOriginal->setVisible(isDeadLetter);
    if (!isDeadLetter) {
        m_error->clear();
        return;
    }
    const dlq::DeadLetterInfo& d = *m_deadLetter;
    QString coordinates;
    if (d.hasOriginalCoordinates()) {
        coordinates = tr("%1, partition %2, offset %3")
                          .arg(qs(*d.originalTopic))
                          .arg(*d.originalPartition)
                          .arg(*d.originalOffset);
        m_openOriginal->setEnabled(true);
        m_openOriginal->setToolTip(tr("Open %1 in the message browser at this record").arg(coordinates));
    } else {
        coordinates = tr("unknown: this dead letter does not say where it came from%1")
                          .arg(d.originalTopic ? tr(" (topic %1, but no partition/offset)").arg(qs(*d.originalTopic))
                                               : QString());
        if (d.convention == dlq::Convention::KafkaConnect)
            coordinates += tr(". Kafka Connect writes the original coordinates only with "
                              "errors.deadletterqueue.context.headers.enable=true.");
        m_openOriginal->setEnabled(false);
        m_openOriginal->setToolTip(tr("The original record's topic, partition and offset are not known"));
    }
    QString text;
    text += tr("Convention:       %1\n").arg(qs(d.conventionName));
    text += tr("Original record:  %1\n").arg(coordinates);
    if (d.connectorName || d.taskId)
        text += tr("Connector / task: %1 / %2\n")
                    .arg(optionalText(d.connectorName), d.taskId ? QString::number(*d.taskId) : unknownText());
    if (d.originalConsumerGroup)
        text += tr("Consumer group:   %1\n").arg(qs(*d.originalConsumerGroup));
    if (d.stage)
        text += tr("Stage:            %1\n").arg(qs(*d.stage));
    if (d.className)
        text += tr("Class:            %1\n").arg(qs(*d.className));
    text += tr("Exception:        %1\n").arg(optionalText(d.exceptionClass));
    if (d.exceptionCauseClass)
        text += tr("Cause:            %1\n").arg(qs(*d.exceptionCauseClass));
    text += tr("Message:          %1\n").arg(optionalText(d.exceptionMessage));
    if (d.originalTimestampMs)
        text += tr("Original time:    %1\n").arg(formatTimestampUtc(*d.originalTimestampMs));
    for (const dlq::FieldProblem& p : d.problems)
        text += tr("Unreadable header %1: %2\n").arg(qs(p.headerName), qs(p.message));
    text += tr("\nStack trace:\n%1").arg(d.stackTrace ? qs(*d.stackTrace) : tr("(none in the headers)"));
    m_error->setPlainText(text);
    if (!std::exchange(m_isRedecoding, false))
        m_tabs->setCurrentIndex(0); // a new dead letter opens at its error
}

void RecordView::setDecoderRegistry(std::shared_ptr<const decode::DecoderRegistry> registry)
{
    if (!registry)
        return;
    m_decoders = std::move(registry);
    fillDecoderBoxes();
    const QString topic = std::exchange(m_choiceTopic, QString());
    if (!topic.isEmpty())
        showDecoderChoiceOf(topic);
    if (m_index && m_row)
        setRow(m_index, *m_row);
}

void RecordView::rememberDecoderChoices(AppSettings* settings, const QString& cluster)
{
    m_settings = settings;
    m_cluster = cluster;
    m_choiceTopic.clear(); // read the choice again for the next record
}

void RecordView::fillDecoderBoxes()
{
    const QList<DecoderOption> options = decoderOptions(*m_decoders);
    for (QComboBox* box : { m_keyDecoder, m_valueDecoder }) {
        const QSignalBlocker blocker(box);
        const QString current = box->currentData().toString();
        box->clear();
        for (const DecoderOption& option : options)
            box->addItem(option.name, option.id);
        box->setCurrentIndex(std::max(0, box->findData(current)));
    }
}

// Shows the choice remembered for `topic` (Auto for a decoder this build no longer has).
void RecordView::showDecoderChoiceOf(const QString& topic)
{
    if (topic == m_choiceTopic)
        return;
    m_choiceTopic = topic;
    QStringList ids = m_settings ? m_settings->recordDecoders(m_cluster + QLatin1Char('/') + topic)
                                 : m_sessionChoices.value(topic);
    ids.resize(2);
    const std::array<QComboBox*, 2> boxes { m_keyDecoder, m_valueDecoder };
    for (std::size_t i = 0; i < boxes.size(); ++i) {
        const QSignalBlocker blocker(boxes[i]);
        boxes[i]->setCurrentIndex(std::max(0, boxes[i]->findData(ids[static_cast<qsizetype>(i)])));
    }
}

void RecordView::decoderChosen()
{
    const QString keyId = m_keyDecoder->currentData().toString();
    const QString valueId = m_valueDecoder->currentData().toString();
    if (!m_choiceTopic.isEmpty()) {
        if (m_settings)
            m_settings->setRecordDecoders(m_cluster + QLatin1Char('/') + m_choiceTopic, keyId, valueId);
        else
            m_sessionChoices.insert(m_choiceTopic, { keyId, valueId });
    }
    if (m_index && m_row) {
        setRow(m_index, *m_row); // decoded again, off the GUI thread like any record
        m_isRedecoding = true;
    }
}

PayloadDecoding RecordView::decodingOf(const QComboBox* box) const
{
    return PayloadDecoding { m_decoders, box->currentData().toString().toStdString() };
}

QString RecordView::summaryText() const
{
    return m_summary->text();
}
QString RecordView::valueText() const
{
    return m_value->toPlainText();
}
QString RecordView::jsonText() const
{
    return m_json->toPlainText();
}
QString RecordView::hexText() const
{
    return m_hex->toPlainText();
}
QString RecordView::keyText() const
{
    return m_key->toPlainText();
}
QString RecordView::errorText() const
{
    return m_error->toPlainText();
}

QString RecordView::copyAsJson() const
{
    if (!m_record)
        return {};
    std::vector<decode::HeaderView> headers;
    return qs(decode::toJsonLine(m_record->view(headers)));
}

void RecordView::copyJson()
{
    const QString json = copyAsJson();
    if (!json.isEmpty())
        QApplication::clipboard()->setText(json);
}

void RecordView::showTab(const QString& name)
{
    static const QStringList kNames = { QStringLiteral("error"), QStringLiteral("value"), QStringLiteral("json"),
        QStringLiteral("tree"), QStringLiteral("hex"), QStringLiteral("key"), QStringLiteral("headers") };
    const int index = static_cast<int>(kNames.indexOf(name));
    if (index >= 0 && m_tabs->isTabVisible(index))
        m_tabs->setCurrentIndex(index);
}

bool RecordView::find(const QString& text, bool backwards)
{
    if (text.isEmpty())
        return false;
    QWidget* current = m_tabs->currentWidget();
    if (current == m_jsonTree) {
        const auto items = m_jsonTree->findItems(text, Qt::MatchContains | Qt::MatchRecursive, 1)
            + m_jsonTree->findItems(text, Qt::MatchContains | Qt::MatchRecursive, 0);
        if (items.isEmpty())
            return false;
        QTreeWidgetItem* item = items.front();
        for (QTreeWidgetItem* p = item->parent(); p; p = p->parent())
            p->setExpanded(true);
        m_jsonTree->setCurrentItem(item);
        m_jsonTree->scrollToItem(item);
        return true;
    }
    auto* edit = qobject_cast<QPlainTextEdit*>(current);
    if (!edit)
        return false;
    const QTextDocument::FindFlags flags = backwards ? QTextDocument::FindBackward : QTextDocument::FindFlags();
    if (edit->find(text, flags))
        return true;
    // Wrap around once.
    QTextCursor cursor = edit->textCursor();
    cursor.movePosition(backwards ? QTextCursor::End : QTextCursor::Start);
    edit->setTextCursor(cursor);
    return edit->find(text, flags);
}

void RecordView::findSameKey(bool forward)
{
    if (!m_index || !m_row)
        return;
    std::shared_ptr<const browse::RecordIndex> idx = m_index;
    const std::uint64_t row = *m_row;
    const std::uint64_t generation = m_generation;
    m_status->setText(tr("Looking for the %1 record with this key\u2026").arg(forward ? tr("next") : tr("previous")));
    runInBackground(
        this, [idx, row, forward]() { return idx->findSameKey(row, forward); },
        [this, generation, forward](std::optional<std::uint64_t> found) {
            if (generation != m_generation)
                return;
            if (!found) {
                m_status->setText(forward ? tr("No later record with this key in this result.")
                                          : tr("No earlier record with this key in this result."));
                emit sameKeyNotFound(forward);
                return;
            }
            m_status->clear();
            emit rowRequested(*found);
        });
}

} // namespace sluice::ui
