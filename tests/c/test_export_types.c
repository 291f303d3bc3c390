/* wasm_export.h introspection: package type and version, module names, custom sections,
 * import/export types and their type handles, whether imports are linked, memory
 * instances (by index, by name, default; growth and the enlarge-error callback),
 * exported global and table instances, functions in a table. Built against our header
 * and WAMR's. Where WAMR's own library differs by design (or crashes on NULL), the
 * check depends on `ours`, so the .ref binary also runs against WAMR's libiwasm. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include "wasm_export.h"
#include "testlib.h"

/* Running on our library (it has our extensions), not on WAMR's. */
static bool ours;

static int32_t add2(wasm_exec_env_t env, int32_t a, int32_t b) { return a + b; }

static int32_t grow_big(wasm_exec_env_t env, int32_t pages) {
  return wasm_runtime_enlarge_memory(wasm_runtime_get_module_inst(env), (uint64_t)pages);
}

static NativeSymbol natives[] = {
    {"add2", (void *)add2, "(ii)i", NULL},
    {"grow_big", (void *)grow_big, "(i)i", NULL},
};

static wasm_module_t load(const char *file, wasm_byte_vec_t *bin) {
  load_wasm(file, bin);
  char err[128];
  wasm_module_t m = wasm_runtime_load((uint8_t *)bin->data, (uint32_t)bin->size, err, sizeof err);
  if (!m) fprintf(stderr, "%s: %s\n", file, err);
  CHECK(m != NULL);
  return m;
}

static void test_package(wasm_module_t m, const wasm_byte_vec_t *bin) {
  const uint8_t *b = (const uint8_t *)bin->data;
  uint32_t n = (uint32_t)bin->size;
  static const uint8_t aot[8] = {0, 'a', 'o', 't', 6, 0, 0, 0};
  CHECK_EQ_INT(get_package_type(b, n), Wasm_Module_Bytecode);
  CHECK_EQ_INT(wasm_runtime_get_file_package_type(b, n), Wasm_Module_Bytecode);
  CHECK_EQ_INT(get_package_type(aot, 8), Wasm_Module_AoT);
  CHECK_EQ_INT(get_package_type(b, 3), Package_Type_Unknown);
  CHECK_EQ_INT(get_package_type((const uint8_t *)"\177ELF", 4), Package_Type_Unknown);
  CHECK_EQ_INT(get_package_type(NULL, 8), Package_Type_Unknown);
  CHECK_EQ_INT(wasm_runtime_get_file_package_type(NULL, 0), Package_Type_Unknown);
  CHECK_EQ_INT(wasm_runtime_get_module_package_type(m), Wasm_Module_Bytecode);
  CHECK_EQ_INT(wasm_runtime_get_module_package_type(NULL), Package_Type_Unknown);

  CHECK_EQ_INT(wasm_runtime_get_file_package_version(b, n), 1);
  CHECK_EQ_INT(wasm_runtime_get_file_package_version(aot, 8), 6);
  CHECK_EQ_INT(wasm_runtime_get_file_package_version(b, 7), 0);
  CHECK_EQ_INT(wasm_runtime_get_file_package_version(NULL, 8), 0);
  CHECK_EQ_INT(wasm_runtime_get_module_package_version(m), 1);
  CHECK_EQ_INT(wasm_runtime_get_module_package_version(NULL), 0);
  CHECK_EQ_INT(wasm_runtime_get_current_package_version(Wasm_Module_Bytecode), 1);
  /* no AOT loader here: no AOT version is supported (WAMR: its AOT_CURRENT_VERSION) */
  CHECK_EQ_INT(wasm_runtime_get_current_package_version(Wasm_Module_AoT), ours ? 0 : 6);
  CHECK_EQ_INT(wasm_runtime_get_current_package_version(Package_Type_Unknown), 0);

  CHECK(!wasm_runtime_is_xip_file(b, n));
  CHECK(!wasm_runtime_is_xip_file(aot, 8));
  CHECK(!wasm_runtime_is_xip_file(NULL, 0));
}

