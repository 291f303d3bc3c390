/* wasm_export.h, the rest of the runtime: instantiation args v2 (stack, heap, memory
 * cap, custom data, an instance's own WASI set-up), wasm_runtime_call_wasm_v, context
 * keys, the externref map, running modes and bounds checks, execution times and dumps,
 * the runtime's aligned allocations, termination, thread environments, spawned exec
 * envs and threads, blocking operations, native stack checks, resolve_symbols,
 * load_from_sections, and what cannot work here (shared heaps, PGO, instruction
 * limits, call stacks), which gives WAMR's failure values.
 *
 * Built against our header and WAMR's. Against WAMR's own library (the .ref binary with
 * WAMR's libiwasm.so first on LD_LIBRARY_PATH) it runs too: the functions a default
 * WAMR build leaves out are weak here and skipped when absent, and the checks of NULL
 * and bad arguments, which WAMR does not make (it crashes or asserts), run against ours
 * only. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include "wasm_export.h"
#include "testlib.h"

/* Not in a default WAMR build (CMake defaults): resolved to NULL there. */
#pragma weak wasm_runtime_sum_wasm_exec_time
#pragma weak wasm_runtime_get_wasm_func_exec_time
#pragma weak wasm_runtime_dump_perf_profiling
#pragma weak wasm_runtime_dump_mem_consumption
#pragma weak wasm_runtime_dump_call_stack
#pragma weak wasm_runtime_dump_call_stack_to_buf
#pragma weak wasm_runtime_get_call_stack_buf_size
#pragma weak wasm_copy_callstack
#pragma weak wasm_runtime_set_instruction_count_limit
#pragma weak wasm_runtime_spawn_exec_env
#pragma weak wasm_runtime_destroy_spawned_exec_env
#pragma weak wasm_runtime_spawn_thread
#pragma weak wasm_runtime_join_thread
#pragma weak wasm_runtime_set_max_thread_num
#pragma weak wasm_runtime_create_shared_heap
#pragma weak wasm_runtime_attach_shared_heap
#pragma weak wasm_runtime_detach_shared_heap
#pragma weak wasm_runtime_chain_shared_heaps
#pragma weak wasm_runtime_unchain_shared_heaps
#pragma weak wasm_runtime_reset_shared_heap_chain
#pragma weak wasm_runtime_shared_heap_malloc
#pragma weak wasm_runtime_shared_heap_free
#pragma weak wasm_runtime_get_pgo_prof_data_size
#pragma weak wasm_runtime_dump_pgo_prof_data_to_buf
#pragma weak wasm_runtime_is_bounds_checks_enabled
#pragma weak wasm_runtime_set_bounds_checks

#define HAVE(f) ((void *)(f) != NULL)

/* Whether the library is ours (it has our extensions), for the checks WAMR fails. */
static int ours;

static const char *exception_of(wasm_module_inst_t inst) {
  const char *e = wasm_runtime_get_exception(inst);
  return e ? e : "";
}

static wasm_module_t load(const char *file, wasm_byte_vec_t *bin) {
  char err[128] = "";
  load_wasm(file, bin);
  wasm_module_t m = wasm_runtime_load((uint8_t *)bin->data, (uint32_t)bin->size, err, sizeof err);
  if (!m) fprintf(stderr, "load %s: %s\n", file, err);
  CHECK(m != NULL);
  return m;
}

/* The native "rt.stack_check": 0 checks the guard's worth of stack, 1 a gigabyte. */
static int32_t stack_check(wasm_exec_env_t env, int32_t mode) {
  if (mode == 0) return wasm_runtime_detect_native_stack_overflow(env);
  return wasm_runtime_detect_native_stack_overflow_size(env, 1u << 30);
}

static int32_t triple(wasm_exec_env_t env, int32_t x) {
  (void)env;
  return 3 * x;
}

static NativeSymbol rt_natives[] = {{"stack_check", (void *)stack_check, "(i)i", NULL}};
static NativeSymbol late_natives[] = {{"triple", (void *)triple, "(i)i", NULL}};

static int32_t call_i32(wasm_module_inst_t inst, const char *name, uint32_t argc, uint32_t *argv) {
  wasm_function_inst_t f = wasm_runtime_lookup_function(inst, name);
  CHECK(f != NULL);
  if (!wasm_runtime_call_wasm(wasm_runtime_get_exec_env_singleton(inst), f, argc, argv)) {
    fprintf(stderr, "%s: %s\n", name, exception_of(inst));
    return -999;
  }
  return (int32_t)argv[0];
}

