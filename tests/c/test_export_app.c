/* wasm_export.h's application functions, which run an app as WAMR's iwasm does
 * (wasm: export_app_*.wat). Covered, each with what must fail as well as what must work:
 * - wasm_application_execute_main: main(argc, argv) gets its argument strings on the
 *   app heap (4-byte aligned argv, freed afterwards: a hundred runs fit in a small
 *   heap), its result copied into argv[0] as WAMR does; argc 0 with argv NULL; main
 *   without a result (argv untouched); main trapping; __main_argc_argv taken before
 *   _main when there is no main; a _main without parameters; arguments larger than the
 *   heap and no heap at all ("allocate memory failed"); a main of the wrong type ("invalid
 *   function type of main function"); no entry point ("lookup the entry point symbol
 *   ... failed"); a main that is an imported native ("lookup main function failed");
 * - WASI: _start taken before main, proc_exit(5) is success with no exception and exit
 *   code 5 (wasm_runtime_get_wasi_exit_code; 0 for a non-WASI instance), a later
 *   proc_exit's code replaces it, _start returning, _start trapping;
 *   wasm_runtime_is_wasi_mode; wasm_runtime_lookup_wasi_start_function; the loader
 *   refusing a _start of the wrong type and a WASI module not exporting its memory;
 * - wasm_application_execute_func: i32/i64/f32/f64 arguments parsed as WAMR does (hex,
 *   octal, negative, "1.5", "1e3", a trailing '_', "-nan", "nan:0x200000"), results
 *   printed on stdout (captured here) as "0x2a:i32", "0x...:i64", "%.7g:f32", "%.7g:f64",
 *   several comma-separated, then a newline (a lone newline for none; a null funcref:
 *   "func:ref.null"); a wrong argument count, unparsable and empty arguments, unknown
 *   functions and a trap fail with WAMR's exceptions, printing nothing;
 * - wasm_runtime_set_log_level: the runtime's warning for a failed app heap allocation
 *   shows at WARNING and VERBOSE, not at ERROR; at FATAL nothing shows.
 * Built against our header and WAMR's. Build with -DREAL_WAMR to run against WAMR itself,
 * which does not check for NULL arguments. */
#include "wasm_export.h"
#include "testlib.h"

/* The instance's exception is `expected` (NULL: none); then it is cleared. */
#define CHECK_EXCEPTION(inst, expected)                                                   \
  do {                                                                                    \
    const char *tl_x = wasm_runtime_get_exception(inst), *tl_w = (expected);              \
    if (tl_w ? (tl_x && strcmp(tl_x, tl_w) == 0) : tl_x == NULL) {                        \
      tl_passed++;                                                                        \
    } else {                                                                              \
      tl_failed++;                                                                        \
      fprintf(stderr, "%s:%d: the exception is \"%s\", expected \"%s\"\n", __FILE__, __LINE__, \
              tl_x ? tl_x : "(none)", tl_w ? tl_w : "(none)");                            \
    }                                                                                     \
    wasm_runtime_clear_exception(inst);                                                   \
  } while (0)

/* ---- apps ---- */

/* A loaded module (its bytes: WAMR's loader writes into them and keeps them) and an
 * instance of it. */
typedef struct {
  uint8_t *bytes;
  wasm_module_t module;
  wasm_module_inst_t inst;
} app_t;

/* Loads $WASM_DIR/<name> (read with plain stdio: WAMR's wasm_byte_vec_* need its
 * runtime); the module, or NULL with the reason in `err`. */
static wasm_module_t try_load(const char *name, uint8_t **bytes, char *err, uint32_t err_size) {
  const char *dir = getenv("WASM_DIR");
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", dir ? dir : "build/wasm", name);
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "cannot open %s\n", path);
    exit(2);
  }
  fseek(f, 0, SEEK_END);
  uint32_t size = (uint32_t)ftell(f);
  fseek(f, 0, SEEK_SET);
  *bytes = malloc(size);
  if (fread(*bytes, 1, size, f) != size) exit(2);
  fclose(f);
  return wasm_runtime_load(*bytes, size, err, err_size);
}

