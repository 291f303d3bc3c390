/* Traps: the exact message of every runtime trap, deep recursion, wasm_trap_new,
 * messages of NULL, origin/trace consistency, copy/same, frame functions on NULL. */
#include "testlib.h"

static wasm_engine_t *engine;
static wasm_store_t *store;
static wasm_extern_vec_t exports;

enum {
  UNREACHABLE, DIV0, REM0, OVERFLOW, TRUNC_BIG, TRUNC_NAN, OOB_LOAD, OOB_STORE, CALL_MISMATCH,
  CALL_UNDEFINED, CALL_NULL, CALL_OK, RECURSE, FINE, N_EXPORTS
};

static wasm_func_t *fn(int i) { return wasm_extern_as_func(exports.data[i]); }

/* Calls export `i` with no arguments (RECURSE gets 0) and room for one result. */
static wasm_trap_t *call(int i, wasm_val_t *result) {
  wasm_val_t a[1] = {WASM_I32_VAL(0)};
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = {wasm_func_param_arity(fn(i)), a, wasm_func_param_arity(fn(i)), sizeof(wasm_val_t), NULL};
  wasm_val_vec_t results = WASM_ARRAY_VEC(r);
  wasm_trap_t *trap = wasm_func_call(fn(i), &args, &results);
  if (result) *result = r[0];
  return trap;
}

/* The export traps with exactly `expected` (plus the counted NUL). */
static void check_traps_with(int i, const char *expected) {
  wasm_trap_t *trap = call(i, NULL);
  CHECK(trap != NULL);
  if (!trap) {
    fprintf(stderr, "  export %d did not trap (expected \"%s\")\n", i, expected);
    return;
  }
  wasm_message_t msg;
  wasm_trap_message(trap, &msg);
  CHECK_NAME_NT(&msg, expected);
  CHECK_EQ_INT(msg.size, strlen(expected) + 1);
  CHECK_EQ_INT(msg.num_elems, msg.size);
  wasm_byte_vec_delete(&msg);

  /* origin and trace agree: no origin means an empty trace */
  wasm_frame_t *origin = wasm_trap_origin(trap);
  wasm_frame_vec_t trace;
  wasm_trap_trace(trap, &trace);
  if (origin == NULL) {
    CHECK_EQ_INT(trace.size, 0);
  } else {
    CHECK(trace.size >= 1);
    if (trace.size >= 1) {
      CHECK_EQ_INT(wasm_frame_func_index(trace.data[0]), wasm_frame_func_index(origin));
      CHECK_EQ_INT(wasm_frame_func_offset(trace.data[0]), wasm_frame_func_offset(origin));
    }
    wasm_frame_t *copy = wasm_frame_copy(origin);
    CHECK(copy != NULL);
    CHECK_EQ_INT(wasm_frame_func_index(copy), wasm_frame_func_index(origin));
    wasm_frame_delete(copy);
    wasm_frame_delete(origin);
  }
  wasm_frame_vec_delete(&trace);
  wasm_trap_delete(trap);
}

static void test_runtime_traps(void) {
  check_traps_with(UNREACHABLE, "Exception: unreachable");
  check_traps_with(DIV0, "Exception: integer divide by zero");
  check_traps_with(REM0, "Exception: integer divide by zero");
  check_traps_with(OVERFLOW, "Exception: integer overflow");
  check_traps_with(TRUNC_BIG, "Exception: integer overflow");
  check_traps_with(TRUNC_NAN, "Exception: invalid conversion to integer");
  check_traps_with(OOB_LOAD, "Exception: out of bounds memory access");
  check_traps_with(OOB_STORE, "Exception: out of bounds memory access");
  check_traps_with(CALL_MISMATCH, "Exception: indirect call type mismatch");
  check_traps_with(CALL_UNDEFINED, "Exception: undefined element");
  check_traps_with(CALL_NULL, "Exception: uninitialized element");

  /* positive cases: the same instance keeps working after each trap */
  wasm_val_t r;
  wasm_trap_t *trap = call(CALL_OK, &r);
  CHECK(trap == NULL);
  CHECK_EQ_INT(r.of.i32, 1);
  trap = call(FINE, &r);
  CHECK(trap == NULL);
  CHECK_EQ_INT(r.of.i32, 5);
}

