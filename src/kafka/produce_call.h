// SPDX-License-Identifier: Apache-2.0
#pragma once
// The arguments of one rd_kafka_produceva() call, built without allocating per record
// (the headers object aside). Keys, values and headers are copied by librdkafka
// (RD_KAFKA_MSG_F_COPY), so the sources need only live until the call returns. When the
// call succeeds librdkafka owns the headers; when it fails, dropHeaders() frees them.

#include <array>
#include <cstddef>
#include <cstdint>
#include <librdkafka/rdkafka.h>
#include <optional>
#include <string_view>

namespace sluice::kafka {

class ProduceCall {
public:
    ProduceCall(
        const char* topic, std::int32_t partition, std::int64_t timestampMs, void* opaque, std::size_t headerCount)
        : m_headers(rd_kafka_headers_new(headerCount))
    {
        m_args[m_count].vtype = RD_KAFKA_VTYPE_TOPIC;
        m_args[m_count++].u.cstr = topic;
        m_args[m_count].vtype = RD_KAFKA_VTYPE_PARTITION;
        m_args[m_count++].u.i32 = partition;
        m_args[m_count].vtype = RD_KAFKA_VTYPE_HEADERS;
        m_args[m_count++].u.headers = m_headers;
        m_args[m_count].vtype = RD_KAFKA_VTYPE_TIMESTAMP; // 0: the time of sending
        m_args[m_count++].u.i64 = timestampMs;
        m_args[m_count].vtype = RD_KAFKA_VTYPE_OPAQUE;
        m_args[m_count++].u.ptr = opaque;
        m_args[m_count].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
        m_args[m_count++].u.i = RD_KAFKA_MSG_F_COPY;
    }

    // A key or value that is nullopt is sent as null; an empty one as empty (never null).
    template <typename Bytes> void setKey(const std::optional<Bytes>& key)
    {
        if (key)
            addBytes(RD_KAFKA_VTYPE_KEY, key->data(), key->size());
    }
    template <typename Bytes> void setValue(const std::optional<Bytes>& value)
    {
        if (value)
            addBytes(RD_KAFKA_VTYPE_VALUE, value->data(), value->size());
    }
    // A null `value` adds a header with a null value.
    void addHeader(std::string_view name, const void* value, std::size_t size)
    {
        rd_kafka_header_add(
            m_headers, name.data(), static_cast<ssize_t>(name.size()), value, value ? static_cast<ssize_t>(size) : 0);
    }

    const rd_kafka_vu_t* args() const { return m_args.data(); }
    std::size_t count() const { return m_count; }
    void dropHeaders() { rd_kafka_headers_destroy(m_headers); }

private:
    void addBytes(rd_kafka_vtype_t type, const void* data, std::size_t size)
    {
        static char empty = 0; // librdkafka reads a null pointer as a null key or value
        m_args[m_count].vtype = type;
        m_args[m_count].u.mem.ptr = size == 0 ? static_cast<void*>(&empty) : const_cast<void*>(data);
        m_args[m_count++].u.mem.size = size;
    }

    std::array<rd_kafka_vu_t, 8> m_args {};
    std::size_t m_count = 0;
    rd_kafka_headers_t* m_headers = nullptr;
};

} // namespace sluice::kafka
