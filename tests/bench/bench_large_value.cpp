// SPDX-License-Identifier: Apache-2.0
// B9: opening a 5 MB and a 20 MB JSON value in the record view. Measures the first view
// (the bounded preview, shown before setRow() returns), the time until the full formatting
// is on screen, the longest GUI-thread stall meanwhile (a 1 ms timer's largest gap), and the
// growth of the resident set relative to the value's size. No broker: the record comes from
// a record index, as in the browser.
//
//   QT_QPA_PLATFORM=offscreen bench_large_value [MB ...]     (default: 5 20)
#include "browse/record_index.h"
#include "browse/record_view.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <malloc.h>

using namespace sluice;

namespace {

std::uint64_t residentBytes()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields[1].toULongLong() * 4096ULL : 0;
}

std::string jsonOfSize(std::size_t bytes)
{
    std::string out = "{\"items\":[";
    for (int i = 0; out.size() < bytes; ++i)
        out += (i ? "," : "") + std::string("{\"id\":") + std::to_string(i) + ",\"name\":\"item number "
            + std::to_string(i) + "\",\"tags\":[\"a\",\"b\"],\"price\":12.5}";
    out += "]}";
    return out;
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    std::vector<int> sizesMb;
    for (int i = 1; i < argc; ++i)
        sizesMb.push_back(std::atoi(argv[i]));
    if (sizesMb.empty())
        sizesMb = { 5, 20 };
    QTemporaryDir dir;
    int failures = 0;
    for (const int mb : sizesMb) {
        browse::RecordIndex::Options options;
        options.topic = "bench";
        options.spool.directory = dir.path().toStdString();
        auto index = browse::RecordIndex::create(options);
        if (!index)
            return 1;
        decode::Record record;
        record.topic = "bench";
        record.partition = 0;
        record.offset = 0;
        record.key = decode::toBytes("key");
        record.value = decode::toBytes(jsonOfSize(static_cast<std::size_t>(mb) * 1000 * 1000));
        std::vector<decode::HeaderView> headers;
        (void)(*index)->append(record.view(headers));
        (void)(*index)->publish();
        const std::size_t valueBytes = record.value->size();
        record = {};

        ui::RecordView view;
        view.resize(1400, 900);
        view.show();
        app.processEvents(); // bench driver: settle the window before measuring
        // The bench built (and freed) the value itself just now: hand that memory back first,
        // or the view would reuse it and its growth would look smaller than it is.
        malloc_trim(0);
        const std::uint64_t residentBefore = residentBytes();

        QElapsedTimer clock;
        qint64 lastTick = 0;
        qint64 maxGap = 0;
        QTimer ticker;
        ticker.setInterval(1);
        QObject::connect(&ticker, &QTimer::timeout, [&] {
            const qint64 now = clock.elapsed();
            maxGap = std::max(maxGap, now - lastTick);
            lastTick = now;
        });
        qint64 loadedMs = -1;
        QObject::connect(&view, &ui::RecordView::loaded, [&] {
            loadedMs = clock.elapsed();
            // One more turn so the text is laid out before the stall measurement ends.
            QTimer::singleShot(50, &app, [&] { app.exit(); });
        });
        clock.start();
        ticker.start();
        view.setRow(*index, 0);
        const qint64 firstViewMs = clock.elapsed();
        lastTick = firstViewMs;
        app.exec();
        ticker.stop();
        const std::uint64_t residentAfter = residentBytes();
        const double growth = static_cast<double>(residentAfter - std::min(residentAfter, residentBefore))
            / static_cast<double>(valueBytes);
        const bool ok = firstViewMs <= 200 && maxGap <= 50 && growth <= 3.0;
        failures += ok ? 0 : 1;
        std::printf("%d MB JSON: first view %lld ms (target <= 200) | full view %lld ms | longest stall %lld ms "
                    "(target <= 50) | resident growth %.2fx the value (target <= 3)%s\n",
            mb, static_cast<long long>(firstViewMs), static_cast<long long>(loadedMs), static_cast<long long>(maxGap),
            growth, ok ? "" : "  MISSED");
    }
    return failures == 0 ? 0 : 1;
}