static void test_module_name(wasm_module_t m) {
  char err[128] = "";
  CHECK(strcmp(wasm_runtime_get_module_name(m), "") == 0);
  CHECK(wasm_runtime_set_module_name(m, "alpha", err, sizeof err));
  const char *alpha = wasm_runtime_get_module_name(m);
  CHECK(strcmp(alpha, "alpha") == 0);
  CHECK(wasm_runtime_set_module_name(m, "beta", err, sizeof err));
  CHECK(strcmp(wasm_runtime_get_module_name(m), "beta") == 0);
  CHECK(strcmp(alpha, "alpha") == 0); /* an earlier name stays valid while the module lives */
  /* negative: not UTF-8, NULL name, NULL module */
  CHECK(!wasm_runtime_set_module_name(m, "\xff\xfe", err, sizeof err));
  CHECK(strcmp(err, "WASM module instantiate failed: invalid UTF-8 encoding") == 0);
  /* the name stays (WAMR's becomes NULL after a failed rename) */
  CHECK(ours ? strcmp(wasm_runtime_get_module_name(m), "beta") == 0 : wasm_runtime_get_module_name(m) == NULL);
  CHECK(wasm_runtime_set_module_name(m, "beta", err, sizeof err));
  CHECK(!wasm_runtime_set_module_name(m, NULL, err, sizeof err));
  CHECK(!wasm_runtime_set_module_name(NULL, "x", err, sizeof err));
  CHECK(strcmp(wasm_runtime_get_module_name(NULL), "") == 0);

  /* load_ex names the module */
  wasm_byte_vec_t bin;
  load_wasm("export_nomem.wasm", &bin);
  LoadArgs args;
  memset(&args, 0, sizeof args);
  args.name = "named";
  wasm_module_t named = wasm_runtime_load_ex((uint8_t *)bin.data, (uint32_t)bin.size, &args, err, sizeof err);
  CHECK(named != NULL);
  CHECK(strcmp(wasm_runtime_get_module_name(named), "named") == 0);
  wasm_runtime_unload(named);
  wasm_byte_vec_delete(&bin);
}

/* Custom sections (not in WAMR's default build: found with dlsym). */
static void test_custom_sections(void) {
  const uint8_t *(*get_section)(wasm_module_t, const char *, uint32_t *) =
      (const uint8_t *(*)(wasm_module_t, const char *, uint32_t *))dlsym(RTLD_DEFAULT, "wasm_runtime_get_custom_section");
  CHECK(get_section != NULL || !ours);
  if (!get_section) return;
  /* loaded from a buffer freed at once: the sections are the module's own copy */
  wasm_byte_vec_t bin;
  load_wasm("export_types.wasm", &bin);
  char err[128];
  wasm_module_t m = wasm_runtime_load((uint8_t *)bin.data, (uint32_t)bin.size, err, sizeof err);
  CHECK(m != NULL);
  const char *lo = bin.data, *hi = bin.data + bin.size;
  uint32_t len = 0;
  const uint8_t *dup = get_section(m, "dup", &len);
  CHECK(dup != NULL && !((const char *)dup >= lo && (const char *)dup < hi));
  wasm_byte_vec_delete(&bin);
  CHECK(dup != NULL && len == 4 && memcmp(dup, "two!", 4) == 0); /* the last "dup" */
  len = 0;
  const uint8_t *meta = get_section(m, "meta", &len);
  CHECK(meta != NULL && len == 3 && memcmp(meta, "\0\1\2", 3) == 0);
  CHECK(get_section(m, "meta", NULL) == meta);
  /* negative: no such section, NULL arguments */
  len = 77;
  CHECK(get_section(m, "nope", &len) == NULL && len == 77);
  CHECK(get_section(m, "", &len) == NULL);
  if (ours) {
    CHECK(get_section(NULL, "dup", &len) == NULL);
    CHECK(get_section(m, NULL, &len) == NULL);
  }
  wasm_runtime_unload(m);
}

static void check_func_type(wasm_func_type_t ft, int nparams, const wasm_valkind_t *params, int nresults,
                            const wasm_valkind_t *results) {
  CHECK(ft != NULL);
  CHECK_EQ_INT(wasm_func_type_get_param_count(ft), nparams);
  CHECK_EQ_INT(wasm_func_type_get_result_count(ft), nresults);
  for (int i = 0; i < nparams; i++) CHECK_EQ_INT(wasm_func_type_get_param_valkind(ft, i), params[i]);
  for (int i = 0; i < nresults; i++) CHECK_EQ_INT(wasm_func_type_get_result_valkind(ft, i), results[i]);
  /* past the end: (wasm_valkind_t)-1 */
  CHECK_EQ_INT(wasm_func_type_get_param_valkind(ft, nparams), (wasm_valkind_t)-1);
  CHECK_EQ_INT(wasm_func_type_get_result_valkind(ft, nresults), (wasm_valkind_t)-1);
}

