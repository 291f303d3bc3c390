/* wasm_export.h, the core: runtime init/destroy (counted), load/unload with errors in
 * error_buf, instantiate/deinstantiate, lookup_function and its signature, exec envs,
 * wasm_runtime_call_wasm (cells: i64/f64 in two, results written back) and _call_wasm_a,
 * and the instance's exception (set by traps and bad calls, cleared, set by the host).
 * Built against our header and WAMR's. */
#include "wasm_export.h"
#include "testlib.h"

static uint8_t *read_all(const char *name, uint32_t *size) {
  wasm_byte_vec_t v;
  load_wasm(name, &v);
  uint8_t *buf = malloc(v.size);
  memcpy(buf, v.data, v.size);
  *size = (uint32_t)v.size;
  wasm_byte_vec_delete(&v);
  return buf;
}

static void test_load_errors(void) {
  char err[128] = "untouched";
  uint8_t junk[8] = {0, 'a', 's', 'm', 9, 9, 9, 9};
  CHECK(wasm_runtime_load(junk, sizeof junk, err, sizeof err) == NULL);
  CHECK(strncmp(err, "WASM module load failed", 23) == 0);
  /* the message is cut to fit, NUL-terminated */
  char tiny[8];
  memset(tiny, 'x', sizeof tiny);
  CHECK(wasm_runtime_load(junk, sizeof junk, tiny, sizeof tiny) == NULL);
  CHECK_EQ_INT((int)strlen(tiny), 7);
  CHECK(wasm_runtime_load(NULL, 0, NULL, 0) == NULL);
  wasm_runtime_unload(NULL);
  wasm_runtime_deinstantiate(NULL);
  char err2[128];
  CHECK(wasm_runtime_instantiate(NULL, 0, 0, err2, sizeof err2) == NULL);
}

static void test_calls(wasm_module_inst_t inst) {
  wasm_exec_env_t env = wasm_runtime_create_exec_env(inst, 64 * 1024);
  CHECK(env != NULL);
  CHECK(wasm_runtime_get_module_inst(env) == inst);
  int marker;
  wasm_runtime_set_user_data(env, &marker);
  CHECK(wasm_runtime_get_user_data(env) == &marker);

  /* the start function ran */
  wasm_function_inst_t started = wasm_runtime_lookup_function(inst, "started");
  uint32_t argv[4] = {0};
  CHECK(started && wasm_runtime_call_wasm(env, started, 0, argv));
  CHECK_EQ_INT(argv[0], 1);

  wasm_function_inst_t add = wasm_runtime_lookup_function(inst, "add");
  CHECK(add != NULL);
  CHECK(wasm_runtime_lookup_function(inst, "nope") == NULL);
  CHECK(wasm_runtime_lookup_function(inst, "memory") == NULL); /* not a function */
  CHECK_EQ_INT(wasm_func_get_param_count(add, inst), 2);
  CHECK_EQ_INT(wasm_func_get_result_count(add, inst), 1);
  argv[0] = 40, argv[1] = (uint32_t)-2;
  CHECK(wasm_runtime_call_wasm(env, add, 2, argv));
  CHECK_EQ_INT((int32_t)argv[0], 38);

  /* i64 and f64 take two cells each, low half first */
  wasm_function_inst_t mix = wasm_runtime_lookup_function(inst, "mix");
  wasm_valkind_t kinds[3];
  wasm_func_get_param_types(mix, inst, kinds);
  CHECK(kinds[0] == WASM_I64 && kinds[1] == WASM_F64 && kinds[2] == WASM_F32);
  wasm_func_get_result_types(mix, inst, kinds);
  CHECK(kinds[0] == WASM_F64);
  uint32_t cells[5];
  int64_t a = -5000000000LL;
  double b = 0.25;
  float c = 1.5f;
  memcpy(&cells[0], &a, 8);
  memcpy(&cells[2], &b, 8);
  memcpy(&cells[4], &c, 4);
  CHECK(wasm_runtime_call_wasm(env, mix, 5, cells));
  double r;
  memcpy(&r, cells, 8);
  CHECK(r == -5000000000.0 + 0.25 + 1.5);

  /* too few cells: no call, an exception naming the count */
  CHECK(!wasm_runtime_call_wasm(env, mix, 4, cells));
  CHECK(strcmp(wasm_runtime_get_exception(inst), "Exception: invalid argument count 4, must be no smaller than 5") == 0);
  wasm_runtime_clear_exception(inst);

  /* call_wasm_a: values in, values out; two results */
  wasm_function_inst_t swap = wasm_runtime_lookup_function(inst, "swap");
  wasm_val_t args[2] = {{.kind = WASM_I64, .of.i64 = 77}, {.kind = WASM_F32, .of.f32 = 2.5f}};
  wasm_val_t res[2];
  CHECK(wasm_runtime_call_wasm_a(env, swap, 2, res, 2, args));
  CHECK(res[0].kind == WASM_F32 && res[0].of.f32 == 2.5f);
  CHECK(res[1].kind == WASM_I64 && res[1].of.i64 == 77);
  /* wrong counts and wrong kinds fail */
  CHECK(!wasm_runtime_call_wasm_a(env, swap, 1, res, 2, args));
  CHECK(!wasm_runtime_call_wasm_a(env, swap, 2, res, 1, args));
  args[0].kind = WASM_I32;
  CHECK(!wasm_runtime_call_wasm_a(env, swap, 2, res, 2, args));
  CHECK(strcmp(wasm_runtime_get_exception(inst), "Exception: the arguments conversion is failed") == 0);
  wasm_runtime_clear_exception(inst);

  /* a trap: false, the exception in WAMR's words. As in WAMR it stays until cleared:
   * the next call runs (its result is written) but reports false */
  wasm_function_inst_t div = wasm_runtime_lookup_function(inst, "div");
  argv[0] = 7, argv[1] = 0;
  CHECK(!wasm_runtime_call_wasm(env, div, 2, argv));
  CHECK(strcmp(wasm_runtime_get_exception(inst), "Exception: integer divide by zero") == 0);
  argv[0] = 7, argv[1] = 2;
  CHECK(!wasm_runtime_call_wasm(env, div, 2, argv));
  CHECK_EQ_INT(argv[0], 3);
  CHECK(strcmp(wasm_runtime_get_exception(inst), "Exception: integer divide by zero") == 0);
  wasm_runtime_clear_exception(inst);
  argv[0] = 9, argv[1] = 2;
  CHECK(wasm_runtime_call_wasm(env, div, 2, argv));
  CHECK_EQ_INT(argv[0], 4);
  CHECK(wasm_runtime_get_exception(inst) == NULL);

  /* the host sets and clears the exception */
  wasm_runtime_set_exception(inst, "host says no");
  CHECK(strcmp(wasm_runtime_get_exception(inst), "Exception: host says no") == 0);
  wasm_runtime_clear_exception(inst);
  CHECK(wasm_runtime_get_exception(inst) == NULL);

  /* NULL handles: failure values */
  CHECK(!wasm_runtime_call_wasm(NULL, add, 2, argv));
  CHECK(!wasm_runtime_call_wasm(env, NULL, 2, argv));
  CHECK(strcmp(wasm_runtime_get_exception(inst), "Exception: invalid function") == 0);
  wasm_runtime_clear_exception(inst);
  CHECK(wasm_runtime_create_exec_env(NULL, 1024) == NULL);
  CHECK(wasm_runtime_get_module_inst(NULL) == NULL);
  wasm_runtime_destroy_exec_env(env);

  /* the singleton: the same each time, and it calls */
  wasm_exec_env_t one = wasm_runtime_get_exec_env_singleton(inst);
  CHECK(one != NULL && one == wasm_runtime_get_exec_env_singleton(inst));
  argv[0] = 1, argv[1] = 2;
  CHECK(wasm_runtime_call_wasm(one, add, 2, argv) && argv[0] == 3);
}

