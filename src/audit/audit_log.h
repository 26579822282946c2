// SPDX-License-Identifier: Apache-2.0
#pragma once

// The operator action log: append-only JSON Lines, one object per line, each chained to
// the one before by a SHA-256 hash so that an edited, removed or reordered line is found
// by verify(). Every mutating action writes an "intent" entry before it starts and an
// "outcome" entry when it ends; if the intent cannot be written the action is refused.
//
// Entry fields (all strings or integers): seq (1, 2, …), time (ISO 8601 UTC), user, host,
// phase ("intent" | "outcome"), action ("replay", "offset-reset", …), cluster, actionId
// (pairs an outcome with its intent), plan (plan hash), result ("ok", "failed: …", …),
// report (path of the report file), detail (free text), prev (hash of the previous entry,
// "" for the first) and hash = SHA-256 hex of prev + the compact JSON of the entry without
// "hash" (Qt writes object keys sorted, so that form is canonical).
//
// Several processes may append: a lock file next to the log serialises writers.

#include "support/result.h"

#include <QJsonObject>
#include <QString>
#include <cstdint>
#include <vector>

namespace sluice::audit {

struct AuditEntry {
    QString phase; // "intent" or "outcome"
    QString action; // "replay", "offset-reset"
    QString cluster;
    QString actionId; // same in an intent and its outcome
    QString plan; // plan hash, when there is one
    QString result; // outcome: "ok", "failed: …", "cancelled", "refused: …"
    QString report; // path of a report file, when there is one
    QString detail;
};

struct VerifyResult {
    bool ok = true;
    std::int64_t entries = 0;
    std::int64_t firstBadLine = 0; // 1-based; 0 when ok
    QString problem;
};

class AuditLog {
public:
    // `path` of the log file; its folder is created on first append.
    explicit AuditLog(QString path);

    // <data folder>/audit.jsonl, the data folder being QStandardPaths::AppDataLocation
    // (set SLUICE_DATA_DIR to use another folder, as tests and runbooks do).
    static QString defaultPath();
    static QString dataDirectory();

    const QString& path() const { return m_path; }

    // Appends one entry (fsync'ed) and returns it as written, with seq, time, user, host,
    // prev and hash filled in. Fails if the log cannot be written, or if the existing log
    // does not end in a whole, well-formed entry (a torn or edited tail).
    Result<QJsonObject> append(const AuditEntry& entry);

    // All entries, oldest first (lines that do not parse are skipped; verify() reports them).
    std::vector<QJsonObject> readAll() const;

    // Recomputes every hash and checks the chain and the sequence numbers.
    static VerifyResult verify(const QString& path);

    // The hash of `object` (without its "hash" member) chained to `prev`.
    static QString hashOf(const QJsonObject& object, const QString& prev);

private:
    QString m_path;
};

} // namespace sluice::audit
