#include "pipeline/eventdecoder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>
#include <QLocale>

#include <algorithm>
#include <cstring>

namespace herder::pipeline {

namespace {

bool isBlank(const QString &text)
{
    return std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.isSpace(); });
}

/// Cuts text after max_code_points code points, never between the halves of a surrogate pair.
/// Returns true if anything was cut.
bool truncateToCodePoints(QString &text, int max_code_points)
{
    // A code point takes one or two UTF-16 units: a short enough string needs no walk.
    if (max_code_points <= 0 || text.size() <= max_code_points)
        return false;
    const QChar *units = text.constData();
    const qsizetype size = text.size();
    qsizetype pos = 0;
    for (int code_points = 0; pos < size && code_points < max_code_points; ++code_points) {
        if (units[pos].isHighSurrogate() && pos + 1 < size && units[pos + 1].isLowSurrogate())
            pos += 2;
        else
            ++pos;
    }
    if (pos >= size)
        return false;
    text.truncate(pos);
    return true;
}

QString numberToText(const QJsonValue &value)
{
    const double as_double = value.toDouble();
    const qint64 as_integer = value.toInteger();
    // Integers print exactly (even beyond 2^53); everything else in shortest round-trip form.
    if (static_cast<double>(as_integer) == as_double)
        return QString::number(as_integer);
    return QString::number(as_double, 'g', QLocale::FloatingPointShortest);
}

QLatin1String jsonTypeName(const QJsonDocument &document)
{
    if (document.isArray())
        return QLatin1String("an array");
    if (document.isNull())
        return QLatin1String("null");
    return QLatin1String("a scalar");
}

} // namespace

EventDecoder::EventDecoder(DecodeSettings settings)
    : m_settings(std::move(settings)),
      m_text_pointer(parsePointer(m_settings.text_pointer)),
      m_id_pointer(parsePointer(m_settings.id_pointer))
{
}

std::variant<DecodedEvent, DecodeError> EventDecoder::decode(QByteArrayView value) const
{
    if (m_settings.max_payload_bytes > 0 && value.size() > m_settings.max_payload_bytes) {
        return DecodeError{QStringLiteral("payload of ") + QString::number(value.size())
                           + QStringLiteral(" bytes exceeds ")
                           + QString::number(m_settings.max_payload_bytes)};
    }
    if (value.isEmpty())
        return DecodeError{QStringLiteral("not JSON: empty value")};
    // QJsonDocument silently replaces malformed UTF-8, so check before parsing.
    if (const qsizetype bad = firstInvalidUtf8(value); bad >= 0)
        return DecodeError{QStringLiteral("invalid UTF-8 at byte ") + QString::number(bad)};

    QJsonParseError parse_error;
    // fromRawData: no copy; the parser reads by length and keeps no reference.
    const QJsonDocument document = QJsonDocument::fromJson(
        QByteArray::fromRawData(value.data(), value.size()), &parse_error);
    if (parse_error.error != QJsonParseError::NoError) {
        return DecodeError{QStringLiteral("not JSON: ") + parse_error.errorString()
                           + QStringLiteral(" at offset ")
                           + QString::number(parse_error.offset)};
    }
    if (!document.isObject())
        return DecodeError{QStringLiteral("not a JSON object but ") + jsonTypeName(document)};

    DecodedEvent event;
    const QJsonObject root = document.object();

    const QJsonValue text = resolve(root, m_text_pointer);
    if (text.isUndefined())
        return DecodeError{QStringLiteral("missing text at ") + m_settings.text_pointer};
    if (!text.isString()) {
        return DecodeError{QStringLiteral("text at ") + m_settings.text_pointer
                           + QStringLiteral(" is not a string")};
    }
    event.text = text.toString();
    if (isBlank(event.text))
        return DecodeError{QStringLiteral("empty text at ") + m_settings.text_pointer};
    // A text over the limit spends it on what it says: leading blanks would otherwise fill it
    // and the model would be paid to classify whitespace (found by tests/fuzz).
    qsizetype blanks = 0;
    if (m_settings.max_text_chars > 0 && event.text.size() > m_settings.max_text_chars) {
        while (event.text.at(blanks).isSpace())
            ++blanks;
        event.text.remove(0, blanks);
    }
    event.truncated = truncateToCodePoints(event.text, m_settings.max_text_chars) || blanks > 0;

    const QJsonValue id = resolve(root, m_id_pointer);
    if (id.isString())
        event.id = id.toString();
    else if (id.isDouble())
        event.id = numberToText(id);
    return event;
}

