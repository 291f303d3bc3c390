/* The call paths of wasm_func_call and host functions: a signature of numbers only,
 * of any arity, takes the numeric path (capi/src/func_numeric.rs: wasmi's NumericFunc
 * and Func::new_numeric, values as raw bits); one with a reference, or any call in a
 * metered store, takes the untyped path (wasmi's Func::call / Func::new). This test
 * covers EVERY signature of 0-2 numeric params and 0-1 result (105), larger numeric
 * ones (3 params, 2 results, 8 params + 4 results, 17 params: past the 16 values a
 * call keeps on the native stack) and funcref/externref ones, both ways:
 *   - e<i>: a wasm export computing a value from all its params (bit-exact, floats
 *     included: NaN payloads, -0.0, infinities), called from C;
 *   - c<i>: a wasm export forwarding its params to the host import h<i> and
 *     returning what the host callback gives (results checked, args checked in the
 *     callback, lenient kinds, wrong kinds, traps, replaced result vectors);
 *   - negative cases: wrong kinds, too few args, no room for results: identical
 *     messages on both paths; re-entrancy; calls after the instance and the store
 *     are gone; a metered store (always untyped) gives the same values.
 * The module is generated here as WAT and built with wamr_wat_to_wasm. */
#include <stdarg.h>
#include "testlib.h"

#define MAXP 17
#define MAXR 4
#define N_SMALL 105
#define N_LARGE 7
#define NSIGS (N_SMALL + N_LARGE)
#define NSETS 8

typedef struct {
  int index, np, nr, small;
  wasm_valkind_t p[MAXP], r[MAXR];
  char name[160];
} sigdesc;

static sigdesc sigs[NSIGS];
static const wasm_valkind_t NUMS[4] = {WASM_I32, WASM_I64, WASM_F32, WASM_F64};

static const char *tyname(wasm_valkind_t k) {
  switch (k) {
    case WASM_I32: return "i32";
    case WASM_I64: return "i64";
    case WASM_F32: return "f32";
    case WASM_F64: return "f64";
    case WASM_EXTERNREF: return "externref";
    default: return "funcref";
  }
}

static void add_sig(int *n, int small, int np, const wasm_valkind_t *p, int nr, const wasm_valkind_t *r) {
  sigdesc *s = &sigs[(*n)++];
  s->index = *n - 1;
  s->small = small;
  s->np = np;
  s->nr = nr;
  if (np) memcpy(s->p, p, sizeof *p * np); /* p or r may be NULL when empty */
  if (nr) memcpy(s->r, r, sizeof *r * nr);
  int off = snprintf(s->name, sizeof s->name, "#%d (", s->index);
  for (int i = 0; i < np; i++) off += snprintf(s->name + off, sizeof s->name - off, "%s%s", i ? " " : "", tyname(p[i]));
  off += snprintf(s->name + off, sizeof s->name - off, ")->(");
  for (int i = 0; i < nr; i++) off += snprintf(s->name + off, sizeof s->name - off, "%s%s", i ? " " : "", tyname(r[i]));
  snprintf(s->name + off, sizeof s->name - off, ")");
}

static void build_sigs(void) {
  int n = 0;
  /* every small numeric signature: 21 param lists x 5 result lists */
  for (int np = 0; np <= 2; np++) {
    int lists = np == 0 ? 1 : np == 1 ? 4 : 16;
    for (int l = 0; l < lists; l++) {
      wasm_valkind_t p[2] = {NUMS[np == 2 ? l / 4 : l], NUMS[l % 4]};
      for (int r = -1; r < 4; r++) add_sig(&n, 1, np, p, r < 0 ? 0 : 1, r < 0 ? NUMS : &NUMS[r]);
    }
  }
  /* larger ones */
  const wasm_valkind_t u0p[] = {WASM_I32, WASM_I64, WASM_F32}, u0r[] = {WASM_F64};
  const wasm_valkind_t u1p[] = {WASM_F64, WASM_I32}, u1r[] = {WASM_F64, WASM_F32};
  const wasm_valkind_t u2p[] = {WASM_F32, WASM_I64, WASM_I32, WASM_F64, WASM_F32, WASM_I64, WASM_I32, WASM_F64},
                       u2r[] = {WASM_F32, WASM_F64, WASM_I64, WASM_I32};
  const wasm_valkind_t u3r[] = {WASM_I32, WASM_I64};
  const wasm_valkind_t u4p[] = {WASM_I32, WASM_I32, WASM_I32};
  const wasm_valkind_t u5p[] = {WASM_F64, WASM_F64, WASM_F64}, u5r[] = {WASM_F64};
  add_sig(&n, 0, 3, u0p, 1, u0r);
  add_sig(&n, 0, 2, u1p, 2, u1r);
  add_sig(&n, 0, 8, u2p, 4, u2r);
  add_sig(&n, 0, 0, NULL, 2, u3r);
  add_sig(&n, 0, 3, u4p, 0, NULL);
  add_sig(&n, 0, 3, u5p, 1, u5r);
  const wasm_valkind_t u6p[17] = {WASM_I64, WASM_F64, WASM_I32, WASM_F32, WASM_I64, WASM_I64, WASM_F64, WASM_I32, WASM_F32,
                                  WASM_I32, WASM_F64, WASM_F32, WASM_I64, WASM_I32, WASM_F32, WASM_F64, WASM_I64},
                       u6r[] = {WASM_I64};
  add_sig(&n, 0, 17, u6p, 1, u6r);
  if (n != NSIGS) {
    fprintf(stderr, "built %d signatures\n", n);
    exit(2);
  }
}

/* ---- values: bits of the C values, the formula every function computes ---- */

#define MUL UINT64_C(1000003)
#define GOLD UINT64_C(0x9E3779B97F4A7C15)

static uint64_t wasm_salt(const sigdesc *s) { return UINT64_C(0x51ED000000000000) ^ ((uint64_t)s->index * 0x10001 + 17); }
static uint64_t host_salt(const sigdesc *s) { return wasm_salt(s) ^ UINT64_C(0x0000ABCD0000FFFF); }

static uint64_t bits_of(const wasm_val_t *v) {
  switch (v->kind) {
    case WASM_I32:
    case WASM_F32: return (uint32_t)v->of.i32; /* the union: f32 bits are i32's */
    default: return (uint64_t)v->of.i64;
  }
}

static wasm_val_t make_val(wasm_valkind_t kind, uint64_t bits) {
  wasm_val_t v;
  memset(&v, 0, sizeof v);
  v.kind = kind;
  if (kind == WASM_I32 || kind == WASM_F32) v.of.i32 = (int32_t)(uint32_t)bits;
  else v.of.i64 = (int64_t)bits;
  return v;
}

