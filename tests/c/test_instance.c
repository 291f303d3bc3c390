/* Instances: positional import linking per kind, placeholders, missing imports,
 * start-function traps, type mismatches, foreign stores, exports, instantiation
 * arguments, host-created memory/table/global shared both ways, exec time. */
#include "testlib.h"

static wasm_engine_t *engine;
static wasm_store_t *store;

/* The trap's message, NUL-terminated and counted, contains `needle`. */
static int trap_mentions(wasm_trap_t *trap, const char *needle) {
  if (!trap) return 0;
  wasm_message_t msg;
  wasm_trap_message(trap, &msg);
  int ok = msg.size > 0 && msg.data[msg.size - 1] == '\0' && strstr(msg.data, needle) != NULL;
  if (!ok) fprintf(stderr, "  trap message: \"%.*s\"\n", (int)msg.size, msg.size ? msg.data : "");
  wasm_byte_vec_delete(&msg);
  return ok;
}

static void check_trap_is(wasm_trap_t *trap, const char *expected) {
  CHECK(trap != NULL);
  if (!trap) return;
  wasm_message_t msg;
  wasm_trap_message(trap, &msg);
  CHECK_NAME_NT(&msg, expected);
  wasm_byte_vec_delete(&msg);
}

static wasm_trap_t *ret_111(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = 111;
  return NULL;
}

static wasm_trap_t *ret_222(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = 222;
  return NULL;
}

