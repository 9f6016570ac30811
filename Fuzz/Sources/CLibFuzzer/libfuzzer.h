// libFuzzer's driver, linked by `-sanitize=fuzzer` (compiler-rt's FuzzerDriver.cpp,
// LLVM 11 and later): runs the fuzzing loop, or replays files, with libFuzzer's
// command-line flags, calling `callback` for every input. Returns the exit status.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
