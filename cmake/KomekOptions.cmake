# komek_options: the compile settings every Komek target shares (warnings, sanitizers).
add_library(komek_options INTERFACE)
target_compile_options(komek_options INTERFACE
  -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow
  -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual -Wimplicit-fallthrough)
if(KOMEK_WERROR)
  target_compile_options(komek_options INTERFACE -Werror)
endif()
if(KOMEK_SANITIZE)
  target_compile_options(komek_options INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(komek_options INTERFACE -fsanitize=address,undefined)
endif()
