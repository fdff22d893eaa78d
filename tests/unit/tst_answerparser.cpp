#include "llm/answerparser.h"

#include <QTest>

using namespace herder::llm;
using namespace Qt::StringLiterals;

class TestAnswerParser : public QObject
{
    Q_OBJECT

private:
    const TaskSpec m_sentiment = TaskSpec::builtInSentiment();
    const TaskSpec m_intent = TaskSpec::builtInIntent();

private slots:
    void singleAccepts_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("label");
        QTest::addColumn<double>("score");
        QTest::newRow("plain") << QByteArray(R"({"label": "positive", "score": 0.9})")
                               << u"positive"_s << 0.9;
        QTest::newRow("whitespace") << QByteArray("\n\t {\"label\":\"neutral\",\"score\":0} \n")
                                    << u"neutral"_s << 0.0;
        QTest::newRow("fence") << QByteArray("```json\n{\"label\": \"negative\", \"score\": 1}\n```")
                               << u"negative"_s << 1.0;
        QTest::newRow("bare fence") << QByteArray("```\n{\"label\": \"negative\", \"score\": 0.5}\n```")
                                    << u"negative"_s << 0.5;
        QTest::newRow("prose prefix")
            << QByteArray("Here is the classification:\n{\"label\": \"positive\", \"score\": 0.7}")
            << u"positive"_s << 0.7;
        QTest::newRow("prose and fence")
            << QByteArray("Sure!\n```json\n{\"label\": \"positive\", \"score\": 0.7}\n```\nDone.")
            << u"positive"_s << 0.7;
        QTest::newRow("think") << QByteArray("<think>{maybe} neutral?</think>\n{\"label\": "
                                             "\"neutral\", \"score\": 0.6}")
                               << u"neutral"_s << 0.6;
        QTest::newRow("upper case") << QByteArray(R"({"label": "POSITIVE", "score": 0.8})")
                                    << u"positive"_s << 0.8;
        QTest::newRow("mixed case padded") << QByteArray(R"({"label": " Negative ", "score": 0.8})")
                                           << u"negative"_s << 0.8;
        QTest::newRow("string score") << QByteArray(R"({"label": "neutral", "score": "0.55"})")
                                      << u"neutral"_s << 0.55;
        QTest::newRow("confidence for score")
            << QByteArray(R"({"label": "neutral", "confidence": 0.4})") << u"neutral"_s << 0.4;
        QTest::newRow("extra members")
            << QByteArray(R"({"label": "positive", "score": 0.9, "reason": "praise"})")
            << u"positive"_s << 0.9;
        QTest::newRow("unicode")
            << QByteArray("Kết quả: {\"label\": \"positive\", \"score\": 0.9}") << u"positive"_s
            << 0.9;
    }

    void singleAccepts()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, label);
        QFETCH(double, score);
        QString error;
        const std::optional<TaskAnswer> answer = AnswerParser::single(content, m_sentiment, &error);
        QVERIFY2(answer, qPrintable(error));
        QCOMPARE(answer->label, label);
        QCOMPARE(answer->score, score);
    }

    void intentScoreKey()
    {
        QString error;
        auto answer = AnswerParser::single(R"({"label": "Mua_Hang", "confidence": 0.85})",
                                           m_intent, &error);
        QVERIFY2(answer, qPrintable(error));
        QCOMPARE(answer->label, u"mua_hang"_s);
        QCOMPARE(answer->score, 0.85);
        // "score" is accepted for a "confidence" task too.
        answer = AnswerParser::single(R"({"label": "khac", "score": 0.2})", m_intent, &error);
        QVERIFY2(answer, qPrintable(error));
        QCOMPARE(answer->score, 0.2);
        QVERIFY(!AnswerParser::single(R"({"label": "khac"})", m_intent, &error));
        QCOMPARE(error, u"missing confidence"_s);
    }

    void singleRejects_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("error");
        QTest::newRow("empty") << QByteArray() << u"not JSON"_s;
        QTest::newRow("prose") << QByteArray("I think it is positive.") << u"not JSON"_s;
        QTest::newRow("broken") << QByteArray(R"({"label": "positive", "score": )") << u"not JSON"_s;
        QTest::newRow("truncated") << QByteArray("{\"label\": \"positive\", \"sc") << u"not JSON"_s;
        QTest::newRow("out of set") << QByteArray(R"({"label": "mixed", "score": 0.5})")
                                    << u"label 'mixed' not allowed"_s;
        QTest::newRow("missing label") << QByteArray(R"({"score": 0.5})") << u"missing label"_s;
        QTest::newRow("number label") << QByteArray(R"({"label": 1, "score": 0.5})")
                                      << u"label is not a string"_s;
        QTest::newRow("missing score") << QByteArray(R"({"label": "positive"})")
                                       << u"missing score"_s;
        QTest::newRow("null score") << QByteArray(R"({"label": "positive", "score": null})")
                                    << u"missing score"_s;
        QTest::newRow("score too big") << QByteArray(R"({"label": "positive", "score": 85})")
                                       << u"score 85 out of range"_s;
        QTest::newRow("negative score") << QByteArray(R"({"label": "positive", "score": -0.1})")
                                        << u"score -0.1 out of range"_s;
        QTest::newRow("word score") << QByteArray(R"({"label": "positive", "score": "high"})")
                                    << u"score is not a number"_s;
        QTest::newRow("nan score") << QByteArray(R"({"label": "positive", "score": "nan"})")
                                   << u"score nan out of range"_s;
        QTest::newRow("bool score") << QByteArray(R"({"label": "positive", "score": true})")
                                    << u"score is not a number"_s;
    }

    void singleRejects()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, error);
        QString actual;
        QVERIFY(!AnswerParser::single(content, m_sentiment, &actual));
        QCOMPARE(actual, error);
        QVERIFY(!AnswerParser::single(content, m_sentiment, nullptr)); // null error is fine
    }

    void longLabelIsQuotedShort()
    {
        QString error;
        const QByteArray content =
            "{\"label\": \"" + QByteArray(500, 'x') + "\nmore\", \"score\": 0.5}";
        QVERIFY(!AnswerParser::single(content, m_sentiment, &error));
        QVERIFY(error.size() < 80);
        QVERIFY(!error.contains(u'\n'));
    }

    void combined()
    {
        QString error;
        const QList<TaskSpec> tasks{m_sentiment, m_intent};
        const auto answers = AnswerParser::combined(
            "```json\n{\"sentiment\": {\"label\": \"Negative\", \"score\": 0.9}, \"intent\": "
            "{\"label\": \"ho_tro\", \"confidence\": \"0.75\"}}\n```",
            tasks, &error);
        QVERIFY2(answers, qPrintable(error));
        QCOMPARE(answers->size(), 2);
        QCOMPARE(answers->value(u"sentiment"_s).label, u"negative"_s);
        QCOMPARE(answers->value(u"sentiment"_s).score, 0.9);
        QCOMPARE(answers->value(u"intent"_s).label, u"ho_tro"_s);
        QCOMPARE(answers->value(u"intent"_s).score, 0.75);

        // Task names are matched case-insensitively.
        QVERIFY(AnswerParser::combined(R"({"Sentiment": {"label": "neutral", "score": 0.5},
                                           "INTENT": {"label": "khac", "confidence": 0.5}})",
                                       tasks, &error));
    }

    void combinedRejects_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("error");
        QTest::newRow("task missing")
            << QByteArray(R"({"sentiment": {"label": "positive", "score": 0.9}})")
            << u"missing task 'intent'"_s;
        QTest::newRow("task invalid")
            << QByteArray(R"({"sentiment": {"label": "positive", "score": 0.9},
                             "intent": {"label": "buy", "confidence": 0.9}})")
            << u"intent: label 'buy' not allowed"_s;
        QTest::newRow("task missing score")
            << QByteArray(R"({"sentiment": {"label": "positive"},
                             "intent": {"label": "khac", "confidence": 0.9}})")
            << u"sentiment: missing score"_s;
        QTest::newRow("task not object")
            << QByteArray(R"({"sentiment": "positive", "intent": {"label": "khac", "confidence": 1}})")
            << u"task 'sentiment' is not an object"_s;
        QTest::newRow("flat answer") << QByteArray(R"({"label": "positive", "score": 0.9})")
                                     << u"missing task 'sentiment'"_s;
        QTest::newRow("not json") << QByteArray("positive, mua_hang") << u"not JSON"_s;
    }

    void combinedRejects()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, error);
        QString actual;
        QVERIFY(!AnswerParser::combined(content, {m_sentiment, m_intent}, &actual));
        QCOMPARE(actual, error);
    }

    void batchSingleTask()
    {
        QString error;
        const auto answers = AnswerParser::batch(
            R"(```json
[{"id": "a1", "label": "positive", "score": 0.9},
 {"id": "a2", "label": "furious", "score": 0.9},
 {"id": "a3", "label": "negative", "score": 2},
 {"label": "neutral", "score": 0.5},
 "junk",
 {"id": "a5", "label": "NEUTRAL", "score": "0.4"},
 {"id": "a1", "label": "negative", "score": 0.1},
 {"id": 6, "label": "neutral", "score": 0.3}]
```)",
            {m_sentiment}, &error);
        QVERIFY2(answers, qPrintable(error));
        QCOMPARE(answers->size(), 3);
        QCOMPARE(answers->value(u"a1"_s).value(u"sentiment"_s).label, u"positive"_s); // first wins
        QCOMPARE(answers->value(u"a5"_s).value(u"sentiment"_s).label, u"neutral"_s);
        QCOMPARE(answers->value(u"a5"_s).value(u"sentiment"_s).score, 0.4);
        QVERIFY(answers->contains(u"6"_s));
        QVERIFY(!answers->contains(u"a2"_s)); // invalid label
        QVERIFY(!answers->contains(u"a3"_s)); // invalid score
        QVERIFY(!answers->contains(u"a4"_s)); // missing id
    }

    void batchSeveralTasks()
    {
        QString error;
        const auto answers = AnswerParser::batch(
            R"([{"id": "a1", "sentiment": {"label": "positive", "score": 0.9},
                            "intent": {"label": "mua_hang", "confidence": 0.8}},
                {"id": "a2", "sentiment": {"label": "positive", "score": 0.9}},
                {"id": "a3", "sentiment": {"label": "negative", "score": 0.9},
                            "intent": {"label": "spam", "confidence": 0.8}}])",
            {m_sentiment, m_intent}, &error);
        QVERIFY2(answers, qPrintable(error));
        QCOMPARE(answers->size(), 1);
        const QHash<QString, TaskAnswer> a1 = answers->value(u"a1"_s);
        QCOMPARE(a1.size(), 2);
        QCOMPARE(a1.value(u"sentiment"_s).label, u"positive"_s);
        QCOMPARE(a1.value(u"intent"_s).label, u"mua_hang"_s);
        QCOMPARE(a1.value(u"intent"_s).score, 0.8);
    }

    void batchShapes()
    {
        QString error;
        // Wrapped in an object (JSON mode forces objects on some providers).
        auto answers = AnswerParser::batch(
            R"({"results": [{"id": "a1", "label": "positive", "score": 0.9}]})", {m_sentiment},
            &error);
        QVERIFY2(answers, qPrintable(error));
        QCOMPARE(answers->size(), 1);
        // A lone record for a batch of one.
        answers = AnswerParser::batch(R"({"id": "z", "label": "neutral", "score": 0.1})",
                                      {m_sentiment}, &error);
        QVERIFY2(answers, qPrintable(error));
        QVERIFY(answers->contains(u"z"_s));
        // Numeric ids name records when exact; a huge one (found by fuzz_answerparser) names
        // none and must not overflow on the way.
        answers = AnswerParser::batch(
            R"([{"id": 7, "label": "neutral", "score": 0.1},
                {"id": 5555555555555555555555555555555555555555555555.9, "label": "positive",
                 "score": 0.9},
                {"id": 1e300, "label": "positive", "score": 0.9}])",
            {m_sentiment}, &error);
        QVERIFY2(answers, qPrintable(error));
        QCOMPARE(answers->keys(), QList<QString>{u"7"_s});
        // An empty or all-invalid array is a valid, empty answer.
        answers = AnswerParser::batch("[]", {m_sentiment}, &error);
        QVERIFY(answers && answers->isEmpty());

        QVERIFY(!AnswerParser::batch("no idea", {m_sentiment}, &error));
        QCOMPARE(error, u"not JSON"_s);
        QVERIFY(!AnswerParser::batch("[{\"id\": \"a1\", ", {m_sentiment}, &error));
        QCOMPARE(error, u"not JSON"_s);
        QVERIFY(!AnswerParser::batch(R"({"label": "positive", "score": 0.9})", {m_sentiment},
                                     &error));
        QCOMPARE(error, u"not an array"_s);
    }

    void completionWithUsage()
    {
        // Not a raw string: moc mis-lexes \" inside raw strings.
        const QByteArray body =
            "{\"id\": \"chatcmpl-1\", \"object\": \"chat.completion\", \"created\": 1700000000, "
            "\"model\": \"deepseek-v3.2\", \"choices\": [{\"index\": 0, \"finish_reason\": \"stop\", "
            "\"message\": {\"role\": \"assistant\", "
            "\"content\": \"{\\\"label\\\": \\\"positive\\\", \\\"score\\\": 0.9}\"}}], "
            "\"usage\": {\"prompt_tokens\": 123, \"completion_tokens\": 17, \"total_tokens\": 140}}";
        QString error;
        const auto completion = AnswerParser::completion(body, 999, &error);
        QVERIFY2(completion, qPrintable(error));
        QCOMPARE(completion->content, QByteArray(R"({"label": "positive", "score": 0.9})"));
        QCOMPARE(completion->model, u"deepseek-v3.2"_s);
        QCOMPARE(completion->usage.prompt_tokens, 123);
        QCOMPARE(completion->usage.completion_tokens, 17);
        QVERIFY(!completion->usage.estimated);
        QVERIFY(AnswerParser::single(completion->content, m_sentiment, &error));
    }

    void completionWithoutUsage()
    {
        const QByteArray body = R"({"object": "chat.completion", "model": "m",
            "choices": [{"message": {"role": "assistant", "content": "Tốt: {}"}}]})";
        QString error;
        const auto completion = AnswerParser::completion(body, 401, &error);
        QVERIFY2(completion, qPrintable(error));
        QCOMPARE(completion->content, u"Tốt: {}"_s.toUtf8()); // 9 bytes
        QVERIFY(completion->usage.estimated);
        QCOMPARE(completion->usage.prompt_tokens, 101);     // ceil(401 / 4)
        QCOMPARE(completion->usage.completion_tokens, 3);   // ceil(9 / 4)

        const auto nullUsage = AnswerParser::completion(
            R"({"choices": [{"message": {"content": "abcd"}}], "usage": null})", 8, &error);
        QVERIFY2(nullUsage, qPrintable(error));
        QVERIFY(nullUsage->usage.estimated);
        QCOMPARE(nullUsage->usage.prompt_tokens, 2);
        QCOMPARE(nullUsage->usage.completion_tokens, 1);

        // Found by fuzz_answerparser: a count past qint64 was converted (undefined behaviour).
        const auto hugeUsage = AnswerParser::completion(
            R"({"choices": [{"message": {"content": "abcd"}}],
                "usage": {"prompt_tokens": 7.7e61, "completion_tokens": 5}})", 8, &error);
        const auto billionUsage = AnswerParser::completion(
            R"({"choices": [{"message": {"content": "abcd"}}],
                "usage": {"prompt_tokens": 1000000000, "completion_tokens": 1000000001}})", 8,
            &error);
        QVERIFY2(billionUsage, qPrintable(error));
        QCOMPARE(billionUsage->usage.prompt_tokens, 1000000000);
        QCOMPARE(billionUsage->usage.completion_tokens, 1);
        QVERIFY2(hugeUsage, qPrintable(error));
        QVERIFY(hugeUsage->usage.estimated);
        QCOMPARE(hugeUsage->usage.prompt_tokens, 2);
        QCOMPARE(hugeUsage->usage.completion_tokens, 5);
    }

    void completionRejects_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("error");
        QTest::newRow("vllm error")
            << QByteArray(R"({"object": "error", "message": "The model `x` does not exist.",
                             "type": "NotFoundError", "param": null, "code": 404})")
            << u"error body: The model `x` does not exist."_s;
        QTest::newRow("openai error")
            << QByteArray(R"({"error": {"message": "Rate limit reached", "type": "requests",
                             "code": "rate_limit_exceeded"}})")
            << u"error body: Rate limit reached"_s;
        QTest::newRow("garbage") << QByteArray("<html>502</html>") << u"not JSON"_s;
        QTest::newRow("empty") << QByteArray() << u"not JSON"_s;
        QTest::newRow("no choices") << QByteArray(R"({"object": "chat.completion", "choices": []})")
                                    << u"no choices"_s;
        QTest::newRow("null content")
            << QByteArray(R"({"choices": [{"message": {"content": null}}]})") << u"no content"_s;
        QTest::newRow("refusal")
            << QByteArray(R"({"choices": [{"message": {"content": null, "refusal": "No."}}]})")
            << u"refused: No."_s;
    }

    void completionRejects()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, error);
        QString actual;
        QVERIFY(!AnswerParser::completion(body, 100, &actual));
        QCOMPARE(actual, error);
    }
};

QTEST_GUILESS_MAIN(TestAnswerParser)
#include "tst_answerparser.moc"
