// SPDX-License-Identifier: Apache-2.0
#pragma once

// The time range of a history chart: presets that end at "now" and follow new samples (last
// 15 min … 7 days) or a custom span picked with two date fields and "Show". Shared by the
// group page's lag charts and the topic page's rate chart.

#include <QWidget>
#include <chrono>
#include <cstdint>
#include <functional>
#include <utility>

class QComboBox;
class QDateTimeEdit;
class QPushButton;

namespace sluice::ui {

class ChartRangeBar : public QWidget {
    Q_OBJECT
public:
    enum class Range { Last15Min, LastHour, Last6Hours, Last24Hours, Last7Days, Custom };

    explicit ChartRangeBar(QWidget* parent = nullptr);

    Range range() const { return m_range; }
    bool followsNow() const { return m_range != Range::Custom; }
    // A preset; Custom keeps the span shown at the time of the switch.
    void setRange(Range range);
    // A custom span in ms since the epoch (from < to; otherwise ignored), e.g. after a zoom.
    void setCustomRange(std::int64_t fromMs, std::int64_t toMs);

    // [from, to] in ms since the epoch: the custom span, or the preset ending now. The date
    // fields are set to it.
    std::pair<std::int64_t, std::int64_t> window();

    // The clock used for "now" (tests pin it).
    void setNow(std::function<std::chrono::system_clock::time_point()> now) { m_now = std::move(now); }

signals:
    void rangeChanged(); // preset or custom span changed: ask the history again

private:
    void enableCustomFields(bool enabled);

    std::function<std::chrono::system_clock::time_point()> m_now;
    Range m_range = Range::Last15Min;
    std::int64_t m_customFrom = 0;
    std::int64_t m_customTo = 0;
    QComboBox* m_box = nullptr;
    QDateTimeEdit* m_fromEdit = nullptr;
    QDateTimeEdit* m_toEdit = nullptr;
    QPushButton* m_apply = nullptr;
};

} // namespace sluice::ui