static void test_imports(wasm_module_t m) {
  CHECK_EQ_INT(wasm_runtime_get_import_count(m), 6);
  struct {
    const char *module, *name;
    wasm_import_export_kind_t kind;
    bool linked;
  } want[] = {
      {"env", "add2", WASM_IMPORT_EXPORT_KIND_FUNC, true},
      {"env", "nothing", WASM_IMPORT_EXPORT_KIND_FUNC, false},
      {"wasi_snapshot_preview1", "fd_close", WASM_IMPORT_EXPORT_KIND_FUNC, true},
      {"env", "tab_imp", WASM_IMPORT_EXPORT_KIND_TABLE, false},
      {"env", "mem_imp", WASM_IMPORT_EXPORT_KIND_MEMORY, false},
      {"env", "g_imp", WASM_IMPORT_EXPORT_KIND_GLOBAL, false},
  };
  wasm_import_t im[6];
  for (int i = 0; i < 6; i++) {
    wasm_runtime_get_import_type(m, i, &im[i]);
    CHECK(im[i].module_name && strcmp(im[i].module_name, want[i].module) == 0);
    CHECK(im[i].name && strcmp(im[i].name, want[i].name) == 0);
    CHECK_EQ_INT(im[i].kind, want[i].kind);
    CHECK_EQ_INT(im[i].linked, want[i].linked);
  }
  wasm_valkind_t ii[] = {WASM_I32, WASM_I32}, i32[] = {WASM_I32}, lf[] = {WASM_I64, WASM_F32}, d[] = {WASM_F64};
  check_func_type(im[0].u.func_type, 2, ii, 1, i32);
  check_func_type(im[1].u.func_type, 2, lf, 1, d);
  check_func_type(im[2].u.func_type, 1, i32, 1, i32);
  wasm_table_type_t tt = im[3].u.table_type;
  CHECK_EQ_INT(wasm_table_type_get_elem_kind(tt), WASM_FUNCREF);
  CHECK_EQ_INT(wasm_table_type_get_init_size(tt), 2);
  CHECK_EQ_INT(wasm_table_type_get_max_size(tt), 10);
  CHECK(!wasm_table_type_get_shared(tt));
  wasm_memory_type_t mt = im[4].u.memory_type;
  CHECK_EQ_INT(wasm_memory_type_get_init_page_count(mt), 1);
  CHECK_EQ_INT(wasm_memory_type_get_max_page_count(mt), 65536); /* no maximum declared */
  CHECK(!wasm_memory_type_get_shared(mt));
  wasm_global_type_t gt = im[5].u.global_type;
  CHECK_EQ_INT(wasm_global_type_get_valkind(gt), WASM_I64);
  CHECK(wasm_global_type_get_mutable(gt));

  /* the same names and handles on a second look */
  wasm_import_t again;
  wasm_runtime_get_import_type(m, 0, &again);
  CHECK(again.name == im[0].name && again.u.func_type == im[0].u.func_type);

  /* negative: past the end, a negative index, NULL module: all zeroed */
  wasm_import_t none;
  memset(&none, 0x5a, sizeof none);
  wasm_runtime_get_import_type(m, 6, &none);
  CHECK(none.module_name == NULL && none.name == NULL && none.kind == 0 && !none.linked && none.u.func_type == NULL);
  memset(&none, 0x5a, sizeof none);
  wasm_runtime_get_import_type(m, -1, &none);
  CHECK(none.name == NULL && none.u.func_type == NULL);
  memset(&none, 0x5a, sizeof none);
  wasm_runtime_get_import_type(NULL, 0, &none);
  CHECK(none.name == NULL && none.u.func_type == NULL);
  wasm_runtime_get_import_type(m, 0, NULL); /* ignored */
  CHECK_EQ_INT(wasm_runtime_get_import_count(NULL), -1);
}

