# One INTERFACE target carries warnings, Qt strictness and sanitizer flags for every target.
add_library(herder_options INTERFACE)
target_compile_options(herder_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Woverloaded-virtual -Wimplicit-fallthrough)
if(HERDER_WERROR)
  target_compile_options(herder_options INTERFACE -Werror)
endif()
target_compile_definitions(herder_options INTERFACE
  QT_NO_CAST_FROM_ASCII
  QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
  QT_NO_CONTEXTLESS_CONNECT
  QT_NO_URL_CAST_FROM_STRING
  QT_USE_QSTRINGBUILDER
  HERDER_VERSION="${PROJECT_VERSION}")
if(HERDER_ASAN)
  # No recovery: a UBSan finding aborts the process, so the test that triggers it fails.
  target_compile_options(herder_options INTERFACE -fsanitize=address,undefined
    -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(herder_options INTERFACE -fsanitize=address,undefined)
endif()
if(HERDER_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "HERDER_FUZZ needs clang (libFuzzer); use the asan preset.")
  endif()
  if(NOT HERDER_ASAN)
    message(FATAL_ERROR "HERDER_FUZZ needs HERDER_ASAN: the sanitizer runtime serves the coverage hooks.")
  endif()
  # Coverage hooks in all our code, so the fuzzers are guided by the engine's branches; only
  # the fuzz targets link libFuzzer itself (tests/fuzz).
  target_compile_options(herder_options INTERFACE -fsanitize=fuzzer-no-link)
endif()
if(HERDER_TSAN)
  target_compile_options(herder_options INTERFACE -fsanitize=thread)
  target_link_options(herder_options INTERFACE -fsanitize=thread)
endif()