static void test_deep_recursion(void) {
  wasm_trap_t *trap = call(RECURSE, NULL);
  CHECK(trap != NULL);
  if (!trap) return;
  wasm_message_t msg;
  wasm_trap_message(trap, &msg);
  CHECK(msg.size > 11 && memcmp(msg.data, "Exception: ", 11) == 0);
  CHECK(msg.size > 0 && msg.data[msg.size - 1] == '\0');
  CHECK(msg.size > 0 && strstr(msg.data, "stack overflow") != NULL);
  CHECK_EQ_INT(strlen(msg.data) + 1, msg.size);
  wasm_byte_vec_delete(&msg);
  wasm_trap_delete(trap);
  /* still usable */
  wasm_val_t r;
  trap = call(FINE, &r);
  CHECK(trap == NULL);
  CHECK_EQ_INT(r.of.i32, 5);
}

static void test_trap_new(void) {
  /* copied exactly as given: no NUL added, no prefix */
  wasm_message_t abc = {3, "abc", 3, 1, NULL};
  wasm_trap_t *t = wasm_trap_new(store, &abc);
  CHECK(t != NULL);
  wasm_message_t out;
  wasm_trap_message(t, &out);
  CHECK_EQ_INT(out.size, 3);
  CHECK(out.size == 3 && memcmp(out.data, "abc", 3) == 0);
  CHECK(out.data != abc.data); /* a copy */
  wasm_byte_vec_delete(&out);

  /* with the NUL, as wasm_name_new_from_string_nt makes it */
  wasm_message_t nt;
  wasm_name_new_from_string_nt(&nt, "hello");
  CHECK_EQ_INT(nt.size, 6);
  wasm_trap_t *t2 = wasm_trap_new(store, &nt);
  wasm_byte_vec_delete(&nt); /* the trap keeps its own copy */
  wasm_trap_message(t2, &out);
  CHECK_NAME_NT(&out, "hello");
  wasm_byte_vec_delete(&out);

  /* a host-made trap has no frames */
  CHECK(wasm_trap_origin(t2) == NULL);
  wasm_frame_vec_t trace;
  wasm_trap_trace(t2, &trace);
  CHECK_EQ_INT(trace.size, 0);
  wasm_frame_vec_delete(&trace);

  /* NULL message: an empty one */
  wasm_trap_t *t3 = wasm_trap_new(store, NULL);
  CHECK(t3 != NULL);
  wasm_trap_message(t3, &out);
  CHECK_EQ_INT(out.size, 0);
  wasm_byte_vec_delete(&out);

  /* NULL store: NULL */
  CHECK(wasm_trap_new(NULL, &abc) == NULL);

  /* copy / same */
  wasm_trap_t *c = wasm_trap_copy(t);
  CHECK(c != NULL);
  CHECK(c != t);
  wasm_trap_message(c, &out);
  CHECK(out.size == 3 && memcmp(out.data, "abc", 3) == 0);
  wasm_byte_vec_delete(&out);
  CHECK(wasm_trap_same(t, c));
  CHECK(wasm_trap_same(t, t));
  CHECK(!wasm_trap_same(t, t2));
  CHECK(!wasm_trap_same(t, NULL));
  CHECK(!wasm_trap_same(NULL, t));
  CHECK(wasm_trap_copy(NULL) == NULL);
  /* the copy outlives the original */
  wasm_trap_delete(t);
  wasm_trap_message(c, &out);
  CHECK(out.size == 3 && memcmp(out.data, "abc", 3) == 0);
  wasm_byte_vec_delete(&out);

  /* a runtime trap's copy has the same message */
  wasm_trap_t *rt = call(UNREACHABLE, NULL);
  wasm_trap_t *rc = wasm_trap_copy(rt);
  wasm_trap_message(rc, &out);
  CHECK_NAME_NT(&out, "Exception: unreachable");
  wasm_byte_vec_delete(&out);
  CHECK(wasm_trap_same(rt, rc));
  wasm_frame_t *o1 = wasm_trap_origin(rt), *o2 = wasm_trap_origin(rc);
  CHECK((o1 == NULL) == (o2 == NULL));
  if (o1 && o2) CHECK_EQ_INT(wasm_frame_func_index(o1), wasm_frame_func_index(o2));
  wasm_frame_delete(o1);
  wasm_frame_delete(o2);
  wasm_trap_delete(rt);
  wasm_trap_delete(rc);

  /* host info on traps */
  int info = 1;
  wasm_trap_set_host_info(c, &info);
  CHECK(wasm_trap_get_host_info(c) == &info);
  CHECK(wasm_trap_get_host_info(NULL) == NULL);
  /* as a ref */
  wasm_ref_t *ref = wasm_trap_as_ref(c);
  CHECK(ref != NULL);
  CHECK(wasm_ref_as_trap(ref) == c);
  CHECK(wasm_ref_as_func(ref) == NULL);

  wasm_trap_delete(c);
  wasm_trap_delete(t2);
  wasm_trap_delete(t3);
}

