/* Modules: validation, loading (good and bad input), LoadArgs, names, imports and
 * exports, sharing across stores, serialization. */
#include "testlib.h"

static wasm_engine_t *engine;
static wasm_store_t *store;

/* Instantiates `module` in `s` (no imports) and returns add(a, b) through the export at
 * index `idx`; INT32_MIN on any failure. */
static int32_t call_add(wasm_store_t *s, const wasm_module_t *module, size_t idx, int32_t a, int32_t b) {
  wasm_trap_t *trap = NULL;
  wasm_instance_t *inst = wasm_instance_new(s, module, NULL, &trap);
  int32_t out = INT32_MIN;
  if (inst && !trap) {
    wasm_extern_vec_t exports;
    wasm_instance_exports(inst, &exports);
    wasm_func_t *f = idx < exports.size ? wasm_extern_as_func(exports.data[idx]) : NULL;
    if (f) {
      wasm_val_t args_v[2] = {WASM_I32_VAL(a), WASM_I32_VAL(b)};
      wasm_val_t res_v[1] = {WASM_INIT_VAL};
      wasm_val_vec_t args = WASM_ARRAY_VEC(args_v), results = WASM_ARRAY_VEC(res_v);
      wasm_trap_t *t = wasm_func_call(f, &args, &results);
      if (!t && res_v[0].kind == WASM_I32)
        out = res_v[0].of.i32;
      wasm_trap_delete(t);
    }
    wasm_extern_vec_delete(&exports);
  }
  wasm_trap_delete(trap);
  wasm_instance_delete(inst);
  return out;
}

static void test_validate_and_new(void) {
  wasm_byte_vec_t good;
  load_wasm("m1_add.wasm", &good);
  CHECK(good.size > 8);

  CHECK(wasm_module_validate(store, &good));
  wasm_byte_vec_t junk;
  wasm_byte_vec_new(&junk, 11, "hello world");
  CHECK(!wasm_module_validate(store, &junk));
  wasm_byte_vec_t empty;
  wasm_byte_vec_new_empty(&empty);
  CHECK(!wasm_module_validate(store, &empty));
  CHECK(!wasm_module_validate(NULL, &good));
  CHECK(!wasm_module_validate(store, NULL));

  wasm_module_t *m = wasm_module_new(store, &good);
  CHECK(m != NULL);
  CHECK_EQ_INT(call_add(store, m, 0, 20, 22), 42);
  wasm_module_delete(m);

  /* WAMR's loader checks a command's _start: validate and new agree on refusing it */
  wasm_byte_vec_t bad_start, ok_start;
  load_wasm("m1_wasi_abi.wasm", &bad_start);
  load_wasm("m1_wasi_abi_ok.wasm", &ok_start);
  CHECK(!wasm_module_validate(store, &bad_start));
  CHECK(wasm_module_new(store, &bad_start) == NULL);
  CHECK(wasm_module_validate(store, &ok_start));
  wasm_module_t *ok_module = wasm_module_new(store, &ok_start);
  CHECK(ok_module != NULL);
  wasm_module_delete(ok_module);
  wasm_byte_vec_delete(&bad_start);
  wasm_byte_vec_delete(&ok_start);

  /* garbage, empty, truncated, wrong magic, wrong version: NULL, never a crash */
  CHECK(wasm_module_new(store, &junk) == NULL);
  CHECK(wasm_module_new(store, &empty) == NULL);
  wasm_byte_vec_t trunc;
  wasm_byte_vec_new(&trunc, good.size / 2, good.data);
  CHECK(!wasm_module_validate(store, &trunc));
  CHECK(wasm_module_new(store, &trunc) == NULL);
  wasm_byte_vec_delete(&trunc);
  wasm_byte_vec_new(&trunc, 4, good.data); /* just the magic */
  CHECK(wasm_module_new(store, &trunc) == NULL);
  wasm_byte_vec_delete(&trunc);
  wasm_byte_vec_t bad;
  wasm_byte_vec_copy(&bad, &good);
  bad.data[0] = 'X';
  CHECK(!wasm_module_validate(store, &bad));
  CHECK(wasm_module_new(store, &bad) == NULL);
  bad.data[0] = good.data[0];
  bad.data[4] = 2; /* version 2 */
  CHECK(wasm_module_new(store, &bad) == NULL);
  bad.data[4] = good.data[4];
  CHECK(wasm_module_validate(store, &bad)); /* restored: fine again */
  wasm_byte_vec_delete(&bad);

  /* only `size` bytes are read: trailing junk beyond size is ignored */
  wasm_byte_vec_t padded;
  wasm_byte_vec_new_uninitialized(&padded, good.size + 16);
  memcpy(padded.data, good.data, good.size);
  memset(padded.data + good.size, 0xff, 16);
  CHECK(wasm_module_new(store, &padded) == NULL); /* with the junk: invalid */
  padded.size = good.size;
  m = wasm_module_new(store, &padded);
  CHECK(m != NULL);
  CHECK_EQ_INT(call_add(store, m, 0, 1, 1), 2);
  wasm_module_delete(m);
  padded.size = good.size + 16;
  wasm_byte_vec_delete(&padded);

  /* text is not a binary: wasm_module_new takes wasm bytes only, as WAMR does */
  wasm_byte_vec_t text;
  wasm_byte_vec_new(&text, 8, "(module)");
  CHECK(!wasm_module_validate(store, &text));
  CHECK(wasm_module_new(store, &text) == NULL);
  wasm_byte_vec_delete(&text);

  /* NULL store or binary */
  CHECK(wasm_module_new(NULL, &good) == NULL);
  CHECK(wasm_module_new(store, NULL) == NULL);
  wasm_module_delete(NULL);

  wasm_byte_vec_delete(&junk);
  wasm_byte_vec_delete(&empty);
  wasm_byte_vec_delete(&good);
}

