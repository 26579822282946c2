// SPDX-License-Identifier: Apache-2.0
#include "replay/replay_resume_banner.h"

#include "common/format.h"
#include "common/state_palette.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>
#include <algorithm>

namespace sluice::ui {

ReplayResumeBanner::ReplayResumeBanner(QWidget* parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("replayResumeBanner"));
    setFrameShape(QFrame::StyledPanel);
    setStyleSheet(QStringLiteral("#replayResumeBanner { background: %1; border: 1px solid %2; border-radius: 4px; }")
                      .arg(healthTint(Health::Warning).name(), healthBorder(Health::Warning).name()));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    m_rows = new QVBoxLayout;
    layout->addLayout(m_rows);
    m_error = new QLabel(this);
    m_error->setWordWrap(true);
    m_error->hide();
    layout->addWidget(m_error);
    hide();
}

QString ReplayResumeBanner::describe(const replay::StoredReplay& r)
{
    const QString target
        = r.plan.targetMode == replay::TargetMode::OriginalTopic ? tr("their original topics") : qs(r.plan.targetTopic);
    QString left;
    if (r.remaining)
        left = tr("up to %1 of %2 selected records left to send")
                   .arg(formatCount(static_cast<std::int64_t>(*r.remaining)),
                       formatCount(static_cast<std::int64_t>(r.selected)));
    else
        left = tr("records left to send unknown until it runs");
    return tr("Replay %1 from %2 to %3 on %4 did not finish: %5.")
        .arg(qs(r.id), qs(r.plan.sourceTopic), target, qs(r.plan.effectiveTargetCluster()), left);
}

void ReplayResumeBanner::showReplays(const std::vector<replay::StoredReplay>& replays)
{
    while (QLayoutItem* item = m_rows->takeAt(0)) {
        if (QLayout* row = item->layout()) {
            while (QLayoutItem* child = row->takeAt(0)) {
                delete child->widget();
                delete child;
            }
        }
        delete item->widget();
        delete item;
    }
    m_error->hide();
    m_shown = std::min(static_cast<int>(replays.size()), kMaxShown);
    for (int i = 0; i < m_shown; ++i) {
        auto* row = new QHBoxLayout;
        auto* text = new QLabel(describe(replays[static_cast<std::size_t>(i)]), this);
        text->setWordWrap(true);
        auto* resume = new QPushButton(tr("Resume\u2026"), this);
        resume->setObjectName(QStringLiteral("resumeReplay%1").arg(i));
        auto* discard = new QPushButton(tr("Discard"), this);
        discard->setObjectName(QStringLiteral("discardReplay%1").arg(i));
        discard->setToolTip(tr("Stop offering this replay; its journal and report stay in the data folder."));
        connect(resume, &QPushButton::clicked, this, [this, i] { emit resumeRequested(i); });
        connect(discard, &QPushButton::clicked, this, [this, i] { emit discardRequested(i); });
        row->addWidget(text, 1);
        row->addWidget(resume);
        row->addWidget(discard);
        m_rows->addLayout(row);
    }
    if (static_cast<int>(replays.size()) > m_shown) {
        auto* more = new QLabel(tr("and %n more unfinished replay(s) in the data folder", nullptr,
                                    static_cast<int>(replays.size()) - m_shown),
            this);
        m_rows->addWidget(more);
    }
    setVisible(m_shown > 0);
}

void ReplayResumeBanner::showError(const QString& message)
{
    m_error->setText(message);
    m_error->show();
    show();
}

} // namespace sluice::ui