/* ---- wasm_runtime_call_wasm_v ------------------------------------------------------ */
static void test_call_v(wasm_module_inst_t inst) {
  wasm_exec_env_t env = wasm_runtime_create_exec_env(inst, 64 * 1024);
  wasm_val_t r[1];
  CHECK(wasm_runtime_call_wasm_v(env, wasm_runtime_lookup_function(inst, "add"), 1, r, 2, 40, 2));
  CHECK(r[0].kind == WASM_I32 && r[0].of.i32 == 42);
  /* every number kind; f32 travels as a double (C's promotion) */
  CHECK(wasm_runtime_call_wasm_v(env, wasm_runtime_lookup_function(inst, "mix"), 1, r, 4, -1, (int64_t)1 << 40,
                                 1.5f, 0.25));
  CHECK(r[0].kind == WASM_F64 && r[0].of.f64 == (double)((int64_t)1 << 40) + 0.75);
  /* more arguments than fit on the shim's stack */
  CHECK(wasm_runtime_call_wasm_v(env, wasm_runtime_lookup_function(inst, "many"), 1, r, 10, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                                 1));
  CHECK_EQ_INT(r[0].of.i32, 55);
  /* negative: the wrong argument count, the wrong result count */
  CHECK(!wasm_runtime_call_wasm_v(env, wasm_runtime_lookup_function(inst, "add"), 1, r, 1, 40));
  CHECK(!wasm_runtime_call_wasm_v(env, wasm_runtime_lookup_function(inst, "add"), 0, r, 2, 40, 2));
  if (ours) {
    /* a v128 cannot be a vararg; NULL exec env, NULL function */
    CHECK(!wasm_runtime_call_wasm_v(env, wasm_runtime_lookup_function(inst, "wide"), 1, r, 1, 0));
    CHECK(!wasm_runtime_call_wasm_v(NULL, wasm_runtime_lookup_function(inst, "add"), 1, r, 2, 1, 2));
    CHECK(!wasm_runtime_call_wasm_v(env, NULL, 1, r, 0));
    wasm_runtime_clear_exception(inst);
  }
  wasm_runtime_destroy_exec_env(env);
}

/* ---- instantiation args v2 ----------------------------------------------------------- */
static void test_instantiation_args(wasm_module_t module) {
  struct InstantiationArgs2 *args = NULL;
  char err[128] = "";
  int custom = 7;
  CHECK(wasm_runtime_instantiation_args_create(&args) && args != NULL);
  wasm_runtime_instantiation_args_set_default_stack_size(args, 32 * 1024);
  wasm_runtime_instantiation_args_set_host_managed_heap_size(args, 8192);
  wasm_runtime_instantiation_args_set_max_memory_pages(args, 3);
  wasm_runtime_instantiation_args_set_custom_data(args, &custom);
  wasm_module_inst_t inst = wasm_runtime_instantiate_ex2(module, args, err, sizeof err);
  CHECK(inst != NULL);
  if (inst) {
    CHECK(wasm_runtime_get_custom_data(inst) == &custom);
    /* the app heap of 8192 bytes: its room, then none */
    uint64_t a = wasm_runtime_module_malloc(inst, 4096, NULL);
    CHECK(a != 0);
    CHECK(wasm_runtime_module_malloc(inst, 65536, NULL) == 0);
    wasm_runtime_module_free(inst, a);
    /* memory capped at 3 pages */
    uint32_t argv[1] = {100};
    CHECK_EQ_INT(call_i32(inst, "grow", 1, argv), -1);
    argv[0] = 1;
    CHECK(call_i32(inst, "grow", 1, argv) > 0);
    wasm_runtime_deinstantiate(inst);
  }
  wasm_runtime_instantiation_args_destroy(args);
  /* defaults */
  CHECK(wasm_runtime_instantiation_args_create(&args));
  inst = wasm_runtime_instantiate_ex2(module, args, err, sizeof err);
  CHECK(inst != NULL && wasm_runtime_get_custom_data(inst) == NULL);
  CHECK(wasm_runtime_module_malloc(inst, 16, NULL) == 0); /* no heap */
  wasm_runtime_deinstantiate(inst);
  if (ours) {
    /* negative: no module; NULL args (the defaults, as instantiate_ex takes them) */
    CHECK(wasm_runtime_instantiate_ex2(NULL, args, err, sizeof err) == NULL);
    inst = wasm_runtime_instantiate_ex2(module, NULL, err, sizeof err);
    CHECK(inst != NULL);
    wasm_runtime_deinstantiate(inst);
  }
  wasm_runtime_instantiation_args_destroy(args);
  if (ours) {
    CHECK(!wasm_runtime_instantiation_args_create(NULL));
    wasm_runtime_instantiation_args_destroy(NULL);
    wasm_runtime_instantiation_args_set_default_stack_size(NULL, 1);
    wasm_runtime_instantiation_args_set_wasi_arg(NULL, NULL, 0);
    wasm_runtime_instantiation_args_set_wasi_stdio(NULL, 1, 2, 3);
  }
}

static char *read_file(const char *path, char *buf, size_t size) {
  FILE *f = fopen(path, "rb");
  size_t n = 0;
  if (f) {
    n = fread(buf, 1, size - 1, f);
    fclose(f);
  }
  buf[n] = '\0';
  return buf;
}

