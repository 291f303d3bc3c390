/* wamr_store_interrupt on a plain store (no metering): every shape of endless or long
 * execution (loops, br_table, tail calls, recursion without loops) stops with
 * "Exception: interrupted" soon after the request, and the store keeps working. */
#include <pthread.h>
#include <time.h>
#include "extlib.h"



/* Calls `name` with one argument (i32 or i64 by `wide`) while another thread
 * interrupts the store after 50 ms; returns the seconds it took, checks the trap. */
static double interrupted_call(wasm_store_t *store, wasm_func_t *f, int nargs, int wide) {
  pthread_t t;
  pthread_create(&t, NULL, interrupt_later, store);
  wasm_val_t args[1] = {wide ? (wasm_val_t)WASM_I64_VAL(90) : (wasm_val_t)WASM_I32_VAL(0)};
  wasm_val_t res[1] = {WASM_INIT_VAL};
  wasm_val_vec_t av = {(size_t)nargs, args, (size_t)nargs, sizeof(wasm_val_t), NULL};
  wasm_val_vec_t rv = {wide ? 1u : 0u, res, wide ? 1u : 0u, sizeof(wasm_val_t), NULL};
  double start = now_seconds();
  wasm_trap_t *trap = wasm_func_call(f, &av, &rv);
  double took = now_seconds() - start;
  pthread_join(t, NULL);
  check_trap(trap, "Exception: interrupted");
  return took;
}

int main(void) {
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = load_module(store, "ext_interrupt.wasm");
  wasm_instance_t *inst = wasm_instance_new(store, module, NULL, NULL);
  CHECK(inst != NULL);
  wasm_extern_vec_t exports = WASM_EMPTY_VEC;
  wasm_instance_exports(inst, &exports);

  const char *endless[] = {"loop", "loop_if", "br_table", "tail_call", "tail_call_indirect"};
  for (size_t i = 0; i < sizeof endless / sizeof *endless; i++) {
    wasm_func_t *f = module_func(module, &exports, endless[i]);
    CHECK(f != NULL);
    if (!f) continue;
    double took = interrupted_call(store, f, strcmp(endless[i], "loop_if") == 0, 0);
    if (took > 1.0) fprintf(stderr, "%s: stopped after %.3f s\n", endless[i], took);
    CHECK(took < 1.0);
  }
  /* fib(90) would take centuries: recursion alone is interrupted too */
  wasm_func_t *fib = module_func(module, &exports, "fib");
  CHECK(interrupted_call(store, fib, 1, 1) < 1.0);

  /* the store still works, and the request was consumed */
  wasm_func_t *straight = module_func(module, &exports, "straight");
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t none = WASM_EMPTY_VEC, rv = WASM_ARRAY_VEC(r);
  CHECK(wasm_func_call(straight, &none, &rv) == NULL);
  CHECK_EQ_INT(r[0].of.i32, 7);
  wasm_val_t a[1] = {WASM_I64_VAL(20)};
  wasm_val_vec_t av = WASM_ARRAY_VEC(a);
  CHECK(wasm_func_call(fib, &av, &rv) == NULL);
  CHECK_EQ_INT(r[0].of.i64, 6765);

  /* a request while nothing runs stops the next call that branches or calls */
  CHECK(wamr_store_interrupt(store));
  wasm_trap_t *trap = wasm_func_call(fib, &av, &rv);
  CHECK(trap != NULL);
  wasm_trap_delete(trap);
  CHECK(wasm_func_call(fib, &av, &rv) == NULL);
  CHECK_EQ_INT(r[0].of.i64, 6765);

  /* another store is not affected by this one's request */
  wasm_store_t *other = wasm_store_new(engine);
  wasm_instance_t *other_inst = wasm_instance_new(other, module, NULL, NULL);
  wasm_extern_vec_t other_exports = WASM_EMPTY_VEC;
  wasm_instance_exports(other_inst, &other_exports);
  CHECK(wamr_store_interrupt(store));
  CHECK(wasm_func_call(module_func(module, &other_exports, "fib"), &av, &rv) == NULL);
  CHECK_EQ_INT(r[0].of.i64, 6765);
  CHECK(!wamr_store_interrupt(NULL));
  CHECK(!wamr_store_clear_interrupt(NULL));
  /* a withdrawn request stops nothing */
  CHECK(wamr_store_interrupt(store));
  CHECK(wamr_store_clear_interrupt(store));
  CHECK(wasm_func_call(fib, &av, &rv) == NULL);
  CHECK_EQ_INT(r[0].of.i64, 6765);

  wasm_extern_vec_delete(&other_exports);
  wasm_instance_delete(other_inst);
  wasm_store_delete(other);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(inst);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return test_summary();
}