/* Same kind and same bits (floats compared bit-exactly: NaN payloads, -0.0). */
static int same_val(const wasm_val_t *a, const wasm_val_t *b) {
  if (a->kind != b->kind) return 0;
  if (a->kind == WASM_I32 || a->kind == WASM_F32) return a->of.i32 == b->of.i32;
  if (a->kind == WASM_I64 || a->kind == WASM_F64) return a->of.i64 == b->of.i64;
  return a->of.ref == b->of.ref;
}

/* acc = salt; acc = acc * MUL + bits(param) for each; result k = acc + k * GOLD,
 * cut to the result type (floats by their bits). Returns acc. */
static uint64_t formula(const sigdesc *s, uint64_t salt, const wasm_val_t *args, wasm_val_t *out) {
  uint64_t acc = salt;
  for (int j = 0; j < s->np; j++) acc = acc * MUL + bits_of(&args[j]);
  for (int k = 0; k < s->nr; k++) out[k] = make_val(s->r[k], acc + (uint64_t)k * GOLD);
  return acc;
}

static const int32_t I32S[NSETS] = {7, INT32_MIN, -1, INT32_MAX, 0, 0x12345678, -100, 1};
static const int64_t I64S[NSETS] = {INT64_C(0x123456789), INT64_MIN, -1, INT64_MAX, 0, INT64_C(-0x7edcba9876543210), 1, 42};
static const uint32_t F32S[NSETS] = {0x3fc00000 /* 1.5 */, 0x80000000 /* -0.0 */, 0x7fa00001 /* sNaN */,
                                     0xffc00123 /* -qNaN, payload */, 0x7f800000 /* inf */, 0xff800000 /* -inf */,
                                     0x00000001 /* denormal */, 0x7fc00000};
static const uint64_t F64S[NSETS] = {UINT64_C(0xc002000000000000) /* -2.25 */, UINT64_C(0x8000000000000000),
                                     UINT64_C(0x7ff4000000000001), UINT64_C(0xfff8000000000abc),
                                     UINT64_C(0x7ff0000000000000), UINT64_C(0xfff0000000000000), 1,
                                     UINT64_C(0x7ff8000000000000)};

/* The argument at `pos` in value set `set`: every table entry reaches every position. */
static wasm_val_t arg_val(wasm_valkind_t kind, int set, int pos) {
  int i = (set + pos * 3) % NSETS;
  switch (kind) {
    case WASM_I32: return make_val(kind, (uint32_t)I32S[i]);
    case WASM_I64: return make_val(kind, (uint64_t)I64S[i]);
    case WASM_F32: return make_val(kind, F32S[i]);
    default: return make_val(kind, F64S[i]);
  }
}

static void fill_args(const sigdesc *s, int set, wasm_val_t *args) {
  for (int j = 0; j < s->np; j++) args[j] = arg_val(s->p[j], set, j);
}

static void fill(wasm_val_t *v, size_t n) { memset(v, 0x5a, sizeof *v * n); }

static int all_bytes(const void *p, size_t n, unsigned char b) {
  const unsigned char *c = p;
  for (size_t i = 0; i < n; i++)
    if (c[i] != b) return 0;
  return 1;
}

/* ---- the module, as WAT ---- */

static char *wat;
static size_t wat_len, wat_cap;

static void emit(const char *fmt, ...) {
  va_list ap;
  for (;;) {
    va_start(ap, fmt);
    int n = vsnprintf(wat + wat_len, wat_cap - wat_len, fmt, ap);
    va_end(ap);
    if (wat_len + (size_t)n < wat_cap) {
      wat_len += (size_t)n;
      return;
    }
    wat_cap = (wat_cap + (size_t)n) * 2 + 4096;
    wat = realloc(wat, wat_cap);
  }
}

static void emit_sig(const sigdesc *s) {
  emit(" (param");
  for (int j = 0; j < s->np; j++) emit(" %s", tyname(s->p[j]));
  emit(") (result");
  for (int k = 0; k < s->nr; k++) emit(" %s", tyname(s->r[k]));
  emit(")");
}

static void build_wat(void) {
  emit("(module\n");
  for (int i = 0; i < NSIGS; i++) {
    emit("  (import \"h\" \"h%d\" (func $h%d", i, i);
    emit_sig(&sigs[i]);
    emit("))\n");
  }
  emit("  (import \"h\" \"hr_ext_i32\" (func $hr_ext_i32 (param externref i32) (result i32)))\n");
  emit("  (import \"h\" \"hr_ext_id\" (func $hr_ext_id (param externref) (result externref)))\n");
  emit("  (import \"h\" \"hr_func\" (func $hr_func (param funcref) (result i32)))\n");
  emit("  (import \"h\" \"reenter\" (func $reenter (param i32) (result i32)))\n");
  emit("  (global $sink (export \"sink\") (mut i64) (i64.const 0))\n");
  for (int i = 0; i < NSIGS; i++) {
    const sigdesc *s = &sigs[i];
    /* e<i>: the formula, computed in wasm */
    emit("  (func (export \"e%d\")", i);
    emit_sig(s);
    emit(" (local $acc i64)\n    i64.const %" PRId64 " local.set $acc\n", (int64_t)wasm_salt(s));
    for (int j = 0; j < s->np; j++) {
      static const char *widen[] = {"i64.extend_i32_u", "", "i32.reinterpret_f32 i64.extend_i32_u", "i64.reinterpret_f64"};
      emit("    local.get $acc i64.const %" PRId64 " i64.mul local.get %d %s i64.add local.set $acc\n",
           (int64_t)MUL, j, widen[s->p[j]]);
    }
    for (int k = 0; k < s->nr; k++) {
      static const char *narrow[] = {"i32.wrap_i64", "", "i32.wrap_i64 f32.reinterpret_i32", "f64.reinterpret_i64"};
      emit("    local.get $acc i64.const %" PRId64 " i64.add %s\n", (int64_t)((uint64_t)k * GOLD), narrow[s->r[k]]);
    }
    if (s->nr == 0) emit("    local.get $acc global.set $sink\n");
    emit("  )\n");
    /* c<i>: forwards to the host */
    emit("  (func (export \"c%d\")", i);
    emit_sig(s);
    for (int j = 0; j < s->np; j++) emit(" local.get %d", j);
    emit(" call $h%d)\n", i);
  }
  emit("  (func (export \"id_i32\") (param i32) (result i32) local.get 0)\n");
  emit("  (func (export \"id_i64\") (param i64) (result i64) local.get 0)\n");
  emit("  (func (export \"id_f32\") (param f32) (result f32) local.get 0)\n");
  emit("  (func (export \"id_f64\") (param f64) (result f64) local.get 0)\n");
  emit("  (func (export \"id2_f32\") (param f32 f32) (result f32) local.get 1)\n");
  emit("  (func (export \"id2_f64\") (param i32 f64) (result f64) local.get 1)\n");
  emit("  (func (export \"swap_ff\") (param f32 f64) (result f64 f32) local.get 1 local.get 0)\n");
  /* (not `select` on `ref.is_null`: wasmi 2.0.0 miscompiles a select on a fused eqz) */
  emit("  (func (export \"r_ext_i32\") (param externref i32) (result i32)\n"
       "    (if (result i32) (ref.is_null (local.get 0)) (then (local.get 1))\n"
       "      (else (i32.add (local.get 1) (i32.const 1000)))))\n");
  emit("  (func (export \"r_ext_id\") (param externref) (result externref) local.get 0)\n");
  emit("  (func (export \"r_func\") (param funcref) (result i32) local.get 0 ref.is_null)\n");
  emit("  (func (export \"r_func_id\") (param i32 funcref) (result funcref) local.get 1)\n");
  emit("  (func (export \"cr_ext_i32\") (param externref i32) (result i32) local.get 0 local.get 1 call $hr_ext_i32)\n");
  emit("  (func (export \"cr_ext_id\") (param externref) (result externref) local.get 0 call $hr_ext_id)\n");
  emit("  (func (export \"cr_func\") (param funcref) (result i32) local.get 0 call $hr_func)\n");
  emit("  (func (export \"down\") (param i32) (result i32) local.get 0 call $reenter)\n");
  emit(")\n");
}

