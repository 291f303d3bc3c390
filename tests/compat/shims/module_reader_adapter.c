/* WAMR 2.4.3's samples/wasm-c-api/src/globalexportimport.c hands wasm_runtime_set_module_reader
 * the `reader` of src/utils/multi_module_utils.c, written for the older three-argument
 * callback (name, buffer, size), while wasm_export.h's module_reader takes the package type
 * first: WAMR itself then calls it with shifted arguments and it crashes on a NULL name
 * (WAMR's CMakeLists leaves that sample out). make compat compiles globalexportimport.c with
 * -Dreader=compat_module_reader, so that the sample registers this adapter of ours, which has
 * the header's signature and calls the sample's `reader` as it was written. */
#include "bh_platform.h"

bool
reader(const char *module_name, uint8 **p_buffer, uint32 *p_size);

bool
compat_module_reader(package_type_t module_type, const char *module_name, uint8_t **p_buffer,
                     uint32_t *p_size)
{
    (void)module_type;
    return reader(module_name, p_buffer, p_size);
}