static void test_new_ex_and_names(void) {
  wasm_byte_vec_t bin;
  load_wasm("m1_add.wasm", &bin);

  /* default name "" */
  wasm_module_t *plain = wasm_module_new(store, &bin);
  CHECK(plain != NULL);
  const char *n = wasm_module_get_name(plain);
  CHECK(n != NULL && strcmp(n, "") == 0);
  CHECK(wasm_module_set_name(plain, "renamed"));
  n = wasm_module_get_name(plain);
  CHECK(n != NULL && strcmp(n, "renamed") == 0);
  char buf[16] = "second";
  CHECK(wasm_module_set_name(plain, buf));
  memset(buf, 0, sizeof buf); /* the name was copied */
  n = wasm_module_get_name(plain);
  CHECK(n != NULL && strcmp(n, "second") == 0);
  CHECK(!wasm_module_set_name(plain, NULL));
  CHECK(!wasm_module_set_name(NULL, "x"));
  n = wasm_module_get_name(plain);
  CHECK(n != NULL && strcmp(n, "second") == 0);
  CHECK(wasm_module_is_underlying_binary_freeable(plain));
  CHECK(!wasm_module_is_underlying_binary_freeable(NULL));
  wasm_module_delete(plain);

  /* LoadArgs name */
  LoadArgs args;
  memset(&args, 0, sizeof args);
  char name[] = "my_module";
  args.name = name;
  args.clone_wasm_binary = true;
  wasm_module_t *named = wasm_module_new_ex(store, &bin, &args);
  CHECK(named != NULL);
  n = wasm_module_get_name(named);
  CHECK(n != NULL && strcmp(n, "my_module") == 0);
  CHECK_EQ_INT(call_add(store, named, 0, 3, 4), 7);
  CHECK(wasm_module_is_underlying_binary_freeable(named));
  wasm_module_delete(named);

  /* clone_wasm_binary = false: the caller may free the bytes right after */
  wasm_byte_vec_t tmp;
  wasm_byte_vec_copy(&tmp, &bin);
  memset(&args, 0, sizeof args);
  char other[] = "nocopy";
  args.name = other;
  args.clone_wasm_binary = false;
  wasm_module_t *nc = wasm_module_new_ex(store, &tmp, &args);
  CHECK(nc != NULL);
  memset(tmp.data, 0, tmp.size); /* scribble, then free */
  wasm_byte_vec_delete(&tmp);
  CHECK(wasm_module_is_underlying_binary_freeable(nc));
  n = wasm_module_get_name(nc);
  CHECK(n != NULL && strcmp(n, "nocopy") == 0);
  wasm_exporttype_vec_t exps;
  wasm_module_exports(nc, &exps);
  CHECK_EQ_INT(exps.size, 6);
  if (exps.size)
    CHECK_NAME_NT(wasm_exporttype_name(exps.data[0]), "add");
  wasm_exporttype_vec_delete(&exps);
  CHECK_EQ_INT(call_add(store, nc, 0, 100, -1), 99);
  CHECK_EQ_INT(call_add(store, nc, 5, 5, 0), 10); /* sum(5) = 0+1+2+3+4 */
  wasm_module_delete(nc);

  /* NULL name in LoadArgs: an empty name */
  memset(&args, 0, sizeof args);
  args.clone_wasm_binary = true;
  wasm_module_t *anon = wasm_module_new_ex(store, &bin, &args);
  CHECK(anon != NULL);
  n = wasm_module_get_name(anon);
  CHECK(n == NULL || strcmp(n, "") == 0);
  wasm_module_delete(anon);

  /* bad input through new_ex */
  wasm_byte_vec_t junk;
  wasm_byte_vec_new(&junk, 8, "\0asm\2\0\0\0");
  args.name = name;
  CHECK(wasm_module_new_ex(store, &junk, &args) == NULL);
  CHECK(wasm_module_new_ex(NULL, &bin, &args) == NULL);
  CHECK(wasm_module_new_ex(store, NULL, &args) == NULL);
  wasm_byte_vec_delete(&junk);
  wasm_byte_vec_delete(&bin);
}

