// ResponseCache: the entry bound with least-recently-used eviction, the time to live on an
// injected clock, and keys that differ by model, task version and text.

#include "llm/responsecache.h"

#include <QTest>

using herder::llm::ResponseCache;
using herder::llm::TaskAnswer;
using herder::llm::TaskSpec;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

namespace {

const ResponseCache::Clock::time_point t0 = ResponseCache::Clock::time_point() + 1000s;

ResponseCache::Key key(const QString &text, const QString &model = QStringLiteral("m"),
                       quint64 version = 1)
{
    return {model, version, ResponseCache::digest(text)};
}

ResponseCache::Entry entry(const QString &label, double cost_usd = 0.001)
{
    return {TaskAnswer{label, 0.9}, cost_usd};
}

} // namespace

class TestResponseCache : public QObject
{
    Q_OBJECT

private slots:
    void hitReturnsWhatWasStored();
    void keysDifferByModelVersionAndText();
    void taskVersionFollowsWhatShapesTheAnswer();
    void boundEvictsLeastRecentlyUsed();
    void lookupRefreshesRecency();
    void ttlExpires();
    void insertRefreshesAge();
    void zeroDisables();
};

void TestResponseCache::hitReturnsWhatWasStored()
{
    ResponseCache cache(10, 3600s);
    QVERIFY(cache.enabled());
    QCOMPARE(cache.lookup(key(u"hello"_s), t0), nullptr);
    cache.insert(key(u"hello"_s), entry(u"positive"_s, 0.25), t0);
    const ResponseCache::Entry *hit = cache.lookup(key(u"hello"_s), t0 + 1s);
    QVERIFY(hit);
    QCOMPARE(hit->answer.label, u"positive"_s);
    QCOMPARE(hit->answer.score, 0.9);
    QCOMPARE(hit->cost_usd, 0.25);
    QCOMPARE(cache.size(), 1);
}

void TestResponseCache::keysDifferByModelVersionAndText()
{
    ResponseCache cache(10, 3600s);
    cache.insert(key(u"hello"_s, u"a"_s, 1), entry(u"positive"_s), t0);
    QVERIFY(cache.lookup(key(u"hello"_s, u"a"_s, 1), t0));
    QCOMPARE(cache.lookup(key(u"hello"_s, u"b"_s, 1), t0), nullptr);
    QCOMPARE(cache.lookup(key(u"hello"_s, u"a"_s, 2), t0), nullptr);
    QCOMPARE(cache.lookup(key(u"hello!"_s, u"a"_s, 1), t0), nullptr);
    QCOMPARE(cache.lookup(key(u"Hello"_s, u"a"_s, 1), t0), nullptr);
    QVERIFY(!(ResponseCache::digest(u"hello"_s) == ResponseCache::digest(u"hellp"_s)));
    QVERIFY(ResponseCache::digest(u"xin chào"_s) == ResponseCache::digest(u"xin chào"_s));
}

void TestResponseCache::taskVersionFollowsWhatShapesTheAnswer()
{
    const TaskSpec base = TaskSpec::builtInIntent();
    const quint64 v = ResponseCache::taskVersion(base);
    QCOMPARE(ResponseCache::taskVersion(TaskSpec::builtInIntent()), v);
    TaskSpec t = base;
    t.prompt += u" Be brief."_s;
    QVERIFY(ResponseCache::taskVersion(t) != v);
    t = base;
    t.labels.append(u"spam"_s);
    QVERIFY(ResponseCache::taskVersion(t) != v);
    t = base;
    t.max_tokens += 1;
    QVERIFY(ResponseCache::taskVersion(t) != v);
    t = base;
    t.temperature += 0.1;
    QVERIFY(ResponseCache::taskVersion(t) != v);
    t = base;
    ++t.prompt_version;
    QVERIFY(ResponseCache::taskVersion(t) != v);
    QVERIFY(ResponseCache::taskVersion(TaskSpec::builtInSentiment()) != v);
    // The model is its own part of the key, not of the version.
    t = base;
    t.model = u"other-model"_s;
    QCOMPARE(ResponseCache::taskVersion(t), v);
}

