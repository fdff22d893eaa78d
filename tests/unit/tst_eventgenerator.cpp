// EventGenerator: deterministic, valid JSON, the intended language and label mix.

#include "sim/eventgenerator.h"
#include "sim/oracle.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using herder::sim::EventGenerator;
using herder::sim::Oracle;

namespace {

constexpr int kSample = 1000;

bool hasVietnameseLetter(const QString &text)
{
    return std::any_of(text.begin(), text.end(),
                       [](QChar ch) { return ch.unicode() > 0x7f && ch.isLetter(); });
}

} // namespace

class TestEventGenerator : public QObject
{
    Q_OBJECT

private slots:
    void deterministicPerSeed()
    {
        EventGenerator a(42);
        EventGenerator b(42);
        EventGenerator c(43);
        int differences = 0;
        for (int i = 0; i < 200; ++i) {
            const auto ea = a.next();
            const auto eb = b.next();
            const auto ec = c.next();
            QCOMPARE(ea.key, eb.key);
            QCOMPARE(ea.value, eb.value);
            QCOMPARE(ea.text, eb.text);
            if (ea.text != ec.text)
                ++differences;
        }
        QVERIFY(differences > 100);
    }

    void validJson()
    {
        EventGenerator generator(7);
        const QSet<QString> channels{u"web"_s, u"app"_s, u"zalo"_s, u"email"_s, u"facebook"_s};
        qint64 previousTs = 0;
        QSet<QString> ids;
        for (int i = 1; i <= kSample; ++i) {
            const auto event = generator.next();
            QJsonParseError error;
            const QJsonObject value = QJsonDocument::fromJson(event.value, &error).object();
            QCOMPARE(error.error, QJsonParseError::NoError);
            QCOMPARE(value.value("id"_L1).toString(), u"evt-7-%1"_s.arg(i));
            QCOMPARE(event.id, value.value("id"_L1).toString());
            QCOMPARE(value.value("text"_L1).toString(), event.text);
            const QString user = value.value("user_id"_L1).toString();
            QVERIFY(user.startsWith(u'u'));
            QCOMPARE(event.key, user.toUtf8());
            QVERIFY(channels.contains(value.value("channel"_L1).toString()));
            const QString lang = value.value("lang"_L1).toString();
            QVERIFY(lang == "vi"_L1 || lang == "en"_L1);
            const qint64 ts = value.value("ts"_L1).toInteger();
            QVERIFY(ts > previousTs);
            previousTs = ts;
            ids.insert(event.id);
        }
        QCOMPARE(ids.size(), kSample);
    }

    void languageMixAndLengths()
    {
        EventGenerator generator(3);
        int vietnamese = 0;
        int accented = 0;
        qsizetype shortest = 1000;
        qsizetype longest = 0;
        for (int i = 0; i < kSample; ++i) {
            const auto event = generator.next();
            const QString lang =
                QJsonDocument::fromJson(event.value).object().value("lang"_L1).toString();
            if (lang == "vi"_L1) {
                ++vietnamese;
                if (hasVietnameseLetter(event.text))
                    ++accented;
            } else {
                QVERIFY2(!hasVietnameseLetter(event.text), qPrintable(event.text));
            }
            shortest = std::min(shortest, event.text.size());
            longest = std::max(longest, event.text.size());
        }
        qInfo("vi %d/%d, lengths %lld..%lld", vietnamese, kSample, qlonglong(shortest),
              qlonglong(longest));
        QVERIFY(vietnamese >= 550 && vietnamese <= 650);
        QCOMPARE(accented, vietnamese); // Vietnamese texts carry proper diacritics
        QVERIFY(shortest >= 20);
        QVERIFY(longest <= 400);
        QVERIFY(longest >= 150); // lengths actually vary
    }

    void labelMixThroughOracle()
    {
        EventGenerator generator(11);
        QHash<QString, int> intents;
        QHash<QString, int> sentiments;
        for (int i = 0; i < kSample; ++i) {
            const auto event = generator.next();
            ++intents[Oracle::intent(event.text)];
            ++sentiments[Oracle::sentiment(event.text)];
        }
        qInfo() << "intents" << intents << "sentiments" << sentiments;
        for (const QString &intent : Oracle::defaultCategories())
            QVERIFY2(intents.value(intent) >= 180, qPrintable(intent)); // 250 expected
        for (const QString &sentiment : Oracle::sentimentLabels())
            QVERIFY2(sentiments.value(sentiment) >= 250, qPrintable(sentiment)); // 333 expected
    }
};

QTEST_GUILESS_MAIN(TestEventGenerator)
#include "tst_eventgenerator.moc"