/* A function of one instance called on another's exec env: refused. */
static void test_foreign_function(wasm_module_t module, wasm_module_inst_t inst) {
  char err[128];
  wasm_module_inst_t other = wasm_runtime_instantiate(module, 8192, 0, err, sizeof err);
  CHECK(other != NULL);
  wasm_function_inst_t theirs = wasm_runtime_lookup_function(other, "add");
  wasm_exec_env_t env = wasm_runtime_create_exec_env(inst, 8192);
  uint32_t argv[2] = {1, 2};
  CHECK(!wasm_runtime_call_wasm(env, theirs, 2, argv));
  CHECK(wasm_runtime_get_exception(inst) != NULL);
  wasm_runtime_clear_exception(inst);
  CHECK_EQ_INT(wasm_func_get_param_count(theirs, inst), 0);
  wasm_runtime_destroy_exec_env(env);
  wasm_runtime_deinstantiate(other);
}

int main(void) {
  /* before init nothing loads */
  uint32_t size;
  uint8_t *bin = read_all("export_basic.wasm", &size);
  char early[128] = "";
  CHECK(wasm_runtime_load(bin, size, early, sizeof early) == NULL);
  CHECK(strncmp(early, "WASM module load failed", 23) == 0);
  CHECK(wasm_runtime_init());
  CHECK(wasm_runtime_init()); /* counted */
  wasm_runtime_destroy();
  test_load_errors();
  char err[128];
  wasm_module_t module = wasm_runtime_load(bin, size, err, sizeof err);
  CHECK(module != NULL);
  memset(bin, 0, size); /* the runtime keeps its own copy */
  wasm_module_inst_t inst = wasm_runtime_instantiate(module, 16 * 1024, 0, err, sizeof err);
  CHECK(inst != NULL);
  CHECK(wasm_runtime_get_module(inst) == module);
  int data;
  wasm_runtime_set_custom_data(inst, &data);
  CHECK(wasm_runtime_get_custom_data(inst) == &data);
  test_calls(inst);
  test_foreign_function(module, inst);
  /* the module may go before its instance */
  wasm_runtime_unload(module);
  wasm_function_inst_t add = wasm_runtime_lookup_function(inst, "add");
  uint32_t argv[2] = {20, 22};
  CHECK(wasm_runtime_call_wasm(wasm_runtime_get_exec_env_singleton(inst), add, 2, argv) && argv[0] == 42);
  wasm_runtime_deinstantiate(inst);
  wasm_runtime_destroy();
  free(bin);
  return test_summary();
}
