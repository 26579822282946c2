// SPDX-License-Identifier: Apache-2.0
// Start page and add-cluster form: inline validation, saving a workspace that loads back,
// passwords only in the (fake) keychain, recent workspaces.
#include "common/file_prompts.h"
#include "common/inline_banner.h"
#include "config/workspace_io.h"
#include "settings/app_settings.h"
#include "start/add_cluster_form.h"
#include "start/start_page.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <map>

using namespace sluice;
using namespace sluice::ui;
using namespace Qt::Literals::StringLiterals;

namespace {

// Pre-set answers instead of file dialogs.
class FakePrompts final : public FilePrompts {
public:
    QString openAnswer;
    QString saveAnswer;
    int saveAsked = 0;
    QString openFile(QWidget*, const QString&, const QString&, const QString&) override { return openAnswer; }
    QString saveFile(QWidget*, const QString&, const QString&, const QString&) override
    {
        ++saveAsked;
        return saveAnswer;
    }
};

// A keychain in memory; answers on the next event-loop turn like the real one.
struct FakeKeychain {
    std::map<QString, QString> entries;
    bool fails = false;
    SecretStore store()
    {
        return [this](const QString& account, const QString& secret, std::function<void(bool, const QString&)> done) {
            QTimer::singleShot(0, [this, account, secret, done] {
                if (fails) {
                    done(false, u"The name org.freedesktop.secrets was not provided"_s);
                    return;
                }
                entries[account] = secret;
                done(true, {});
            });
        };
    }
};

int indexOf(QComboBox* combo, const QString& text)
{
    return combo->findText(text);
}

} // namespace

class TestStartPage : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

