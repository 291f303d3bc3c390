/* wasm_export.h natives: registered with signature strings (i I f F * ~ $), raw ones,
 * resolution at load time (later registrations shadow earlier ones, `_name` finds
 * `name`, a signature that does not fit leaves the import unlinked), the exec env,
 * attachments, natives calling back into wasm, natives setting the exception, and
 * pointers out of bounds. Built against our header and WAMR's. */
#include "wasm_export.h"
#include "testlib.h"

static wasm_module_inst_t the_inst;

static int32_t add2(wasm_exec_env_t env, int32_t a, int32_t b) { return a + b; }
static int32_t add2_other(wasm_exec_env_t env, int32_t a, int32_t b) { return a * b; }
static void fill(wasm_exec_env_t env, uint8_t *buf, int32_t len, int32_t byte) { memset(buf, byte, (size_t)len); }
static int32_t length(wasm_exec_env_t env, const char *s) { return (int32_t)strlen(s); }
static double wide(wasm_exec_env_t env, int64_t a, double b, float c) { return (double)a + b + c; }
static int32_t under(wasm_exec_env_t env) { return 77; }
static void refuse(wasm_exec_env_t env) {
  wasm_runtime_set_exception(wasm_runtime_get_module_inst(env), "refused by the host");
}
static int64_t mismatch(wasm_exec_env_t env, int64_t a) { return a; }
static int32_t reenter(wasm_exec_env_t env, int32_t n) {
  wasm_module_inst_t inst = wasm_runtime_get_module_inst(env);
  uint32_t argv[1] = {(uint32_t)n};
  if (!wasm_runtime_call_wasm(env, wasm_runtime_lookup_function(inst, "twice"), 1, argv)) return -1;
  return (int32_t)argv[0] + 1;
}
static int attached;
static int32_t whoami(wasm_exec_env_t env) {
  return (wasm_runtime_get_function_attachment(env) == &attached) * 10 + (wasm_runtime_get_module_inst(env) == the_inst);
}
static void sum3(wasm_exec_env_t env, uint64_t *args) {
  int32_t a = (int32_t)args[0];
  int64_t b = (int64_t)args[1];
  int32_t c = (int32_t)args[2];
  *(int64_t *)args = a + b + c;
}

static NativeSymbol env_natives[] = {
    {"add2", (void *)add2, "(ii)i", NULL},
    {"fill", (void *)fill, "(*~i)", NULL},
    {"length", (void *)length, "($)i", NULL},
    {"wide", (void *)wide, "(IFf)F", NULL},
    {"under", (void *)under, "()i", NULL},
    {"refuse", (void *)refuse, "()", NULL},
    {"mismatch", (void *)mismatch, "(I)I", NULL},
    {"reenter", (void *)reenter, "(i)i", NULL},
    {"whoami", (void *)whoami, "()i", &attached},
};
static NativeSymbol shadow[] = {{"add2", (void *)add2_other, "(ii)i", NULL}};
static NativeSymbol raw_natives[] = {{"sum3", (void *)sum3, "(iIi)I", NULL}};

static wasm_module_t load(uint8_t *bin, uint32_t size) {
  char err[128];
  wasm_module_t m = wasm_runtime_load(bin, size, err, sizeof err);
  CHECK(m != NULL);
  return m;
}

static int32_t call_i32(wasm_module_inst_t inst, const char *name, uint32_t argc, uint32_t *argv, bool *ok) {
  wasm_exec_env_t env = wasm_runtime_get_exec_env_singleton(inst);
  *ok = wasm_runtime_call_wasm(env, wasm_runtime_lookup_function(inst, name), argc, argv);
  return (int32_t)argv[0];
}