static void test_instantiation_wasi(void) {
  wasm_byte_vec_t bin;
  wasm_module_t module = load("export_runtime_wasi.wasm", &bin);
  struct InstantiationArgs2 *args = NULL;
  char err[160] = "";
  char *argv[] = {"prog", "one", "two"};
  const char *env[] = {"A=1", "B=2"};
  char path[] = "/tmp/export_runtime_XXXXXX";
  int fd = mkstemp(path);
  CHECK(fd >= 0);

  CHECK(wasm_runtime_instantiation_args_create(&args));
  wasm_runtime_instantiation_args_set_wasi_arg(args, argv, 3);
  wasm_runtime_instantiation_args_set_wasi_env(args, env, 2);
  wasm_runtime_instantiation_args_set_wasi_dir(args, NULL, 0, NULL, 0);
  wasm_runtime_instantiation_args_set_wasi_stdio(args, -1, fd, -1);
  wasm_module_inst_t inst = wasm_runtime_instantiate_ex2(module, args, err, sizeof err);
  CHECK(inst != NULL);
  if (inst) {
    uint32_t cell[1];
    CHECK_EQ_INT(call_i32(inst, "argc", 0, cell), 3);
    CHECK_EQ_INT(call_i32(inst, "envc", 0, cell), 2);
    CHECK_EQ_INT(call_i32(inst, "hello", 0, cell), 0);
    wasm_runtime_deinstantiate(inst);
  }
  char text[16];
  CHECK(strcmp(read_file(path, text, sizeof text), "hi\n") == 0);
  close(fd); /* the instance may have closed it already */
  unlink(path);

  /* an instance without a set-up of its own takes its module's (none here) */
  inst = wasm_runtime_instantiate(module, 16 * 1024, 0, err, sizeof err);
  CHECK(inst != NULL);
  if (inst) {
    uint32_t cell[1];
    CHECK_EQ_INT(call_i32(inst, "argc", 0, cell), 0);
    wasm_runtime_deinstantiate(inst);
  }

  /* negative: a WASI set-up from both the module and the args */
  char *module_argv[] = {"module"};
  wasm_runtime_set_wasi_args(module, NULL, 0, NULL, 0, NULL, 0, module_argv, 1);
  err[0] = '\0';
  CHECK(wasm_runtime_instantiate_ex2(module, args, err, sizeof err) == NULL);
  CHECK(strstr(err, "WASI configuration was given via both of module and InstantiationArgs2") != NULL);
  wasm_runtime_instantiation_args_destroy(args);
  /* the module's own set-up alone is fine */
  inst = wasm_runtime_instantiate(module, 16 * 1024, 0, err, sizeof err);
  CHECK(inst != NULL);
  if (inst) {
    uint32_t cell[1];
    CHECK_EQ_INT(call_i32(inst, "argc", 0, cell), 1);
    wasm_runtime_deinstantiate(inst);
  }
  wasm_runtime_unload(module);
  wasm_byte_vec_delete(&bin);

  /* the socket pools: accepted; they count as a WASI set-up, on a module and on args */
  module = load("export_runtime_wasi.wasm", &bin);
  const char *pool[] = {"127.0.0.1/32"};
  const char *names[] = {"localhost"};
  wasm_runtime_set_wasi_addr_pool(module, pool, 1);
  wasm_runtime_set_wasi_ns_lookup_pool(module, names, 1);
  CHECK(wasm_runtime_instantiation_args_create(&args));
  wasm_runtime_instantiation_args_set_wasi_addr_pool(args, pool, 1);
  wasm_runtime_instantiation_args_set_wasi_ns_lookup_pool(args, names, 1);
  CHECK(wasm_runtime_instantiate_ex2(module, args, err, sizeof err) == NULL);
  wasm_runtime_instantiation_args_destroy(args);
  inst = wasm_runtime_instantiate(module, 16 * 1024, 0, err, sizeof err);
  CHECK(inst != NULL);
  wasm_runtime_deinstantiate(inst);
  wasm_runtime_unload(module);
  wasm_byte_vec_delete(&bin);
  if (ours) {
    wasm_runtime_set_wasi_addr_pool(NULL, pool, 1);
    wasm_runtime_set_wasi_ns_lookup_pool(NULL, names, 1);
  }
}

/* ---- context keys -------------------------------------------------------------------- */
static int dtor_calls;
static void *dtor_ctx;
static wasm_module_inst_t dtor_inst;

static void count_dtor(wasm_module_inst_t inst, void *ctx) {
  dtor_calls++;
  dtor_ctx = ctx;
  dtor_inst = inst;
}

