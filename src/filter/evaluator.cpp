// SPDX-License-Identifier: Apache-2.0
// Evaluation of a compiled filter against one record at a time, with a step budget.
//
// Charging: one step per node and per header looked at, 1 + n/64 steps for scanning n
// bytes (JSON extraction, contains/startsWith/endsWith), and one step per NFA thread per
// input character for `matches`. The JSON of key and value is read at most once per
// record, on first use, for all paths at once.
#include "filter/filter.h"

#include "decode/json_reader.h"
#include "filter/program.h"

#include <algorithm>

namespace sluice::filter {

namespace {

constexpr std::uint64_t kBytesPerStep = 64;

// A field's value in one record.
struct Value {
    enum class Kind { Missing, Null, Bool, Int, Float, Text, Composite } kind = Kind::Missing;
    bool boolean = false;
    std::int64_t integer = 0;
    double real = 0;
    std::string_view text; // Text: the bytes; Composite: the JSON text of an object or array
};

Value intValue(std::int64_t v)
{
    Value out;
    out.kind = Value::Kind::Int;
    out.integer = v;
    return out;
}

Value textValue(std::string_view text)
{
    Value out;
    out.kind = Value::Kind::Text;
    out.text = text;
    return out;
}

Value bytesValue(const std::optional<decode::ByteView>& bytes)
{
    if (!bytes) {
        Value out;
        out.kind = Value::Kind::Null;
        return out;
    }
    return textValue(decode::asChars(*bytes));
}

bool isNumeric(const Value& v)
{
    return v.kind == Value::Kind::Int || v.kind == Value::Kind::Float;
}

double asDouble(const Value& v)
{
    return v.kind == Value::Kind::Int ? static_cast<double>(v.integer) : v.real;
}

double asDouble(const Literal& lit)
{
    return lit.kind == LiteralKind::Int ? static_cast<double>(lit.integer) : lit.real;
}

// -1, 0, 1; nullopt when the two have no common order.
std::optional<int> order(const Value& v, const Literal& lit)
{
    const bool literalIsNumber = lit.kind == LiteralKind::Int || lit.kind == LiteralKind::Float;
    if (isNumeric(v) && literalIsNumber) {
        if (v.kind == Value::Kind::Int && lit.kind == LiteralKind::Int)
            return v.integer < lit.integer ? -1 : (v.integer > lit.integer ? 1 : 0);
        const double a = asDouble(v);
        const double b = asDouble(lit);
        if (a < b)
            return -1;
        if (a > b)
            return 1;
        if (a == b)
            return 0;
        return std::nullopt;
    }
    if (v.kind == Value::Kind::Text && lit.kind == LiteralKind::String) {
        const int c = v.text.compare(lit.text); // char_traits<char> orders as unsigned bytes
        return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    return std::nullopt;
}

bool equals(const Value& v, const Literal& lit)
{
    switch (lit.kind) {
    case LiteralKind::Null: return v.kind == Value::Kind::Null;
    case LiteralKind::Bool: return v.kind == Value::Kind::Bool && v.boolean == lit.boolean;
    case LiteralKind::Int:
    case LiteralKind::Float:
    case LiteralKind::String: return order(v, lit) == 0;
    }
    return false;
}

} // namespace

struct Evaluator::State {
    Filter filter;
    const Program* program = nullptr;
    EvalLimits limits;

    const decode::RecordView* record = nullptr;
    std::uint64_t steps = 0;
    bool isExhausted = false;
    bool isKeyRead = false;
    bool isValueRead = false;
    std::vector<JsonSlot> keySlots;
    std::vector<JsonSlot> valueSlots;
    JsonScratch jsonScratch;
    std::string decoded; // a JSON string with escapes, decoded
    RegexScratch regexScratch;

    State(Filter f, EvalLimits l) : filter(std::move(f)), program(&filter.program()), limits(l) {}

    bool charge(std::uint64_t n)
    {
        steps += n;
        if (steps > limits.maxSteps)
            isExhausted = true;
        return !isExhausted;
    }