static void test_exports(wasm_module_t m) {
  CHECK_EQ_INT(wasm_runtime_get_export_count(m), 8);
  const char *names[] = {"f", "add", "g1", "memory", "gi", "tab", "g2", "t2"};
  wasm_import_export_kind_t kinds[] = {
      WASM_IMPORT_EXPORT_KIND_FUNC,   WASM_IMPORT_EXPORT_KIND_FUNC,   WASM_IMPORT_EXPORT_KIND_GLOBAL,
      WASM_IMPORT_EXPORT_KIND_MEMORY, WASM_IMPORT_EXPORT_KIND_GLOBAL, WASM_IMPORT_EXPORT_KIND_TABLE,
      WASM_IMPORT_EXPORT_KIND_GLOBAL, WASM_IMPORT_EXPORT_KIND_TABLE,
  };
  wasm_export_t ex[8];
  for (int i = 0; i < 8; i++) {
    wasm_runtime_get_export_type(m, i, &ex[i]);
    CHECK(ex[i].name && strcmp(ex[i].name, names[i]) == 0);
    CHECK_EQ_INT(ex[i].kind, kinds[i]);
    CHECK(ex[i].u.func_type != NULL);
  }
  wasm_valkind_t fp[] = {WASM_I32, WASM_I64, WASM_F32, WASM_F64}, fr[] = {WASM_F64, WASM_I32};
  wasm_valkind_t ii[] = {WASM_I32, WASM_I32}, i32[] = {WASM_I32};
  check_func_type(ex[0].u.func_type, 4, fp, 2, fr);
  check_func_type(ex[1].u.func_type, 2, ii, 1, i32); /* a re-exported import */
  CHECK_EQ_INT(wasm_global_type_get_valkind(ex[2].u.global_type), WASM_F32);
  CHECK(!wasm_global_type_get_mutable(ex[2].u.global_type));
  CHECK_EQ_INT(wasm_memory_type_get_init_page_count(ex[3].u.memory_type), 1);
  CHECK_EQ_INT(wasm_global_type_get_valkind(ex[4].u.global_type), WASM_I64);
  CHECK(wasm_global_type_get_mutable(ex[4].u.global_type));
  CHECK_EQ_INT(wasm_table_type_get_elem_kind(ex[5].u.table_type), WASM_FUNCREF);
  CHECK_EQ_INT(wasm_table_type_get_max_size(ex[5].u.table_type), 10);
  CHECK_EQ_INT(wasm_global_type_get_valkind(ex[6].u.global_type), WASM_I32);
  CHECK(wasm_global_type_get_mutable(ex[6].u.global_type));
  CHECK_EQ_INT(wasm_table_type_get_elem_kind(ex[7].u.table_type), WASM_EXTERNREF);
  CHECK_EQ_INT(wasm_table_type_get_init_size(ex[7].u.table_type), 3);
  /* no maximum declared: ours says so (UINT32_MAX); WAMR gives its growth cap max(2 * init, 1024) */
  CHECK_EQ_INT(wasm_table_type_get_max_size(ex[7].u.table_type), ours ? UINT32_MAX : 1024);

  /* negative: past the end, NULL module */
  wasm_export_t none;
  memset(&none, 0x5a, sizeof none);
  wasm_runtime_get_export_type(m, 8, &none);
  CHECK(none.name == NULL && none.kind == 0 && none.u.func_type == NULL);
  memset(&none, 0x5a, sizeof none);
  wasm_runtime_get_export_type(NULL, 0, &none);
  CHECK(none.name == NULL && none.u.func_type == NULL);
  wasm_runtime_get_export_type(m, 0, NULL); /* ignored */
  CHECK_EQ_INT(wasm_runtime_get_export_count(NULL), -1);

  /* the accessors on NULL (WAMR's bounds-checked valkind ones too) and, ours only, on
     NULL elsewhere and a handle of the wrong kind */
  CHECK_EQ_INT(wasm_func_type_get_param_valkind(NULL, 0), (wasm_valkind_t)-1);
  CHECK_EQ_INT(wasm_func_type_get_result_valkind(NULL, 0), (wasm_valkind_t)-1);
  if (ours) {
    CHECK_EQ_INT(wasm_func_type_get_param_count(NULL), 0);
    CHECK_EQ_INT(wasm_func_type_get_result_count(NULL), 0);
    CHECK_EQ_INT(wasm_global_type_get_valkind(NULL), (wasm_valkind_t)-1);
    CHECK(!wasm_global_type_get_mutable(NULL));
    CHECK(!wasm_memory_type_get_shared(NULL));
    CHECK_EQ_INT(wasm_memory_type_get_init_page_count(NULL), 0);
    CHECK_EQ_INT(wasm_memory_type_get_max_page_count(NULL), 0);
    CHECK_EQ_INT(wasm_table_type_get_elem_kind(NULL), (wasm_valkind_t)-1);
    CHECK(!wasm_table_type_get_shared(NULL));
    CHECK_EQ_INT(wasm_table_type_get_init_size(NULL), 0);
    CHECK_EQ_INT(wasm_table_type_get_max_size(NULL), 0);
    CHECK_EQ_INT(wasm_func_type_get_param_count((wasm_func_type_t)ex[2].u.global_type), 0);
    CHECK_EQ_INT(wasm_table_type_get_init_size((wasm_table_type_t)ex[3].u.memory_type), 0);
    int junk[8] = {0};
    CHECK_EQ_INT(wasm_memory_type_get_max_page_count((wasm_memory_type_t)junk), 0);
  }
}

