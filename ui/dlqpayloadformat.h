#pragma once

#include <QByteArray>
#include <QString>

namespace herder::ui {

/// How the console shows a dead letter's bytes: pretty JSON when they are a UTF-8 JSON
/// document, plain text when they are other UTF-8, and a hex dump otherwise, so binary values
/// are shown exactly rather than mangled into replacement characters.
class DlqPayloadFormat
{
public:
    enum class Kind { Json = 1, Text, Binary };

    static bool isUtf8(const QByteArray &bytes);
    /// A JSON object or array (what the engine's decoder can take).
    static bool isJson(const QByteArray &bytes);
    static Kind kindOf(const QByteArray &bytes);
    /// The display text for the payload; `kind` receives what it was taken for.
    static QString render(const QByteArray &bytes, Kind *kind = nullptr);
    /// Classic 16-bytes-per-line dump with offsets and an ASCII column, at most `max_bytes`.
    static QString hexDump(const QByteArray &bytes, qsizetype max_bytes = 64 * 1024);
    /// Header values: text when UTF-8, else "0x" and hex.
    static QString headerValue(const QByteArray &bytes);
    static QString kindName(Kind kind);
};

} // namespace herder::ui
