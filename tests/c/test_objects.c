/* Host-side objects: globals, tables, memories; extern kinds and types; casts;
 * copies and wasm_*_same; objects imported into wasm. */
#include "testlib.h"

static wasm_engine_t *engine;
static wasm_store_t *store;

static wasm_globaltype_t *gtype(wasm_valkind_t k, wasm_mutability_t m) {
  return wasm_globaltype_new(wasm_valtype_new(k), m);
}

/* Ours: reads any global. wasm_global_get leaves a host global no instance imported
   untouched, as WAMR's does (declared here too for the build on WAMR's header). */
void wamr_global_value(const wasm_global_t *g, wasm_val_t *out);

static wasm_trap_t *noop_cb(const wasm_val_vec_t *args, wasm_val_vec_t *results) { return NULL; }

static void test_globals(void) {
  /* mutable i32 */
  wasm_globaltype_t *ty = gtype(WASM_I32, WASM_VAR);
  wasm_val_t v = WASM_I32_VAL(5);
  wasm_global_t *g = wasm_global_new(store, ty, &v);
  CHECK(g != NULL);
  wasm_val_t out;
  memset(&out, 0xff, sizeof out);
  wamr_global_value(g, &out);
  CHECK_EQ_INT(out.kind, WASM_I32);
  CHECK_EQ_INT(out.of.i32, 5);
  wasm_val_t nv = WASM_I32_VAL(-77);
  wasm_global_set(g, &nv);
  wamr_global_value(g, &out);
  CHECK_EQ_INT(out.of.i32, -77);
  /* a value of the wrong kind leaves it unchanged */
  wasm_val_t wrong = WASM_I64_VAL(1);
  wasm_global_set(g, &wrong);
  wamr_global_value(g, &out);
  CHECK_EQ_INT(out.kind, WASM_I32);
  CHECK_EQ_INT(out.of.i32, -77);
  wasm_global_set(g, NULL);
  wamr_global_value(g, &out);
  CHECK_EQ_INT(out.of.i32, -77);
  /* the type */
  wasm_globaltype_t *gt = wasm_global_type(g);
  CHECK(gt != NULL);
  CHECK_EQ_INT(wasm_valtype_kind(wasm_globaltype_content(gt)), WASM_I32);
  CHECK_EQ_INT(wasm_globaltype_mutability(gt), WASM_VAR);
  wasm_globaltype_delete(gt);
  wasm_globaltype_delete(ty);

  /* const f64: set leaves it unchanged */
  ty = gtype(WASM_F64, WASM_CONST);
  v = (wasm_val_t)WASM_F64_VAL(2.5);
  wasm_global_t *c = wasm_global_new(store, ty, &v);
  CHECK(c != NULL);
  wasm_val_t nf = WASM_F64_VAL(9.0);
  wasm_global_set(c, &nf);
  wamr_global_value(c, &out);
  CHECK_EQ_INT(out.kind, WASM_F64);
  CHECK(out.of.f64 == 2.5);
  gt = wasm_global_type(c);
  CHECK_EQ_INT(wasm_valtype_kind(wasm_globaltype_content(gt)), WASM_F64);
  CHECK_EQ_INT(wasm_globaltype_mutability(gt), WASM_CONST);
  wasm_globaltype_delete(gt);
  /* another number kind at creation: read as the global's type, as WAMR does */
  wasm_val_t bits;
  memset(&bits, 0, sizeof bits);
  bits.kind = WASM_I64;
  bits.of.f64 = -0.75;
  wasm_global_t *relaxed = wasm_global_new(store, ty, &bits);
  CHECK(relaxed != NULL);
  wamr_global_value(relaxed, &out);
  CHECK_EQ_INT(out.kind, WASM_F64);
  CHECK(out.of.f64 == -0.75);
  wasm_global_delete(relaxed);
  /* a reference for a number type: NULL */
  wasm_val_t bad = WASM_REF_VAL(NULL);
  CHECK(wasm_global_new(store, ty, &bad) == NULL);
  CHECK(wasm_global_new(store, ty, NULL) == NULL);
  CHECK(wasm_global_new(store, NULL, &v) == NULL);
  CHECK(wasm_global_new(NULL, ty, &v) == NULL);
  wasm_globaltype_delete(ty);

  /* i64 and f32 */
  ty = gtype(WASM_I64, WASM_VAR);
  v = (wasm_val_t)WASM_I64_VAL(INT64_MIN);
  wasm_global_t *g64 = wasm_global_new(store, ty, &v);
  wamr_global_value(g64, &out);
  CHECK_EQ_INT(out.kind, WASM_I64);
  CHECK(out.of.i64 == INT64_MIN);
  wasm_globaltype_delete(ty);
  ty = gtype(WASM_F32, WASM_VAR);
  v = (wasm_val_t)WASM_F32_VAL(-1.25f);
  wasm_global_t *g32 = wasm_global_new(store, ty, &v);
  wamr_global_value(g32, &out);
  CHECK_EQ_INT(out.kind, WASM_F32);
  CHECK(out.of.f32 == -1.25f);
  wasm_globaltype_delete(ty);

  /* externref global */
  ty = gtype(WASM_EXTERNREF, WASM_VAR);
  wasm_foreign_t *fo = wasm_foreign_new(store);
  v = (wasm_val_t)WASM_REF_VAL(wasm_foreign_as_ref(fo));
  wasm_global_t *gr = wasm_global_new(store, ty, &v);
  CHECK(gr != NULL);
  wamr_global_value(gr, &out);
  CHECK_EQ_INT(out.kind, WASM_EXTERNREF);
  CHECK(out.of.ref != NULL && wasm_ref_same(out.of.ref, wasm_foreign_as_ref(fo)));
  if (out.of.ref) wasm_ref_delete(out.of.ref);
  wasm_val_t nullref = WASM_REF_VAL(NULL);
  wasm_global_set(gr, &nullref);
  wamr_global_value(gr, &out);
  CHECK(out.of.ref == NULL);
  wasm_globaltype_delete(ty);

  /* copies and same */
  wasm_global_t *gc = wasm_global_copy(g);
  CHECK(gc != NULL && gc != g);
  CHECK(wasm_global_same(g, gc));
  CHECK(!wasm_global_same(g, c));
  CHECK(!wasm_global_same(g, NULL));
  wasm_global_set(gc, &(wasm_val_t)WASM_I32_VAL(31));
  wamr_global_value(g, &out);
  CHECK_EQ_INT(out.of.i32, 31); /* the same global */
  CHECK(wasm_global_copy(NULL) == NULL);

  /* NULL */
  CHECK(wasm_global_type(NULL) == NULL);
  out.of.i32 = 99;
  wasm_global_get(NULL, &out);
  CHECK_EQ_INT(out.of.i32, 99);
  wasm_global_get(g, NULL);
  wasm_global_set(NULL, &nv);

  /* extern view */
  wasm_extern_t *e = wasm_global_as_extern(g);
  CHECK(e != NULL);
  CHECK_EQ_INT(wasm_extern_kind(e), WASM_EXTERN_GLOBAL);
  CHECK(wasm_extern_as_global(e) == g);
  CHECK(wasm_extern_as_func(e) == NULL);
  CHECK(wasm_extern_as_table(e) == NULL);
  CHECK(wasm_extern_as_memory(e) == NULL);
  CHECK(wasm_extern_as_global_const(wasm_global_as_extern_const(g)) == g);
  wasm_externtype_t *et = wasm_extern_type(e);
  CHECK(et != NULL);
  CHECK_EQ_INT(wasm_externtype_kind(et), WASM_EXTERN_GLOBAL);
  const wasm_globaltype_t *egt = wasm_externtype_as_globaltype_const(et);
  CHECK(egt != NULL);
  if (egt) CHECK_EQ_INT(wasm_valtype_kind(wasm_globaltype_content(egt)), WASM_I32);
  CHECK(wasm_externtype_as_functype(et) == NULL);
  wasm_externtype_delete(et);
  /* as a ref */
  wasm_ref_t *r = wasm_global_as_ref(g);
  CHECK(wasm_ref_as_global(r) == g);
  CHECK(wasm_ref_as_table(r) == NULL);
  wasm_extern_t *ec = wasm_extern_copy(e);
  CHECK(wasm_extern_same(e, ec));
  CHECK(wasm_extern_as_global(ec) != NULL);
  CHECK(wasm_global_same(wasm_extern_as_global(ec), g));
  wasm_extern_delete(ec);

  wasm_global_delete(gc);
  wasm_global_delete(g);
  wasm_global_delete(c);
  wasm_global_delete(g64);
  wasm_global_delete(g32);
  wasm_global_delete(gr);
  wasm_foreign_delete(fo);
}