static void test_context_keys(wasm_module_t module) {
  char err[128];
  int x = 1, y = 2;
  void *k1 = wasm_runtime_create_context_key(count_dtor);
  void *k2 = wasm_runtime_create_context_key(NULL);
  CHECK(k1 != NULL && k2 != NULL && k1 != k2);
  /* 7 keys at once (WASI holds the eighth slot) */
  void *more[8];
  int n = 0;
  while (n < 8 && (more[n] = wasm_runtime_create_context_key(NULL)) != NULL) n++;
  CHECK_EQ_INT(n, 5);
  while (n > 0) wasm_runtime_destroy_context_key(more[--n]);

  wasm_module_inst_t inst = wasm_runtime_instantiate(module, 16 * 1024, 0, err, sizeof err);
  CHECK(wasm_runtime_get_context(inst, k1) == NULL);
  wasm_runtime_set_context(inst, k1, &x);
  CHECK(wasm_runtime_get_context(inst, k1) == &x);
  CHECK(wasm_runtime_get_context(inst, k2) == NULL);
  wasm_runtime_set_context_spread(inst, k2, &y);
  CHECK(wasm_runtime_get_context(inst, k2) == &y);
  /* another instance has its own */
  wasm_module_inst_t other = wasm_runtime_instantiate(module, 16 * 1024, 0, err, sizeof err);
  CHECK(wasm_runtime_get_context(other, k1) == NULL);
  wasm_runtime_deinstantiate(other);
  CHECK_EQ_INT(dtor_calls, 1); /* the destructor runs for every instance, ctx NULL or not */
  CHECK(dtor_ctx == NULL && dtor_inst == other);
  /* the destructor gets the context at deinstantiation */
  dtor_calls = 0;
  wasm_runtime_deinstantiate(inst);
  CHECK_EQ_INT(dtor_calls, 1);
  CHECK(dtor_ctx == &x && dtor_inst == inst);
  wasm_runtime_destroy_context_key(k1);
  wasm_runtime_destroy_context_key(k2);
  /* a destroyed key's destructor no longer runs */
  dtor_calls = 0;
  inst = wasm_runtime_instantiate(module, 16 * 1024, 0, err, sizeof err);
  wasm_runtime_deinstantiate(inst);
  CHECK_EQ_INT(dtor_calls, 0);
  if (ours) {
    /* negative: keys that are not live, NULL instances */
    inst = wasm_runtime_instantiate(module, 16 * 1024, 0, err, sizeof err);
    wasm_runtime_set_context(inst, k1, &x);
    CHECK(wasm_runtime_get_context(inst, k1) == NULL);
    CHECK(wasm_runtime_get_context(inst, (void *)99) == NULL);
    CHECK(wasm_runtime_get_context(inst, NULL) == NULL);
    wasm_runtime_set_context(NULL, k1, &x);
    wasm_runtime_set_context_spread(NULL, k1, &x);
    CHECK(wasm_runtime_get_context(NULL, k1) == NULL);
    wasm_runtime_destroy_context_key((void *)99);
    wasm_runtime_destroy_context_key(NULL);
    wasm_runtime_deinstantiate(inst);
  }
}

/* ---- the externref map --------------------------------------------------------------- */
static int cleanups;
static void *cleaned;

static void cleanup(void *obj) {
  cleanups++;
  cleaned = obj;
}

static void test_externref_map(wasm_module_t module) {
  char err[128];
  int a, b, c;
  uint32_t ia = 0, ia2 = 0, ib = 0, inull = 0;
  void *obj = NULL;
  wasm_module_inst_t inst = wasm_runtime_instantiate(module, 16 * 1024, 0, err, sizeof err);
  CHECK(wasm_externref_obj2ref(inst, &a, &ia) && ia != 0xFFFFFFFF);
  CHECK(wasm_externref_obj2ref(inst, &a, &ia2) && ia2 == ia); /* one index per object */
  CHECK(wasm_externref_obj2ref(inst, &b, &ib) && ib != ia && ib != 0xFFFFFFFF);
  CHECK(wasm_externref_obj2ref(inst, (void *)(uintptr_t)-1, &inull) && inull == 0xFFFFFFFF);
  CHECK(wasm_externref_ref2obj(ia, &obj) && obj == &a);
  CHECK(wasm_externref_ref2obj(0xFFFFFFFF, &obj) && obj == NULL);
  CHECK(!wasm_externref_ref2obj(0x7FFFFFF0, &obj));
  CHECK(wasm_externref_retain(ia));
  CHECK(!wasm_externref_retain(0xFFFFFFFF));
  CHECK(!wasm_externref_retain(0x7FFFFFF0));
  CHECK(wasm_externref_set_cleanup(inst, &a, cleanup));
  CHECK(wasm_externref_set_cleanup(inst, &b, cleanup));
  CHECK(!wasm_externref_set_cleanup(inst, &c, cleanup)); /* not mapped */
  /* deleting runs the cleanup; the index is gone */
  CHECK(wasm_externref_objdel(inst, &a));
  CHECK(cleanups == 1 && cleaned == &a);
  CHECK(!wasm_externref_objdel(inst, &a));
  CHECK(!wasm_externref_ref2obj(ia, &obj));
  /* indexes are not reused */
  uint32_t ia3 = 0;
  CHECK(wasm_externref_obj2ref(inst, &a, &ia3) && ia3 != ia && ia3 != ib);
  /* deinstantiation deletes the instance's entries */
  cleanups = 0;
  wasm_runtime_deinstantiate(inst);
  CHECK(cleanups == 1 && cleaned == &b);
  CHECK(!wasm_externref_ref2obj(ib, &obj));
  CHECK(!wasm_externref_ref2obj(ia3, &obj));
  if (ours) {
    CHECK(!wasm_externref_obj2ref(NULL, &a, &ia));
    inst = wasm_runtime_instantiate(module, 16 * 1024, 0, err, sizeof err);
    CHECK(!wasm_externref_obj2ref(inst, &a, NULL));
    CHECK(!wasm_externref_ref2obj(ia, NULL));
    CHECK(!wasm_externref_objdel(NULL, &a));
    CHECK(!wasm_externref_set_cleanup(NULL, &a, cleanup));
    wasm_runtime_deinstantiate(inst);
  }
}

