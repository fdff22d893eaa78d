// OptionParser, the command-line conventions the four executables share: a bad or out-of-range
// value names its flag and ends with exit code 2, unknown options and stray arguments are
// usage errors, --help ends with the exit codes and --version answers with exit code 0.

#include "optionparser.h"

#include <QTest>

#include <limits>

using namespace Qt::StringLiterals;
using herder::app::OptionParser;

namespace {

struct Range
{
    int min;
    int max;
};

// "tst", with two exit codes and the options given.
struct TstParser : OptionParser
{
    explicit TstParser(const QList<QCommandLineOption> &options)
        : OptionParser(u"tst"_s, u"A test program."_s, {{0, "ok"}, {2, "bad usage"}})
    {
        addOptions(options);
    }
};

} // namespace

class TestOptionParser : public QObject
{
    Q_OBJECT

private slots:
    void integerNamesTheFlag_data();
    void integerNamesTheFlag();
    void integerInRange();
    void numberRange_data();
    void numberRange();
    void unsetOptionLeavesTheTarget();
    void usageErrors_data();
    void usageErrors();
    void helpEndsWithTheExitCodes();
    void versionAndHelpExitZero();
    void failPrintsAndExitsTwo();
};

void TestOptionParser::integerNamesTheFlag_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("not a number") << u"abc"_s;
    QTest::newRow("below") << u"0"_s;
    QTest::newRow("above") << u"11"_s;
    QTest::newRow("fraction") << u"2.5"_s;
    QTest::newRow("empty") << QString();
}

void TestOptionParser::integerNamesTheFlag()
{
    QFETCH(QString, text);
    const QCommandLineOption count = OptionParser::valueOption("count", "How many.", "N");
    TstParser p({count});
    QVERIFY(!p.parse({u"tst"_s, u"--count"_s, text}));
    int target = 7;
    QVERIFY(!p.readInt(count, 1, 10, target));
    QCOMPARE(target, 7);
    QCOMPARE(p.errorText(), u"--count: '%1' is not a whole number from 1 to 10"_s.arg(text));
}

void TestOptionParser::integerInRange()
{
    const QCommandLineOption count = OptionParser::valueOption("count", "How many.", "N");
    TstParser p({count});
    QVERIFY(!p.parse({u"tst"_s, u"--count= 10 "_s}));
    int target = 0;
    QVERIFY2(p.readInt(count, Range{1, 10}, target), qPrintable(p.errorText()));
    QCOMPARE(target, 10);
}

void TestOptionParser::numberRange_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("min") << u"0"_s << true;
    QTest::newRow("max") << u"1"_s << true;
    QTest::newRow("inside") << u"0.25"_s << true;
    QTest::newRow("below") << u"-0.01"_s << false;
    QTest::newRow("above") << u"1.5"_s << false;
    QTest::newRow("nan") << u"nan"_s << false;
    QTest::newRow("word") << u"half"_s << false;
}

void TestOptionParser::numberRange()
{
    QFETCH(QString, text);
    QFETCH(bool, accepted);
    const QCommandLineOption share = OptionParser::valueOption("share", "A share.", "0..1");
    TstParser p({share});
    QVERIFY(!p.parse({u"tst"_s, u"--share"_s, text}));
    double target = -1;
    QCOMPARE(p.readNumber(share, 0, 1, target), accepted);
    if (accepted) {
        QCOMPARE(target, text.toDouble());
    } else {
        QCOMPARE(target, -1.0);
        QCOMPARE(p.errorText(), u"--share: '%1' is not a number from 0 to 1"_s.arg(text));
    }
}

void TestOptionParser::unsetOptionLeavesTheTarget()
{
    const QCommandLineOption count = OptionParser::valueOption("count", "How many.", "N");
    TstParser p({count});
    QVERIFY(!p.parse({u"tst"_s}));
    int target = 42;
    QVERIFY(p.readInt(count, 1, 10, target));
    QCOMPARE(target, 42);
    QVERIFY(p.errorText().isEmpty());
}

void TestOptionParser::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("error");
    QTest::newRow("unknown option")
        << QStringList{u"--frobnicate"_s} << u"usage: Unknown option 'frobnicate'."_s;
    QTest::newRow("missing value")
        << QStringList{u"--count"_s} << u"usage: Missing value after '--count'."_s;
    QTest::newRow("stray argument")
        << QStringList{u"extra"_s} << u"usage: unexpected argument 'extra'"_s;
}

void TestOptionParser::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, error);
    TstParser p({OptionParser::valueOption("count", "How many.", "N")});
    const auto exit = p.parse(QStringList{u"tst"_s} + args);
    QVERIFY(exit);
    QCOMPARE(exit->code, 2);
    QCOMPARE(p.errorText(), error);
}

void TestOptionParser::helpEndsWithTheExitCodes()
{
    TstParser p({OptionParser::valueOption("count", "How many.", "N")});
    const QString help = p.helpText();
    QVERIFY2(help.startsWith(u"Usage: "_s), qPrintable(help));
    QVERIFY2(help.contains(u"A test program."_s), qPrintable(help));
    QVERIFY2(help.contains(u"--count <N>"_s), qPrintable(help));
    QVERIFY2(help.contains(u"-h, --help"_s) && help.contains(u"-v, --version"_s), qPrintable(help));
    QVERIFY2(help.endsWith(u"\n\nExit codes:\n  0  ok\n  2  bad usage\n"_s), qPrintable(help));
}

void TestOptionParser::versionAndHelpExitZero()
{
    for (const QString &flag : {u"--version"_s, u"-v"_s, u"--help"_s}) {
        TstParser p({});
        const auto exit = p.parse({u"tst"_s, flag, u"stray"_s});
        QVERIFY2(exit, qPrintable(flag));
        QCOMPARE(exit->code, 0);
        QVERIFY(p.errorText().isEmpty());
    }
}

void TestOptionParser::failPrintsAndExitsTwo()
{
    const QCommandLineOption count = OptionParser::valueOption("count", "How many.", "N");
    TstParser p({count});
    QVERIFY(!p.parse({u"tst"_s, u"--count"_s, u"x"_s}));
    int target = 0;
    QVERIFY(!p.readInt(count, 1, std::numeric_limits<int>::max(), target));
    QCOMPARE(p.failed().code, OptionParser::kUsageExitCode);
    QCOMPARE(OptionParser::kUsageExitCode, 2);
    QCOMPARE(p.fail(u"--count: too many"_s).code, 2);
    QCOMPARE(p.errorText(), u"--count: too many"_s);
}

QTEST_GUILESS_MAIN(TestOptionParser)
#include "tst_optionparser.moc"