static void test_nulls(void) {
  /* wasm_trap_message of NULL: an empty vec */
  wasm_message_t out;
  memset(&out, 0x5a, sizeof out);
  wasm_trap_message(NULL, &out);
  CHECK_EQ_INT(out.size, 0);
  CHECK(out.data == NULL);
  wasm_byte_vec_delete(&out);
  wasm_trap_message(NULL, NULL); /* no crash */

  CHECK(wasm_trap_origin(NULL) == NULL);
  wasm_frame_vec_t trace;
  memset(&trace, 0x5a, sizeof trace);
  wasm_trap_trace(NULL, &trace);
  CHECK_EQ_INT(trace.size, 0);
  CHECK(trace.data == NULL);
  wasm_frame_vec_delete(&trace);
  wasm_trap_trace(NULL, NULL);
  wasm_trap_delete(NULL);

  /* frame functions on NULL */
  CHECK(wasm_frame_copy(NULL) == NULL);
  CHECK(wasm_frame_instance(NULL) == NULL);
  CHECK_EQ_INT(wasm_frame_func_index(NULL), 0);
  CHECK_EQ_INT(wasm_frame_func_offset(NULL), 0);
  CHECK_EQ_INT(wasm_frame_module_offset(NULL), 0);
  wasm_frame_delete(NULL);
}

int main(void) {
  engine = wasm_engine_new();
  store = wasm_store_new(engine);
  wasm_byte_vec_t bin;
  load_wasm("m2_trap.wasm", &bin);
  wasm_module_t *module = wasm_module_new(store, &bin);
  wasm_byte_vec_delete(&bin);
  CHECK(module != NULL);
  if (!module) return test_summary();
  wasm_trap_t *trap = NULL;
  wasm_instance_t *inst = wasm_instance_new(store, module, NULL, &trap);
  CHECK(inst != NULL);
  if (!inst) return test_summary();
  wasm_instance_exports(inst, &exports);
  CHECK_EQ_INT(exports.size, N_EXPORTS);
  if (exports.size != N_EXPORTS) return test_summary();
  CHECK_EQ_INT(wasm_func_param_arity(fn(RECURSE)), 1);
  CHECK_EQ_INT(wasm_func_result_arity(fn(FINE)), 1);

  test_runtime_traps();
  test_deep_recursion();
  test_trap_new();
  test_nulls();

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(inst);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return test_summary();
}