/* ---- export lookup by name (names carry their NUL) ---- */

static wasm_exporttype_vec_t etypes;

static size_t export_index(const char *name) {
  size_t n = strlen(name) + 1;
  for (size_t i = 0; i < etypes.size; i++) {
    const wasm_name_t *en = wasm_exporttype_name(etypes.data[i]);
    if (en->size == n && memcmp(en->data, name, n) == 0) return i;
  }
  fprintf(stderr, "no export %s\n", name);
  exit(2);
}

/* ---- host callbacks ---- */

enum mode { M_NORMAL, M_NO_KIND, M_OTHER_KIND, M_REPLACE, M_ECHO, M_REF_KIND, M_TRAP, M_REPLACE_SHORT };

static int host_mode, host_calls;
static const wasm_val_t *host_expect; /* the args the callback must receive */
static uint64_t host_sink;            /* the formula's acc, for functions without results */
static wasm_store_t *host_store;      /* for wasm_trap_new */
static wasm_foreign_t *foreign;
static const sigdesc *plain_sig;      /* what the plain (env-less) callback serves */
static int finalized;

static void count_finalizer(void *env) {
  (void)env;
  finalized++;
}

static int all_zero(const void *p, size_t n) { return all_bytes(p, n, 0); }

static wasm_trap_t *host_body(const sigdesc *s, const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  host_calls++;
  int before = tl_failed;
  CHECK_EQ_INT(args->size, s->np);
  CHECK_EQ_INT(args->num_elems, s->np);
  CHECK_EQ_INT(results->size, s->nr);
  CHECK_EQ_INT(results->num_elems, s->nr);
  CHECK(s->nr == 0 || (results->data != NULL && all_zero(results->data, sizeof(wasm_val_t) * s->nr)));
  for (int j = 0; j < s->np && j < (int)args->size; j++) CHECK(same_val(&args->data[j], &host_expect[j]));
  if (tl_failed > before) fprintf(stderr, "  host callback of %s, mode %d\n", s->name, host_mode);
  wasm_val_t out[MAXR];
  host_sink = formula(s, host_salt(s), args->data, out);
  switch (host_mode) {
    case M_NORMAL:
      for (int k = 0; k < s->nr; k++) results->data[k] = out[k];
      break;
    case M_NO_KIND: /* kind left as it came: 0, which reads WASM_I32 */
      for (int k = 0; k < s->nr; k++) results->data[k].of = out[k].of;
      break;
    case M_OTHER_KIND: /* another numeric kind: read by the result type anyway */
      for (int k = 0; k < s->nr; k++) {
        results->data[k] = out[k];
        results->data[k].kind = out[k].kind == WASM_I32 ? WASM_F64 : WASM_I32;
      }
      break;
    case M_REPLACE:
      wasm_val_vec_new(results, s->nr, out);
      break;
    case M_REPLACE_SHORT:
      wasm_val_vec_new(results, s->nr - 1, out);
      break;
    case M_ECHO:
      results->data[0] = args->data[0];
      break;
    case M_REF_KIND:
      for (int k = 0; k < s->nr; k++) results->data[k] = out[k];
      /* the last slot gets a ref (stays ours: results are plain data, as in WAMR) */
      if (s->index % 2) {
        results->data[s->nr - 1].kind = WASM_FUNCREF;
        results->data[s->nr - 1].of.ref = NULL;
      } else {
        results->data[s->nr - 1].kind = WASM_EXTERNREF;
        results->data[s->nr - 1].of.ref = wasm_foreign_as_ref(foreign);
      }
      break;
    case M_TRAP: {
      char text[200];
      snprintf(text, sizeof text, "host says no to %s", s->name);
      wasm_message_t msg;
      wasm_name_new_from_string_nt(&msg, text);
      wasm_trap_t *trap = wasm_trap_new(host_store, &msg);
      wasm_byte_vec_delete(&msg);
      return trap;
    }
  }
  return NULL;
}

static wasm_trap_t *env_cb(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  return host_body(env, args, results);
}

static wasm_trap_t *plain_cb(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  return host_body(plain_sig, args, results);
}

/* (externref i32) -> i32: x + 1000 for the test's foreign, + 5000 for another ref */
static wasm_trap_t *ext_i32_cb(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  host_calls++;
  CHECK_EQ_INT(args->size, 2);
  CHECK_EQ_INT(args->data[0].kind, WASM_EXTERNREF);
  CHECK_EQ_INT(args->data[1].kind, WASM_I32);
  wasm_ref_t *r = args->data[0].of.ref;
  int add = r == NULL ? 0 : wasm_ref_same(r, wasm_foreign_as_ref(foreign)) ? 1000 : 5000;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[1].of.i32 + add;
  return NULL;
}

/* (externref) -> externref: the same ref back (results are plain data, as in WAMR) */
static wasm_trap_t *ext_id_cb(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  host_calls++;
  CHECK_EQ_INT(args->data[0].kind, WASM_EXTERNREF);
  results->data[0].kind = WASM_EXTERNREF;
  results->data[0].of.ref = args->data[0].of.ref;
  return NULL;
}

