/* Value, function, global, table, memory, extern, import and export types, and the
 * header's static inline helpers and value macros. */
#include "testlib.h"

static void test_valtypes(void) {
  const wasm_valkind_t kinds[7] = {WASM_I32, WASM_I64, WASM_F32, WASM_F64,
                                   WASM_V128, WASM_EXTERNREF, WASM_FUNCREF};
  const int values[7] = {0, 1, 2, 3, 4, 128, 129};
  for (int i = 0; i < 7; i++) {
    CHECK_EQ_INT(kinds[i], values[i]);
    wasm_valtype_t *t = wasm_valtype_new(kinds[i]);
    CHECK(t != NULL);
    CHECK_EQ_INT(wasm_valtype_kind(t), kinds[i]);
    wasm_valtype_t *c = wasm_valtype_copy(t);
    CHECK(c != NULL && c != t);
    CHECK_EQ_INT(wasm_valtype_kind(c), kinds[i]);
    CHECK_EQ_INT(wasm_valtype_is_num(t), i < 5);
    CHECK_EQ_INT(wasm_valtype_is_ref(t), i >= 5);
    wasm_valtype_delete(t);
    CHECK_EQ_INT(wasm_valtype_kind(c), kinds[i]); /* the copy outlives the original */
    wasm_valtype_delete(c);
  }
  CHECK(sizeof(wasm_valkind_t) == 1);
  /* invalid kinds */
  CHECK(wasm_valtype_new(5) == NULL);
  CHECK(wasm_valtype_new(42) == NULL);
  CHECK(wasm_valtype_new(127) == NULL);
  CHECK(wasm_valtype_new(130) == NULL);
  CHECK(wasm_valtype_new(255) == NULL);
  CHECK(wasm_valtype_copy(NULL) == NULL);
  wasm_valtype_delete(NULL);

  CHECK(wasm_valkind_is_num(WASM_F64));
  CHECK(!wasm_valkind_is_num(WASM_EXTERNREF));
  CHECK(wasm_valkind_is_ref(WASM_FUNCREF));
  CHECK(!wasm_valkind_is_ref(WASM_I32));

  /* the short-hands */
  wasm_valtype_t *s[7] = {wasm_valtype_new_i32(),  wasm_valtype_new_i64(),    wasm_valtype_new_f32(),
                          wasm_valtype_new_f64(),  wasm_valtype_new_v128(),   wasm_valtype_new_anyref(),
                          wasm_valtype_new_funcref()};
  for (int i = 0; i < 7; i++) {
    CHECK(s[i] != NULL);
    CHECK_EQ_INT(wasm_valtype_kind(s[i]), kinds[i]);
    wasm_valtype_delete(s[i]);
  }
}

static void check_kinds(const wasm_valtype_vec_t *v, size_t n, const wasm_valkind_t *k) {
  CHECK(v != NULL);
  if (!v)
    return;
  CHECK_EQ_INT(v->size, n);
  CHECK_EQ_INT(v->num_elems, n);
  for (size_t i = 0; i < n && i < v->size; i++)
    CHECK_EQ_INT(wasm_valtype_kind(v->data[i]), k[i]);
}

