/* Extensions (our header only): metered stores, fuel budgets, timeouts,
 * interrupting a running call from another thread. */
#include <pthread.h>
#include <time.h>
#include "extlib.h"

static wasm_module_t *module;

static wasm_instance_t *instantiate(wasm_store_t *store) {
  wasm_extern_vec_t imports = WASM_EMPTY_VEC;
  wasm_trap_t *trap = NULL;
  wasm_instance_t *inst = wasm_instance_new(store, module, &imports, &trap);
  CHECK(inst != NULL && trap == NULL);
  return inst;
}

static wasm_func_t *export_func(wasm_extern_vec_t *exports, size_t i) {
  return wasm_extern_as_func(exports->data[i]);
}



int main(void) {
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *plain = wasm_store_new(engine);
  wasm_store_t *metered = wamr_store_new_metered(engine);
  CHECK(metered != NULL);
  wasm_byte_vec_t binary;
  load_wasm("ext_loops.wasm", &binary);
  module = wasm_module_new(plain, &binary);
  wasm_byte_vec_delete(&binary);
  CHECK(module != NULL);

  /* A plain store is not metered. */
  uint64_t fuel = 7;
  CHECK(!wamr_store_set_fuel(plain, 100));
  CHECK(!wamr_store_get_fuel(plain, &fuel));
  CHECK_EQ_INT(fuel, 7);

  /* The module compiled in the plain store instantiates in the metered one. */
  wasm_instance_t *inst = instantiate(metered);
  wasm_extern_vec_t exports;
  wasm_instance_exports(inst, &exports);
  wasm_func_t *forever = export_func(&exports, 0), *count = export_func(&exports, 1);

  /* Unlimited by default: a long count finishes. */
  CHECK(wamr_store_get_fuel(metered, &fuel));
  CHECK(fuel == UINT64_MAX);
  wasm_val_t args[1] = {WASM_I32_VAL(3000000)}, res[1] = {WASM_INIT_VAL};
  wasm_val_vec_t argv = WASM_ARRAY_VEC(args), resv = WASM_ARRAY_VEC(res);
  CHECK(wasm_func_call(count, &argv, &resv) == NULL);
  CHECK_EQ_INT(res[0].of.i32, 3000000);

  /* A budget: small work fits and is charged; an endless loop runs out. */
  CHECK(wamr_store_set_fuel(metered, 100000));
  args[0].of.i32 = 10;
  CHECK(wasm_func_call(count, &argv, &resv) == NULL);
  CHECK_EQ_INT(res[0].of.i32, 10);
  CHECK(wamr_store_get_fuel(metered, &fuel));
  CHECK(fuel < 100000 && fuel > 0);
  wasm_val_vec_t none = WASM_EMPTY_VEC, noresults = WASM_EMPTY_VEC;
  check_trap(wasm_func_call(forever, &none, &noresults), "Exception: all fuel consumed");
  CHECK(wamr_store_get_fuel(metered, &fuel));
  CHECK_EQ_INT(fuel, 0);
  /* With the budget spent, even a tiny call stops; refilling lets it run again. */
  args[0].of.i32 = 1;
  check_trap(wasm_func_call(count, &argv, &resv), "Exception: all fuel consumed");
  CHECK(wamr_store_set_fuel(metered, UINT64_MAX));
  CHECK(wasm_func_call(count, &argv, &resv) == NULL);

  /* Another thread interrupts an endless loop. */
  pthread_t t;
  pthread_create(&t, NULL, interrupt_later, metered);
  check_trap(wasm_func_call(forever, &none, &noresults), "Exception: interrupted");
  pthread_join(t, NULL);
  /* The interrupt was consumed: the next call runs normally. */
  args[0].of.i32 = 5;
  CHECK(wasm_func_call(count, &argv, &resv) == NULL);
  CHECK_EQ_INT(res[0].of.i32, 5);
  /* An interrupt with nothing running stops the next call. */
  CHECK(wamr_store_interrupt(metered));
  check_trap(wasm_func_call(count, &argv, &resv), "Exception: interrupted");

  /* A timeout stops an endless loop after about that long. */
  CHECK(wamr_store_set_timeout(metered, 100 * 1000));
  double started = now_seconds();
  check_trap(wasm_func_call(forever, &none, &noresults), "Exception: timeout");
  double elapsed = now_seconds() - started;
  CHECK(elapsed >= 0.1);
  CHECK(elapsed < 5.0);
  /* A short call under the timeout succeeds, and so does the next one. */
  args[0].of.i32 = 1000;
  CHECK(wasm_func_call(count, &argv, &resv) == NULL);
  CHECK_EQ_INT(res[0].of.i32, 1000);
  args[0].of.i32 = 2000;
  CHECK(wasm_func_call(count, &argv, &resv) == NULL);
  CHECK_EQ_INT(res[0].of.i32, 2000);
  /* The limit is per call, not per store: many short calls (each past a slice, so
   * the deadline is checked) add up past it. */
  started = now_seconds();
  args[0].of.i32 = 200000;
  int completed = 0;
  while (now_seconds() - started < 0.3 && wasm_func_call(count, &argv, &resv) == NULL) completed++;
  CHECK(now_seconds() - started >= 0.3);
  CHECK(completed > 2);
  /* Fuel still applies under a timeout, and its trap says so. */
  CHECK(wamr_store_set_fuel(metered, 50000));
  check_trap(wasm_func_call(forever, &none, &noresults), "Exception: all fuel consumed");
  CHECK(wamr_store_set_fuel(metered, UINT64_MAX));
  /* 0 removes the limit: a call longer than the old timeout finishes. */
  CHECK(wamr_store_set_timeout(metered, 0));
  started = now_seconds();
  args[0].of.i32 = 3000000;
  while (now_seconds() - started < 0.2) {
    CHECK(wasm_func_call(count, &argv, &resv) == NULL);
    CHECK_EQ_INT(res[0].of.i32, 3000000);
  }
  /* An interrupt wins over a timeout that has not expired. */
  CHECK(wamr_store_set_timeout(metered, 10 * 1000 * 1000));
  pthread_create(&t, NULL, interrupt_later, metered);
  started = now_seconds();
  check_trap(wasm_func_call(forever, &none, &noresults), "Exception: interrupted");
  pthread_join(t, NULL);
  CHECK(now_seconds() - started < 5.0);
  CHECK(wamr_store_set_timeout(metered, 0));
  /* Not metered, or NULL: no timeout. */
  CHECK(!wamr_store_set_timeout(plain, 1000));
  CHECK(!wamr_store_set_timeout(NULL, 1000));
  args[0].of.i32 = 7;
  CHECK(wasm_func_call(count, &argv, &resv) == NULL);
  CHECK_EQ_INT(res[0].of.i32, 7);

  /* NULL arguments. */
  CHECK(wamr_store_new_metered(NULL) == NULL);
  CHECK(!wamr_store_set_fuel(NULL, 1));
  CHECK(!wamr_store_get_fuel(metered, NULL));
  CHECK(!wamr_store_interrupt(NULL));

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(inst);
  wasm_module_delete(module);
  wasm_store_delete(metered);
  wasm_store_delete(plain);
  wasm_engine_delete(engine);
  return test_summary();
}
