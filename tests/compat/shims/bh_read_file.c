/* Our bh_read_file_to_buffer for WAMR's samples (see bh_read_file.h). */
#include "bh_read_file.h"

#include <errno.h>

char *
bh_read_file_to_buffer(const char *filename, uint32 *ret_size)
{
    FILE *file;
    long size;
    char *buffer = NULL;

    if (!filename || !ret_size || !(file = fopen(filename, "rb"))) {
        fprintf(stderr, "cannot open %s: %s\n", filename ? filename : "(null)", strerror(errno));
        return NULL;
    }
    if (fseek(file, 0, SEEK_END) == 0 && (size = ftell(file)) >= 0 && size <= UINT32_MAX
        && fseek(file, 0, SEEK_SET) == 0
        /* at least one byte: a runtime allocator may refuse a zero-sized block */
        && (buffer = wasm_runtime_malloc(size ? (uint32)size : 1))) {
        if (fread(buffer, 1, (size_t)size, file) == (size_t)size)
            *ret_size = (uint32)size;
        else {
            wasm_runtime_free(buffer);
            buffer = NULL;
        }
    }
    if (!buffer)
        fprintf(stderr, "cannot read %s\n", filename);
    fclose(file);
    return buffer;
}