static void test_tables(void) {
  wasm_limits_t lim = {2, 5};
  wasm_tabletype_t *ty = wasm_tabletype_new(wasm_valtype_new(WASM_FUNCREF), &lim);
  wasm_table_t *t = wasm_table_new(store, ty, NULL);
  CHECK(t != NULL);
  CHECK_EQ_INT(wasm_table_size(t), 2);
  CHECK(wasm_table_get(t, 0) == NULL);
  CHECK(wasm_table_get(t, 1) == NULL);
  CHECK(wasm_table_get(t, 2) == NULL); /* out of range */

  /* the type */
  wasm_tabletype_t *tt = wasm_table_type(t);
  CHECK(tt != NULL);
  CHECK_EQ_INT(wasm_valtype_kind(wasm_tabletype_element(tt)), WASM_FUNCREF);
  CHECK_EQ_INT(wasm_tabletype_limits(tt)->min, 2);
  CHECK_EQ_INT(wasm_tabletype_limits(tt)->max, 5);
  wasm_tabletype_delete(tt);

  /* set / get a function */
  wasm_functype_t *fty = wasm_functype_new_0_0();
  wasm_func_t *f = wasm_func_new(store, fty, noop_cb);
  wasm_func_t *f2 = wasm_func_new(store, fty, noop_cb);
  wasm_functype_delete(fty);
  CHECK(wasm_table_set(t, 1, wasm_func_as_ref(f)));
  wasm_ref_t *got = wasm_table_get(t, 1);
  CHECK(got != NULL);
  if (got) {
    CHECK(wasm_ref_as_func(got) != NULL);
    CHECK(wasm_func_same(wasm_ref_as_func(got), f));
    CHECK(!wasm_func_same(wasm_ref_as_func(got), f2));
    wasm_ref_delete(got);
  }
  CHECK(!wasm_table_set(t, 2, wasm_func_as_ref(f))); /* out of range */
  CHECK(!wasm_table_set(t, 100, NULL));
  /* a non-function into a funcref table */
  wasm_foreign_t *fo = wasm_foreign_new(store);
  CHECK(!wasm_table_set(t, 0, wasm_foreign_as_ref(fo)));
  CHECK(wasm_table_get(t, 0) == NULL);
  /* clear with NULL */
  CHECK(wasm_table_set(t, 1, NULL));
  CHECK(wasm_table_get(t, 1) == NULL);

  /* grow from the host */
  CHECK(wasm_table_grow(t, 2, wasm_func_as_ref(f2)));
  CHECK_EQ_INT(wasm_table_size(t), 4);
  got = wasm_table_get(t, 3);
  CHECK(got != NULL && wasm_func_same(wasm_ref_as_func(got), f2));
  if (got) wasm_ref_delete(got);
  CHECK(!wasm_table_grow(t, 2, NULL)); /* 6 > max 5 */
  CHECK_EQ_INT(wasm_table_size(t), 4);
  CHECK(wasm_table_grow(t, 1, NULL));
  CHECK_EQ_INT(wasm_table_size(t), 5);
  CHECK(wasm_table_get(t, 4) == NULL);
  CHECK(!wasm_table_grow(t, 1, NULL));
  CHECK(wasm_table_grow(t, 0, NULL)); /* growing by nothing is fine */
  CHECK_EQ_INT(wasm_table_size(t), 5);

  /* extern view, type, casts */
  wasm_extern_t *e = wasm_table_as_extern(t);
  CHECK_EQ_INT(wasm_extern_kind(e), WASM_EXTERN_TABLE);
  CHECK(wasm_extern_as_table(e) == t);
  CHECK(wasm_extern_as_global(e) == NULL);
  CHECK(wasm_extern_as_memory(e) == NULL);
  wasm_externtype_t *et = wasm_extern_type(e);
  CHECK_EQ_INT(wasm_externtype_kind(et), WASM_EXTERN_TABLE);
  CHECK(wasm_externtype_as_tabletype(et) != NULL);
  CHECK(wasm_externtype_as_memorytype(et) == NULL);
  wasm_externtype_delete(et);

  /* copy / same */
  wasm_table_t *tc = wasm_table_copy(t);
  CHECK(tc != NULL);
  CHECK(wasm_table_same(t, tc));
  CHECK_EQ_INT(wasm_table_size(tc), 5);

  /* an externref table */
  wasm_limits_t lim2 = {1, wasm_limits_max_default};
  wasm_tabletype_t *ty2 = wasm_tabletype_new(wasm_valtype_new(WASM_EXTERNREF), &lim2);
  wasm_table_t *xt = wasm_table_new(store, ty2, wasm_foreign_as_ref(fo));
  CHECK(xt != NULL);
  CHECK(!wasm_table_same(t, xt));
  got = wasm_table_get(xt, 0); /* initialised with the foreign */
  CHECK(got != NULL && wasm_ref_same(got, wasm_foreign_as_ref(fo)));
  if (got) wasm_ref_delete(got);
  CHECK(wasm_table_grow(xt, 10, NULL));
  CHECK_EQ_INT(wasm_table_size(xt), 11);
  CHECK(wasm_table_get(xt, 10) == NULL);
  CHECK(wasm_table_set(xt, 10, wasm_foreign_as_ref(fo)));
  got = wasm_table_get(xt, 10);
  CHECK(got != NULL && wasm_ref_same(got, wasm_foreign_as_ref(fo)));
  if (got) wasm_ref_delete(got);
  wasm_tabletype_t *tt2 = wasm_table_type(xt);
  CHECK_EQ_INT(wasm_valtype_kind(wasm_tabletype_element(tt2)), WASM_EXTERNREF);
  CHECK_EQ_INT(wasm_tabletype_limits(tt2)->max, wasm_limits_max_default);
  wasm_tabletype_delete(tt2);
  /* a min above the max: NULL */
  wasm_limits_t bad = {5, 2};
  wasm_tabletype_t *ty3 = wasm_tabletype_new(wasm_valtype_new(WASM_FUNCREF), &bad);
  CHECK(wasm_table_new(store, ty3, NULL) == NULL);
  wasm_tabletype_delete(ty3);

  /* NULL */
  CHECK(wasm_table_new(NULL, ty, NULL) == NULL);
  CHECK(wasm_table_new(store, NULL, NULL) == NULL);
  CHECK_EQ_INT(wasm_table_size(NULL), 0);
  CHECK(wasm_table_get(NULL, 0) == NULL);
  CHECK(!wasm_table_set(NULL, 0, NULL));
  CHECK(!wasm_table_grow(NULL, 1, NULL));
  CHECK(wasm_table_type(NULL) == NULL);

  wasm_table_delete(tc);
  wasm_table_delete(t);
  wasm_table_delete(xt);
  wasm_tabletype_delete(ty);
  wasm_tabletype_delete(ty2);
  wasm_func_delete(f);
  wasm_func_delete(f2);
  wasm_foreign_delete(fo);
}

