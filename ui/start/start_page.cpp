// SPDX-License-Identifier: Apache-2.0
#include "start/start_page.h"

#include "common/file_prompts.h"
#include "common/inline_banner.h"
#include "settings/app_settings.h"
#include "start/add_cluster_form.h"

#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace sluice::ui {

namespace {

constexpr int kPathRole = Qt::UserRole + 1;

QLabel* heading(const QString& text, qreal scale, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * scale);
    font.setBold(true);
    label->setFont(font);
    return label;
}

QLabel* note(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("color: palette(mid);"));
    return label;
}

} // namespace

StartPage::StartPage(
    std::shared_ptr<kafka::SecretResolver> secrets, AppSettings& settings, FilePrompts& prompts, QWidget* parent)
    : QWidget(parent)
    , m_settings(settings)
    , m_prompts(&prompts)
{
    auto* logo = new QLabel(this);
    logo->setPixmap(QIcon(QStringLiteral(":/icons/sluice.svg")).pixmap(48, 48));
    auto* title = heading(tr("Sluice"), 2.0, this);
    auto* tagline = note(tr("Kafka pipelines at a glance: brokers, topics, consumer groups, live."), this);
    auto* titleText = new QVBoxLayout;
    titleText->setSpacing(0);
    titleText->addWidget(title);
    titleText->addWidget(tagline);
    auto* titleRow = new QHBoxLayout;
    titleRow->addWidget(logo);
    titleRow->addSpacing(8);
    titleRow->addLayout(titleText, 1);

    // Left: open.
    m_open = new QPushButton(tr("Open workspace file\u2026"), this);
    connect(m_open, &QPushButton::clicked, this, &StartPage::chooseWorkspaceFile);
    m_error = new InlineBanner(this);
    m_error->setObjectName(QStringLiteral("workspaceError"));
    m_recent = new QListWidget(this);
    m_recent->setObjectName(QStringLiteral("recentWorkspaces"));
    m_recent->setUniformItemSizes(true);
    m_recent->setTextElideMode(Qt::ElideMiddle);
    connect(m_recent, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
        if (!item->data(kPathRole).toString().isEmpty())
            emit openRequested(item->data(kPathRole).toString());
    });

    // Room for every recent entry (at most kMaxRecentWorkspaces) and no more.
    const int rowHeight = m_recent->fontMetrics().height() + 8;
    m_recent->setMaximumHeight(rowHeight * AppSettings::kMaxRecentWorkspaces + 2 * m_recent->frameWidth());

    auto* leftHost = new QWidget(this);
    auto* left = new QVBoxLayout(leftHost);
    left->setContentsMargins(0, 0, 0, 0);
    left->setSpacing(6);
    left->addWidget(heading(tr("Open a workspace"), 1.2, leftHost));
    left->addWidget(note(tr("A workspace file (YAML) lists your clusters and how to reach them."), leftHost));
    auto* openRow = new QHBoxLayout;
    openRow->addWidget(m_open);
    openRow->addStretch(1);
    left->addLayout(openRow);
    left->addWidget(m_error);
    left->addSpacing(12);
    left->addWidget(heading(tr("Recent workspaces"), 1.0, leftHost));
    left->addWidget(m_recent);
    left->addStretch(1);

    // Right: add a cluster.
    m_form = new AddClusterForm(std::move(secrets), prompts, this);
    auto* formHost = new QWidget(this);
    auto* right = new QVBoxLayout(formHost);
    right->setContentsMargins(0, 0, 8, 0);
    right->addWidget(heading(tr("Add a cluster"), 1.2, formHost));
    right->addWidget(
        note(tr("Creates a workspace file for one cluster. Passwords go to the system keychain."), formHost));
    right->setSpacing(6);
    right->addWidget(m_form, 1);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(formHost);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    auto* columns = new QHBoxLayout;
    columns->setSpacing(32);
    columns->addWidget(leftHost, 2);
    columns->addWidget(scroll, 3);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 18, 24, 18);
    layout->setSpacing(16);
    layout->addLayout(titleRow);
    layout->addLayout(columns, 1);
    refreshRecentWorkspaces();
}

void StartPage::setFilePrompts(FilePrompts& prompts)
{
    m_prompts = &prompts;
    m_form->setFilePrompts(prompts);
}

void StartPage::showWorkspaceError(const QString& message, const QString& detail)
{
    m_error->showMessage(Health::Error, message, detail);
}

void StartPage::clearWorkspaceError()
{
    m_error->clear();
}

void StartPage::refreshRecentWorkspaces()
{
    m_recent->clear();
    for (const QString& path : m_settings.recentWorkspaces()) {
        const QFileInfo info(path);
        auto* item = new QListWidgetItem(m_recent);
        const bool exists = info.exists();
        item->setText(QStringLiteral("%1   %2%3")
                          .arg(info.fileName(), QDir::toNativeSeparators(info.absolutePath()),
                              exists ? QString() : tr("  (missing)")));
        item->setToolTip(QDir::toNativeSeparators(path));
        item->setData(kPathRole, path);
        if (!exists)
            item->setForeground(m_recent->palette().color(QPalette::Disabled, QPalette::Text));
    }
    if (m_recent->count() == 0) {
        auto* item = new QListWidgetItem(tr("No recent workspaces yet"), m_recent);
        item->setFlags(Qt::NoItemFlags);
    }
}

void StartPage::chooseWorkspaceFile()
{
    const QString path
        = m_prompts->openFile(this, tr("Open workspace"), m_settings.lastDirectory(), workspaceFileFilter());
    if (path.isEmpty())
        return;
    m_settings.setLastDirectory(QFileInfo(path).absolutePath());
    emit openRequested(path);
}

} // namespace sluice::ui
