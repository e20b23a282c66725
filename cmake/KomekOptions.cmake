# komek_options: the compile settings every Komek target shares (warnings, sanitizers).
add_library(komek_options INTERFACE)
target_compile_options(komek_options INTERFACE
  -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow
  -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual -Wimplicit-fallthrough)
# GCC 12 reports -Wrestrict false positives inside libstdc++ string concatenation at -O2/-O3
# (GCC bug 105329); the warning says nothing about our code there.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(komek_options INTERFACE -Wno-restrict)
endif()
if(KOMEK_WERROR)
  target_compile_options(komek_options INTERFACE -Werror)
endif()
if(KOMEK_SANITIZE)
  # -fno-sanitize=vptr: UBSan's dynamic-type check needs the typeinfo of classes in shared
  # libraries, and SOCI's do not export theirs (link errors on ref_counted_statement).
  target_compile_options(komek_options INTERFACE
    -fsanitize=address,undefined -fno-sanitize=vptr -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(komek_options INTERFACE -fsanitize=address,undefined -fno-sanitize=vptr)
endif()
