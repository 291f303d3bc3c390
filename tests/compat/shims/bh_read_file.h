/* Our stand-in for WAMR's internal bh_read_file.h (WAMR builds bh_read_file.c into each
 * sample; libiwasm does not export it). */
#ifndef COMPAT_SHIM_BH_READ_FILE_H
#define COMPAT_SHIM_BH_READ_FILE_H

#include "bh_platform.h"

/* The whole file in a buffer from wasm_runtime_malloc (the samples release it with
 * BH_FREE / wasm_runtime_free), its size in *ret_size; NULL if it cannot be read. */
char *
bh_read_file_to_buffer(const char *filename, uint32 *ret_size);

#endif