private slots:
    void emptyNameAndPortlessBootstrapShowInlineErrors()
    {
        FakePrompts prompts;
        AddClusterForm form(kafka::makeEnvSecretResolver(), prompts);
        form.show();
        QCOMPARE(form.fieldError(FormField::Name), QString()); // nothing shown before a field was used

        form.bootstrapEdit()->setText(u"host"_s);
        emit form.bootstrapEdit()->editingFinished();
        QVERIFY(form.fieldError(FormField::Bootstrap).contains(u"no port"_s));
        QCOMPARE(form.fieldError(FormField::Name), QString()); // untouched field stays quiet

        form.saveButton()->click();
        QVERIFY(form.fieldError(FormField::Name).contains(u"name"_s));
        QVERIFY(!form.fieldError(FormField::Bootstrap).isEmpty());
        QCOMPARE(prompts.saveAsked, 0); // invalid input never reaches the save question
        QCOMPARE(form.resultBanner()->health(), Health::Error);

        // Fixing the fields clears the errors as you type.
        QTest::keyClicks(form.nameEdit(), u"prod-eu"_s);
        QCOMPARE(form.fieldError(FormField::Name), QString());
        form.bootstrapEdit()->setText(u"host:99999"_s);
        QVERIFY(form.fieldError(FormField::Bootstrap).contains(u"65535"_s));
        form.bootstrapEdit()->setText(u"host:9092, [::1]:9093"_s);
        QCOMPARE(form.fieldError(FormField::Bootstrap), QString());
    }

    void saslNeedsUserAndPassword()
    {
        FakePrompts prompts;
        AddClusterForm form(kafka::makeEnvSecretResolver(), prompts);
        form.nameEdit()->setText(u"secure"_s);
        form.bootstrapEdit()->setText(u"broker:9094"_s);
        form.protocolCombo()->setCurrentIndex(indexOf(form.protocolCombo(), u"SASL_SSL"_s));
        form.saveButton()->click();
        QVERIFY(!form.fieldError(FormField::Username).isEmpty());
        QVERIFY(!form.fieldError(FormField::Password).isEmpty());
        QCOMPARE(prompts.saveAsked, 0);
    }

    void savesAWorkspaceThatLoadsBack()
    {
        FakePrompts prompts;
        prompts.saveAnswer = m_dir.filePath(u"prod.yaml"_s);
        FakeKeychain keychain;
        AddClusterForm form(kafka::makeEnvSecretResolver(), prompts);
        form.setSecretStore(keychain.store());
        form.nameEdit()->setText(u"prod-eu"_s);
        form.bootstrapEdit()->setText(u"kafka-1:9094, kafka-2:9094"_s);
        form.protocolCombo()->setCurrentIndex(indexOf(form.protocolCombo(), u"SASL_SSL"_s));
        form.mechanismCombo()->setCurrentIndex(indexOf(form.mechanismCombo(), u"SCRAM-SHA-512"_s));
        form.usernameEdit()->setText(u"ops"_s);
        form.passwordEdit()->setText(u"correct horse battery"_s);
        form.productionCheck()->setChecked(true);

        QSignalSpy saved(&form, &AddClusterForm::workspaceSaved);
        form.saveButton()->click();
        QTRY_COMPARE(saved.count(), 1);
        QCOMPARE(saved.at(0).at(0).toString(), prompts.saveAnswer);
        QCOMPARE(keychain.entries[u"cluster/prod-eu"_s], u"correct horse battery"_s);

        QFile file(prompts.saveAnswer);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(!text.contains("correct horse battery"));
        QVERIFY(text.contains("${keychain:cluster/prod-eu}"));

        const Result<config::Workspace> loaded = config::loadWorkspace(prompts.saveAnswer.toStdString());
        QVERIFY2(loaded, loaded ? "" : loaded.error().message.c_str());
        QCOMPARE(loaded->clusters.size(), std::size_t(1));
        const config::ClusterConfig& c = loaded->clusters.front();
        QCOMPARE(c.name, std::string("prod-eu"));
        QCOMPARE(c.bootstrapServers, (std::vector<std::string> { "kafka-1:9094", "kafka-2:9094" }));
        QVERIFY(c.protocol == config::SecurityProtocol::SaslSsl);
        QVERIFY(c.sasl.mechanism == config::SaslMechanism::ScramSha512);
        QCOMPARE(c.sasl.username, std::string("ops"));
        QVERIFY(c.sasl.password.source == config::SecretRef::Source::Keychain);
        QCOMPARE(c.sasl.password.name, std::string("cluster/prod-eu"));
        QVERIFY(c.tls.verifyCertificates);
        QVERIFY(c.production);
        QVERIFY(!c.readOnly);
    }

    void keychainFailureKeepsTheFileUnwritten()
    {
        FakePrompts prompts;
        prompts.saveAnswer = m_dir.filePath(u"never.yaml"_s);
        FakeKeychain keychain;
        keychain.fails = true;
        AddClusterForm form(kafka::makeEnvSecretResolver(), prompts);
        form.setSecretStore(keychain.store());
        form.nameEdit()->setText(u"c"_s);
        form.bootstrapEdit()->setText(u"b:9092"_s);
        form.protocolCombo()->setCurrentIndex(indexOf(form.protocolCombo(), u"SASL_PLAINTEXT"_s));
        form.usernameEdit()->setText(u"u"_s);
        form.passwordEdit()->setText(u"pw"_s);
        form.saveButton()->click();
        QTRY_COMPARE(form.resultBanner()->health(), Health::Error);
        QVERIFY(form.resultBanner()->message().contains(u"keychain"_s));
        QVERIFY(form.resultBanner()->detail().contains(u"org.freedesktop.secrets"_s));
        QVERIFY(!QFile::exists(prompts.saveAnswer));
        QVERIFY(form.saveButton()->isEnabled());
    }

    void plaintextClusterNeedsNoKeychain()
    {
        FakePrompts prompts;
        prompts.saveAnswer = m_dir.filePath(u"local.yaml"_s);
        AddClusterForm form(kafka::makeEnvSecretResolver(), prompts);
        form.setSecretStore([](const QString&, const QString&, std::function<void(bool, const QString&)>) {
            QFAIL("no password, no keychain");
        });
        form.nameEdit()->setText(u"local"_s);
        form.bootstrapEdit()->setText(u"127.0.0.1:9092"_s);
        QSignalSpy saved(&form, &AddClusterForm::workspaceSaved);
        form.saveButton()->click();
        QCOMPARE(saved.count(), 1);
        QVERIFY(config::loadWorkspace(prompts.saveAnswer.toStdString()));
    }

    void recentWorkspacesOpenOnClick()
    {
        AppSettings settings(m_dir.filePath(u"settings.ini"_s));
        settings.addRecentWorkspace(m_dir.filePath(u"a.yaml"_s));
        FakePrompts prompts;
        StartPage page(kafka::makeEnvSecretResolver(), settings, prompts);
        QCOMPARE(page.recentList()->count(), 1);
        QVERIFY(page.recentList()->item(0)->text().contains(u"missing"_s));
        QSignalSpy open(&page, &StartPage::openRequested);
        emit page.recentList()->itemClicked(page.recentList()->item(0));
        QCOMPARE(open.count(), 1);
        QCOMPARE(open.at(0).at(0).toString(), m_dir.filePath(u"a.yaml"_s));

        prompts.openAnswer = m_dir.filePath(u"b.yaml"_s);
        page.chooseWorkspaceFile();
        QCOMPARE(open.count(), 2);
        QCOMPARE(settings.lastDirectory(), m_dir.path());
    }
};

QTEST_MAIN(TestStartPage)
#include "test_start_page.moc"
