/* Safety: every one of the 285 functions of tests/abi/functions.txt is called
 * with NULL for each pointer argument (and with out-of-range integers), and
 * must return its failure value: NULL, false, 0, an empty out-vec, or what
 * capi/src documents (e.g. wasm_func_call(NULL, ...) returns a new trap).
 * Then valid objects are combined with NULL or bad secondary arguments.
 *
 * Every call goes through T(fn), which records the name; at the end the test
 * reads tests/abi/functions.txt ($FUNCTIONS_TXT overrides the path) and fails
 * for each function that was never called. */
#include "testlib.h"
#include "../safety/safety_modules.h"

#include <stdint.h>

/* ---- coverage bookkeeping ------------------------------------------------ */

static const char *g_called[1024];
static int g_ncalled;

static void mark(const char *name) {
  for (int i = 0; i < g_ncalled; i++)
    if (strcmp(g_called[i], name) == 0) return;
  if (g_ncalled < (int)(sizeof g_called / sizeof g_called[0])) g_called[g_ncalled++] = name;
}

/* T(fn)(args...) calls fn and records that it was called. */
#define T(fn) (mark(#fn), fn)

static void check_coverage(void) {
  const char *path = getenv("FUNCTIONS_TXT");
  FILE *f = fopen(path ? path : "tests/abi/functions.txt", "r");
  CHECK(f != NULL);
  if (!f) {
    fprintf(stderr, "cannot open the function list (run from the repository root or set FUNCTIONS_TXT)\n");
    return;
  }
  char line[256];
  int listed = 0, missing = 0;
  while (fgets(line, sizeof line, f)) {
    line[strcspn(line, " \t\r\n")] = 0;
    if (!line[0]) continue;
    listed++;
    int found = 0;
    for (int i = 0; i < g_ncalled && !found; i++) found = strcmp(g_called[i], line) == 0;
    if (!found) {
      missing++;
      fprintf(stderr, "not called by test_safety_null: %s\n", line);
    }
  }
  fclose(f);
  CHECK_EQ_INT(listed, 285);
  CHECK_EQ_INT(missing, 0);
}

/* ---- helpers -------------------------------------------------------------- */

static int g_finalized;
static void count_finalizer(void *p) {
  (void)p;
  g_finalized++;
}

static int all_zero(const void *p, size_t n) {
  const unsigned char *b = p;
  for (size_t i = 0; i < n; i++)
    if (b[i]) return 0;
  return 1;
}

#define IS_EMPTY_VEC(v) ((v).size == 0 && (v).data == NULL && (v).num_elems == 0)

static int g_callback_runs;
static wasm_trap_t *cb_plain(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  (void)args;
  (void)results;
  g_callback_runs++;
  return NULL;
}
static wasm_trap_t *cb_env(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  (void)env;
  return cb_plain(args, results);
}

/* The trap's message as a C string (its trailing NUL included), or "" for none;
 * deletes the trap. */
static const char *take_message(wasm_trap_t *trap, char *buf, size_t len) {
  buf[0] = 0;
  if (!trap) return buf;
  wasm_message_t msg;
  wasm_trap_message(trap, &msg);
  snprintf(buf, len, "%.*s", (int)msg.size, msg.data ? msg.data : "");
  wasm_byte_vec_delete(&msg);
  wasm_trap_delete(trap);
  return buf;
}

#define CHECK_TRAP(expr, expected)                                                 \
  do {                                                                             \
    char tb_[512];                                                                 \
    wasm_trap_t *tt_ = (expr);                                                     \
    CHECK(tt_ != NULL);                                                            \
    const char *m_ = take_message(tt_, tb_, sizeof tb_);                           \
    if (strcmp(m_, expected) == 0) {                                               \
      tl_passed++;                                                                 \
    } else {                                                                       \
      tl_failed++;                                                                 \
      fprintf(stderr, "%s:%d: trap \"%s\", expected \"%s\"\n", __FILE__, __LINE__, \
              m_, expected);                                                       \
    }                                                                              \
  } while (0)

/* ---- vectors: 12 kinds x 5 functions ---------------------------------------- */