/* (funcref) -> i32: 100 + the function's param count, -1 for null */
static wasm_trap_t *func_cb(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  host_calls++;
  CHECK_EQ_INT(args->data[0].kind, WASM_FUNCREF);
  wasm_ref_t *r = args->data[0].of.ref;
  wasm_func_t *f = r ? wasm_ref_as_func(r) : NULL;
  CHECK(r == NULL || f != NULL);
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = f ? 100 + (int32_t)wasm_func_param_arity(f) : -1;
  return NULL;
}

/* reenter(n) = n == 0 ? 1000 : down(n - 1) + n, through wasm_func_call */
static wasm_func_t *down_fn;
static int depth, max_depth, reenter_fail_at = -1;
static wasm_store_t *reenter_store;
static wasm_trap_t *reenter_cb(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  int32_t n = args->data[0].of.i32;
  if (n == reenter_fail_at) {
    wasm_message_t msg;
    wasm_name_new_from_string_nt(&msg, "no deeper");
    wasm_trap_t *trap = wasm_trap_new(reenter_store, &msg);
    wasm_byte_vec_delete(&msg);
    return trap;
  }
  depth++;
  if (depth > max_depth) max_depth = depth;
  int32_t value = 1000;
  if (n > 0) {
    wasm_val_t a[1] = {WASM_I32_VAL(n - 1)}, r[1] = {WASM_INIT_VAL};
    wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
    wasm_trap_t *trap = wasm_func_call(down_fn, &av, &rv);
    if (trap) {
      depth--;
      return trap;
    }
    CHECK_EQ_INT(r[0].kind, WASM_I32);
    value = r[0].of.i32 + n;
  }
  depth--;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = value;
  return NULL;
}

/* ---- helpers ---- */

static wasm_functype_t *functype(const wasm_valkind_t *p, size_t np, const wasm_valkind_t *r, size_t nr) {
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new_uninitialized(&params, np);
  for (size_t i = 0; i < np; i++) params.data[i] = wasm_valtype_new(p[i]);
  wasm_valtype_vec_new_uninitialized(&results, nr);
  for (size_t i = 0; i < nr; i++) results.data[i] = wasm_valtype_new(r[i]);
  return wasm_functype_new(&params, &results);
}

static const char *KIND_MSG = "Exception: value kind does not match the expected type";

typedef struct {
  const char *label;
  wasm_store_t *store;
  wasm_instance_t *inst;
  wasm_extern_vec_t ex;
  wasm_func_t *hosts[NSIGS];
  wasm_func_t *ref_hosts[4];
  int with_env;
} world;

static wasm_module_t *module;

static wasm_func_t *fn(world *w, const char *name) { return wasm_extern_as_func(w->ex.data[export_index(name)]); }

static wasm_func_t *fn_i(world *w, char prefix, int i) {
  char name[16];
  snprintf(name, sizeof name, "%c%d", prefix, i);
  return fn(w, name);
}

static void world_new(world *w, const char *label, wasm_store_t *store, int with_env) {
  memset(w, 0, sizeof *w);
  w->label = label;
  w->store = store;
  w->with_env = with_env;
  wasm_extern_t *imports[NSIGS + 4];
  for (int i = 0; i < NSIGS; i++) {
    wasm_functype_t *ty = functype(sigs[i].p, sigs[i].np, sigs[i].r, sigs[i].nr);
    w->hosts[i] = with_env ? wasm_func_new_with_env(store, ty, env_cb, &sigs[i], count_finalizer)
                           : wasm_func_new(store, ty, plain_cb);
    CHECK(w->hosts[i] != NULL);
    CHECK_EQ_INT(wasm_func_param_arity(w->hosts[i]), sigs[i].np);
    CHECK_EQ_INT(wasm_func_result_arity(w->hosts[i]), sigs[i].nr);
    wasm_functype_delete(ty);
    imports[i] = wasm_func_as_extern(w->hosts[i]);
  }
  const wasm_valkind_t ext_i32[] = {WASM_EXTERNREF, WASM_I32}, i32[] = {WASM_I32}, ext[] = {WASM_EXTERNREF},
                       func[] = {WASM_FUNCREF};
  wasm_functype_t *tys[4] = {functype(ext_i32, 2, i32, 1), functype(ext, 1, ext, 1), functype(func, 1, i32, 1),
                             functype(i32, 1, i32, 1)};
  wasm_func_callback_t cbs[4] = {ext_i32_cb, ext_id_cb, func_cb, reenter_cb};
  for (int i = 0; i < 4; i++) {
    w->ref_hosts[i] = wasm_func_new(store, tys[i], cbs[i]);
    CHECK(w->ref_hosts[i] != NULL);
    imports[NSIGS + i] = wasm_func_as_extern(w->ref_hosts[i]);
    wasm_functype_delete(tys[i]);
  }
  wasm_extern_vec_t iv = WASM_ARRAY_VEC(imports);
  wasm_trap_t *trap = NULL;
  w->inst = wasm_instance_new(store, module, &iv, &trap);
  CHECK(w->inst != NULL && trap == NULL);
  if (!w->inst) {
    fprintf(stderr, "cannot instantiate in %s\n", label);
    exit(1);
  }
  wasm_instance_exports(w->inst, &w->ex);
  CHECK_EQ_INT(w->ex.size, etypes.size);
}

static void world_delete(world *w) {
  wasm_extern_vec_delete(&w->ex);
  wasm_instance_delete(w->inst);
  for (int i = 0; i < NSIGS; i++) wasm_func_delete(w->hosts[i]);
  for (int i = 0; i < 4; i++) wasm_func_delete(w->ref_hosts[i]);
}

static int64_t sink_value(world *w) {
  wasm_val_t v = WASM_INIT_VAL;
  wasm_global_get(wasm_extern_as_global(w->ex.data[export_index("sink")]), &v);
  CHECK_EQ_INT(v.kind, WASM_I64);
  return v.of.i64;
}

/* Calls f with set `set`'s args; results must be the formula with `salt`
 * (computed in wasm, or by the host and read back). */
