#include "pipeline/eventdecoder.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStringDecoder>
#include <QTest>

using namespace herder::pipeline;
using namespace Qt::StringLiterals;

namespace {

DecodedEvent decodeOk(const EventDecoder &decoder, QByteArrayView value)
{
    const auto result = decoder.decode(value);
    if (const auto *error = std::get_if<DecodeError>(&result)) {
        qWarning() << "unexpected error:" << error->reason;
        return {};
    }
    return std::get<DecodedEvent>(result);
}

QString decodeError(const EventDecoder &decoder, QByteArrayView value)
{
    const auto result = decoder.decode(value);
    if (const auto *error = std::get_if<DecodeError>(&result))
        return error->reason;
    return u"<decoded>"_s;
}

int codePoints(const QString &text)
{
    int count = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i].isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate())
            ++i;
        ++count;
    }
    return count;
}

} // namespace

class TestEventDecoder : public QObject
{
    Q_OBJECT

private slots:
    void simple();
    void invalidPayloads_data();
    void invalidPayloads();
    void payloadLimitIsInclusive();
    void utf8Validator_data();
    void utf8Validator();
    void nestedPointers_data();
    void nestedPointers();
    void pointerValidity();
    void ids_data();
    void ids();
    void truncation_data();
    void truncation();
    void noLimits();
    void timing();
};

void TestEventDecoder::simple()
{
    const EventDecoder decoder;
    const DecodedEvent event = decodeOk(decoder, R"({"id":"a1","text":"hello world","n":3})");
    QCOMPARE(event.id, u"a1"_s);
    QCOMPARE(event.text, u"hello world"_s);
    QVERIFY(!event.truncated);
}

void TestEventDecoder::invalidPayloads_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QString>("reason_prefix");
    QTest::newRow("empty value") << QByteArray() << u"not JSON"_s;
    QTest::newRow("not JSON") << QByteArray("hello") << u"not JSON: "_s;
    QTest::newRow("truncated JSON") << QByteArray(R"({"text":"abc")") << u"not JSON: "_s;
    QTest::newRow("trailing garbage") << QByteArray(R"({"text":"abc"} x)") << u"not JSON: "_s;
    QTest::newRow("JSON array") << QByteArray(R"([{"text":"abc"}])")
                                << u"not a JSON object but an array"_s;
    QTest::newRow("invalid UTF-8 byte") << QByteArray("{\"text\":\"ab\xff\"}")
                                        << u"invalid UTF-8 at byte 11"_s;
    QTest::newRow("stray continuation byte") << QByteArray("{\"text\":\"\x80\"}")
                                             << u"invalid UTF-8 at byte 9"_s;
    QTest::newRow("overlong slash") << QByteArray("{\"text\":\"\xc0\xaf\"}")
                                    << u"invalid UTF-8 at byte 9"_s;
    QTest::newRow("overlong 3-byte") << QByteArray("{\"text\":\"\xe0\x80\xaf\"}")
                                     << u"invalid UTF-8 at byte 9"_s;
    QTest::newRow("encoded surrogate") << QByteArray("{\"text\":\"\xed\xa0\x80\"}")
                                       << u"invalid UTF-8 at byte 9"_s;
    QTest::newRow("cut multi-byte at end") << QByteArray("{\"text\":\"ok\"}\xe1\xba")
                                           << u"invalid UTF-8 at byte 13"_s;
    QTest::newRow("missing text") << QByteArray(R"({"id":1})") << u"missing text at /text"_s;
    QTest::newRow("text number") << QByteArray(R"({"text":42})")
                                 << u"text at /text is not a string"_s;
    QTest::newRow("text null") << QByteArray(R"({"text":null})")
                               << u"text at /text is not a string"_s;
    QTest::newRow("text object") << QByteArray(R"({"text":{"a":"b"}})")
                                 << u"text at /text is not a string"_s;
    QTest::newRow("empty text") << QByteArray(R"({"text":""})") << u"empty text at /text"_s;
    QTest::newRow("whitespace text") << QByteArray("{\"text\":\" \\n\\t \\u00a0 \"}")
                                     << u"empty text at /text"_s;
    QByteArray big = R"({"text":")" + QByteArray(262144, 'a') + R"("})";
    QTest::newRow("too large") << big << u"payload of 262155 bytes exceeds 262144"_s;
}

