#pragma once

#include "config/decodesettings.h"

#include <QByteArrayView>
#include <QJsonObject>
#include <QString>

#include <variant>
#include <vector>

namespace herder::pipeline {

using config::DecodeSettings;

/// One decoded Kafka value.
struct DecodedEvent
{
    QString id;           // from id_pointer (string, or number converted to text); empty if absent
    QString text;         // truncated to max_text_chars code points
    bool truncated = false;
    // The whole value is not kept here: the output record takes it from the Kafka bytes, which
    // the Work holds anyway, rather than from a parsed tree.
};

/// Why a value is not an event (an invalid_payload), e.g. "invalid UTF-8 at byte 17".
struct DecodeError
{
    QString reason;
};

/// Turns a Kafka value (a UTF-8 JSON object) into the text to enrich. Immutable after
/// construction and so safe to share between threads.
class EventDecoder
{
public:
    explicit EventDecoder(DecodeSettings settings = {});

    /// Decodes one value; never throws. Empty or whitespace-only text is an error
    /// ("empty text at /text"): nobody wants to pay a model for nothing.
    std::variant<DecodedEvent, DecodeError> decode(QByteArrayView value) const;

    /// True if pointer is a well-formed RFC 6901 JSON pointer ("" or "/..." with only ~0 and
    /// ~1 escapes). The decoder itself reads a malformed pointer leniently (see parsePointer).
    static bool isValidPointer(QStringView pointer);
    /// Offset of the first byte of the first invalid UTF-8 sequence (overlongs, surrogates and
    /// code points above U+10FFFF included), or -1 if bytes is valid UTF-8.
    static qsizetype firstInvalidUtf8(QByteArrayView bytes);

    const DecodeSettings &settings() const { return m_settings; }

private:
    /// One reference token, pre-parsed: the unescaped key, and its value as an array index
    /// (-1 when the token is not a canonical non-negative integer).
    struct PointerToken
    {
        QString key;
        qsizetype index;
    };
    using Pointer = std::vector<PointerToken>;

    static Pointer parsePointer(QStringView pointer);
    static QJsonValue resolve(const QJsonObject &root, const Pointer &pointer);

    DecodeSettings m_settings;
    Pointer m_text_pointer;
    Pointer m_id_pointer;
};

} // namespace herder::pipeline