static void call_expect(world *w, wasm_func_t *f, const sigdesc *s, int set, uint64_t salt, int via_host,
                        int extra_room) {
  wasm_val_t args[MAXP + 1], res[MAXR + 2], want[MAXR];
  fill_args(s, set, args);
  args[s->np] = make_val(WASM_F64, 12345); /* one more than needed: ignored */
  uint64_t acc = formula(s, salt, args, want);
  fill(res, MAXR + 2);
  wasm_val_vec_t av = {s->np + (extra_room ? 1 : 0), args, s->np + (extra_room ? 1 : 0), sizeof(wasm_val_t), NULL};
  size_t room = s->nr + (extra_room ? 2 : 0);
  wasm_val_vec_t rv = {room, res, room, sizeof(wasm_val_t), NULL};
  int calls = host_calls, before = tl_failed;
  host_expect = args;
  host_sink = 0;
  wasm_trap_t *trap = wasm_func_call(f, &av, &rv);
  CHECK(trap == NULL);
  if (trap) {
    wasm_message_t msg;
    wasm_trap_message(trap, &msg);
    fprintf(stderr, "  trap: %.*s\n", (int)msg.size, msg.data);
    wasm_byte_vec_delete(&msg);
    wasm_trap_delete(trap);
  }
  CHECK_EQ_INT(rv.size, s->nr);
  CHECK_EQ_INT(rv.num_elems, s->nr);
  CHECK(rv.data == res);
  for (int k = 0; k < s->nr; k++) CHECK(same_val(&res[k], &want[k]));
  if (extra_room) CHECK(all_bytes(&res[s->nr], sizeof(wasm_val_t) * 2, 0x5a)); /* untouched */
  CHECK_EQ_INT(host_calls, calls + (via_host ? 1 : 0));
  if (s->nr == 0) {
    if (via_host) CHECK(host_sink == acc);
    else CHECK((uint64_t)sink_value(w) == acc);
  }
  if (tl_failed > before) fprintf(stderr, "  in %s: %s, set %d, mode %d\n", w->label, s->name, set, host_mode);
}

/* ---- 1. wasm exports called from C ---- */
static void test_exports(world *w) {
  for (int i = 0; i < NSIGS; i++) {
    const sigdesc *s = &sigs[i];
    wasm_func_t *f = fn_i(w, 'e', i);
    CHECK_EQ_INT(wasm_func_param_arity(f), s->np);
    CHECK_EQ_INT(wasm_func_result_arity(f), s->nr);
    for (int set = 0; set < NSETS; set++) call_expect(w, f, s, set, wasm_salt(s), 0, set % 2);
  }
}

static void check_id(world *w, const char *name, wasm_val_t *args, size_t np, const wasm_val_t *want, size_t nr) {
  wasm_val_t res[2];
  fill(res, 2);
  wasm_val_vec_t av = {np, args, np, sizeof(wasm_val_t), NULL}, rv = {nr, res, nr, sizeof(wasm_val_t), NULL};
  int before = tl_failed;
  CHECK(wasm_func_call(fn(w, name), &av, &rv) == NULL);
  for (size_t k = 0; k < nr; k++) CHECK(same_val(&res[k], &want[k]));
  if (tl_failed > before) fprintf(stderr, "  in %s: %s\n", w->label, name);
}

static void test_identities(world *w) {
  static const uint32_t f32s[] = {0x7fa00001, 0xffc00123, 0x7fc00000, 0xff800001, 0x80000000, 0x7f800000, 0xff800000,
                                  0x00000001, 0x3f800000};
  static const uint64_t f64s[] = {UINT64_C(0x7ff4000000000001), UINT64_C(0xfff8000000000abc), UINT64_C(0x7ff8000000000000),
                                  UINT64_C(0x8000000000000000), UINT64_C(0x7ff0000000000000),
                                  UINT64_C(0xfff0000000000000), 1, UINT64_C(0x3ff0000000000000)};
  for (size_t i = 0; i < sizeof f32s / sizeof *f32s; i++) {
    wasm_val_t a[2] = {make_val(WASM_F32, f32s[i]), make_val(WASM_F32, f32s[i])};
    check_id(w, "id_f32", a, 1, a, 1);
    a[0] = make_val(WASM_F32, 0x3fc00000);
    check_id(w, "id2_f32", a, 2, &a[1], 1);
  }
  for (size_t i = 0; i < sizeof f64s / sizeof *f64s; i++) {
    wasm_val_t a[2] = {make_val(WASM_F64, f64s[i]), make_val(WASM_I32, 9)};
    check_id(w, "id_f64", a, 1, a, 1);
    wasm_val_t b[2] = {make_val(WASM_I32, -3), make_val(WASM_F64, f64s[i])};
    check_id(w, "id2_f64", b, 2, &b[1], 1);
    /* two results, swapped */
    wasm_val_t c[2] = {make_val(WASM_F32, f32s[i]), make_val(WASM_F64, f64s[i])}, want[2] = {c[1], c[0]};
    check_id(w, "swap_ff", c, 2, want, 2);
  }
  wasm_val_t i32s[] = {WASM_I32_VAL(INT32_MIN), WASM_I32_VAL(INT32_MAX), WASM_I32_VAL(-1), WASM_I32_VAL(0)};
  for (int i = 0; i < 4; i++) check_id(w, "id_i32", &i32s[i], 1, &i32s[i], 1);
  wasm_val_t i64s[] = {WASM_I64_VAL(INT64_MIN), WASM_I64_VAL(INT64_MAX), WASM_I64_VAL(-1), WASM_I64_VAL(0)};
  for (int i = 0; i < 4; i++) check_id(w, "id_i64", &i64s[i], 1, &i64s[i], 1);
  /* C float values, not just bit patterns */
  wasm_val_t fz[] = {WASM_F32_VAL(-0.0f)}, dz[] = {WASM_F64_VAL(-0.0)};
  wasm_val_t r[1];
  wasm_val_vec_t av = WASM_ARRAY_VEC(fz), rv = WASM_ARRAY_VEC(r);
  CHECK(wasm_func_call(fn(w, "id_f32"), &av, &rv) == NULL);
  CHECK_EQ_INT(r[0].kind, WASM_F32);
  CHECK((uint32_t)r[0].of.i32 == 0x80000000u && r[0].of.f32 == 0.0f);
  av = (wasm_val_vec_t)WASM_ARRAY_VEC(dz);
  CHECK(wasm_func_call(fn(w, "id_f64"), &av, &rv) == NULL);
  CHECK_EQ_INT(r[0].kind, WASM_F64);
  CHECK((uint64_t)r[0].of.i64 == UINT64_C(0x8000000000000000) && r[0].of.f64 == 0.0);
}

/* ---- 2. host functions called from wasm ---- */
static void set_plain(world *w, const sigdesc *s) {
  if (!w->with_env) plain_sig = s;
}