    static std::uint64_t scanCost(std::size_t bytes) { return 1 + bytes / kBytesPerStep; }

    Evaluation run(const decode::RecordView& r)
    {
        record = &r;
        steps = 0;
        isExhausted = false;
        isKeyRead = false;
        isValueRead = false;
        const bool matched = node(program->root);
        Evaluation out;
        out.steps = steps;
        out.verdict = isExhausted ? Verdict::BudgetExceeded : (matched ? Verdict::Match : Verdict::NoMatch);
        record = nullptr;
        return out;
    }

    bool node(std::uint32_t index)
    {
        if (!charge(1))
            return false;
        const Node& n = program->nodes[index];
        switch (n.kind) {
        case NodeKind::Constant: return n.constant;
        case NodeKind::Not: {
            const bool inner = node(n.children.front());
            return !isExhausted && !inner;
        }
        case NodeKind::And:
            for (const std::uint32_t child : n.children) {
                if (!node(child) || isExhausted)
                    return false;
            }
            return true;
        case NodeKind::Or:
            for (const std::uint32_t child : n.children) {
                if (node(child))
                    return !isExhausted;
                if (isExhausted)
                    return false;
            }
            return false;
        case NodeKind::Test: return test(program->predicates[n.predicate]);
        }
        return false;
    }

    bool test(const Predicate& p)
    {
        const FieldRef& f = p.field;
        if (f.kind == FieldKind::Header) {
            // Any header of that name may satisfy the predicate.
            for (const decode::HeaderView& header : record->headers) {
                if (!charge(1))
                    return false;
                if (header.name != f.headerName)
                    continue;
                if (p.op == Op::Exists)
                    return true;
                if (apply(p, bytesValue(header.value)))
                    return true;
                if (isExhausted)
                    return false;
            }
            return false;
        }
        const Value v = fieldValue(f);
        if (isExhausted)
            return false;
        if (p.op == Op::Exists) {
            // key and value exist when not null; a JSON path when it leads somewhere (even to null).
            if (f.kind == FieldKind::Key || f.kind == FieldKind::Value)
                return v.kind != Value::Kind::Null;
            return v.kind != Value::Kind::Missing;
        }
        return apply(p, v);
    }

    Value fieldValue(const FieldRef& f)
    {
        const decode::RecordView& r = *record;
        switch (f.kind) {
        case FieldKind::Topic: return textValue(r.topic);
        case FieldKind::Partition: return intValue(r.partition);
        case FieldKind::Offset: return intValue(r.offset);
        case FieldKind::Timestamp:
            return r.timestamp.type == decode::TimestampType::NotAvailable ? Value{} : intValue(r.timestamp.ms);
        case FieldKind::Size: return intValue(r.value ? static_cast<std::int64_t>(r.value->size()) : 0);
        case FieldKind::Key: return bytesValue(r.key);
        case FieldKind::Value: return bytesValue(r.value);
        case FieldKind::KeyJson:
            if (!isKeyRead && !readJson(r.key, program->keyPaths, keySlots))
                return {};
            isKeyRead = true;
            return slotValue(keySlots[f.slot]);
        case FieldKind::ValueJson:
            if (!isValueRead && !readJson(r.value, program->valuePaths, valueSlots))
                return {};
            isValueRead = true;
            return slotValue(valueSlots[f.slot]);
        case FieldKind::Header: break;
        }
        return {};
    }

    bool readJson(const std::optional<decode::ByteView>& bytes, const JsonPathSet& paths, std::vector<JsonSlot>& slots)
    {
        if (!bytes) {
            slots.assign(paths.slotCount(), JsonSlot{});
            return true;
        }
        if (!charge(scanCost(bytes->size())))
            return false;
        paths.extract(decode::asChars(*bytes), slots, jsonScratch);
        return true;
    }

