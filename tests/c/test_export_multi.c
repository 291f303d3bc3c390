/* wasm_export.h multi-module: a module reader loads the modules a module imports from
 * (registering them under their names), register_module / find_module_registered, each
 * instance instantiating its own copy of the modules it imports from (functions and a
 * mutable global linked), an import the module does not export staying unlinked, a
 * reader that fails, a cycle refused. Built against our header and WAMR's. */
#include "wasm_export.h"
#include "testlib.h"

static int reads, frees, fail_reads;

static bool reader(package_type_t type, const char *name, uint8_t **buf, uint32_t *size) {
  reads++;
  if (fail_reads || type != Wasm_Module_Bytecode) return false;
  char file[128];
  snprintf(file, sizeof file, "%s.wasm", name);
  const char *dir = getenv("WASM_DIR");
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", dir ? dir : "build/wasm", file);
  FILE *f = fopen(path, "rb");
  if (!f) return false;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  *buf = malloc((size_t)n);
  *size = (uint32_t)n;
  bool ok = fread(*buf, 1, (size_t)n, f) == (size_t)n;
  fclose(f);
  return ok;
}

static void destroyer(uint8_t *buf, uint32_t size) {
  frees++;
  free(buf);
}

static wasm_module_t load(const char *name) {
  wasm_byte_vec_t bin;
  load_wasm(name, &bin);
  char err[128];
  wasm_module_t m = wasm_runtime_load((uint8_t *)bin.data, (uint32_t)bin.size, err, sizeof err);
  wasm_byte_vec_delete(&bin);
  return m;
}

static bool call(wasm_module_inst_t inst, const char *name, uint32_t *argv, uint32_t argc) {
  return wasm_runtime_call_wasm(wasm_runtime_get_exec_env_singleton(inst), wasm_runtime_lookup_function(inst, name), argc, argv);
}

int main(void) {
  CHECK(wasm_runtime_init());
  /* without a reader nothing is found: the imports stay unlinked */
  wasm_module_t early = load("mm_main.wasm");
  CHECK(early != NULL);
  CHECK(wasm_runtime_find_module_registered("mm_dep") == NULL);

  wasm_runtime_set_module_reader(reader, destroyer);
  wasm_module_t main_mod = load("mm_main.wasm");
  CHECK(main_mod != NULL);
  CHECK_EQ_INT(reads, 1);
  CHECK_EQ_INT(frees, 1); /* the bytes are given back once loaded */
  wasm_module_t dep = wasm_runtime_find_module_registered("mm_dep");
  CHECK(dep != NULL);
  CHECK(wasm_runtime_find_module_registered("mm_main") == NULL);

  char err[128];
  wasm_module_inst_t a = wasm_runtime_instantiate(main_mod, 16 * 1024, 0, err, sizeof err);
  wasm_module_inst_t b = wasm_runtime_instantiate(main_mod, 16 * 1024, 0, err, sizeof err);
  CHECK(a != NULL && b != NULL);
  uint32_t argv[2] = {21};
  CHECK(call(a, "call_twice", argv, 1) && argv[0] == 42);
  /* each instance has its own copy of mm_dep: its global moves alone */
  CHECK(call(a, "call_bump", argv, 0) && argv[0] == 101);
  CHECK(call(a, "call_bump", argv, 0) && argv[0] == 102);
  CHECK(call(a, "counter", argv, 0) && argv[0] == 102);
  CHECK(call(b, "counter", argv, 0) && argv[0] == 100);
  /* an import mm_dep does not export: unlinked, the call traps */
  CHECK(!call(a, "call_nothere", argv, 0));
  CHECK(strcmp(wasm_runtime_get_exception(a), "Exception: failed to call unlinked import function (mm_dep, nothere)") == 0);

  /* the module loaded before the reader was set found nothing: its global import cannot
   * be linked, so it does not instantiate */
  wasm_module_inst_t c = wasm_runtime_instantiate(early, 16 * 1024, 0, err, sizeof err);
  CHECK(c == NULL);
  CHECK(strstr(err, "(mm_dep, counter)") != NULL);
  if (!strstr(err, "(mm_dep, counter)")) fprintf(stderr, "  error: %s\n", err);

  /* registering: by name; the same module again is fine, another under a taken name is not */
  CHECK(wasm_runtime_register_module("mine", main_mod, err, sizeof err));
  CHECK(wasm_runtime_find_module_registered("mine") == main_mod);
  CHECK(wasm_runtime_register_module("mine", main_mod, err, sizeof err));
  CHECK(!wasm_runtime_register_module("mine", early, err, sizeof err));
  CHECK(strstr(err, "registered") != NULL);
  CHECK(!wasm_runtime_register_module(NULL, main_mod, err, sizeof err));
  CHECK(wasm_runtime_find_module_registered(NULL) == NULL);

  /* a module importing from itself: refused, unlinked; a failing reader: unlinked */
  wasm_module_t cyc = load("mm_cycle.wasm");
  CHECK(cyc != NULL);
  wasm_module_inst_t ci = wasm_runtime_instantiate(cyc, 16 * 1024, 0, err, sizeof err);
  CHECK(ci != NULL && !call(ci, "call_f", argv, 0));
  fail_reads = 1;
  int before = reads;
  wasm_module_t cyc2 = load("mm_absent.wasm");
  CHECK(cyc2 != NULL && reads == before + 1);
  wasm_module_inst_t ai = wasm_runtime_instantiate(cyc2, 16 * 1024, 0, err, sizeof err);
  CHECK(ai != NULL && !call(ai, "call_f", argv, 0));
  CHECK(wasm_runtime_find_module_registered("mm_nowhere") == NULL);
  wasm_runtime_deinstantiate(ai);

  wasm_runtime_deinstantiate(ci);
  wasm_runtime_deinstantiate(b);
  wasm_runtime_deinstantiate(a);
  wasm_runtime_unload(cyc2);
  wasm_runtime_unload(cyc);
  wasm_runtime_unload(early);
  wasm_runtime_unload(main_mod); /* still registered: kept until destroy */
  CHECK(wasm_runtime_find_module_registered("mine") != NULL);
  wasm_runtime_destroy();
  return test_summary();
}