static void test_hosts(world *w) {
  host_store = w->store;
  /* every signature, every value set: through wasm (c<i>) and directly */
  static const int modes_ok[] = {M_NORMAL, M_NO_KIND, M_OTHER_KIND, M_REPLACE};
  for (size_t m = 0; m < sizeof modes_ok / sizeof *modes_ok; m++) {
    host_mode = modes_ok[m];
    int sets = host_mode == M_NORMAL ? NSETS : 2;
    for (int i = 0; i < NSIGS; i++) {
      set_plain(w, &sigs[i]);
      for (int set = 0; set < sets; set++) {
        call_expect(w, fn_i(w, 'c', i), &sigs[i], set, host_salt(&sigs[i]), 1, set % 2);
        call_expect(w, w->hosts[i], &sigs[i], set, host_salt(&sigs[i]), 1, !(set % 2));
      }
    }
  }
  /* the callback returns its first argument: NaN payloads come back bit-exactly */
  host_mode = M_ECHO;
  int echoed = 0;
  for (int i = 0; i < NSIGS; i++) {
    const sigdesc *s = &sigs[i];
    if (s->np == 0 || s->nr == 0 || s->p[0] != s->r[0]) continue;
    set_plain(w, s);
    echoed++;
    for (int set = 0; set < NSETS; set++) {
      for (int direct = 0; direct < 2; direct++) {
        wasm_val_t args[MAXP], res[MAXR];
        fill_args(s, set, args);
        fill(res, MAXR);
        wasm_val_vec_t av = {s->np, args, s->np, sizeof(wasm_val_t), NULL}, rv = {s->nr, res, s->nr, sizeof(wasm_val_t), NULL};
        host_expect = args;
        int before = tl_failed;
        CHECK(wasm_func_call(direct ? w->hosts[i] : fn_i(w, 'c', i), &av, &rv) == NULL);
        CHECK(same_val(&res[0], &args[0]));
        if (tl_failed > before) fprintf(stderr, "  echo in %s: %s, set %d\n", w->label, s->name, set);
      }
    }
  }
  CHECK_EQ_INT(echoed, 4 + 16 + 4); /* (a)->(a), (a b)->(a), and 4 larger ones */

  /* callbacks that fail: a ref in a numeric slot, a trap, too few results */
  for (int i = 0; i < NSIGS; i++) {
    const sigdesc *s = &sigs[i];
    set_plain(w, s);
    for (int direct = 0; direct < 2; direct++) {
      wasm_func_t *f = direct ? w->hosts[i] : fn_i(w, 'c', i);
      wasm_val_t args[MAXP], res[MAXR];
      fill_args(s, i % NSETS, args);
      wasm_val_vec_t av = {s->np, args, s->np, sizeof(wasm_val_t), NULL}, rv = {s->nr, res, s->nr, sizeof(wasm_val_t), NULL};
      host_expect = args;
      int before = tl_failed, calls = host_calls;
      host_mode = M_TRAP;
      char text[200];
      snprintf(text, sizeof text, "Exception: host says no to %s", s->name);
      check_trap(wasm_func_call(f, &av, &rv), text);
      if (s->nr > 0) {
        host_mode = M_REF_KIND;
        check_trap(wasm_func_call(f, &av, &rv), KIND_MSG);
        host_mode = M_REPLACE_SHORT;
        check_trap(wasm_func_call(f, &av, &rv), "Exception: the host function did not return all its results");
      }
      CHECK_EQ_INT(host_calls, calls + (s->nr > 0 ? 3 : 1));
      if (tl_failed > before) fprintf(stderr, "  failing callback in %s: %s, direct %d\n", w->label, s->name, direct);
    }
  }
  /* and the store still works */
  host_mode = M_NORMAL;
  for (int i = 0; i < NSIGS; i += 7) {
    set_plain(w, &sigs[i]);
    call_expect(w, fn_i(w, 'c', i), &sigs[i], 3, host_salt(&sigs[i]), 1, 0);
  }
}

/* ---- 3. negative: bad calls are refused with the same messages on both paths ---- */
static int refused_f_is_host; /* whether check_refused's f is the host function itself */
static void check_refused(world *w, wasm_func_t *f, const sigdesc *s, wasm_val_t *args, size_t nargs, wasm_val_t *res,
                          size_t room, const char *expected, const char *what) {
  wasm_val_vec_t av = {nargs, args, nargs, sizeof(wasm_val_t), NULL};
  wasm_val_vec_t rv = {room, res, room, sizeof(wasm_val_t), NULL};
  if (res) fill(res, MAXR);
  int before = tl_failed, calls = host_calls;
  check_trap(wasm_func_call(f, args ? &av : NULL, res ? &rv : NULL), expected);
  /* refused before anything ran; with too little room for the results the function
     runs first, as in WAMR, and its results are dropped */
  CHECK_EQ_INT(host_calls, calls + (refused_f_is_host && strstr(expected, "invalid result vector") != NULL));
  if (res) {
    CHECK_EQ_INT(rv.size, room);
    CHECK(all_bytes(res, sizeof(wasm_val_t) * MAXR, 0x5a));
  }
  if (tl_failed > before) fprintf(stderr, "  refused call in %s: %s: %s\n", w->label, s->name, what);
}