static const wasm_externtype_t *check_import(const wasm_importtype_vec_t *v, size_t i, const char *mod,
                                             const char *name, wasm_externkind_t kind) {
  if (i >= v->size) {
    CHECK(i < v->size);
    return NULL;
  }
  CHECK_NAME_NT(wasm_importtype_module(v->data[i]), mod);
  CHECK_NAME_NT(wasm_importtype_name(v->data[i]), name);
  const wasm_externtype_t *t = wasm_importtype_type(v->data[i]);
  CHECK_EQ_INT(wasm_externtype_kind(t), kind);
  return t;
}

static const wasm_externtype_t *check_export(const wasm_exporttype_vec_t *v, size_t i, const char *name,
                                             wasm_externkind_t kind) {
  if (i >= v->size) {
    CHECK(i < v->size);
    return NULL;
  }
  CHECK_NAME_NT(wasm_exporttype_name(v->data[i]), name);
  const wasm_externtype_t *t = wasm_exporttype_type(v->data[i]);
  CHECK_EQ_INT(wasm_externtype_kind(t), kind);
  return t;
}

static void test_imports_exports(void) {
  wasm_byte_vec_t bin;
  load_wasm("m1_imports.wasm", &bin);
  wasm_module_t *m = wasm_module_new(store, &bin);
  wasm_byte_vec_delete(&bin);
  CHECK(m != NULL);

  wasm_importtype_vec_t imps;
  memset(&imps, 0x5a, sizeof imps);
  wasm_module_imports(m, &imps);
  CHECK_EQ_INT(imps.size, 5);
  CHECK_EQ_INT(imps.num_elems, 5);
  CHECK_EQ_INT(imps.size_of_elem, sizeof(wasm_importtype_t *));
  if (imps.size == 5) {
    const wasm_externtype_t *t = check_import(&imps, 0, "env", "f", WASM_EXTERN_FUNC);
    const wasm_functype_t *ft = wasm_externtype_as_functype_const(t);
    CHECK(ft != NULL);
    const wasm_valtype_vec_t *ps = wasm_functype_params(ft), *rs = wasm_functype_results(ft);
    CHECK_EQ_INT(ps->size, 2);
    CHECK_EQ_INT(ps->num_elems, 2);
    CHECK_EQ_INT(wasm_valtype_kind(ps->data[0]), WASM_I32);
    CHECK_EQ_INT(wasm_valtype_kind(ps->data[1]), WASM_I64);
    CHECK_EQ_INT(rs->size, 1);
    CHECK_EQ_INT(wasm_valtype_kind(rs->data[0]), WASM_F32);
    CHECK(wasm_externtype_as_globaltype_const(t) == NULL);

    t = check_import(&imps, 1, "env", "g", WASM_EXTERN_GLOBAL);
    const wasm_globaltype_t *gt = wasm_externtype_as_globaltype_const(t);
    CHECK(gt != NULL);
    CHECK_EQ_INT(wasm_valtype_kind(wasm_globaltype_content(gt)), WASM_I32);
    CHECK_EQ_INT(wasm_globaltype_mutability(gt), WASM_VAR);

    t = check_import(&imps, 2, "env", "gc", WASM_EXTERN_GLOBAL);
    gt = wasm_externtype_as_globaltype_const(t);
    CHECK(gt != NULL);
    CHECK_EQ_INT(wasm_valtype_kind(wasm_globaltype_content(gt)), WASM_F64);
    CHECK_EQ_INT(wasm_globaltype_mutability(gt), WASM_CONST);

    t = check_import(&imps, 3, "env", "m", WASM_EXTERN_MEMORY);
    const wasm_memorytype_t *mt = wasm_externtype_as_memorytype_const(t);
    CHECK(mt != NULL);
    CHECK_EQ_INT(wasm_memorytype_limits(mt)->min, 2);
    CHECK_EQ_INT(wasm_memorytype_limits(mt)->max, wasm_limits_max_default);

    t = check_import(&imps, 4, "mod2", "t", WASM_EXTERN_TABLE);
    const wasm_tabletype_t *tt = wasm_externtype_as_tabletype_const(t);
    CHECK(tt != NULL);
    CHECK_EQ_INT(wasm_valtype_kind(wasm_tabletype_element(tt)), WASM_EXTERNREF);
    CHECK_EQ_INT(wasm_tabletype_limits(tt)->min, 3);
    CHECK_EQ_INT(wasm_tabletype_limits(tt)->max, wasm_limits_max_default);

    /* user imports are not built in */
    CHECK(!wasm_importtype_is_linked(imps.data[0]));
    CHECK(!wasm_importtype_is_linked(imps.data[1]));
  }
  /* the vector is a deep copy: a second one is independent */
  wasm_importtype_vec_t imps2;
  wasm_module_imports(m, &imps2);
  CHECK_EQ_INT(imps2.size, 5);
  CHECK(imps2.size == 0 || imps2.data[0] != imps.data[0]);
  wasm_importtype_vec_delete(&imps);
  if (imps2.size == 5)
    CHECK_NAME_NT(wasm_importtype_name(imps2.data[2]), "gc");
  wasm_importtype_vec_delete(&imps2);

  wasm_exporttype_vec_t exps;
  memset(&exps, 0x5a, sizeof exps);
  wasm_module_exports(m, &exps);
  CHECK_EQ_INT(exps.size, 5);
  CHECK_EQ_INT(exps.num_elems, 5);
  CHECK_EQ_INT(exps.size_of_elem, sizeof(wasm_exporttype_t *));
  if (exps.size == 5) {
    const wasm_externtype_t *t = check_export(&exps, 0, "local", WASM_EXTERN_FUNC);
    const wasm_functype_t *ft = wasm_externtype_as_functype_const(t);
    CHECK_EQ_INT(wasm_functype_params(ft)->size, 0);
    CHECK_EQ_INT(wasm_functype_results(ft)->size, 1);
    CHECK_EQ_INT(wasm_valtype_kind(wasm_functype_results(ft)->data[0]), WASM_I32);
    t = check_export(&exps, 1, "f_again", WASM_EXTERN_FUNC);
    CHECK_EQ_INT(wasm_functype_params(wasm_externtype_as_functype_const(t))->size, 2);
    t = check_export(&exps, 2, "m_again", WASM_EXTERN_MEMORY);
    CHECK_EQ_INT(wasm_memorytype_limits(wasm_externtype_as_memorytype_const(t))->min, 2);
    t = check_export(&exps, 3, "t_again", WASM_EXTERN_TABLE);
    CHECK_EQ_INT(wasm_tabletype_limits(wasm_externtype_as_tabletype_const(t))->min, 3);
    t = check_export(&exps, 4, "gc_again", WASM_EXTERN_GLOBAL);
    CHECK_EQ_INT(wasm_globaltype_mutability(wasm_externtype_as_globaltype_const(t)), WASM_CONST);
  }
  wasm_exporttype_vec_delete(&exps);
  wasm_module_delete(m);

  /* m1_add: no imports; exports in module order with exact types */
  load_wasm("m1_add.wasm", &bin);
  m = wasm_module_new(store, &bin);
  wasm_byte_vec_delete(&bin);
  wasm_module_imports(m, &imps);
  CHECK_EQ_INT(imps.size, 0);
  wasm_importtype_vec_delete(&imps);
  wasm_module_exports(m, &exps);
  CHECK_EQ_INT(exps.size, 6);
  if (exps.size == 6) {
    const wasm_externtype_t *t = check_export(&exps, 0, "add", WASM_EXTERN_FUNC);
    const wasm_name_t *nm = wasm_exporttype_name(exps.data[0]);
    CHECK_EQ_INT(nm->size, 4); /* "add\0" */
    CHECK_EQ_INT(nm->num_elems, 4);
    CHECK(nm->data[3] == '\0');
    const wasm_functype_t *ft = wasm_externtype_as_functype_const(t);
    CHECK_EQ_INT(wasm_functype_params(ft)->size, 2);
    CHECK_EQ_INT(wasm_functype_results(ft)->size, 1);
    t = check_export(&exps, 1, "g_const", WASM_EXTERN_GLOBAL);
    CHECK_EQ_INT(wasm_valtype_kind(wasm_globaltype_content(wasm_externtype_as_globaltype_const(t))), WASM_F64);
    CHECK_EQ_INT(wasm_globaltype_mutability(wasm_externtype_as_globaltype_const(t)), WASM_CONST);
    t = check_export(&exps, 2, "g_var", WASM_EXTERN_GLOBAL);
    CHECK_EQ_INT(wasm_valtype_kind(wasm_globaltype_content(wasm_externtype_as_globaltype_const(t))), WASM_I64);
    CHECK_EQ_INT(wasm_globaltype_mutability(wasm_externtype_as_globaltype_const(t)), WASM_VAR);
    t = check_export(&exps, 3, "tab", WASM_EXTERN_TABLE);
    CHECK_EQ_INT(wasm_valtype_kind(wasm_tabletype_element(wasm_externtype_as_tabletype_const(t))), WASM_FUNCREF);
    CHECK_EQ_INT(wasm_tabletype_limits(wasm_externtype_as_tabletype_const(t))->min, 2);
    CHECK_EQ_INT(wasm_tabletype_limits(wasm_externtype_as_tabletype_const(t))->max, 10);
    t = check_export(&exps, 4, "mem", WASM_EXTERN_MEMORY);
    CHECK_EQ_INT(wasm_memorytype_limits(wasm_externtype_as_memorytype_const(t))->min, 1);
    CHECK_EQ_INT(wasm_memorytype_limits(wasm_externtype_as_memorytype_const(t))->max, 3);
    check_export(&exps, 5, "sum", WASM_EXTERN_FUNC);
  }
  wasm_exporttype_vec_delete(&exps);
  wasm_module_delete(m);

  /* NULL module: empty vectors */
  memset(&imps, 0x5a, sizeof imps);
  wasm_module_imports(NULL, &imps);
  CHECK_EQ_INT(imps.size, 0);
  CHECK(imps.data == NULL);
  memset(&exps, 0x5a, sizeof exps);
  wasm_module_exports(NULL, &exps);
  CHECK_EQ_INT(exps.size, 0);
  CHECK(exps.data == NULL);
  wasm_module_imports(NULL, NULL);
}

