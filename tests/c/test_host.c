/* Host functions: the params/results vecs a callback sees, multi-value results,
 * environments and their finalizers, re-entrancy, direct calls, traps from
 * callbacks (not truncated), and deep wasm -> host -> wasm recursion. */
#include "testlib.h"

static wasm_engine_t *engine;
static wasm_store_t *store;

/* ---- what the "shape" callback saw ---- */
static struct {
  int calls;
  size_t args_size, args_num, res_size, res_num;
  int res_zeroed;
  wasm_valkind_t kinds[3];
  int32_t p0;
  double p1;
  int64_t p2;
} seen;

static int all_zero(const void *p, size_t n) {
  const unsigned char *b = p;
  for (size_t i = 0; i < n; i++)
    if (b[i]) return 0;
  return 1;
}

static wasm_trap_t *shape_cb(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  seen.calls++;
  seen.args_size = args->size;
  seen.args_num = args->num_elems;
  seen.res_size = results->size;
  seen.res_num = results->num_elems;
  seen.res_zeroed = results->data != NULL && all_zero(results->data, results->size * sizeof(wasm_val_t));
  for (int i = 0; i < 3 && i < (int)args->size; i++) seen.kinds[i] = args->data[i].kind;
  seen.p0 = args->data[0].of.i32;
  seen.p1 = args->data[1].of.f64;
  seen.p2 = args->data[2].of.i64;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = 100;
  results->data[1].kind = WASM_F32;
  results->data[1].of.f32 = 5.75f;
  return NULL;
}

/* h3(x) = (x + 1, x * 2, x / 2) when *env == 0; a wrong second value otherwise. */
static int h3_env_calls;
static wasm_trap_t *h3_cb(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  int mode = *(int *)env;
  int32_t x = args->data[0].of.i32;
  h3_env_calls++;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = x + 1;
  results->data[1].kind = WASM_I64;
  results->data[1].of.i64 = (int64_t)x * 2 + (mode ? 1 : 0);
  results->data[2].kind = WASM_F64;
  results->data[2].of.f64 = x / 2.0;
  return NULL;
}

/* reenter(n) = down(n - 1) + n, through wasm_func_call */
static wasm_func_t *down_fn;
static int depth, max_depth;
static wasm_trap_t *reenter_cb(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  int32_t n = args->data[0].of.i32;
  depth++;
  if (depth > max_depth) max_depth = depth;
  wasm_val_t a[1] = {WASM_I32_VAL(n - 1)};
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
  wasm_trap_t *trap = wasm_func_call(down_fn, &av, &rv);
  depth--;
  if (trap) return trap;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = r[0].of.i32 + n;
  return NULL;
}

/* deep(n) = rec(n), through wasm_func_call; a trap is passed on */
static wasm_func_t *rec_fn;
static int deep_calls;
static wasm_trap_t *deep_cb(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  deep_calls++;
  wasm_val_t a[1] = {WASM_I32_VAL(args->data[0].of.i32)};
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
  wasm_trap_t *trap = wasm_func_call(rec_fn, &av, &rv);
  if (trap) return trap;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = r[0].of.i32;
  return NULL;
}

/* fail(x): traps with the message in env (a NUL-terminated C string) */
static wasm_trap_t *fail_cb(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  const char *text = env;
  if (args->data[0].of.i32 == 0) {
    results->data[0].kind = WASM_I32;
    results->data[0].of.i32 = 55;
    return NULL;
  }
  wasm_message_t msg;
  wasm_name_new_from_string_nt(&msg, text);
  wasm_trap_t *trap = wasm_trap_new(store, &msg);
  wasm_byte_vec_delete(&msg);
  return trap;
}

static int finalized;
static void *finalized_with;
static void count_finalizer(void *env) {
  finalized++;
  finalized_with = env;
}

static void check_trap_is(wasm_trap_t *trap, const char *expected) {
  CHECK(trap != NULL);
  if (!trap) return;
  wasm_message_t msg;
  wasm_trap_message(trap, &msg);
  CHECK_NAME_NT(&msg, expected);
  wasm_byte_vec_delete(&msg);
}

