/* Test harness only: Wine 8 lacks bcryptprimitives.dll's ProcessPrng, which
 * Rust's standard library imports on Windows. This stands in for it with
 * advapi32's RtlGenRandom. Windows 10 and 11 have the real DLL; never ship this. */
#include <windows.h>
#define SystemFunction036 NTAPI SystemFunction036
#include <ntsecapi.h>
#undef SystemFunction036

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
  return RtlGenRandom(data, (ULONG)len);
}
