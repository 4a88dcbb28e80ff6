/* A stand-in for Windows' bcryptprimitives.dll, for running under wine 8 only.
 *
 * Rust's standard library for x86_64-pc-windows-gnu draws its random numbers (the keys of
 * every HashMap) from ProcessPrng in bcryptprimitives.dll, which Windows 10 and later have
 * and Debian bookworm's wine 8 does not: without it, the program cannot start under wine.
 * This one answers ProcessPrng with RtlGenRandom (advapi32's SystemFunction036), which wine
 * has. scripts/cross-check.sh builds it with mingw and puts it next to the executables it
 * runs under wine; nothing shipped carries it. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