static void test_memories(void) {
  wasm_limits_t lim = {1, 3};
  wasm_memorytype_t *ty = wasm_memorytype_new(&lim);
  wasm_memory_t *m = wasm_memory_new(store, ty);
  CHECK(m != NULL);
  CHECK_EQ_INT(wasm_memory_size(m), 1);
  CHECK_EQ_INT(wasm_memory_data_size(m), 65536);
  byte_t *data = wasm_memory_data(m);
  CHECK(data != NULL);
  CHECK_EQ_INT(data[0], 0);
  CHECK_EQ_INT(data[65535], 0);
  data[100] = 42;
  data[65535] = 7;
  CHECK_EQ_INT(wasm_memory_data(m)[100], 42);

  wasm_memorytype_t *mt = wasm_memory_type(m);
  CHECK(mt != NULL);
  CHECK_EQ_INT(wasm_memorytype_limits(mt)->min, 1);
  CHECK_EQ_INT(wasm_memorytype_limits(mt)->max, 3);
  wasm_memorytype_delete(mt);

  /* grow from the host */
  CHECK(wasm_memory_grow(m, 1));
  CHECK_EQ_INT(wasm_memory_size(m), 2);
  CHECK_EQ_INT(wasm_memory_data_size(m), 2 * 65536);
  data = wasm_memory_data(m);
  CHECK_EQ_INT(data[100], 42); /* contents kept */
  CHECK_EQ_INT(data[65535], 7);
  CHECK_EQ_INT(data[65536 + 10], 0); /* new page zeroed */
  CHECK(!wasm_memory_grow(m, 2)); /* 4 > max 3 */
  CHECK_EQ_INT(wasm_memory_size(m), 2);
  CHECK(wasm_memory_grow(m, 1));
  CHECK_EQ_INT(wasm_memory_size(m), 3);
  CHECK(!wasm_memory_grow(m, 1));
  CHECK(wasm_memory_grow(m, 0));
  CHECK_EQ_INT(wasm_memory_size(m), 3);

  /* extern view */
  wasm_extern_t *e = wasm_memory_as_extern(m);
  CHECK_EQ_INT(wasm_extern_kind(e), WASM_EXTERN_MEMORY);
  CHECK(wasm_extern_as_memory(e) == m);
  CHECK(wasm_extern_as_func(e) == NULL);
  CHECK(wasm_extern_as_table(e) == NULL);
  wasm_externtype_t *et = wasm_extern_type(e);
  CHECK_EQ_INT(wasm_externtype_kind(et), WASM_EXTERN_MEMORY);
  const wasm_memorytype_t *emt = wasm_externtype_as_memorytype_const(et);
  CHECK(emt != NULL);
  if (emt) CHECK_EQ_INT(wasm_memorytype_limits(emt)->max, 3);
  wasm_externtype_delete(et);

  /* copy / same */
  wasm_memory_t *mc = wasm_memory_copy(m);
  CHECK(mc != NULL && mc != m);
  CHECK(wasm_memory_same(m, mc));
  CHECK(wasm_memory_data(mc) == wasm_memory_data(m));
  wasm_memory_t *other = wasm_memory_new(store, ty);
  CHECK(!wasm_memory_same(m, other));
  CHECK(wasm_memory_data(other) != wasm_memory_data(m));

  /* a memory with no pages */
  wasm_limits_t zero = {0, 2};
  wasm_memorytype_t *zty = wasm_memorytype_new(&zero);
  wasm_memory_t *z = wasm_memory_new(store, zty);
  CHECK(z != NULL);
  CHECK_EQ_INT(wasm_memory_size(z), 0);
  CHECK_EQ_INT(wasm_memory_data_size(z), 0);
  CHECK(wasm_memory_grow(z, 1));
  CHECK_EQ_INT(wasm_memory_data_size(z), 65536);
  CHECK(wasm_memory_data(z) != NULL);
  wasm_memorytype_delete(zty);

  /* a min above the max: NULL */
  wasm_limits_t bad = {4, 2};
  wasm_memorytype_t *bty = wasm_memorytype_new(&bad);
  CHECK(wasm_memory_new(store, bty) == NULL);
  wasm_memorytype_delete(bty);

  /* NULL */
  CHECK(wasm_memory_new(NULL, ty) == NULL);
  CHECK(wasm_memory_new(store, NULL) == NULL);
  CHECK(wasm_memory_data(NULL) == NULL);
  CHECK_EQ_INT(wasm_memory_data_size(NULL), 0);
  CHECK_EQ_INT(wasm_memory_size(NULL), 0);
  CHECK(!wasm_memory_grow(NULL, 1));
  CHECK(wasm_memory_type(NULL) == NULL);

  wasm_memory_delete(z);
  wasm_memory_delete(other);
  wasm_memory_delete(mc);
  wasm_memory_delete(m);
  wasm_memorytype_delete(ty);
}