void TestEventDecoder::invalidPayloads()
{
    QFETCH(QByteArray, value);
    QFETCH(QString, reason_prefix);
    const EventDecoder decoder;
    const QString reason = decodeError(decoder, value);
    QVERIFY2(reason.startsWith(reason_prefix), qPrintable(reason));
}

void TestEventDecoder::payloadLimitIsInclusive()
{
    DecodeSettings settings;
    settings.max_payload_bytes = 20;
    const EventDecoder decoder(settings);
    QCOMPARE(decodeOk(decoder, R"({"text":"123456789"})").text, u"123456789"_s); // 20 bytes
    QCOMPARE(decodeError(decoder, R"({"text":"1234567890"})"),
             u"payload of 21 bytes exceeds 20"_s);
}

void TestEventDecoder::utf8Validator_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<qsizetype>("first_invalid");
    const auto row = [](const char *name, const QByteArray &bytes, qsizetype first_invalid) {
        QTest::newRow(name) << bytes << first_invalid;
    };
    row("empty", "", -1);
    row("ascii long", QByteArray(1000, 'x'), -1);
    row("vietnamese", "Tiếng Việt có dấu: người, được, những", -1);
    row("emoji", "\xf0\x9f\x98\x80 grin", -1);
    row("max code point", "\xf4\x8f\xbf\xbf", -1);
    row("above max", "\xf4\x90\x80\x80", 0);
    row("f5 lead", "ab\xf5\x80\x80\x80", 2);
    row("c1 overlong", "\xc1\xbf", 0);
    row("e0 overlong", "\xe0\x9f\xbf", 0);
    row("f0 overlong", "\xf0\x8f\xbf\xbf", 0);
    row("last before surrogates", "\xed\x9f\xbf", -1);
    row("low surrogate", "\xed\xbf\xbf", 0);
    row("after surrogates", "\xee\x80\x80", -1);
    row("missing continuation", "\xe1\x80" "a", 0);
    row("bad inside fast path", QByteArray(20, 'a') + "\xff" + QByteArray(20, 'a'), 20);
    row("truncated 4-byte at end", QByteArray(9, 'a') + "\xf0\x9f\x98", 9);
}

void TestEventDecoder::utf8Validator()
{
    QFETCH(QByteArray, bytes);
    QFETCH(qsizetype, first_invalid);
    QCOMPARE(EventDecoder::firstInvalidUtf8(bytes), first_invalid);
    // Agrees with Qt's own strict decoder on validity.
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString ignored = decoder.decode(bytes);
    Q_UNUSED(ignored);
    QCOMPARE(decoder.hasError(), first_invalid >= 0);
}

void TestEventDecoder::nestedPointers_data()
{
    QTest::addColumn<QString>("text_pointer");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QString>("expected"); // text, or "!" + error prefix
    const QByteArray doc = R"({
        "payload": {"body": {"content": "deep"}, "parts": ["zero", {"t": "one-t"}]},
        "a/b": "slash", "m~n": "tilde", "~1": "literal", "": "empty key",
        "arr": [["x", "y"]], "10": "ten"
    })";
    QTest::newRow("deep object") << u"/payload/body/content"_s << doc << u"deep"_s;
    QTest::newRow("array index") << u"/payload/parts/0"_s << doc << u"zero"_s;
    QTest::newRow("array then object") << u"/payload/parts/1/t"_s << doc << u"one-t"_s;
    QTest::newRow("nested arrays") << u"/arr/0/1"_s << doc << u"y"_s;
    QTest::newRow("escape ~1") << u"/a~1b"_s << doc << u"slash"_s;
    QTest::newRow("escape ~0") << u"/m~0n"_s << doc << u"tilde"_s;
    QTest::newRow("escape ~01 is ~1") << u"/~01"_s << doc << u"literal"_s;
    QTest::newRow("empty key") << u"/"_s << doc << u"empty key"_s;
    QTest::newRow("digits as object key") << u"/10"_s << doc << u"ten"_s;
    QTest::newRow("index out of range") << u"/payload/parts/2"_s << doc
                                        << u"!missing text at /payload/parts/2"_s;
    QTest::newRow("leading zero index") << u"/payload/parts/01"_s << doc
                                        << u"!missing text at /payload/parts/01"_s;
    QTest::newRow("dash index") << u"/payload/parts/-"_s << doc
                                << u"!missing text at /payload/parts/-"_s;
    QTest::newRow("through a string") << u"/payload/body/content/x"_s << doc
                                      << u"!missing text at /payload/body/content/x"_s;
    QTest::newRow("object not string") << u"/payload/body"_s << doc
                                       << u"!text at /payload/body is not a string"_s;
    QTest::newRow("whole document") << QString() << doc << u"!text at  is not a string"_s;
    QTest::newRow("lenient missing slash") << u"payload/body/content"_s << doc << u"deep"_s;
}

