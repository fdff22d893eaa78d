#include "pipeline/answersplitter.h"

#include <QTest>

#include <cmath>
#include <numeric>

using herder::llm::ChatCompletion;
using herder::llm::PricingTable;
using herder::llm::PromptKind;
using herder::llm::TaskSpec;
using herder::pipeline::AnswerSplitter;
using namespace Qt::StringLiterals;

namespace {

PricingTable prices()
{
    PricingTable table;
    table.set(u"m"_s, {2.0, 10.0});
    return table;
}

ChatCompletion completion(const QByteArray &content, qint64 prompt, qint64 completion_tokens)
{
    ChatCompletion c;
    c.content = content;
    c.usage.prompt_tokens = prompt;
    c.usage.completion_tokens = completion_tokens;
    return c;
}

// Test JSON with single quotes for readability (moc in Qt 6.4 trips over raw strings).
QByteArray json(const char *single_quoted)
{
    return QByteArray(single_quoted).replace('\'', '"');
}

qint64 sum(const QList<qint64> &values)
{
    return std::accumulate(values.begin(), values.end(), qint64(0));
}

} // namespace

class TestAnswerSplitter : public QObject
{
    Q_OBJECT

private slots:
    void sharesAreExactAndProportional();
    void sharesWithoutWeightsAreEqual();
    void singleAnswerGetsTheWholeCall();
    void invalidSingleAnswerStillPays();
    void combinedSplitsEvenlyBetweenTasks();
    void batchSplitsPerRecordAndSkipsTheBadOnes();
    void batchThatIsNotJsonAnswersNobody();
};

void TestAnswerSplitter::sharesAreExactAndProportional()
{
    QCOMPARE(AnswerSplitter::shares(10, {1, 1, 2}), (QList<qint64>{3, 2, 5}));
    QCOMPARE(AnswerSplitter::shares(100, {1, 3}), (QList<qint64>{25, 75}));
    // Remainders go to the largest fractional parts; ties to the earlier ones.
    QCOMPARE(AnswerSplitter::shares(7, {1, 1, 1}), (QList<qint64>{3, 2, 2}));
    QCOMPARE(AnswerSplitter::shares(5, {0, 1, 1}), (QList<qint64>{0, 3, 2}));
    // Negative weights count as nothing.
    QCOMPARE(AnswerSplitter::shares(4, {-9, 1}), (QList<qint64>{0, 4}));
    for (qint64 total : {0, 1, 17, 999, 123457}) {
        const QList<qint64> weights{403, 17, 0, 2560, 99, 1};
        const QList<qint64> shares = AnswerSplitter::shares(total, weights);
        QCOMPARE(shares.size(), weights.size());
        QCOMPARE(sum(shares), total);
        for (qsizetype i = 0; i < weights.size(); ++i) {
            const double exact = double(total) * double(weights[i]) / double(sum(weights));
            QVERIFY(std::abs(double(shares[i]) - exact) < 1.0);
        }
    }
}

void TestAnswerSplitter::sharesWithoutWeightsAreEqual()
{
    QCOMPARE(AnswerSplitter::shares(9, {0, 0, 0}), (QList<qint64>{3, 3, 3}));
    QCOMPARE(AnswerSplitter::shares(-4, {1, 1}), (QList<qint64>{0, 0}));
    QVERIFY(AnswerSplitter::shares(5, {}).isEmpty());
}

void TestAnswerSplitter::singleAnswerGetsTheWholeCall()
{
    const PricingTable table = prices();
    const AnswerSplitter splitter(PromptKind::Single, {TaskSpec::builtInSentiment()}, u"m"_s, 400,
                                  table);
    const auto parts = splitter.split(
        completion(json("{'label':'Positive','score':0.9}"), 120, 12), {u"great"}, 41.5);
    QCOMPARE(parts.size(), 1);
    QVERIFY(parts[0].answered);
    QCOMPARE(parts[0].results.size(), 1);
    const auto &r = parts[0].results[0];
    QVERIFY(r.done);
    QCOMPARE(r.answer.label, u"positive"_s);
    QCOMPARE(r.model, u"m"_s);
    QCOMPARE(r.latency_ms, 41.5);
    QCOMPARE(r.input_tokens, 120);
    QCOMPARE(r.output_tokens, 12);
    QCOMPARE(r.cost_usd, table.cost_usd(u"m"_s, 120, 12));
    QCOMPARE(parts[0].cost_usd, r.cost_usd);
}

void TestAnswerSplitter::invalidSingleAnswerStillPays()
{
    const PricingTable table = prices();
    const AnswerSplitter splitter(PromptKind::Single, {TaskSpec::builtInSentiment()}, u"m"_s, 400,
                                  table);
    const auto parts =
        splitter.split(completion(json("{'label':'mixed','score':0.9}"), 100, 10), {u"x"}, 1);
    QVERIFY(!parts[0].answered);
    QVERIFY2(parts[0].error.contains(u"mixed"_s), qPrintable(parts[0].error));
    QCOMPARE(parts[0].cost_usd, table.cost_usd(u"m"_s, 100, 10));
}

