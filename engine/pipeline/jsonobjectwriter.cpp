#include "pipeline/jsonobjectwriter.h"

#include <QLocale>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace herder::pipeline {
namespace {

char hexDigit(uint v)
{
    return char(v < 10 ? '0' + v : 'a' + v - 10);
}

bool needsEscape(uint c)
{
    return c < 0x20 || c == '"' || c == '\\';
}

// QJsonDocument's escapes: the two that must be, the short forms it knows, \u00XX for the
// other control characters.
void appendEscape(QByteArray &out, uint c)
{
    out.append('\\');
    switch (c) {
    case '"':
        out.append('"');
        break;
    case '\\':
        out.append('\\');
        break;
    case '\b':
        out.append('b');
        break;
    case '\f':
        out.append('f');
        break;
    case '\n':
        out.append('n');
        break;
    case '\r':
        out.append('r');
        break;
    case '\t':
        out.append('t');
        break;
    default:
        out.append("u00");
        out.append(hexDigit(c >> 4));
        out.append(hexDigit(c & 0xf));
    }
}

// Bytes that need no escape go out in runs; only US-ASCII bytes are ever escaped, so valid
// UTF-8 stays as it is.
void appendEscaped(QByteArray &out, QByteArrayView utf8)
{
    out.reserve(out.size() + utf8.size() + 2);
    out.append('"');
    qsizetype plain = 0;
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const uchar c = uchar(utf8[i]);
        if (!needsEscape(c))
            continue;
        out.append(utf8.sliced(plain, i - plain));
        plain = i + 1;
        appendEscape(out, c);
    }
    out.append(utf8.sliced(plain));
    out.append('"');
}

} // namespace

void JsonObjectWriter::appendUtf8String(QByteArray &out, QByteArrayView utf8_value)
{
    for (char c : utf8_value)
        if (uchar(c) >= 0x80) {
            // Through QString, as QJsonValue would: malformed bytes become U+FFFD.
            appendString(out, QString::fromUtf8(utf8_value));
            return;
        }
    appendEscaped(out, utf8_value);
}

void JsonObjectWriter::appendString(QByteArray &out, QStringView value)
{
    // Written through a pointer into room for the worst case (six bytes per UTF-16 unit, a
    // \u escape) and trimmed after: appending byte by byte cost more than the encoding.
    const qsizetype n = value.size();
    const qsizetype start = out.size();
    out.resize(start + 6 * n + 2);
    char *p = out.data() + start;
    const auto escape = [&p](char16_t u) {
        const char *hex = "0123456789abcdef";
        *p++ = '\\';
        *p++ = 'u';
        *p++ = hex[u >> 12];
        *p++ = hex[(u >> 8) & 0xf];
        *p++ = hex[(u >> 4) & 0xf];
        *p++ = hex[u & 0xf];
    };
    *p++ = '"';
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t u = value[i].unicode();
        if (u < 0x80) {
            if (!needsEscape(u)) {
                *p++ = char(u);
                continue;
            }
            // QJsonDocument's escapes: the two that must be, the short forms it knows,
            // \u00XX for the other control characters.
            char short_form = 0;
            switch (u) {
            case '"': short_form = '"'; break;
            case '\\': short_form = '\\'; break;
            case '\b': short_form = 'b'; break;
            case '\f': short_form = 'f'; break;
            case '\n': short_form = 'n'; break;
            case '\r': short_form = 'r'; break;
            case '\t': short_form = 't'; break;
            default: break;
            }
            if (short_form) {
                *p++ = '\\';
                *p++ = short_form;
            } else {
                escape(u);
            }
        } else if (u < 0x800) {
            *p++ = char(0xc0 | (u >> 6));
            *p++ = char(0x80 | (u & 0x3f));
        } else if (QChar::isHighSurrogate(u) && i + 1 < n && value[i + 1].isLowSurrogate()) {
            const char32_t cp = QChar::surrogateToUcs4(u, value[++i].unicode());
            *p++ = char(0xf0 | (cp >> 18));
            *p++ = char(0x80 | ((cp >> 12) & 0x3f));
            *p++ = char(0x80 | ((cp >> 6) & 0x3f));
            *p++ = char(0x80 | (cp & 0x3f));
        } else if (QChar::isSurrogate(u)) {
            // A lone surrogate has no UTF-8 form; QJsonDocument writes it as an escape.
            escape(u);
        } else {
            *p++ = char(0xe0 | (u >> 12));
            *p++ = char(0x80 | ((u >> 6) & 0x3f));
            *p++ = char(0x80 | (u & 0x3f));
        }
    }
    *p++ = '"';
    out.truncate(p - out.constData());
}

JsonObjectWriter::Field &JsonObjectWriter::field(QStringView key)
{
    // A repeated key replaces the earlier value, as QJsonObject::insert does; the old bytes
    // simply stay unused.
    for (Field &f : m_fields)
        if (f.key == key) {
            f.begin = m_values.size();
            return f;
        }
    m_fields.append({key, m_values.size(), 0});
    return m_fields.back();
}

void JsonObjectWriter::addString(QStringView key, QStringView value)
{
    Field &f = field(key);
    appendString(m_values, value);
    f.end = m_values.size();
}

void JsonObjectWriter::addUtf8(QStringView key, QByteArrayView utf8_value)
{
    Field &f = field(key);
    appendUtf8String(m_values, utf8_value);
    f.end = m_values.size();
}

void JsonObjectWriter::addDouble(QStringView key, double value)
{
    Field &f = field(key);
    // RFC 8259 has no infinities or NaN; QJsonDocument writes null for them.
    if (std::isfinite(value))
        m_values.append(QByteArray::number(value, 'g', QLocale::FloatingPointShortest));
    else
        m_values.append("null");
    f.end = m_values.size();
}

void JsonObjectWriter::addInteger(QStringView key, qint64 value)
{
    Field &f = field(key);
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    m_values.append(digits, end - digits);
    f.end = m_values.size();
}

void JsonObjectWriter::addBool(QStringView key, bool value)
{
    Field &f = field(key);
    m_values.append(value ? "true" : "false");
    f.end = m_values.size();
}

void JsonObjectWriter::addRaw(QStringView key, QByteArrayView json)
{
    Field &f = field(key);
    m_values.append(json);
    f.end = m_values.size();
}

void JsonObjectWriter::addCompactJson(QStringView key, QByteArrayView json)
{
    Field &f = field(key);
    const auto isSpace = [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; };
    // Outside strings only whitespace is dropped; inside, a backslash escapes the next byte.
    bool in_string = false;
    qsizetype run = 0; // start of the bytes not yet copied
    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (in_string) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (isSpace(c)) {
            m_values.append(json.sliced(run, i - run));
            run = i + 1;
        }
    }
    m_values.append(json.sliced(run));
    f.end = m_values.size();
}

QByteArray JsonObjectWriter::toJson() const
{
    QVarLengthArray<const Field *, 10> order;
    for (const Field &f : m_fields)
        order.append(&f);
    // QJsonObject keeps its keys in QString order (UTF-16 code units).
    std::sort(order.begin(), order.end(),
              [](const Field *a, const Field *b) { return a->key.compare(b->key) < 0; });
    QByteArray out;
    out.reserve(m_values.size() + 16 * m_fields.size() + 2);
    out.append('{');
    for (const Field *f : order) {
        if (out.size() > 1)
            out.append(',');
        appendString(out, f->key);
        out.append(':');
        out.append(QByteArrayView(m_values).sliced(f->begin, f->end - f->begin));
    }
    out.append('}');
    return out;
}

} // namespace herder::pipeline