static void test_func_extern(void) {
  wasm_functype_t *fty = wasm_functype_new_1_1(wasm_valtype_new_i64(), wasm_valtype_new_f32());
  wasm_func_t *f = wasm_func_new(store, fty, noop_cb);
  wasm_extern_t *e = wasm_func_as_extern(f);
  CHECK_EQ_INT(wasm_extern_kind(e), WASM_EXTERN_FUNC);
  CHECK(wasm_extern_as_func(e) == f);
  CHECK(wasm_extern_as_global(e) == NULL);
  CHECK(wasm_extern_as_func_const(wasm_func_as_extern_const(f)) == f);
  wasm_externtype_t *et = wasm_extern_type(e);
  CHECK_EQ_INT(wasm_externtype_kind(et), WASM_EXTERN_FUNC);
  const wasm_functype_t *ft = wasm_externtype_as_functype_const(et);
  CHECK(ft != NULL);
  if (ft) {
    CHECK_EQ_INT(wasm_functype_params(ft)->size, 1);
    CHECK_EQ_INT(wasm_valtype_kind(wasm_functype_params(ft)->data[0]), WASM_I64);
    CHECK_EQ_INT(wasm_valtype_kind(wasm_functype_results(ft)->data[0]), WASM_F32);
  }
  CHECK(wasm_externtype_as_globaltype(et) == NULL);
  wasm_externtype_delete(et);
  wasm_func_t *fc = wasm_func_copy(f);
  CHECK(wasm_func_same(f, fc));
  wasm_func_t *g = wasm_func_new(store, fty, noop_cb);
  CHECK(!wasm_func_same(f, g));
  /* extern_same across kinds */
  wasm_limits_t lim = {1, 1};
  wasm_memorytype_t *mty = wasm_memorytype_new(&lim);
  wasm_memory_t *m = wasm_memory_new(store, mty);
  CHECK(!wasm_extern_same(e, wasm_memory_as_extern(m)));
  CHECK(wasm_extern_same(e, wasm_func_as_extern(fc)));
  /* NULL */
  CHECK(wasm_extern_as_func(NULL) == NULL);
  CHECK(wasm_extern_type(NULL) == NULL);
  CHECK(wasm_extern_copy(NULL) == NULL);
  CHECK(!wasm_extern_same(NULL, e));
  CHECK(wasm_func_as_extern(NULL) == NULL);
  /* an empty placeholder converts to nothing */
  wasm_extern_t *empty = wasm_extern_new_empty(store, WASM_EXTERN_MEMORY);
  CHECK(empty != NULL);
  CHECK_EQ_INT(wasm_extern_kind(empty), WASM_EXTERN_MEMORY);
  CHECK(wasm_extern_as_memory(empty) == NULL);
  CHECK(wasm_extern_type(empty) == NULL);
  CHECK(wasm_extern_new_empty(NULL, WASM_EXTERN_FUNC) == NULL);
  CHECK(wasm_extern_new_empty(store, 7) == NULL);
  wasm_extern_delete(empty);

  wasm_memory_delete(m);
  wasm_memorytype_delete(mty);
  wasm_func_delete(g);
  wasm_func_delete(fc);
  wasm_func_delete(f);
  wasm_functype_delete(fty);
}