void TestResponseCache::boundEvictsLeastRecentlyUsed()
{
    ResponseCache cache(3, 3600s);
    for (int i = 0; i < 5; ++i)
        cache.insert(key(QString::number(i)), entry(QString::number(i)), t0);
    QCOMPARE(cache.size(), 3);
    QCOMPARE(cache.lookup(key(u"0"_s), t0), nullptr);
    QCOMPARE(cache.lookup(key(u"1"_s), t0), nullptr);
    for (const QString &kept : {u"2"_s, u"3"_s, u"4"_s}) {
        const ResponseCache::Entry *hit = cache.lookup(key(kept), t0);
        QVERIFY2(hit, qPrintable(kept));
        QCOMPARE(hit->answer.label, kept);
    }
}

void TestResponseCache::lookupRefreshesRecency()
{
    ResponseCache cache(3, 3600s);
    cache.insert(key(u"a"_s), entry(u"a"_s), t0);
    cache.insert(key(u"b"_s), entry(u"b"_s), t0);
    cache.insert(key(u"c"_s), entry(u"c"_s), t0);
    QVERIFY(cache.lookup(key(u"a"_s), t0)); // a is now the most recently used; b the least
    cache.insert(key(u"d"_s), entry(u"d"_s), t0);
    QVERIFY(cache.lookup(key(u"a"_s), t0));
    QCOMPARE(cache.lookup(key(u"b"_s), t0), nullptr);
    QVERIFY(cache.lookup(key(u"c"_s), t0));
    QVERIFY(cache.lookup(key(u"d"_s), t0));
    // Re-inserting an existing key refreshes it too: c is now the oldest after a and d.
    cache.insert(key(u"a"_s), entry(u"a2"_s), t0);
    cache.insert(key(u"d"_s), entry(u"d"_s), t0);
    cache.insert(key(u"e"_s), entry(u"e"_s), t0);
    QCOMPARE(cache.lookup(key(u"c"_s), t0), nullptr);
    QCOMPARE(cache.lookup(key(u"a"_s), t0)->answer.label, u"a2"_s);
    QCOMPARE(cache.size(), 3);
}

void TestResponseCache::ttlExpires()
{
    ResponseCache cache(10, 60s);
    cache.insert(key(u"x"_s), entry(u"x"_s), t0);
    QVERIFY(cache.lookup(key(u"x"_s), t0 + 59s));
    // A hit does not extend the life of what was paid 60 s ago.
    QCOMPARE(cache.lookup(key(u"x"_s), t0 + 60s), nullptr);
    QCOMPARE(cache.size(), 0);
}

void TestResponseCache::insertRefreshesAge()
{
    ResponseCache cache(10, 60s);
    cache.insert(key(u"x"_s), entry(u"old"_s), t0);
    cache.insert(key(u"x"_s), entry(u"new"_s), t0 + 50s);
    const ResponseCache::Entry *hit = cache.lookup(key(u"x"_s), t0 + 100s);
    QVERIFY(hit);
    QCOMPARE(hit->answer.label, u"new"_s);
    QCOMPARE(cache.lookup(key(u"x"_s), t0 + 110s), nullptr);
}

void TestResponseCache::zeroDisables()
{
    ResponseCache none(0, 3600s);
    QVERIFY(!none.enabled());
    none.insert(key(u"x"_s), entry(u"x"_s), t0);
    QCOMPARE(none.lookup(key(u"x"_s), t0), nullptr);
    QCOMPARE(none.size(), 0);

    ResponseCache noTtl(10, 0s);
    QVERIFY(!noTtl.enabled());
    noTtl.insert(key(u"x"_s), entry(u"x"_s), t0);
    QCOMPARE(noTtl.lookup(key(u"x"_s), t0), nullptr);
}

QTEST_APPLESS_MAIN(TestResponseCache)
#include "tst_responsecache.moc"
