#include "pipeline/offsettracker.h"

#include <QElapsedTimer>
#include <QTest>

#include <algorithm>
#include <map>
#include <random>
#include <vector>

using herder::pipeline::OffsetTracker;

// Readable QCOMPARE failures for committable().
template<>
char *QTest::toString(const std::optional<qint64> &value)
{
    return value ? QTest::toString(*value) : qstrdup("nullopt");
}
template<>
char *QTest::toString(const std::nullopt_t &)
{
    return qstrdup("nullopt");
}

namespace {

/// The obviously-correct model: every begun offset and whether it is done.
struct ReferenceModel
{
    std::map<qint64, bool> offsets;
    qint64 last_begun = -1;

    std::optional<qint64> next() const
    {
        if (last_begun < 0)
            return std::nullopt;
        for (const auto &[offset, done] : offsets) {
            if (!done)
                return offset;
        }
        return last_begun + 1;
    }
    int pending() const
    {
        return static_cast<int>(std::count_if(offsets.cbegin(), offsets.cend(),
                                              [](const auto &entry) { return !entry.second; }));
    }
};

} // namespace

class TestOffsetTracker : public QObject
{
    Q_OBJECT

private slots:
    void startsEmpty();
    void inOrder();
    void outOfOrder();
    void gaps();
    void rejectsDuplicatesAndUnknowns();
    void commitMarking();
    void growsBeyondInitialCapacity();
    void randomizedAgainstReference_data();
    void randomizedAgainstReference();
    void timing();
};

void TestOffsetTracker::startsEmpty()
{
    OffsetTracker tracker;
    QCOMPARE(tracker.committable(), std::nullopt);
    QCOMPARE(tracker.committed(), -1);
    QCOMPARE(tracker.pending(), 0);
    QVERIFY(!tracker.done(0));
}

void TestOffsetTracker::inOrder()
{
    OffsetTracker tracker;
    for (qint64 offset = 0; offset < 10; ++offset)
        QVERIFY(tracker.begin(offset));
    QCOMPARE(tracker.pending(), 10);
    QCOMPARE(tracker.committable(), 0);
    for (qint64 offset = 0; offset < 10; ++offset) {
        QVERIFY(tracker.done(offset));
        QCOMPARE(tracker.committable(), offset + 1);
        QCOMPARE(tracker.pending(), 9 - offset);
    }
}

void TestOffsetTracker::outOfOrder()
{
    OffsetTracker tracker;
    for (qint64 offset = 100; offset < 105; ++offset)
        QVERIFY(tracker.begin(offset));
    QVERIFY(tracker.done(103));
    QVERIFY(tracker.done(101));
    QCOMPARE(tracker.committable(), 100); // 100 still in flight: nothing may pass it
    QVERIFY(tracker.done(100));
    QCOMPARE(tracker.committable(), 102);
    QVERIFY(tracker.done(104));
    QCOMPARE(tracker.committable(), 102);
    QCOMPARE(tracker.pending(), 1);
    QVERIFY(tracker.done(102));
    QCOMPARE(tracker.committable(), 105);
    QCOMPARE(tracker.pending(), 0);
}

void TestOffsetTracker::gaps()
{
    OffsetTracker tracker;
    QVERIFY(tracker.begin(5));
    QVERIFY(tracker.begin(7));
    QVERIFY(tracker.begin(10));
    QVERIFY(!tracker.done(6)); // a gap (compacted away) was never begun
    QVERIFY(tracker.done(7));
    QCOMPARE(tracker.committable(), 5);
    QVERIFY(tracker.done(5));
    QCOMPARE(tracker.committable(), 10);
    QVERIFY(tracker.done(10));
    QCOMPARE(tracker.committable(), 11);
    QVERIFY(tracker.begin(20));
    QCOMPARE(tracker.committable(), 20);
}

