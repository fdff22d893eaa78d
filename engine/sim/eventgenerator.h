#pragma once

#include <QByteArray>
#include <QString>

#include <random>

namespace herder::sim {

// Synthetic customer messages for load tests and demos: about 60% Vietnamese (with diacritics)
// and 40% English, spread evenly over the four intents (mua_hang, ho_tro, phan_hoi, khac) and
// the three sentiments, as the Oracle reads them. The same seed yields the same sequence.
class EventGenerator
{
public:
    struct Event
    {
        QByteArray key;   // the user id: keeps one user's events in one partition
        QByteArray value; // compact JSON: id, text, user_id, channel, lang, ts
        QString id;
        QString text;
    };

    explicit EventGenerator(quint64 seed = 1);

    Event next();

    // Timestamps start here (epoch ms) and advance a few hundred ms per event. The default is
    // a fixed instant so the values are reproducible; pass the current time for live runs.
    void setStartTime(qint64 epoch_ms) { m_nextTs_ms = epoch_ms; }

    quint64 seed() const { return m_seed; }
    quint64 count() const { return m_count; }

private:
    QString makeText(bool vietnamese);
    QString fillSlots(const QString &pattern, bool vietnamese);
    QString slotValue(QStringView name, bool vietnamese);
    quint64 below(quint64 bound); // uniform in [0, bound)

    quint64 m_seed;
    std::mt19937_64 m_rng;
    quint64 m_count = 0;
    qint64 m_nextTs_ms;
};

} // namespace herder::sim
