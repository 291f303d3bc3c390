/* Every wasm_X_vec_t: new_empty, new_uninitialized, new (takes ownership), copy (deep),
 * delete (NULL and data==NULL tolerated), new with NULL data, huge allocations. */
#include "testlib.h"

static wasm_engine_t *engine;
static wasm_store_t *store;

/* ---- element makers (three distinct elements per type) and content comparisons ---- */

static const wasm_valkind_t kinds3[3] = {WASM_I64, WASM_F32, WASM_FUNCREF};

static wasm_valtype_t *make_valtype(int i) { return wasm_valtype_new(kinds3[i]); }
static int eq_valtype(const wasm_valtype_t *a, const wasm_valtype_t *b) {
  return a && b && wasm_valtype_kind(a) == wasm_valtype_kind(b);
}

static wasm_functype_t *make_functype(int i) {
  switch (i) {
  case 0: return wasm_functype_new_0_0();
  case 1: return wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_f64());
  default: return wasm_functype_new_2_1(wasm_valtype_new_i64(), wasm_valtype_new_f32(), wasm_valtype_new_i32());
  }
}
static int eq_valtypes(const wasm_valtype_vec_t *a, const wasm_valtype_vec_t *b) {
  if (!a || !b || a->size != b->size)
    return 0;
  for (size_t i = 0; i < a->size; i++)
    if (!eq_valtype(a->data[i], b->data[i]) || a->data[i] == b->data[i])
      return 0;
  return 1;
}
static int eq_functype(const wasm_functype_t *a, const wasm_functype_t *b) {
  return a && b && eq_valtypes(wasm_functype_params(a), wasm_functype_params(b)) &&
         eq_valtypes(wasm_functype_results(a), wasm_functype_results(b));
}

static wasm_globaltype_t *make_globaltype(int i) {
  return wasm_globaltype_new(wasm_valtype_new(kinds3[i] == WASM_FUNCREF ? WASM_F64 : kinds3[i]),
                             i == 1 ? WASM_VAR : WASM_CONST);
}
static int eq_globaltype(const wasm_globaltype_t *a, const wasm_globaltype_t *b) {
  return a && b && eq_valtype(wasm_globaltype_content(a), wasm_globaltype_content(b)) &&
         wasm_globaltype_mutability(a) == wasm_globaltype_mutability(b);
}

static int eq_limits(const wasm_limits_t *a, const wasm_limits_t *b) {
  return a && b && a->min == b->min && a->max == b->max;
}

static wasm_tabletype_t *make_tabletype(int i) {
  wasm_limits_t l = {(uint32_t)i + 1, i == 2 ? wasm_limits_max_default : (uint32_t)i + 10};
  return wasm_tabletype_new(wasm_valtype_new(i == 1 ? WASM_EXTERNREF : WASM_FUNCREF), &l);
}
static int eq_tabletype(const wasm_tabletype_t *a, const wasm_tabletype_t *b) {
  return a && b && eq_valtype(wasm_tabletype_element(a), wasm_tabletype_element(b)) &&
         eq_limits(wasm_tabletype_limits(a), wasm_tabletype_limits(b));
}

static wasm_memorytype_t *make_memorytype(int i) {
  wasm_limits_t l = {(uint32_t)i, (uint32_t)i * 2 + 1};
  return wasm_memorytype_new(&l);
}
static int eq_memorytype(const wasm_memorytype_t *a, const wasm_memorytype_t *b) {
  return a && b && eq_limits(wasm_memorytype_limits(a), wasm_memorytype_limits(b));
}

