#include "logcapture.h"

#include <atomic>

namespace herder::ui {
namespace {
QtMessageHandler g_previous = nullptr;
std::atomic<bool> g_installed{false};
} // namespace

LogCapture::LogCapture(int capacity) : m_capacity(std::max(1, capacity)) {}

LogCapture &LogCapture::instance()
{
    // Never destroyed: Qt still logs from global destructors after main() returns.
    static LogCapture *capture = new LogCapture;
    return *capture;
}

void LogCapture::install()
{
    if (g_installed.exchange(true))
        return;
    instance(); // constructed before the first message can arrive from another thread
    g_previous = qInstallMessageHandler(&LogCapture::handle);
}

void LogCapture::handle(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    instance().append({QDateTime::currentMSecsSinceEpoch(), type,
                       QString::fromLatin1(context.category ? context.category : "default"),
                       message});
    if (g_previous)
        g_previous(type, context, message);
}

void LogCapture::append(LogLine line)
{
    const QMutexLocker lock(&m_mutex);
    if (int(m_lines.size()) >= m_capacity) {
        m_lines.pop_front();
        ++m_dropped;
    }
    m_lines.push_back(std::move(line));
}

std::vector<LogLine> LogCapture::takeAll()
{
    std::deque<LogLine> taken;
    {
        const QMutexLocker lock(&m_mutex);
        taken.swap(m_lines);
    }
    return {std::make_move_iterator(taken.begin()), std::make_move_iterator(taken.end())};
}

quint64 LogCapture::dropped() const
{
    const QMutexLocker lock(&m_mutex);
    return m_dropped;
}

} // namespace herder::ui
