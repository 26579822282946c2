// SPDX-License-Identifier: Apache-2.0
#include "start/add_cluster_form.h"

#include "common/file_prompts.h"
#include "common/inline_banner.h"
#include "config/workspace_io.h"
#include "kafka/connection_probe.h"
#include "secrets/keychain.h"
#include "start/form_secret_resolver.h"
#include "support/logging.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace sluice::ui {

namespace {

template <typename Enum> void addEnumItem(QComboBox* combo, Enum value)
{
    const std::string_view text = config::toString(value);
    combo->addItem(QString::fromLatin1(text.data(), static_cast<qsizetype>(text.size())), static_cast<int>(value));
}

} // namespace

AddClusterForm::AddClusterForm(std::shared_ptr<kafka::SecretResolver> secrets, FilePrompts& prompts, QWidget* parent)
    : QWidget(parent)
    , m_secrets(std::move(secrets))
    , m_prompts(&prompts)
    , m_secretStore(&storeKeychainSecret)
{
    m_name = new QLineEdit(this);
    m_name->setPlaceholderText(tr("prod-eu"));
    m_bootstrap = new QLineEdit(this);
    m_bootstrap->setPlaceholderText(tr("kafka-1:9092, kafka-2:9092"));
    m_protocol = new QComboBox(this);
    for (auto p : { config::SecurityProtocol::Plaintext, config::SecurityProtocol::Ssl,
             config::SecurityProtocol::SaslPlaintext, config::SecurityProtocol::SaslSsl })
        addEnumItem(m_protocol, p);
    m_mechanism = new QComboBox(this);
    for (auto m :
        { config::SaslMechanism::Plain, config::SaslMechanism::ScramSha256, config::SaslMechanism::ScramSha512 })
        addEnumItem(m_mechanism, m);
    m_username = new QLineEdit(this);
    m_password = new QLineEdit(this);
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("kept in the system keychain, never in the file"));
    m_verifyTls = new QCheckBox(tr("Verify broker certificates and host names"), this);
    m_verifyTls->setChecked(true);
    m_readOnly = new QCheckBox(tr("Read-only (never change anything on this cluster)"), this);
    m_production = new QCheckBox(tr("Production (risky actions ask to type the cluster name)"), this);

    m_form = new QFormLayout;
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->setVerticalSpacing(4);
    m_form->addRow(tr("Name"), fieldWithError(m_name, FormField::Name));
    m_form->addRow(tr("Bootstrap servers"), fieldWithError(m_bootstrap, FormField::Bootstrap));
    m_form->addRow(tr("Security protocol"), m_protocol);
    m_saslRows << fieldWithError(m_mechanism, FormField::Mechanism) << fieldWithError(m_username, FormField::Username)
               << fieldWithError(m_password, FormField::Password);
    m_form->addRow(tr("SASL mechanism"), m_saslRows[0]);
    m_form->addRow(tr("User name"), m_saslRows[1]);
    m_form->addRow(tr("Password"), m_saslRows[2]);
    QWidget* row = nullptr;
    m_caFile = filePicker(FormField::CaFile, tr("CA certificate (PEM)"), &row);
    m_form->addRow(tr("CA certificate"), row);
    m_tlsRows << row;
    m_certFile = filePicker(FormField::CertFile, tr("Client certificate (PEM)"), &row);
    m_form->addRow(tr("Client certificate"), row);
    m_tlsRows << row;
    m_keyFile = filePicker(FormField::KeyFile, tr("Client key (PEM)"), &row);
    m_form->addRow(tr("Client key"), row);
    m_tlsRows << row << m_verifyTls;
    m_form->addRow(QString(), m_verifyTls);
    m_form->addRow(QString(), m_readOnly);
    m_form->addRow(QString(), m_production);

    m_test = new QPushButton(tr("Test connection"), this);
    m_save = new QPushButton(tr("Save workspace\u2026"), this);
    m_save->setDefault(true);
    connect(m_test, &QPushButton::clicked, this, &AddClusterForm::testConnection);
    connect(m_save, &QPushButton::clicked, this, &AddClusterForm::saveWorkspace);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_test);
    buttons->addWidget(m_save);

    m_result = new InlineBanner(this);
    m_result->setObjectName(QStringLiteral("addClusterResult"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(m_form);
    layout->addLayout(buttons);
    layout->addWidget(m_result);
    layout->addStretch(1);

    for (QLineEdit* edit : { m_name, m_bootstrap, m_username, m_password, m_caFile, m_certFile, m_keyFile })
        connect(edit, &QLineEdit::textChanged, this, &AddClusterForm::revalidate);
    const auto touch = [this](FormField field) {
        return [this, field] {
            m_touched.insert(field);
            revalidate();
        };
    };
    connect(m_name, &QLineEdit::editingFinished, this, touch(FormField::Name));
    connect(m_bootstrap, &QLineEdit::editingFinished, this, touch(FormField::Bootstrap));
    connect(m_username, &QLineEdit::editingFinished, this, touch(FormField::Username));
    connect(m_password, &QLineEdit::editingFinished, this, touch(FormField::Password));
    connect(m_protocol, &QComboBox::currentIndexChanged, this, [this] {
        updateProtocolRows();
        revalidate();
    });
    updateProtocolRows();
}

AddClusterForm::~AddClusterForm() = default;

QWidget* AddClusterForm::fieldWithError(QWidget* field, FormField which)
{
    auto* container = new QWidget(this);
    auto* layout = new QVBoxLayout(container);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(1);
    layout->addWidget(field);
    auto* error = new QLabel(container);
    error->setWordWrap(true);
    error->setStyleSheet(QStringLiteral("color: #c62828;"));
    error->hide();
    layout->addWidget(error);
    m_errorLabels.insert(which, error);
    return container;
}

QLineEdit* AddClusterForm::filePicker(FormField which, const QString& title, QWidget** row)
{
    auto* edit = new QLineEdit(this);
    edit->setPlaceholderText(tr("optional"));
    auto* browse = new QToolButton(this);
    browse->setText(QStringLiteral("\u2026"));
    browse->setToolTip(tr("Choose a file"));
    connect(browse, &QToolButton::clicked, this, [this, edit, title, which] {
        const QString path = m_prompts->openFile(
            this, title, QFileInfo(edit->text()).absolutePath(), tr("PEM files (*.pem *.crt *.key);;All files (*)"));
        if (!path.isEmpty()) {
            edit->setText(path);
            m_touched.insert(which);
            revalidate();
        }
    });
    auto* line = new QWidget(this);
    auto* layout = new QHBoxLayout(line);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    layout->addWidget(browse);
    *row = fieldWithError(line, which);
    connect(edit, &QLineEdit::editingFinished, this, [this, which] {
        m_touched.insert(which);
        revalidate();
    });
    return edit;
}

void AddClusterForm::updateProtocolRows()
{
    const auto protocol = static_cast<config::SecurityProtocol>(m_protocol->currentData().toInt());
    for (QWidget* row : m_saslRows)
        m_form->setRowVisible(row, usesSasl(protocol));
    for (QWidget* row : m_tlsRows)
        m_form->setRowVisible(row, usesTls(protocol));
}

ClusterFormInput AddClusterForm::input() const
{
    ClusterFormInput in;
    in.name = m_name->text().trimmed();
    in.bootstrap = m_bootstrap->text();
    in.protocol = static_cast<config::SecurityProtocol>(m_protocol->currentData().toInt());
    in.mechanism = static_cast<config::SaslMechanism>(m_mechanism->currentData().toInt());
    in.username = m_username->text();
    in.password = m_password->text();
    in.caFile = m_caFile->text().trimmed();
    in.certFile = m_certFile->text().trimmed();
    in.keyFile = m_keyFile->text().trimmed();
    in.verifyTls = m_verifyTls->isChecked();
    in.readOnly = m_readOnly->isChecked();
    in.production = m_production->isChecked();
    return in;
}

QString AddClusterForm::fieldError(FormField field) const
{
    const QLabel* label = m_errorLabels.value(field);
    return label && !label->isHidden() ? label->text() : QString();
}

bool AddClusterForm::revalidate()
{
    const auto errors = validateClusterForm(input(), [](const QString& path) { return QFileInfo::exists(path); });
    for (auto it = m_errorLabels.begin(); it != m_errorLabels.end(); ++it) {
        it.value()->clear();
        it.value()->hide();
    }
    for (const FieldError& error : errors) {
        QLabel* label = m_errorLabels.value(error.field);
        if (!label || !m_touched.contains(error.field) || !label->text().isEmpty())
            continue;
        label->setText(error.message);
        label->show();
    }
    return errors.empty();
}

void AddClusterForm::touchAll()
{
    for (auto it = m_errorLabels.keyBegin(); it != m_errorLabels.keyEnd(); ++it)
        m_touched.insert(*it);
}

void AddClusterForm::setBusy(bool busy)
{
    m_test->setEnabled(!busy);
    m_save->setEnabled(!busy);
}

void AddClusterForm::testConnection()
{
    touchAll();
    if (!revalidate()) {
        m_result->showMessage(Health::Error, tr("Fix the marked fields before testing the connection."));
        return;
    }
    const ClusterFormInput in = input();
    const config::ClusterConfig cluster = toClusterConfig(in);
    auto resolver = std::make_shared<FormSecretResolver>(m_secrets, cluster.sasl.password, in.password.toStdString());
    if (!m_probe) {
        m_probe = new kafka::ConnectionProbe(this);
        connect(m_probe, &kafka::ConnectionProbe::finished, this,
            [this](bool ok, const QString& summary, const QString& detail) {
                setBusy(false);
                m_test->setText(tr("Test connection"));
                m_result->showMessage(ok ? Health::Ok : Health::Error, summary, detail);
            });
    }
    setBusy(true);
    m_test->setText(tr("Testing\u2026"));
    m_result->showMessage(Health::Neutral, tr("Connecting to %1\u2026").arg(in.bootstrap.trimmed()));
    logging::ui()->info("testing connection cluster={}", cluster.name);
    m_probe->run(cluster, std::move(resolver));
}

void AddClusterForm::saveWorkspace()
{
    touchAll();
    if (!revalidate()) {
        m_result->showMessage(Health::Error, tr("Fix the marked fields to save the workspace."));
        return;
    }
    const ClusterFormInput in = input();
    const QString path
        = m_prompts->saveFile(this, tr("Save workspace"), in.name + QStringLiteral(".yaml"), workspaceFileFilter());
    if (path.isEmpty())
        return;
    const config::ClusterConfig cluster = toClusterConfig(in);
    if (!cluster.sasl.password.isSet()) {
        writeWorkspace(path, cluster);
        return;
    }
    setBusy(true);
    m_result->showMessage(Health::Neutral, tr("Storing the password in the system keychain\u2026"));
    QPointer<AddClusterForm> self(this);
    const QString account = keychainAccountFor(in.name);
    m_secretStore(account, in.password, [self, path, cluster, account](bool ok, const QString& error) {
        if (!self)
            return;
        self->setBusy(false);
        if (!ok) {
            self->m_result->showMessage(Health::Error,
                tr("Couldn't store the password in the system keychain, so the workspace was not "
                   "saved. Unlock the keychain (or start a Secret Service) and try again."),
                tr("account %1: %2").arg(account, error));
            return;
        }
        self->writeWorkspace(path, cluster);
    });
}

void AddClusterForm::writeWorkspace(const QString& path, const config::ClusterConfig& cluster)
{
    config::Workspace workspace;
    workspace.name = QFileInfo(path).completeBaseName().toStdString();
    workspace.filePath = path.toStdString();
    workspace.clusters.push_back(cluster);
    const Status status = config::saveWorkspace(workspace, path.toStdString());
    if (!status) {
        m_result->showMessage(Health::Error,
            tr("Couldn't write %1: %2").arg(path, QString::fromStdString(status.error().message)),
            QString::fromStdString(status.error().detail));
        return;
    }
    logging::ui()->info("workspace saved path={} cluster={}", path.toStdString(), cluster.name);
    m_result->showMessage(Health::Ok, tr("Saved %1.").arg(path));
    emit workspaceSaved(path);
}

} // namespace sluice::ui
