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
  target_compile_options(herder_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
  target_link_options(herder_options INTERFACE -fsanitize=address,undefined)
endif()
if(HERDER_TSAN)
  target_compile_options(herder_options INTERFACE -fsanitize=thread)
  target_link_options(herder_options INTERFACE -fsanitize=thread)
endif()
