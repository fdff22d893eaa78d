// libFuzzer target: a Kafka value through EventDecoder, with the default pointers and with
// nested ones (escapes, array indexes) and small limits, so truncation and lookup both run.

#include "pipeline/eventdecoder.h"

#include <cstddef>
#include <cstdint>
#include <variant>

using herder::pipeline::DecodedEvent;
using herder::pipeline::DecodeSettings;
using herder::pipeline::EventDecoder;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const EventDecoder plain;
    static const EventDecoder nested(DecodeSettings{QStringLiteral("/msg/0/b~1c~0d"),
                                                    QStringLiteral("/meta/id"), 3, 4096});
    const QByteArrayView value(reinterpret_cast<const char *>(data), qsizetype(size));
    for (const EventDecoder *decoder : {&plain, &nested}) {
        const auto decoded = decoder->decode(value);
        // A decoded text is never empty and never longer than the limit in code points.
        if (const auto *event = std::get_if<DecodedEvent>(&decoded)) {
            const int limit = decoder->settings().max_text_chars;
            if (event->text.trimmed().isEmpty() ||
                (limit > 0 && event->text.toUcs4().size() > limit))
                __builtin_trap();
        }
    }
    EventDecoder::firstInvalidUtf8(value);
    EventDecoder::isValidPointer(QString::fromUtf8(value));
    return 0;
}
