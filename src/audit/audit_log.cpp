// SPDX-License-Identifier: Apache-2.0
#include "audit/audit_log.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLockFile>
#include <QStandardPaths>
#include <QSysInfo>
#include <unistd.h>

namespace sluice::audit {
namespace {

QString currentUser()
{
    for (const char* name : { "USER", "USERNAME", "LOGNAME" }) {
        const QString value = qEnvironmentVariable(name);
        if (!value.isEmpty())
            return value;
    }
    return QString::number(::getuid());
}

// The last non-empty line of the file, or an empty array for an empty or missing file.
Result<QByteArray> lastLine(const QString& path)
{
    QFile file(path);
    if (!file.exists())
        return QByteArray();
    if (!file.open(QIODevice::ReadOnly))
        return Error { ErrorKind::Fatal,
            "Couldn't read the audit log " + path.toStdString() + ": " + file.errorString().toStdString(), {} };
    // Read backwards in chunks until a newline before the last line is found.
    const qint64 size = file.size();
    QByteArray tail;
    qint64 pos = size;
    while (pos > 0) {
        const qint64 chunk = std::min<qint64>(4096, pos);
        pos -= chunk;
        file.seek(pos);
        tail.prepend(file.read(chunk));
        const QByteArray trimmed = tail.trimmed();
        const int nl = trimmed.lastIndexOf('\n');
        if (nl >= 0)
            return trimmed.mid(nl + 1);
    }
    return tail.trimmed();
}

} // namespace

AuditLog::AuditLog(QString path)
    : m_path(std::move(path))
{
}

QString AuditLog::dataDirectory()
{
    const QString overridden = qEnvironmentVariable("SLUICE_DATA_DIR");
    if (!overridden.isEmpty())
        return overridden;
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

QString AuditLog::defaultPath()
{
    return QDir(dataDirectory()).filePath(QStringLiteral("audit.jsonl"));
}

QString AuditLog::hashOf(const QJsonObject& object, const QString& prev)
{
    QJsonObject copy = object;
    copy.remove(QStringLiteral("hash"));
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(prev.toUtf8());
    hash.addData(QJsonDocument(copy).toJson(QJsonDocument::Compact));
    return QString::fromLatin1(hash.result().toHex());
}

Result<QJsonObject> AuditLog::append(const AuditEntry& entry)
{
    const QFileInfo info(m_path);
    if (!QDir().mkpath(info.absolutePath()))
        return Error { ErrorKind::Fatal,
            "Couldn't create the folder of the audit log " + m_path.toStdString()
                + ". The action is refused because it could not be recorded.",
            {} };
    QLockFile lock(m_path + QStringLiteral(".lock"));
    lock.setStaleLockTime(30000);
    if (!lock.tryLock(10000))
        return Error { ErrorKind::Transient,
            "The audit log " + m_path.toStdString()
                + " is locked by another process. The action is refused; try again.",
            {} };

    auto last = lastLine(m_path);
    if (!last)
        return last.error();
    QString prev;
    qint64 seq = 1;
    if (!last->isEmpty()) {
        QJsonParseError parseError {};
        const QJsonDocument doc = QJsonDocument::fromJson(*last, &parseError);
        const QJsonObject previous = doc.object();
        if (parseError.error != QJsonParseError::NoError || !doc.isObject()
            || hashOf(previous, previous.value(QStringLiteral("prev")).toString())
                != previous.value(QStringLiteral("hash")).toString())
            return Error { ErrorKind::Fatal,
                "The last entry of the audit log " + m_path.toStdString()
                    + " is damaged. The action is refused; check the log with "
                      "'sluice audit --verify' and move it aside.",
                {} };
        prev = previous.value(QStringLiteral("hash")).toString();
        seq = previous.value(QStringLiteral("seq")).toInteger() + 1;
    }

    QJsonObject object;
    object.insert(QStringLiteral("seq"), seq);
    object.insert(QStringLiteral("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    object.insert(QStringLiteral("user"), currentUser());
    object.insert(QStringLiteral("host"), QSysInfo::machineHostName());
    object.insert(QStringLiteral("phase"), entry.phase);
    object.insert(QStringLiteral("action"), entry.action);
    object.insert(QStringLiteral("cluster"), entry.cluster);
    object.insert(QStringLiteral("actionId"), entry.actionId);
    object.insert(QStringLiteral("plan"), entry.plan);
    object.insert(QStringLiteral("result"), entry.result);
    object.insert(QStringLiteral("report"), entry.report);
    object.insert(QStringLiteral("detail"), entry.detail);
    object.insert(QStringLiteral("prev"), prev);
    object.insert(QStringLiteral("hash"), hashOf(object, prev));

    QFile file(m_path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append))
        return Error { ErrorKind::Fatal,
            "Couldn't open the audit log " + m_path.toStdString() + ": " + file.errorString().toStdString()
                + ". The action is refused because it could not be recorded.",
            {} };
    const QByteArray line = QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
    if (file.write(line) != line.size() || !file.flush() || ::fsync(file.handle()) != 0)
        return Error { ErrorKind::Fatal,
            "Couldn't write the audit log " + m_path.toStdString() + ": " + file.errorString().toStdString()
                + ". The action is refused because it could not be recorded.",
            {} };
    return object;
}

std::vector<QJsonObject> AuditLog::readAll() const
{
    std::vector<QJsonObject> out;
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return out;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty())
            continue;
        const QJsonDocument doc = QJsonDocument::fromJson(line);
        if (doc.isObject())
            out.push_back(doc.object());
    }
    return out;
}

VerifyResult AuditLog::verify(const QString& path)
{
    VerifyResult result;
    QFile file(path);
    if (!file.exists())
        return result;
    if (!file.open(QIODevice::ReadOnly)) {
        result.ok = false;
        result.problem = QStringLiteral("cannot read the log: ") + file.errorString();
        return result;
    }
    QString prev;
    qint64 lineNo = 0;
    qint64 expectedSeq = 1;
    auto fail = [&](const QString& problem) {
        result.ok = false;
        result.firstBadLine = lineNo;
        result.problem = problem;
        return result;
    };
    while (!file.atEnd()) {
        const QByteArray line = file.readLine();
        ++lineNo;
        if (line.trimmed().isEmpty())
            return fail(QStringLiteral("empty line"));
        QJsonParseError parseError {};
        const QJsonDocument doc = QJsonDocument::fromJson(line, &parseError);
        if (parseError.error != QJsonParseError::NoError || !doc.isObject())
            return fail(QStringLiteral("not a JSON object"));
        const QJsonObject object = doc.object();
        if (object.value(QStringLiteral("prev")).toString() != prev)
            return fail(
                QStringLiteral("does not chain to the entry before (an entry was removed, inserted or reordered)"));
        if (object.value(QStringLiteral("seq")).toInteger() != expectedSeq)
            return fail(QStringLiteral("sequence number %1, expected %2")
                            .arg(object.value(QStringLiteral("seq")).toInteger())
                            .arg(expectedSeq));
        const QString hash = hashOf(object, prev);
        if (hash != object.value(QStringLiteral("hash")).toString())
            return fail(QStringLiteral("hash does not match the content (the entry was edited)"));
        prev = hash;
        ++expectedSeq;
        ++result.entries;
    }
    return result;
}

} // namespace sluice::audit
