/* wasm_runtime_call_wasm_v: wasm_runtime_call_wasm_a with the arguments given as C
 * varargs. Stable Rust cannot define a C-variadic function, so this one is C: it reads
 * one value per parameter of `function`, as its type says, into a wasm_val_t array and
 * hands that to wasm_runtime_call_wasm_a (capi/src/export/call.rs), which does the rest.
 *
 * How each kind is read follows WAMR: an i32 as uint32_t, an i64 as uint64_t, an f32
 * as a double (C promotes float varargs) narrowed to float, an f64 as a double, a
 * funcref as uint32_t, an externref as uintptr_t. A parameter of any other kind (v128)
 * cannot be passed (WAMR asserts): the call fails before any argument is read past it.
 *
 * Compiled by capi/build.rs with the `cc` crate; only the public functions of
 * wasm_export.h are used, so the types are declared here rather than taken from the
 * generated header. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct WASMExecEnv *wasm_exec_env_t;
typedef struct WASMModuleInstanceCommon *wasm_module_inst_t;
typedef void *wasm_function_inst_t;
typedef uint8_t wasm_valkind_t;

enum { K_I32 = 0, K_I64 = 1, K_F32 = 2, K_F64 = 3, K_EXTERNREF = 128, K_FUNCREF = 129 };

typedef struct wasm_val_t {
    wasm_valkind_t kind;
    uint8_t _paddings[7];
    union {
        int32_t i32;
        int64_t i64;
        float f32;
        double f64;
        uintptr_t foreign;
        void *ref;
    } of;
} wasm_val_t;

_Static_assert(sizeof(wasm_val_t) == 16, "wasm_val_t is 16 bytes");

wasm_module_inst_t wasm_runtime_get_module_inst(wasm_exec_env_t exec_env);
uint32_t wasm_func_get_param_count(wasm_function_inst_t func, wasm_module_inst_t module_inst);
void wasm_func_get_param_types(wasm_function_inst_t func, wasm_module_inst_t module_inst, wasm_valkind_t *param_types);
bool wasm_runtime_call_wasm_a(wasm_exec_env_t exec_env, wasm_function_inst_t function, uint32_t num_results,
                              wasm_val_t results[], uint32_t num_args, wasm_val_t *args);

#define ON_STACK 8

__attribute__((visibility("default"))) bool
wasm_runtime_call_wasm_v(wasm_exec_env_t exec_env, wasm_function_inst_t function, uint32_t num_results,
                         wasm_val_t results[], uint32_t num_args, ...)
{
    wasm_val_t args_buf[ON_STACK], *args = args_buf;
    wasm_valkind_t kinds_buf[ON_STACK], *kinds = kinds_buf;
    wasm_module_inst_t module_inst;
    bool ok = false, convertible = true;
    uint32_t i;
    va_list vargs;

    if (!exec_env || !(module_inst = wasm_runtime_get_module_inst(exec_env)))
        return false;
    /* 0 for a function that is not one of the instance's: with no arguments given,
       wasm_runtime_call_wasm_a then refuses it ("invalid function") */
    if (num_args != wasm_func_get_param_count(function, module_inst)) {
        fprintf(stderr, "The argument value number does not match the function declaration.\n");
        return false;
    }
    if (num_args > ON_STACK) {
        args = calloc(num_args, sizeof *args);
        kinds = malloc(num_args);
        if (!args || !kinds)
            goto done;
    }
    if (args == args_buf)
        memset(args_buf, 0, sizeof args_buf);
    wasm_func_get_param_types(function, module_inst, kinds);

    va_start(vargs, num_args);
    for (i = 0; i < num_args && convertible; i++) {
        args[i].kind = kinds[i];
        switch (kinds[i]) {
            case K_I32:
                args[i].of.i32 = (int32_t)va_arg(vargs, uint32_t);
                break;
            case K_I64:
                args[i].of.i64 = (int64_t)va_arg(vargs, uint64_t);
                break;
            case K_F32:
                args[i].of.f32 = (float)va_arg(vargs, double);
                break;
            case K_F64:
                args[i].of.f64 = va_arg(vargs, double);
                break;
            case K_FUNCREF:
                args[i].of.i32 = (int32_t)va_arg(vargs, uint32_t);
                break;
            case K_EXTERNREF:
                args[i].of.foreign = va_arg(vargs, uintptr_t);
                break;
            default:
                convertible = false;
                break;
        }
    }
    va_end(vargs);

    if (!convertible) {
        fprintf(stderr, "wasm_runtime_call_wasm_v: a v128 parameter cannot be passed as a vararg.\n");
        goto done;
    }
    ok = wasm_runtime_call_wasm_a(exec_env, function, num_results, results, num_args, args);

done:
    if (args != args_buf)
        free(args);
    if (kinds != kinds_buf)
        free(kinds);
    return ok;
}
