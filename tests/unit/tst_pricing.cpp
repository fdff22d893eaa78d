#include "llm/pricing.h"

#include <QTest>

using namespace herder::llm;
using namespace Qt::StringLiterals;

class TestPricing : public QObject
{
    Q_OBJECT

private slots:
    void builtInHasSeedModels()
    {
        const PricingTable table = PricingTable::builtIn();
        const QStringList models = table.models();
        for (const QString &model : {u"deepseek-v3.2"_s, u"gemini-2.5-flash"_s, u"gpt-4.1"_s,
                                     u"claude-sonnet-4.5"_s, u"gpt-4o-mini"_s})
            QVERIFY2(models.contains(model), qPrintable(model));
        QCOMPARE(models.size(), 5);
        QCOMPARE(table.price(u"deepseek-v3.2"_s)->input_usd_per_mtok, 0.42);
        QCOMPARE(table.price(u"gemini-2.5-flash"_s)->output_usd_per_mtok, 2.50);
        QCOMPARE(table.price(u"gpt-4o-mini"_s)->input_usd_per_mtok, 0.15);
        QCOMPARE(table.price(u"gpt-4o-mini"_s)->output_usd_per_mtok, 0.60);
    }

    void builtInFileIsWellFormed()
    {
        QFile file(u":/herder/pricing.json"_s);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QString error;
        const PricingTable table = PricingTable::fromJson(file.readAll(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(table.models(), PricingTable::builtIn().models());
    }

    void costArithmeticIsExact()
    {
        const PricingTable table = PricingTable::builtIn();
        // Exact double equality on purpose: QCOMPARE on doubles would be fuzzy.
        QVERIFY(table.cost_usd(u"deepseek-v3.2"_s, 1'000'000, 0) == 0.42);
        QVERIFY(table.cost_usd(u"deepseek-v3.2"_s, 0, 1'000'000) == 0.42);
        QVERIFY(table.cost_usd(u"gpt-4.1"_s, 1'000'000, 1'000'000) == 16.0);
        QVERIFY(table.cost_usd(u"claude-sonnet-4.5"_s, 2'000'000, 0) == 30.0);
        QVERIFY(table.cost_usd(u"gpt-4o-mini"_s, 1'000'000, 1'000'000) == 0.15 + 0.60);
        QVERIFY(table.cost_usd(u"gemini-2.5-flash"_s, 0, 0) == 0.0);
        // One short call: 100 in, 20 out on deepseek at 0.42/Mtok.
        QCOMPARE(table.cost_usd(u"deepseek-v3.2"_s, 100, 20), 120 * 0.42 / 1e6);
    }

    void unknownModelCostsNothing()
    {
        const PricingTable table = PricingTable::builtIn();
        QVERIFY(!table.price(u"no-such-model"_s));
        QCOMPARE(table.cost_usd(u"no-such-model"_s, 1'000'000, 1'000'000), 0.0);
        QCOMPARE(PricingTable().cost_usd(u"deepseek-v3.2"_s, 1'000'000, 0), 0.0);
    }

    void lookupFoldsCaseAndVendorPrefix()
    {
        const PricingTable table = PricingTable::builtIn();
        QVERIFY(table.price(u"openai/gpt-4o-mini"_s));
        QCOMPARE(table.price(u"GPT-4o-Mini"_s)->output_usd_per_mtok, 0.60);
        QVERIFY(!table.price(u"gpt-4o"_s)); // no prefix guessing: gpt-4o is not gpt-4o-mini
    }

    void setOverrides()
    {
        PricingTable table = PricingTable::builtIn();
        table.set(u"deepseek-v3.2"_s, ModelPrice{0.28, 0.42});
        table.set(u"local-llama"_s, ModelPrice{0, 0});
        QCOMPARE(table.cost_usd(u"deepseek-v3.2"_s, 1'000'000, 1'000'000), 0.70);
        QVERIFY(table.price(u"local-llama"_s));
        QCOMPARE(table.models().size(), 6);
        // The built-in copy is unaffected.
        QCOMPARE(PricingTable::builtIn().price(u"deepseek-v3.2"_s)->input_usd_per_mtok, 0.42);
    }

    void fromJsonParses()
    {
        QString error = u"stale"_s;
        const PricingTable table = PricingTable::fromJson(
            R"({"models": {"m1": {"input": 1, "output": 2.5}, "m2": {"input": 0, "output": 0}}})",
            &error);
        QVERIFY(error.isEmpty());
        QCOMPARE(table.models(), (QStringList{u"m1"_s, u"m2"_s}));
        QCOMPARE(table.cost_usd(u"m1"_s, 1'000'000, 2'000'000), 6.0);
    }

    void fromJsonReportsErrors_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        QTest::newRow("garbage") << QByteArray("{models: nope") << u"not JSON"_s;
        QTest::newRow("empty") << QByteArray() << u"not JSON"_s;
        QTest::newRow("array") << QByteArray("[1,2]") << u"not a JSON object"_s;
        QTest::newRow("no models") << QByteArray(R"({"currency":"USD"})") << u"models"_s;
        QTest::newRow("string price")
            << QByteArray(R"({"models":{"m":{"input":"0.4","output":1}}})") << u"'m'"_s;
        QTest::newRow("negative")
            << QByteArray(R"({"models":{"m":{"input":1,"output":-1}}})") << u"'m'"_s;
        QTest::newRow("missing output") << QByteArray(R"({"models":{"m":{"input":1}}})")
                                        << u"'m'"_s;
    }

    void fromJsonReportsErrors()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        QString error;
        const PricingTable table = PricingTable::fromJson(json, &error);
        QVERIFY(table.isEmpty());
        QVERIFY2(error.contains(expected), qPrintable(error));
        // A null error pointer is allowed.
        QVERIFY(PricingTable::fromJson(json, nullptr).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestPricing)
#include "tst_pricing.moc"
