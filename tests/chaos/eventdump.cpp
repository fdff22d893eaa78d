// Prints N events of herder::sim::EventGenerator as "key<TAB>value" lines for kcat -P -K'\t':
// the chaos run loads the same kind of events the integration tests use. Built by chaos.sh
// outside CMake because the chaos run is not part of the build or of ctest.
#include "sim/eventgenerator.h"

#include <cstdio>
#include <cstdlib>

int main(int argc, char *argv[])
{
    if (argc != 3) {
        std::fprintf(stderr, "usage: eventdump COUNT SEED\n");
        return 2;
    }
    const long count = std::strtol(argv[1], nullptr, 10);
    herder::sim::EventGenerator generator(std::strtoull(argv[2], nullptr, 10));
    for (long i = 0; i < count; ++i) {
        const herder::sim::EventGenerator::Event e = generator.next();
        std::fwrite(e.key.constData(), 1, size_t(e.key.size()), stdout);
        std::fputc('\t', stdout);
        std::fwrite(e.value.constData(), 1, size_t(e.value.size()), stdout);
        std::fputc('\n', stdout);
    }
    return std::fflush(stdout) == 0 ? 0 : 1;
}