/* ---- running modes, bounds checks ---------------------------------------------------- */
static void test_modes(wasm_module_inst_t inst) {
  CHECK(wasm_runtime_is_running_mode_supported(Mode_Interp));
  CHECK(wasm_runtime_is_running_mode_supported((RunningMode)0)); /* WAMR's Mode_Default */
  CHECK(!wasm_runtime_is_running_mode_supported(Mode_Fast_JIT));
  CHECK(!wasm_runtime_is_running_mode_supported(Mode_LLVM_JIT));
  CHECK(!wasm_runtime_is_running_mode_supported(Mode_Multi_Tier_JIT));
  CHECK(wasm_runtime_set_default_running_mode(Mode_Interp));
  CHECK(!wasm_runtime_set_default_running_mode(Mode_LLVM_JIT));
  CHECK(wasm_runtime_set_running_mode(inst, Mode_Interp));
  CHECK(!wasm_runtime_set_running_mode(inst, Mode_Fast_JIT));
  CHECK(wasm_runtime_get_running_mode(inst) == Mode_Interp);
  if (HAVE(wasm_runtime_is_bounds_checks_enabled)) {
    CHECK(wasm_runtime_is_bounds_checks_enabled(inst));
    wasm_runtime_set_bounds_checks(inst, false); /* cannot be turned off */
    CHECK(wasm_runtime_is_bounds_checks_enabled(inst));
    CHECK(!wasm_runtime_is_bounds_checks_enabled(NULL));
    wasm_runtime_set_bounds_checks(NULL, true);
  }
  if (ours) {
    CHECK(!wasm_runtime_set_running_mode(NULL, Mode_Interp));
    CHECK(wasm_runtime_get_running_mode(NULL) == (RunningMode)0);
  }
}

/* ---- execution times and dumps ------------------------------------------------------- */
static void test_times_and_dumps(wasm_module_inst_t inst) {
  uint32_t argv[1] = {100000};
  CHECK_EQ_INT(call_i32(inst, "busy", 1, argv), 1);
  if (HAVE(wasm_runtime_sum_wasm_exec_time)) {
    /* profiling is on (WAMR_PERF_PROFILING=1, set in main) */
    CHECK(wasm_runtime_sum_wasm_exec_time(inst) >= 0);
    CHECK(wasm_runtime_get_wasm_func_exec_time(inst, "busy") >= 0);
    CHECK(wasm_runtime_get_wasm_func_exec_time(inst, "no such function") == -1);
    CHECK(wasm_runtime_sum_wasm_exec_time(NULL) == 0);
    CHECK(wasm_runtime_get_wasm_func_exec_time(inst, NULL) == 0);
    wasm_runtime_dump_perf_profiling(inst);
    wasm_runtime_dump_perf_profiling(NULL);
  }
  wasm_exec_env_t env = wasm_runtime_get_exec_env_singleton(inst);
  if (HAVE(wasm_runtime_dump_mem_consumption)) {
    wasm_runtime_dump_mem_consumption(env);
    wasm_runtime_dump_mem_consumption(NULL);
  }
  /* no frames to give: 0, nothing printed */
  if (HAVE(wasm_runtime_get_call_stack_buf_size)) {
    char buf[64] = "";
    CHECK_EQ_INT(wasm_runtime_get_call_stack_buf_size(env), 0);
    CHECK_EQ_INT(wasm_runtime_dump_call_stack_to_buf(env, buf, sizeof buf), 0);
    wasm_runtime_dump_call_stack(env);
    wasm_runtime_dump_call_stack(NULL);
    CHECK_EQ_INT(wasm_runtime_get_call_stack_buf_size(NULL), 0);
  }
  if (HAVE(wasm_copy_callstack)) {
    WASMCApiFrame frames[4];
    char err[128] = "";
    CHECK_EQ_INT(wasm_copy_callstack(env, frames, 4, 0, err, sizeof err), 0);
    CHECK(strcmp(err, "No copy_callstack API was actually executed") == 0);
    CHECK_EQ_INT(wasm_copy_callstack(NULL, NULL, 4, 0, NULL, 0), 0);
  }
}

/* ---- the runtime's allocator --------------------------------------------------------- */
static void test_alloc(void) {
  void *p = wasm_runtime_aligned_alloc(256, 64);
  if (ours) {
    /* served with the system allocator (WAMR: in its pool mode only) */
    CHECK(p != NULL && ((uintptr_t)p & 63) == 0);
    memset(p, 1, 256);
    wasm_runtime_free(p);
    p = wasm_runtime_aligned_alloc(0, 16); /* one alignment's worth */
    CHECK(p != NULL && ((uintptr_t)p & 15) == 0);
    wasm_runtime_free(p);
  } else {
    CHECK(p == NULL); /* WAMR's default: not in pool mode */
  }
  /* negative: alignment 0, not a power of two, past a page; size not a multiple */
  CHECK(wasm_runtime_aligned_alloc(64, 0) == NULL);
  CHECK(wasm_runtime_aligned_alloc(64, 24) == NULL);
  CHECK(wasm_runtime_aligned_alloc(1 << 20, 1 << 20) == NULL);
  CHECK(wasm_runtime_aligned_alloc(100, 64) == NULL);
  CHECK(wasm_runtime_aligned_alloc(12, 4) == NULL); /* 4 is raised to 8 */
  mem_alloc_info_t info;
  CHECK(!wasm_runtime_get_mem_alloc_info(&info)); /* no pool */
  if (ours) CHECK(!wasm_runtime_get_mem_alloc_info(NULL));
}

