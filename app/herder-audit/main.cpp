// herder-audit: reads the source, output, DLQ and retry topics whole and reports, per source
// record, whether it was enriched, dead-lettered, is still pending or was lost.

#include "auditcommandline.h"

#include "audit/auditor.h"

#include <QCoreApplication>
#include <QJsonDocument>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("herder-audit"));
    QCoreApplication::setApplicationVersion(QStringLiteral(HERDER_VERSION));

    auto parsed = herder::app::AuditCommandLine::parse(QCoreApplication::arguments());
    if (auto *exit = std::get_if<herder::app::OptionParser::Exit>(&parsed))
        return exit->code;
    const auto &inv = std::get<herder::app::AuditInvocation>(parsed);

    herder::audit::Auditor auditor(inv.settings, inv.isolation, inv.use_retry);
    const auto result = auditor.run();
    if (const auto *failure = std::get_if<herder::audit::AuditFailure>(&result)) {
        std::fprintf(stderr, "herder-audit: %s\n", qPrintable(failure->message));
        return failure->exit_code;
    }
    const auto &report = std::get<herder::audit::AuditReport>(result);
    const QByteArray text = inv.json
                                ? QJsonDocument(report.toJson()).toJson(QJsonDocument::Indented)
                                : report.toText().toUtf8();
    std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
    std::fflush(stdout);
    return report.lost == 0 ? 0 : 1;
}
