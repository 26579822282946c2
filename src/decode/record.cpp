// SPDX-License-Identifier: Apache-2.0
#include "decode/record.h"

namespace sluice::decode {

namespace {

std::optional<ByteView> viewOf(const std::optional<Bytes>& bytes)
{
    if (!bytes)
        return std::nullopt;
    return ByteView(*bytes);
}

std::optional<Bytes> copyOf(const std::optional<ByteView>& bytes)
{
    if (!bytes)
        return std::nullopt;
    return Bytes(bytes->begin(), bytes->end());
}

} // namespace

std::optional<TimestampType> timestampTypeFromName(std::string_view name)
{
    for (const auto type : {TimestampType::NotAvailable, TimestampType::CreateTime, TimestampType::LogAppendTime}) {
        if (nameOf(type) == name)
            return type;
    }
    return std::nullopt;
}

RecordView Record::view(std::vector<HeaderView>& headerStorage) const
{
    headerStorage.clear();
    headerStorage.reserve(headers.size());
    for (const Header& header : headers)
        headerStorage.push_back(HeaderView{header.name, viewOf(header.value)});
    RecordView out;
    out.topic = topic;
    out.partition = partition;
    out.offset = offset;
    out.timestamp = timestamp;
    out.key = viewOf(key);
    out.value = viewOf(value);
    out.headers = headerStorage;
    return out;
}

Record toRecord(const RecordView& view)
{
    Record out;
    out.topic = std::string(view.topic);
    out.partition = view.partition;
    out.offset = view.offset;
    out.timestamp = view.timestamp;
    out.key = copyOf(view.key);
    out.value = copyOf(view.value);
    out.headers.reserve(view.headers.size());
    for (const HeaderView& header : view.headers)
        out.headers.push_back(Header{std::string(header.name), copyOf(header.value)});
    return out;
}

} // namespace sluice::decode
