// SPDX-License-Identifier: Apache-2.0
#include "common/typed_confirmation.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace sluice::ui {

TypedConfirmation::TypedConfirmation(const Request& request, QWidget* parent)
    : QDialog(parent)
    , m_request(request)
{
    setWindowTitle(request.title);
    setModal(true);
    auto* layout = new QVBoxLayout(this);

    auto* summary = new QLabel(request.summary, this);
    summary->setWordWrap(true);
    summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(summary);

    if (request.production) {
        auto* warning = new QLabel(tr("<b>%1</b> is marked as a production cluster. Type its name to confirm.")
                                       .arg(request.clusterName.toHtmlEscaped()),
            this);
        warning->setWordWrap(true);
        warning->setObjectName(QStringLiteral("productionWarning"));
        layout->addWidget(warning);
        m_name = new QLineEdit(this);
        m_name->setObjectName(QStringLiteral("clusterNameField"));
        m_name->setPlaceholderText(request.clusterName);
        m_name->setAccessibleName(tr("Cluster name"));
        layout->addWidget(m_name);
        m_hint = new QLabel(this);
        m_hint->setObjectName(QStringLiteral("confirmationHint"));
        layout->addWidget(m_hint);
        connect(m_name, &QLineEdit::textChanged, this, &TypedConfirmation::updateAcceptState);
    }

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_accept = buttons->addButton(request.actionLabel, QDialogButtonBox::AcceptRole);
    m_accept->setObjectName(QStringLiteral("confirmAction"));
    // Never the default button: Enter in the name field must not run a production write
    // before the name matches, and Cancel stays the safe default.
    m_accept->setAutoDefault(false);
    m_accept->setDefault(false);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (canAccept())
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    updateAcceptState();
}

bool TypedConfirmation::canAccept() const
{
    if (!m_request.production)
        return true;
    return m_name && m_name->text().trimmed() == m_request.clusterName;
}

void TypedConfirmation::updateAcceptState()
{
    const bool ok = canAccept();
    m_accept->setEnabled(ok);
    if (m_hint) {
        const QString typed = m_name->text().trimmed();
        m_hint->setText(ok || typed.isEmpty() ? QString() : tr("Does not match the cluster name yet."));
    }
}

bool TypedConfirmation::confirm(const Request& request, QWidget* parent)
{
    TypedConfirmation dialog(request, parent);
    return dialog.exec() == QDialog::Accepted;
}

} // namespace sluice::ui