/* try_load, then an instance with an app heap of `heap` bytes; exits on failure. */
static app_t open_app(const char *name, uint32_t heap) {
  char err[128];
  app_t a;
  a.module = try_load(name, &a.bytes, err, sizeof err);
  if (!a.module) {
    fprintf(stderr, "cannot load %s: %s\n", name, err);
    exit(2);
  }
  a.inst = wasm_runtime_instantiate(a.module, 64 * 1024, heap, err, sizeof err);
  if (!a.inst) {
    fprintf(stderr, "cannot instantiate %s: %s\n", name, err);
    exit(2);
  }
  return a;
}

static void close_app(app_t *a) {
  wasm_runtime_deinstantiate(a->inst);
  wasm_runtime_unload(a->module);
  free(a->bytes);
}

static char *mem(wasm_module_inst_t inst, uint32_t off) { return (char *)wasm_runtime_addr_app_to_native(inst, off); }

static int32_t load32(wasm_module_inst_t inst, uint32_t off) {
  int32_t v;
  memcpy(&v, mem(inst, off), 4);
  return v;
}

/* Calls export `name` with one i32 argument. */
static bool call1(wasm_module_inst_t inst, const char *name, int32_t arg) {
  uint32_t argv[1] = {(uint32_t)arg};
  return wasm_runtime_call_wasm(wasm_runtime_get_exec_env_singleton(inst), wasm_runtime_lookup_function(inst, name), 1,
                                argv);
}

/* ---- execute_main ---- */

static void test_main(void) {
  app_t a = open_app("export_app_main.wasm", 8192);
  wasm_module_inst_t inst = a.inst;
  char prog[] = "prog", hello[] = "hello", world[] = "w\xc3\xb6rld";
  char *argv[3] = {prog, hello, world};
  CHECK(wasm_application_execute_main(inst, 3, argv));
  CHECK_EXCEPTION(inst, NULL);
  /* main's result goes into argv[0], as WAMR writes it: an int over the pointer */
  CHECK_EQ_INT(*(int32_t *)argv, 3 * 1000 + 4 + 5 + 6);
  CHECK(argv[1] == hello && argv[2] == world);
  CHECK_EQ_INT(load32(inst, 0x10), 3);
  CHECK(memcmp(mem(inst, 0x100), "prog\0hello\0w\xc3\xb6rld\0", 18) == 0);
  uint32_t argv_off = (uint32_t)load32(inst, 0x14);
  CHECK(argv_off % 4 == 0 && wasm_runtime_validate_app_addr(inst, argv_off, 12));

  /* the argument buffer is freed after each run: a hundred runs of 1000 bytes fit in a
   * heap smaller than all of them */
  static char big[1001];
  memset(big, 'b', 1000);
  int good = 0;
  for (int i = 0; i < 100; i++) {
    char *one[1] = {big};
    if (wasm_application_execute_main(inst, 1, one) && *(int32_t *)one == 1000 + 1000) good++;
  }
  CHECK_EQ_INT(good, 100);

  /* no arguments: argc 0, argv NULL, nothing written back */
  memset(mem(inst, 0x10), 0x77, 4);
  CHECK(wasm_application_execute_main(inst, 0, NULL));
  CHECK_EXCEPTION(inst, NULL);
  CHECK_EQ_INT(load32(inst, 0x10), 0);

  /* negative: arguments larger than the app heap */
  static char huge[70001];
  memset(huge, 'h', 70000);
  char *too_big[1] = {huge};
  wasm_runtime_set_log_level(WASM_LOG_LEVEL_ERROR); /* WAMR warns about the allocation */
  CHECK(!wasm_application_execute_main(inst, 1, too_big));
  wasm_runtime_set_log_level(WASM_LOG_LEVEL_WARNING);
  CHECK_EXCEPTION(inst, "Exception: allocate memory failed");
  CHECK(too_big[0] == huge);
  close_app(&a);

  /* negative: no app heap at all */
  a = open_app("export_app_main.wasm", 0);
  char *one[1] = {prog};
  wasm_runtime_set_log_level(WASM_LOG_LEVEL_ERROR);
  CHECK(!wasm_application_execute_main(a.inst, 1, one));
  wasm_runtime_set_log_level(WASM_LOG_LEVEL_WARNING);
  CHECK_EXCEPTION(a.inst, "Exception: allocate memory failed");
  CHECK(one[0] == prog);
  close_app(&a);
}