static void test_share(void) {
  wasm_byte_vec_t bin;
  load_wasm("m1_add.wasm", &bin);
  wasm_module_t *m = wasm_module_new(store, &bin);
  wasm_byte_vec_delete(&bin);
  CHECK(m != NULL);
  CHECK(wasm_module_set_name(m, "shared_one"));

  wasm_shared_module_t *sh = wasm_module_share(m);
  CHECK(sh != NULL);
  /* the original may go away: the shared handle keeps the module alive */
  wasm_module_delete(m);

  wasm_store_t *s2 = wasm_store_new(engine);
  wasm_module_t *m2 = wasm_module_obtain(s2, sh);
  CHECK(m2 != NULL);
  const char *n = wasm_module_get_name(m2);
  CHECK(n != NULL && strcmp(n, "shared_one") == 0);
  CHECK_EQ_INT(call_add(s2, m2, 0, 19, 23), 42);
  CHECK_EQ_INT(call_add(s2, m2, 5, 101, 0), 5050);
  wasm_exporttype_vec_t exps;
  wasm_module_exports(m2, &exps);
  CHECK_EQ_INT(exps.size, 6);
  wasm_exporttype_vec_delete(&exps);

  /* obtained twice, in two stores */
  wasm_store_t *s3 = wasm_store_new(engine);
  wasm_module_t *m3 = wasm_module_obtain(s3, sh);
  CHECK(m3 != NULL);
  CHECK_EQ_INT(call_add(s3, m3, 0, -1, -1), -2);

  /* negative cases */
  CHECK(wasm_module_obtain(NULL, sh) == NULL);
  CHECK(wasm_module_obtain(s2, NULL) == NULL);
  CHECK(wasm_module_share(NULL) == NULL);
  wasm_shared_module_delete(NULL);

  wasm_shared_module_delete(sh);
  /* obtained modules survive the shared handle */
  CHECK_EQ_INT(call_add(s2, m2, 0, 5, 6), 11);
  wasm_module_delete(m2);
  CHECK_EQ_INT(call_add(s3, m3, 0, 7, 6), 13);
  wasm_module_delete(m3);
  wasm_store_delete(s3);
  wasm_store_delete(s2);
}

