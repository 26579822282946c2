// SPDX-License-Identifier: Apache-2.0
#include "common/view_spec.h"

namespace sluice::ui {

namespace {

// Parses the part after an optional cluster prefix.
std::optional<ViewSpec> parseView(const QString& text)
{
    ViewSpec spec;
    if (text == QLatin1String("start"))
        spec.kind = ViewSpec::Kind::Start;
    else if (text == QLatin1String("overview"))
        spec.kind = ViewSpec::Kind::Overview;
    else if (text == QLatin1String("topics"))
        spec.kind = ViewSpec::Kind::Topics;
    else if (text == QLatin1String("groups"))
        spec.kind = ViewSpec::Kind::Groups;
    else if (text.startsWith(QLatin1String("topic/"))) {
        spec.kind = ViewSpec::Kind::Topic;
        spec.target = text.mid(6);
    } else if (text.startsWith(QLatin1String("group/"))) {
        spec.kind = ViewSpec::Kind::Group;
        spec.target = text.mid(6);
    } else {
        return std::nullopt;
    }
    if ((spec.kind == ViewSpec::Kind::Topic || spec.kind == ViewSpec::Kind::Group) && spec.target.isEmpty())
        return std::nullopt;
    return spec;
}

} // namespace

QString ViewSpec::toString() const
{
    QString view;
    switch (kind) {
    case Kind::Start:
        return QStringLiteral("start");
    case Kind::Overview:
        view = QStringLiteral("overview");
        break;
    case Kind::Topics:
        view = QStringLiteral("topics");
        break;
    case Kind::Topic:
        view = QStringLiteral("topic/") + target;
        break;
    case Kind::Groups:
        view = QStringLiteral("groups");
        break;
    case Kind::Group:
        view = QStringLiteral("group/") + target;
        break;
    }
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
