#include "quitsignals.h"

#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <sys/socket.h>
#include <unistd.h>

namespace herder::app {
namespace {

int g_signal_fd[2] = {-1, -1};

// Only async-signal-safe work here: one byte into the socket the event loop watches.
void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto n = ::write(g_signal_fd[1], &byte, 1);
}

} // namespace

QuitSignals::QuitSignals(QObject *parent) : QObject(parent)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signal_fd) != 0)
        return;
    m_notifier = new QSocketNotifier(g_signal_fd[0], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &QuitSignals::readSignal);
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
}

QuitSignals::~QuitSignals()
{
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
}

void QuitSignals::readSignal()
{
    char byte;
    [[maybe_unused]] const auto n = ::read(g_signal_fd[0], &byte, 1);
    if (++m_seen > 1) {
        std::fprintf(stderr, "herder: second signal, exiting without draining\n");
        std::_Exit(130);
    }
    std::fprintf(stderr, "herder: stopping (draining in-flight work)\n");
    emit quitRequested();
}

} // namespace herder::app
