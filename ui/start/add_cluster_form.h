// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kafka/secret_resolver.h"
#include "start/cluster_form_validation.h"

#include <QHash>
#include <QSet>
#include <QWidget>
#include <functional>
#include <memory>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;

namespace sluice::kafka {
class ConnectionProbe;
}

namespace sluice::ui {

class FilePrompts;
class InlineBanner;

// Stores a secret somewhere safe and reports back on the caller's thread. The application
// uses the OS keychain (storeKeychainSecret); tests put in a fake.
using SecretStore = std::function<void(
    const QString& account, const QString& secret, std::function<void(bool ok, const QString& error)> done)>;

// "Add cluster": connection settings with validation next to each field (as you type, once a
// field was left, and all at once on submit), "Test connection" with the exact failure shown
// inline, and "Save workspace…", which stores the password in the keychain and writes a
// workspace file that references it as ${keychain:cluster/<name>}.
class AddClusterForm : public QWidget {
    Q_OBJECT
public:
    AddClusterForm(std::shared_ptr<kafka::SecretResolver> secrets, FilePrompts& prompts, QWidget* parent = nullptr);
    ~AddClusterForm() override;

    void setSecretStore(SecretStore store) { m_secretStore = std::move(store); }
    void setFilePrompts(FilePrompts& prompts) { m_prompts = &prompts; }

    ClusterFormInput input() const;
    // Visible error text next to a field; empty when it is fine (or not checked yet).
    QString fieldError(FormField field) const;
    InlineBanner* resultBanner() const { return m_result; }

    QLineEdit* nameEdit() const { return m_name; }
    QLineEdit* bootstrapEdit() const { return m_bootstrap; }
    QComboBox* protocolCombo() const { return m_protocol; }
    QComboBox* mechanismCombo() const { return m_mechanism; }
    QLineEdit* usernameEdit() const { return m_username; }
    QLineEdit* passwordEdit() const { return m_password; }
    QCheckBox* verifyTlsCheck() const { return m_verifyTls; }
    QCheckBox* readOnlyCheck() const { return m_readOnly; }
    QCheckBox* productionCheck() const { return m_production; }
    QPushButton* testButton() const { return m_test; }
    QPushButton* saveButton() const { return m_save; }

public slots:
    void testConnection();
    void saveWorkspace();

signals:
    void workspaceSaved(const QString& path);

private:
    QWidget* fieldWithError(QWidget* field, FormField which);
    QLineEdit* filePicker(FormField which, const QString& title, QWidget** row);
    void updateProtocolRows();
    // Re-checks the input and shows errors for touched fields; true when all is valid.
    bool revalidate();
    void touchAll();
    void writeWorkspace(const QString& path, const config::ClusterConfig& cluster);
    void setBusy(bool busy);

    std::shared_ptr<kafka::SecretResolver> m_secrets;
    FilePrompts* m_prompts = nullptr;
    SecretStore m_secretStore;
    kafka::ConnectionProbe* m_probe = nullptr;

    QFormLayout* m_form = nullptr;
    QLineEdit* m_name = nullptr;
    QLineEdit* m_bootstrap = nullptr;
    QComboBox* m_protocol = nullptr;
    QComboBox* m_mechanism = nullptr;
    QLineEdit* m_username = nullptr;
    QLineEdit* m_password = nullptr;
    QLineEdit* m_caFile = nullptr;
    QLineEdit* m_certFile = nullptr;
    QLineEdit* m_keyFile = nullptr;
    QCheckBox* m_verifyTls = nullptr;
    QCheckBox* m_readOnly = nullptr;
    QCheckBox* m_production = nullptr;
    QPushButton* m_test = nullptr;
    QPushButton* m_save = nullptr;
    InlineBanner* m_result = nullptr;
    QList<QWidget*> m_saslRows;
    QList<QWidget*> m_tlsRows;
    QHash<FormField, QLabel*> m_errorLabels;
    QSet<FormField> m_touched;
};

} // namespace sluice::ui