int main(void) {
  wasm_byte_vec_t v;
  load_wasm("export_natives.wasm", &v);
  uint8_t *bin = (uint8_t *)v.data;
  uint32_t size = (uint32_t)v.size;
  RuntimeInitArgs init;
  memset(&init, 0, sizeof init);
  init.mem_alloc_type = Alloc_With_System_Allocator;
  init.native_module_name = "env";
  init.native_symbols = env_natives;
  init.n_native_symbols = sizeof env_natives / sizeof *env_natives;
  CHECK(wasm_runtime_full_init(&init));
  CHECK(wasm_runtime_register_natives_raw("raw", raw_natives, 1));
  CHECK(!wasm_runtime_register_natives(NULL, env_natives, 1));

  wasm_module_t module = load(bin, size);
  char err[128];
  wasm_module_inst_t inst = wasm_runtime_instantiate(module, 64 * 1024, 0, err, sizeof err);
  CHECK(inst != NULL);
  the_inst = inst;
  bool ok;
  uint32_t argv[4];

  argv[0] = 40, argv[1] = 2;
  CHECK(call_i32(inst, "call_add2", 2, argv, &ok) == 42 && ok);
  argv[0] = 200, argv[1] = 16, argv[2] = 0x5a;
  CHECK(call_i32(inst, "call_fill", 3, argv, &ok) == 0x5a && ok);
  argv[0] = 100;
  CHECK(call_i32(inst, "call_length", 1, argv, &ok) == 14 && ok);
  CHECK(call_i32(inst, "call_under", 0, argv, &ok) == 77 && ok);
  argv[0] = 5;
  CHECK(call_i32(inst, "call_reenter", 1, argv, &ok) == 11 && ok);
  CHECK(call_i32(inst, "call_whoami", 0, argv, &ok) == 11 && ok);
  CHECK(call_i32(inst, "call_wide", 0, argv, &ok) || ok);
  double d;
  memcpy(&d, argv, 8);
  CHECK(ok && d == -3 + 0.5 + 2.25);
  call_i32(inst, "call_sum3", 0, argv, &ok);
  int64_t s;
  memcpy(&s, argv, 8);
  CHECK(ok && s == -1 + 5000000000LL + 7);

  /* negative: the native's exception becomes the call's */
  call_i32(inst, "call_refuse", 0, argv, &ok);
  CHECK(!ok);
  CHECK(strcmp(wasm_runtime_get_exception(inst), "Exception: refused by the host") == 0);
  wasm_runtime_clear_exception(inst);
  /* a signature that does not fit the import: unlinked, the call traps */
  call_i32(inst, "call_mismatch", 0, argv, &ok);
  CHECK(!ok);
  CHECK(strcmp(wasm_runtime_get_exception(inst),
               "Exception: failed to call unlinked import function (env, mismatch)") == 0);
  wasm_runtime_clear_exception(inst);
  /* pointers checked against the memory: a buffer past its end, a string with no NUL */
  argv[0] = 65536 - 8, argv[1] = 16, argv[2] = 1;
  call_i32(inst, "call_fill", 3, argv, &ok);
  CHECK(!ok);
  CHECK(strcmp(wasm_runtime_get_exception(inst), "Exception: out of bounds memory access") == 0);
  wasm_runtime_clear_exception(inst); /* as in WAMR, it stays until cleared */
  argv[0] = 200, argv[1] = 65536 - 200, argv[2] = 'x'; /* the rest of memory, no NUL */
  CHECK(call_i32(inst, "call_fill", 3, argv, &ok) == 'x' && ok);
  argv[0] = 200;
  call_i32(inst, "call_length", 1, argv, &ok);
  CHECK(!ok);
  CHECK(strcmp(wasm_runtime_get_exception(inst), "Exception: out of bounds memory access") == 0);
  wasm_runtime_clear_exception(inst);

  /* a later registration shadows; a module loaded before it keeps what it resolved */
  CHECK(wasm_runtime_register_natives("env", shadow, 1));
  wasm_module_t module2 = load(bin, size);
  wasm_module_inst_t inst2 = wasm_runtime_instantiate(module2, 64 * 1024, 0, err, sizeof err);
  argv[0] = 6, argv[1] = 7;
  CHECK(call_i32(inst2, "call_add2", 2, argv, &ok) == 42 && ok);
  argv[0] = 6, argv[1] = 7;
  CHECK(call_i32(inst, "call_add2", 2, argv, &ok) == 13 && ok);
  /* unregistering: only that array, once */
  CHECK(wasm_runtime_unregister_natives("env", shadow));
  CHECK(!wasm_runtime_unregister_natives("env", shadow));
  CHECK(!wasm_runtime_unregister_natives("other", env_natives));
  wasm_module_t module3 = load(bin, size);
  wasm_module_inst_t inst3 = wasm_runtime_instantiate(module3, 64 * 1024, 0, err, sizeof err);
  argv[0] = 6, argv[1] = 7;
  CHECK(call_i32(inst3, "call_add2", 2, argv, &ok) == 13 && ok);

  wasm_runtime_deinstantiate(inst3);
  wasm_runtime_deinstantiate(inst2);
  wasm_runtime_deinstantiate(inst);
  wasm_runtime_unload(module3);
  wasm_runtime_unload(module2);
  wasm_runtime_unload(module);
  wasm_runtime_destroy();
  wasm_byte_vec_delete(&v);
  return test_summary();
}