void TestAnswerSplitter::combinedSplitsEvenlyBetweenTasks()
{
    const PricingTable table = prices();
    const AnswerSplitter splitter(PromptKind::Combined,
                                  {TaskSpec::builtInSentiment(), TaskSpec::builtInIntent()},
                                  u"m"_s, 900, table);
    const QByteArray content = json("{'sentiment':{'label':'negative','score':0.8},"
                                    "'intent':{'label':'ho_tro','confidence':0.7}}");
    const auto parts = splitter.split(completion(content, 301, 25), {u"broken"}, 50);
    QVERIFY(parts[0].answered);
    QCOMPARE(parts[0].results.size(), 2);
    const auto &s = parts[0].results[0];
    const auto &i = parts[0].results[1];
    QCOMPARE(s.answer.label, u"negative"_s);
    QCOMPARE(i.answer.label, u"ho_tro"_s);
    QCOMPARE(i.answer.score, 0.7);
    QCOMPARE(s.model, u"m"_s);
    QCOMPARE(i.model, u"m"_s);
    QCOMPARE(s.input_tokens, 151); // the odd token goes to the first task
    QCOMPARE(i.input_tokens, 150);
    QCOMPARE(s.output_tokens, 13);
    QCOMPARE(i.output_tokens, 12);
    QVERIFY(std::abs(s.cost_usd + i.cost_usd - table.cost_usd(u"m"_s, 301, 25)) < 1e-15);
    QCOMPARE(parts[0].cost_usd, s.cost_usd + i.cost_usd);
}

void TestAnswerSplitter::batchSplitsPerRecordAndSkipsTheBadOnes()
{
    const PricingTable table = prices();
    const AnswerSplitter splitter(PromptKind::Batch,
                                  {TaskSpec::builtInSentiment(), TaskSpec::builtInIntent()},
                                  u"m"_s, 1000, table);
    // Record 2 has a label outside its set, record 4 is missing, record 9 was never asked.
    const QByteArray content = json("["
                                    "{'id':'1','sentiment':{'label':'positive','score':0.9},"
                                    " 'intent':{'label':'khac','confidence':0.6}},"
                                    "{'id':'2','sentiment':{'label':'angry','score':0.9},"
                                    " 'intent':{'label':'khac','confidence':0.6}},"
                                    "{'id':'3','sentiment':{'label':'neutral','score':0.5},"
                                    " 'intent':{'label':'mua_hang','confidence':0.8}},"
                                    "{'id':'9','sentiment':{'label':'neutral','score':0.5},"
                                    " 'intent':{'label':'khac','confidence':0.5}}]");
    const QString long_text(300, u'a');
    const QList<QStringView> texts{u"short", long_text, u"mid text here", u"x"};
    const auto parts = splitter.split(completion(content, 1000, 80), texts, 60);
    QCOMPARE(parts.size(), 4);
    QVERIFY(parts[0].answered);
    QVERIFY(!parts[1].answered);
    QVERIFY(parts[2].answered);
    QVERIFY(!parts[3].answered);
    QCOMPARE(parts[3].error, u"missing or invalid in the batch answer"_s);
    QCOMPARE(parts[0].results[1].answer.label, u"khac"_s);
    QCOMPARE(parts[2].results[0].answer.label, u"neutral"_s);

    // Prompt shares follow the texts (plus an equal part of the instructions); completion
    // shares are equal; nothing is lost or made up.
    const double weights[] = {4 * 5 + 1000, 4 * 300 + 1000, 4 * 13 + 1000, 4 * 1 + 1000};
    const double weight_sum = weights[0] + weights[1] + weights[2] + weights[3];
    const qint64 first_input = parts[0].results[0].input_tokens + parts[0].results[1].input_tokens;
    QVERIFY(std::abs(double(first_input) - 1000 * weights[0] / weight_sum) < 1.0);
    QCOMPARE(parts[0].results[0].output_tokens + parts[0].results[1].output_tokens, 20);
    double cost = 0;
    for (const auto &p : parts)
        cost += p.cost_usd;
    QVERIFY(std::abs(cost - table.cost_usd(u"m"_s, 1000, 80)) < 1e-15);
    // The unanswered records' cost is theirs alone.
    const double answered_cost = parts[0].cost_usd + parts[2].cost_usd;
    QVERIFY(parts[1].cost_usd > parts[3].cost_usd); // the long text pays more
    QVERIFY(answered_cost < cost);
}

void TestAnswerSplitter::batchThatIsNotJsonAnswersNobody()
{
    const PricingTable table = prices();
    const AnswerSplitter splitter(PromptKind::Batch, {TaskSpec::builtInSentiment()}, u"m"_s, 500,
                                  table);
    const auto parts = splitter.split(completion(json("[{'id':'1','label':'pos"), 300, 9),
                                      {u"a", u"b", u"c"}, 10);
    QCOMPARE(parts.size(), 3);
    double cost = 0;
    for (const auto &p : parts) {
        QVERIFY(!p.answered);
        QVERIFY2(p.error.startsWith(u"batch answer: "_s), qPrintable(p.error));
        cost += p.cost_usd;
    }
    QVERIFY(std::abs(cost - table.cost_usd(u"m"_s, 300, 9)) < 1e-15);
}

QTEST_APPLESS_MAIN(TestAnswerSplitter)
#include "tst_answersplitter.moc"
