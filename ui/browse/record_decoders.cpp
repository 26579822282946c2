// SPDX-License-Identifier: Apache-2.0
#include "browse/record_decoders.h"

#include <QObject>

namespace sluice::ui {

namespace {

std::shared_ptr<const decode::DecoderRegistry>& sharedRegistry()
{
    static std::shared_ptr<const decode::DecoderRegistry> registry
        = std::make_shared<const decode::DecoderRegistry>(decode::DecoderRegistry::withBuiltins());
    return registry;
}

} // namespace

std::shared_ptr<const decode::DecoderRegistry> defaultRecordDecoders()
{
    return sharedRegistry();
}

void setDefaultRecordDecoders(std::shared_ptr<const decode::DecoderRegistry> registry)
{
    if (registry)
        sharedRegistry() = std::move(registry);
}

QList<DecoderOption> decoderOptions(const decode::DecoderRegistry& registry)
{
    QList<DecoderOption> options { { QString(), QObject::tr("Auto") } };
    for (const decode::PayloadDecoder* decoder : registry.decoders()) {
        const std::string_view id = decoder->id();
        const std::string_view name = decoder->displayName();
        options.push_back({ QString::fromUtf8(id.data(), static_cast<qsizetype>(id.size())),
            QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size())) });
    }
    return options;
}

} // namespace sluice::ui