    Value slotValue(const JsonSlot& slot)
    {
        using decode::json::JsonType;
        Value out;
        if (!slot.isFound)
            return out;
        switch (slot.type) {
        case JsonType::Null: out.kind = Value::Kind::Null; break;
        case JsonType::Bool:
            out.kind = Value::Kind::Bool;
            out.boolean = slot.raw == "true";
            break;
        case JsonType::Number:
            if (const auto i = decode::json::parseInt(slot.raw)) {
                out.kind = Value::Kind::Int;
                out.integer = *i;
            } else if (const auto d = decode::json::parseDouble(slot.raw)) {
                out.kind = Value::Kind::Float;
                out.real = *d;
            }
            break;
        case JsonType::String:
            out.kind = Value::Kind::Text;
            if (slot.hasEscapes) {
                decode::json::decodeString(slot.raw, decoded);
                out.text = decoded;
            } else {
                out.text = slot.raw;
            }
            break;
        case JsonType::Object:
        case JsonType::Array:
            out.kind = Value::Kind::Composite;
            out.text = slot.raw;
            break;
        }
        return out;
    }

    bool apply(const Predicate& p, const Value& v)
    {
        if (v.kind == Value::Kind::Missing)
            return false; // a missing field satisfies no comparison, not even !=
        switch (p.op) {
        case Op::Eq: return equals(v, p.operands.front());
        case Op::Ne: return !equals(v, p.operands.front());
        case Op::Lt: {
            const auto c = order(v, p.operands.front());
            return c && *c < 0;
        }
        case Op::Le: {
            const auto c = order(v, p.operands.front());
            return c && *c <= 0;
        }
        case Op::Gt: {
            const auto c = order(v, p.operands.front());
            return c && *c > 0;
        }
        case Op::Ge: {
            const auto c = order(v, p.operands.front());
            return c && *c >= 0;
        }
        case Op::In:
            for (const Literal& item : p.operands) {
                if (!charge(1))
                    return false;
                if (equals(v, item))
                    return true;
            }
            return false;
        case Op::Contains:
        case Op::StartsWith:
        case Op::EndsWith: {
            if (v.kind != Value::Kind::Text && v.kind != Value::Kind::Composite)
                return false;
            const std::string& needle = p.operands.front().text;
            if (!charge(scanCost(p.op == Op::Contains ? v.text.size() : needle.size())))
                return false;
            if (p.op == Op::Contains)
                return v.text.find(needle) != std::string_view::npos;
            if (p.op == Op::StartsWith)
                return v.text.starts_with(needle);
            return v.text.ends_with(needle);
        }
        case Op::Matches: {
            if (v.kind != Value::Kind::Text && v.kind != Value::Kind::Composite)
                return false;
            const Regex& regex = program->regexes[static_cast<std::size_t>(p.regex)];
            const std::uint64_t remaining = limits.maxSteps > steps ? limits.maxSteps - steps : 0;
            const Regex::Outcome outcome = regex.search(v.text, remaining, regexScratch);
            charge(outcome.steps);
            if (outcome.isBudgetExceeded)
                isExhausted = true;
            return outcome.isMatch && !isExhausted;
        }
        case Op::Exists: return true;
        }
        return false;
    }
};

Evaluator::Evaluator(Filter filter, EvalLimits limits)
    : m_state(std::make_unique<State>(std::move(filter), limits))
{
}

Evaluator::~Evaluator() = default;
Evaluator::Evaluator(Evaluator&&) noexcept = default;
Evaluator& Evaluator::operator=(Evaluator&&) noexcept = default;

Evaluation Evaluator::evaluate(const decode::RecordView& record)
{
    return m_state->run(record);
}

const Filter& Evaluator::filter() const
{
    return m_state->filter;
}

const std::string& Filter::text() const
{
    return m_program->text;
}

bool Filter::readsKey() const
{
    return m_program->readsKey;
}

bool Filter::readsValue() const
{
    return m_program->readsValue;
}

bool Filter::readsHeaders() const
{
    return m_program->readsHeaders;
}

} // namespace sluice::filter