static void test_other_entry_points(void) {
  char x[] = "x", y[] = "y";
  /* no main: __main_argc_argv, before _main */
  app_t a = open_app("export_app_argc.wasm", 8192);
  char *argv[2] = {x, y};
  CHECK(wasm_application_execute_main(a.inst, 2, argv));
  CHECK_EQ_INT(*(int32_t *)argv, 102);
  close_app(&a);

  /* only _main: run without arguments, its result still copied */
  a = open_app("export_app_main0.wasm", 0);
  CHECK(wasm_runtime_lookup_wasi_start_function(a.inst) == NULL);
  char *one[1] = {x};
  CHECK(wasm_application_execute_main(a.inst, 1, one));
  CHECK_EXCEPTION(a.inst, NULL);
  CHECK_EQ_INT(*(int32_t *)one, 7);
  CHECK(wasm_application_execute_main(a.inst, 0, NULL));
  close_app(&a);

  /* main without a result: argv is left alone; main trapping */
  a = open_app("export_app_void.wasm", 8192);
  char *two[2] = {x, y};
  CHECK(wasm_application_execute_main(a.inst, 2, two));
  CHECK_EXCEPTION(a.inst, NULL);
  CHECK(two[0] == x && two[1] == y);
  CHECK_EQ_INT(load32(a.inst, 0x10), 2);
  char *three[3] = {x, y, x};
  CHECK(!wasm_application_execute_main(a.inst, 3, three));
  CHECK_EXCEPTION(a.inst, "Exception: unreachable");
  CHECK(three[0] == x);
  close_app(&a);

  /* negative: a main of the wrong type; no entry point */
  a = open_app("export_app_badmain.wasm", 8192);
  capture_begin(true); /* WAMR logs an error as well */
  bool ran = wasm_application_execute_main(a.inst, 1, one);
  capture_end();
  CHECK(!ran);
  CHECK_EXCEPTION(a.inst, "Exception: invalid function type of main function");
  close_app(&a);
  a = open_app("export_app_none.wasm", 8192);
  CHECK(!wasm_application_execute_main(a.inst, 0, NULL));
  CHECK_EXCEPTION(a.inst, "Exception: lookup the entry point symbol (like _start, main, _main, __main_argc_argv) failed");
  close_app(&a);
}

static int answered;
static int32_t answer(wasm_exec_env_t env) {
  answered++;
  return 42;
}
static NativeSymbol answer_native[] = {{"answer", (void *)answer, "()i", NULL}};

/* negative: "main" is an import (a native) exported again: not an entry point */
static void test_imported_main(void) {
  CHECK(wasm_runtime_register_natives("env", answer_native, 1));
  app_t a = open_app("export_app_import.wasm", 8192);
  char x[] = "x";
  char *one[1] = {x};
  CHECK(!wasm_application_execute_main(a.inst, 1, one));
  CHECK_EXCEPTION(a.inst, "Exception: lookup main function failed");
  CHECK_EQ_INT(answered, 0);
  CHECK(one[0] == x);
  close_app(&a);
  CHECK(wasm_runtime_unregister_natives("env", answer_native));
}

