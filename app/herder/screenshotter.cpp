#include "screenshotter.h"

#include "mainwindow.h"
#include "settingsdialog.h"

#include <QDir>
#include <QPixmap>
#include <QTabWidget>
#include <QTimer>

#include <cstdio>

namespace herder::app {
namespace {
// Time for a page just made current to lay out and take the next snapshot tick.
constexpr int kSettleMs = 700;
const char *const kPageFiles[] = {"dashboard.png", "dlq.png", "logs.png"};
} // namespace

Screenshotter::Screenshotter(ui::MainWindow *window, const QString &dir, int delay_ms,
                             QObject *parent)
    : QObject(parent), m_window(window), m_dir(dir), m_delay_ms(delay_ms)
{
}

void Screenshotter::start()
{
    QDir().mkpath(m_dir);
    QTimer::singleShot(m_delay_ms, this, [this] { grabPage(0); });
}

void Screenshotter::grabPage(int index)
{
    QTabWidget *tabs = m_window->tabs();
    if (index >= tabs->count() || index >= int(std::size(kPageFiles))) {
        grabSettings();
        return;
    }
    tabs->setCurrentIndex(index);
    QTimer::singleShot(kSettleMs, this, [this, index] {
        save(m_window->grab(), QString::fromLatin1(kPageFiles[index]));
        grabPage(index + 1);
    });
}

void Screenshotter::grabSettings()
{
    m_window->tabs()->setCurrentIndex(0);
    auto *dialog = new ui::SettingsDialog(m_window->iniPath(), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show(); // non-modal: exec() would block the grab
    grabSettingsPage(dialog, 0);
}

void Screenshotter::grabSettingsPage(ui::SettingsDialog *dialog, int index)
{
    QTabWidget *tabs = dialog->tabs();
    if (index >= tabs->count()) {
        dialog->close();
        m_window->close();
        return;
    }
    tabs->setCurrentIndex(index);
    QTimer::singleShot(kSettleMs, this, [this, dialog, index] {
        // The first page keeps the name screenshots.sh has always looked for.
        const QString name = index == 0 ? QStringLiteral("settings.png")
                                        : QStringLiteral("settings-%1.png").arg(index + 1);
        save(dialog->grab(), name);
        grabSettingsPage(dialog, index + 1);
    });
}

bool Screenshotter::save(const QPixmap &pixmap, const QString &name)
{
    const QString path = QDir(m_dir).filePath(name);
    const bool ok = pixmap.save(path);
    std::fprintf(stderr, "herder: %s %s (%dx%d)\n", ok ? "saved" : "could not save",
                 qPrintable(path), pixmap.width(), pixmap.height());
    return ok;
}

} // namespace herder::app
