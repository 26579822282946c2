// SPDX-License-Identifier: Apache-2.0
#include "common/view_spec.h"

namespace sluice::ui {

namespace {

struct KindName {
    ViewSpec::Kind kind;
    const char* name; // for kinds with a target: the prefix before '/'
    bool hasTarget;
};

constexpr KindName kKindNames[] = {
    { ViewSpec::Kind::Start, "start", false },
    { ViewSpec::Kind::Overview, "overview", false },
    { ViewSpec::Kind::Topics, "topics", false },
    { ViewSpec::Kind::Topic, "topic", true },
    { ViewSpec::Kind::Groups, "groups", false },
    { ViewSpec::Kind::Group, "group", true },
    { ViewSpec::Kind::Browse, "browse", true },
    { ViewSpec::Kind::DeadLetters, "deadletters", false },
    { ViewSpec::Kind::DeadLetter, "deadletter", true },
    { ViewSpec::Kind::Dashboard, "dashboard", false },
    { ViewSpec::Kind::Alerts, "alerts", false },
    { ViewSpec::Kind::Audit, "audit", false },
};

const KindName& nameOf(ViewSpec::Kind kind)
{
    for (const KindName& entry : kKindNames) {
        if (entry.kind == kind)
            return entry;
    }
    return kKindNames[0];
}

// Parses the part after an optional cluster prefix.
std::optional<ViewSpec> parseView(const QString& text)
{
    for (const KindName& entry : kKindNames) {
        const QString name = QLatin1String(entry.name);
        ViewSpec spec;
        spec.kind = entry.kind;
        if (!entry.hasTarget && text == name)
            return spec;
        if (entry.hasTarget && text.startsWith(name + QLatin1Char('/'))) {
            spec.target = text.mid(name.size() + 1);
            if (spec.target.isEmpty())
                return std::nullopt;
            return spec;
        }
    }
    return std::nullopt;
}

} // namespace

bool ViewSpec::needsTarget() const
{
    return nameOf(kind).hasTarget;
}

QString ViewSpec::toString() const
{
    if (kind == Kind::Start)
        return QStringLiteral("start");
    const KindName& entry = nameOf(kind);
    QString view = QLatin1String(entry.name);
    if (entry.hasTarget)
        view += QLatin1Char('/') + target;
    return cluster.isEmpty() ? view : cluster + QLatin1Char(':') + view;
}

std::optional<ViewSpec> parseViewSpec(const QString& text)
{
    // Group ids may contain ':' themselves, so an unprefixed view is tried first.
    if (auto spec = parseView(text))
        return spec;
    const qsizetype colon = text.indexOf(QLatin1Char(':'));
    if (colon <= 0)
        return std::nullopt;
    auto spec = parseView(text.mid(colon + 1));
    if (!spec || spec->kind == ViewSpec::Kind::Start)
        return std::nullopt;
    spec->cluster = text.left(colon);
    return spec;
}

} // namespace sluice::ui