static void test_serialize(void) {
  wasm_byte_vec_t bin;
  load_wasm("m1_add.wasm", &bin);
  LoadArgs args;
  memset(&args, 0, sizeof args);
  char name[] = "serial";
  args.name = name;
  args.clone_wasm_binary = true;
  wasm_module_t *m = wasm_module_new_ex(store, &bin, &args);
  CHECK(m != NULL);

  wasm_byte_vec_t ser;
  memset(&ser, 0, sizeof ser);
  wasm_module_serialize(m, &ser);
  CHECK(ser.size > 0);
  CHECK_EQ_INT(ser.num_elems, ser.size);
  CHECK(ser.data != NULL);

  /* round trip, also into another store */
  wasm_module_t *d = wasm_module_deserialize(store, &ser);
  CHECK(d != NULL);
  const char *n = wasm_module_get_name(d);
  CHECK(n != NULL && strcmp(n, "serial") == 0);
  CHECK_EQ_INT(call_add(store, d, 0, 30, 12), 42);
  wasm_exporttype_vec_t exps;
  wasm_module_exports(d, &exps);
  CHECK_EQ_INT(exps.size, 6);
  if (exps.size)
    CHECK_NAME_NT(wasm_exporttype_name(exps.data[5]), "sum");
  wasm_exporttype_vec_delete(&exps);
  wasm_module_delete(d);

  wasm_store_t *s2 = wasm_store_new(engine);
  d = wasm_module_deserialize(s2, &ser);
  CHECK(d != NULL);
  CHECK_EQ_INT(call_add(s2, d, 5, 4, 0), 6);
  wasm_module_delete(d);
  wasm_store_delete(s2);

  /* a renamed module serializes its new name */
  CHECK(wasm_module_set_name(m, "renamed"));
  wasm_byte_vec_t ser2;
  wasm_module_serialize(m, &ser2);
  d = wasm_module_deserialize(store, &ser2);
  CHECK(d != NULL);
  n = wasm_module_get_name(d);
  CHECK(n != NULL && strcmp(n, "renamed") == 0);
  wasm_module_delete(d);
  wasm_byte_vec_delete(&ser2);

  /* foreign bytes, a plain wasm binary, empty, truncated */
  wasm_byte_vec_t junk;
  wasm_byte_vec_new(&junk, 32, "this is not a serialized module!");
  CHECK(wasm_module_deserialize(store, &junk) == NULL);
  wasm_byte_vec_delete(&junk);
  CHECK(wasm_module_deserialize(store, &bin) == NULL);
  wasm_byte_vec_t empty;
  wasm_byte_vec_new_empty(&empty);
  CHECK(wasm_module_deserialize(store, &empty) == NULL);
  wasm_byte_vec_t trunc;
  wasm_byte_vec_new(&trunc, ser.size - 1, ser.data);
  CHECK(wasm_module_deserialize(store, &trunc) == NULL);
  wasm_byte_vec_delete(&trunc);
  wasm_byte_vec_new(&trunc, ser.size / 2, ser.data);
  CHECK(wasm_module_deserialize(store, &trunc) == NULL);
  wasm_byte_vec_delete(&trunc);

  /* one flipped byte anywhere is rejected */
  wasm_byte_vec_t bent;
  wasm_byte_vec_copy(&bent, &ser);
  int rejected = 0, tried = 0;
  for (size_t i = 0; i < bent.size; i += (bent.size / 37) + 1) {
    bent.data[i] ^= 0x01;
    wasm_module_t *x = wasm_module_deserialize(store, &bent);
    tried++;
    if (x == NULL)
      rejected++;
    wasm_module_delete(x);
    bent.data[i] ^= 0x01;
  }
  CHECK(tried > 10);
  CHECK_EQ_INT(rejected, tried);
  bent.data[bent.size / 2] ^= 0x80; /* one in the middle, explicitly */
  CHECK(wasm_module_deserialize(store, &bent) == NULL);
  bent.data[bent.size / 2] ^= 0x80;
  d = wasm_module_deserialize(store, &bent); /* restored: accepted again */
  CHECK(d != NULL);
  wasm_module_delete(d);
  wasm_byte_vec_delete(&bent);

  CHECK(wasm_module_deserialize(NULL, &ser) == NULL);
  CHECK(wasm_module_deserialize(store, NULL) == NULL);
  wasm_module_serialize(NULL, NULL);
  wasm_module_serialize(m, NULL);

  wasm_byte_vec_delete(&ser);
  wasm_module_delete(m);
  wasm_byte_vec_delete(&bin);
}

int main(void) {
  engine = wasm_engine_new();
  store = wasm_store_new(engine);
  test_validate_and_new();
  test_new_ex_and_names();
  test_imports_exports();
  test_share();
  test_serialize();
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return test_summary();
}