static void test_wasi(void) {
  app_t w = open_app("export_app_wasi.wasm", 0);
  app_t plain = open_app("export_app_main.wasm", 8192);
  CHECK(wasm_runtime_is_wasi_mode(w.inst));
  CHECK(!wasm_runtime_is_wasi_mode(plain.inst));
  wasm_function_inst_t start = wasm_runtime_lookup_wasi_start_function(w.inst);
  CHECK(start != NULL && start == wasm_runtime_lookup_function(w.inst, "_start"));
  CHECK(wasm_runtime_lookup_wasi_start_function(plain.inst) == NULL);

  /* proc_exit(5): success, no exception, exit code 5 (_start ran, not main); then
   * proc_exit(42) */
  CHECK_EQ_INT(wasm_runtime_get_wasi_exit_code(w.inst), 0);
  char x[] = "x";
  char *one[1] = {x};
  CHECK(wasm_application_execute_main(w.inst, 1, one));
  CHECK_EXCEPTION(w.inst, NULL);
  CHECK_EQ_INT(wasm_runtime_get_wasi_exit_code(w.inst), 5);
  CHECK_EQ_INT(load32(w.inst, 0x10), 0);
  CHECK(one[0] == x);
  CHECK(call1(w.inst, "set_code", 42));
  CHECK(wasm_application_execute_main(w.inst, 0, NULL));
  CHECK_EQ_INT(wasm_runtime_get_wasi_exit_code(w.inst), 42);
  CHECK_EQ_INT(wasm_runtime_get_wasi_exit_code(plain.inst), 0);
  close_app(&w);

  /* _start returning: success, exit code 0 */
  w = open_app("export_app_wasi.wasm", 0);
  CHECK(call1(w.inst, "set_code", -1));
  CHECK(wasm_application_execute_main(w.inst, 0, NULL));
  CHECK_EXCEPTION(w.inst, NULL);
  CHECK_EQ_INT(wasm_runtime_get_wasi_exit_code(w.inst), 0);
  /* _start trapping: failure with the trap's exception */
  CHECK(call1(w.inst, "set_code", 99));
  CHECK(!wasm_application_execute_main(w.inst, 0, NULL));
  CHECK_EXCEPTION(w.inst, "Exception: unreachable");
  close_app(&w);
  close_app(&plain);
}

/* WAMR's loader refuses what cannot be a WASI command: a _start that is not
 * [] -> [], a WASI module that does not export its memory */
static void test_wasi_abi(void) {
  uint8_t *bytes;
  char err[128] = "";
  wasm_module_t m = try_load("export_app_badstart.wasm", &bytes, err, sizeof err);
  CHECK(m == NULL);
  CHECK_STR(err, "WASM module load failed: the signature of builtin _start function is wrong");
  if (m) {
    /* loaded all the same: its _start must not be taken for WASI's */
    wasm_module_inst_t inst = wasm_runtime_instantiate(m, 64 * 1024, 0, err, sizeof err);
    wasm_runtime_set_log_level(WASM_LOG_LEVEL_FATAL);
    CHECK(inst && wasm_runtime_lookup_wasi_start_function(inst) == NULL);
    wasm_runtime_set_log_level(WASM_LOG_LEVEL_WARNING);
    wasm_runtime_deinstantiate(inst);
    wasm_runtime_unload(m);
  }
  free(bytes);
  strcpy(err, "");
  m = try_load("export_app_wasi_nomem.wasm", &bytes, err, sizeof err);
  CHECK(m == NULL);
  CHECK_STR(err, "WASM module load failed: a module with WASI apis must export memory by default");
  if (m) wasm_runtime_unload(m);
  free(bytes);
}

/* ---- execute_func ---- */

static wasm_module_inst_t func_inst;

/* wasm_application_execute_func(name, args) with stdout captured: whether it succeeded,
 * and `expected_out` is what it printed (the exception is cleared afterwards). */
