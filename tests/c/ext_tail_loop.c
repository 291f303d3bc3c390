/* Regression (found by fuzzing, tests/fuzz smith_instantiate): an endless chain of
 * `return_call`s in a metered store must end with the fuel trap, and be stoppable by
 * an interrupt, without growing the native stack. Long finite tail-call chains give
 * the right result, metered or not. */
#include <pthread.h>
#include <unistd.h>
#include "extlib.h"

static wasm_func_t *export_func(wasm_extern_vec_t *exports, size_t i) {
  return i < exports->size ? wasm_extern_as_func(exports->data[i]) : NULL;
}

int main(void) {
  wasm_engine_t *engine = wasm_engine_new();
  wasm_byte_vec_t bin;
  load_wasm("ext_tail_loop.wasm", &bin);
  for (int metered = 0; metered < 2; metered++) {
    wasm_store_t *store = metered ? wamr_store_new_metered(engine) : wasm_store_new(engine);
    wasm_module_t *module = wasm_module_new(store, &bin);
    CHECK(module != NULL);
    wasm_instance_t *inst = wasm_instance_new(store, module, NULL, NULL);
    CHECK(inst != NULL);
    wasm_extern_vec_t exports = WASM_EMPTY_VEC;
    wasm_instance_exports(inst, &exports);
    wasm_func_t *self = export_func(&exports, 0), *ping = export_func(&exports, 1),
                *countdown = export_func(&exports, 2);
    CHECK(self && ping && countdown);

    /* positive: a million tail calls come back with the result, stack unchanged */
    wasm_val_t a[1] = {WASM_I32_VAL(1000000)}, r[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(a), res = WASM_ARRAY_VEC(r);
    if (metered)
      CHECK(wamr_store_set_fuel(store, UINT64_MAX));
    CHECK(wasm_func_call(countdown, &args, &res) == NULL);
    CHECK_EQ_INT(r[0].of.i32, 7);

    if (metered) {
      wasm_val_vec_t none = WASM_EMPTY_VEC;
      /* negative: endless tail calls end with the fuel trap */
      CHECK(wamr_store_set_fuel(store, 5000000));
      check_trap(wasm_func_call(self, &none, &res), "Exception: all fuel consumed");
      a[0].of.i32 = 0;
      CHECK(wamr_store_set_fuel(store, 5000000));
      check_trap(wasm_func_call(ping, &args, &res), "Exception: all fuel consumed");
      /* ... or with an interrupt from another thread */
      CHECK(wamr_store_set_fuel(store, UINT64_MAX));
      pthread_t t;
      pthread_create(&t, NULL, interrupt_later, store);
      check_trap(wasm_func_call(ping, &args, &res), "Exception: interrupted");
      pthread_join(t, NULL);
      /* and the store still works */
      a[0].of.i32 = 1000;
      CHECK(wasm_func_call(countdown, &args, &res) == NULL);
      CHECK_EQ_INT(r[0].of.i32, 7);
    }
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(inst);
    wasm_module_delete(module);
    wasm_store_delete(store);
  }
  wasm_byte_vec_delete(&bin);
  wasm_engine_delete(engine);
  return test_summary();
}