static void test_functypes(void) {
  /* wasm_functype_new takes ownership of both vectors' elements */
  wasm_valtype_t *ps[3] = {wasm_valtype_new_i32(), wasm_valtype_new_f64(), wasm_valtype_new_anyref()};
  wasm_valtype_t *rs[2] = {wasm_valtype_new_i64(), wasm_valtype_new_funcref()};
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new(&params, 3, ps);
  wasm_valtype_vec_new(&results, 2, rs);
  wasm_functype_t *ft = wasm_functype_new(&params, &results);
  CHECK(ft != NULL);
  const wasm_valkind_t pk[3] = {WASM_I32, WASM_F64, WASM_EXTERNREF};
  const wasm_valkind_t rk[2] = {WASM_I64, WASM_FUNCREF};
  check_kinds(wasm_functype_params(ft), 3, pk);
  check_kinds(wasm_functype_results(ft), 2, rk);
  /* the elements were taken over, not copied */
  CHECK(wasm_functype_params(ft)->data[0] == ps[0]);
  CHECK(wasm_functype_results(ft)->data[1] == rs[1]);

  wasm_functype_t *copy = wasm_functype_copy(ft);
  CHECK(copy != NULL && copy != ft);
  check_kinds(wasm_functype_params(copy), 3, pk);
  check_kinds(wasm_functype_results(copy), 2, rk);
  CHECK(wasm_functype_params(copy) != wasm_functype_params(ft));
  CHECK(wasm_functype_params(copy)->data[0] != wasm_functype_params(ft)->data[0]);
  wasm_functype_delete(ft);
  check_kinds(wasm_functype_params(copy), 3, pk);
  wasm_functype_delete(copy);

  /* empty parameter and result lists */
  wasm_functype_t *f00 = wasm_functype_new_0_0();
  CHECK(f00 != NULL);
  CHECK_EQ_INT(wasm_functype_params(f00)->size, 0);
  CHECK_EQ_INT(wasm_functype_results(f00)->size, 0);
  wasm_functype_delete(f00);

  /* the static inline helpers */
  wasm_functype_t *f21 = wasm_functype_new_2_1(wasm_valtype_new_i32(), wasm_valtype_new_i64(), wasm_valtype_new_f32());
  const wasm_valkind_t p21[2] = {WASM_I32, WASM_I64}, r21[1] = {WASM_F32};
  check_kinds(wasm_functype_params(f21), 2, p21);
  check_kinds(wasm_functype_results(f21), 1, r21);
  wasm_functype_delete(f21);

  wasm_functype_t *f10 = wasm_functype_new_1_0(wasm_valtype_new_f64());
  const wasm_valkind_t p10[1] = {WASM_F64};
  check_kinds(wasm_functype_params(f10), 1, p10);
  check_kinds(wasm_functype_results(f10), 0, NULL);
  wasm_functype_delete(f10);

  wasm_functype_t *f02 = wasm_functype_new_0_2(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  const wasm_valkind_t r02[2] = {WASM_I32, WASM_I32};
  check_kinds(wasm_functype_params(f02), 0, NULL);
  check_kinds(wasm_functype_results(f02), 2, r02);
  wasm_functype_delete(f02);

  wasm_functype_t *f32 = wasm_functype_new_3_2(wasm_valtype_new_i32(), wasm_valtype_new_i64(),
                                               wasm_valtype_new_f32(), wasm_valtype_new_f64(),
                                               wasm_valtype_new_funcref());
  const wasm_valkind_t p32[3] = {WASM_I32, WASM_I64, WASM_F32}, r32[2] = {WASM_F64, WASM_FUNCREF};
  check_kinds(wasm_functype_params(f32), 3, p32);
  check_kinds(wasm_functype_results(f32), 2, r32);
  wasm_functype_delete(f32);

  /* NULL accessors */
  CHECK(wasm_functype_params(NULL) == NULL);
  CHECK(wasm_functype_results(NULL) == NULL);
  CHECK(wasm_functype_copy(NULL) == NULL);
  wasm_functype_delete(NULL);
}

static void test_globaltypes(void) {
  wasm_globaltype_t *g = wasm_globaltype_new(wasm_valtype_new_f32(), WASM_VAR);
  CHECK(g != NULL);
  CHECK_EQ_INT(wasm_valtype_kind(wasm_globaltype_content(g)), WASM_F32);
  CHECK_EQ_INT(wasm_globaltype_mutability(g), WASM_VAR);
  wasm_globaltype_t *gc = wasm_globaltype_new(wasm_valtype_new_i64(), WASM_CONST);
  CHECK(gc != NULL);
  CHECK_EQ_INT(wasm_valtype_kind(wasm_globaltype_content(gc)), WASM_I64);
  CHECK_EQ_INT(wasm_globaltype_mutability(gc), WASM_CONST);
  CHECK_EQ_INT(WASM_CONST, 0);
  CHECK_EQ_INT(WASM_VAR, 1);

  wasm_globaltype_t *c = wasm_globaltype_copy(g);
  CHECK(c != NULL && c != g);
  CHECK(wasm_globaltype_content(c) != wasm_globaltype_content(g));
  wasm_globaltype_delete(g);
  CHECK_EQ_INT(wasm_valtype_kind(wasm_globaltype_content(c)), WASM_F32);
  CHECK_EQ_INT(wasm_globaltype_mutability(c), WASM_VAR);
  wasm_globaltype_delete(c);
  wasm_globaltype_delete(gc);

  wasm_globaltype_t *gr = wasm_globaltype_new(wasm_valtype_new_anyref(), WASM_VAR);
  CHECK(gr != NULL);
  CHECK_EQ_INT(wasm_valtype_kind(wasm_globaltype_content(gr)), WASM_EXTERNREF);
  wasm_globaltype_delete(gr);

  CHECK(wasm_globaltype_new(NULL, WASM_VAR) == NULL);
  CHECK(wasm_globaltype_content(NULL) == NULL);
  CHECK_EQ_INT(wasm_globaltype_mutability(NULL), WASM_CONST);
  wasm_globaltype_delete(NULL);
}

static void test_tabletypes(void) {
  wasm_limits_t l = {2, 10};
  wasm_tabletype_t *t = wasm_tabletype_new(wasm_valtype_new_funcref(), &l);
  CHECK(t != NULL);
  CHECK_EQ_INT(wasm_valtype_kind(wasm_tabletype_element(t)), WASM_FUNCREF);
  CHECK_EQ_INT(wasm_tabletype_limits(t)->min, 2);
  CHECK_EQ_INT(wasm_tabletype_limits(t)->max, 10);
  l.min = 99; /* the limits were copied */
  CHECK_EQ_INT(wasm_tabletype_limits(t)->min, 2);

  wasm_limits_t unbounded = {0, wasm_limits_max_default};
  CHECK_EQ_INT(wasm_limits_max_default, 0xffffffffu);
  wasm_tabletype_t *te = wasm_tabletype_new(wasm_valtype_new_anyref(), &unbounded);
  CHECK(te != NULL);
  CHECK_EQ_INT(wasm_valtype_kind(wasm_tabletype_element(te)), WASM_EXTERNREF);
  CHECK_EQ_INT(wasm_tabletype_limits(te)->min, 0);
  CHECK_EQ_INT(wasm_tabletype_limits(te)->max, 0xffffffffu);

  wasm_tabletype_t *c = wasm_tabletype_copy(t);
  CHECK(c != NULL && c != t);
  CHECK(wasm_tabletype_limits(c) != wasm_tabletype_limits(t));
  wasm_tabletype_delete(t);
  CHECK_EQ_INT(wasm_valtype_kind(wasm_tabletype_element(c)), WASM_FUNCREF);
  CHECK_EQ_INT(wasm_tabletype_limits(c)->min, 2);
  CHECK_EQ_INT(wasm_tabletype_limits(c)->max, 10);
  wasm_tabletype_delete(c);
  wasm_tabletype_delete(te);

  CHECK(wasm_tabletype_new(NULL, &l) == NULL);
  wasm_valtype_t *kept = wasm_valtype_new_funcref();
  CHECK(wasm_tabletype_new(kept, NULL) == NULL);
  wasm_valtype_delete(kept); /* refused: still the caller's, as in WAMR */
  CHECK(wasm_tabletype_element(NULL) == NULL);
  CHECK(wasm_tabletype_limits(NULL) == NULL);
  wasm_tabletype_delete(NULL);
}

static void test_memorytypes(void) {
  wasm_limits_t l = {1, 4};
  wasm_memorytype_t *m = wasm_memorytype_new(&l);
  CHECK(m != NULL);
  CHECK_EQ_INT(wasm_memorytype_limits(m)->min, 1);
  CHECK_EQ_INT(wasm_memorytype_limits(m)->max, 4);
  l.max = 7;
  CHECK_EQ_INT(wasm_memorytype_limits(m)->max, 4);
  wasm_memorytype_t *c = wasm_memorytype_copy(m);
  CHECK(c != NULL && c != m);
  wasm_memorytype_delete(m);
  CHECK_EQ_INT(wasm_memorytype_limits(c)->min, 1);
  CHECK_EQ_INT(wasm_memorytype_limits(c)->max, 4);
  wasm_memorytype_delete(c);

  wasm_limits_t big = {3, wasm_limits_max_default};
  wasm_memorytype_t *u = wasm_memorytype_new(&big);
  CHECK_EQ_INT(wasm_memorytype_limits(u)->min, 3);
  CHECK_EQ_INT(wasm_memorytype_limits(u)->max, wasm_limits_max_default);
  wasm_memorytype_delete(u);

  CHECK(wasm_memorytype_new(NULL) == NULL);
  CHECK(wasm_memorytype_limits(NULL) == NULL);
  wasm_memorytype_delete(NULL);
  CHECK_EQ_INT(MEMORY_PAGE_SIZE, 65536);
  CHECK_EQ_INT(KILOBYTE(32), 32768);
}

static void test_externtypes(void) {
  wasm_functype_t *ft = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_globaltype_t *gt = wasm_globaltype_new(wasm_valtype_new_f64(), WASM_CONST);
  wasm_limits_t tl = {1, 5}, ml = {2, 3};
  wasm_tabletype_t *tt = wasm_tabletype_new(wasm_valtype_new_funcref(), &tl);
  wasm_memorytype_t *mt = wasm_memorytype_new(&ml);

  wasm_externtype_t *ef = wasm_functype_as_externtype(ft);
  wasm_externtype_t *eg = wasm_globaltype_as_externtype(gt);
  wasm_externtype_t *et = wasm_tabletype_as_externtype(tt);
  wasm_externtype_t *em = wasm_memorytype_as_externtype(mt);
  CHECK(ef && eg && et && em);
  CHECK_EQ_INT(wasm_externtype_kind(ef), WASM_EXTERN_FUNC);
  CHECK_EQ_INT(wasm_externtype_kind(eg), WASM_EXTERN_GLOBAL);
  CHECK_EQ_INT(wasm_externtype_kind(et), WASM_EXTERN_TABLE);
  CHECK_EQ_INT(wasm_externtype_kind(em), WASM_EXTERN_MEMORY);
  CHECK_EQ_INT(WASM_EXTERN_FUNC, 0);
  CHECK_EQ_INT(WASM_EXTERN_GLOBAL, 1);
  CHECK_EQ_INT(WASM_EXTERN_TABLE, 2);
  CHECK_EQ_INT(WASM_EXTERN_MEMORY, 3);

  /* the const casts agree with the plain ones */
  CHECK(wasm_functype_as_externtype_const(ft) == ef);
  CHECK(wasm_globaltype_as_externtype_const(gt) == eg);
  CHECK(wasm_tabletype_as_externtype_const(tt) == et);
  CHECK(wasm_memorytype_as_externtype_const(mt) == em);

  /* back: right kind gives the object, wrong kind NULL */
  CHECK(wasm_externtype_as_functype(ef) == ft);
  CHECK(wasm_externtype_as_globaltype(eg) == gt);
  CHECK(wasm_externtype_as_tabletype(et) == tt);
  CHECK(wasm_externtype_as_memorytype(em) == mt);
  CHECK(wasm_externtype_as_functype_const(ef) == ft);
  CHECK(wasm_externtype_as_globaltype_const(eg) == gt);
  CHECK(wasm_externtype_as_tabletype_const(et) == tt);
  CHECK(wasm_externtype_as_memorytype_const(em) == mt);
  wasm_externtype_t *all[4] = {ef, eg, et, em};
  for (int i = 0; i < 4; i++) {
    if (i != 0) {
      CHECK(wasm_externtype_as_functype(all[i]) == NULL);
      CHECK(wasm_externtype_as_functype_const(all[i]) == NULL);
    }
    if (i != 1) {
      CHECK(wasm_externtype_as_globaltype(all[i]) == NULL);
      CHECK(wasm_externtype_as_globaltype_const(all[i]) == NULL);
    }
    if (i != 2) {
      CHECK(wasm_externtype_as_tabletype(all[i]) == NULL);
      CHECK(wasm_externtype_as_tabletype_const(all[i]) == NULL);
    }
    if (i != 3) {
      CHECK(wasm_externtype_as_memorytype(all[i]) == NULL);
      CHECK(wasm_externtype_as_memorytype_const(all[i]) == NULL);
    }
  }
  CHECK(wasm_externtype_as_functype(NULL) == NULL);
  CHECK(wasm_externtype_as_memorytype_const(NULL) == NULL);

  /* copies keep kind and content */
  wasm_externtype_t *cm = wasm_externtype_copy(em);
  CHECK(cm != NULL && cm != em);
  CHECK_EQ_INT(wasm_externtype_kind(cm), WASM_EXTERN_MEMORY);
  CHECK_EQ_INT(wasm_memorytype_limits(wasm_externtype_as_memorytype(cm))->min, 2);
  CHECK_EQ_INT(wasm_memorytype_limits(wasm_externtype_as_memorytype(cm))->max, 3);
  wasm_externtype_t *cf = wasm_externtype_copy(ef);
  CHECK_EQ_INT(wasm_externtype_kind(cf), WASM_EXTERN_FUNC);
  CHECK_EQ_INT(wasm_functype_params(wasm_externtype_as_functype(cf))->size, 1);
  wasm_externtype_t *cg = wasm_externtype_copy(eg);
  CHECK_EQ_INT(wasm_globaltype_mutability(wasm_externtype_as_globaltype_const(cg)), WASM_CONST);
  CHECK_EQ_INT(wasm_valtype_kind(wasm_globaltype_content(wasm_externtype_as_globaltype_const(cg))), WASM_F64);
  wasm_externtype_t *ct = wasm_externtype_copy(et);
  CHECK_EQ_INT(wasm_tabletype_limits(wasm_externtype_as_tabletype_const(ct))->max, 5);
  CHECK(wasm_externtype_copy(NULL) == NULL);

  /* deleting through the extern type deletes the object */
  wasm_externtype_delete(cm);
  wasm_externtype_delete(cf);
  wasm_externtype_delete(cg);
  wasm_externtype_delete(ct);
  wasm_externtype_delete(NULL);
  wasm_functype_delete(ft);
  wasm_globaltype_delete(gt);
  wasm_tabletype_delete(tt);
  wasm_externtype_delete(em);
}

static void test_import_export_types(void) {
  /* names are taken exactly as given: no NUL added */
  wasm_name_t module, name;
  wasm_name_new_from_string(&module, "env");
  wasm_name_new_from_string(&name, "f");
  wasm_functype_t *ft = wasm_functype_new_0_1(wasm_valtype_new_i32());
  wasm_importtype_t *it = wasm_importtype_new(&module, &name, wasm_functype_as_externtype(ft));
  CHECK(it != NULL);
  const wasm_name_t *im = wasm_importtype_module(it), *in = wasm_importtype_name(it);
  CHECK(im && im->size == 3 && memcmp(im->data, "env", 3) == 0);
  CHECK(in && in->size == 1 && in->data[0] == 'f');
  const wasm_externtype_t *ity = wasm_importtype_type(it);
  CHECK(ity != NULL);
  CHECK_EQ_INT(wasm_externtype_kind(ity), WASM_EXTERN_FUNC);
  CHECK(wasm_externtype_as_functype_const(ity) == ft); /* taken over, not copied */
  CHECK_EQ_INT(wasm_functype_results(wasm_externtype_as_functype_const(ity))->size, 1);

  /* names with a NUL keep it */
  wasm_name_t m2, n2;
  wasm_name_new_from_string_nt(&m2, "wasi");
  wasm_name_new_from_string_nt(&n2, "mem");
  wasm_limits_t l = {1, 2};
  wasm_importtype_t *it2 = wasm_importtype_new(&m2, &n2, wasm_memorytype_as_externtype(wasm_memorytype_new(&l)));
  CHECK_NAME_NT(wasm_importtype_module(it2), "wasi");
  CHECK_NAME_NT(wasm_importtype_name(it2), "mem");
  CHECK_EQ_INT(wasm_externtype_kind(wasm_importtype_type(it2)), WASM_EXTERN_MEMORY);

  wasm_importtype_t *ic = wasm_importtype_copy(it);
  CHECK(ic != NULL && ic != it);
  CHECK(wasm_importtype_name(ic) != wasm_importtype_name(it));
  CHECK(wasm_importtype_type(ic) != wasm_importtype_type(it));
  wasm_importtype_delete(it);
  CHECK(wasm_importtype_module(ic)->size == 3 && memcmp(wasm_importtype_module(ic)->data, "env", 3) == 0);
  CHECK(wasm_importtype_name(ic)->size == 1 && wasm_importtype_name(ic)->data[0] == 'f');
  CHECK_EQ_INT(wasm_externtype_kind(wasm_importtype_type(ic)), WASM_EXTERN_FUNC);
  wasm_importtype_delete(ic);
  wasm_importtype_delete(it2);

  CHECK(wasm_importtype_module(NULL) == NULL);
  CHECK(wasm_importtype_name(NULL) == NULL);
  CHECK(wasm_importtype_type(NULL) == NULL);
  CHECK(wasm_importtype_copy(NULL) == NULL);
  wasm_importtype_delete(NULL);

  wasm_name_t en;
  wasm_name_new_from_string(&en, "run");
  wasm_globaltype_t *gt = wasm_globaltype_new(wasm_valtype_new_i64(), WASM_VAR);
  wasm_exporttype_t *et = wasm_exporttype_new(&en, wasm_globaltype_as_externtype(gt));
  CHECK(et != NULL);
  const wasm_name_t *etn = wasm_exporttype_name(et);
  CHECK(etn && etn->size == 3 && memcmp(etn->data, "run", 3) == 0);
  CHECK_EQ_INT(wasm_externtype_kind(wasm_exporttype_type(et)), WASM_EXTERN_GLOBAL);
  CHECK(wasm_externtype_as_globaltype_const(wasm_exporttype_type(et)) == gt);
  CHECK_EQ_INT(wasm_globaltype_mutability(wasm_externtype_as_globaltype_const(wasm_exporttype_type(et))), WASM_VAR);
  wasm_exporttype_t *ec = wasm_exporttype_copy(et);
  CHECK(ec != NULL && ec != et);
  wasm_exporttype_delete(et);
  CHECK(wasm_exporttype_name(ec)->size == 3 && memcmp(wasm_exporttype_name(ec)->data, "run", 3) == 0);
  CHECK_EQ_INT(wasm_externtype_kind(wasm_exporttype_type(ec)), WASM_EXTERN_GLOBAL);
  wasm_exporttype_delete(ec);
  CHECK(wasm_exporttype_name(NULL) == NULL);
  CHECK(wasm_exporttype_type(NULL) == NULL);
  CHECK(wasm_exporttype_copy(NULL) == NULL);
  wasm_exporttype_delete(NULL);
}

static void test_helpers(void) {
  wasm_name_t n;
  wasm_name_new_from_string_nt(&n, "abc");
  CHECK_EQ_INT(n.size, 4); /* counts the NUL */
  CHECK_EQ_INT(n.num_elems, 4);
  CHECK(n.data && memcmp(n.data, "abc", 4) == 0);
  CHECK_NAME_NT(&n, "abc");
  wasm_name_t copy;
  wasm_name_copy(&copy, &n);
  CHECK_NAME_NT(&copy, "abc");
  wasm_name_delete(&copy);
  wasm_name_delete(&n);
  wasm_name_new_from_string(&n, "abc");
  CHECK_EQ_INT(n.size, 3);
  CHECK(n.data && memcmp(n.data, "abc", 3) == 0);
  wasm_name_delete(&n);
  wasm_name_new_from_string(&n, "");
  CHECK_EQ_INT(n.size, 0);
  wasm_name_delete(&n);
  wasm_name_new_from_string_nt(&n, "");
  CHECK_EQ_INT(n.size, 1);
  CHECK(n.data && n.data[0] == 0);
  wasm_name_delete(&n);
  wasm_name_new_empty(&n);
  CHECK_EQ_INT(n.size, 0);
  wasm_name_delete(&n);

  wasm_val_t i32 = WASM_I32_VAL(-3), i64 = WASM_I64_VAL(-(INT64_C(1) << 40)), f32 = WASM_F32_VAL(0.5f),
             f64 = WASM_F64_VAL(1e300), r = WASM_REF_VAL(NULL), init = WASM_INIT_VAL;
  CHECK_EQ_INT(i32.kind, WASM_I32);
  CHECK_EQ_INT(i32.of.i32, -3);
  CHECK_EQ_INT(i64.kind, WASM_I64);
  CHECK_EQ_INT(i64.of.i64, -(INT64_C(1) << 40));
  CHECK_EQ_INT(f32.kind, WASM_F32);
  CHECK(f32.of.f32 == 0.5f);
  CHECK_EQ_INT(f64.kind, WASM_F64);
  CHECK(f64.of.f64 == 1e300);
  CHECK_EQ_INT(r.kind, WASM_EXTERNREF);
  CHECK(r.of.ref == NULL);
  CHECK_EQ_INT(init.kind, WASM_EXTERNREF);
  CHECK(init.of.ref == NULL);
  CHECK_EQ_INT(sizeof(wasm_val_t), 16);
  CHECK_EQ_INT(sizeof(wasm_limits_t), 8);

  wasm_val_t p;
  wasm_val_init_ptr(&p, &p);
  CHECK_EQ_INT(p.kind, WASM_I64);
  CHECK(wasm_val_ptr(&p) == (void *)&p);

  /* wasm_val_copy of numbers is a plain copy */
  wasm_val_t out;
  memset(&out, 0x77, sizeof out);
  wasm_val_copy(&out, &i64);
  CHECK_EQ_INT(out.kind, WASM_I64);
  CHECK_EQ_INT(out.of.i64, -(INT64_C(1) << 40));
  wasm_val_copy(&out, &f32);
  CHECK_EQ_INT(out.kind, WASM_F32);
  CHECK(out.of.f32 == 0.5f);
}

int main(void) {
  test_valtypes();
  test_functypes();
  test_globaltypes();
  test_tabletypes();
  test_memorytypes();
  test_externtypes();
  test_import_export_types();
  test_helpers();
  return test_summary();
}
