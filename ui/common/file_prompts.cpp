// SPDX-License-Identifier: Apache-2.0
#include "common/file_prompts.h"

#include <QCoreApplication>
#include <QFileDialog>

namespace sluice::ui {

QString DialogFilePrompts::openFile(
    QWidget* parent, const QString& title, const QString& directory, const QString& filter)
{
    return QFileDialog::getOpenFileName(parent, title, directory, filter);
}

QString DialogFilePrompts::saveFile(
    QWidget* parent, const QString& title, const QString& suggestedPath, const QString& filter)
{
    return QFileDialog::getSaveFileName(parent, title, suggestedPath, filter);
}

QString workspaceFileFilter()
{
    return QCoreApplication::translate("FilePrompts", "Sluice workspace (*.yaml *.yml);;All files (*)");
}

} // namespace sluice::ui