/* ---- termination ----------------------------------------------------------------------- */
static void *terminate_later(void *inst) {
  usleep(50 * 1000);
  wasm_runtime_terminate((wasm_module_inst_t)inst);
  return NULL;
}

/* WAMR's text; ours gives it once the calling path runs its calls through
   terminate.rs's run_call (else the interrupt's own "interrupted") */
static int terminated_text(const char *e) {
  return strcmp(e, "Exception: terminated by user") == 0 || (ours && strcmp(e, "Exception: interrupted") == 0);
}

static void test_terminate(wasm_module_inst_t inst) {
  uint32_t argv[2] = {1, 2};
  wasm_function_inst_t add = wasm_runtime_lookup_function(inst, "add");
  wasm_exec_env_t env = wasm_runtime_get_exec_env_singleton(inst);
  /* terminated while idle: the next call fails */
  wasm_runtime_terminate(inst);
  argv[0] = 1000;
  CHECK(!wasm_runtime_call_wasm(env, wasm_runtime_lookup_function(inst, "busy"), 1, argv));
  CHECK(terminated_text(exception_of(inst)));
  wasm_runtime_clear_exception(inst);
  argv[0] = 1, argv[1] = 2;
  CHECK(wasm_runtime_call_wasm(env, add, 2, argv) && argv[0] == 3);
  if (ours) {
    /* from another thread, while an endless loop runs (WAMR's default build, without
       its thread manager, cannot stop one) */
    pthread_t t;
    CHECK(pthread_create(&t, NULL, terminate_later, inst) == 0);
    CHECK(!wasm_runtime_call_wasm(env, wasm_runtime_lookup_function(inst, "spin"), 0, argv));
    CHECK(terminated_text(exception_of(inst)));
    pthread_join(t, NULL);
    wasm_runtime_clear_exception(inst);
    argv[0] = 2, argv[1] = 3;
    CHECK(wasm_runtime_call_wasm(env, add, 2, argv) && argv[0] == 5);
    wasm_runtime_terminate(NULL);
  }
}

/* ---- thread environments, blocking operations -------------------------------------------- */
static void *thread_env_body(void *result) {
  int *ok = result;
  ok[0] = wasm_runtime_init_thread_env();
  ok[1] = wasm_runtime_thread_env_inited();
  wasm_runtime_destroy_thread_env();
  ok[2] = wasm_runtime_thread_env_inited();
  return NULL;
}

static void test_thread_env(wasm_module_inst_t inst) {
  CHECK(wasm_runtime_thread_env_inited());
  int ok[3] = {0, 0, 1};
  pthread_t t;
  CHECK(pthread_create(&t, NULL, thread_env_body, ok) == 0);
  pthread_join(t, NULL);
  CHECK(ok[0] && ok[1] && !ok[2]);
  CHECK(wasm_runtime_thread_env_inited()); /* this thread's is untouched */
  wasm_exec_env_t env = wasm_runtime_get_exec_env_singleton(inst);
  CHECK(wasm_runtime_begin_blocking_op(env));
  wasm_runtime_end_blocking_op(env);
  if (ours) {
    CHECK(!wasm_runtime_begin_blocking_op(NULL));
    wasm_runtime_end_blocking_op(NULL);
  }
}

/* ---- spawned exec envs and threads ------------------------------------------------------- */
static void *thread_add(wasm_exec_env_t env, void *arg) {
  wasm_module_inst_t inst = wasm_runtime_get_module_inst(env);
  uint32_t argv[2] = {(uint32_t)(uintptr_t)arg, 100};
  if (!wasm_runtime_call_wasm(env, wasm_runtime_lookup_function(inst, "add"), 2, argv)) return NULL;
  return (void *)(uintptr_t)argv[0];
}

