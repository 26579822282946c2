// SPDX-License-Identifier: Apache-2.0
// Record indexes filled by hand, for the UI tests of the browser and the record view.
#pragma once

#include "browse/record_index.h"
#include "decode/record.h"

#include <QTemporaryDir>
#include <QTest>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sluice::testing {

// An index of `topic` spooling into `dir`; maxRows 0 keeps every row.
inline std::shared_ptr<browse::RecordIndex> makeRecordIndex(
    const QTemporaryDir& dir, const std::string& topic, std::uint64_t maxRows = 0)
{
    browse::RecordIndex::Options options;
    options.topic = topic;
    options.maxRows = maxRows;
    options.spool.directory = dir.path().toStdString();
    auto index = browse::RecordIndex::create(options);
    if (!index)
        qFatal("index: %s", index.error().message.c_str());
    return *index;
}

// Appends one record (not yet published); fails the test if the index refuses it.
inline void appendRecord(browse::RecordIndex& index, const decode::Record& record)
{
    std::vector<decode::HeaderView> headers;
    QVERIFY(index.append(record.view(headers)).hasValue());
}

} // namespace sluice::testing