static wasm_externtype_t *make_externtype(int i) {
  switch (i) {
  case 0: return wasm_functype_as_externtype(make_functype(1));
  case 1: return wasm_memorytype_as_externtype(make_memorytype(2));
  default: return wasm_globaltype_as_externtype(make_globaltype(1));
  }
}
static int eq_externtype(const wasm_externtype_t *a, const wasm_externtype_t *b) {
  if (!a || !b || wasm_externtype_kind(a) != wasm_externtype_kind(b))
    return 0;
  switch (wasm_externtype_kind(a)) {
  case WASM_EXTERN_FUNC:
    return eq_functype(wasm_externtype_as_functype_const(a), wasm_externtype_as_functype_const(b));
  case WASM_EXTERN_GLOBAL:
    return eq_globaltype(wasm_externtype_as_globaltype_const(a), wasm_externtype_as_globaltype_const(b));
  case WASM_EXTERN_TABLE:
    return eq_tabletype(wasm_externtype_as_tabletype_const(a), wasm_externtype_as_tabletype_const(b));
  default:
    return eq_memorytype(wasm_externtype_as_memorytype_const(a), wasm_externtype_as_memorytype_const(b));
  }
}

static int eq_bytes(const wasm_byte_vec_t *a, const wasm_byte_vec_t *b) {
  return a && b && a->size == b->size && (a->size == 0 || memcmp(a->data, b->data, a->size) == 0);
}

static const char *names3[3] = {"alpha", "b", "gamma!"};

static wasm_importtype_t *make_importtype(int i) {
  wasm_name_t module, name;
  wasm_name_new_from_string(&module, i == 2 ? "mod2" : "env");
  wasm_name_new_from_string(&name, names3[i]);
  return wasm_importtype_new(&module, &name, make_externtype(i));
}
static int eq_importtype(const wasm_importtype_t *a, const wasm_importtype_t *b) {
  return a && b && eq_bytes(wasm_importtype_module(a), wasm_importtype_module(b)) &&
         eq_bytes(wasm_importtype_name(a), wasm_importtype_name(b)) &&
         wasm_importtype_name(a) != wasm_importtype_name(b) &&
         eq_externtype(wasm_importtype_type(a), wasm_importtype_type(b));
}

static wasm_exporttype_t *make_exporttype(int i) {
  wasm_name_t name;
  wasm_name_new_from_string_nt(&name, names3[i]);
  return wasm_exporttype_new(&name, make_externtype(i));
}
static int eq_exporttype(const wasm_exporttype_t *a, const wasm_exporttype_t *b) {
  return a && b && eq_bytes(wasm_exporttype_name(a), wasm_exporttype_name(b)) &&
         wasm_exporttype_name(a) != wasm_exporttype_name(b) &&
         eq_externtype(wasm_exporttype_type(a), wasm_exporttype_type(b));
}

static wasm_trap_t *cb_unused(const wasm_val_vec_t *args, wasm_val_vec_t *results) { return NULL; }

static wasm_extern_t *make_extern(int i) {
  switch (i) {
  case 0: {
    wasm_functype_t *ft = wasm_functype_new_0_0();
    wasm_func_t *f = wasm_func_new(store, ft, cb_unused);
    wasm_functype_delete(ft);
    return wasm_func_as_extern(f);
  }
  case 1: {
    wasm_globaltype_t *gt = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_VAR);
    wasm_val_t v = WASM_I32_VAL(11);
    wasm_global_t *g = wasm_global_new(store, gt, &v);
    wasm_globaltype_delete(gt);
    return wasm_global_as_extern(g);
  }
  default: {
    wasm_limits_t l = {1, 2};
    wasm_memorytype_t *mt = wasm_memorytype_new(&l);
    wasm_memory_t *m = wasm_memory_new(store, mt);
    wasm_memorytype_delete(mt);
    return wasm_memory_as_extern(m);
  }
  }
}
static int eq_extern(const wasm_extern_t *a, const wasm_extern_t *b) {
  return a && b && wasm_extern_kind(a) == wasm_extern_kind(b) && wasm_extern_same(a, b);
}

/* ---- the generic test for vectors of owned pointers ---- */