/* Host memory, global and table imported by a module: host writes are seen by wasm. */
static void test_visible_to_wasm(void) {
  wasm_byte_vec_t bin;
  load_wasm("m2_objects.wasm", &bin);
  wasm_module_t *module = wasm_module_new(store, &bin);
  wasm_byte_vec_delete(&bin);
  CHECK(module != NULL);
  if (!module) return;
  wasm_limits_t mlim = {1, 3};
  wasm_memorytype_t *mty = wasm_memorytype_new(&mlim);
  wasm_memory_t *mem = wasm_memory_new(store, mty);
  wasm_memorytype_delete(mty);
  wasm_globaltype_t *gty = gtype(WASM_F64, WASM_VAR);
  wasm_val_t gv = WASM_F64_VAL(1.5);
  wasm_global_t *g = wasm_global_new(store, gty, &gv);
  wasm_globaltype_delete(gty);
  wasm_limits_t tlim = {2, 5};
  wasm_tabletype_t *tty = wasm_tabletype_new(wasm_valtype_new(WASM_EXTERNREF), &tlim);
  wasm_table_t *tab = wasm_table_new(store, tty, NULL);
  wasm_tabletype_delete(tty);
  wasm_foreign_t *fo = wasm_foreign_new(store);

  wasm_memory_data(mem)[5] = 99;
  CHECK(wasm_table_set(tab, 1, wasm_foreign_as_ref(fo)));

  /* as WAMR: wasm_global_get leaves a host global no instance imported untouched ... */
  wasm_val_t before;
  memset(&before, 0x7e, sizeof before);
  wasm_global_get(g, &before);
  CHECK_EQ_INT(before.kind, 0x7e);
  CHECK_EQ_INT(before.of.i32, 0x7e7e7e7e);
  wasm_val_t later = WASM_F64_VAL(1.5);
  wasm_global_set(g, &later); /* ... while set works, and what it sets is imported */

  wasm_extern_t *ext[] = {wasm_memory_as_extern(mem), wasm_global_as_extern(g), wasm_table_as_extern(tab)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(ext);
  wasm_trap_t *trap = NULL;
  wasm_instance_t *inst = wasm_instance_new(store, module, &imports, &trap);
  CHECK(inst != NULL);
  CHECK(trap == NULL);
  if (!inst) return;
  /* ... and reads it once an instance imported it */
  wasm_global_get(g, &before);
  CHECK_EQ_INT(before.kind, WASM_F64);
  CHECK(before.of.f64 == 1.5);
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  CHECK_EQ_INT(ex.size, 5);
  wasm_func_t *load8 = wasm_extern_as_func(ex.data[0]), *store8 = wasm_extern_as_func(ex.data[1]);
  wasm_func_t *getg = wasm_extern_as_func(ex.data[2]), *tget = wasm_extern_as_func(ex.data[3]);
  wasm_func_t *tsize = wasm_extern_as_func(ex.data[4]);

  wasm_val_t a[2], r[1];
  wasm_val_vec_t av = {1, a, 1, sizeof(wasm_val_t), NULL}, rv = WASM_ARRAY_VEC(r);
  a[0] = (wasm_val_t)WASM_I32_VAL(5);
  CHECK(wasm_func_call(load8, &av, &rv) == NULL);
  CHECK_EQ_INT(r[0].of.i32, 99);
  /* the host grows, writes in the new page, wasm reads it */
  CHECK(wasm_memory_grow(mem, 1));
  wasm_memory_data(mem)[65536 + 3] = 17;
  a[0] = (wasm_val_t)WASM_I32_VAL(65536 + 3);
  CHECK(wasm_func_call(load8, &av, &rv) == NULL);
  CHECK_EQ_INT(r[0].of.i32, 17);
  /* wasm writes, the host reads */
  wasm_val_vec_t av2 = {2, a, 2, sizeof(wasm_val_t), NULL}, rv0 = WASM_EMPTY_VEC;
  a[0] = (wasm_val_t)WASM_I32_VAL(200);
  a[1] = (wasm_val_t)WASM_I32_VAL(0xee);
  CHECK(wasm_func_call(store8, &av2, &rv0) == NULL);
  CHECK_EQ_INT((unsigned char)wasm_memory_data(mem)[200], 0xee);
  /* global */
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  CHECK(wasm_func_call(getg, &none, &rv) == NULL);
  CHECK(r[0].of.f64 == 1.5);
  wasm_global_set(g, &(wasm_val_t)WASM_F64_VAL(-8.0));
  CHECK(wasm_func_call(getg, &none, &rv) == NULL);
  CHECK(r[0].of.f64 == -8.0);
  /* table */
  CHECK(wasm_func_call(tsize, &none, &rv) == NULL);
  CHECK_EQ_INT(r[0].of.i32, 2);
  CHECK(wasm_table_grow(tab, 1, wasm_foreign_as_ref(fo)));
  CHECK(wasm_func_call(tsize, &none, &rv) == NULL);
  CHECK_EQ_INT(r[0].of.i32, 3);
  a[0] = (wasm_val_t)WASM_I32_VAL(1);
  CHECK(wasm_func_call(tget, &av, &rv) == NULL);
  CHECK_EQ_INT(r[0].kind, WASM_EXTERNREF);
  CHECK(r[0].of.ref != NULL && wasm_ref_same(r[0].of.ref, wasm_foreign_as_ref(fo)));
  if (r[0].of.ref) wasm_ref_delete(r[0].of.ref);
  a[0] = (wasm_val_t)WASM_I32_VAL(0);
  CHECK(wasm_func_call(tget, &av, &rv) == NULL);
  CHECK(r[0].of.ref == NULL);

  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
  wasm_module_delete(module);
  wasm_memory_delete(mem);
  wasm_global_delete(g);
  wasm_table_delete(tab);
  wasm_foreign_delete(fo);
}

int main(void) {
  engine = wasm_engine_new();
  store = wasm_store_new(engine);
  CHECK(store != NULL);
  test_globals();
  test_tables();
  test_memories();
  test_func_extern();
  test_visible_to_wasm();
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return test_summary();
}