static void test_refused(world *w) {
  host_mode = M_NORMAL;
  char msg[120];
  for (int i = 0; i < NSIGS; i++) {
    const sigdesc *s = &sigs[i];
    set_plain(w, s);
    for (int which = 0; which < 2; which++) {
      wasm_func_t *f = which ? w->hosts[i] : fn_i(w, 'e', i);
      refused_f_is_host = which;
      wasm_val_t args[MAXP], res[MAXR];
      /* a wrong kind at positions 0, 1 and the last: another number, or a ref */
      for (int pos = 0; pos < s->np; pos++) {
        if (pos > 1 && pos != s->np - 1) continue;
        fill_args(s, 1, args);
        args[pos].kind = NUMS[(s->p[pos] + 1) % 4];
        check_refused(w, f, s, args, s->np, res, s->nr, KIND_MSG, "a wrong number kind");
        fill_args(s, 1, args);
        args[pos] = (wasm_val_t)WASM_REF_VAL(NULL);
        check_refused(w, f, s, args, s->np, res, s->nr, KIND_MSG, "a ref kind");
        fill_args(s, 1, args);
        args[pos].kind = WASM_FUNCREF;
        args[pos].of.ref = wasm_foreign_as_ref(foreign);
        check_refused(w, f, s, args, s->np, res, s->nr, KIND_MSG, "a funcref holding a foreign");
      }
      if (s->np == 0) {
        /* nothing to pass: NULL args are fine */
        wasm_val_t want[MAXR];
        uint64_t acc = formula(s, which ? host_salt(s) : wasm_salt(s), NULL, want);
        fill(res, MAXR);
        wasm_val_vec_t rv = {s->nr, res, s->nr, sizeof(wasm_val_t), NULL};
        CHECK(wasm_func_call(f, NULL, &rv) == NULL);
        for (int k = 0; k < s->nr; k++) CHECK(same_val(&res[k], &want[k]));
        if (s->nr == 0) CHECK((uint64_t)(which ? (int64_t)host_sink : sink_value(w)) == acc);
      }
      if (s->np > 0) {
        /* too few: one short, or none at all */
        fill_args(s, 2, args);
        snprintf(msg, sizeof msg, "Exception: invalid argument count: expected %d, got %d", s->np, s->np - 1);
        check_refused(w, f, s, args, s->np - 1, res, s->nr, msg, "one arg short");
        snprintf(msg, sizeof msg, "Exception: invalid argument count: expected %d, got 0", s->np);
        check_refused(w, f, s, NULL, 0, res, s->nr, msg, "NULL args");
        /* counts are checked before kinds */
        args[0] = (wasm_val_t)WASM_REF_VAL(NULL);
        snprintf(msg, sizeof msg, "Exception: invalid argument count: expected %d, got %d", s->np, s->np - 1);
        check_refused(w, f, s, args, s->np - 1, res, s->nr, msg, "short, wrong kind");
      }
      if (s->nr > 0) {
        /* no room for the results */
        fill_args(s, 2, args);
        snprintf(msg, sizeof msg, "Exception: invalid result vector: room for %d values, the function returns %d",
                 s->nr - 1, s->nr);
        check_refused(w, f, s, args, s->np, res, s->nr - 1, msg, "one result short");
        snprintf(msg, sizeof msg, "Exception: invalid result vector: room for 0 values, the function returns %d", s->nr);
        check_refused(w, f, s, args, s->np, NULL, 0, msg, "NULL results");
        /* a vec claiming room but without data */
        wasm_val_vec_t rv = {s->nr, NULL, s->nr, sizeof(wasm_val_t), NULL};
        wasm_val_vec_t av = {s->np, args, s->np, sizeof(wasm_val_t), NULL};
        check_trap(wasm_func_call(f, &av, &rv), msg);
      } else {
        /* nothing to return: NULL results are fine */
        fill_args(s, 2, args);
        wasm_val_vec_t av = {s->np, args, s->np, sizeof(wasm_val_t), NULL};
        host_expect = args;
        CHECK(wasm_func_call(f, &av, NULL) == NULL);
      }
    }
  }
  /* ref signatures (untyped) too */
  wasm_val_t a[2] = {WASM_I32_VAL(1), WASM_I32_VAL(2)}, r[1];
  wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
  check_trap(wasm_func_call(fn(w, "r_ext_i32"), &av, &rv), KIND_MSG);
  a[0] = (wasm_val_t)WASM_REF_VAL(NULL);
  a[1] = (wasm_val_t)WASM_F32_VAL(2.0f);
  check_trap(wasm_func_call(fn(w, "r_ext_i32"), &av, &rv), KIND_MSG);
  av.size = av.num_elems = 1;
  check_trap(wasm_func_call(fn(w, "r_ext_i32"), &av, &rv), "Exception: invalid argument count: expected 2, got 1");
  a[0] = (wasm_val_t)WASM_I64_VAL(0);
  check_trap(wasm_func_call(fn(w, "r_func"), &av, &rv), KIND_MSG);
  /* an externref where a funcref goes (a foreign is no function) */
  a[0] = (wasm_val_t)WASM_REF_VAL(wasm_foreign_as_ref(foreign));
  check_trap(wasm_func_call(fn(w, "r_func"), &av, &rv), "Exception: a funcref must hold a function");
}

/* ---- refs, both ways ---- */
static void test_refs(world *w) {
  wasm_ref_t *fr = wasm_foreign_as_ref(foreign);
  for (int via_host = 0; via_host < 2; via_host++) {
    int calls = host_calls;
    /* (externref i32) -> i32 */
    wasm_val_t a[2] = {WASM_REF_VAL(fr), WASM_I32_VAL(5)}, r[1];
    wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
    CHECK(wasm_func_call(fn(w, via_host ? "cr_ext_i32" : "r_ext_i32"), &av, &rv) == NULL);
    CHECK_EQ_INT(r[0].kind, WASM_I32);
    CHECK_EQ_INT(r[0].of.i32, 1005);
    a[0].of.ref = NULL;
    a[1].of.i32 = -7;
    CHECK(wasm_func_call(fn(w, via_host ? "cr_ext_i32" : "r_ext_i32"), &av, &rv) == NULL);
    CHECK_EQ_INT(r[0].of.i32, -7);
    /* (externref) -> externref */
    wasm_val_t b[1] = {WASM_REF_VAL(fr)};
    wasm_val_vec_t bv = WASM_ARRAY_VEC(b);
    fill(r, 1);
    CHECK(wasm_func_call(fn(w, via_host ? "cr_ext_id" : "r_ext_id"), &bv, &rv) == NULL);
    CHECK_EQ_INT(r[0].kind, WASM_EXTERNREF);
    CHECK(r[0].of.ref != NULL && wasm_ref_same(r[0].of.ref, fr));
    /* the very ref passed in, borrowed (WAMR's externref model): not deleted here */
    CHECK(r[0].of.ref == fr);
    b[0].of.ref = NULL;
    fill(r, 1);
    CHECK(wasm_func_call(fn(w, via_host ? "cr_ext_id" : "r_ext_id"), &bv, &rv) == NULL);
    CHECK_EQ_INT(r[0].kind, WASM_EXTERNREF);
    CHECK(r[0].of.ref == NULL);
    /* (funcref) -> i32, with a 2-param function */
    wasm_func_t *target = fn_i(w, 'e', 25); /* #25: (i32 i32)->() */
    CHECK_EQ_INT(sigs[25].np, 2);
    wasm_val_t c[1] = {{.kind = WASM_FUNCREF, .of = {.ref = wasm_func_as_ref(target)}}};
    wasm_val_vec_t cv = WASM_ARRAY_VEC(c);
    CHECK(wasm_func_call(fn(w, via_host ? "cr_func" : "r_func"), &cv, &rv) == NULL);
    CHECK_EQ_INT(r[0].of.i32, via_host ? 102 : 0);
    c[0].of.ref = NULL;
    CHECK(wasm_func_call(fn(w, via_host ? "cr_func" : "r_func"), &cv, &rv) == NULL);
    CHECK_EQ_INT(r[0].of.i32, via_host ? -1 : 1);
    CHECK_EQ_INT(host_calls, calls + (via_host ? 6 : 0));
  }
  /* (i32 funcref) -> funcref: the same function comes back, and can be called */
  wasm_func_t *target = fn_i(w, 'e', 6); /* #6: (i32)->(i32) */
  wasm_val_t a[2] = {WASM_I32_VAL(3), {.kind = WASM_FUNCREF, .of = {.ref = wasm_func_as_ref(target)}}}, r[1];
  wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
  CHECK(wasm_func_call(fn(w, "r_func_id"), &av, &rv) == NULL);
  CHECK_EQ_INT(r[0].kind, WASM_FUNCREF);
  wasm_func_t *back = r[0].of.ref ? wasm_ref_as_func(r[0].of.ref) : NULL;
  CHECK(back != NULL && wasm_func_same(back, target));
  if (back) {
    /* a function out of a ref: its own numeric path */
    for (int set = 0; set < NSETS; set++) call_expect(w, back, &sigs[6], set, wasm_salt(&sigs[6]), 0, 0);
  }
  if (r[0].of.ref) wasm_ref_delete(r[0].of.ref);
}