static void test_linked(void) {
  CHECK(wasm_runtime_is_import_func_linked("env", "add2"));
  CHECK(wasm_runtime_is_import_func_linked("env", "_add2")); /* `_name` finds `name`, as WAMR's resolution does */
  CHECK(wasm_runtime_is_import_func_linked("env", "printf")); /* libc-builtin */
  CHECK(wasm_runtime_is_import_func_linked("wasi_snapshot_preview1", "fd_close"));
  CHECK(!wasm_runtime_is_import_func_linked("env", "nothing"));
  CHECK(!wasm_runtime_is_import_func_linked("wasi_snapshot_preview1", "no_such_call"));
  CHECK(!wasm_runtime_is_import_func_linked("elsewhere", "add2"));
  CHECK(!wasm_runtime_is_import_global_linked("env", "g_imp"));
  /* WAMR's native globals (global.NaN, global.Infinity) do not exist here */
  CHECK_EQ_INT(wasm_runtime_is_import_global_linked("global", "NaN"), !ours);
  if (ours) {
    CHECK(!wasm_runtime_is_import_func_linked(NULL, "add2"));
    CHECK(!wasm_runtime_is_import_func_linked("env", NULL));
    CHECK(!wasm_runtime_is_import_global_linked(NULL, "g"));
    CHECK(!wasm_runtime_is_import_global_linked("env", NULL));
  }
}

/* Globals from a registered module (multi-module: not in WAMR's default build). */
static void test_linked_registered(void) {
  bool (*register_module)(const char *, wasm_module_t, char *, uint32_t) =
      (bool (*)(const char *, wasm_module_t, char *, uint32_t))dlsym(RTLD_DEFAULT, "wasm_runtime_register_module");
  CHECK(register_module != NULL || !ours);
  if (!register_module || !ours) return;
  wasm_byte_vec_t bin, dep_bin;
  wasm_module_t dep = load("export_inst.wasm", &dep_bin);
  char err[128];
  CHECK(register_module("gdep", dep, err, sizeof err));
  CHECK(wasm_runtime_is_import_global_linked("gdep", "gi32"));
  CHECK(!wasm_runtime_is_import_global_linked("gdep", "seven")); /* a function */
  CHECK(!wasm_runtime_is_import_global_linked("gdep", "nope"));
  CHECK(!wasm_runtime_is_import_func_linked("gdep", "seven")); /* natives only, as in WAMR */
  wasm_module_t m = load("export_types_dep.wasm", &bin);
  wasm_import_t im;
  wasm_runtime_get_import_type(m, 1, &im);
  CHECK(im.kind == WASM_IMPORT_EXPORT_KIND_GLOBAL && im.linked);
  wasm_runtime_get_import_type(m, 0, &im);
  CHECK(im.kind == WASM_IMPORT_EXPORT_KIND_FUNC && !im.linked);
  wasm_runtime_unload(m);
  wasm_byte_vec_delete(&bin);
  wasm_runtime_unload(dep);
  wasm_byte_vec_delete(&dep_bin);
}

static struct {
  int calls;
  uint32_t inc, index;
  uint64_t size;
  enlarge_memory_error_reason_t reason;
  wasm_module_inst_t inst;
  wasm_exec_env_t env;
  void *user_data;
} cb;

static void on_enlarge_error(uint32_t inc, uint64_t size, uint32_t index, enlarge_memory_error_reason_t reason,
                             wasm_module_inst_t inst, wasm_exec_env_t env, void *user_data) {
  cb.calls++;
  cb.inc = inc;
  cb.size = size;
  cb.index = index;
  cb.reason = reason;
  cb.inst = inst;
  cb.env = env;
  cb.user_data = user_data;
}

static wasm_module_inst_t instantiate(wasm_module_t m) {
  char err[128];
  wasm_module_inst_t inst = wasm_runtime_instantiate(m, 32 * 1024, 0, err, sizeof err);
  if (!inst) fprintf(stderr, "instantiate: %s\n", err);
  CHECK(inst != NULL);
  return inst;
}

