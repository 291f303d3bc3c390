/* References: foreign objects, host info and finalizers, as_ref/ref_as round trips,
 * wasm_ref_copy/same/delete, externref through functions, globals and tables,
 * funcref out of tables, wasm_val_copy/wasm_val_delete with references. */
#include "testlib.h"

static wasm_engine_t *engine;
static wasm_store_t *store;

static int finalized;
static void *finalized_with;
static void count_finalizer(void *info) {
  finalized++;
  finalized_with = info;
}

static wasm_trap_t *cb_nop(const wasm_val_vec_t *args, wasm_val_vec_t *results) { return NULL; }

static void test_foreign(void) {
  CHECK(wasm_foreign_new(NULL) == NULL);
  wasm_foreign_t *f = wasm_foreign_new(store);
  wasm_foreign_t *g = wasm_foreign_new(store);
  CHECK(f != NULL && g != NULL && f != g);
  CHECK(wasm_foreign_get_host_info(f) == NULL);
  static int a, b;
  wasm_foreign_set_host_info(f, &a);
  CHECK(wasm_foreign_get_host_info(f) == &a);
  CHECK(wasm_foreign_get_host_info(g) == NULL);

  CHECK(wasm_foreign_same(f, f));
  CHECK(!wasm_foreign_same(f, g));
  CHECK(!wasm_foreign_same(f, NULL));
  CHECK(!wasm_foreign_same(NULL, f));

  wasm_foreign_t *c = wasm_foreign_copy(f);
  CHECK(c != NULL && c != f);
  CHECK(wasm_foreign_same(c, f));
  CHECK(wasm_foreign_same(f, c));
  CHECK(!wasm_foreign_same(c, g));
  CHECK(wasm_foreign_get_host_info(c) == &a);
  /* a copy is the same object: host info set through it is seen by the original */
  wasm_foreign_set_host_info(c, &b);
  CHECK(wasm_foreign_get_host_info(f) == &b);
  wasm_foreign_delete(f);
  CHECK(wasm_foreign_get_host_info(c) == &b);
  wasm_foreign_delete(c);
  wasm_foreign_delete(g);
  CHECK(wasm_foreign_copy(NULL) == NULL);
  CHECK(wasm_foreign_get_host_info(NULL) == NULL);
  wasm_foreign_set_host_info(NULL, &a);
  wasm_foreign_delete(NULL);
}

static void test_finalizers(void) {
  static int info;
  /* a foreign and its copies: the finalizer runs once, when the last one dies */
  finalized = 0;
  finalized_with = NULL;
  wasm_foreign_t *f = wasm_foreign_new(store);
  wasm_foreign_set_host_info_with_finalizer(f, &info, count_finalizer);
  CHECK(wasm_foreign_get_host_info(f) == &info);
  wasm_foreign_t *c1 = wasm_foreign_copy(f);
  wasm_foreign_t *c2 = wasm_foreign_copy(c1);
  wasm_foreign_delete(f);
  CHECK_EQ_INT(finalized, 0);
  wasm_foreign_delete(c2);
  CHECK_EQ_INT(finalized, 0);
  wasm_foreign_delete(c1);
  CHECK_EQ_INT(finalized, 1);
  CHECK(finalized_with == &info);

  /* no finalizer: nothing runs */
  finalized = 0;
  f = wasm_foreign_new(store);
  wasm_foreign_set_host_info(f, &info);
  wasm_foreign_delete(f);
  CHECK_EQ_INT(finalized, 0);

  /* a host function, its copy and a ref copy */
  finalized = 0;
  wasm_functype_t *ft = wasm_functype_new_0_0();
  wasm_func_t *fn = wasm_func_new(store, ft, cb_nop);
  wasm_functype_delete(ft);
  wasm_func_set_host_info_with_finalizer(fn, &info, count_finalizer);
  CHECK(wasm_func_get_host_info(fn) == &info);
  wasm_func_t *fc = wasm_func_copy(fn);
  CHECK(wasm_func_get_host_info(fc) == &info);
  wasm_ref_t *rc = wasm_ref_copy(wasm_func_as_ref(fn));
  CHECK(wasm_ref_get_host_info(rc) == &info);
  wasm_func_delete(fn);
  wasm_func_delete(fc);
  CHECK_EQ_INT(finalized, 0);
  wasm_ref_delete(rc);
  CHECK_EQ_INT(finalized, 1);

  /* a trap */
  finalized = 0;
  wasm_trap_t *t = wasm_trap_new(store, NULL);
  wasm_trap_set_host_info_with_finalizer(t, &info, count_finalizer);
  wasm_trap_t *tc = wasm_trap_copy(t);
  wasm_trap_delete(t);
  CHECK_EQ_INT(finalized, 0);
  wasm_trap_delete(tc);
  CHECK_EQ_INT(finalized, 1);

  /* a global, through wasm_ref_set_host_info_with_finalizer */
  finalized = 0;
  wasm_globaltype_t *gt = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
  wasm_val_t v = WASM_I32_VAL(3);
  wasm_global_t *gl = wasm_global_new(store, gt, &v);
  wasm_globaltype_delete(gt);
  wasm_ref_set_host_info_with_finalizer(wasm_global_as_ref(gl), &info, count_finalizer);
  CHECK(wasm_global_get_host_info(gl) == &info);
  wasm_global_delete(gl);
  CHECK_EQ_INT(finalized, 1);
}