void TestEventDecoder::nestedPointers()
{
    QFETCH(QString, text_pointer);
    QFETCH(QByteArray, value);
    QFETCH(QString, expected);
    DecodeSettings settings;
    settings.text_pointer = text_pointer;
    const EventDecoder decoder(settings);
    if (expected.startsWith(u'!')) {
        const QString reason = decodeError(decoder, value);
        QVERIFY2(reason.startsWith(expected.mid(1)), qPrintable(reason));
    } else {
        QCOMPARE(decodeOk(decoder, value).text, expected);
    }
}

void TestEventDecoder::pointerValidity()
{
    QVERIFY(EventDecoder::isValidPointer(u""));
    QVERIFY(EventDecoder::isValidPointer(u"/"));
    QVERIFY(EventDecoder::isValidPointer(u"/a/b/0"));
    QVERIFY(EventDecoder::isValidPointer(u"/a~0b~1c"));
    QVERIFY(!EventDecoder::isValidPointer(u"a/b"));
    QVERIFY(!EventDecoder::isValidPointer(u"/a~2"));
    QVERIFY(!EventDecoder::isValidPointer(u"/a~"));
}

void TestEventDecoder::ids_data()
{
    QTest::addColumn<QString>("id_pointer");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QString>("expected");
    QTest::newRow("string") << u"/id"_s << QByteArray(R"({"id":"evt-1","text":"x"})")
                            << u"evt-1"_s;
    QTest::newRow("integer") << u"/id"_s << QByteArray(R"({"id":12345,"text":"x"})")
                             << u"12345"_s;
    QTest::newRow("negative integer") << u"/id"_s << QByteArray(R"({"id":-7,"text":"x"})")
                                      << u"-7"_s;
    QTest::newRow("int64 beyond 2^53") << u"/id"_s
                                       << QByteArray(R"({"id":9007199254740993,"text":"x"})")
                                       << u"9007199254740993"_s;
    QTest::newRow("fraction") << u"/id"_s << QByteArray(R"({"id":1.5,"text":"x"})")
                              << u"1.5"_s;
    QTest::newRow("integral double") << u"/id"_s << QByteArray(R"({"id":3.0,"text":"x"})")
                                     << u"3"_s;
    QTest::newRow("absent") << u"/id"_s << QByteArray(R"({"text":"x"})") << QString();
    QTest::newRow("null") << u"/id"_s << QByteArray(R"({"id":null,"text":"x"})") << QString();
    QTest::newRow("bool") << u"/id"_s << QByteArray(R"({"id":true,"text":"x"})") << QString();
    QTest::newRow("non-ASCII") << u"/id"_s
                               << QByteArray(R"({"id":"mã-số-đơn-😀","text":"x"})")
                               << u"mã-số-đơn-😀"_s;
    QTest::newRow("escaped non-ASCII") << u"/id"_s
                                       << QByteArray(R"({"id":"\u00e9\ud83d\ude00","text":"x"})")
                                       << u"é😀"_s;
    QTest::newRow("nested") << u"/meta/ids/1"_s
                            << QByteArray(R"({"meta":{"ids":["a","b"]},"text":"x"})") << u"b"_s;
}

void TestEventDecoder::ids()
{
    QFETCH(QString, id_pointer);
    QFETCH(QByteArray, value);
    QFETCH(QString, expected);
    DecodeSettings settings;
    settings.id_pointer = id_pointer;
    const EventDecoder decoder(settings);
    const DecodedEvent event = decodeOk(decoder, value);
    QCOMPARE(event.id, expected);
    QCOMPARE(event.id.isNull() || event.id.isEmpty(), expected.isEmpty());
}