void TestOffsetTracker::rejectsDuplicatesAndUnknowns()
{
    OffsetTracker tracker;
    QVERIFY(!tracker.begin(-1));
    QVERIFY(!tracker.begin(-5));
    QVERIFY(tracker.begin(0));
    QVERIFY(!tracker.begin(0));
    QVERIFY(tracker.begin(3));
    QVERIFY(!tracker.begin(3));
    QVERIFY(!tracker.begin(2)); // going backwards
    QCOMPARE(tracker.pending(), 2);
    QVERIFY(!tracker.done(4)); // not begun yet
    QVERIFY(!tracker.done(-1));
    QVERIFY(tracker.done(3));
    QVERIFY(!tracker.done(3)); // twice, while still held behind 0
    QVERIFY(tracker.done(0));
    QVERIFY(!tracker.done(0)); // twice, after being popped
    QVERIFY(!tracker.done(3));
    QCOMPARE(tracker.pending(), 0);
    QCOMPARE(tracker.committable(), 4);
}

void TestOffsetTracker::commitMarking()
{
    OffsetTracker tracker;
    tracker.begin(0);
    tracker.begin(1);
    tracker.done(0);
    QCOMPARE(tracker.committable(), 1);
    tracker.markCommitted(1);
    QCOMPARE(tracker.committed(), 1);
    QCOMPARE(tracker.committable(), std::nullopt); // nothing new
    tracker.done(1);
    QCOMPARE(tracker.committable(), 2);
    tracker.markCommitted(2);
    tracker.markCommitted(1); // a late acknowledgement of an older commit
    QCOMPARE(tracker.committed(), 2);
    QCOMPARE(tracker.committable(), std::nullopt);
    tracker.begin(2);
    QCOMPARE(tracker.committable(), std::nullopt); // 2 is in flight: still 2
    tracker.done(2);
    QCOMPARE(tracker.committable(), 3);
}

void TestOffsetTracker::growsBeyondInitialCapacity()
{
    // Wrap the ring a few times first so growth has to unroll a wrapped buffer.
    OffsetTracker tracker;
    qint64 offset = 0;
    for (; offset < 1000; ++offset) {
        QVERIFY(tracker.begin(offset));
        if (offset >= 10)
            QVERIFY(tracker.done(offset - 10));
    }
    QCOMPARE(tracker.pending(), 10);
    for (; offset < 20000; ++offset)
        QVERIFY(tracker.begin(offset));
    QCOMPARE(tracker.pending(), 19010);
    QCOMPARE(tracker.committable(), 990);
    std::vector<qint64> order;
    for (qint64 o = 990; o < 20000; ++o)
        order.push_back(o);
    std::mt19937_64 rng(7);
    std::shuffle(order.begin(), order.end(), rng);
    qint64 lowest_open = 990;
    std::vector<bool> done(20000, false);
    for (const qint64 o : order) {
        QVERIFY(tracker.done(o));
        done[static_cast<size_t>(o)] = true;
        while (lowest_open < 20000 && done[static_cast<size_t>(lowest_open)])
            ++lowest_open;
        QCOMPARE(tracker.committable(), lowest_open);
    }
    QCOMPARE(tracker.pending(), 0);
    QCOMPARE(tracker.committable(), 20000);
}

void TestOffsetTracker::randomizedAgainstReference_data()
{
    QTest::addColumn<quint64>("seed");
    QTest::addColumn<int>("max_window");
    for (quint64 seed = 1; seed <= 8; ++seed) {
        QTest::addRow("seed%llu-window8", seed) << seed << 8;
        QTest::addRow("seed%llu-window300", seed) << seed << 300;
    }
}

