#pragma once

#include <QObject>
#include <QString>

namespace herder::ui {
class MainWindow;
class SettingsDialog;
}

namespace herder::app {

/// For tests/ui/screenshots.sh: after a delay, grabs each page of the window and of the settings
/// dialog into PNG files, then closes the window (which stops the engine gracefully).
class Screenshotter : public QObject
{
    Q_OBJECT
public:
    Screenshotter(ui::MainWindow *window, const QString &dir, int delay_ms,
                  QObject *parent = nullptr);
    void start();

private:
    void grabPage(int index);
    void grabSettings();
    void grabSettingsPage(ui::SettingsDialog *dialog, int index);
    bool save(const QPixmap &pixmap, const QString &name);

    ui::MainWindow *m_window;
    QString m_dir;
    int m_delay_ms;
};

} // namespace herder::app
