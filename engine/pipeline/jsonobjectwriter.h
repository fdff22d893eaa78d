#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QStringView>
#include <QVarLengthArray>

namespace herder::pipeline {

/// Writes one compact JSON object byte for byte as QJsonDocument would write the same
/// QJsonObject (keys sorted, a repeated key keeping its last value, the same number forms),
/// without building the object: output records are written once per message, and the
/// QJsonObject tree cost more CPU than anything else on that path. Keys are views: what they
/// point to must outlive the writer.
class JsonObjectWriter
{
public:
    void addString(QStringView key, QStringView value);
    void addUtf8(QStringView key, QByteArrayView utf8_value);
    void addDouble(QStringView key, double value);
    void addInteger(QStringView key, qint64 value);
    void addBool(QStringView key, bool value);
    /// \a json must be one complete JSON value (an object written by another writer, say).
    void addRaw(QStringView key, QByteArrayView json);
    /// \a json must be one valid JSON value; it goes in as it is, less the whitespace between
    /// its tokens (key order, escapes and number forms stay the sender's).
    void addCompactJson(QStringView key, QByteArrayView json);

    /// The object, e.g. {"a":1,"b":"x"}.
    QByteArray toJson() const;

    /// Appends \a value as a JSON string, quoted and escaped as QJsonDocument does.
    static void appendString(QByteArray &out, QStringView value);
    static void appendUtf8String(QByteArray &out, QByteArrayView utf8_value);

private:
    struct Field
    {
        QStringView key;
        qsizetype begin; ///< its value's bytes in m_values
        qsizetype end;
    };
    Field &field(QStringView key);

    QByteArray m_values;
    QVarLengthArray<Field, 10> m_fields;
};

} // namespace herder::pipeline