void TestOffsetTracker::randomizedAgainstReference()
{
    QFETCH(quint64, seed);
    QFETCH(int, max_window);
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<int> percent(0, 99);
    std::uniform_int_distribution<qint64> gap(1, 4);

    OffsetTracker tracker;
    ReferenceModel model;
    std::vector<qint64> in_flight; // offsets begun and not yet done, in random order
    qint64 next_offset = 0;
    int begun = 0;
    while (begun < 5000 || !in_flight.empty()) {
        const int roll = percent(rng);
        const bool can_begin = begun < 5000 && static_cast<int>(in_flight.size()) < max_window;
        if (can_begin && (roll < 50 || in_flight.empty())) {
            // Mostly consecutive, sometimes a gap.
            next_offset += percent(rng) < 80 ? 1 : gap(rng);
            QVERIFY(tracker.begin(next_offset));
            model.offsets[next_offset] = false;
            model.last_begun = next_offset;
            in_flight.push_back(next_offset);
            ++begun;
        } else if (roll < 90 && !in_flight.empty()) {
            std::uniform_int_distribution<size_t> pick(0, in_flight.size() - 1);
            const size_t i = pick(rng);
            const qint64 offset = in_flight[i];
            in_flight[i] = in_flight.back();
            in_flight.pop_back();
            QVERIFY(tracker.done(offset));
            model.offsets[offset] = true;
        } else if (roll < 95) {
            // Invalid calls must change nothing.
            QVERIFY(!tracker.begin(next_offset));
            const auto done_it = std::find_if(model.offsets.cbegin(), model.offsets.cend(),
                                              [](const auto &entry) { return entry.second; });
            if (done_it != model.offsets.cend())
                QVERIFY(!tracker.done(done_it->first));
            QVERIFY(!tracker.done(next_offset + 1));
        } else if (const auto commit = tracker.committable()) {
            tracker.markCommitted(*commit);
        }

        const std::optional<qint64> expected = model.next();
        const std::optional<qint64> actual = tracker.committable();
        QCOMPARE(tracker.pending(), model.pending());
        if (expected && *expected > tracker.committed())
            QCOMPARE(actual, expected);
        else
            QCOMPARE(actual, std::nullopt);
        // The safety property itself: never commit past an unfinished offset.
        if (actual) {
            for (const auto &[offset, done] : model.offsets) {
                if (offset >= *actual)
                    break;
                QVERIFY2(done, qPrintable(QStringLiteral("commit %1 passes unfinished %2")
                                              .arg(*actual)
                                              .arg(offset)));
            }
        }
        // Keep the model small: the done prefix no longer matters.
        while (!model.offsets.empty() && model.offsets.begin()->second
               && std::next(model.offsets.begin()) != model.offsets.end())
            model.offsets.erase(model.offsets.begin());
    }
    QCOMPARE(tracker.pending(), 0);
    QCOMPARE(tracker.committable().value_or(tracker.committed()), next_offset + 1);
}

void TestOffsetTracker::timing()
{
    constexpr qint64 kPairs = 2'000'000;
    {
        OffsetTracker tracker;
        QElapsedTimer timer;
        timer.start();
        for (qint64 offset = 0; offset < kPairs; ++offset) {
            tracker.begin(offset);
            tracker.done(offset);
        }
        const double ns = static_cast<double>(timer.nsecsElapsed()) / kPairs;
        QCOMPARE(tracker.committable(), kPairs);
        qInfo("OffsetTracker begin+done, in order: %.1f ns/pair", ns);
    }
    {
        // 1000 in flight, finishing in a scrambled order (a fixed permutation per block).
        OffsetTracker tracker;
        constexpr qint64 kWindow = 1000;
        std::vector<qint64> permutation(kWindow);
        for (qint64 i = 0; i < kWindow; ++i)
            permutation[static_cast<size_t>(i)] = (i * 7919) % kWindow;
        QElapsedTimer timer;
        timer.start();
        for (qint64 block = 0; block < kPairs / kWindow; ++block) {
            const qint64 base = block * kWindow;
            for (qint64 i = 0; i < kWindow; ++i)
                tracker.begin(base + i);
            for (const qint64 i : permutation)
                tracker.done(base + i);
        }
        const double ns = static_cast<double>(timer.nsecsElapsed()) / kPairs;
        QCOMPARE(tracker.committable(), kPairs);
        qInfo("OffsetTracker begin+done, 1000 in flight out of order: %.1f ns/pair", ns);
    }
}

QTEST_APPLESS_MAIN(TestOffsetTracker)
#include "tst_offsettracker.moc"
