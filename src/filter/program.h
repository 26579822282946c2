// SPDX-License-Identifier: Apache-2.0
#pragma once

// The compiled form of a filter: a tree of boolean nodes over predicates, each predicate
// a field, an operator and literal operands. Built by the parser, read by the evaluator;
// nothing changes it after compilation.

#include "filter/json_paths.h"
#include "filter/regex.h"

#include <cstdint>
#include <string>
#include <vector>

namespace sluice::filter {

enum class FieldKind { Topic, Partition, Offset, Timestamp, Size, Key, Value, KeyJson, ValueJson, Header };

struct FieldRef {
    FieldKind kind = FieldKind::Partition;
    std::uint32_t slot = 0;  // KeyJson / ValueJson: the slot in the key's or value's JsonPathSet
    std::string headerName;  // Header
};

enum class LiteralKind { Null, Bool, Int, Float, String };

struct Literal {
    LiteralKind kind = LiteralKind::Null;
    bool boolean = false;
    std::int64_t integer = 0;
    double real = 0;
    std::string text; // String: the bytes
};

enum class Op { Eq, Ne, Lt, Le, Gt, Ge, Contains, StartsWith, EndsWith, Matches, In, Exists };

struct Predicate {
    FieldRef field;
    Op op = Op::Exists;
    std::vector<Literal> operands; // one for comparisons, the list for In, none for Exists
    std::int32_t regex = -1;       // Matches: index into Program::regexes
};

enum class NodeKind { Constant, Not, And, Or, Test };

struct Node {
    NodeKind kind = NodeKind::Constant;
    bool constant = true;                // Constant
    std::uint32_t predicate = 0;         // Test
    std::vector<std::uint32_t> children; // Not (one), And, Or
};

struct Program {
    std::string text;
    std::vector<Node> nodes;
    std::uint32_t root = 0;
    std::vector<Predicate> predicates;
    std::vector<Regex> regexes;
    JsonPathSet keyPaths;
    JsonPathSet valuePaths;
    bool readsKey = false;
    bool readsValue = false;
    bool readsHeaders = false;
};

} // namespace sluice::filter