static bool run_func(int line, const char *name, int argc, const char *a0, const char *a1, const char *a2,
                     const char *a3, const char *expected_out) {
  char *argv[4] = {(char *)a0, (char *)a1, (char *)a2, (char *)a3};
  capture_begin(false);
  bool ran = wasm_application_execute_func(func_inst, name, argc, argv);
  const char *out = capture_end();
  if (strcmp(out, expected_out) == 0) {
    tl_passed++;
  } else {
    tl_failed++;
    fprintf(stderr, "%s:%d: execute_func(%s) printed \"%s\", expected \"%s\" (exception: %s)\n", __FILE__, line, name,
            out, expected_out, wasm_runtime_get_exception(func_inst) ? wasm_runtime_get_exception(func_inst) : "none");
  }
  return ran;
}
#define RUN0(name, out) run_func(__LINE__, name, 0, NULL, NULL, NULL, NULL, out)
#define RUN1(name, a, out) run_func(__LINE__, name, 1, a, NULL, NULL, NULL, out)
#define RUN2(name, a, b, out) run_func(__LINE__, name, 2, a, b, NULL, NULL, out)
#define RUN4(name, a, b, c, d, out) run_func(__LINE__, name, 4, a, b, c, d, out)

static void test_execute_func(void) {
  app_t a = open_app("export_app_main.wasm", 8192);
  func_inst = a.inst;
  /* i32: base 0 (hex, octal), negative, as strtoul reads them */
  CHECK(RUN2("add", "0x10", "-3", "0xd:i32\n"));
  CHECK_EXCEPTION(func_inst, NULL);
  CHECK(RUN2("add", "010", "1", "0x9:i32\n"));
  CHECK(RUN1("same", "-1", "0xffffffff:i32\n"));
  CHECK(RUN1("same", "7_suffix", "0x7:i32\n")); /* WAMR stops at a '_' */
  /* i64 */
  CHECK(RUN2("mul64", "-2", "0x100000000", "0xfffffffe00000000:i64\n"));
  CHECK(RUN1("bits64", "-0", "0x8000000000000000:i64\n"));
  /* f32 and f64, printed with %.7g */
  CHECK(RUN1("half", "1.5", "0.75:f32\n"));
  CHECK(RUN1("half", "1.3333334", "0.6666667:f32\n"));
  CHECK(RUN2("add_f64", "2.5", "1e3", "1002.5:f64\n"));
  CHECK(RUN2("add_f64", "0.1", "0.2", "0.3:f64\n"));
  CHECK(RUN2("add_f64", "1e300", "1e300", "2e+300:f64\n"));
  /* NaNs: a sign, and WAMR's "nan:<payload>" */
  CHECK(RUN1("bits32", "-nan", "0xffc00000:i32\n"));
  CHECK(RUN1("bits32", "nan:0x200000", "0x7fa00000:i32\n"));
  CHECK_EXCEPTION(func_inst, NULL);
  /* several results, comma-separated; none: a lone newline */
  CHECK(RUN4("reverse", "1", "2", "3.5", "4.25", "4.25:f64,3.5:f32,0x2:i64,0x1:i32\n"));
  CHECK(RUN1("store", "9", "\n"));
  CHECK_EQ_INT(load32(func_inst, 0x20), 9);
  /* a reference result */
  CHECK(RUN0("null_func", "func:ref.null\n"));
  CHECK_EXCEPTION(func_inst, NULL);

  /* negative: wrong argument count, arguments that do not parse (whole), unknown
   * functions, a trap; none prints anything */
  CHECK(!RUN1("add", "1", ""));
  CHECK_EXCEPTION(func_inst, "Exception: invalid input argument count");
  CHECK(!RUN0("same", ""));
  CHECK_EXCEPTION(func_inst, "Exception: invalid input argument count");
  CHECK(!RUN2("add", "12abc", "1", ""));
  CHECK_EXCEPTION(func_inst, "Exception: invalid input argument 0: 12abc");
  CHECK(!RUN2("add", "1", "zz", ""));
  CHECK_EXCEPTION(func_inst, "Exception: invalid input argument 1: zz");
  CHECK(!RUN2("add", "", "1", ""));
  CHECK_EXCEPTION(func_inst, "Exception: invalid input argument 0");
  CHECK(!RUN1("half", "1.5x", ""));
  CHECK_EXCEPTION(func_inst, "Exception: invalid input argument 0: 1.5x");
  CHECK(!RUN2("mul64", "1", "0x", ""));
  CHECK_EXCEPTION(func_inst, "Exception: invalid input argument 1: 0x");
  CHECK(!RUN0("nope", ""));
  CHECK_EXCEPTION(func_inst, "Exception: lookup function nope failed");
  CHECK(!RUN0("memory", "")); /* an export, not a function */
  CHECK_EXCEPTION(func_inst, "Exception: lookup function memory failed");
  CHECK(!RUN1("trap", "1", ""));
  CHECK_EXCEPTION(func_inst, "Exception: unreachable");
  /* the instance carries on */
  CHECK(RUN2("add", "40", "2", "0x2a:i32\n"));
  CHECK_EXCEPTION(func_inst, NULL);
  close_app(&a);
}

