/* make compat: a small iwasm-like runner of ours for WAMR's samples/native-lib (WAMR's own
 * product-mini iwasm is not in the WAMR tree we test with). It uses wasm_export.h only:
 *
 *   iwasm_runner [--native-lib=LIB.so]... [--dir=DIR]... [--stack-size=N] [--heap-size=N]
 *                APP.wasm [ARG]...
 *
 * As iwasm does: each --native-lib is dlopen'ed after the runtime is up, its optional
 * init_native_lib() is called (non-zero refuses the library), its get_native_lib() gives a
 * module name and a NativeSymbol array that is registered before the app is loaded (natives
 * resolve at load); the app's main runs with WASI args (argv[0] is the app's path) and
 * preopened dirs; at the end the natives are unregistered, deinit_native_lib() called and the
 * libraries closed. Exit status: the app's WASI exit code, 1 if it could not run or trapped. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasm_export.h"

#define MAX_LIBS 16
#define MAX_DIRS 16

struct native_lib {
    void *handle;
    char *module_name;
    NativeSymbol *symbols;
};

typedef uint32_t (*get_native_lib_fn)(char **module_name, NativeSymbol **symbols);
typedef int (*init_native_lib_fn)(void);
typedef void (*deinit_native_lib_fn)(void);

static unsigned char *
read_file(const char *path, uint32_t *size)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    long n;

    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0
        && (buf = malloc((size_t)n))) {
        if (fread(buf, 1, (size_t)n, f) == (size_t)n)
            *size = (uint32_t)n;
        else {
            free(buf);
            buf = NULL;
        }
    }
    fclose(f);
    return buf;
}

static int
load_native_lib(const char *path, struct native_lib *lib)
{
    init_native_lib_fn init;
    get_native_lib_fn get;
    uint32_t n;

    if (!(lib->handle = dlopen(path, RTLD_NOW | RTLD_GLOBAL))) {
        fprintf(stderr, "cannot open native lib %s: %s\n", path, dlerror());
        return 0;
    }
    if ((init = (init_native_lib_fn)dlsym(lib->handle, "init_native_lib")) && init() != 0) {
        fprintf(stderr, "init_native_lib of %s failed\n", path);
        dlclose(lib->handle);
        return 0;
    }
    if (!(get = (get_native_lib_fn)dlsym(lib->handle, "get_native_lib"))
        || !(n = get(&lib->module_name, &lib->symbols))
        || !wasm_runtime_register_natives(lib->module_name, lib->symbols, n)) {
        fprintf(stderr, "cannot register the natives of %s\n", path);
        dlclose(lib->handle);
        return 0;
    }
    return 1;
}

static void
unload_native_lib(struct native_lib *lib)
{
    deinit_native_lib_fn deinit;

    wasm_runtime_unregister_natives(lib->module_name, lib->symbols);
    if ((deinit = (deinit_native_lib_fn)dlsym(lib->handle, "deinit_native_lib")))
        deinit();
    dlclose(lib->handle);
}

int
main(int argc, char *argv[])
{
    const char *lib_paths[MAX_LIBS], *dirs[MAX_DIRS];
    struct native_lib libs[MAX_LIBS];
    int n_paths = 0, n_libs = 0, n_dirs = 0, i, status = 1;
    uint32_t stack_size = 64 * 1024, heap_size = 16 * 1024, size = 0;
    unsigned char *wasm = NULL;
    char error[128];
    wasm_module_t module = NULL;
    wasm_module_inst_t inst = NULL;

    for (i = 1; i < argc && argv[i][0] == '-'; i++) {
        if (!strncmp(argv[i], "--native-lib=", 13) && n_paths < MAX_LIBS)
            lib_paths[n_paths++] = argv[i] + 13;
        else if (!strncmp(argv[i], "--dir=", 6) && n_dirs < MAX_DIRS)
            dirs[n_dirs++] = argv[i] + 6;
        else if (!strncmp(argv[i], "--stack-size=", 13))
            stack_size = (uint32_t)strtoul(argv[i] + 13, NULL, 0);
        else if (!strncmp(argv[i], "--heap-size=", 12))
            heap_size = (uint32_t)strtoul(argv[i] + 12, NULL, 0);
        else {
            fprintf(stderr, "unknown option %s\n", argv[i]);
            return 1;
        }
    }
    if (i >= argc) {
        fprintf(stderr, "usage: %s [--native-lib=LIB]... [--dir=DIR]... APP.wasm [ARG]...\n", argv[0]);
        return 1;
    }

    if (!wasm_runtime_init()) {
        fprintf(stderr, "cannot initialize the runtime\n");
        return 1;
    }
    for (int k = 0; k < n_paths; k++)
        if (load_native_lib(lib_paths[k], &libs[n_libs]))
            n_libs++;

    if (!(wasm = read_file(argv[i], &size)))
        fprintf(stderr, "cannot read %s\n", argv[i]);
    else if (!(module = wasm_runtime_load(wasm, size, error, sizeof(error))))
        fprintf(stderr, "cannot load %s: %s\n", argv[i], error);
    else {
        wasm_runtime_set_wasi_args(module, dirs, (uint32_t)n_dirs, NULL, 0, NULL, 0, argv + i, argc - i);
        if (!(inst = wasm_runtime_instantiate(module, stack_size, heap_size, error, sizeof(error))))
            fprintf(stderr, "cannot instantiate %s: %s\n", argv[i], error);
        else if (!wasm_application_execute_main(inst, argc - i, argv + i))
            printf("%s\n", wasm_runtime_get_exception(inst));
        else
            status = wasm_runtime_is_wasi_mode(inst) ? (int)wasm_runtime_get_wasi_exit_code(inst) : 0;
    }

    if (inst)
        wasm_runtime_deinstantiate(inst);
    if (module)
        wasm_runtime_unload(module);
    free(wasm);
    while (n_libs > 0)
        unload_native_lib(&libs[--n_libs]);
    wasm_runtime_destroy();
    return status;
}