qsizetype EventDecoder::firstInvalidUtf8(QByteArrayView bytes)
{
    const auto *data = reinterpret_cast<const uchar *>(bytes.data());
    const qsizetype size = bytes.size();
    qsizetype i = 0;
    while (i < size) {
        // ASCII fast path, eight bytes at a time: most payloads are mostly ASCII.
        while (i + 8 <= size) {
            quint64 chunk;
            std::memcpy(&chunk, data + i, sizeof chunk);
            if (chunk & 0x8080808080808080ULL)
                break;
            i += 8;
        }
        if (i >= size)
            break;
        const uchar lead = data[i];
        if (lead < 0x80) {
            ++i;
            continue;
        }
        // Unicode Table 3-7 (well-formed byte sequences): the narrowed second-byte ranges
        // are what reject overlongs (E0, F0), surrogates (ED) and > U+10FFFF (F4).
        int length = 0;
        uchar second_min = 0x80;
        uchar second_max = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead == 0xE0) {
            length = 3;
            second_min = 0xA0;
        } else if ((lead >= 0xE1 && lead <= 0xEC) || lead == 0xEE || lead == 0xEF) {
            length = 3;
        } else if (lead == 0xED) {
            length = 3;
            second_max = 0x9F;
        } else if (lead == 0xF0) {
            length = 4;
            second_min = 0x90;
        } else if (lead >= 0xF1 && lead <= 0xF3) {
            length = 4;
        } else if (lead == 0xF4) {
            length = 4;
            second_max = 0x8F;
        } else {
            return i; // 80..C1 (continuation or overlong lead), F5..FF
        }
        if (size - i < length)
            return i;
        if (data[i + 1] < second_min || data[i + 1] > second_max)
            return i;
        for (int k = 2; k < length; ++k) {
            if ((data[i + k] & 0xC0) != 0x80)
                return i;
        }
        i += length;
    }
    return -1;
}

bool EventDecoder::isValidPointer(QStringView pointer)
{
    if (pointer.isEmpty())
        return true;
    if (!pointer.startsWith(u'/'))
        return false;
    for (qsizetype i = 0; i < pointer.size(); ++i) {
        if (pointer[i] == u'~'
            && (i + 1 >= pointer.size() || (pointer[i + 1] != u'0' && pointer[i + 1] != u'1')))
            return false;
    }
    return true;
}

EventDecoder::Pointer EventDecoder::parsePointer(QStringView pointer)
{
    Pointer tokens;
    if (pointer.isEmpty())
        return tokens; // "" is the whole document
    // Lenient: "text" reads as "/text" and a stray '~' stays literal; isValidPointer() lets
    // the configuration reject such pointers up front.
    QStringView rest = pointer.startsWith(u'/') ? pointer.mid(1) : pointer;
    for (;;) {
        const qsizetype slash = rest.indexOf(u'/');
        const QStringView raw = slash < 0 ? rest : rest.left(slash);
        PointerToken token{QString(), -1};
        token.key.reserve(raw.size());
        for (qsizetype i = 0; i < raw.size(); ++i) {
            // One left-to-right pass decodes "~01" as "~1", as RFC 6901 requires.
            if (raw[i] == u'~' && i + 1 < raw.size() && (raw[i + 1] == u'0' || raw[i + 1] == u'1')) {
                token.key.append(raw[i + 1] == u'0' ? u'~' : u'/');
                ++i;
            } else {
                token.key.append(raw[i]);
            }
        }
        // An array index is "0" or digits without a leading zero; "-" (past the end) and
        // anything else never matches an array element.
        const bool digits = !token.key.isEmpty() && token.key.size() <= 18
                            && std::all_of(token.key.cbegin(), token.key.cend(),
                                           [](QChar c) { return c >= u'0' && c <= u'9'; });
        if (digits && (token.key.size() == 1 || token.key.front() != u'0'))
            token.index = token.key.toLongLong();
        tokens.push_back(std::move(token));
        if (slash < 0)
            break;
        rest = rest.mid(slash + 1);
    }
    return tokens;
}

QJsonValue EventDecoder::resolve(const QJsonObject &root, const Pointer &pointer)
{
    if (pointer.empty())
        return QJsonValue(root);
    QJsonValue current = root.value(pointer.front().key);
    for (size_t i = 1; i < pointer.size() && !current.isUndefined(); ++i) {
        const PointerToken &token = pointer[i];
        if (current.isObject()) {
            current = current.toObject().value(token.key);
        } else if (current.isArray()) {
            const QJsonArray array = current.toArray();
            if (token.index < 0 || token.index >= array.size())
                return QJsonValue(QJsonValue::Undefined);
            current = array.at(token.index);
        } else {
            return QJsonValue(QJsonValue::Undefined);
        }
    }
    return current;
}

} // namespace herder::pipeline
