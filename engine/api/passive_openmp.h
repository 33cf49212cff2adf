#pragma once
// OpenMP threads that wait for work spin by default, and on a machine with other work (a GUI, a
// second job, another user) two spinning threads run many times slower than one. libgomp reads its
// wait policy once, in its initialiser, before main() runs, and glibc's own initialiser resets the
// environment that a function run earlier could change. Each program therefore expands
// MLENS_PASSIVE_OPENMP_AT_LOAD() once, in the file with its main(): on Linux it puts a function into
// the executable's .preinit_array, which the dynamic loader runs before any library's initialiser;
// when OMP_WAIT_POLICY is not set it re-executes the program with OMP_WAIT_POLICY=PASSIVE added.
// Re-executing there, before LibTorch's and Qt's static initialisers, costs far less than doing it
// in main() (see README). OMP_WAIT_POLICY=ACTIVE restores spinning; if the re-execution fails the
// program carries on with libgomp's default. Elsewhere the macro expands to nothing.
#include <cstring>

#if defined(__linux__) && defined(__ELF__)
#include <unistd.h>

namespace mlens::detail {
inline void passiveOpenMpAtLoad(int, char** argv, char** envp) {
    constexpr size_t kMaxVariables = 4096;  // a larger environment is left alone
    static char policy[] = "OMP_WAIT_POLICY=PASSIVE";
    static char* env[kMaxVariables + 2];
    size_t n = 0;
    for (; envp && envp[n]; ++n)
        if (n >= kMaxVariables || std::strncmp(envp[n], "OMP_WAIT_POLICY=", 16) == 0) return;
    for (size_t i = 0; i < n; ++i)
        env[i] = envp[i];
    env[n] = policy;
    env[n + 1] = nullptr;
    ::execve("/proc/self/exe", argv, env);  // returns only on failure
}
}  // namespace mlens::detail

#define MLENS_PASSIVE_OPENMP_AT_LOAD()                                                        \
    __attribute__((section(".preinit_array"), used)) static void (*const mlensPassiveOpenMp)( \
        int, char**, char**) = &mlens::detail::passiveOpenMpAtLoad
#else
#define MLENS_PASSIVE_OPENMP_AT_LOAD() static_assert(true, "")
#endif