static void test_memory(wasm_module_t m) {
  wasm_module_inst_t inst = instantiate(m);
  wasm_memory_inst_t mem = wasm_runtime_get_default_memory(inst);
  CHECK(mem != NULL);
  CHECK(wasm_runtime_get_memory(inst, 0) == mem);
  CHECK(wasm_runtime_lookup_memory(inst, "mem") == mem);
  CHECK(wasm_runtime_get_memory(inst, 1) == NULL);
  CHECK_EQ_INT(wasm_memory_get_cur_page_count(mem), 2);
  CHECK_EQ_INT(wasm_memory_get_max_page_count(mem), 5);
  CHECK_EQ_INT(wasm_memory_get_bytes_per_page(mem), 65536);
  CHECK(!wasm_memory_get_shared(mem));
  uint8_t *base = wasm_memory_get_base_address(mem);
  CHECK(base != NULL && base == wasm_runtime_addr_app_to_native(inst, 0));

  /* growth through the handle: no callback on failure, as in WAMR */
  wasm_runtime_set_enlarge_mem_error_callback(on_enlarge_error, &cb);
  CHECK(wasm_memory_enlarge(mem, 1));
  CHECK_EQ_INT(wasm_memory_get_cur_page_count(mem), 3);
  CHECK(wasm_memory_enlarge(mem, 0));
  CHECK(!wasm_memory_enlarge(mem, 3));
  CHECK_EQ_INT(wasm_memory_get_cur_page_count(mem), 3);
  CHECK_EQ_INT(cb.calls, 0);

  /* growth through the instance: the callback hears of a failure */
  CHECK(wasm_runtime_enlarge_memory(inst, 1));
  CHECK_EQ_INT(wasm_memory_get_cur_page_count(mem), 4);
  CHECK(wasm_runtime_enlarge_memory(inst, 0));
  CHECK(!wasm_runtime_enlarge_memory(inst, 2));
  CHECK_EQ_INT(cb.calls, 1);
  CHECK_EQ_INT(cb.inc, 2);
  CHECK_EQ_INT(cb.size, 4 * 65536);
  CHECK_EQ_INT(cb.index, 0);
  CHECK_EQ_INT(cb.reason, MAX_SIZE_REACHED);
  CHECK(cb.inst == inst && cb.env == NULL && cb.user_data == &cb);
  CHECK(!wasm_runtime_enlarge_memory(inst, (uint64_t)UINT32_MAX + 1));
  CHECK_EQ_INT(cb.calls, 1);
  CHECK(wasm_memory_get_base_address(mem) == base); /* 4 pages, still in place */

  /* a native growing the memory of the instance calling it: the callback gets its exec env */
  wasm_exec_env_t env = wasm_runtime_get_exec_env_singleton(inst);
  uint32_t argv[1] = {9};
  CHECK(wasm_runtime_call_wasm(env, wasm_runtime_lookup_function(inst, "grow_in_native"), 1, argv));
  CHECK_EQ_INT(argv[0], 0);
  CHECK_EQ_INT(cb.calls, 2);
  CHECK(cb.env == env && cb.inst == inst && cb.inc == 9);
  argv[0] = 1;
  CHECK(wasm_runtime_call_wasm(env, wasm_runtime_lookup_function(inst, "grow_in_native"), 1, argv));
  CHECK_EQ_INT(argv[0], 1);
  CHECK_EQ_INT(wasm_memory_get_cur_page_count(mem), 5);

  /* a cleared callback is not called */
  wasm_runtime_set_enlarge_mem_error_callback(NULL, NULL);
  CHECK(!wasm_runtime_enlarge_memory(inst, 1));
  CHECK_EQ_INT(cb.calls, 2);

  /* another instance, another handle; no memory, no handle */
  wasm_module_inst_t other = instantiate(m);
  CHECK(wasm_runtime_get_default_memory(other) != NULL && wasm_runtime_get_default_memory(other) != mem);
  CHECK_EQ_INT(wasm_memory_get_cur_page_count(wasm_runtime_get_default_memory(other)), 2);
  wasm_byte_vec_t bin;
  wasm_module_t nomem_mod = load("export_nomem.wasm", &bin);
  wasm_module_inst_t nomem = instantiate(nomem_mod);
  CHECK(wasm_runtime_get_default_memory(nomem) == NULL);
  CHECK(wasm_runtime_get_memory(nomem, 0) == NULL);
  CHECK(!wasm_runtime_enlarge_memory(nomem, 1));
  CHECK(!wasm_runtime_enlarge_memory(nomem, 0));
  CHECK_EQ_INT(wasm_runtime_get_import_count(nomem_mod), 0);
  CHECK_EQ_INT(wasm_runtime_get_export_count(nomem_mod), 1);

  /* by name: only an exported memory (WAMR without multi-memory answers memory 0 to any name) */
  CHECK(wasm_runtime_lookup_memory(inst, "nope") == (ours ? NULL : mem));
  if (ours) {
    CHECK(wasm_runtime_lookup_memory(inst, "tab") == NULL);
    CHECK(wasm_runtime_lookup_memory(nomem, "mem") == NULL);
    CHECK(wasm_runtime_lookup_memory(inst, NULL) == NULL);
    CHECK(wasm_runtime_lookup_memory(NULL, "mem") == NULL);
    CHECK(wasm_runtime_get_default_memory(NULL) == NULL);
    CHECK(wasm_runtime_get_memory(NULL, 0) == NULL);
    CHECK(!wasm_runtime_enlarge_memory(NULL, 1));
    CHECK_EQ_INT(wasm_memory_get_cur_page_count(NULL), 0);
    CHECK_EQ_INT(wasm_memory_get_max_page_count(NULL), 0);
    CHECK_EQ_INT(wasm_memory_get_bytes_per_page(NULL), 0);
    CHECK(!wasm_memory_get_shared(NULL));
    CHECK(wasm_memory_get_base_address(NULL) == NULL);
    CHECK(!wasm_memory_enlarge(NULL, 1));
    int junk[8] = {0};
    CHECK_EQ_INT(wasm_memory_get_cur_page_count((wasm_memory_inst_t)junk), 0);
  }
  wasm_runtime_deinstantiate(nomem);
  wasm_runtime_unload(nomem_mod);
  wasm_byte_vec_delete(&bin);
  wasm_runtime_deinstantiate(other);
  wasm_runtime_deinstantiate(inst);
  if (ours) { /* a handle of a freed instance is no longer found */
    CHECK_EQ_INT(wasm_memory_get_cur_page_count(mem), 0);
    CHECK(!wasm_memory_enlarge(mem, 1));
  }
}