#define VEC_NULL_TESTS(name)                                                            \
  do {                                                                                  \
    wasm_##name##_vec_t v;                                                              \
    const size_t esz = sizeof *v.data;                                                  \
    T(wasm_##name##_vec_new_empty)(NULL);                                               \
    memset(&v, 0xab, sizeof v);                                                         \
    T(wasm_##name##_vec_new_empty)(&v);                                                 \
    CHECK(IS_EMPTY_VEC(v));                                                             \
    T(wasm_##name##_vec_new_uninitialized)(NULL, 4);                                    \
    memset(&v, 0xab, sizeof v);                                                         \
    T(wasm_##name##_vec_new_uninitialized)(&v, (size_t)1 << 40);                        \
    CHECK(IS_EMPTY_VEC(v));                                                             \
    memset(&v, 0xab, sizeof v);                                                         \
    T(wasm_##name##_vec_new_uninitialized)(&v, SIZE_MAX);                               \
    CHECK(IS_EMPTY_VEC(v));                                                             \
    memset(&v, 0xab, sizeof v);                                                         \
    T(wasm_##name##_vec_new_uninitialized)(&v, 2);                                      \
    CHECK(v.size == 2 && v.num_elems == 2 && v.data != NULL && v.size_of_elem == esz);  \
    CHECK(v.data && all_zero(v.data, 2 * esz));                                         \
    T(wasm_##name##_vec_delete)(&v);                                                    \
    CHECK(IS_EMPTY_VEC(v));                                                             \
    T(wasm_##name##_vec_new)(NULL, 3, NULL);                                            \
    memset(&v, 0xab, sizeof v);                                                         \
    T(wasm_##name##_vec_new)(&v, (size_t)1 << 40, NULL);                                \
    CHECK(IS_EMPTY_VEC(v));                                                             \
    memset(&v, 0xab, sizeof v);                                                         \
    T(wasm_##name##_vec_new)(&v, 0, NULL);                                              \
    CHECK(IS_EMPTY_VEC(v));                                                             \
    memset(&v, 0xab, sizeof v);                                                         \
    T(wasm_##name##_vec_new)(&v, 3, NULL); /* NULL data: three zeroed elements */       \
    CHECK(v.size == 3 && v.num_elems == 3 && v.data != NULL && v.size_of_elem == esz);  \
    CHECK(v.data && all_zero(v.data, 3 * esz));                                         \
    T(wasm_##name##_vec_copy)(NULL, &v);                                                \
    wasm_##name##_vec_t c;                                                              \
    memset(&c, 0xab, sizeof c);                                                         \
    T(wasm_##name##_vec_copy)(&c, &v);                                                  \
    CHECK(c.size == 3 && c.data != NULL && c.data != v.data && all_zero(c.data, 3 * esz)); \
    T(wasm_##name##_vec_delete)(&c);                                                    \
    T(wasm_##name##_vec_delete)(&v);                                                    \
    CHECK(IS_EMPTY_VEC(v));                                                             \
    memset(&c, 0xab, sizeof c);                                                         \
    T(wasm_##name##_vec_copy)(&c, NULL);                                                \
    CHECK(IS_EMPTY_VEC(c));                                                             \
    T(wasm_##name##_vec_delete)(NULL);                                                  \
    v.size = 5; /* data already NULL: a vec the caller emptied by hand */               \
    v.data = NULL;                                                                      \
    T(wasm_##name##_vec_delete)(&v);                                                    \
    CHECK(IS_EMPTY_VEC(v));                                                             \
  } while (0)

static void test_vecs(void) {
  VEC_NULL_TESTS(byte);
  VEC_NULL_TESTS(valtype);
  VEC_NULL_TESTS(functype);
  VEC_NULL_TESTS(globaltype);
  VEC_NULL_TESTS(tabletype);
  VEC_NULL_TESTS(memorytype);
  VEC_NULL_TESTS(externtype);
  VEC_NULL_TESTS(importtype);
  VEC_NULL_TESTS(exporttype);
  VEC_NULL_TESTS(val);
  VEC_NULL_TESTS(frame);
  VEC_NULL_TESTS(extern);
}

/* ---- referenceable objects: 8 kinds x 10 functions ---------------------------- */

#define REF_NULL_TESTS(name)                                                         \
  do {                                                                               \
    g_finalized = 0;                                                                 \
    T(wasm_##name##_delete)(NULL);                                                   \
    CHECK(T(wasm_##name##_copy)(NULL) == NULL);                                      \
    CHECK(!T(wasm_##name##_same)(NULL, NULL));                                       \
    CHECK(T(wasm_##name##_get_host_info)(NULL) == NULL);                             \
    T(wasm_##name##_set_host_info)(NULL, &g_finalized);                              \
    T(wasm_##name##_set_host_info_with_finalizer)(NULL, &g_finalized, count_finalizer); \
    CHECK_EQ_INT(g_finalized, 0);                                                    \
    CHECK(T(wasm_##name##_as_ref)(NULL) == NULL);                                    \
    CHECK(T(wasm_ref_as_##name)(NULL) == NULL);                                      \
    CHECK(T(wasm_##name##_as_ref_const)(NULL) == NULL);                              \
    CHECK(T(wasm_ref_as_##name##_const)(NULL) == NULL);                              \
  } while (0)

static void test_refs(void) {
  REF_NULL_TESTS(func);
  REF_NULL_TESTS(global);
  REF_NULL_TESTS(table);
  REF_NULL_TESTS(memory);
  REF_NULL_TESTS(extern);
  REF_NULL_TESTS(instance);
  REF_NULL_TESTS(trap);
  REF_NULL_TESTS(foreign);

  g_finalized = 0;
  T(wasm_ref_delete)(NULL);
  CHECK(T(wasm_ref_copy)(NULL) == NULL);
  CHECK(!T(wasm_ref_same)(NULL, NULL));
  CHECK(T(wasm_ref_get_host_info)(NULL) == NULL);
  T(wasm_ref_set_host_info)(NULL, &g_finalized);
  T(wasm_ref_set_host_info_with_finalizer)(NULL, &g_finalized, count_finalizer);
  CHECK_EQ_INT(g_finalized, 0);
}

/* ---- config, engine, store ------------------------------------------------- */

static void test_config_engine_store(void) {
  CHECK(T(wasm_config_set_mem_alloc_opt)(NULL, Alloc_With_System_Allocator, NULL) == NULL);
  CHECK(T(wasm_config_set_linux_perf_opt)(NULL, true) == NULL);
  CHECK(T(wasm_config_set_segue_flags)(NULL, 0x1f) == NULL);
  T(wasm_config_delete)(NULL);

  wasm_config_t *config = T(wasm_config_new)();
  CHECK(config != NULL);
  if (config) {
    CHECK_EQ_INT(config->mem_alloc_type, Alloc_With_System_Allocator);
    /* NULL options: the type changes, the (zeroed) options stay. */
    CHECK(wasm_config_set_mem_alloc_opt(config, Alloc_With_Pool, NULL) == config);
    CHECK_EQ_INT(config->mem_alloc_type, Alloc_With_Pool);
    CHECK(config->mem_alloc_option.pool.heap_buf == NULL && config->mem_alloc_option.pool.heap_size == 0);
    CHECK(wasm_config_set_linux_perf_opt(config, true) == config && config->enable_linux_perf);
    CHECK(wasm_config_set_segue_flags(config, 0x1f) == config && config->segue_flags == 0x1f);
  }

  wasm_engine_t *engine = T(wasm_engine_new)();
  CHECK(engine != NULL);
  /* A NULL config is fine: the engine is the process-wide singleton. */
  wasm_engine_t *e2 = T(wasm_engine_new_with_config)(NULL);
  CHECK(e2 == engine);
  wasm_engine_t *e3 = T(wasm_engine_new_with_config)(config);
  CHECK(e3 == engine);
  wasm_config_delete(config); /* the engine did not take it */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  wasm_engine_t *e4 = T(wasm_engine_new_with_args)(Alloc_With_System_Allocator, NULL);
#pragma GCC diagnostic pop
  CHECK(e4 == engine);
  T(wasm_engine_delete)(NULL);
  T(wasm_engine_delete)(e4);
  T(wasm_engine_delete)(e3);
  T(wasm_engine_delete)(e2);

  CHECK(T(wasm_store_new)(NULL) == NULL);
  T(wasm_store_delete)(NULL);
  wasm_store_t *store = wasm_store_new(engine);
  CHECK(store != NULL);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

/* ---- types ----------------------------------------------------------------- */

static void test_types(void) {
  /* valtype */
  CHECK(T(wasm_valtype_new)(200) == NULL);
  CHECK(wasm_valtype_new(5) == NULL);
  CHECK(wasm_valtype_new(127) == NULL);
  CHECK(wasm_valtype_new(130) == NULL);
  CHECK(wasm_valtype_new(255) == NULL);
  wasm_valtype_t *vt = wasm_valtype_new(WASM_F64);
  CHECK(vt != NULL && T(wasm_valtype_kind)(vt) == WASM_F64);
  CHECK_EQ_INT(wasm_valtype_kind(NULL), WASM_I32);
  CHECK(T(wasm_valtype_copy)(NULL) == NULL);
  T(wasm_valtype_delete)(NULL);
  T(wasm_valtype_delete)(vt);

  /* functype: NULL vecs mean "no parameters" / "no results" */
  CHECK(T(wasm_functype_params)(NULL) == NULL);
  CHECK(T(wasm_functype_results)(NULL) == NULL);
  CHECK(T(wasm_functype_copy)(NULL) == NULL);
  T(wasm_functype_delete)(NULL);
  wasm_functype_t *ft = T(wasm_functype_new)(NULL, NULL);
  CHECK(ft != NULL);
  if (ft) {
    CHECK(wasm_functype_params(ft) != NULL && wasm_functype_params(ft)->size == 0);
    CHECK(wasm_functype_results(ft) != NULL && wasm_functype_results(ft)->size == 0);
  }
  wasm_functype_delete(ft);

  /* globaltype: the content is consumed even on failure (valgrind checks) */
  CHECK(T(wasm_globaltype_new)(NULL, WASM_CONST) == NULL);
  /* a refused valtype stays the caller's, as in WAMR */
  wasm_valtype_t *refused = wasm_valtype_new(WASM_I32);
  CHECK(wasm_globaltype_new(refused, 2) == NULL);
  CHECK(wasm_globaltype_new(refused, 255) == NULL);
  CHECK_EQ_INT(wasm_valtype_kind(refused), WASM_I32);
  wasm_valtype_delete(refused);
  CHECK(T(wasm_globaltype_content)(NULL) == NULL);
  CHECK_EQ_INT(T(wasm_globaltype_mutability)(NULL), WASM_CONST);
  CHECK(T(wasm_globaltype_copy)(NULL) == NULL);
  T(wasm_globaltype_delete)(NULL);
  wasm_globaltype_t *gt = wasm_globaltype_new(wasm_valtype_new(WASM_I64), WASM_VAR);
  CHECK(gt != NULL && wasm_globaltype_mutability(gt) == WASM_VAR);
  CHECK(gt && wasm_valtype_kind(wasm_globaltype_content(gt)) == WASM_I64);

  /* tabletype: the element must be a reference type; it is consumed only on success */
  wasm_limits_t limits = {1, 2};
  CHECK(T(wasm_tabletype_new)(NULL, &limits) == NULL);
  refused = wasm_valtype_new(WASM_FUNCREF);
  CHECK(wasm_tabletype_new(refused, NULL) == NULL);
  wasm_valtype_delete(refused);
  refused = wasm_valtype_new(WASM_I32);
  CHECK(wasm_tabletype_new(refused, &limits) == NULL);
  CHECK_EQ_INT(wasm_valtype_kind(refused), WASM_I32);
  wasm_valtype_delete(refused);
  CHECK(T(wasm_tabletype_element)(NULL) == NULL);
  CHECK(T(wasm_tabletype_limits)(NULL) == NULL);
  CHECK(T(wasm_tabletype_copy)(NULL) == NULL);
  T(wasm_tabletype_delete)(NULL);
  wasm_tabletype_t *tt = wasm_tabletype_new(wasm_valtype_new(WASM_FUNCREF), &limits);
  CHECK(tt != NULL && wasm_tabletype_limits(tt)->max == 2);

  /* memorytype */
  CHECK(T(wasm_memorytype_new)(NULL) == NULL);
  CHECK(T(wasm_memorytype_limits)(NULL) == NULL);
  CHECK(T(wasm_memorytype_copy)(NULL) == NULL);
  T(wasm_memorytype_delete)(NULL);
  wasm_memorytype_t *mt = wasm_memorytype_new(&limits);
  CHECK(mt != NULL && wasm_memorytype_limits(mt)->min == 1);

  /* externtype and the casts */
  T(wasm_externtype_delete)(NULL);
  CHECK(T(wasm_externtype_copy)(NULL) == NULL);
  CHECK_EQ_INT(T(wasm_externtype_kind)(NULL), WASM_EXTERN_FUNC);
  CHECK(T(wasm_functype_as_externtype)(NULL) == NULL);
  CHECK(T(wasm_globaltype_as_externtype)(NULL) == NULL);
  CHECK(T(wasm_tabletype_as_externtype)(NULL) == NULL);
  CHECK(T(wasm_memorytype_as_externtype)(NULL) == NULL);
  CHECK(T(wasm_externtype_as_functype)(NULL) == NULL);
  CHECK(T(wasm_externtype_as_globaltype)(NULL) == NULL);
  CHECK(T(wasm_externtype_as_tabletype)(NULL) == NULL);
  CHECK(T(wasm_externtype_as_memorytype)(NULL) == NULL);
  CHECK(T(wasm_functype_as_externtype_const)(NULL) == NULL);
  CHECK(T(wasm_globaltype_as_externtype_const)(NULL) == NULL);
  CHECK(T(wasm_tabletype_as_externtype_const)(NULL) == NULL);
  CHECK(T(wasm_memorytype_as_externtype_const)(NULL) == NULL);
  CHECK(T(wasm_externtype_as_functype_const)(NULL) == NULL);
  CHECK(T(wasm_externtype_as_globaltype_const)(NULL) == NULL);
  CHECK(T(wasm_externtype_as_tabletype_const)(NULL) == NULL);
  CHECK(T(wasm_externtype_as_memorytype_const)(NULL) == NULL);
  /* a cast to the wrong kind is NULL, to the right kind the same object */
  wasm_externtype_t *mext = wasm_memorytype_as_externtype(mt);
  CHECK(wasm_externtype_as_functype(mext) == NULL);
  CHECK(wasm_externtype_as_globaltype(mext) == NULL);
  CHECK(wasm_externtype_as_tabletype(mext) == NULL);
  CHECK(wasm_externtype_as_memorytype(mext) == mt);
  CHECK(wasm_externtype_as_functype_const(wasm_tabletype_as_externtype_const(tt)) == NULL);
  CHECK(wasm_externtype_as_tabletype_const(wasm_tabletype_as_externtype_const(tt)) == tt);
  CHECK(wasm_externtype_as_memorytype_const(wasm_globaltype_as_externtype_const(gt)) == NULL);

  /* importtype / exporttype: all arguments are consumed even on failure */
  CHECK(T(wasm_importtype_new)(NULL, NULL, NULL) == NULL);
  {
    wasm_name_t m, n;
    wasm_name_new_from_string(&m, "env");
    wasm_name_new_from_string(&n, "f");
    CHECK(wasm_importtype_new(&m, &n, NULL) == NULL);
    wasm_name_new_from_string(&n, "f");
    CHECK(wasm_importtype_new(NULL, &n, wasm_memorytype_as_externtype(wasm_memorytype_copy(mt))) == NULL);
  }
  CHECK(T(wasm_importtype_module)(NULL) == NULL);
  CHECK(T(wasm_importtype_name)(NULL) == NULL);
  CHECK(T(wasm_importtype_type)(NULL) == NULL);
  CHECK(!T(wasm_importtype_is_linked)(NULL));
  CHECK(T(wasm_importtype_copy)(NULL) == NULL);
  T(wasm_importtype_delete)(NULL);

  CHECK(T(wasm_exporttype_new)(NULL, NULL) == NULL);
  {
    wasm_name_t n;
    wasm_name_new_from_string(&n, "x");
    CHECK(wasm_exporttype_new(&n, NULL) == NULL);
    CHECK(wasm_exporttype_new(NULL, wasm_tabletype_as_externtype(wasm_tabletype_copy(tt))) == NULL);
    wasm_name_new_from_string(&n, "x");
    wasm_exporttype_t *et = wasm_exporttype_new(&n, wasm_globaltype_as_externtype(wasm_globaltype_copy(gt)));
    CHECK(et != NULL && wasm_exporttype_name(et)->size == 1);
    CHECK(et && wasm_externtype_kind(wasm_exporttype_type(et)) == WASM_EXTERN_GLOBAL);
    wasm_exporttype_delete(et);
  }
  CHECK(T(wasm_exporttype_name)(NULL) == NULL);
  CHECK(T(wasm_exporttype_type)(NULL) == NULL);
  CHECK(T(wasm_exporttype_copy)(NULL) == NULL);
  T(wasm_exporttype_delete)(NULL);

  wasm_globaltype_delete(gt);
  wasm_tabletype_delete(tt);
  wasm_memorytype_delete(mt);
}

/* ---- values, frames ----------------------------------------------------------- */

static void test_val_frame(void) {
  T(wasm_val_delete)(NULL);
  wasm_val_t v = WASM_I64_VAL(5);
  T(wasm_val_copy)(NULL, &v);
  wasm_val_t out;
  memset(&out, 0xab, sizeof out);
  wasm_val_copy(&out, NULL);
  CHECK(out.kind == WASM_I32 && out.of.i64 == 0);
  wasm_val_copy(&out, &v);
  CHECK(out.kind == WASM_I64 && out.of.i64 == 5);
  /* a reference value holding NULL */
  wasm_val_t nullref = WASM_REF_VAL(NULL);
  wasm_val_copy(&out, &nullref);
  CHECK(out.kind == WASM_EXTERNREF && out.of.ref == NULL);
  wasm_val_delete(&out);

  T(wasm_frame_delete)(NULL);
  CHECK(T(wasm_frame_copy)(NULL) == NULL);
  CHECK(T(wasm_frame_instance)(NULL) == NULL);
  CHECK_EQ_INT(T(wasm_frame_func_index)(NULL), 0);
  CHECK_EQ_INT(T(wasm_frame_func_offset)(NULL), 0);
  CHECK_EQ_INT(T(wasm_frame_module_offset)(NULL), 0);
}

/* ---- everything that needs a store ------------------------------------------- */

static wasm_extern_t *find_export(const wasm_extern_vec_t *exports, const wasm_exporttype_vec_t *types,
                                  const char *name) {
  for (size_t i = 0; i < types->size && i < exports->size; i++) {
    const wasm_name_t *n = wasm_exporttype_name(types->data[i]);
    if (n->size == strlen(name) + 1 && memcmp(n->data, name, n->size) == 0) return exports->data[i];
  }
  return NULL;
}

static void test_traps_foreign(wasm_store_t *store) {
  wasm_message_t msg;
  wasm_name_new_from_string_nt(&msg, "boom");
  CHECK(T(wasm_trap_new)(NULL, &msg) == NULL);
  wasm_trap_t *trap = T(wasm_trap_new)(store, &msg);
  CHECK(trap != NULL);
  /* NULL message: a trap with an empty message */
  wasm_trap_t *empty = wasm_trap_new(store, NULL);
  CHECK(empty != NULL);
  wasm_message_t out;
  memset(&out, 0xab, sizeof out);
  T(wasm_trap_message)(empty, &out);
  CHECK(IS_EMPTY_VEC(out));
  wasm_trap_delete(empty);

  T(wasm_trap_message)(trap, NULL);
  T(wasm_trap_message)(NULL, NULL);
  memset(&out, 0xab, sizeof out);
  wasm_trap_message(NULL, &out);
  CHECK(IS_EMPTY_VEC(out));
  wasm_trap_message(trap, &out);
  CHECK(out.size == 5 && memcmp(out.data, "boom", 5) == 0);
  wasm_byte_vec_delete(&out);

  CHECK(T(wasm_trap_origin)(NULL) == NULL);
  CHECK(wasm_trap_origin(trap) == NULL); /* a host-made trap has no frames */
  wasm_frame_vec_t frames;
  T(wasm_trap_trace)(NULL, NULL);
  T(wasm_trap_trace)(trap, NULL);
  memset(&frames, 0xab, sizeof frames);
  wasm_trap_trace(NULL, &frames);
  CHECK(IS_EMPTY_VEC(frames));

  CHECK(!wasm_trap_same(trap, NULL) && !wasm_trap_same(NULL, trap));
  CHECK(wasm_trap_same(trap, trap));
  CHECK(wasm_ref_as_foreign(wasm_trap_as_ref(trap)) == NULL);
  CHECK(wasm_ref_as_func(wasm_trap_as_ref(trap)) == NULL);
  CHECK(wasm_ref_as_extern(wasm_trap_as_ref(trap)) == NULL);
  CHECK(wasm_ref_as_instance_const(wasm_trap_as_ref_const(trap)) == NULL);
  CHECK(wasm_ref_as_trap(wasm_trap_as_ref(trap)) == trap);
  CHECK(!wasm_ref_same(wasm_trap_as_ref(trap), NULL));
  wasm_trap_delete(trap);
  wasm_byte_vec_delete(&msg);

  CHECK(T(wasm_foreign_new)(NULL) == NULL);
  wasm_foreign_t *fo = wasm_foreign_new(store);
  CHECK(fo != NULL);
  CHECK(!wasm_foreign_same(fo, NULL));
  CHECK(wasm_ref_as_trap(wasm_foreign_as_ref(fo)) == NULL);
  CHECK(wasm_ref_as_global_const(wasm_foreign_as_ref_const(fo)) == NULL);
  CHECK(wasm_ref_as_foreign(wasm_foreign_as_ref(fo)) == fo);
  /* host info with a NULL finalizer: set and read back, nothing runs on delete */
  int info = 0;
  wasm_foreign_set_host_info_with_finalizer(fo, &info, NULL);
  CHECK(wasm_foreign_get_host_info(fo) == &info);
  wasm_foreign_delete(fo);
}

static void test_module(wasm_store_t *store, wasm_module_t *module) {
  wasm_byte_vec_t bin;
  wasm_byte_vec_new(&bin, sizeof safety_full_wasm, (const wasm_byte_t *)safety_full_wasm);

  CHECK(T(wasm_module_new)(NULL, &bin) == NULL);
  CHECK(wasm_module_new(store, NULL) == NULL);
  CHECK(wasm_module_new(NULL, NULL) == NULL);
  wasm_byte_vec_t empty = WASM_EMPTY_VEC;
  CHECK(wasm_module_new(store, &empty) == NULL);
  wasm_byte_vec_t lying = {100, NULL, 100, 1, NULL}; /* size without data */
  CHECK(wasm_module_new(store, &lying) == NULL);

  CHECK(T(wasm_module_new_ex)(NULL, &bin, NULL) == NULL);
  CHECK(wasm_module_new_ex(store, NULL, NULL) == NULL);
  wasm_module_t *m2 = wasm_module_new_ex(store, &bin, NULL); /* NULL args: defaults */
  CHECK(m2 != NULL);
  if (m2) CHECK(wasm_module_get_name(m2) != NULL && strcmp(wasm_module_get_name(m2), "") == 0);
  LoadArgs args = {NULL, true, false, false}; /* NULL name */
  wasm_module_t *m3 = wasm_module_new_ex(store, &bin, &args);
  CHECK(m3 != NULL);
  if (m3) CHECK(strcmp(wasm_module_get_name(m3), "") == 0);
  wasm_module_delete(m3);

  CHECK(!T(wasm_module_validate)(NULL, &bin));
  CHECK(!wasm_module_validate(store, NULL));
  CHECK(!wasm_module_validate(store, &empty));
  CHECK(!wasm_module_validate(store, &lying));
  CHECK(wasm_module_validate(store, &bin));

  wasm_importtype_vec_t imports;
  T(wasm_module_imports)(NULL, NULL);
  T(wasm_module_imports)(module, NULL);
  memset(&imports, 0xab, sizeof imports);
  wasm_module_imports(NULL, &imports);
  CHECK(IS_EMPTY_VEC(imports));
  wasm_module_imports(module, &imports);
  CHECK_EQ_INT(imports.size, 1);
  wasm_importtype_vec_delete(&imports);

  wasm_exporttype_vec_t exports;
  T(wasm_module_exports)(NULL, NULL);
  T(wasm_module_exports)(module, NULL);
  memset(&exports, 0xab, sizeof exports);
  wasm_module_exports(NULL, &exports);
  CHECK(IS_EMPTY_VEC(exports));

  wasm_byte_vec_t ser;
  T(wasm_module_serialize)(NULL, NULL);
  T(wasm_module_serialize)(module, NULL);
  memset(&ser, 0xab, sizeof ser);
  wasm_module_serialize(NULL, &ser);
  CHECK(IS_EMPTY_VEC(ser));
  CHECK(T(wasm_module_deserialize)(NULL, NULL) == NULL);
  CHECK(wasm_module_deserialize(store, NULL) == NULL);
  CHECK(wasm_module_deserialize(store, &empty) == NULL);
  CHECK(wasm_module_deserialize(store, &lying) == NULL);
  CHECK(wasm_module_deserialize(store, &bin) == NULL); /* raw wasm is not a serialized module */
  wasm_module_serialize(module, &ser);
  CHECK(ser.size > bin.size);
  CHECK(wasm_module_deserialize(NULL, &ser) == NULL);
  wasm_module_t *m4 = wasm_module_deserialize(store, &ser);
  CHECK(m4 != NULL);
  wasm_module_delete(m4);
  wasm_byte_vec_delete(&ser);

  CHECK(T(wasm_module_share)(NULL) == NULL);
  CHECK(T(wasm_module_obtain)(NULL, NULL) == NULL);
  CHECK(wasm_module_obtain(store, NULL) == NULL);
  T(wasm_shared_module_delete)(NULL);
  wasm_shared_module_t *shared = wasm_module_share(module);
  CHECK(shared != NULL);
  CHECK(wasm_module_obtain(NULL, shared) == NULL);
  wasm_module_t *m5 = wasm_module_obtain(store, shared);
  CHECK(m5 != NULL);
  wasm_module_delete(m5);
  wasm_shared_module_delete(shared);

  CHECK(!T(wasm_module_set_name)(NULL, "x"));
  CHECK(!wasm_module_set_name(NULL, NULL));
  CHECK(wasm_module_set_name(m2, "named"));
  CHECK(!wasm_module_set_name(m2, NULL));
  if (m2) CHECK(strcmp(wasm_module_get_name(m2), "named") == 0); /* unchanged by the NULL */
  CHECK(T(wasm_module_get_name)(NULL) == NULL);
  CHECK(!T(wasm_module_is_underlying_binary_freeable)(NULL));
  CHECK(wasm_module_is_underlying_binary_freeable(m2));
  T(wasm_module_delete)(NULL);
  wasm_module_delete(m2);
  wasm_byte_vec_delete(&bin);
}

static void test_instance(wasm_store_t *store, wasm_module_t *module) {
  char buf[512];
  wasm_trap_t *trap = (wasm_trap_t *)1;

  /* NULL store or module: NULL and a trap that says so (WAMR gives no trap). */
  CHECK(T(wasm_instance_new)(NULL, NULL, NULL, NULL) == NULL);
  CHECK(wasm_instance_new(NULL, module, NULL, &trap) == NULL);
  CHECK(strcmp(take_message(trap, buf, sizeof buf), "Exception: invalid store or module") == 0);
  trap = (wasm_trap_t *)1;
  CHECK(wasm_instance_new(store, NULL, NULL, &trap) == NULL);
  CHECK(strcmp(take_message(trap, buf, sizeof buf), "Exception: invalid store or module") == 0);
  wasm_module_t null_module = NULL; /* a handle that holds no module */
  trap = (wasm_trap_t *)1;
  CHECK(wasm_instance_new(store, &null_module, NULL, &trap) == NULL);
  CHECK(strcmp(take_message(trap, buf, sizeof buf), "Exception: invalid store or module") == 0);
  CHECK(T(wasm_instance_new_with_args)(NULL, NULL, NULL, NULL, 0, 0) == NULL);
  trap = (wasm_trap_t *)1;
  CHECK(wasm_instance_new_with_args(store, NULL, NULL, &trap, 1024, 1024) == NULL);
  CHECK(strcmp(take_message(trap, buf, sizeof buf), "Exception: invalid store or module") == 0);
  CHECK(T(wasm_instance_new_with_args_ex)(NULL, NULL, NULL, NULL, NULL) == NULL);
  trap = (wasm_trap_t *)1;
  CHECK(wasm_instance_new_with_args_ex(NULL, module, NULL, &trap, NULL) == NULL);
  CHECK(strcmp(take_message(trap, buf, sizeof buf), "Exception: invalid store or module") == 0);

  /* A missing global import fails, with or without a trap out-pointer. */
  wasm_byte_vec_t gbin;
  wasm_byte_vec_new(&gbin, sizeof safety_needs_global_wasm, (const wasm_byte_t *)safety_needs_global_wasm);
  wasm_module_t *gmod = wasm_module_new(store, &gbin);
  CHECK(gmod != NULL);
  CHECK(wasm_instance_new(store, gmod, NULL, NULL) == NULL);
  trap = NULL;
  CHECK(wasm_instance_new(store, gmod, NULL, &trap) == NULL);
  CHECK(strcmp(take_message(trap, buf, sizeof buf), "Exception: failed to link import global (env, g)") == 0);
  /* a vec of NULL externs (NULL data, size 3) is the same as no vec */
  wasm_extern_vec_t nulls;
  wasm_extern_vec_new(&nulls, 3, NULL);
  trap = NULL;
  CHECK(wasm_instance_new(store, gmod, &nulls, &trap) == NULL);
  CHECK(strcmp(take_message(trap, buf, sizeof buf), "Exception: failed to link import global (env, g)") == 0);
  /* an empty placeholder does not link the global either */
  wasm_extern_vec_t placeholder;
  wasm_extern_t *empty_global = wasm_extern_new_empty(store, WASM_EXTERN_GLOBAL);
  wasm_extern_vec_new(&placeholder, 1, &empty_global);
  trap = NULL;
  CHECK(wasm_instance_new(store, gmod, &placeholder, &trap) == NULL);
  CHECK(strcmp(take_message(trap, buf, sizeof buf), "Exception: failed to link import global (env, g)") == 0);
  wasm_extern_vec_delete(&placeholder);
  /* a global from another store is refused */
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *other = wasm_store_new(engine);
  wasm_val_t seven = WASM_I32_VAL(7);
  wasm_globaltype_t *gt = wasm_globaltype_new(wasm_valtype_new(WASM_I32), WASM_CONST);
  wasm_global_t *foreign_global = wasm_global_new(other, gt, &seven);
  CHECK(foreign_global != NULL);
  wasm_extern_t *fg = wasm_global_as_extern(foreign_global);
  wasm_extern_vec_t fimports = {1, &fg, 1, sizeof fg, NULL};
  trap = NULL;
  CHECK(wasm_instance_new(store, gmod, &fimports, &trap) == NULL);
  CHECK(strcmp(take_message(trap, buf, sizeof buf), "Exception: import (env, g) comes from another store") == 0);
  /* positive: the right global from the right store */
  wasm_global_t *good_global = wasm_global_new(store, gt, &seven);
  wasm_extern_t *gg = wasm_global_as_extern(good_global);
  wasm_extern_vec_t gimports = {1, &gg, 1, sizeof gg, NULL};
  wasm_instance_t *ginst = wasm_instance_new(store, gmod, &gimports, NULL);
  CHECK(ginst != NULL);
  wasm_instance_delete(ginst);
  wasm_global_delete(good_global);
  wasm_global_delete(foreign_global);
  wasm_globaltype_delete(gt);
  wasm_store_delete(other);
  wasm_engine_delete(engine);
  wasm_extern_vec_delete(&nulls);
  wasm_module_delete(gmod);
  wasm_byte_vec_delete(&gbin);

  /* The full module: its one function import stays unlinked with NULL imports. */
  trap = (wasm_trap_t *)1;
  wasm_instance_t *inst = wasm_instance_new(store, module, NULL, &trap);
  CHECK(inst != NULL);
  CHECK(trap == NULL);
  InstantiationArgs iargs = {0, 0, 0};
  wasm_instance_t *inst2 = wasm_instance_new_with_args_ex(store, module, NULL, NULL, &iargs);
  CHECK(inst2 != NULL);
  wasm_instance_delete(inst2);
  inst2 = wasm_instance_new_with_args_ex(store, module, NULL, NULL, NULL); /* NULL args: defaults */
  CHECK(inst2 != NULL);
  wasm_instance_delete(inst2);
  inst2 = wasm_instance_new_with_args(store, module, NULL, NULL, 0, 0);
  CHECK(inst2 != NULL);

  wasm_extern_vec_t exports;
  T(wasm_instance_exports)(NULL, NULL);
  T(wasm_instance_exports)(inst, NULL);
  memset(&exports, 0xab, sizeof exports);
  wasm_instance_exports(NULL, &exports);
  CHECK(IS_EMPTY_VEC(exports));
  CHECK(T(wasm_instance_sum_wasm_exec_time)(NULL) == 0.0);
  CHECK(T(wasm_instance_get_wasm_func_exec_time)(NULL, "add") == 0.0);
  CHECK(wasm_instance_get_wasm_func_exec_time(inst, NULL) == 0.0);
  /* profiling is off by default, as in WAMR: -1 for a valid instance */
  CHECK(wasm_instance_get_wasm_func_exec_time(inst, "no such export") == -1.0);
  CHECK(wasm_instance_sum_wasm_exec_time(inst) == -1.0);
  CHECK(!wasm_instance_same(inst, NULL));
  CHECK(wasm_ref_as_instance(wasm_instance_as_ref(inst)) == inst);
  CHECK(wasm_ref_as_func(wasm_instance_as_ref(inst)) == NULL);
  CHECK(wasm_ref_as_extern_const(wasm_instance_as_ref_const(inst)) == NULL);

  wasm_instance_exports(inst, &exports);
  wasm_exporttype_vec_t etypes;
  wasm_module_exports(module, &etypes);
  CHECK_EQ_INT(exports.size, etypes.size);
  wasm_func_t *add = wasm_extern_as_func(find_export(&exports, &etypes, "add"));
  wasm_func_t *answer = wasm_extern_as_func(find_export(&exports, &etypes, "answer"));
  wasm_func_t *nop = wasm_extern_as_func(find_export(&exports, &etypes, "nop"));
  wasm_func_t *two = wasm_extern_as_func(find_export(&exports, &etypes, "two"));
  wasm_func_t *call_f = wasm_extern_as_func(find_export(&exports, &etypes, "call_f"));
  wasm_func_t *boom = wasm_extern_as_func(find_export(&exports, &etypes, "boom"));
  wasm_table_t *tab = wasm_extern_as_table(find_export(&exports, &etypes, "tab"));
  wasm_memory_t *mem = wasm_extern_as_memory(find_export(&exports, &etypes, "mem"));
  wasm_global_t *g = wasm_extern_as_global(find_export(&exports, &etypes, "g"));
  wasm_global_t *c = wasm_extern_as_global(find_export(&exports, &etypes, "c"));
  CHECK(add && answer && nop && two && call_f && boom && tab && mem && g && c);
  if (!(add && answer && nop && two && call_f && boom && tab && mem && g && c)) goto out;

  /* extern casts to the wrong kind */
  CHECK(wasm_extern_as_global(wasm_func_as_extern(add)) == NULL);
  CHECK(wasm_extern_as_table(wasm_memory_as_extern(mem)) == NULL);
  CHECK(wasm_extern_as_memory_const(wasm_table_as_extern_const(tab)) == NULL);
  CHECK(wasm_extern_as_func_const(wasm_global_as_extern_const(g)) == NULL);
  CHECK(wasm_ref_as_global(wasm_func_as_ref(add)) == NULL);
  CHECK(wasm_ref_as_table_const(wasm_memory_as_ref_const(mem)) == NULL);
  CHECK(wasm_ref_as_memory(wasm_table_as_ref(tab)) == NULL);
  CHECK(wasm_ref_as_func_const(wasm_global_as_ref_const(g)) == NULL);
  CHECK(!wasm_func_same(add, NULL) && !wasm_global_same(NULL, g));
  CHECK(!wasm_table_same(tab, NULL) && !wasm_memory_same(NULL, mem));
  CHECK(!wasm_extern_same(wasm_func_as_extern(add), NULL));

  /* functions: NULL argument and result vectors */
  CHECK(T(wasm_func_type)(NULL) == NULL);
  CHECK_EQ_INT(T(wasm_func_param_arity)(NULL), 0);
  CHECK_EQ_INT(T(wasm_func_result_arity)(NULL), 0);
  CHECK_EQ_INT(wasm_func_param_arity(add), 2);
  CHECK_TRAP(T(wasm_func_call)(NULL, NULL, NULL), "Exception: invalid function");
  CHECK_TRAP(wasm_func_call(add, NULL, NULL), "Exception: invalid argument count: expected 2, got 0");
  wasm_val_t one_arg[1] = {WASM_I32_VAL(1)};
  wasm_val_vec_t short_args = WASM_ARRAY_VEC(one_arg);
  wasm_val_t res_buf[2] = {WASM_INIT_VAL, WASM_INIT_VAL};
  wasm_val_vec_t res = WASM_ARRAY_VEC(res_buf);
  CHECK_TRAP(wasm_func_call(add, &short_args, &res), "Exception: invalid argument count: expected 2, got 1");
  wasm_val_t bad_kinds[2] = {WASM_I64_VAL(1), WASM_I32_VAL(2)};
  wasm_val_vec_t bad_args = WASM_ARRAY_VEC(bad_kinds);
  CHECK_TRAP(wasm_func_call(add, &bad_args, &res),
             "Exception: value kind does not match the expected type");
  CHECK_TRAP(wasm_func_call(answer, NULL, NULL),
             "Exception: invalid result vector: room for 0 values, the function returns 1");
  wasm_val_vec_t no_data = {1, NULL, 1, sizeof(wasm_val_t), NULL};
  CHECK_TRAP(wasm_func_call(answer, NULL, &no_data),
             "Exception: invalid result vector: room for 0 values, the function returns 1");
  wasm_val_t one_res[1] = {WASM_INIT_VAL};
  wasm_val_vec_t small = WASM_ARRAY_VEC(one_res);
  CHECK_TRAP(wasm_func_call(two, NULL, &small),
             "Exception: invalid result vector: room for 1 values, the function returns 2");
  CHECK(wasm_func_call(nop, NULL, NULL) == NULL); /* nothing in, nothing out: fine */
  CHECK(wasm_func_call(answer, NULL, &res) == NULL && res.data[0].of.i32 == 42 && res.size == 1);
  wasm_val_t two_args[2] = {WASM_I32_VAL(40), WASM_I32_VAL(2)};
  wasm_val_vec_t args = WASM_ARRAY_VEC(two_args);
  res.size = 2;
  CHECK(wasm_func_call(add, &args, &res) == NULL && res.data[0].of.i32 == 42);
  CHECK_TRAP(wasm_func_call(call_f, NULL, &res), "Exception: failed to call unlinked import function (env, f)");
  CHECK_TRAP(wasm_func_call(boom, NULL, NULL), "Exception: unreachable");

  /* host functions: NULL store, type or callback */
  wasm_functype_t *ft = wasm_functype_new_0_0();
  CHECK(T(wasm_func_new)(NULL, ft, cb_plain) == NULL);
  CHECK(wasm_func_new(store, NULL, cb_plain) == NULL);
  CHECK(wasm_func_new(store, ft, NULL) == NULL);
  g_finalized = 0;
  /* On failure the environment stays the caller's: its finalizer does not run. */
  CHECK(T(wasm_func_new_with_env)(NULL, ft, cb_env, &g_finalized, count_finalizer) == NULL);
  CHECK(wasm_func_new_with_env(store, NULL, cb_env, &g_finalized, count_finalizer) == NULL);
  CHECK(wasm_func_new_with_env(store, ft, NULL, &g_finalized, count_finalizer) == NULL);
  CHECK_EQ_INT(g_finalized, 0);
  wasm_func_t *hf = wasm_func_new_with_env(store, ft, cb_env, NULL, NULL); /* NULL env, no finalizer */
  CHECK(hf != NULL);
  g_callback_runs = 0;
  CHECK(wasm_func_call(hf, NULL, NULL) == NULL);
  CHECK_EQ_INT(g_callback_runs, 1);
  wasm_func_delete(hf);
  /* a function type with a NULL parameter type cannot make a function */
  wasm_valtype_vec_t params;
  wasm_valtype_vec_new(&params, 1, NULL);
  wasm_functype_t *holey = wasm_functype_new(&params, NULL);
  CHECK(holey != NULL);
  CHECK(wasm_func_new(store, holey, cb_plain) == NULL);
  wasm_functype_delete(holey);
  wasm_functype_delete(ft);

  /* globals */
  wasm_val_t v = WASM_I32_VAL(5);
  wasm_globaltype_t *gti32 = wasm_globaltype_new(wasm_valtype_new(WASM_I32), WASM_VAR);
  CHECK(T(wasm_global_new)(NULL, gti32, &v) == NULL);
  CHECK(wasm_global_new(store, NULL, &v) == NULL);
  CHECK(wasm_global_new(store, gti32, NULL) == NULL);
  wasm_val_t wrong = WASM_REF_VAL(NULL);
  CHECK(wasm_global_new(store, gti32, &wrong) == NULL);
  wasm_globaltype_delete(gti32);
  CHECK(T(wasm_global_type)(NULL) == NULL);
  wasm_val_t gv;
  memset(&gv, 0xab, sizeof gv);
  T(wasm_global_get)(NULL, &gv); /* as WAMR: out is left alone */
  CHECK(gv.kind == 0xab);
  T(wasm_global_get)(g, NULL);
  T(wasm_global_set)(NULL, &v);
  T(wasm_global_set)(g, NULL);
  wasm_global_get(g, &gv);
  CHECK(gv.kind == WASM_I32 && gv.of.i32 == 7); /* unchanged */
  wasm_global_set(g, &wrong);                    /* wrong kind: unchanged */
  wasm_global_get(g, &gv);
  CHECK(gv.of.i32 == 7);
  wasm_val_t c2 = WASM_I64_VAL(100);
  wasm_global_set(c, &c2); /* const: unchanged */
  wasm_global_get(c, &gv);
  CHECK(gv.kind == WASM_I64 && gv.of.i64 == 9);
  wasm_global_set(g, &v);
  wasm_global_get(g, &gv);
  CHECK(gv.of.i32 == 5);

  /* tables */
  wasm_limits_t tl = {1, 3};
  wasm_tabletype_t *tt = wasm_tabletype_new(wasm_valtype_new(WASM_FUNCREF), &tl);
  CHECK(T(wasm_table_new)(NULL, tt, NULL) == NULL);
  CHECK(wasm_table_new(store, NULL, NULL) == NULL);
  wasm_table_t *ht = wasm_table_new(store, tt, NULL); /* NULL init: null elements */
  CHECK(ht != NULL && wasm_table_size(ht) == 1 && wasm_table_get(ht, 0) == NULL);
  wasm_tabletype_delete(tt);
  wasm_limits_t hugel = {0xffffffffu, 0xffffffffu};
  tt = wasm_tabletype_new(wasm_valtype_new(WASM_FUNCREF), &hugel);
  CHECK(wasm_table_new(store, tt, NULL) == NULL); /* 4 G elements: refused, not allocated */
  wasm_tabletype_delete(tt);
  wasm_limits_t over = {10000001, 0xffffffffu}; /* one past the library's 10 000 000 */
  tt = wasm_tabletype_new(wasm_valtype_new(WASM_FUNCREF), &over);
  CHECK(wasm_table_new(store, tt, NULL) == NULL);
  wasm_tabletype_delete(tt);
  CHECK(T(wasm_table_type)(NULL) == NULL);
  CHECK(T(wasm_table_get)(NULL, 0) == NULL);
  CHECK(!T(wasm_table_set)(NULL, 0, NULL));
  CHECK_EQ_INT(T(wasm_table_size)(NULL), 0);
  CHECK(!T(wasm_table_grow)(NULL, 1, NULL));
  CHECK_EQ_INT(wasm_table_size(tab), 2);
  CHECK(wasm_table_get(tab, 1000000) == NULL);
  CHECK(wasm_table_get(tab, 2) == NULL);
  CHECK(wasm_table_get(tab, 0xffffffffu) == NULL);
  CHECK(!wasm_table_set(tab, 1000000, NULL));
  CHECK(!wasm_table_set(tab, 2, NULL));
  CHECK(!wasm_table_grow(tab, 0xffffffffu, NULL));
  CHECK(!wasm_table_grow(tab, 9, NULL)); /* past the maximum of 10 */
  CHECK(!wasm_table_grow(ht, 0xffffffffu, NULL));
  CHECK_EQ_INT(wasm_table_size(tab), 2);
  CHECK(wasm_table_set(tab, 1, NULL)); /* in range, null ref: fine */
  wasm_foreign_t *fo = wasm_foreign_new(store);
  CHECK(!wasm_table_set(tab, 0, wasm_foreign_as_ref(fo))); /* not a function */
  CHECK(!wasm_table_grow(tab, 1, wasm_foreign_as_ref(fo)));
  wasm_foreign_delete(fo);
  wasm_ref_t *r0 = wasm_table_get(tab, 0);
  CHECK(r0 != NULL && wasm_ref_as_func(r0) != NULL);
  wasm_ref_delete(r0);
  CHECK(wasm_table_grow(tab, 8, NULL)); /* to the maximum */
  CHECK_EQ_INT(wasm_table_size(tab), 10);
  CHECK(!wasm_table_grow(tab, 1, NULL));
  CHECK(wasm_table_grow(ht, 2, NULL) && wasm_table_size(ht) == 3);
  wasm_table_delete(ht);

  /* memories */
  wasm_limits_t ml = {65537, 0xffffffffu};
  wasm_memorytype_t *mt = wasm_memorytype_new(&ml);
  CHECK(T(wasm_memory_new)(store, mt) == NULL); /* more than 4 GiB */
  CHECK(wasm_memory_new(NULL, mt) == NULL);
  CHECK(wasm_memory_new(store, NULL) == NULL);
  wasm_memorytype_delete(mt);
  wasm_limits_t bad = {2, 1}; /* min > max */
  mt = wasm_memorytype_new(&bad);
  CHECK(wasm_memory_new(store, mt) == NULL);
  wasm_memorytype_delete(mt);
  CHECK(T(wasm_memory_type)(NULL) == NULL);
  CHECK(T(wasm_memory_data)(NULL) == NULL);
  CHECK_EQ_INT(T(wasm_memory_data_size)(NULL), 0);
  CHECK_EQ_INT(T(wasm_memory_size)(NULL), 0);
  CHECK(!T(wasm_memory_grow)(NULL, 1));
  CHECK_EQ_INT(wasm_memory_size(mem), 1);
  CHECK(!wasm_memory_grow(mem, 0xffffffffu));
  CHECK(!wasm_memory_grow(mem, 65536));
  CHECK(!wasm_memory_grow(mem, 2)); /* past the maximum of 2 */
  CHECK_EQ_INT(wasm_memory_size(mem), 1);
  CHECK(wasm_memory_grow(mem, 0));
  CHECK(wasm_memory_grow(mem, 1));
  CHECK_EQ_INT(wasm_memory_size(mem), 2);
  CHECK_EQ_INT(wasm_memory_data_size(mem), 2 * 65536);
  CHECK(memcmp(wasm_memory_data(mem), "hi", 2) == 0);

  /* externs */
  CHECK_EQ_INT(T(wasm_extern_kind)(NULL), WASM_EXTERN_FUNC);
  CHECK(T(wasm_extern_type)(NULL) == NULL);
  CHECK(T(wasm_func_as_extern)(NULL) == NULL);
  CHECK(T(wasm_global_as_extern)(NULL) == NULL);
  CHECK(T(wasm_table_as_extern)(NULL) == NULL);
  CHECK(T(wasm_memory_as_extern)(NULL) == NULL);
  CHECK(T(wasm_extern_as_func)(NULL) == NULL);
  CHECK(T(wasm_extern_as_global)(NULL) == NULL);
  CHECK(T(wasm_extern_as_table)(NULL) == NULL);
  CHECK(T(wasm_extern_as_memory)(NULL) == NULL);
  CHECK(T(wasm_func_as_extern_const)(NULL) == NULL);
  CHECK(T(wasm_global_as_extern_const)(NULL) == NULL);
  CHECK(T(wasm_table_as_extern_const)(NULL) == NULL);
  CHECK(T(wasm_memory_as_extern_const)(NULL) == NULL);
  CHECK(T(wasm_extern_as_func_const)(NULL) == NULL);
  CHECK(T(wasm_extern_as_global_const)(NULL) == NULL);
  CHECK(T(wasm_extern_as_table_const)(NULL) == NULL);
  CHECK(T(wasm_extern_as_memory_const)(NULL) == NULL);
  CHECK(T(wasm_extern_new_empty)(NULL, WASM_EXTERN_FUNC) == NULL);
  CHECK(wasm_extern_new_empty(store, 99) == NULL);
  CHECK(wasm_extern_new_empty(store, 4) == NULL);
  CHECK(wasm_extern_new_empty(store, 255) == NULL);
  wasm_extern_t *em = wasm_extern_new_empty(store, WASM_EXTERN_MEMORY);
  CHECK(em != NULL);
  CHECK_EQ_INT(wasm_extern_kind(em), WASM_EXTERN_MEMORY);
  CHECK(wasm_extern_type(em) == NULL); /* a placeholder has no type */
  CHECK(wasm_extern_as_memory(em) == NULL);
  CHECK(wasm_extern_as_func(em) == NULL);
  CHECK(wasm_ref_as_extern(wasm_extern_as_ref(em)) == em);
  CHECK(!wasm_extern_same(em, wasm_memory_as_extern(mem)));
  wasm_extern_delete(em);

out:
  wasm_exporttype_vec_delete(&etypes);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(inst2);
  wasm_instance_delete(inst);
}

/* Objects outlive their store: deleting the store first is harmless, and a
 * function of a deleted store can still be called. */
static void test_store_lifetime(void) {
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_byte_vec_t bin;
  wasm_byte_vec_new(&bin, sizeof safety_full_wasm, (const wasm_byte_t *)safety_full_wasm);
  wasm_module_t *module = wasm_module_new(store, &bin);
  wasm_byte_vec_delete(&bin);
  wasm_instance_t *inst = wasm_instance_new(store, module, NULL, NULL);
  CHECK(inst != NULL);
  wasm_extern_vec_t exports;
  wasm_instance_exports(inst, &exports);
  wasm_store_delete(store);
  CHECK(exports.size >= 2);
  if (exports.size >= 2) {
    wasm_val_t r[1] = {WASM_INIT_VAL};
    wasm_val_vec_t res = WASM_ARRAY_VEC(r);
    CHECK(wasm_func_call(wasm_extern_as_func(exports.data[1]), NULL, &res) == NULL);
    CHECK_EQ_INT(r[0].of.i32, 42);
  }
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(inst);
  wasm_module_delete(module);
  wasm_engine_delete(engine);
}

int main(void) {
  test_vecs();
  test_refs();
  test_config_engine_store();
  test_types();
  test_val_frame();

  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_byte_vec_t bin;
  wasm_byte_vec_new(&bin, sizeof safety_full_wasm, (const wasm_byte_t *)safety_full_wasm);
  wasm_module_t *module = wasm_module_new(store, &bin);
  wasm_byte_vec_delete(&bin);
  CHECK(module != NULL);
  if (module) {
    test_traps_foreign(store);
    test_module(store, module);
    test_instance(store, module);
  }
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  test_store_lifetime();

  check_coverage();
  return test_summary();
}
