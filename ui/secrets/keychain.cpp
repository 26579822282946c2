// SPDX-License-Identifier: Apache-2.0
#include "secrets/keychain.h"

#include "support/logging.h"
#include "support/redaction.h"

#include <QEventLoop>
#include <QThread>
#include <qt6keychain/keychain.h>

#include <cstdlib>

namespace sluice::ui {
namespace {

const QString kService = QStringLiteral("sluice");

class KeychainSecretResolver final : public kafka::SecretResolver {
public:
    Result<std::string> resolve(const config::SecretRef& ref) override
    {
        if (ref.source != config::SecretRef::Source::Keychain)
            return m_env->resolve(ref);
        // Called on a worker thread: wait there (not on the GUI thread) for the keychain.
        QKeychain::ReadPasswordJob job(kService);
        job.setAutoDelete(false);
        job.setKey(QString::fromStdString(ref.name));
        QEventLoop loop;
        QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
        job.start();
        loop.exec();
        if (job.error() != QKeychain::NoError) {
            const ErrorKind kind = job.error() == QKeychain::EntryNotFound ? ErrorKind::NotFound : ErrorKind::Configuration;
            return Error{kind,
                         "The keychain has no usable entry " + ref.name + " (service sluice): " +
                             job.errorString().toStdString() +
                             ". Store the secret again from the cluster form, or use ${env:VAR}.",
                         {}};
        }
        std::string secret = job.textData().toStdString();
        redaction::registerSecret(secret);
        return secret;
    }

private:
    std::shared_ptr<kafka::SecretResolver> m_env = kafka::makeEnvSecretResolver();
};

} // namespace

std::shared_ptr<kafka::SecretResolver> makeKeychainSecretResolver()
{
    return std::make_shared<KeychainSecretResolver>();
}

void storeKeychainSecret(const QString& account, const QString& secret,
                         std::function<void(bool ok, const QString& error)> done)
{
    redaction::registerSecret(secret.toStdString());
    auto* job = new QKeychain::WritePasswordJob(kService);
    job->setAutoDelete(true);
    job->setKey(account);
    job->setTextData(secret);
    QObject::connect(job, &QKeychain::Job::finished, job, [job, account, done = std::move(done)] {
        const bool ok = job->error() == QKeychain::NoError;
        if (!ok)
            logging::ui()->warn("keychain write failed account={} error={}", account.toStdString(),
                                job->errorString().toStdString());
        if (done)
            done(ok, ok ? QString() : job->errorString());
    });
    job->start();
}

} // namespace sluice::ui