static void test_globals_tables(wasm_module_t m) {
  wasm_module_inst_t inst = instantiate(m);
  wasm_global_inst_t g;
  CHECK(wasm_runtime_get_export_global_inst(inst, "gi32", &g));
  CHECK(g.kind == WASM_I32 && g.is_mutable && g.global_data != NULL);
  CHECK_EQ_INT(*(int32_t *)g.global_data, 42);
  uint32_t argv[2] = {5};
  CHECK(wasm_runtime_call_wasm(wasm_runtime_get_exec_env_singleton(inst), wasm_runtime_lookup_function(inst, "set_gi32"), 1, argv));
  CHECK(wasm_runtime_get_export_global_inst(inst, "gi32", &g));
  CHECK_EQ_INT(*(int32_t *)g.global_data, 5);
  CHECK(wasm_runtime_get_export_global_inst(inst, "gi64", &g));
  CHECK(g.kind == WASM_I64 && !g.is_mutable);
  CHECK(*(int64_t *)g.global_data == 0x1122334455667788LL);
  CHECK(wasm_runtime_get_export_global_inst(inst, "gf64", &g));
  CHECK(g.kind == WASM_F64 && !g.is_mutable && *(double *)g.global_data == 2.5);
  CHECK(wasm_runtime_get_export_global_inst(inst, "gref", &g));
  CHECK(g.kind == WASM_FUNCREF && *(uint32_t *)g.global_data == 0xFFFFFFFFu); /* a null reference */
  /* negative: not a global, no such export */
  memset(&g, 0x5a, sizeof g);
  CHECK(!wasm_runtime_get_export_global_inst(inst, "seven", &g));
  CHECK(!wasm_runtime_get_export_global_inst(inst, "mem", &g));
  CHECK(!wasm_runtime_get_export_global_inst(inst, "nope", &g));

  wasm_table_inst_t t;
  CHECK(wasm_runtime_get_export_table_inst(inst, "tab", &t));
  CHECK(t.elem_kind == WASM_FUNCREF && t.cur_size == 3 && t.max_size == 10 && t.elems != NULL);
  wasm_function_inst_t seven = wasm_runtime_lookup_function(inst, "seven");
  CHECK(seven != NULL && wasm_table_get_func_inst(inst, &t, 0) == seven);
  /* a function the instance does not export: callable like an exported one */
  wasm_function_inst_t hidden = wasm_table_get_func_inst(inst, &t, 1);
  CHECK(hidden != NULL && hidden != seven);
  CHECK(wasm_table_get_func_inst(inst, &t, 1) == hidden);
  CHECK_EQ_INT(wasm_func_get_param_count(hidden, inst), 0);
  CHECK_EQ_INT(wasm_func_get_result_count(hidden, inst), 1);
  argv[0] = 0;
  CHECK(wasm_runtime_call_wasm(wasm_runtime_get_exec_env_singleton(inst), hidden, 0, argv));
  CHECK_EQ_INT(argv[0], 9);
  /* negative: a null element (WAMR's returns a bad pointer for it), past the end, a NULL table */
  if (ours) CHECK(wasm_table_get_func_inst(inst, &t, 2) == NULL);
  CHECK(wasm_table_get_func_inst(inst, &t, 3) == NULL);
  CHECK(wasm_table_get_func_inst(inst, NULL, 0) == NULL);

  CHECK(wasm_runtime_get_export_table_inst(inst, "ext", &t));
  CHECK(t.elem_kind == WASM_EXTERNREF && t.cur_size == 1);
  CHECK_EQ_INT(t.max_size, ours ? UINT32_MAX : 1024); /* no maximum declared (see test_exports) */
  CHECK(!wasm_runtime_get_export_table_inst(inst, "seven", &t));
  CHECK(!wasm_runtime_get_export_table_inst(inst, "gi32", &t));
  CHECK(!wasm_runtime_get_export_table_inst(inst, "nope", &t));

  if (ours) {
    CHECK(!wasm_runtime_get_export_global_inst(NULL, "gi32", &g));
    CHECK(!wasm_runtime_get_export_global_inst(inst, NULL, &g));
    CHECK(!wasm_runtime_get_export_global_inst(inst, "gi32", NULL));
    CHECK(!wasm_runtime_get_export_table_inst(NULL, "tab", &t));
    CHECK(!wasm_runtime_get_export_table_inst(inst, NULL, &t));
    CHECK(!wasm_runtime_get_export_table_inst(inst, "tab", NULL));
    /* a table of another instance, or a forged one, gives nothing */
    wasm_module_inst_t other = instantiate(m);
    wasm_table_inst_t theirs;
    CHECK(wasm_runtime_get_export_table_inst(other, "tab", &theirs));
    CHECK(wasm_table_get_func_inst(inst, &theirs, 0) == NULL);
    CHECK(wasm_table_get_func_inst(other, &theirs, 0) == wasm_runtime_lookup_function(other, "seven"));
    CHECK(wasm_runtime_get_export_table_inst(inst, "tab", &t));
    wasm_table_inst_t forged = t;
    forged.elems = &t;
    CHECK(wasm_table_get_func_inst(inst, &forged, 0) == NULL);
    CHECK(wasm_table_get_func_inst(NULL, &t, 0) == NULL);
    /* another instance's hidden function is not this one's */
    CHECK(!wasm_runtime_call_wasm(wasm_runtime_get_exec_env_singleton(other), hidden, 0, argv));
    wasm_runtime_deinstantiate(other);
  }
  wasm_runtime_deinstantiate(inst);
}

int main(void) {
  ours = dlsym(RTLD_DEFAULT, "wamr_memory_fixed_base_bytes") != NULL;
  CHECK(wasm_runtime_init());
  CHECK(wasm_runtime_register_natives("env", natives, sizeof natives / sizeof natives[0]));

  wasm_byte_vec_t types_bin, inst_bin;
  wasm_module_t types = load("export_types.wasm", &types_bin);
  test_package(types, &types_bin);
  test_imports(types);
  test_exports(types);
  test_linked();
  test_custom_sections();
  test_module_name(types);

  wasm_module_t inst_mod = load("export_inst.wasm", &inst_bin);
  test_memory(inst_mod);
  test_globals_tables(inst_mod);
  test_linked_registered();

  wasm_runtime_unload(inst_mod);
  wasm_runtime_unload(types);
  wasm_byte_vec_delete(&inst_bin);
  wasm_byte_vec_delete(&types_bin);
  wasm_runtime_destroy();
  return test_summary();
}
