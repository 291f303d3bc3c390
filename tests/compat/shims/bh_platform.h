/* Our stand-in for WAMR's internal bh_platform.h (with platform_common.h), which WAMR's
 * samples include but libiwasm does not install or export (its bh_* and os_* symbols are
 * hidden). Only what the samples use: the C headers, WAMR's short integer names, BH_MALLOC /
 * BH_FREE (the runtime's allocator, as in WAMR, so that buffers a sample frees with
 * wasm_runtime_free come from it) and bh_assert. Written for make compat, not WAMR's code. */
#ifndef COMPAT_SHIM_BH_PLATFORM_H
#define COMPAT_SHIM_BH_PLATFORM_H

#include <assert.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wasm_export.h"

typedef uint8_t uint8;
typedef int8_t int8;
typedef uint16_t uint16;
typedef int16_t int16;
typedef uint32_t uint32;
typedef int32_t int32;
typedef uint64_t uint64;
typedef int64_t int64;
typedef float float32;
typedef double float64;

#define BH_MALLOC wasm_runtime_malloc
#define BH_FREE wasm_runtime_free
#define bh_assert(expr) assert(expr)

#endif