static void test_as_ref_round_trips(void) {
  wasm_byte_vec_t bin;
  load_wasm("m1_refs.wasm", &bin);
  wasm_module_t *module = wasm_module_new(store, &bin);
  wasm_byte_vec_delete(&bin);
  CHECK(module != NULL);
  wasm_instance_t *inst = wasm_instance_new(store, module, NULL, NULL);
  CHECK(inst != NULL);

  wasm_functype_t *ft = wasm_functype_new_0_0();
  wasm_func_t *func = wasm_func_new(store, ft, cb_nop);
  wasm_functype_delete(ft);
  wasm_globaltype_t *gt = wasm_globaltype_new(wasm_valtype_new_i64(), WASM_VAR);
  wasm_val_t gv = WASM_I64_VAL(9);
  wasm_global_t *global = wasm_global_new(store, gt, &gv);
  wasm_globaltype_delete(gt);
  wasm_limits_t tl = {1, 4}, ml = {1, 2};
  wasm_tabletype_t *tt = wasm_tabletype_new(wasm_valtype_new_funcref(), &tl);
  wasm_table_t *table = wasm_table_new(store, tt, NULL);
  wasm_tabletype_delete(tt);
  wasm_memorytype_t *mt = wasm_memorytype_new(&ml);
  wasm_memory_t *memory = wasm_memory_new(store, mt);
  wasm_memorytype_delete(mt);
  wasm_trap_t *trap = wasm_trap_new(store, NULL);
  wasm_foreign_t *foreign = wasm_foreign_new(store);
  CHECK(func && global && table && memory && trap && foreign);
  wasm_extern_t *ext = wasm_global_as_extern(global);

  enum { FUNC, GLOBAL, TABLE, MEMORY, INSTANCE, TRAP, FOREIGN, N };
  wasm_ref_t *refs[N] = {wasm_func_as_ref(func),     wasm_global_as_ref(global), wasm_table_as_ref(table),
                         wasm_memory_as_ref(memory), wasm_instance_as_ref(inst), wasm_trap_as_ref(trap),
                         wasm_foreign_as_ref(foreign)};
  for (int i = 0; i < N; i++)
    CHECK(refs[i] != NULL);

  /* host info set on the object is seen through its ref, and back */
  static int infos[N];
  wasm_func_set_host_info(func, &infos[FUNC]);
  wasm_global_set_host_info(global, &infos[GLOBAL]);
  wasm_table_set_host_info(table, &infos[TABLE]);
  wasm_memory_set_host_info(memory, &infos[MEMORY]);
  wasm_instance_set_host_info(inst, &infos[INSTANCE]);
  wasm_trap_set_host_info(trap, &infos[TRAP]);
  wasm_ref_set_host_info(refs[FOREIGN], &infos[FOREIGN]);
  for (int i = 0; i < N; i++)
    CHECK(wasm_ref_get_host_info(refs[i]) == &infos[i]);
  CHECK(wasm_foreign_get_host_info(foreign) == &infos[FOREIGN]);
  CHECK(wasm_extern_get_host_info(ext) == &infos[GLOBAL]);

  /* round trips: right kind gives the same object */
  CHECK(wasm_func_same(wasm_ref_as_func(refs[FUNC]), func));
  CHECK(wasm_global_same(wasm_ref_as_global(refs[GLOBAL]), global));
  CHECK(wasm_table_same(wasm_ref_as_table(refs[TABLE]), table));
  CHECK(wasm_memory_same(wasm_ref_as_memory(refs[MEMORY]), memory));
  CHECK(wasm_instance_same(wasm_ref_as_instance(refs[INSTANCE]), inst));
  CHECK(wasm_trap_same(wasm_ref_as_trap(refs[TRAP]), trap));
  CHECK(wasm_foreign_same(wasm_ref_as_foreign(refs[FOREIGN]), foreign));
  CHECK(wasm_ref_as_func(refs[FUNC]) == func);
  CHECK(wasm_ref_as_foreign(refs[FOREIGN]) == foreign);
  CHECK(wasm_func_same(wasm_ref_as_func_const(wasm_func_as_ref_const(func)), func));
  CHECK(wasm_global_same(wasm_ref_as_global_const(wasm_global_as_ref_const(global)), global));
  CHECK(wasm_table_same(wasm_ref_as_table_const(wasm_table_as_ref_const(table)), table));
  CHECK(wasm_memory_same(wasm_ref_as_memory_const(wasm_memory_as_ref_const(memory)), memory));
  CHECK(wasm_instance_same(wasm_ref_as_instance_const(wasm_instance_as_ref_const(inst)), inst));
  CHECK(wasm_trap_same(wasm_ref_as_trap_const(wasm_trap_as_ref_const(trap)), trap));
  CHECK(wasm_foreign_same(wasm_ref_as_foreign_const(wasm_foreign_as_ref_const(foreign)), foreign));
  /* externs */
  wasm_ref_t *eref = wasm_extern_as_ref(ext);
  CHECK(eref != NULL);
  CHECK(wasm_extern_same(wasm_ref_as_extern(eref), ext));
  CHECK(wasm_extern_same(wasm_ref_as_extern_const(wasm_extern_as_ref_const(ext)), ext));
  CHECK(wasm_global_same(wasm_ref_as_global(eref), global));
  CHECK(wasm_ref_same(eref, refs[GLOBAL]));
  CHECK(wasm_extern_same(wasm_ref_as_extern(refs[FUNC]), wasm_func_as_extern(func)));
  CHECK(wasm_extern_same(wasm_ref_as_extern(refs[TABLE]), wasm_table_as_extern(table)));
  CHECK(wasm_extern_same(wasm_ref_as_extern(refs[MEMORY]), wasm_memory_as_extern(memory)));

  /* wrong kind: NULL */
  for (int i = 0; i < N; i++) {
    if (i != FUNC) {
      CHECK(wasm_ref_as_func(refs[i]) == NULL);
      CHECK(wasm_ref_as_func_const(refs[i]) == NULL);
    }
    if (i != GLOBAL) {
      CHECK(wasm_ref_as_global(refs[i]) == NULL);
      CHECK(wasm_ref_as_global_const(refs[i]) == NULL);
    }
    if (i != TABLE) {
      CHECK(wasm_ref_as_table(refs[i]) == NULL);
      CHECK(wasm_ref_as_table_const(refs[i]) == NULL);
    }
    if (i != MEMORY) {
      CHECK(wasm_ref_as_memory(refs[i]) == NULL);
      CHECK(wasm_ref_as_memory_const(refs[i]) == NULL);
    }
    if (i != INSTANCE) {
      CHECK(wasm_ref_as_instance(refs[i]) == NULL);
      CHECK(wasm_ref_as_instance_const(refs[i]) == NULL);
    }
    if (i != TRAP) {
      CHECK(wasm_ref_as_trap(refs[i]) == NULL);
      CHECK(wasm_ref_as_trap_const(refs[i]) == NULL);
    }
    if (i != FOREIGN) {
      CHECK(wasm_ref_as_foreign(refs[i]) == NULL);
      CHECK(wasm_ref_as_foreign_const(refs[i]) == NULL);
    }
    if (i >= INSTANCE) { /* not an extern */
      CHECK(wasm_ref_as_extern(refs[i]) == NULL);
      CHECK(wasm_ref_as_extern_const(refs[i]) == NULL);
    }
  }
  CHECK(wasm_ref_as_func(NULL) == NULL);
  CHECK(wasm_ref_as_extern(NULL) == NULL);
  CHECK(wasm_ref_as_foreign_const(NULL) == NULL);
  CHECK(wasm_func_as_ref(NULL) == NULL);

  /* wasm_ref_copy / wasm_ref_same / wasm_ref_delete */
  for (int i = 0; i < N; i++) {
    wasm_ref_t *c = wasm_ref_copy(refs[i]);
    CHECK(c != NULL && c != refs[i]);
    CHECK(wasm_ref_same(c, refs[i]));
    CHECK(wasm_ref_same(refs[i], c));
    CHECK(wasm_ref_get_host_info(c) == &infos[i]);
    for (int j = 0; j < N; j++)
      if (j != i)
        CHECK(!wasm_ref_same(c, refs[j]));
    wasm_ref_delete(c);
    /* the original is untouched */
    CHECK(wasm_ref_get_host_info(refs[i]) == &infos[i]);
  }
  CHECK(wasm_ref_copy(NULL) == NULL);
  CHECK(!wasm_ref_same(NULL, refs[0]));
  CHECK(!wasm_ref_same(refs[0], NULL));
  wasm_ref_delete(NULL);
  /* two distinct objects of the same kind are not the same */
  wasm_foreign_t *other = wasm_foreign_new(store);
  CHECK(!wasm_ref_same(wasm_foreign_as_ref(other), refs[FOREIGN]));
  wasm_ref_delete(wasm_foreign_as_ref(other)); /* deleting a ref deletes the object it is */
  /* a copied func stays the same function */
  wasm_func_t *fcopy = wasm_func_copy(func);
  CHECK(wasm_func_same(fcopy, func));
  CHECK(wasm_ref_same(wasm_func_as_ref(fcopy), refs[FUNC]));
  wasm_func_delete(fcopy);

  wasm_foreign_delete(foreign);
  wasm_trap_delete(trap);
  wasm_memory_delete(memory);
  wasm_table_delete(table);
  wasm_global_delete(global);
  wasm_func_delete(func);
  wasm_instance_delete(inst);
  wasm_module_delete(module);
}

