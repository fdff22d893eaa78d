#include "config/settingsschema.h"

#include "config/valueparser.h"

#include <QLocale>
#include <QSslCertificate>

#include <cmath>

namespace herder::config {
namespace {

QString qs(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

QString number(double value)
{
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

// The loader turns seconds into int(seconds * 1000), which truncates: "1.234" can come back as
// 1233 ms, so such values get a sliver more that the truncation removes again.
QString seconds(int ms)
{
    const QString shortest = number(ms / 1000.0);
    if (int(shortest.toDouble() * 1000) == ms)
        return shortest;
    return QString::number((ms + 0.001) / 1000.0, 'f', 6);
}

QStringList items(const QString &text)
{
    QStringList list;
    for (const QString &item : text.split(u','))
        if (!item.trimmed().isEmpty())
            list << item.trimmed();
    return list;
}

QString count(int n)
{
    static const char *const words[] = {"no", "one", "two", "three"};
    return n >= 0 && n < 4 ? QString::fromLatin1(words[n]) : QString::number(n);
}

/// A checked value before it is stored: what the type's text turned into.
using Parsed = std::variant<int, double, QString, QUrl, QStringList>;

template <typename Owner>
std::optional<Parsed> parse(const SettingSpec<Owner> &spec, const QString &key,
                            const QString &text, ConfigError *error)
{
    ValueParser parser(error);
    const auto fail = [&](const QString &message) -> std::optional<Parsed> {
        *error = ConfigError{key, message};
        return std::nullopt;
    };
    const QString trimmed = text.trimmed();
    switch (spec.type) {
    case SettingType::Integer:
        if (const auto v = parser.integer(key, text, int(spec.min), int(spec.max)))
            return *v;
        return std::nullopt;
    case SettingType::Number:
        if (const auto v = parser.number(key, text, spec.min, spec.max))
            return *v;
        return std::nullopt;
    case SettingType::Seconds:
        if (const auto v = parser.number(key, text, spec.min, spec.max))
            return int(*v * 1000);
        return std::nullopt;
    case SettingType::WholeSeconds:
        if (const auto v = parser.integer(key, text, int(spec.min), int(spec.max)))
            return *v * 1000;
        return std::nullopt;
    case SettingType::Text:
        return trimmed;
    case SettingType::NonEmpty:
        if (const auto v = parser.nonEmpty(key, text))
            return *v;
        return std::nullopt;
    case SettingType::Topic:
        if (const auto v = parser.topic(key, text))
            return *v;
        return std::nullopt;
    case SettingType::HttpUrl:
        if (const auto v = parser.httpUrl(key, text))
            return *v;
        return std::nullopt;
    case SettingType::JsonPointer:
        if (!trimmed.isEmpty() && !trimmed.startsWith(u'/'))
            return fail(QStringLiteral("'%1' is not a JSON pointer such as /text").arg(text));
        return trimmed;
    case SettingType::PemFile:
        if (!trimmed.isEmpty() && QSslCertificate::fromPath(trimmed, QSsl::Pem).isEmpty())
            return fail(QStringLiteral("'%1' holds no PEM certificate (or cannot be read)")
                            .arg(trimmed));
        return trimmed;
    case SettingType::Choice: {
        const QString value = trimmed.toLower();
        if (!items(qs(spec.choices)).contains(value))
            return fail(QStringLiteral("'%1' is not one of %2").arg(text, qs(spec.choices)));
        return value;
    }
    case SettingType::List: {
        const QStringList list = items(text);
        if (list.size() < int(spec.min))
            return fail(int(spec.min) == 1
                            ? QStringLiteral("name at least one %1").arg(qs(spec.unit).chopped(1))
                            : QStringLiteral("name at least %1 %2").arg(count(int(spec.min)), qs(spec.unit)));
        return list;
    }
    }
    return fail(QStringLiteral("unreadable"));
}

// Stores a checked value in the field's own type; the variants line up by construction (each
// type parses to the one its field holds), so a mismatch is a schema error caught by the tests.
template <typename Owner> struct Store
{
    Owner &owner;
    const Parsed &value;

    void operator()(std::monostate) const {}
    void operator()(int &(*f)(Owner &)) const { f(owner) = std::get<int>(value); }
    void operator()(double &(*f)(Owner &)) const { f(owner) = std::get<double>(value); }
    void operator()(QString &(*f)(Owner &)) const { f(owner) = std::get<QString>(value); }
    void operator()(QUrl &(*f)(Owner &)) const { f(owner) = std::get<QUrl>(value); }
    void operator()(QStringList &(*f)(Owner &)) const { f(owner) = std::get<QStringList>(value); }
    void operator()(ProcessingMode &(*f)(Owner &)) const
    {
        f(owner) = *modeFromName(std::get<QString>(value));
    }
    void operator()(AdaptiveMode &(*f)(Owner &)) const
    {
        const QString &v = std::get<QString>(value);
        f(owner) = v == u"on" ? AdaptiveMode::On : v == u"off" ? AdaptiveMode::Off : AdaptiveMode::Auto;
    }
};

template <typename Owner> struct Format
{
    const SettingSpec<Owner> &spec;
    Owner &owner; // only read

    QString operator()(std::monostate) const { return qs(spec.fallback); }
    QString operator()(int &(*f)(Owner &)) const
    {
        const int v = f(owner);
        if (spec.type == SettingType::Seconds)
            return seconds(v);
        // Whole seconds in the file: round up, so a timeout never shrinks on a round trip.
        if (spec.type == SettingType::WholeSeconds)
            return QString::number((v + 999) / 1000);
        return QString::number(v);
    }
    QString operator()(double &(*f)(Owner &)) const { return number(f(owner)); }
    QString operator()(QString &(*f)(Owner &)) const { return f(owner); }
    QString operator()(QUrl &(*f)(Owner &)) const { return f(owner).toString(); }
    QString operator()(QStringList &(*f)(Owner &)) const { return f(owner).join(u", "); }
    QString operator()(ProcessingMode &(*f)(Owner &)) const { return modeName(f(owner)); }
    QString operator()(AdaptiveMode &(*f)(Owner &)) const { return adaptiveName(f(owner)); }
};

QString rangeText(double min, double max)
{
    return QStringLiteral("%1 to %2").arg(ValueParser::bound(min), ValueParser::bound(max));
}

} // namespace

template <typename Owner> QString SettingSpec<Owner>::name() const
{
    return qs(section) + u'/' + qs(key);
}

template <typename Owner> QString SettingSpec<Owner>::text(const Owner &owner) const
{
    // The accessors hand out references for the loader's sake; Format only reads through them.
    return std::visit(Format<Owner>{*this, const_cast<Owner &>(owner)}, field);
}

template <typename Owner> QString SettingSpec<Owner>::defaultText() const
{
    const Owner fresh{};
    return text(fresh);
}

template <typename Owner>
std::optional<ConfigError> SettingSpec<Owner>::read(Owner &owner, const QString &k,
                                                    const QString &t) const
{
    ConfigError error;
    const auto value = parse(*this, k, t, &error);
    if (!value)
        return error;
    std::visit(Store<Owner>{owner, *value}, field);
    return std::nullopt;
}

template <typename Owner> void SettingSpec<Owner>::reset(Owner &owner) const
{
    Owner fresh{};
    std::visit(
        [&](auto f) {
            if constexpr (!std::is_same_v<decltype(f), std::monostate>)
                f(owner) = f(fresh);
        },
        field);
}

template <typename Owner>
std::optional<QString> SettingSpec<Owner>::check(const QString &k, const QString &t,
                                                 ConfigError *error) const
{
    const auto value = parse(*this, k, t, error);
    if (!value)
        return std::nullopt;
    if (const QString *s = std::get_if<QString>(&*value))
        return *s;
    return t.trimmed();
}

template <typename Owner> QString SettingSpec<Owner>::accepts() const
{
    const QString u = unit.empty() ? QString() : u' ' + qs(unit);
    switch (type) {
    case SettingType::Integer:
    case SettingType::Number:
    case SettingType::Seconds:
    case SettingType::WholeSeconds:
        return rangeText(min, max) + u;
    case SettingType::Choice:
        return QStringLiteral("one of ") + qs(choices);
    case SettingType::List:
        return QStringLiteral("comma-separated, at least %1").arg(number(min));
    case SettingType::Topic:
        return QStringLiteral("a topic name");
    case SettingType::HttpUrl:
        return QStringLiteral("an http:// or https:// URL");
    case SettingType::JsonPointer:
        return QStringLiteral("a JSON pointer");
    case SettingType::PemFile:
        return QStringLiteral("a PEM file");
    case SettingType::NonEmpty:
    case SettingType::Text:
        break;
    }
    return QString();
}

template <typename Owner> QString SettingSpec<Owner>::describe() const
{
    const QString a = accepts();
    return a.isEmpty() ? qs(doc) : qs(doc) + QStringLiteral(" (") + a + u')';
}

template struct SettingSpec<EngineSettings>;
template struct SettingSpec<llm::TaskSpec>;

const EngineSetting *engineSetting(QStringView section, QStringView key)
{
    for (const EngineSetting &s : kEngineSettings)
        if (qs(s.section) == section && qs(s.key) == key)
            return &s;
    return nullptr;
}

const TaskSetting *taskSetting(QStringView key)
{
    // "labels" is the older spelling of categories.
    const QStringView k = key == u"labels" ? QStringView(u"categories") : key;
    for (const TaskSetting &s : kTaskSettings)
        if (qs(s.key) == k)
            return &s;
    return nullptr;
}

QString knownKeys(QStringView section)
{
    QStringList keys;
    if (section.startsWith(u"task.")) {
        for (const TaskSetting &s : kTaskSettings)
            keys << (s.key == "categories" ? QStringLiteral("categories (or labels)") : qs(s.key));
    } else {
        for (const EngineSetting &s : kEngineSettings)
            if (qs(s.section) == section)
                keys << qs(s.key);
    }
    return keys.join(u", ");
}

} // namespace herder::config
