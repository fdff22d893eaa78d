#include "llm/responsecache.h"

#include <QHashFunctions>

namespace herder::llm {

namespace {
// Fixed seeds: the digest must be stable for the life of the process, and two different seeds
// make the halves independent.
constexpr size_t kHighSeed = 0x9e3779b97f4a7c15ULL;
constexpr size_t kLowSeed = 0xc2b2ae3d27d4eb4fULL;
} // namespace

ResponseCache::ResponseCache(int max_entries, std::chrono::milliseconds ttl)
    : m_max_entries(qMax(0, max_entries)), m_ttl(ttl)
{
}

ResponseCache::Digest ResponseCache::digest(QStringView text)
{
    const void *bytes = text.data();
    const size_t size = size_t(text.size()) * sizeof(QChar);
    return {quint64(qHashBits(bytes, size, kHighSeed)), quint64(qHashBits(bytes, size, kLowSeed))};
}

quint64 ResponseCache::taskVersion(const TaskSpec &task)
{
    size_t h = qHashMulti(kHighSeed, task.name, task.prompt, task.score_key, task.max_tokens,
                          task.temperature, task.prompt_version);
    for (const QString &label : task.labels)
        h = qHashMulti(h, label);
    return quint64(h);
}

const ResponseCache::Entry *ResponseCache::lookup(const Key &key, Clock::time_point now)
{
    if (!enabled())
        return nullptr;
    const auto found = m_index.constFind(key);
    if (found == m_index.constEnd())
        return nullptr;
    const Lru::iterator it = found.value();
    if (now - it->stored_at >= m_ttl) {
        erase(it);
        return nullptr;
    }
    m_lru.splice(m_lru.begin(), m_lru, it);
    return &it->entry;
}

void ResponseCache::insert(const Key &key, const Entry &entry, Clock::time_point now)
{
    if (!enabled())
        return;
    const auto found = m_index.constFind(key);
    if (found != m_index.constEnd()) {
        const Lru::iterator it = found.value();
        it->entry = entry;
        it->stored_at = now;
        m_lru.splice(m_lru.begin(), m_lru, it);
        return;
    }
    m_lru.push_front(Slot{key, entry, now});
    m_index.insert(key, m_lru.begin());
    while (int(m_index.size()) > m_max_entries)
        erase(std::prev(m_lru.end()));
}

void ResponseCache::erase(Lru::iterator it)
{
    m_index.remove(it->key);
    m_lru.erase(it);
}

size_t qHash(const ResponseCache::Key &key, size_t seed) noexcept
{
    return qHashMulti(seed, key.model, key.task_version, key.text.high, key.text.low);
}

} // namespace herder::llm