static void test_spawn(wasm_module_inst_t inst) {
  if (!HAVE(wasm_runtime_spawn_exec_env)) return;
  int custom = 5, ctx = 6;
  void *key = wasm_runtime_create_context_key(NULL);
  wasm_runtime_set_custom_data(inst, &custom);
  wasm_runtime_set_context(inst, key, &ctx);
  wasm_exec_env_t env = wasm_runtime_get_exec_env_singleton(inst);
  wasm_exec_env_t spawned = wasm_runtime_spawn_exec_env(env);
  CHECK(spawned != NULL);
  wasm_module_inst_t child = wasm_runtime_get_module_inst(spawned);
  CHECK(child != NULL && child != inst);
  /* the child starts with its parent's custom data and contexts, has its own memory */
  CHECK(wasm_runtime_get_custom_data(child) == &custom);
  CHECK(wasm_runtime_get_context(child, key) == &ctx);
  CHECK(wasm_runtime_addr_app_to_native(child, 0) != wasm_runtime_addr_app_to_native(inst, 0));
  /* a context spread from the child reaches the parent */
  wasm_runtime_set_context_spread(child, key, &custom);
  CHECK(wasm_runtime_get_context(inst, key) == &custom);
  uint32_t argv[2] = {20, 22};
  CHECK(wasm_runtime_call_wasm(spawned, wasm_runtime_lookup_function(child, "add"), 2, argv) && argv[0] == 42);
  wasm_runtime_destroy_spawned_exec_env(spawned);

  /* threads */
  wasm_thread_t tid;
  void *ret = NULL;
  CHECK_EQ_INT(wasm_runtime_spawn_thread(env, &tid, thread_add, (void *)(uintptr_t)23), 0);
  CHECK_EQ_INT(wasm_runtime_join_thread(tid, &ret), 0);
  CHECK(ret == (void *)(uintptr_t)123);
  CHECK_EQ_INT(wasm_runtime_join_thread(tid, &ret), ESRCH); /* joined already */
  /* a family holds 1 + max_thread_num exec envs */
  wasm_runtime_set_max_thread_num(1);
  spawned = wasm_runtime_spawn_exec_env(env);
  CHECK(spawned != NULL);
  CHECK(wasm_runtime_spawn_exec_env(env) == NULL);
  CHECK(wasm_runtime_spawn_thread(env, &tid, thread_add, NULL) == -1);
  wasm_runtime_destroy_spawned_exec_env(spawned);
  wasm_runtime_set_max_thread_num(0); /* ignored */
  spawned = wasm_runtime_spawn_exec_env(env);
  CHECK(spawned != NULL);
  wasm_runtime_destroy_spawned_exec_env(spawned);
  wasm_runtime_set_max_thread_num(4);
  /* negative */
  CHECK(wasm_runtime_spawn_exec_env(NULL) == NULL);
  CHECK_EQ_INT(wasm_runtime_spawn_thread(env, NULL, thread_add, NULL), -1);
  CHECK_EQ_INT(wasm_runtime_spawn_thread(env, &tid, NULL, NULL), -1);
  CHECK_EQ_INT(wasm_runtime_spawn_thread(NULL, &tid, thread_add, NULL), -1);
  CHECK_EQ_INT(wasm_runtime_join_thread((wasm_thread_t)12345, NULL), ESRCH);
  wasm_runtime_destroy_spawned_exec_env(NULL);
  wasm_runtime_destroy_spawned_exec_env(env); /* not a spawned one: left alone */
  CHECK(wasm_runtime_get_module_inst(env) == inst);
  wasm_runtime_set_custom_data(inst, NULL);
  wasm_runtime_destroy_context_key(key);
}

/* ---- native stack checks ------------------------------------------------------------------ */
static void test_native_stack(wasm_module_inst_t inst) {
  wasm_exec_env_t env = wasm_runtime_create_exec_env(inst, 64 * 1024);
  wasm_function_inst_t f = wasm_runtime_lookup_function(inst, "check_stack");
  uint32_t argv[1] = {0};
  CHECK(wasm_runtime_call_wasm(env, f, 1, argv) && argv[0] == 1);
  /* a gigabyte is more than the thread has: the native's check raises the exception */
  argv[0] = 1;
  CHECK(!wasm_runtime_call_wasm(env, f, 1, argv));
  CHECK(strcmp(exception_of(inst), "Exception: native stack overflow") == 0);
  wasm_runtime_clear_exception(inst);
  /* a boundary above the stack pointer: no room at all */
  uint8_t here;
  wasm_runtime_set_native_stack_boundary(env, (uint8_t *)((uintptr_t)&here + 256 * 1024));
  argv[0] = 0;
  CHECK(!wasm_runtime_call_wasm(env, f, 1, argv));
  CHECK(strcmp(exception_of(inst), "Exception: native stack overflow") == 0);
  wasm_runtime_clear_exception(inst);
  wasm_runtime_set_native_stack_boundary(env, NULL);
  argv[0] = 0;
  CHECK(wasm_runtime_call_wasm(env, f, 1, argv) && argv[0] == 1);
  if (ours) {
    CHECK(!wasm_runtime_detect_native_stack_overflow(NULL));
    CHECK(!wasm_runtime_detect_native_stack_overflow_size(NULL, 16));
    wasm_runtime_set_native_stack_boundary(NULL, &here);
  }
  wasm_runtime_destroy_exec_env(env);
}

