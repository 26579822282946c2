// SPDX-License-Identifier: Apache-2.0
#include "monitoring/chart_range_bar.h"

#include <QComboBox>
#include <QDateTime>
#include <QDateTimeEdit>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace sluice::ui {
namespace {

using namespace std::chrono_literals;

std::chrono::milliseconds spanOf(ChartRangeBar::Range range)
{
    switch (range) {
    case ChartRangeBar::Range::Last15Min:
        return 15min;
    case ChartRangeBar::Range::LastHour:
        return 1h;
    case ChartRangeBar::Range::Last6Hours:
        return 6h;
    case ChartRangeBar::Range::Last24Hours:
        return 24h;
    case ChartRangeBar::Range::Last7Days:
        return 24h * 7;
    case ChartRangeBar::Range::Custom:
        break;
    }
    return 1h;
}

std::int64_t toMs(std::chrono::system_clock::time_point t)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

} // namespace

ChartRangeBar::ChartRangeBar(QWidget* parent)
    : QWidget(parent)
    , m_now([] { return std::chrono::system_clock::now(); })
{
    m_box = new QComboBox(this);
    m_box->setObjectName(QStringLiteral("chartRange"));
    m_box->addItems(
        { tr("Last 15 min"), tr("Last hour"), tr("Last 6 h"), tr("Last 24 h"), tr("Last 7 days"), tr("Custom") });
    m_box->setCurrentIndex(static_cast<int>(m_range));
    m_fromEdit = new QDateTimeEdit(this);
    m_toEdit = new QDateTimeEdit(this);
    for (QDateTimeEdit* edit : { m_fromEdit, m_toEdit }) {
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
        edit->setCalendarPopup(true);
    }
    m_apply = new QPushButton(tr("Show"), this);
    enableCustomFields(false);
    connect(m_box, &QComboBox::activated, this,
        [this](int index) { setRange(static_cast<Range>(index)); });
    connect(m_apply, &QPushButton::clicked, this, [this] {
        setCustomRange(m_fromEdit->dateTime().toMSecsSinceEpoch(), m_toEdit->dateTime().toMSecsSinceEpoch());
    });

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Range"), this));
    layout->addWidget(m_box);
    layout->addWidget(m_fromEdit);
    layout->addWidget(new QLabel(QStringLiteral("\u2013"), this));
    layout->addWidget(m_toEdit);
    layout->addWidget(m_apply);
}

void ChartRangeBar::setRange(Range range)
{
    if (range == Range::Custom) {
        const auto [from, to] = window();
        m_customFrom = from;
        m_customTo = to;
    }
    m_range = range;
    m_box->setCurrentIndex(static_cast<int>(range));
    enableCustomFields(range == Range::Custom);
    emit rangeChanged();
}

void ChartRangeBar::setCustomRange(std::int64_t fromMs, std::int64_t toMs)
{
    if (toMs <= fromMs)
        return;
    m_range = Range::Custom;
    m_customFrom = fromMs;
    m_customTo = toMs;
    m_box->setCurrentIndex(static_cast<int>(Range::Custom));
    enableCustomFields(true);
    emit rangeChanged();
}

std::pair<std::int64_t, std::int64_t> ChartRangeBar::window()
{
    std::pair<std::int64_t, std::int64_t> span { m_customFrom, m_customTo };
    if (m_range != Range::Custom || m_customTo <= m_customFrom) {
        const auto now = m_now();
        span = { toMs(now - spanOf(m_range)), toMs(now) };
    }
    m_fromEdit->setDateTime(QDateTime::fromMSecsSinceEpoch(span.first));
    m_toEdit->setDateTime(QDateTime::fromMSecsSinceEpoch(span.second));
    return span;
}

void ChartRangeBar::enableCustomFields(bool enabled)
{
    for (QWidget* w : std::initializer_list<QWidget*> { m_fromEdit, m_toEdit, m_apply })
        w->setEnabled(enabled);
}

} // namespace sluice::ui