/* ---- externref and funcref through wasm ---- */

static wasm_module_t *refs_module;
static wasm_instance_t *refs_inst;
static wasm_extern_vec_t refs_exports;

static wasm_extern_t *export_named(const char *name) {
  wasm_exporttype_vec_t types;
  wasm_module_exports(refs_module, &types);
  wasm_extern_t *found = NULL;
  for (size_t i = 0; i < types.size && i < refs_exports.size; i++) {
    const wasm_name_t *n = wasm_exporttype_name(types.data[i]);
    if (n->size == strlen(name) + 1 && memcmp(n->data, name, n->size) == 0)
      found = refs_exports.data[i];
  }
  wasm_exporttype_vec_delete(&types);
  if (!found)
    fprintf(stderr, "export %s not found\n", name);
  return found;
}

/* Calls `name` with up to two arguments; returns the (single) result; kind 0xff on a trap. */
static wasm_val_t call(const char *name, size_t nargs, wasm_val_t a0, wasm_val_t a1) {
  wasm_func_t *f = wasm_extern_as_func(export_named(name));
  wasm_val_t args_v[2] = {a0, a1};
  wasm_val_t res_v[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args, results;
  wasm_val_vec_new_empty(&args);
  args.data = args_v;
  args.size = args.num_elems = nargs;
  args.size_of_elem = sizeof(wasm_val_t);
  wasm_val_vec_t tmp = WASM_ARRAY_VEC(res_v);
  results = tmp;
  results.size = results.num_elems = wasm_func_result_arity(f);
  wasm_trap_t *trap = wasm_func_call(f, &args, &results);
  if (trap) {
    wasm_message_t msg;
    wasm_trap_message(trap, &msg);
    fprintf(stderr, "%s trapped: %.*s\n", name, (int)msg.size, msg.data);
    wasm_byte_vec_delete(&msg);
    wasm_trap_delete(trap);
    res_v[0].kind = 0xff;
  }
  return res_v[0];
}

static void test_externref_through_wasm(void) {
  static int tag, tag2;
  finalized = 0;
  wasm_foreign_t *foreign = wasm_foreign_new(store);
  wasm_foreign_set_host_info_with_finalizer(foreign, &tag, count_finalizer);
  wasm_ref_t *fref = wasm_foreign_as_ref(foreign);
  wasm_val_t none = WASM_I32_VAL(0);
  wasm_val_t arg = WASM_REF_VAL(fref);

  /* identity function */
  wasm_val_t r = call("id", 1, arg, none);
  CHECK_EQ_INT(r.kind, WASM_EXTERNREF);
  CHECK(r.of.ref != NULL);
  CHECK(wasm_ref_same(r.of.ref, fref));
  CHECK(wasm_ref_get_host_info(r.of.ref) == &tag);
  CHECK(wasm_foreign_same(wasm_ref_as_foreign(r.of.ref), foreign));
  CHECK(wasm_ref_as_func(r.of.ref) == NULL);
  wasm_ref_delete(r.of.ref);
  CHECK_EQ_INT(finalized, 0);

  /* is_null sees a real reference, and a NULL one as ref.null */
  r = call("is_null", 1, arg, none);
  CHECK_EQ_INT(r.kind, WASM_I32);
  CHECK_EQ_INT(r.of.i32, 0);
  wasm_val_t nullref = WASM_REF_VAL(NULL);
  r = call("is_null", 1, nullref, none);
  CHECK_EQ_INT(r.of.i32, 1);
  r = call("id", 1, nullref, none);
  CHECK_EQ_INT(r.kind, WASM_EXTERNREF);
  CHECK(r.of.ref == NULL);

  /* through a global: set by wasm, read by the host, and the other way */
  wasm_global_t *eg = wasm_extern_as_global(export_named("eg"));
  CHECK(eg != NULL);
  wasm_val_t gv;
  wasm_global_get(eg, &gv);
  CHECK_EQ_INT(gv.kind, WASM_EXTERNREF);
  CHECK(gv.of.ref == NULL); /* initialised to ref.null */
  r = call("set_g", 1, arg, none);
  memset(&gv, 0, sizeof gv);
  wasm_global_get(eg, &gv);
  CHECK_EQ_INT(gv.kind, WASM_EXTERNREF);
  CHECK(gv.of.ref != NULL && wasm_ref_same(gv.of.ref, fref));
  CHECK(wasm_ref_get_host_info(gv.of.ref) == &tag);
  wasm_ref_delete(gv.of.ref);
  r = call("get_g", 0, none, none);
  CHECK(r.of.ref != NULL && wasm_ref_same(r.of.ref, fref));
  wasm_ref_delete(r.of.ref);

  wasm_foreign_t *foreign2 = wasm_foreign_new(store);
  wasm_foreign_set_host_info(foreign2, &tag2);
  wasm_val_t arg2 = WASM_REF_VAL(wasm_foreign_as_ref(foreign2));
  wasm_global_set(eg, &arg2);
  r = call("get_g", 0, none, none);
  CHECK(r.of.ref != NULL && wasm_ref_same(r.of.ref, wasm_foreign_as_ref(foreign2)));
  CHECK(!wasm_ref_same(r.of.ref, fref));
  CHECK(wasm_ref_get_host_info(r.of.ref) == &tag2);
  wasm_ref_delete(r.of.ref);

  /* through a table: set by wasm, read by the host, and the other way */
  wasm_table_t *et = wasm_extern_as_table(export_named("et"));
  CHECK(et != NULL);
  CHECK_EQ_INT(wasm_table_size(et), 2);
  CHECK(wasm_table_get(et, 0) == NULL);
  wasm_val_t idx1 = WASM_I32_VAL(1);
  call("set_t", 2, idx1, arg);
  wasm_ref_t *got = wasm_table_get(et, 1);
  CHECK(got != NULL && wasm_ref_same(got, fref));
  CHECK(wasm_ref_get_host_info(got) == &tag);
  wasm_ref_delete(got);
  CHECK(wasm_table_get(et, 0) == NULL);
  CHECK(wasm_table_get(et, 2) == NULL); /* out of range */
  CHECK(wasm_table_set(et, 0, wasm_foreign_as_ref(foreign2)));
  CHECK(!wasm_table_set(et, 5, wasm_foreign_as_ref(foreign2)));
  wasm_val_t idx0 = WASM_I32_VAL(0);
  r = call("get_t", 1, idx0, none);
  CHECK_EQ_INT(r.kind, WASM_EXTERNREF);
  CHECK(r.of.ref != NULL && wasm_ref_same(r.of.ref, wasm_foreign_as_ref(foreign2)));
  CHECK(wasm_ref_get_host_info(r.of.ref) == &tag2);
  wasm_ref_delete(r.of.ref);
  r = call("get_t", 1, idx1, none);
  CHECK(r.of.ref != NULL && wasm_ref_same(r.of.ref, fref));
  wasm_ref_delete(r.of.ref);

  /* any object may travel as an externref: a function comes back callable */
  wasm_func_t *sq = wasm_extern_as_func(export_named("sq"));
  wasm_val_t farg = WASM_REF_VAL(wasm_func_as_ref(sq));
  r = call("id", 1, farg, none);
  CHECK(r.of.ref != NULL && wasm_ref_same(r.of.ref, wasm_func_as_ref(sq)));
  wasm_func_t *back = wasm_ref_as_func(r.of.ref);
  CHECK(back != NULL && wasm_func_same(back, sq));
  if (back) {
    wasm_val_t a[1] = {WASM_I32_VAL(6)}, o[1] = {WASM_INIT_VAL};
    wasm_val_vec_t av = WASM_ARRAY_VEC(a), ov = WASM_ARRAY_VEC(o);
    CHECK(wasm_func_call(back, &av, &ov) == NULL);
    CHECK_EQ_INT(o[0].of.i32, 36);
  }
  wasm_ref_delete(r.of.ref);

  /* the finalizer waits for the copies held by wasm (global, table) */
  wasm_foreign_delete(foreign);
  wasm_foreign_delete(foreign2);
  CHECK_EQ_INT(finalized, 0);
}

static void test_funcref_from_table(void) {
  wasm_table_t *ft = wasm_extern_as_table(export_named("ft"));
  wasm_func_t *sq = wasm_extern_as_func(export_named("sq"));
  CHECK(ft != NULL && sq != NULL);
  CHECK_EQ_INT(wasm_table_size(ft), 2);
  wasm_ref_t *r0 = wasm_table_get(ft, 0);
  CHECK(r0 != NULL);
  wasm_func_t *f0 = wasm_ref_as_func(r0);
  CHECK(f0 != NULL);
  CHECK(wasm_ref_as_foreign(r0) == NULL);
  CHECK(wasm_func_same(f0, sq));
  CHECK_EQ_INT(wasm_func_param_arity(f0), 1);
  CHECK_EQ_INT(wasm_func_result_arity(f0), 1);
  wasm_val_t a[1] = {WASM_I32_VAL(7)}, o[1] = {WASM_INIT_VAL};
  wasm_val_vec_t av = WASM_ARRAY_VEC(a), ov = WASM_ARRAY_VEC(o);
  wasm_trap_t *t = wasm_func_call(f0, &av, &ov);
  CHECK(t == NULL);
  CHECK_EQ_INT(o[0].kind, WASM_I32);
  CHECK_EQ_INT(o[0].of.i32, 49);
  wasm_trap_delete(t);
  wasm_ref_delete(r0);

  CHECK(wasm_table_get(ft, 1) == NULL); /* null element */
  CHECK(wasm_table_set(ft, 1, wasm_func_as_ref(sq)));
  wasm_ref_t *r1 = wasm_table_get(ft, 1);
  CHECK(r1 != NULL && wasm_func_same(wasm_ref_as_func(r1), sq));
  a[0].of.i32 = -9;
  CHECK(wasm_func_call(wasm_ref_as_func(r1), &av, &ov) == NULL);
  CHECK_EQ_INT(o[0].of.i32, 81);
  wasm_ref_delete(r1);
  CHECK(wasm_table_set(ft, 1, NULL));
  CHECK(wasm_table_get(ft, 1) == NULL);
  CHECK(wasm_table_get(ft, 2) == NULL);
}

static void test_val_copy_delete(void) {
  static int info;
  finalized = 0;
  wasm_foreign_t *f = wasm_foreign_new(store);
  wasm_foreign_set_host_info_with_finalizer(f, &info, count_finalizer);
  wasm_val_t v = WASM_REF_VAL(wasm_foreign_as_ref(f));

  wasm_val_t c1, c2;
  memset(&c1, 0x5a, sizeof c1);
  wasm_val_copy(&c1, &v);
  /* values are plain data, as in WAMR: a copy holds the same reference */
  CHECK_EQ_INT(c1.kind, WASM_EXTERNREF);
  CHECK(c1.of.ref == v.of.ref);
  wasm_val_copy(&c2, &c1);
  CHECK(c2.of.ref == v.of.ref);

  /* wasm_val_delete leaves the reference alone: it is still the owner's */
  wasm_val_delete(&v);
  wasm_val_delete(&c1);
  wasm_val_delete(&c2);
  CHECK_EQ_INT(finalized, 0);
  CHECK(wasm_ref_get_host_info(c1.of.ref) == &info);
  wasm_foreign_delete(f);
  CHECK_EQ_INT(finalized, 1);
  CHECK(finalized_with == &info);

  /* a funcref value: copied as it is, the function untouched */
  wasm_func_t *sq = wasm_extern_as_func(export_named("sq"));
  wasm_val_t fv;
  fv.kind = WASM_FUNCREF;
  fv.of.ref = wasm_func_as_ref(sq);
  wasm_val_t fc;
  wasm_val_copy(&fc, &fv);
  CHECK_EQ_INT(fc.kind, WASM_FUNCREF);
  CHECK(fc.of.ref == fv.of.ref);
  wasm_val_delete(&fc);
  CHECK(wasm_func_result_arity(sq) == 1);
  wasm_ref_delete(fv.of.ref); /* gives back the as_ref handle (WAMR style) */
  CHECK(wasm_func_result_arity(sq) == 1);

  /* a null reference and numbers copy as they are */
  wasm_val_t n = WASM_REF_VAL(NULL), nc;
  wasm_val_copy(&nc, &n);
  CHECK_EQ_INT(nc.kind, WASM_EXTERNREF);
  CHECK(nc.of.ref == NULL);
  wasm_val_delete(&nc);
  wasm_val_t i = WASM_I64_VAL(12345), ic;
  wasm_val_copy(&ic, &i);
  CHECK_EQ_INT(ic.kind, WASM_I64);
  CHECK_EQ_INT(ic.of.i64, 12345);
  wasm_val_delete(&ic);
  wasm_val_delete(NULL);
  wasm_val_copy(NULL, &i);
}

int main(void) {
  engine = wasm_engine_new();
  store = wasm_store_new(engine);
  test_foreign();
  test_finalizers();
  test_as_ref_round_trips();

  wasm_byte_vec_t bin;
  load_wasm("m1_refs.wasm", &bin);
  refs_module = wasm_module_new(store, &bin);
  wasm_byte_vec_delete(&bin);
  CHECK(refs_module != NULL);
  refs_inst = wasm_instance_new(store, refs_module, NULL, NULL);
  CHECK(refs_inst != NULL);
  wasm_instance_exports(refs_inst, &refs_exports);
  CHECK_EQ_INT(refs_exports.size, 10);

  test_externref_through_wasm();
  test_funcref_from_table();
  test_val_copy_delete();

  wasm_extern_vec_delete(&refs_exports);
  wasm_instance_delete(refs_inst);
  wasm_module_delete(refs_module);
  /* the externrefs wasm still held die with the store: finalizer exactly once */
  finalized = 0;
  wasm_store_delete(store);
  CHECK_EQ_INT(finalized, 1);
  wasm_engine_delete(engine);
  return test_summary();
}