/* ---- resolve_symbols, load_from_sections -------------------------------------------------- */
static void test_resolve_and_sections(void) {
  wasm_byte_vec_t bin;
  char err[128];
  wasm_module_t module = load("export_runtime_late.wasm", &bin);
  CHECK(!wasm_runtime_resolve_symbols(module)); /* "late.triple" has no native yet */
  CHECK(wasm_runtime_register_natives("late", late_natives, 1));
  CHECK(wasm_runtime_resolve_symbols(module));
  wasm_module_inst_t inst = wasm_runtime_instantiate(module, 16 * 1024, 0, err, sizeof err);
  uint32_t argv[2] = {14};
  CHECK_EQ_INT(call_i32(inst, "call_triple", 1, argv), 42);
  wasm_runtime_deinstantiate(inst);
  wasm_runtime_unload(module);
  if (ours) CHECK(!wasm_runtime_resolve_symbols(NULL));
  wasm_byte_vec_delete(&bin);

  /* the same binary as a list of sections (read again: WAMR's loader writes into the
     buffer it loads from) */
  load_wasm("export_runtime_late.wasm", &bin);
  wasm_section_t sections[16];
  int n = 0;
  const uint8_t *p = (const uint8_t *)bin.data + 8, *end = (const uint8_t *)bin.data + bin.size;
  while (p < end && n < 16) {
    uint8_t id = *p++;
    uint32_t size = 0, shift = 0;
    uint8_t byte;
    do {
      byte = *p++;
      size |= (uint32_t)(byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    sections[n].section_type = id;
    sections[n].section_body = (uint8_t *)p;
    sections[n].section_body_size = size;
    sections[n].next = NULL;
    if (n > 0) sections[n - 1].next = &sections[n];
    n++;
    p += size;
  }
  CHECK(n >= 4);
  module = wasm_runtime_load_from_sections(sections, false, err, sizeof err);
  CHECK(module != NULL);
  if (module) {
    inst = wasm_runtime_instantiate(module, 16 * 1024, 0, err, sizeof err);
    argv[0] = 2, argv[1] = 40;
    CHECK_EQ_INT(call_i32(inst, "add", 2, argv), 42);
    wasm_runtime_deinstantiate(inst);
    wasm_runtime_unload(module);
  }
  /* no sections at all: an empty module */
  module = wasm_runtime_load_from_sections(NULL, false, err, sizeof err);
  CHECK(module != NULL);
  wasm_runtime_unload(module);
  /* negative: an AOT list, a broken section */
  err[0] = '\0';
  CHECK(wasm_runtime_load_from_sections(sections, true, err, sizeof err) == NULL);
  CHECK(err[0] != '\0');
  sections[0].section_body_size = 1; /* a type section cut short */
  err[0] = '\0';
  CHECK(wasm_runtime_load_from_sections(sections, false, err, sizeof err) == NULL);
  CHECK(err[0] != '\0');
  wasm_byte_vec_delete(&bin);
  CHECK(wasm_runtime_unregister_natives("late", late_natives));
}

/* ---- what cannot work here: WAMR's failure values ------------------------------------------ */
static void test_unsupported(wasm_module_inst_t inst) {
  if (HAVE(wasm_runtime_create_shared_heap)) {
    SharedHeapInitArgs heap_args = {65536, NULL};
    void *native = &heap_args;
    CHECK(wasm_runtime_create_shared_heap(&heap_args) == NULL);
    CHECK(wasm_runtime_create_shared_heap(NULL) == NULL);
    CHECK(!wasm_runtime_attach_shared_heap(inst, NULL));
    CHECK(wasm_runtime_chain_shared_heaps(NULL, NULL) == NULL);
    CHECK(wasm_runtime_unchain_shared_heaps(NULL, true) == NULL);
    CHECK(!wasm_runtime_reset_shared_heap_chain(NULL));
    CHECK(wasm_runtime_shared_heap_malloc(inst, 64, &native) == 0 && native == NULL);
    wasm_runtime_shared_heap_free(inst, 0);
    wasm_runtime_detach_shared_heap(inst);
  }
  if (HAVE(wasm_runtime_get_pgo_prof_data_size)) {
    char buf[16];
    CHECK_EQ_INT(wasm_runtime_get_pgo_prof_data_size(inst), 0);
    CHECK_EQ_INT(wasm_runtime_dump_pgo_prof_data_to_buf(inst, buf, sizeof buf), 0);
  }
  if (HAVE(wasm_runtime_set_instruction_count_limit)) {
    /* ignored: the call runs to its end */
    wasm_exec_env_t env = wasm_runtime_create_exec_env(inst, 16 * 1024);
    wasm_runtime_set_instruction_count_limit(env, 10);
    uint32_t argv[1] = {1000};
    CHECK(wasm_runtime_call_wasm(env, wasm_runtime_lookup_function(inst, "busy"), 1, argv) && argv[0] == 1);
    wasm_runtime_set_instruction_count_limit(NULL, 10);
    wasm_runtime_destroy_exec_env(env);
  }
}

int main(void) {
  ours = dlsym(RTLD_DEFAULT, "wamr_store_interrupt") != NULL;
  setenv("WAMR_PERF_PROFILING", "1", 1);
  CHECK(wasm_runtime_init());
  CHECK(wasm_runtime_register_natives("rt", rt_natives, 1));
  wasm_byte_vec_t bin;
  wasm_module_t module = load("export_runtime.wasm", &bin);
  char err[128];
  wasm_module_inst_t inst = wasm_runtime_instantiate(module, 64 * 1024, 4096, err, sizeof err);
  CHECK(inst != NULL);
  if (!inst) {
    fprintf(stderr, "instantiate: %s\n", err);
    return test_summary();
  }
  test_call_v(inst);
  test_instantiation_args(module);
  test_instantiation_wasi();
  test_context_keys(module);
  test_externref_map(module);
  test_modes(inst);
  test_times_and_dumps(inst);
  test_alloc();
  test_terminate(inst);
  test_thread_env(inst);
  test_spawn(inst);
  test_native_stack(inst);
  test_resolve_and_sections();
  test_unsupported(inst);
  wasm_runtime_deinstantiate(inst);
  wasm_runtime_unload(module);
  wasm_byte_vec_delete(&bin);
  CHECK(wasm_runtime_unregister_natives("rt", rt_natives));
  wasm_runtime_destroy();
  return test_summary();
}