#define DEFINE_PTR_VEC_TEST(NAME, FRESH_EQ)                                                  \
  static void test_##NAME##_vec(void) {                                                \
    wasm_##NAME##_vec_t v;                                                             \
    /* new_empty */                                                                    \
    memset(&v, 0x5a, sizeof v);                                                        \
    wasm_##NAME##_vec_new_empty(&v);                                                   \
    CHECK_EQ_INT(v.size, 0);                                                           \
    CHECK(v.data == NULL);                                                             \
    CHECK_EQ_INT(v.num_elems, 0);                                                      \
    wasm_##NAME##_vec_delete(&v);                                                      \
    CHECK_EQ_INT(v.size, 0);                                                           \
                                                                                       \
    /* new_uninitialized: n zeroed (NULL) slots */                                     \
    memset(&v, 0x5a, sizeof v);                                                        \
    wasm_##NAME##_vec_new_uninitialized(&v, 3);                                        \
    CHECK_EQ_INT(v.size, 3);                                                           \
    CHECK_EQ_INT(v.num_elems, 3);                                                      \
    CHECK_EQ_INT(v.size_of_elem, sizeof(wasm_##NAME##_t *));                           \
    CHECK(v.data != NULL);                                                             \
    if (v.data) {                                                                      \
      CHECK(v.data[0] == NULL && v.data[1] == NULL && v.data[2] == NULL);              \
      /* the caller fills the slots; delete deletes them */                            \
      for (int i = 0; i < 3; i++)                                                      \
        v.data[i] = make_##NAME(i);                                                    \
      CHECK(v.data[0] && v.data[1] && v.data[2]);                                      \
    }                                                                                  \
    wasm_##NAME##_vec_delete(&v);                                                      \
    CHECK_EQ_INT(v.size, 0);                                                           \
    CHECK(v.data == NULL);                                                             \
                                                                                       \
    /* new: takes ownership of the elements (the pointers themselves) */               \
    wasm_##NAME##_t *elems[3] = {make_##NAME(0), make_##NAME(1), make_##NAME(2)};      \
    CHECK(elems[0] && elems[1] && elems[2]);                                           \
    wasm_##NAME##_vec_new(&v, 3, elems);                                               \
    CHECK_EQ_INT(v.size, 3);                                                           \
    CHECK_EQ_INT(v.num_elems, 3);                                                      \
    CHECK_EQ_INT(v.size_of_elem, sizeof(wasm_##NAME##_t *));                           \
    CHECK(v.data != NULL && v.data != elems);                                          \
    if (v.data)                                                                        \
      CHECK(v.data[0] == elems[0] && v.data[1] == elems[1] && v.data[2] == elems[2]);  \
                                                                                       \
    /* copy: deep (distinct element pointers, equal content) */                        \
    wasm_##NAME##_vec_t c;                                                             \
    memset(&c, 0x5a, sizeof c);                                                        \
    wasm_##NAME##_vec_copy(&c, &v);                                                    \
    CHECK_EQ_INT(c.size, 3);                                                           \
    CHECK_EQ_INT(c.num_elems, 3);                                                      \
    CHECK_EQ_INT(c.size_of_elem, sizeof(wasm_##NAME##_t *));                           \
    CHECK(c.data != NULL && c.data != v.data);                                         \
    if (c.data && v.data) {                                                            \
      for (int i = 0; i < 3; i++) {                                                    \
        CHECK(c.data[i] != NULL);                                                      \
        CHECK(c.data[i] != v.data[i]);                                                 \
        CHECK(eq_##NAME(c.data[i], v.data[i]));                                        \
      }                                                                                \
      /* negative: different elements differ */                                        \
      CHECK(!eq_##NAME(c.data[0], v.data[1]));                                         \
      CHECK(!eq_##NAME(c.data[2], v.data[1]));                                         \
    }                                                                                  \
    /* deleting the original leaves the copy intact */                                 \
    wasm_##NAME##_vec_delete(&v);                                                      \
    CHECK_EQ_INT(v.size, 0);                                                           \
    CHECK(v.data == NULL);                                                             \
    wasm_##NAME##_t *again = make_##NAME(2);                                           \
    /* a fresh element equals in content (types), or is another entity (externs) */ \
    CHECK(c.data && eq_##NAME(c.data[2], again) == (FRESH_EQ));                        \
    wasm_##NAME##_delete(again);                                                       \
    wasm_##NAME##_vec_delete(&c);                                                      \
                                                                                       \
    /* copy of an empty vector is empty */                                             \
    wasm_##NAME##_vec_new_empty(&v);                                                   \
    wasm_##NAME##_vec_copy(&c, &v);                                                    \
    CHECK_EQ_INT(c.size, 0);                                                           \
    CHECK(c.data == NULL);                                                             \
    wasm_##NAME##_vec_delete(&c);                                                      \
    wasm_##NAME##_vec_delete(&v);                                                      \
                                                                                       \
    /* copy of a vector with NULL slots copies the NULLs */                            \
    wasm_##NAME##_vec_new_uninitialized(&v, 2);                                        \
    wasm_##NAME##_vec_copy(&c, &v);                                                    \
    CHECK_EQ_INT(c.size, 2);                                                           \
    CHECK(c.data && c.data[0] == NULL && c.data[1] == NULL);                           \
    wasm_##NAME##_vec_delete(&c);                                                      \
    wasm_##NAME##_vec_delete(&v);                                                      \
                                                                                       \
    /* new with NULL data does not crash: n NULL slots, or empty */                    \
    memset(&v, 0x5a, sizeof v);                                                        \
    wasm_##NAME##_vec_new(&v, 4, NULL);                                                \
    CHECK(v.size == 0 || v.size == 4);                                                 \
    if (v.size == 4)                                                                   \
      CHECK(v.data && !v.data[0] && !v.data[3]);                                       \
    else                                                                               \
      CHECK(v.data == NULL);                                                           \
    wasm_##NAME##_vec_delete(&v);                                                      \
    /* new with n == 0 is empty */                                                     \
    wasm_##NAME##_vec_new(&v, 0, elems);                                               \
    CHECK_EQ_INT(v.size, 0);                                                           \
    CHECK(v.data == NULL);                                                             \
    wasm_##NAME##_vec_delete(&v);                                                      \
                                                                                       \
    /* delete tolerates NULL and a vector whose data the caller set to NULL */         \
    wasm_##NAME##_vec_delete(NULL);                                                    \
    wasm_##NAME##_vec_new_uninitialized(&v, 2);                                        \
    void *saved = v.data;                                                              \
    v.data = NULL;                                                                     \
    wasm_##NAME##_vec_delete(&v);                                                      \
    CHECK_EQ_INT(v.size, 0);                                                           \
    free(saved); /* it was the caller's to free once detached */                       \
                                                                                       \
    /* an impossible allocation yields an empty vector or a real one, never an abort */ \
    const size_t huge = 1000000000;                                                    \
    wasm_##NAME##_vec_new_uninitialized(&v, huge);                                     \
    CHECK(v.size == 0 || v.size == huge);                                              \
    if (v.size == 0)                                                                   \
      CHECK(v.data == NULL);                                                           \
    else                                                                               \
      CHECK(v.data && v.data[0] == NULL && v.data[huge - 1] == NULL);                  \
    wasm_##NAME##_vec_delete(&v);                                                      \
  }

DEFINE_PTR_VEC_TEST(valtype, 1)
DEFINE_PTR_VEC_TEST(functype, 1)
DEFINE_PTR_VEC_TEST(globaltype, 1)
DEFINE_PTR_VEC_TEST(tabletype, 1)
DEFINE_PTR_VEC_TEST(memorytype, 1)
DEFINE_PTR_VEC_TEST(externtype, 1)
DEFINE_PTR_VEC_TEST(importtype, 1)
DEFINE_PTR_VEC_TEST(exporttype, 1)
DEFINE_PTR_VEC_TEST(extern, 0)

/* Frames cannot be made through the API (only traps with a trace hold them), so the
 * frame vector is tested with NULL slots and through wasm_trap_trace. */
static void test_frame_vec(void) {
  wasm_frame_vec_t v, c;
  memset(&v, 0x5a, sizeof v);
  wasm_frame_vec_new_empty(&v);
  CHECK_EQ_INT(v.size, 0);
  CHECK(v.data == NULL);
  CHECK_EQ_INT(v.num_elems, 0);
  wasm_frame_vec_delete(&v);

  wasm_frame_vec_new_uninitialized(&v, 5);
  CHECK_EQ_INT(v.size, 5);
  CHECK_EQ_INT(v.num_elems, 5);
  CHECK_EQ_INT(v.size_of_elem, sizeof(wasm_frame_t *));
  CHECK(v.data && v.data[0] == NULL && v.data[4] == NULL);
  wasm_frame_vec_copy(&c, &v);
  CHECK_EQ_INT(c.size, 5);
  CHECK_EQ_INT(c.num_elems, 5);
  CHECK(c.data && c.data != v.data && c.data[0] == NULL && c.data[4] == NULL);
  wasm_frame_vec_delete(&c);
  wasm_frame_vec_delete(&v);
  CHECK_EQ_INT(v.size, 0);
  CHECK(v.data == NULL);

  wasm_frame_t *none[2] = {NULL, NULL};
  wasm_frame_vec_new(&v, 2, none);
  CHECK_EQ_INT(v.size, 2);
  CHECK_EQ_INT(v.num_elems, 2);
  CHECK(v.data && v.data != none && v.data[0] == NULL);
  wasm_frame_vec_delete(&v);

  wasm_frame_vec_new(&v, 3, NULL);
  CHECK(v.size == 0 || v.size == 3);
  wasm_frame_vec_delete(&v);
  wasm_frame_vec_delete(NULL);
  wasm_frame_vec_new_uninitialized(&v, 2);
  void *saved = v.data;
  v.data = NULL;
  wasm_frame_vec_delete(&v);
  free(saved);

  /* a trap made by the host has no trace: an empty frame vector */
  wasm_name_t msg;
  wasm_name_new_from_string_nt(&msg, "boom");
  wasm_trap_t *trap = wasm_trap_new(store, &msg);
  wasm_name_delete(&msg);
  memset(&v, 0x5a, sizeof v);
  wasm_trap_trace(trap, &v);
  CHECK_EQ_INT(v.size, 0);
  CHECK_EQ_INT(v.num_elems, 0);
  wasm_frame_vec_delete(&v);
  wasm_trap_delete(trap);

  const size_t huge = 1000000000;
  wasm_frame_vec_new_uninitialized(&v, huge);
  CHECK(v.size == 0 || v.size == huge);
  if (v.size == 0)
    CHECK(v.data == NULL);
  else
    CHECK(v.data && v.data[0] == NULL && v.data[huge - 1] == NULL);
  wasm_frame_vec_delete(&v);
}

static void test_byte_vec(void) {
  wasm_byte_vec_t v, c;
  memset(&v, 0x5a, sizeof v);
  wasm_byte_vec_new_empty(&v);
  CHECK_EQ_INT(v.size, 0);
  CHECK(v.data == NULL);
  CHECK_EQ_INT(v.num_elems, 0);
  wasm_byte_vec_delete(&v);

  memset(&v, 0x5a, sizeof v);
  wasm_byte_vec_new_uninitialized(&v, 10);
  CHECK_EQ_INT(v.size, 10);
  CHECK_EQ_INT(v.num_elems, 10);
  CHECK_EQ_INT(v.size_of_elem, 1);
  CHECK(v.data != NULL);
  int zero = 1;
  for (size_t i = 0; v.data && i < 10; i++)
    zero &= v.data[i] == 0;
  CHECK(zero);
  wasm_byte_vec_delete(&v);
  CHECK_EQ_INT(v.size, 0);
  CHECK(v.data == NULL);

  /* new copies the bytes (bytes are values) */
  char src[4] = {'a', 'b', 'c', 'd'};
  wasm_byte_vec_new(&v, 3, src);
  CHECK_EQ_INT(v.size, 3);
  CHECK_EQ_INT(v.num_elems, 3);
  CHECK_EQ_INT(v.size_of_elem, 1);
  CHECK(v.data && v.data != src && memcmp(v.data, "abc", 3) == 0);
  src[0] = 'z';
  CHECK(v.data && v.data[0] == 'a');

  wasm_byte_vec_copy(&c, &v);
  CHECK_EQ_INT(c.size, 3);
  CHECK_EQ_INT(c.num_elems, 3);
  CHECK_EQ_INT(c.size_of_elem, 1);
  CHECK(c.data && c.data != v.data && memcmp(c.data, "abc", 3) == 0);
  v.data[1] = 'X';
  CHECK(c.data[1] == 'b'); /* deep */
  wasm_byte_vec_delete(&v);
  CHECK(memcmp(c.data, "abc", 3) == 0);
  wasm_byte_vec_delete(&c);

  /* a name keeps its NUL only when asked */
  wasm_name_t n1, n2;
  wasm_name_new_from_string(&n1, "hello");
  wasm_name_new_from_string_nt(&n2, "hello");
  CHECK_EQ_INT(n1.size, 5);
  CHECK_EQ_INT(n2.size, 6);
  CHECK_NAME_NT(&n2, "hello");
  CHECK(memcmp(n1.data, "hello", 5) == 0);
  wasm_name_delete(&n1);
  wasm_name_delete(&n2);

  wasm_byte_vec_new(&v, 0, "x");
  CHECK_EQ_INT(v.size, 0);
  CHECK(v.data == NULL);
  wasm_byte_vec_delete(&v);

  wasm_byte_vec_new(&v, 4, NULL);
  CHECK(v.size == 0 || v.size == 4);
  if (v.size == 4)
    CHECK(v.data && v.data[0] == 0 && v.data[3] == 0);
  wasm_byte_vec_delete(&v);

  wasm_byte_vec_delete(NULL);
  wasm_byte_vec_new_uninitialized(&v, 8);
  void *saved = v.data;
  v.data = NULL;
  wasm_byte_vec_delete(&v);
  CHECK_EQ_INT(v.size, 0);
  free(saved);

  /* 2^33 bytes: empty or real, never an abort */
  const size_t huge = (size_t)1 << 33;
  wasm_byte_vec_new_uninitialized(&v, huge);
  CHECK(v.size == 0 || v.size == huge);
  if (v.size == 0)
    CHECK(v.data == NULL);
  else
    CHECK(v.data && v.data[0] == 0 && v.data[huge - 1] == 0);
  wasm_byte_vec_delete(&v);
}

static void test_val_vec(void) {
  wasm_val_vec_t v, c;
  memset(&v, 0x5a, sizeof v);
  wasm_val_vec_new_empty(&v);
  CHECK_EQ_INT(v.size, 0);
  CHECK(v.data == NULL);
  CHECK_EQ_INT(v.num_elems, 0);
  wasm_val_vec_delete(&v);

  memset(&v, 0x5a, sizeof v);
  wasm_val_vec_new_uninitialized(&v, 4);
  CHECK_EQ_INT(v.size, 4);
  CHECK_EQ_INT(v.num_elems, 4);
  CHECK_EQ_INT(v.size_of_elem, sizeof(wasm_val_t));
  CHECK_EQ_INT(v.size_of_elem, 16);
  int zero = 1;
  for (size_t i = 0; v.data && i < 4; i++) {
    const unsigned char *b = (const unsigned char *)&v.data[i];
    for (size_t k = 0; k < sizeof(wasm_val_t); k++)
      zero &= b[k] == 0;
  }
  CHECK(v.data && zero);
  wasm_val_vec_delete(&v);
  CHECK_EQ_INT(v.size, 0);
  CHECK(v.data == NULL);

  /* values, including an owned reference (a foreign object) */
  wasm_foreign_t *foreign = wasm_foreign_new(store);
  static int tag;
  wasm_foreign_set_host_info(foreign, &tag);
  wasm_val_t vals[5] = {WASM_I32_VAL(-7), WASM_I64_VAL(INT64_C(1) << 40), WASM_F32_VAL(1.25f),
                        WASM_F64_VAL(-2.5), WASM_REF_VAL(wasm_foreign_as_ref(foreign))};
  wasm_val_vec_new(&v, 5, vals);
  CHECK_EQ_INT(v.size, 5);
  CHECK_EQ_INT(v.num_elems, 5);
  CHECK_EQ_INT(v.size_of_elem, 16);
  CHECK(v.data && v.data != vals);
  CHECK(v.data && memcmp(v.data, vals, sizeof vals) == 0);

  wasm_val_vec_copy(&c, &v);
  CHECK_EQ_INT(c.size, 5);
  CHECK_EQ_INT(c.num_elems, 5);
  CHECK_EQ_INT(c.size_of_elem, 16);
  CHECK(c.data && c.data != v.data);
  if (c.data) {
    CHECK_EQ_INT(c.data[0].kind, WASM_I32);
    CHECK_EQ_INT(c.data[0].of.i32, -7);
    CHECK_EQ_INT(c.data[1].kind, WASM_I64);
    CHECK_EQ_INT(c.data[1].of.i64, INT64_C(1) << 40);
    CHECK_EQ_INT(c.data[2].kind, WASM_F32);
    CHECK(c.data[2].of.f32 == 1.25f);
    CHECK_EQ_INT(c.data[3].kind, WASM_F64);
    CHECK(c.data[3].of.f64 == -2.5);
    CHECK_EQ_INT(c.data[4].kind, WASM_EXTERNREF);
    /* values are plain data, as WAMR's: the copy holds the same reference */
    CHECK(c.data[4].of.ref != NULL);
    CHECK(c.data[4].of.ref == v.data[4].of.ref);
    CHECK(wasm_ref_get_host_info(c.data[4].of.ref) == &tag);
  }
  /* deleting a val vec frees its storage, not the references it holds */
  wasm_ref_t *held = v.data ? v.data[4].of.ref : NULL;
  wasm_val_vec_delete(&v);
  CHECK(c.data && wasm_ref_get_host_info(c.data[4].of.ref) == &tag);
  CHECK(c.data && wasm_ref_as_foreign(c.data[4].of.ref) != NULL);
  wasm_val_vec_delete(&c);
  wasm_ref_delete(held);
  CHECK_EQ_INT(c.size, 0);

  wasm_val_vec_new(&v, 3, NULL);
  CHECK(v.size == 0 || v.size == 3);
  if (v.size == 3)
    CHECK(v.data && v.data[2].kind == 0 && v.data[2].of.i64 == 0);
  wasm_val_vec_delete(&v);
  wasm_val_vec_delete(NULL);
  wasm_val_vec_new_uninitialized(&v, 3);
  void *saved = v.data;
  v.data = NULL;
  wasm_val_vec_delete(&v);
  CHECK_EQ_INT(v.size, 0);
  free(saved);

  const size_t huge = 1000000000;
  wasm_val_vec_new_uninitialized(&v, huge);
  CHECK(v.size == 0 || v.size == huge);
  if (v.size == 0)
    CHECK(v.data == NULL);
  else
    CHECK(v.data && v.data[0].kind == 0 && v.data[huge - 1].of.i64 == 0);
  wasm_val_vec_delete(&v);

  /* WASM_ARRAY_VEC and WASM_EMPTY_VEC build borrowed vectors */
  wasm_val_t arr[2] = {WASM_I32_VAL(1), WASM_I32_VAL(2)};
  wasm_val_vec_t a = WASM_ARRAY_VEC(arr), e = WASM_EMPTY_VEC;
  CHECK_EQ_INT(a.size, 2);
  CHECK_EQ_INT(a.num_elems, 2);
  CHECK_EQ_INT(a.size_of_elem, 16);
  CHECK(a.data == arr);
  CHECK_EQ_INT(e.size, 0);
  CHECK(e.data == NULL);
  wasm_val_vec_copy(&c, &a);
  CHECK_EQ_INT(c.size, 2);
  CHECK(c.data && c.data != arr && c.data[1].of.i32 == 2);
  wasm_val_vec_delete(&c);
}

int main(void) {
  engine = wasm_engine_new();
  store = wasm_store_new(engine);
  test_byte_vec();
  test_valtype_vec();
  test_functype_vec();
  test_globaltype_vec();
  test_tabletype_vec();
  test_memorytype_vec();
  test_externtype_vec();
  test_importtype_vec();
  test_exporttype_vec();
  test_val_vec();
  test_frame_vec();
  test_extern_vec();
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return test_summary();
}
