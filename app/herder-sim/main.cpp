// herder-sim: a stand-alone OpenAI-compatible endpoint with scripted latency and faults, for
// load tests and demos of the engine without a real provider.

#include "optionparser.h"
#include "quitsignals.h"

#include "sim/simserver.h"

#include <QCoreApplication>
#include <QHostAddress>

#include <cstdio>

using namespace Qt::StringLiterals;
using herder::sim::SimConfig;
using herder::sim::SimServer;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"herder-sim"_s);
    QCoreApplication::setApplicationVersion(QString::fromLatin1(HERDER_VERSION));

    herder::app::OptionParser parser(
        u"herder-sim"_s,
        u"OpenAI-compatible chat-completions simulator with scripted latency and faults.\n"
        u"Prints 'herder-sim listening on http://HOST:PORT/v1' once it accepts connections."_s,
        {});

    const SimConfig defaults;
    const auto number = [](auto value) { return QString::number(value); };
    const QCommandLineOption hostOption(u"host"_s, u"Address to listen on (default 127.0.0.1)."_s,
                                        u"address"_s, u"127.0.0.1"_s);
    const QCommandLineOption portOption(u"port"_s, u"TCP port; 0 picks a free one (default 0)."_s,
                                        u"port"_s, u"0"_s);
    const QCommandLineOption latencyOption(u"latency-ms"_s, u"Mean answer latency."_s, u"ms"_s,
                                           number(defaults.latency_mean_ms));
    const QCommandLineOption jitterOption(u"jitter-ms"_s, u"Uniform +- jitter on the latency."_s,
                                          u"ms"_s, number(defaults.latency_jitter_ms));
    const QCommandLineOption tailProbabilityOption(
        u"tail-probability"_s, u"Share of answers that take the tail latency."_s, u"0..1"_s,
        number(defaults.tail_probability));
    const QCommandLineOption tailLatencyOption(u"tail-latency-ms"_s, u"Tail latency."_s, u"ms"_s,
                                               number(defaults.tail_latency_ms));
    const QCommandLineOption rate429Option(u"rate-429"_s, u"Share of 429 rate-limit answers."_s,
                                           u"0..1"_s, u"0"_s);
    const QCommandLineOption rate500Option(u"rate-500"_s, u"Share of 500 answers."_s, u"0..1"_s,
                                           u"0"_s);
    const QCommandLineOption rate503Option(u"rate-503"_s, u"Share of 503 answers."_s, u"0..1"_s,
                                           u"0"_s);
    const QCommandLineOption rateHangOption(
        u"rate-hang"_s, u"Share of requests held for --hang-ms, then closed unanswered."_s,
        u"0..1"_s, u"0"_s);
    const QCommandLineOption rateMalformedOption(
        u"rate-malformed"_s, u"Share of 200 answers whose content is not valid JSON."_s,
        u"0..1"_s, u"0"_s);
    const QCommandLineOption rateBadLabelOption(
        u"rate-bad-label"_s, u"Share of 200 answers with a label outside the set."_s, u"0..1"_s,
        u"0"_s);
    const QCommandLineOption poisonOption(
        u"poison-marker"_s,
        u"Records whose text contains this are always answered with labels outside the set."_s,
        u"text"_s);
    const QCommandLineOption retryAfterOption(u"retry-after-s"_s,
                                              u"Retry-After sent with 429 answers."_s,
                                              u"seconds"_s, number(defaults.retry_after_s));
    const QCommandLineOption hangOption(u"hang-ms"_s, u"How long a hang holds a request."_s,
                                        u"ms"_s, number(defaults.hang_ms));
    const QCommandLineOption apiKeyOption(
        u"api-key"_s, u"Required bearer token (default: $HERDER_SIM_API_KEY; empty: any)."_s,
        u"key"_s);
    const QCommandLineOption maxRpsOption(
        u"max-rps"_s, u"Requests per second above which 429 is answered (0: no limit)."_s,
        u"n"_s, u"0"_s);
    const QCommandLineOption rpmLimitOption(
        u"rpm-limit"_s,
        u"Requests per minute per model, refilled continuously as OpenAI does (0: none)."_s,
        u"n"_s, u"0"_s);
    const QCommandLineOption tpmLimitOption(
        u"tpm-limit"_s,
        u"Tokens per minute per model; a request costs its prompt estimate + max_tokens "
        u"(0: none)."_s,
        u"n"_s, u"0"_s);
    const QCommandLineOption noRateLimitHeadersOption(
        u"no-rate-limit-headers"_s,
        u"Send no x-ratelimit-* headers, like DeepSeek, vLLM or Ollama (limits still apply)."_s);
    const QCommandLineOption modelsOption(
        u"models"_s, u"Comma-separated accepted models (empty: any)."_s, u"list"_s,
        defaults.models.join(u','));
    const QCommandLineOption quotaOption(u"quota-exhausted"_s,
                                         u"Answer every request 429 insufficient_quota."_s);
    const QCommandLineOption seedOption(u"seed"_s, u"Random seed for latency and faults."_s,
                                        u"n"_s, u"1"_s);
    const QCommandLineOption tlsCertOption(u"tls-cert"_s,
                                           u"Serve HTTPS with this PEM certificate."_s, u"file"_s);
    const QCommandLineOption tlsKeyOption(u"tls-key"_s, u"PEM RSA key of --tls-cert."_s,
                                          u"file"_s);
    parser.addOptions({tlsCertOption, tlsKeyOption});
    parser.addOptions({hostOption, portOption, latencyOption, jitterOption,
                       tailProbabilityOption, tailLatencyOption, rate429Option, rate500Option,
                       rate503Option, rateHangOption, rateMalformedOption, rateBadLabelOption,
                       retryAfterOption, hangOption, apiKeyOption, maxRpsOption, rpmLimitOption,
                       tpmLimitOption, noRateLimitHeadersOption, modelsOption, quotaOption,
                       seedOption, poisonOption});

    if (auto exit = parser.parse(QCoreApplication::arguments()))
        return exit->code;

    SimConfig config;
    constexpr int kMaxMs = 24 * 3600 * 1000;
    int port = 0;
    if (!parser.readInt(latencyOption, 0, kMaxMs, config.latency_mean_ms) ||
        !parser.readInt(jitterOption, 0, kMaxMs, config.latency_jitter_ms) ||
        !parser.readNumber(tailProbabilityOption, 0, 1, config.tail_probability) ||
        !parser.readInt(tailLatencyOption, 0, kMaxMs, config.tail_latency_ms) ||
        !parser.readNumber(rate429Option, 0, 1, config.rate_429) ||
        !parser.readNumber(rate500Option, 0, 1, config.rate_500) ||
        !parser.readNumber(rate503Option, 0, 1, config.rate_503) ||
        !parser.readNumber(rateHangOption, 0, 1, config.rate_hang) ||
        !parser.readNumber(rateMalformedOption, 0, 1, config.rate_malformed) ||
        !parser.readNumber(rateBadLabelOption, 0, 1, config.rate_bad_label) ||
        !parser.readInt(retryAfterOption, 0, 86400, config.retry_after_s) ||
        !parser.readInt(hangOption, 0, kMaxMs, config.hang_ms) ||
        !parser.readInt(maxRpsOption, 0, 100000000, config.max_rps) ||
        !parser.readInt(rpmLimitOption, 0, 1000000000, config.rpm_limit) ||
        !parser.readInt(tpmLimitOption, 0, 1000000000, config.tpm_limit) ||
        !parser.readInt(portOption, 0, 65535, port))
        return parser.failed().code;

    config.api_key = parser.isSet(apiKeyOption)
        ? parser.value(apiKeyOption)
        : qEnvironmentVariable("HERDER_SIM_API_KEY");
    if (parser.isSet(modelsOption))
        config.models = parser.value(modelsOption).split(u',', Qt::SkipEmptyParts);
    config.quota_exhausted = parser.isSet(quotaOption);
    config.rate_limit_headers = !parser.isSet(noRateLimitHeadersOption);
    config.poison_marker = parser.value(poisonOption);
    if (parser.isSet(seedOption)) {
        bool ok = false;
        config.seed = parser.value(seedOption).toULongLong(&ok);
        if (!ok)
            return parser.fail(u"--seed: '%1' is not a non-negative integer"_s.arg(
                                   parser.value(seedOption)))
                .code;
    }

    const QString host = parser.value(hostOption);
    QHostAddress address;
    if (host == "localhost"_L1)
        address = QHostAddress(QHostAddress::LocalHost);
    else if (!address.setAddress(host))
        return parser.fail(u"--host: '%1' is not an IP address"_s.arg(host)).code;

    herder::app::QuitSignals quitSignals(herder::app::QuitSignals::Mode::Quit);
    if (!quitSignals.isActive()) {
        std::fprintf(stderr, "herder-sim: cannot install signal handlers: %s\n",
                     qPrintable(quitSignals.errorString()));
        return 1;
    }
    QObject::connect(&quitSignals, &herder::app::QuitSignals::quitRequested, &app,
                     &QCoreApplication::quit);

    SimServer server(config);
    const bool tls = parser.isSet(tlsCertOption);
    if (tls != parser.isSet(tlsKeyOption))
        return parser.fail(u"--tls-cert and --tls-key go together"_s).code;
    QString tlsError;
    if (tls && !server.useTls(parser.value(tlsCertOption), parser.value(tlsKeyOption), &tlsError)) {
        std::fprintf(stderr, "herder-sim: %s\n", qPrintable(tlsError));
        return 2;
    }
    const quint16 boundPort = server.listen(address, static_cast<quint16>(port));
    if (boundPort == 0) {
        std::fprintf(stderr, "herder-sim: cannot listen on %s:%d\n", qPrintable(host), port);
        return 1;
    }
    const QString shownHost =
        address.protocol() == QAbstractSocket::IPv6Protocol ? u'[' + host + u']' : host;
    std::printf("herder-sim listening on %s://%s:%u/v1\n", tls ? "https" : "http",
                qPrintable(shownHost),
                static_cast<unsigned>(boundPort));
    std::fflush(stdout);

    return QCoreApplication::exec();
}
