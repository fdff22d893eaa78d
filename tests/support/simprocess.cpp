#include "simprocess.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTimer>

QString herderBinary(const QString &name)
{
    return qEnvironmentVariable("HERDER_BIN_DIR") + u'/' + name;
}

SimProcess::~SimProcess()
{
    stop();
}

bool SimProcess::start(const QStringList &arguments, QString *error)
{
    m_process.setProgram(herderBinary(QStringLiteral("herder-sim")));
    m_process.setArguments(QStringList{QStringLiteral("--port"), QStringLiteral("0")} + arguments);
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    m_process.start();
    if (!m_process.waitForStarted(10000)) {
        *error = QStringLiteral("herder-sim did not start: ") + m_process.errorString();
        return false;
    }
    static const QRegularExpression listening(QStringLiteral("listening on (\\S+)"));
    QByteArray out;
    QDeadlineTimer deadline(15000);
    while (!deadline.hasExpired() && m_process.state() == QProcess::Running) {
        m_process.waitForReadyRead(200);
        out += m_process.readAllStandardOutput();
        const auto match = listening.match(QString::fromUtf8(out));
        if (match.hasMatch()) {
            m_base_url = QUrl(match.captured(1));
            return true;
        }
    }
    *error = QStringLiteral("herder-sim did not report its port: ") +
             QString::fromUtf8(out + m_process.readAllStandardError());
    return false;
}

QJsonObject SimProcess::request(const QByteArray &verb, const QString &path,
                                const QJsonObject &body) const
{
    QNetworkAccessManager nam;
    QUrl url = m_base_url;
    url.setPath(path);
    QNetworkRequest req(url);
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    req.setTransferTimeout(10000);
    QNetworkReply *reply = nam.sendCustomRequest(req, verb, QJsonDocument(body).toJson());
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return answer;
}

QJsonObject SimProcess::stats() const
{
    return request("GET", QStringLiteral("/stats"), {});
}

bool SimProcess::resetStats() const
{
    request("POST", QStringLiteral("/stats/reset"), {});
    return true;
}

bool SimProcess::setConfig(const QJsonObject &patch) const
{
    return !request("POST", QStringLiteral("/sim/config"), patch).isEmpty();
}

void SimProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(5000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

SimProcess::Refusals SimProcess::refusals(const QJsonObject &stats)
{
    return {stats[u"requests_total"].toInteger(), countWithStatus(stats, QStringLiteral("429"))};
}

qint64 SimProcess::countWithStatus(const QJsonObject &stats, const QString &status)
{
    qint64 n = 0;
    const QJsonObject byModel = stats[u"by_model"].toObject();
    for (auto it = byModel.begin(); it != byModel.end(); ++it)
        n += it.value()[u"by_status"].toObject()[status].toInteger();
    return n;
}