/* ---- re-entrancy: wasm -> host -> wasm -> host ... (numeric (i32)->(i32)) ---- */
static void test_reenter(world *w) {
  down_fn = fn(w, "down");
  reenter_store = w->store;
  for (int n = 0; n <= 3; n++) {
    max_depth = 0;
    wasm_val_t a[1] = {WASM_I32_VAL(n)}, r[1] = {WASM_INIT_VAL};
    wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
    CHECK(wasm_func_call(down_fn, &av, &rv) == NULL);
    CHECK_EQ_INT(r[0].kind, WASM_I32);
    CHECK_EQ_INT(r[0].of.i32, 1000 + n * (n + 1) / 2);
    CHECK_EQ_INT(max_depth, n + 1);
    CHECK_EQ_INT(depth, 0);
    /* the host function called directly: host -> wasm -> host ... */
    max_depth = 0;
    CHECK(wasm_func_call(w->ref_hosts[3], &av, &rv) == NULL);
    CHECK_EQ_INT(r[0].of.i32, 1000 + n * (n + 1) / 2);
    CHECK_EQ_INT(max_depth, n + 1);
  }
  /* a trap at the innermost level comes out as the callback made it */
  for (int at = 0; w->store && at <= 3; at++) {
    reenter_fail_at = at;
    wasm_val_t a[1] = {WASM_I32_VAL(3)}, r[1] = {WASM_INIT_VAL};
    wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
    check_trap(wasm_func_call(down_fn, &av, &rv), "Exception: no deeper");
    CHECK_EQ_INT(depth, 0);
  }
  reenter_fail_at = -1;
  wasm_val_t a[1] = {WASM_I32_VAL(2)}, r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
  CHECK(wasm_func_call(down_fn, &av, &rv) == NULL);
  CHECK_EQ_INT(r[0].of.i32, 1003);
}

static void run_world(world *w) {
  int before = tl_failed;
  test_exports(w);
  test_identities(w);
  test_hosts(w);
  test_refused(w);
  test_refs(w);
  test_reenter(w);
  printf("%s: %s\n", w->label, tl_failed == before ? "ok" : "FAILED");
}

int main(void) {
  build_sigs();
  build_wat();
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_store_t *metered = wamr_store_new_metered(engine);
  CHECK(metered != NULL);
  foreign = wasm_foreign_new(store);

  wasm_byte_vec_t text, bin;
  wasm_byte_vec_new(&text, wat_len, (const wasm_byte_t *)wat);
  bool ok = wamr_wat_to_wasm(&text, &bin);
  wasm_byte_vec_delete(&text);
  CHECK(ok);
  if (!ok) {
    fprintf(stderr, "WAT error: %.*s\n", (int)bin.size, bin.data);
    return test_summary();
  }
  module = wasm_module_new(store, &bin);
  wasm_byte_vec_delete(&bin);
  CHECK(module != NULL);
  if (!module) return test_summary();
  wasm_module_exports(module, &etypes);
  CHECK_EQ_INT(etypes.size, 2 * NSIGS + 1 + 15);

  /* numeric and untyped signatures, env and plain callbacks, plain and metered stores */
  world w_env, w_plain, w_metered;
  finalized = 0;
  world_new(&w_env, "store, env callbacks", store, 1);
  run_world(&w_env);
  world_new(&w_plain, "store, plain callbacks", store, 0);
  run_world(&w_plain);
  world_new(&w_metered, "metered store, env callbacks", metered, 1);
  CHECK(wamr_store_set_fuel(metered, UINT64_MAX));
  run_world(&w_metered);
  world_delete(&w_plain);
  world_delete(&w_metered);
  wasm_store_delete(metered);
  CHECK_EQ_INT(finalized, NSIGS); /* the metered store's env callbacks */

  /* ---- calls after the instance, then the store, are gone ---- */
  wasm_extern_vec_t fresh; /* new objects: numeric paths not yet chosen */
  wasm_instance_exports(w_env.inst, &fresh);
  wasm_instance_delete(w_env.inst);
  w_env.inst = NULL;
  host_mode = M_NORMAL;
  for (int i = 0; i < NSIGS; i++) {
    call_expect(&w_env, fn_i(&w_env, 'e', i), &sigs[i], 5, wasm_salt(&sigs[i]), 0, 0);
    call_expect(&w_env, fn_i(&w_env, 'c', i), &sigs[i], 6, host_salt(&sigs[i]), 1, 0);
  }
  wasm_store_delete(store);
  CHECK_EQ_INT(finalized, NSIGS); /* the functions still hold the store */
  world after = w_env;
  after.ex = fresh;
  after.label = "after the store is gone";
  after.store = NULL; /* deleted: no wasm_trap_new */
  for (int i = 0; i < NSIGS; i++) {
    for (int set = 0; set < NSETS; set += 3) {
      call_expect(&w_env, fn_i(&w_env, 'e', i), &sigs[i], set, wasm_salt(&sigs[i]), 0, 0);
      call_expect(&after, fn_i(&after, 'e', i), &sigs[i], set, wasm_salt(&sigs[i]), 0, 1);
      call_expect(&after, fn_i(&after, 'c', i), &sigs[i], set, host_salt(&sigs[i]), 1, 0);
      call_expect(&after, w_env.hosts[i], &sigs[i], set, host_salt(&sigs[i]), 1, 1);
    }
  }
  test_reenter(&after);
  wasm_extern_vec_delete(&fresh);
  world_delete(&w_env);
  wasm_foreign_delete(foreign);
  wasm_exporttype_vec_delete(&etypes);
  wasm_module_delete(module);
  CHECK_EQ_INT(finalized, 2 * NSIGS); /* now the store is really gone */
  wasm_engine_delete(engine);
  free(wat);
  return test_summary();
}