void TestEventDecoder::truncation_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("max_chars");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<bool>("truncated");
    QTest::newRow("ascii fits") << u"hello"_s << 5 << u"hello"_s << false;
    QTest::newRow("ascii cut") << u"hello world"_s << 5 << u"hello"_s << true;
    // Vietnamese: precomposed letters are one code point (2 or 3 UTF-8 bytes) each.
    QTest::newRow("vietnamese cut") << u"Tiếng Việt có dấu"_s << 8 << u"Tiếng Vi"_s << true;
    QTest::newRow("vietnamese exact fit") << u"người được"_s << 10 << u"người được"_s << false;
    QTest::newRow("vietnamese one less") << u"người được"_s << 9 << u"người đượ"_s << true;
    // Surrogate pairs: one code point, two UTF-16 units.
    QTest::newRow("cut before pair") << u"ab😀cd"_s << 2 << u"ab"_s << true;
    QTest::newRow("cut after pair") << u"ab😀cd"_s << 3 << u"ab😀"_s << true;
    QTest::newRow("pairs only") << u"😀😁😂🤣"_s << 3 << u"😀😁😂"_s << true;
    QTest::newRow("pairs fit") << u"😀😁😂🤣"_s << 4 << u"😀😁😂🤣"_s << false;
    // UTF-16 length 8 > 5 yet only 4 code points: no cut.
    QTest::newRow("more units than code points") << u"😀😁😂🤣"_s << 5 << u"😀😁😂🤣"_s << false;
    QTest::newRow("combining marks count apart") << u"e\u0301e\u0301"_s << 3 << u"e\u0301e"_s
                                                 << true;
    // Leading blanks of a long text do not use up the limit (it was cut to blanks only).
    QTest::newRow("blanks before a long text") << u"\n          great product"_s << 10
                                               << u"great prod"_s << true;
    QTest::newRow("blanks before a short text") << u"  ok"_s << 5 << u"  ok"_s << false;
    QTest::newRow("fuzzer: blanks then NUL") << u"\t    \u0000"_s << 3 << QString(QChar(0))
                                             << true;
}

void TestEventDecoder::truncation()
{
    QFETCH(QString, text);
    QFETCH(int, max_chars);
    QFETCH(QString, expected);
    QFETCH(bool, truncated);
    DecodeSettings settings;
    settings.max_text_chars = max_chars;
    const EventDecoder decoder(settings);
    QJsonObject object{{u"text"_s, text}};
    const QByteArray value = QJsonDocument(object).toJson(QJsonDocument::Compact);
    const DecodedEvent event = decodeOk(decoder, value);
    QCOMPARE(event.text, expected);
    QCOMPARE(event.truncated, truncated);
    QVERIFY(codePoints(event.text) <= max_chars);
    QVERIFY(event.text.isEmpty() || !event.text.back().isHighSurrogate());
}

void TestEventDecoder::noLimits()
{
    DecodeSettings settings;
    settings.max_text_chars = 0;
    settings.max_payload_bytes = 0;
    const EventDecoder decoder(settings);
    const QByteArray value = R"({"text":")" + QByteArray(300000, 'a') + R"("})";
    const DecodedEvent event = decodeOk(decoder, value);
    QCOMPARE(event.text.size(), 300000);
    QVERIFY(!event.truncated);
}

void TestEventDecoder::timing()
{
    // A realistic ~300-byte event, mostly ASCII with some Vietnamese.
    const QByteArray value = QByteArrayLiteral(
        R"({"id":"ord-2024-000123456","ts":"2024-05-01T12:34:56.789Z","source":"web",)"
        R"("user":{"id":98765,"locale":"vi-VN"},"text":"Sản phẩm giao hàng nhanh, đóng gói )"
        R"(cẩn thận. The delivery was quick but the box was slightly damaged; support )"
        R"(answered within an hour.","tags":["delivery","packaging"],"rating":4})");
    qInfo("EventDecoder payload: %lld bytes", static_cast<long long>(value.size()));
    const EventDecoder decoder;
    QVERIFY(std::holds_alternative<DecodedEvent>(decoder.decode(value)));
    constexpr int kRounds = 200000;
    int ok = 0;
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < kRounds; ++i)
        ok += std::holds_alternative<DecodedEvent>(decoder.decode(value)) ? 1 : 0;
    const double ns = static_cast<double>(timer.nsecsElapsed()) / kRounds;
    QCOMPARE(ok, kRounds);
    qInfo("EventDecoder::decode: %.0f ns/event", ns);

    timer.restart();
    qsizetype sink = 0;
    for (int i = 0; i < kRounds; ++i)
        sink += EventDecoder::firstInvalidUtf8(value);
    QCOMPARE(sink, -qsizetype(kRounds));
    qInfo("  of which UTF-8 validation: %.0f ns",
          static_cast<double>(timer.nsecsElapsed()) / kRounds);
}

QTEST_APPLESS_MAIN(TestEventDecoder)
#include "tst_eventdecoder.moc"