/* Calls export `idx` (no params, one i32 result); sets *trap_out if it traps. */
static int32_t call_i32(wasm_extern_vec_t *exports, size_t idx, wasm_trap_t **trap_out) {
  wasm_func_t *f = wasm_extern_as_func(exports->data[idx]);
  wasm_val_t res[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_EMPTY_VEC, results = WASM_ARRAY_VEC(res);
  wasm_trap_t *trap = wasm_func_call(f, &args, &results);
  if (trap_out) *trap_out = trap;
  else if (trap) wasm_trap_delete(trap);
  return trap ? -1 : res[0].of.i32;
}

static wasm_func_t *new_i32_func(wasm_store_t *s, wasm_func_callback_t cb) {
  wasm_functype_t *ty = wasm_functype_new_0_1(wasm_valtype_new_i32());
  wasm_func_t *f = wasm_func_new(s, ty, cb);
  wasm_functype_delete(ty);
  return f;
}

static wasm_global_t *new_i32_global(wasm_store_t *s, wasm_mutability_t mut, int32_t v) {
  wasm_globaltype_t *ty = wasm_globaltype_new(wasm_valtype_new_i32(), mut);
  wasm_val_t val = WASM_I32_VAL(v);
  wasm_global_t *g = wasm_global_new(s, ty, &val);
  wasm_globaltype_delete(ty);
  return g;
}

static void test_positional_linking(void) {
  wasm_module_t *m = load_module(store, "m2_link.wasm");
  wasm_func_t *f1 = new_i32_func(store, ret_111);
  wasm_func_t *f2 = new_i32_func(store, ret_222);
  wasm_global_t *g = new_i32_global(store, WASM_CONST, 77);

  /* The module imports f1 (func), g (global), f2 (func); the vec is [g, f1, f2]. */
  wasm_extern_t *ext[] = {wasm_global_as_extern(g), wasm_func_as_extern(f1), wasm_func_as_extern(f2)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(ext);
  wasm_trap_t *trap = (wasm_trap_t *)1;
  wasm_instance_t *inst = wasm_instance_new(store, m, &imports, &trap);
  CHECK(inst != NULL);
  CHECK(trap == NULL);
  wasm_extern_vec_t exports;
  wasm_instance_exports(inst, &exports);
  CHECK_EQ_INT(exports.size, 3);
  CHECK_EQ_INT(exports.num_elems, 3);
  CHECK_EQ_INT(call_i32(&exports, 0, NULL), 111);
  CHECK_EQ_INT(call_i32(&exports, 1, NULL), 77);
  CHECK_EQ_INT(call_i32(&exports, 2, NULL), 222);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(inst);

  /* Swapping the two functions swaps what the imports call. */
  wasm_extern_t *swapped[] = {wasm_func_as_extern(f2), wasm_global_as_extern(g), wasm_func_as_extern(f1)};
  wasm_extern_vec_t imports2 = WASM_ARRAY_VEC(swapped);
  inst = wasm_instance_new(store, m, &imports2, NULL);
  CHECK(inst != NULL);
  wasm_instance_exports(inst, &exports);
  CHECK_EQ_INT(call_i32(&exports, 0, NULL), 222);
  CHECK_EQ_INT(call_i32(&exports, 1, NULL), 77);
  CHECK_EQ_INT(call_i32(&exports, 2, NULL), 111);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(inst);

  /* An empty placeholder keeps the first function slot unlinked; f2 still binds
   * to the second function import. */
  wasm_extern_t *empty = wasm_extern_new_empty(store, WASM_EXTERN_FUNC);
  CHECK(empty != NULL);
  CHECK_EQ_INT(wasm_extern_kind(empty), WASM_EXTERN_FUNC);
  CHECK(wasm_extern_type(empty) == NULL);
  CHECK(wasm_extern_as_func(empty) == NULL);
  wasm_extern_t *with_empty[] = {empty, wasm_global_as_extern(g), wasm_func_as_extern(f2)};
  wasm_extern_vec_t imports3 = WASM_ARRAY_VEC(with_empty);
  trap = NULL;
  inst = wasm_instance_new(store, m, &imports3, &trap);
  CHECK(inst != NULL);
  CHECK(trap == NULL);
  wasm_instance_exports(inst, &exports);
  wasm_trap_t *call_trap = NULL;
  call_i32(&exports, 0, &call_trap);
  check_trap_is(call_trap, "Exception: failed to call unlinked import function (env, f1)");
  if (call_trap) wasm_trap_delete(call_trap);
  CHECK_EQ_INT(call_i32(&exports, 1, NULL), 77);
  CHECK_EQ_INT(call_i32(&exports, 2, NULL), 222);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(inst);

  /* A placeholder for the global import: nothing built in, so instantiation fails. */
  wasm_extern_t *empty_g = wasm_extern_new_empty(store, WASM_EXTERN_GLOBAL);
  CHECK_EQ_INT(wasm_extern_kind(empty_g), WASM_EXTERN_GLOBAL);
  wasm_extern_t *with_empty_g[] = {wasm_func_as_extern(f1), empty_g, wasm_func_as_extern(f2)};
  wasm_extern_vec_t imports4 = WASM_ARRAY_VEC(with_empty_g);
  trap = NULL;
  inst = wasm_instance_new(store, m, &imports4, &trap);
  CHECK(inst == NULL);
  CHECK(trap_mentions(trap, "g"));
  if (trap) wasm_trap_delete(trap);
  if (inst) wasm_instance_delete(inst);
  wasm_extern_delete(empty);
  wasm_extern_delete(empty_g);

  /* A short vec: only the global; both function imports trap when called. */
  wasm_extern_t *only_g[] = {wasm_global_as_extern(g)};
  wasm_extern_vec_t imports5 = WASM_ARRAY_VEC(only_g);
  inst = wasm_instance_new(store, m, &imports5, NULL);
  CHECK(inst != NULL);
  wasm_instance_exports(inst, &exports);
  call_trap = NULL;
  call_i32(&exports, 0, &call_trap);
  check_trap_is(call_trap, "Exception: failed to call unlinked import function (env, f1)");
  if (call_trap) {
    wasm_message_t msg;
    wasm_trap_message(call_trap, &msg);
    CHECK_EQ_INT(msg.size, strlen("Exception: failed to call unlinked import function (env, f1)") + 1);
    wasm_byte_vec_delete(&msg);
    wasm_trap_delete(call_trap);
  }
  call_trap = NULL;
  call_i32(&exports, 2, &call_trap);
  check_trap_is(call_trap, "Exception: failed to call unlinked import function (env, f2)");
  if (call_trap) wasm_trap_delete(call_trap);
  CHECK_EQ_INT(call_i32(&exports, 1, NULL), 77);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(inst);

  /* A NULL vec: the global import is missing, instantiation fails. */
  trap = NULL;
  inst = wasm_instance_new(store, m, NULL, &trap);
  CHECK(inst == NULL);
  CHECK(trap_mentions(trap, "(env, g)"));
  if (trap) wasm_trap_delete(trap);
  /* ... and with a NULL trap pointer it still fails without crashing. */
  CHECK(wasm_instance_new(store, m, NULL, NULL) == NULL);

  wasm_func_delete(f1);
  wasm_func_delete(f2);
  wasm_global_delete(g);
  wasm_module_delete(m);
}

static void test_null_imports_funcs_only(void) {
  /* A module whose only imports are functions instantiates with NULL imports;
   * the missing functions trap when called. */
  wasm_module_t *m = load_module(store, "m2_host.wasm");
  wasm_trap_t *trap = NULL;
  wasm_instance_t *inst = wasm_instance_new(store, m, NULL, &trap);
  CHECK(inst != NULL);
  CHECK(trap == NULL);
  wasm_extern_vec_t exports;
  wasm_instance_exports(inst, &exports);
  /* export 0 is call_shape, which calls the import "shape" */
  wasm_trap_t *call_trap = NULL;
  call_i32(&exports, 0, &call_trap);
  check_trap_is(call_trap, "Exception: failed to call unlinked import function (env, shape)");
  if (call_trap) wasm_trap_delete(call_trap);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(inst);

  /* An empty (size 0) vec behaves the same. */
  wasm_extern_vec_t none = WASM_EMPTY_VEC;
  inst = wasm_instance_new(store, m, &none, &trap);
  CHECK(inst != NULL);
  wasm_instance_delete(inst);
  wasm_module_delete(m);
}

static void test_missing_non_func(void) {
  const char *mods[] = {"m2_need_global.wasm", "m2_need_table.wasm", "m2_need_memory.wasm"};
  const char *names[] = {"(env, needg)", "(env, needt)", "(env, needm)"};
  const char *words[] = {"global", "table", "memory"};
  for (int i = 0; i < 3; i++) {
    wasm_module_t *m = load_module(store, mods[i]);
    wasm_trap_t *trap = NULL;
    wasm_instance_t *inst = wasm_instance_new(store, m, NULL, &trap);
    CHECK(inst == NULL);
    CHECK(trap != NULL);
    CHECK(trap_mentions(trap, names[i]));
    CHECK(trap_mentions(trap, words[i]));
    if (trap) wasm_trap_delete(trap);
    wasm_module_delete(m);
  }
}

static void test_start_trap(void) {
  wasm_module_t *m = load_module(store, "m2_start_trap.wasm");
  wasm_trap_t *trap = NULL;
  wasm_instance_t *inst = wasm_instance_new(store, m, NULL, &trap);
  CHECK(inst == NULL);
  CHECK(trap != NULL);
  CHECK(trap_mentions(trap, "unreachable"));
  if (trap) wasm_trap_delete(trap);
  wasm_module_delete(m);
}

static wasm_trap_t *ret_i32_param(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32;
  return NULL;
}

static void test_type_mismatch(void) {
  wasm_module_t *m = load_module(store, "m2_link.wasm");
  wasm_func_t *f1 = new_i32_func(store, ret_111);
  wasm_func_t *f2 = new_i32_func(store, ret_222);
  wasm_global_t *g = new_i32_global(store, WASM_CONST, 77);

  /* f1 of type (i32) -> i32 where () -> i32 is imported */
  wasm_functype_t *bad_ty = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t *bad_f = wasm_func_new(store, bad_ty, ret_i32_param);
  wasm_functype_delete(bad_ty);
  wasm_extern_t *ext[] = {wasm_func_as_extern(bad_f), wasm_global_as_extern(g), wasm_func_as_extern(f2)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(ext);
  wasm_trap_t *trap = NULL;
  wasm_instance_t *inst = wasm_instance_new(store, m, &imports, &trap);
  CHECK(inst == NULL);
  check_trap_is(trap, "Exception: import (env, f1): expected (func (result i32)), got (func (param i32) (result i32))");
  if (trap) wasm_trap_delete(trap);

  /* an i64 global where an i32 global is imported */
  wasm_globaltype_t *gty = wasm_globaltype_new(wasm_valtype_new_i64(), WASM_CONST);
  wasm_val_t v64 = WASM_I64_VAL(5);
  wasm_global_t *bad_g = wasm_global_new(store, gty, &v64);
  wasm_globaltype_delete(gty);
  CHECK(bad_g != NULL);
  wasm_extern_t *ext2[] = {wasm_func_as_extern(f1), wasm_global_as_extern(bad_g), wasm_func_as_extern(f2)};
  wasm_extern_vec_t imports2 = WASM_ARRAY_VEC(ext2);
  trap = NULL;
  inst = wasm_instance_new(store, m, &imports2, &trap);
  CHECK(inst == NULL);
  check_trap_is(trap, "Exception: import (env, g): expected (global i32), got (global i64)");
  if (trap) wasm_trap_delete(trap);

  /* a mutable global where a const one is imported: accepted, as WAMR does; the
     module reads the value it had at instantiation */
  wasm_global_t *mut_g = new_i32_global(store, WASM_VAR, 5);
  wasm_extern_t *ext3[] = {wasm_func_as_extern(f1), wasm_global_as_extern(mut_g), wasm_func_as_extern(f2)};
  wasm_extern_vec_t imports3 = WASM_ARRAY_VEC(ext3);
  trap = NULL;
  inst = wasm_instance_new(store, m, &imports3, &trap);
  CHECK(inst != NULL);
  CHECK(trap == NULL);
  if (inst) {
    wasm_extern_vec_t exports;
    wasm_instance_exports(inst, &exports);
    wasm_val_t out[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_EMPTY_VEC, results = WASM_ARRAY_VEC(out);
    CHECK(exports.size == 3 && wasm_func_call(wasm_extern_as_func(exports.data[1]), &args, &results) == NULL);
    CHECK_EQ_INT(out[0].of.i32, 5);
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(inst);
  }

  /* a global where a function is imported: refused, naming the import */
  wasm_extern_t *ext5[] = {wasm_global_as_extern(g), wasm_global_as_extern(g), wasm_func_as_extern(f2)};
  wasm_extern_vec_t imports5 = WASM_ARRAY_VEC(ext5);
  trap = NULL;
  inst = wasm_instance_new(store, m, &imports5, &trap);
  CHECK(inst == NULL);
  check_trap_is(trap, "Exception: import (env, f2): expected (func (result i32)), got (global i32)");
  if (trap) wasm_trap_delete(trap);

  /* the right types work (positive case for the same vec shape) */
  wasm_extern_t *ext4[] = {wasm_func_as_extern(f1), wasm_global_as_extern(g), wasm_func_as_extern(f2)};
  wasm_extern_vec_t imports4 = WASM_ARRAY_VEC(ext4);
  trap = NULL;
  inst = wasm_instance_new(store, m, &imports4, &trap);
  CHECK(inst != NULL);
  CHECK(trap == NULL);
  wasm_instance_delete(inst);

  wasm_func_delete(bad_f);
  wasm_global_delete(bad_g);
  wasm_global_delete(mut_g);
  wasm_func_delete(f1);
  wasm_func_delete(f2);
  wasm_global_delete(g);
  wasm_module_delete(m);
}

static void test_other_store(void) {
  wasm_store_t *other = wasm_store_new(engine);
  wasm_module_t *m = load_module(store, "m2_link.wasm");
  wasm_func_t *f1 = new_i32_func(other, ret_111); /* from the other store */
  wasm_func_t *f2 = new_i32_func(store, ret_222);
  wasm_global_t *g = new_i32_global(store, WASM_CONST, 77);
  wasm_extern_t *ext[] = {wasm_func_as_extern(f1), wasm_global_as_extern(g), wasm_func_as_extern(f2)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(ext);
  wasm_trap_t *trap = NULL;
  wasm_instance_t *inst = wasm_instance_new(store, m, &imports, &trap);
  CHECK(inst == NULL);
  CHECK(trap != NULL);
  CHECK(trap_mentions(trap, "f1"));
  if (trap) wasm_trap_delete(trap);

  /* a global from the other store fails too */
  wasm_global_t *og = new_i32_global(other, WASM_CONST, 1);
  wasm_func_t *f1s = new_i32_func(store, ret_111);
  wasm_extern_t *ext2[] = {wasm_func_as_extern(f1s), wasm_global_as_extern(og), wasm_func_as_extern(f2)};
  wasm_extern_vec_t imports2 = WASM_ARRAY_VEC(ext2);
  trap = NULL;
  inst = wasm_instance_new(store, m, &imports2, &trap);
  CHECK(inst == NULL);
  CHECK(trap != NULL);
  if (trap) wasm_trap_delete(trap);

  wasm_func_delete(f1);
  wasm_func_delete(f1s);
  wasm_func_delete(f2);
  wasm_global_delete(g);
  wasm_global_delete(og);
  wasm_module_delete(m);
  wasm_store_delete(other);
}

static void test_exports(void) {
  wasm_module_t *m = load_module(store, "m2_exports.wasm");
  wasm_exporttype_vec_t types;
  wasm_module_exports(m, &types);
  const char *names[] = {"mem", "f", "tab", "glob", "grow", "size"};
  wasm_externkind_t kinds[] = {WASM_EXTERN_MEMORY, WASM_EXTERN_FUNC,  WASM_EXTERN_TABLE,
                               WASM_EXTERN_GLOBAL, WASM_EXTERN_FUNC, WASM_EXTERN_FUNC};
  CHECK_EQ_INT(types.size, 6);
  wasm_trap_t *trap = NULL;
  wasm_instance_t *inst = wasm_instance_new(store, m, NULL, &trap);
  CHECK(inst != NULL);
  wasm_extern_vec_t exports;
  wasm_instance_exports(inst, &exports);
  CHECK_EQ_INT(exports.size, 6);
  CHECK_EQ_INT(exports.num_elems, 6);
  for (size_t i = 0; i < 6 && i < exports.size && i < types.size; i++) {
    CHECK_NAME_NT(wasm_exporttype_name(types.data[i]), names[i]);
    CHECK_EQ_INT(wasm_extern_kind(exports.data[i]), kinds[i]);
    CHECK_EQ_INT(wasm_externtype_kind(wasm_exporttype_type(types.data[i])), kinds[i]);
    wasm_externtype_t *et = wasm_extern_type(exports.data[i]);
    CHECK(et != NULL);
    if (et) {
      CHECK_EQ_INT(wasm_externtype_kind(et), kinds[i]);
      wasm_externtype_delete(et);
    }
  }
  /* the casts agree with the kinds */
  CHECK(wasm_extern_as_memory(exports.data[0]) != NULL);
  CHECK(wasm_extern_as_func(exports.data[0]) == NULL);
  CHECK(wasm_extern_as_func(exports.data[1]) != NULL);
  CHECK(wasm_extern_as_table(exports.data[2]) != NULL);
  CHECK(wasm_extern_as_global(exports.data[3]) != NULL);
  CHECK_EQ_INT(wasm_memory_size(wasm_extern_as_memory(exports.data[0])), 1);
  CHECK_EQ_INT(wasm_table_size(wasm_extern_as_table(exports.data[2])), 3);
  wasm_val_t gv;
  wasm_global_get(wasm_extern_as_global(exports.data[3]), &gv);
  CHECK_EQ_INT(gv.kind, WASM_I64);
  CHECK_EQ_INT(gv.of.i64, 42);
  CHECK_EQ_INT(call_i32(&exports, 1, NULL), 1);

  /* exec time (profiling on): non-negative, 0 for an unknown name */
  CHECK(wasm_instance_sum_wasm_exec_time(inst) >= 0.0);
  CHECK(wasm_instance_get_wasm_func_exec_time(inst, "f") >= 0.0);
  CHECK(wasm_instance_get_wasm_func_exec_time(inst, "f") <= wasm_instance_sum_wasm_exec_time(inst));
  CHECK(wasm_instance_get_wasm_func_exec_time(inst, "no_such_function") == 0.0);
  CHECK(wasm_instance_get_wasm_func_exec_time(inst, "mem") == 0.0);
  CHECK(wasm_instance_get_wasm_func_exec_time(NULL, "f") == 0.0);
  CHECK(wasm_instance_get_wasm_func_exec_time(inst, NULL) == 0.0);
  CHECK(wasm_instance_sum_wasm_exec_time(NULL) == 0.0);

  wasm_extern_vec_delete(&exports);
  wasm_exporttype_vec_delete(&types);
  wasm_instance_delete(inst);

  /* NULL instance: an empty vec */
  wasm_extern_vec_t none;
  wasm_instance_exports(NULL, &none);
  CHECK_EQ_INT(none.size, 0);
  CHECK(none.data == NULL);
  wasm_module_delete(m);
}

static int32_t call_grow(wasm_func_t *grow, int32_t delta) {
  wasm_val_t a[1] = {WASM_I32_VAL(delta)};
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
  wasm_trap_t *trap = wasm_func_call(grow, &args, &results);
  if (trap) {
    wasm_trap_delete(trap);
    return -1000;
  }
  return r[0].of.i32;
}

static void test_with_args(void) {
  wasm_module_t *m = load_module(store, "m2_exports.wasm");

  /* _with_args: a working instance with the declared memory */
  wasm_trap_t *trap = NULL;
  wasm_instance_t *inst = wasm_instance_new_with_args(store, m, NULL, &trap, 64 * 1024, 0);
  CHECK(inst != NULL);
  CHECK(trap == NULL);
  wasm_extern_vec_t exports;
  wasm_instance_exports(inst, &exports);
  CHECK_EQ_INT(exports.size, 6);
  CHECK_EQ_INT(call_i32(&exports, 5, NULL), 1);
  /* without a cap the memory grows to its declared max of 10 */
  wasm_func_t *grow = wasm_extern_as_func(exports.data[4]);
  CHECK_EQ_INT(call_grow(grow, 4), 1);
  CHECK_EQ_INT(call_i32(&exports, 5, NULL), 5);
  CHECK_EQ_INT(call_grow(grow, 6), -1);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(inst);

  /* _with_args_ex: max_memory_pages caps memory.grow and wasm_memory_grow */
  wasm_store_t *s2 = wasm_store_new(engine);
  wasm_module_t *m2 = load_module(s2, "m2_exports.wasm");
  InstantiationArgs ia;
  memset(&ia, 0, sizeof ia);
  ia.default_stack_size = 64 * 1024;
  ia.max_memory_pages = 3;
  trap = NULL;
  inst = wasm_instance_new_with_args_ex(s2, m2, NULL, &trap, &ia);
  CHECK(inst != NULL);
  CHECK(trap == NULL);
  wasm_instance_exports(inst, &exports);
  grow = wasm_extern_as_func(exports.data[4]);
  wasm_memory_t *mem = wasm_extern_as_memory(exports.data[0]);
  CHECK_EQ_INT(wasm_memory_size(mem), 1);
  CHECK_EQ_INT(call_grow(grow, 3), -1); /* 1 + 3 > 3 */
  CHECK_EQ_INT(wasm_memory_size(mem), 1);
  CHECK_EQ_INT(call_grow(grow, 1), 1); /* to 2 */
  CHECK_EQ_INT(wasm_memory_size(mem), 2);
  CHECK(!wasm_memory_grow(mem, 2)); /* 2 + 2 > 3 */
  CHECK_EQ_INT(wasm_memory_size(mem), 2);
  CHECK(wasm_memory_grow(mem, 1)); /* to 3 */
  CHECK_EQ_INT(wasm_memory_size(mem), 3);
  CHECK_EQ_INT(call_i32(&exports, 5, NULL), 3);
  CHECK_EQ_INT(call_grow(grow, 1), -1);
  CHECK(!wasm_memory_grow(mem, 1));
  CHECK_EQ_INT(wasm_memory_data_size(mem), 3 * 65536);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(inst);

  /* a NULL args pointer means the defaults */
  trap = NULL;
  inst = wasm_instance_new_with_args_ex(s2, m2, NULL, &trap, NULL);
  CHECK(inst != NULL);
  CHECK(trap == NULL);
  if (inst) wasm_instance_delete(inst);

  /* NULL store or module: NULL */
  CHECK(wasm_instance_new_with_args_ex(NULL, m2, NULL, NULL, &ia) == NULL);
  CHECK(wasm_instance_new_with_args(s2, NULL, NULL, NULL, 0, 0) == NULL);
  CHECK(wasm_instance_new(NULL, m, NULL, NULL) == NULL);
  wasm_module_delete(m2);
  wasm_store_delete(s2);
  wasm_module_delete(m);
}

static wasm_trap_t *ret_seven_host(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = 70;
  return NULL;
}

static void test_shared_objects(void) {
  wasm_module_t *m = load_module(store, "m2_shared.wasm");
  wasm_limits_t mlim = {1, 4};
  wasm_memorytype_t *mty = wasm_memorytype_new(&mlim);
  wasm_memory_t *mem = wasm_memory_new(store, mty);
  wasm_memorytype_delete(mty);
  wasm_limits_t tlim = {2, 10};
  wasm_tabletype_t *tty = wasm_tabletype_new(wasm_valtype_new(WASM_FUNCREF), &tlim);
  wasm_table_t *tab = wasm_table_new(store, tty, NULL);
  wasm_tabletype_delete(tty);
  wasm_global_t *gm = new_i32_global(store, WASM_VAR, 5);
  CHECK(mem && tab && gm);

  /* the host writes before instantiation */
  wasm_memory_data(mem)[16] = 0x2a;
  wasm_func_t *hf = new_i32_func(store, ret_seven_host);
  CHECK(wasm_table_set(tab, 1, wasm_func_as_ref(hf)));

  /* order in the vec: global, table, memory (matched per kind) */
  wasm_extern_t *ext[] = {wasm_global_as_extern(gm), wasm_table_as_extern(tab), wasm_memory_as_extern(mem)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(ext);
  wasm_trap_t *trap = NULL;
  wasm_instance_t *inst = wasm_instance_new(store, m, &imports, &trap);
  CHECK(inst != NULL);
  CHECK(trap == NULL);
  if (!inst) {
    if (trap) wasm_trap_delete(trap);
    return;
  }
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  CHECK_EQ_INT(ex.size, 9);
  wasm_func_t *load = wasm_extern_as_func(ex.data[0]);
  wasm_func_t *store_f = wasm_extern_as_func(ex.data[1]);
  wasm_func_t *mem_size = wasm_extern_as_func(ex.data[2]);
  wasm_func_t *getg = wasm_extern_as_func(ex.data[3]);
  wasm_func_t *setg = wasm_extern_as_func(ex.data[4]);
  wasm_func_t *tab_size = wasm_extern_as_func(ex.data[5]);
  wasm_func_t *tab_is_null = wasm_extern_as_func(ex.data[6]);
  wasm_func_t *tab_put = wasm_extern_as_func(ex.data[7]);
  wasm_func_t *tab_call = wasm_extern_as_func(ex.data[8]);

  wasm_val_t a[2], r[1];
  wasm_val_vec_t args, res;
#define CALL(f, n, rn)                                  \
  (args.size = args.num_elems = (n), args.data = a,     \
   args.size_of_elem = sizeof(wasm_val_t), args.lock = NULL, \
   res.size = res.num_elems = (rn), res.data = r,       \
   res.size_of_elem = sizeof(wasm_val_t), res.lock = NULL, \
   r[0].of.i64 = -1, wasm_func_call((f), &args, &res))
#define NOTRAP(expr)                        \
  do {                                      \
    wasm_trap_t *t_ = (expr);               \
    CHECK(t_ == NULL);                      \
    if (t_) wasm_trap_delete(t_);           \
  } while (0)

  /* memory: host -> wasm */
  a[0] = (wasm_val_t)WASM_I32_VAL(16);
  NOTRAP(CALL(load, 1, 1));
  CHECK_EQ_INT(r[0].of.i32, 0x2a);
  /* memory: wasm -> host */
  a[0] = (wasm_val_t)WASM_I32_VAL(100);
  a[1] = (wasm_val_t)WASM_I32_VAL(0x01020304);
  NOTRAP(CALL(store_f, 2, 0));
  CHECK_EQ_INT((unsigned char)wasm_memory_data(mem)[100], 0x04);
  CHECK_EQ_INT((unsigned char)wasm_memory_data(mem)[103], 0x01);
  /* host grow is seen by wasm */
  CHECK(wasm_memory_grow(mem, 2));
  NOTRAP(CALL(mem_size, 0, 1));
  CHECK_EQ_INT(r[0].of.i32, 3);
  a[0] = (wasm_val_t)WASM_I32_VAL(2 * 65536 + 8);
  wasm_memory_data(mem)[2 * 65536 + 8] = 0x33;
  NOTRAP(CALL(load, 1, 1));
  CHECK_EQ_INT(r[0].of.i32, 0x33);
  CHECK(!wasm_memory_grow(mem, 2)); /* past the max of 4 */

  /* global: host -> wasm */
  NOTRAP(CALL(getg, 0, 1));
  CHECK_EQ_INT(r[0].of.i32, 5);
  wasm_val_t nv = WASM_I32_VAL(123);
  wasm_global_set(gm, &nv);
  NOTRAP(CALL(getg, 0, 1));
  CHECK_EQ_INT(r[0].of.i32, 123);
  /* global: wasm -> host */
  a[0] = (wasm_val_t)WASM_I32_VAL(-9);
  NOTRAP(CALL(setg, 1, 0));
  wasm_val_t gv;
  wasm_global_get(gm, &gv);
  CHECK_EQ_INT(gv.kind, WASM_I32);
  CHECK_EQ_INT(gv.of.i32, -9);

  /* table: host -> wasm */
  NOTRAP(CALL(tab_size, 0, 1));
  CHECK_EQ_INT(r[0].of.i32, 2);
  a[0] = (wasm_val_t)WASM_I32_VAL(0);
  NOTRAP(CALL(tab_is_null, 1, 1));
  CHECK_EQ_INT(r[0].of.i32, 1);
  a[0] = (wasm_val_t)WASM_I32_VAL(1);
  NOTRAP(CALL(tab_is_null, 1, 1));
  CHECK_EQ_INT(r[0].of.i32, 0);
  NOTRAP(CALL(tab_call, 1, 1)); /* the host function the host put at 1 */
  CHECK_EQ_INT(r[0].of.i32, 70);
  /* table: wasm -> host */
  CHECK(wasm_table_get(tab, 0) == NULL);
  a[0] = (wasm_val_t)WASM_I32_VAL(0);
  NOTRAP(CALL(tab_put, 1, 0));
  wasm_ref_t *e0 = wasm_table_get(tab, 0);
  CHECK(e0 != NULL);
  if (e0) {
    wasm_func_t *seven = wasm_ref_as_func(e0);
    CHECK(seven != NULL);
    CHECK_EQ_INT(wasm_func_result_arity(seven), 1);
    NOTRAP(CALL(seven, 0, 1));
    CHECK_EQ_INT(r[0].of.i32, 7);
    wasm_ref_delete(e0);
  }
  /* host grow is seen by wasm */
  CHECK(wasm_table_grow(tab, 3, NULL));
  NOTRAP(CALL(tab_size, 0, 1));
  CHECK_EQ_INT(r[0].of.i32, 5);
  CHECK(!wasm_table_grow(tab, 6, NULL)); /* past the max of 10 */
  CHECK_EQ_INT(wasm_table_size(tab), 5);

  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
  wasm_func_delete(hf);
  wasm_memory_delete(mem);
  wasm_table_delete(tab);
  wasm_global_delete(gm);
  wasm_module_delete(m);
#undef CALL
#undef NOTRAP
}

int main(void) {
  /* exec-time profiling is off by default (as in WAMR); the environment turns it on */
  setenv("WAMR_PERF_PROFILING", "1", 1);
  engine = wasm_engine_new();
  store = wasm_store_new(engine);
  CHECK(engine != NULL && store != NULL);
  test_positional_linking();
  test_null_imports_funcs_only();
  test_missing_non_func();
  test_start_trap();
  test_type_mismatch();
  test_other_store();
  test_exports();
  test_with_args();
  test_shared_objects();
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return test_summary();
}