/* ---- log level ---- */

/* What the runtime printed (stdout and stderr) for an app heap allocation failing and
 * execute_main refusing a main of the wrong type. */
static const char *logged(wasm_module_inst_t inst, wasm_module_inst_t bad_main) {
  capture_begin(true);
  uint64_t got = wasm_runtime_module_malloc(inst, 1 << 20, NULL);
  bool ran = wasm_application_execute_main(bad_main, 0, NULL);
  const char *out = capture_end();
  CHECK(got == 0 && !ran);
  wasm_runtime_clear_exception(bad_main);
  return out;
}

static void test_log_level(void) {
  app_t a = open_app("export_app_main.wasm", 8192);
  app_t b = open_app("export_app_badmain.wasm", 0);
  const char *warning = "allocate 1048576 bytes memory failed";
  /* WARNING (the default) shows the warning; ERROR and FATAL do not, and FATAL shows
   * nothing at all */
  CHECK(strstr(logged(a.inst, b.inst), warning) != NULL);
  wasm_runtime_set_log_level(WASM_LOG_LEVEL_ERROR);
  CHECK(strstr(logged(a.inst, b.inst), warning) == NULL);
  wasm_runtime_set_log_level(WASM_LOG_LEVEL_FATAL);
  CHECK_STR(logged(a.inst, b.inst), "");
  wasm_runtime_set_log_level(WASM_LOG_LEVEL_VERBOSE);
  CHECK(strstr(logged(a.inst, b.inst), warning) != NULL);
  wasm_runtime_set_log_level(WASM_LOG_LEVEL_WARNING);
  CHECK(strstr(logged(a.inst, b.inst), warning) != NULL);
  close_app(&b);
  close_app(&a);
}

static void test_null(void) {
#ifndef REAL_WAMR
  char x[] = "x";
  char *one[1] = {x};
  CHECK(!wasm_application_execute_main(NULL, 1, one));
  CHECK(!wasm_application_execute_func(NULL, "add", 1, one));
  CHECK(!wasm_runtime_is_wasi_mode(NULL));
  CHECK(wasm_runtime_lookup_wasi_start_function(NULL) == NULL);
  CHECK_EQ_INT(wasm_runtime_get_wasi_exit_code(NULL), 0);
  app_t a = open_app("export_app_main.wasm", 8192);
  CHECK(!wasm_application_execute_func(a.inst, NULL, 0, NULL));
  close_app(&a);
#endif
}

int main(void) {
  CHECK(wasm_runtime_init());
  test_main();
  test_other_entry_points();
  test_imported_main();
  test_wasi();
  test_wasi_abi();
  test_execute_func();
  test_log_level();
  test_null();
  wasm_runtime_destroy();
  return test_summary();
}
