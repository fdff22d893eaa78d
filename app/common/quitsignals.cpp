#include "quitsignals.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace herder::app {
namespace {

// [0] is read by the notifier, [1] written by the handler; -1 while no QuitSignals exists.
int g_fds[2] = {-1, -1};

// Async-signal-safe only: one write() that never blocks (a full socket drops the byte, and a
// quit is pending then anyway), and errno as the interrupted code left it.
void handleSignal(int signal_number)
{
    const int saved_errno = errno;
    const auto byte = static_cast<unsigned char>(signal_number);
    [[maybe_unused]] const ssize_t n = ::write(g_fds[1], &byte, 1);
    errno = saved_errno;
}

QString systemError(const char *what)
{
    return QStringLiteral("%1: %2").arg(QLatin1String(what),
                                        QString::fromLocal8Bit(std::strerror(errno)));
}

void closeFds()
{
    for (int &fd : g_fds) {
        if (fd >= 0)
            ::close(fd);
        fd = -1;
    }
}

} // namespace

QuitSignals::QuitSignals(Mode mode, QObject *parent) : QObject(parent), m_mode(mode)
{
    Q_ASSERT_X(g_fds[0] < 0, "QuitSignals", "only one instance at a time");
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_fds) != 0) {
        m_error = systemError("socketpair");
        return;
    }
    // Both ends: the handler must never block, and readSignals() reads until nothing is left.
    if (::fcntl(g_fds[0], F_SETFL, O_NONBLOCK) != 0 ||
        ::fcntl(g_fds[1], F_SETFL, O_NONBLOCK) != 0) {
        m_error = systemError("fcntl");
        closeFds();
        return;
    }
    struct sigaction action = {};
    action.sa_handler = handleSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    if (::sigaction(SIGINT, &action, &m_oldInt) != 0 ||
        ::sigaction(SIGTERM, &action, &m_oldTerm) != 0) {
        m_error = systemError("sigaction");
        ::sigaction(SIGINT, &m_oldInt, nullptr);
        closeFds();
        return;
    }
    m_notifier = new QSocketNotifier(g_fds[0], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &QuitSignals::readSignals);
}

QuitSignals::~QuitSignals()
{
    if (!m_notifier)
        return;
    ::sigaction(SIGINT, &m_oldInt, nullptr);
    ::sigaction(SIGTERM, &m_oldTerm, nullptr);
    delete m_notifier;
    closeFds();
}

void QuitSignals::readSignals()
{
    unsigned char bytes[64];
    ssize_t n = 0;
    while ((n = ::read(g_fds[0], bytes, sizeof bytes)) > 0)
        for (ssize_t i = 0; i < n; ++i)
            onSignal(bytes[i]);
}

void QuitSignals::onSignal(int signal_number)
{
    const QByteArray program = QCoreApplication::applicationName().toLocal8Bit();
    if (m_mode == Mode::Drain && ++m_seen > 1) {
        std::fprintf(stderr, "%s: second signal, exiting without draining\n", program.constData());
        std::_Exit(130);
    }
    if (m_mode == Mode::Drain)
        std::fprintf(stderr, "%s: stopping (draining in-flight work)\n", program.constData());
    emit quitRequested(signal_number);
}

} // namespace herder::app
