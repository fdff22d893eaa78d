#pragma once

#include "llm/answerparser.h"
#include "llm/taskspec.h"

#include <QHash>
#include <QString>
#include <QStringView>

#include <chrono>
#include <list>

namespace herder::llm {

/// Answers already paid for, so an at-least-once redelivery or a DLQ replay of the same text
/// does not pay again. Keyed by model, task version (everything in the task that changes the
/// answer) and a 128-bit digest of the text as sent. Bounded by an entry count with
/// least-recently-used eviction, and by a time to live. Time is passed in, never read, so tests
/// drive it. Not thread-safe: the engine thread owns it.
class ResponseCache
{
public:
    using Clock = std::chrono::steady_clock;

    /// A text's digest: two independent 64-bit hashes, so a collision needs both to collide.
    struct Digest
    {
        quint64 high = 0;
        quint64 low = 0;
        bool operator==(const Digest &) const = default;
    };

    struct Key
    {
        QString model;
        quint64 task_version = 0;
        Digest text;
        bool operator==(const Key &) const = default;
    };

    struct Entry
    {
        TaskAnswer answer;
        double cost_usd = 0; ///< what the call cost when it was paid: saved on every hit
    };

    /// max_entries 0 or ttl 0 disables the cache: lookups miss and nothing is stored.
    ResponseCache(int max_entries, std::chrono::milliseconds ttl);

    bool enabled() const { return m_max_entries > 0 && m_ttl.count() > 0; }

    /// The entry under \a key if it is younger than the TTL at \a now; a hit makes it the most
    /// recently used.
    const Entry *lookup(const Key &key, Clock::time_point now);
    /// Stores (or refreshes) \a entry; evicts the least recently used beyond the bound.
    void insert(const Key &key, const Entry &entry, Clock::time_point now);

    int size() const { return int(m_index.size()); }
    int maxEntries() const { return m_max_entries; }

    static Digest digest(QStringView text);
    /// Hash of what in \a task shapes the answer: name, prompt, labels, score key, max_tokens,
    /// temperature and the operator's prompt_version.
    static quint64 taskVersion(const TaskSpec &task);

private:
    struct Slot
    {
        Key key;
        Entry entry;
        Clock::time_point stored_at;
    };
    using Lru = std::list<Slot>; // front: most recently used

    void erase(Lru::iterator it);

    int m_max_entries;
    std::chrono::milliseconds m_ttl;
    Lru m_lru;
    QHash<Key, Lru::iterator> m_index;
};

size_t qHash(const ResponseCache::Key &key, size_t seed = 0) noexcept;

} // namespace herder::llm
