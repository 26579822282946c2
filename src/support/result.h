// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "support/error.h"

#include <cassert>
#include <utility>
#include <variant>

namespace sluice {

// A small stand-in for std::expected<T, Error> until the project moves to C++23.
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_state(std::in_place_index<0>, std::move(value)) {}       // NOLINT: implicit by design
    Result(Error error) : m_state(std::in_place_index<1>, std::move(error)) {}   // NOLINT: implicit by design

    bool hasValue() const { return m_state.index() == 0; }
    explicit operator bool() const { return hasValue(); }

    T& value() & { assert(hasValue()); return std::get<0>(m_state); }
    const T& value() const& { assert(hasValue()); return std::get<0>(m_state); }
    T&& value() && { assert(hasValue()); return std::get<0>(std::move(m_state)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { assert(!hasValue()); return std::get<1>(m_state); }

private:
    std::variant<T, Error> m_state;
};

// Result<void>: success carries nothing.
struct Ok {};
using Status = Result<Ok>;

} // namespace sluice