static wasm_functype_t *functype(const wasm_valkind_t *p, size_t np, const wasm_valkind_t *r, size_t nr) {
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new_uninitialized(&params, np);
  for (size_t i = 0; i < np; i++) params.data[i] = wasm_valtype_new(p[i]);
  wasm_valtype_vec_new_uninitialized(&results, nr);
  for (size_t i = 0; i < nr; i++) results.data[i] = wasm_valtype_new(r[i]);
  return wasm_functype_new(&params, &results);
}

static wasm_func_t *export_fn(wasm_extern_vec_t *ex, size_t i) { return wasm_extern_as_func(ex->data[i]); }

static int32_t call_i32_1(wasm_func_t *f, int32_t x, wasm_trap_t **trap_out) {
  wasm_val_t a[1] = {WASM_I32_VAL(x)};
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
  wasm_trap_t *trap = wasm_func_call(f, &av, &rv);
  if (trap_out) *trap_out = trap;
  else if (trap) wasm_trap_delete(trap);
  return trap ? -12345 : r[0].of.i32;
}

static char long_text[301];

int main(void) {
  engine = wasm_engine_new();
  store = wasm_store_new(engine);

  wasm_byte_vec_t bin;
  load_wasm("m2_host.wasm", &bin);
  wasm_module_t *module = wasm_module_new(store, &bin);
  wasm_byte_vec_delete(&bin);
  CHECK(module != NULL);
  if (!module) return test_summary();

  wasm_valkind_t shape_p[] = {WASM_I32, WASM_F64, WASM_I64}, shape_r[] = {WASM_I32, WASM_F32};
  wasm_valkind_t h3_p[] = {WASM_I32}, h3_r[] = {WASM_I32, WASM_I64, WASM_F64};
  wasm_valkind_t i32[] = {WASM_I32};
  wasm_functype_t *shape_ty = functype(shape_p, 3, shape_r, 2);
  wasm_functype_t *h3_ty = functype(h3_p, 1, h3_r, 3);
  wasm_functype_t *i_i = functype(i32, 1, i32, 1);

  int h3_mode = 0;
  for (int i = 0; i < 300; i++) long_text[i] = 'a' + i % 26;
  long_text[300] = '\0';
  static char boom[] = "boom";
  wasm_func_t *shape = wasm_func_new(store, shape_ty, shape_cb);
  wasm_func_t *h3 = wasm_func_new_with_env(store, h3_ty, h3_cb, &h3_mode, NULL);
  wasm_func_t *reenter = wasm_func_new(store, i_i, reenter_cb);
  wasm_func_t *deep = wasm_func_new(store, i_i, deep_cb);
  wasm_func_t *fail = wasm_func_new_with_env(store, i_i, fail_cb, boom, NULL);
  CHECK(shape && h3 && reenter && deep && fail);
  wasm_extern_t *ext[] = {wasm_func_as_extern(shape), wasm_func_as_extern(h3), wasm_func_as_extern(reenter),
                          wasm_func_as_extern(deep), wasm_func_as_extern(fail)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(ext);
  wasm_trap_t *trap = NULL;
  wasm_instance_t *inst = wasm_instance_new(store, module, &imports, &trap);
  CHECK(inst != NULL);
  if (!inst) return test_summary();
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  CHECK_EQ_INT(ex.size, 5);
  wasm_func_t *call_shape = export_fn(&ex, 0), *check3 = export_fn(&ex, 1);
  down_fn = export_fn(&ex, 2);
  rec_fn = export_fn(&ex, 3);
  wasm_func_t *call_fail = export_fn(&ex, 4);
  CHECK_EQ_INT(wasm_func_param_arity(call_shape), 0);
  CHECK_EQ_INT(wasm_func_param_arity(check3), 1);
  CHECK_EQ_INT(wasm_func_param_arity(call_fail), 1);

  /* ---- the vecs a callback receives ---- */
  {
    wasm_val_t r[1] = {WASM_INIT_VAL};
    wasm_val_vec_t av = WASM_EMPTY_VEC, rv = WASM_ARRAY_VEC(r);
    trap = wasm_func_call(call_shape, &av, &rv);
    CHECK(trap == NULL);
    CHECK_EQ_INT(seen.calls, 1);
    CHECK_EQ_INT(seen.args_size, 3);
    CHECK_EQ_INT(seen.args_num, 3);
    CHECK_EQ_INT(seen.res_size, 2);
    CHECK_EQ_INT(seen.res_num, 2);
    CHECK(seen.res_zeroed);
    CHECK_EQ_INT(seen.kinds[0], WASM_I32);
    CHECK_EQ_INT(seen.kinds[1], WASM_F64);
    CHECK_EQ_INT(seen.kinds[2], WASM_I64);
    CHECK_EQ_INT(seen.p0, 7);
    CHECK(seen.p1 == 2.5);
    CHECK_EQ_INT(seen.p2, 9);
    CHECK_EQ_INT(r[0].of.i32, 105); /* 100 + trunc(5.75), both results read back */
  }

  /* ---- a multi-value host function, checked in wasm ---- */
  CHECK_EQ_INT(call_i32_1(check3, 9, NULL), 1);
  CHECK_EQ_INT(call_i32_1(check3, -40, NULL), 1);
  CHECK_EQ_INT(h3_env_calls, 2);
  h3_mode = 1; /* the env is what the callback sees: now it answers wrong */
  CHECK_EQ_INT(call_i32_1(check3, 9, NULL), 0);
  h3_mode = 0;
  CHECK_EQ_INT(call_i32_1(check3, 9, NULL), 1);

  /* ---- host functions called directly ---- */
  {
    wasm_val_t a[1] = {WASM_I32_VAL(11)};
    wasm_val_t r[3];
    memset(r, 0, sizeof r);
    wasm_val_vec_t av = WASM_ARRAY_VEC(a);
    wasm_val_vec_t rv = {3, r, 0, sizeof(wasm_val_t), NULL};
    trap = wasm_func_call(h3, &av, &rv);
    CHECK(trap == NULL);
    CHECK_EQ_INT(rv.size, 3);
    CHECK_EQ_INT(rv.num_elems, 3);
    CHECK_EQ_INT(r[0].kind, WASM_I32);
    CHECK_EQ_INT(r[0].of.i32, 12);
    CHECK_EQ_INT(r[1].kind, WASM_I64);
    CHECK_EQ_INT(r[1].of.i64, 22);
    CHECK_EQ_INT(r[2].kind, WASM_F64);
    CHECK(r[2].of.f64 == 5.5);
    CHECK_EQ_INT(wasm_func_param_arity(h3), 1);
    CHECK_EQ_INT(wasm_func_result_arity(h3), 3);
    /* too small a results vec: the callback runs (as in WAMR), then a trap; the
       vec is left as it was */
    int before = h3_env_calls;
    memset(r, 0x5a, sizeof r);
    wasm_val_vec_t rv1 = {1, r, 1, sizeof(wasm_val_t), NULL};
    trap = wasm_func_call(h3, &av, &rv1);
    CHECK(trap != NULL);
    if (trap) wasm_trap_delete(trap);
    CHECK_EQ_INT(h3_env_calls, before + 1);
    CHECK_EQ_INT(rv1.size, 1);
    CHECK_EQ_INT(r[0].kind, 0x5a);
    before = h3_env_calls;
    /* missing args: a trap */
    trap = wasm_func_call(h3, NULL, &rv);
    CHECK(trap != NULL);
    if (trap) wasm_trap_delete(trap);
    CHECK_EQ_INT(h3_env_calls, before);

    /* shape, directly: the callback sees the same vec shapes */
    wasm_val_t sa[3] = {WASM_I32_VAL(-1), WASM_F64_VAL(0.5), WASM_I64_VAL(INT64_MAX)};
    wasm_val_t sr[2];
    memset(sr, 0x55, sizeof sr);
    wasm_val_vec_t sav = WASM_ARRAY_VEC(sa), srv = WASM_ARRAY_VEC(sr);
    memset(&seen, 0, sizeof seen);
    trap = wasm_func_call(shape, &sav, &srv);
    CHECK(trap == NULL);
    CHECK_EQ_INT(seen.calls, 1);
    CHECK_EQ_INT(seen.args_size, 3);
    CHECK_EQ_INT(seen.args_num, 3);
    CHECK_EQ_INT(seen.res_size, 2);
    CHECK_EQ_INT(seen.res_num, 2);
    CHECK(seen.res_zeroed);
    CHECK_EQ_INT(seen.p0, -1);
    CHECK(seen.p1 == 0.5);
    CHECK(seen.p2 == INT64_MAX);
    CHECK_EQ_INT(sr[0].kind, WASM_I32);
    CHECK_EQ_INT(sr[0].of.i32, 100);
    CHECK_EQ_INT(sr[1].kind, WASM_F32);
    CHECK(sr[1].of.f32 == 5.75f);
  }

  /* ---- re-entrancy: wasm -> host -> wasm -> host -> ... ---- */
  max_depth = 0;
  CHECK_EQ_INT(call_i32_1(down_fn, 3, NULL), 78);
  CHECK_EQ_INT(max_depth, 3);
  CHECK_EQ_INT(depth, 0);
  CHECK_EQ_INT(call_i32_1(down_fn, 0, NULL), 7);
  CHECK_EQ_INT(call_i32_1(down_fn, 1, NULL), 16);

  /* ---- traps from callbacks ---- */
  CHECK_EQ_INT(call_i32_1(call_fail, 0, NULL), 55);
  trap = NULL;
  call_i32_1(call_fail, 1, &trap);
  check_trap_is(trap, "Exception: boom");
  if (trap) {
    wasm_message_t msg;
    wasm_trap_message(trap, &msg);
    CHECK_EQ_INT(msg.size, 16);
    wasm_byte_vec_delete(&msg);
    wasm_trap_delete(trap);
  }
  /* directly */
  trap = NULL;
  call_i32_1(fail, 1, &trap);
  check_trap_is(trap, "Exception: boom");
  if (trap) wasm_trap_delete(trap);
  CHECK_EQ_INT(call_i32_1(fail, 0, NULL), 55);
  /* a 300-character message is not truncated */
  {
    wasm_func_t *fail_long = wasm_func_new_with_env(store, i_i, fail_cb, long_text, NULL);
    char expected[400];
    snprintf(expected, sizeof expected, "Exception: %s", long_text);
    trap = NULL;
    call_i32_1(fail_long, 1, &trap);
    check_trap_is(trap, expected);
    if (trap) {
      wasm_message_t msg;
      wasm_trap_message(trap, &msg);
      CHECK_EQ_INT(msg.size, 312);
      wasm_byte_vec_delete(&msg);
      wasm_trap_delete(trap);
    }
    wasm_func_delete(fail_long);
  }
  /* a short wasm -> host -> wasm chain */
  CHECK_EQ_INT(call_i32_1(rec_fn, 3, NULL), 3);

  /* ---- deep recursion wasm -> host -> wasm: a trap, not a crash ---- */
  deep_calls = 0;
  trap = NULL;
  int32_t deep_result = call_i32_1(rec_fn, 10000, &trap);
  CHECK(trap != NULL);
  CHECK_EQ_INT(deep_result, -12345);
  CHECK(deep_calls > 10 && deep_calls < 10000);
  if (trap) {
    wasm_message_t msg;
    wasm_trap_message(trap, &msg);
    CHECK(msg.size > 11 && memcmp(msg.data, "Exception: ", 11) == 0);
    CHECK(msg.size > 0 && msg.data[msg.size - 1] == '\0');
    CHECK(strstr(msg.data, "stack overflow") != NULL);
    CHECK(strstr(msg.data, "Exception: Exception") == NULL);
    wasm_byte_vec_delete(&msg);
    wasm_trap_delete(trap);
  }
  /* the store still works afterwards */
  CHECK_EQ_INT(call_i32_1(rec_fn, 50, NULL), 50);
  max_depth = 0;
  CHECK_EQ_INT(call_i32_1(down_fn, 3, NULL), 78);

  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
  wasm_func_delete(shape);
  wasm_func_delete(h3);
  wasm_func_delete(reenter);
  wasm_func_delete(deep);
  wasm_func_delete(fail);
  wasm_module_delete(module);

  /* ---- NULL arguments ---- */
  CHECK(wasm_func_new(store, NULL, shape_cb) == NULL);
  CHECK(wasm_func_new(NULL, i_i, shape_cb) == NULL);
  CHECK(wasm_func_new(store, i_i, NULL) == NULL);
  CHECK(wasm_func_new_with_env(store, i_i, NULL, NULL, NULL) == NULL);
  CHECK(wasm_func_new_with_env(NULL, i_i, fail_cb, NULL, NULL) == NULL);

  /* ---- env finalizers: exactly once, when the store is deleted ---- */
  {
    wasm_store_t *s2 = wasm_store_new(engine);
    int env_a = 0, env_b = 2; /* env_a is also h3's mode: 0 answers right */
    finalized = 0;
    wasm_func_t *fa = wasm_func_new_with_env(s2, h3_ty, h3_cb, &env_a, count_finalizer);
    wasm_func_t *fa2 = wasm_func_copy(fa);
    CHECK(fa2 != NULL);
    CHECK(wasm_func_same(fa, fa2));
    /* used through an instance too */
    wasm_byte_vec_t b2;
    load_wasm("m2_host.wasm", &b2);
    wasm_module_t *m2 = wasm_module_new(s2, &b2);
    wasm_byte_vec_delete(&b2);
    wasm_func_t *fb = wasm_func_new_with_env(s2, i_i, fail_cb, &env_b, count_finalizer);
    /* linking is positional: a placeholder keeps slot 0 (shape) empty, fa is h3 */
    wasm_extern_t *empty0 = wasm_extern_new_empty(s2, WASM_EXTERN_FUNC);
    wasm_extern_t *v2[] = {empty0, wasm_func_as_extern(fa)};
    wasm_extern_vec_t imp2 = WASM_ARRAY_VEC(v2);
    wasm_instance_t *i2 = wasm_instance_new(s2, m2, &imp2, NULL);
    CHECK(i2 != NULL);
    wasm_extern_vec_t ex2;
    wasm_instance_exports(i2, &ex2);
    h3_mode = 0;
    CHECK_EQ_INT(call_i32_1(wasm_extern_as_func(ex2.data[1]), 4, NULL), 1);
    wasm_extern_vec_delete(&ex2);
    wasm_instance_delete(i2);
    wasm_extern_delete(empty0);
    wasm_module_delete(m2);
    wasm_func_delete(fa);
    wasm_func_delete(fa2);
    wasm_func_delete(fb);
    CHECK_EQ_INT(finalized, 0);
    wasm_store_delete(s2);
    CHECK_EQ_INT(finalized, 2);

    /* a single function, never called */
    wasm_store_t *s3 = wasm_store_new(engine);
    finalized = 0;
    finalized_with = NULL;
    wasm_func_t *fc = wasm_func_new_with_env(s3, i_i, fail_cb, &env_a, count_finalizer);
    CHECK(fc != NULL);
    wasm_func_delete(fc);
    CHECK_EQ_INT(finalized, 0);
    wasm_store_delete(s3);
    CHECK_EQ_INT(finalized, 1);
    CHECK(finalized_with == &env_a);

    /* a NULL finalizer is fine */
    wasm_store_t *s4 = wasm_store_new(engine);
    wasm_func_t *fd = wasm_func_new_with_env(s4, i_i, fail_cb, &env_a, NULL);
    CHECK(fd != NULL);
    wasm_func_delete(fd);
    wasm_store_delete(s4);
    CHECK_EQ_INT(finalized, 1);
  }

  wasm_functype_delete(shape_ty);
  wasm_functype_delete(h3_ty);
  wasm_functype_delete(i_i);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return test_summary();
}
