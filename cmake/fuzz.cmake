# The libFuzzer targets (tests/fuzz) build in the clang "asan" preset, beside the suite they
# share the sanitizers with, so the test command compiles the server once for both. The
# layers whose parsers they drive carry libFuzzer's coverage (-fsanitize=fuzzer-no-link:
# counters and comparison hooks the fuzzer steers by); in the suite's executables those
# hooks fall to the sanitizer runtime's empty defaults.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "LIVEDESK_FUZZ needs clang (libFuzzer); use the asan preset")
endif()
foreach(layer protocol hub media page http)
    target_compile_options(livedesk_${layer} PRIVATE -fsanitize=fuzzer-no-link)
endforeach()
