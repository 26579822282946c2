// SPDX-License-Identifier: Apache-2.0
#pragma once

// The decoder registry the record views decode keys and values with, and the choices they
// offer ("Auto" first, then every decoder the registry holds). app/ builds the registry
// once at start-up (setDefaultRecordDecoders); a later schema-registry integration builds a
// new one holding its Avro/Protobuf decoders and sets it the same way, and every record
// view shows the new decoders from the next record on. A registry is never changed once
// shared: it is read from worker threads while records are formatted.

#include "decode/decoder_registry.h"

#include <QList>
#include <QString>
#include <memory>

namespace sluice::ui {

// The shared registry: the built-ins until app/ sets one. GUI thread only.
std::shared_ptr<const decode::DecoderRegistry> defaultRecordDecoders();
void setDefaultRecordDecoders(std::shared_ptr<const decode::DecoderRegistry> registry);

struct DecoderOption {
    QString id; // empty for Auto
    QString name; // what the combo shows
};

// "Auto", then the registry's decoders in the order they were added.
QList<DecoderOption> decoderOptions(const decode::DecoderRegistry& registry);

} // namespace sluice::ui
