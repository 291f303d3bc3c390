/* Built-in WASI through the C API: stdio, args, environment, clocks, random,
 * files in a preopened directory, proc_exit, reactors, import linking, and the
 * sandbox. Modules come from the .wat files of tests/wasi ($WASM_DIR); output is captured
 * through wasm_runtime_set_wasi_args_ex's stdio descriptors and compared exactly. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "testlib.h"

/* WASI errno values. */
#define WASI_EBADF 8
#define WASI_ENOENT 44
#define WASI_EPERM 63
#define WASI_ENOTCAPABLE 76

static wasm_engine_t *engine;
static wasm_store_t *store;
static char tmp_root[256];

/* ---- helpers ---------------------------------------------------------------- */

/* A temporary file that receives a stream; read back with capture_text. */
typedef struct {
  char path[300];
  int fd;
} capture_t;

static void capture_open(capture_t *c, const char *tag) {
  snprintf(c->path, sizeof c->path, "%s/%s.XXXXXX", tmp_root, tag);
  c->fd = mkstemp(c->path);
  if (c->fd < 0) {
    perror("mkstemp");
    exit(2);
  }
}

/* The whole file (a static buffer per call site is not needed: callers copy). */
static const char *capture_text(capture_t *c) {
  static char buf[4][8192];
  static int next;
  char *out = buf[next++ % 4];
  int fd = open(c->path, O_RDONLY);
  ssize_t n = fd < 0 ? -1 : read(fd, out, sizeof buf[0] - 1);
  if (fd >= 0) close(fd);
  out[n < 0 ? 0 : n] = 0;
  return out;
}

static void capture_close(capture_t *c) {
  close(c->fd);
  unlink(c->path);
}

static bool name_is(const wasm_name_t *n, const char *s) {
  size_t len = strlen(s);
  return n && (n->size == len || (n->size == len + 1 && n->data[len] == 0)) && memcmp(n->data, s, len) == 0;
}

/* The instance's export `name` as a function (owned by `exports`). */
static wasm_func_t *export_func(wasm_module_t *m, const wasm_extern_vec_t *exports, const char *name) {
  wasm_exporttype_vec_t types;
  wasm_module_exports(m, &types);
  wasm_func_t *f = NULL;
  for (size_t i = 0; i < types.size && i < exports->size; i++)
    if (name_is(wasm_exporttype_name(types.data[i]), name)) f = wasm_extern_as_func(exports->data[i]);
  wasm_exporttype_vec_delete(&types);
  return f;
}

static wasm_memory_t *export_memory(const wasm_extern_vec_t *exports) {
  for (size_t i = 0; i < exports->size; i++)
    if (wasm_extern_kind(exports->data[i]) == WASM_EXTERN_MEMORY) return wasm_extern_as_memory(exports->data[i]);
  return NULL;
}

/* A trap's message without the trailing NUL (static buffer). */
static const char *trap_text(const wasm_trap_t *t) {
  static char buf[512];
  buf[0] = 0;
  if (!t) return "(no trap)";
  wasm_message_t msg;
  wasm_trap_message(t, &msg);
  size_t n = msg.size && msg.data[msg.size - 1] == 0 ? msg.size - 1 : msg.size;
  if (n >= sizeof buf) n = sizeof buf - 1;
  memcpy(buf, msg.data, n);
  buf[n] = 0;
  wasm_byte_vec_delete(&msg);
  return buf;
}

/* Calls `f` with up to 4 i32 arguments; returns the trap (NULL on success). */
static wasm_trap_t *call(wasm_func_t *f, int nargs, const int32_t *args, wasm_val_t *results, size_t nresults) {
  wasm_val_t a[4];
  for (int i = 0; i < nargs; i++) {
    a[i].kind = WASM_I32;
    a[i].of.i32 = args[i];
  }
  wasm_val_vec_t av = {(size_t)nargs, a, (size_t)nargs, sizeof(wasm_val_t), NULL};
  wasm_val_vec_t rv = {nresults, results, nresults, sizeof(wasm_val_t), NULL};
  return wasm_func_call(f, &av, &rv);
}

static int32_t call_i32(wasm_func_t *f, int nargs, const int32_t *args) {
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_trap_t *t = call(f, nargs, args, r, 1);
  if (t) {
    fprintf(stderr, "unexpected trap: %s\n", trap_text(t));
    wasm_trap_delete(t);
    return -9999;
  }
  return r[0].of.i32;
}

static int64_t call_i64_1(wasm_func_t *f, int32_t arg) {
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_trap_t *t = call(f, 1, &arg, r, 1);
  if (t) {
    fprintf(stderr, "unexpected trap: %s\n", trap_text(t));
    wasm_trap_delete(t);
    return -9999;
  }
  return r[0].of.i64;
}

/* Instantiates with no imports given (WASI is built in); NULL + message on failure. */
static wasm_instance_t *instantiate(wasm_module_t *m, wasm_extern_vec_t *exports, wasm_trap_t **trap_out) {
  wasm_extern_vec_t imports = WASM_EMPTY_VEC;
  wasm_trap_t *trap = NULL;
  wasm_instance_t *inst = wasm_instance_new(store, m, &imports, &trap);
  if (trap_out)
    *trap_out = trap;
  else if (trap) {
    fprintf(stderr, "instantiation trapped: %s\n", trap_text(trap));
    wasm_trap_delete(trap);
  }
  if (inst) wasm_instance_exports(inst, exports);
  return inst;
}

static void done(wasm_instance_t *inst, wasm_extern_vec_t *exports) {
  wasm_extern_vec_delete(exports);
  wasm_instance_delete(inst);
}

/* Runs `_start` of `name` with the given WASI set-up; stdout/stderr captured. */
static wasm_trap_t *run_command(const char *name, const char **dirs, uint32_t ndirs, const char **maps,
                                uint32_t nmaps, const char **env, uint32_t nenv, char **argv, int argc,
                                const char **out, const char **err) {
  capture_t o, e;
  capture_open(&o, "out");
  capture_open(&e, "err");
  wasm_module_t *m = load_module(store, name);
  wasm_runtime_set_wasi_args_ex(*m, dirs, ndirs, maps, nmaps, env, nenv, argv, argc, -1, o.fd, e.fd);
  wasm_extern_vec_t ex;
  wasm_trap_t *trap = NULL;
  wasm_instance_t *inst = instantiate(m, &ex, &trap);
  if (inst) {
    trap = call(export_func(m, &ex, "_start"), 0, NULL, NULL, 0);
    done(inst, &ex);
  }
  *out = strdup(capture_text(&o));
  *err = strdup(capture_text(&e));
  capture_close(&o);
  capture_close(&e);
  wasm_module_delete(m);
  return trap;
}

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
    perror(path);
    exit(2);
  }
}

static const char *read_file(const char *path) {
  static char buf[4096];
  FILE *f = fopen(path, "r");
  if (!f) return "(missing)";
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = 0;
  return buf;
}

static bool exists(const char *path) {
  struct stat st;
  return lstat(path, &st) == 0;
}

/* ---- stdio, args, environment ------------------------------------------------ */

static void test_stdio(void) {
  const char *out, *err;
  wasm_trap_t *t = run_command("hello.wasm", NULL, 0, NULL, 0, NULL, 0, NULL, 0, &out, &err);
  CHECK(t == NULL);
  CHECK_STR(out, "Hello from WASI on stdout!\n");
  CHECK_STR(err, "Hello from WASI on stderr!\n");
  free((void *)out);
  free((void *)err);
  if (t) wasm_trap_delete(t);
}

static void test_args_env(void) {
  const char *env[] = {"A=1", "EMPTY=", "B=x=y"};
  char *argv[] = {"prog", "one", "two words"};
  const char *out, *err;
  wasm_trap_t *t = run_command("args_env.wasm", NULL, 0, NULL, 0, env, 3, argv, 3, &out, &err);
  CHECK(t == NULL);
  CHECK_STR(out, "argc=3\narg: prog\narg: one\narg: two words\nenvc=3\nenv: A=1\nenv: EMPTY=\nenv: B=x=y\n");
  CHECK_STR(err, "");
  free((void *)out);
  free((void *)err);

  /* No args and no env given: none, even though this process has an environment. */
  t = run_command("args_env.wasm", NULL, 0, NULL, 0, NULL, 0, NULL, 0, &out, &err);
  CHECK(t == NULL);
  CHECK_STR(out, "argc=0\nenvc=0\n");
  free((void *)out);
  free((void *)err);
}

/* Without any wasm_runtime_set_wasi_args call: no args, no env, inherited stdout. */
static void test_defaults_inherit_stdio(void) {
  capture_t o;
  capture_open(&o, "inherit");
  wasm_module_t *m = load_module(store, "args_env.wasm");
  wasm_extern_vec_t ex;
  wasm_instance_t *inst = instantiate(m, &ex, NULL);
  CHECK(inst != NULL);
  fflush(stdout);
  int saved = dup(1);
  dup2(o.fd, 1);
  wasm_trap_t *t = call(export_func(m, &ex, "_start"), 0, NULL, NULL, 0);
  fflush(stdout);
  dup2(saved, 1);
  close(saved);
  CHECK(t == NULL);
  CHECK_STR(capture_text(&o), "argc=0\nenvc=0\n");
  done(inst, &ex);
  wasm_module_delete(m);
  capture_close(&o);
}

/* Each instance has its own context: args set between two instantiations. */
static void test_per_instance_context(void) {
  capture_t o1, o2;
  capture_open(&o1, "one");
  capture_open(&o2, "two");
  wasm_module_t *m = load_module(store, "args_env.wasm");
  char *argv1[] = {"first"};
  char *argv2[] = {"second", "x"};
  const char *env2[] = {"K=V"};
  wasm_runtime_set_wasi_args_ex(*m, NULL, 0, NULL, 0, NULL, 0, argv1, 1, -1, o1.fd, -1);
  wasm_extern_vec_t ex1, ex2;
  wasm_instance_t *i1 = instantiate(m, &ex1, NULL);
  wasm_runtime_set_wasi_args_ex(*m, NULL, 0, NULL, 0, env2, 1, argv2, 2, -1, o2.fd, -1);
  wasm_instance_t *i2 = instantiate(m, &ex2, NULL);
  CHECK(i1 && i2);
  /* The second first, then the first: each keeps the set-up it was made with. */
  CHECK(call(export_func(m, &ex2, "_start"), 0, NULL, NULL, 0) == NULL);
  CHECK(call(export_func(m, &ex1, "_start"), 0, NULL, NULL, 0) == NULL);
  CHECK_STR(capture_text(&o1), "argc=1\narg: first\nenvc=0\n");
  CHECK_STR(capture_text(&o2), "argc=2\narg: second\narg: x\nenvc=1\nenv: K=V\n");
  done(i1, &ex1);
  done(i2, &ex2);
  wasm_module_delete(m);
  capture_close(&o1);
  capture_close(&o2);
}

/* NULL-tolerance of the set-up functions, and a module given no args at all. */
static void test_null_args(void) {
  wasm_runtime_set_wasi_args(NULL, NULL, 0, NULL, 0, NULL, 0, NULL, 0);
  wasm_runtime_set_wasi_args_ex(NULL, NULL, 3, NULL, 3, NULL, 3, NULL, 3, -1, -1, -1);
  wasm_module_t *m = load_module(store, "args_env.wasm");
  /* NULL arrays with non-zero counts and NULL entries are skipped. */
  const char *env[] = {NULL, "Z=1"};
  char *argv[] = {"a", NULL, "b"};
  capture_t o;
  capture_open(&o, "nulls");
  wasm_runtime_set_wasi_args_ex(*m, NULL, 5, NULL, 5, env, 2, argv, 3, -1, o.fd, -1);
  wasm_extern_vec_t ex;
  wasm_instance_t *inst = instantiate(m, &ex, NULL);
  CHECK(inst != NULL);
  CHECK(call(export_func(m, &ex, "_start"), 0, NULL, NULL, 0) == NULL);
  CHECK_STR(capture_text(&o), "argc=2\narg: a\narg: b\nenvc=1\nenv: Z=1\n");
  done(inst, &ex);
  wasm_module_delete(m);
  capture_close(&o);
  CHECK(!wamr_trap_exit_code(NULL, NULL));
}

/* ---- clocks and random -------------------------------------------------------- */

static void test_clock_random(void) {
  wasm_module_t *m = load_module(store, "clock_random.wasm");
  wasm_extern_vec_t ex;
  wasm_instance_t *inst = instantiate(m, &ex, NULL);
  CHECK(inst != NULL);
  wasm_func_t *now = export_func(m, &ex, "now"), *res = export_func(m, &ex, "res"),
              *rnd = export_func(m, &ex, "rand");

  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  int64_t host = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
  int64_t guest = call_i64_1(now, 0); /* realtime */
  CHECK(guest > 0);
  CHECK(llabs(guest - host) < 5LL * 1000000000); /* within 5 s of the host clock */

  int64_t m1 = call_i64_1(now, 1), m2; /* monotonic */
  struct timespec pause = {0, 2000000};
  nanosleep(&pause, NULL);
  m2 = call_i64_1(now, 1);
  CHECK(m1 > 0);
  CHECK(m2 - m1 >= 2000000); /* at least the 2 ms slept */
  CHECK(call_i64_1(res, 1) > 0);
  /* No such clock: wasi-common refuses the argument with a trap (WAMR: EINVAL). */
  int32_t bad_clock = 99;
  wasm_val_t cr[1] = {WASM_INIT_VAL};
  wasm_trap_t *ct = call(now, 1, &bad_clock, cr, 1);
  CHECK(ct && strstr(trap_text(ct), "Invalid enum value Clockid") != NULL);
  if (ct) wasm_trap_delete(ct);
  ct = call(res, 1, &bad_clock, cr, 1);
  CHECK(ct && strstr(trap_text(ct), "Invalid enum value Clockid") != NULL);
  if (ct) wasm_trap_delete(ct);
  CHECK(call_i64_1(res, 0) > 0);

  wasm_memory_t *mem = export_memory(&ex);
  unsigned char *data = (unsigned char *)wasm_memory_data(mem);
  int32_t args[2] = {1024, 64};
  CHECK_EQ_INT(call_i32(rnd, 2, args), 0);
  unsigned char first[64];
  memcpy(first, data + 1024, 64);
  int nonzero = 0;
  for (int i = 0; i < 64; i++) nonzero += first[i] != 0;
  CHECK(nonzero > 32); /* 64 random bytes: essentially never this many zeros */
  CHECK_EQ_INT(call_i32(rnd, 2, args), 0);
  CHECK(memcmp(first, data + 1024, 64) != 0);
  /* Out of bounds buffer: an error code (or a trap), never a host crash. */
  int32_t bad[2] = {65536 - 8, 64};
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_trap_t *t = call(rnd, 2, bad, r, 1);
  CHECK(strncmp(trap_text(t), "Exception: Pointer out of bounds", 32) == 0);
  CHECK(!wamr_trap_exit_code(t, NULL));
  if (t) wasm_trap_delete(t);
  done(inst, &ex);
  wasm_module_delete(m);
}

/* ---- files in a preopened directory ---------------------------------------------- */

static void test_files(void) {
  char dir[300], in[400], out_path[400];
  snprintf(dir, sizeof dir, "%s/files", tmp_root);
  mkdir(dir, 0700);
  snprintf(in, sizeof in, "%s/in.txt", dir);
  snprintf(out_path, sizeof out_path, "%s/out.txt", dir);
  write_file(in, "line from the host\n");
  write_file(out_path, "old content that must be truncated away\n");

  /* dir_list: the guest sees the directory under its host path. */
  const char *dirs[] = {dir};
  const char *out, *err;
  char expected[800];
  wasm_trap_t *t = run_command("files.wasm", dirs, 1, NULL, 0, NULL, 0, NULL, 0, &out, &err);
  CHECK(t == NULL);
  snprintf(expected, sizeof expected, "preopen: %s\nread: line from the host\ndone\n", dir);
  CHECK_STR(out, expected);
  CHECK_STR(read_file(out_path), "written by wasm\n");
  free((void *)out);
  free((void *)err);

  /* map_dir_list: "guest::host". */
  unlink(out_path);
  char map[400];
  snprintf(map, sizeof map, "/data::%s", dir);
  const char *maps[] = {map};
  t = run_command("files.wasm", NULL, 0, maps, 1, NULL, 0, NULL, 0, &out, &err);
  CHECK(t == NULL);
  CHECK_STR(out, "preopen: /data\nread: line from the host\ndone\n");
  CHECK_STR(read_file(out_path), "written by wasm\n");
  free((void *)out);
  free((void *)err);

  /* No preopen: fd 3 does not exist, the module reports EBADF and exits 1. */
  t = run_command("files.wasm", NULL, 0, NULL, 0, NULL, 0, NULL, 0, &out, &err);
  CHECK(t != NULL);
  int32_t code = -1;
  CHECK(wamr_trap_exit_code(t, &code));
  CHECK_EQ_INT(code, 1);
  CHECK_STR(out, "error 1 8\n");
  free((void *)out);
  free((void *)err);
  if (t) wasm_trap_delete(t);

  /* A preopen that does not exist fails the instantiation, saying which. */
  const char *missing[] = {"/no/such/dir/for/wasi"};
  t = run_command("files.wasm", missing, 1, NULL, 0, NULL, 0, NULL, 0, &out, &err);
  CHECK(t != NULL);
  CHECK(strstr(trap_text(t), "error while pre-opening directory /no/such/dir/for/wasi") != NULL);
  CHECK(!wamr_trap_exit_code(t, NULL));
  free((void *)out);
  free((void *)err);
  if (t) wasm_trap_delete(t);

  /* A module that imports no WASI function never opens its WASI set-up. */
  wasm_module_t *m = load_module(store, "plain_init.wasm");
  wasm_runtime_set_wasi_args(*m, missing, 1, NULL, 0, NULL, 0, NULL, 0);
  wasm_extern_vec_t ex;
  wasm_instance_t *inst = instantiate(m, &ex, NULL);
  CHECK(inst != NULL);
  if (inst) done(inst, &ex);
  wasm_module_delete(m);
}

/* ---- proc_exit ----------------------------------------------------------------- */

static void test_exit(void) {
  capture_t o;
  capture_open(&o, "exit");
  wasm_module_t *m = load_module(store, "exit.wasm");
  wasm_runtime_set_wasi_args_ex(*m, NULL, 0, NULL, 0, NULL, 0, NULL, 0, -1, o.fd, -1);
  wasm_extern_vec_t ex;
  wasm_instance_t *inst = instantiate(m, &ex, NULL);
  CHECK(inst != NULL);
  int32_t code = -1;

  wasm_trap_t *t = call(export_func(m, &ex, "_start"), 0, NULL, NULL, 0);
  CHECK(t != NULL);
  CHECK_STR(trap_text(t), "Exception: wasi proc exit(7)");
  CHECK(wamr_trap_exit_code(t, &code));
  CHECK_EQ_INT(code, 7);
  CHECK_STR(capture_text(&o), "exiting with 7\n");
  wasm_message_t msg;
  wasm_trap_message(t, &msg);
  CHECK_EQ_INT(msg.size, strlen("Exception: wasi proc exit(7)") + 1); /* NUL counted */
  wasm_byte_vec_delete(&msg);
  wasm_trap_delete(t);

  int32_t codes[] = {0, 3, 125, 126, 255};
  for (size_t i = 0; i < sizeof codes / sizeof *codes; i++) {
    char want[64];
    t = call(export_func(m, &ex, "exit_with"), 1, &codes[i], NULL, 0);
    snprintf(want, sizeof want, "Exception: wasi proc exit(%d)", codes[i]);
    CHECK_STR(trap_text(t), want);
    code = -1;
    CHECK(wamr_trap_exit_code(t, &code));
    CHECK_EQ_INT(code, codes[i]);
    CHECK(wamr_trap_exit_code(t, NULL));
    if (t) wasm_trap_delete(t);
  }

  /* A crash is not an exit. */
  t = call(export_func(m, &ex, "crash"), 0, NULL, NULL, 0);
  CHECK_STR(trap_text(t), "Exception: unreachable");
  code = 1234;
  CHECK(!wamr_trap_exit_code(t, &code));
  CHECK_EQ_INT(code, 1234);
  if (t) wasm_trap_delete(t);
  /* A trap made by the host is not an exit either. */
  wasm_message_t hm;
  wasm_name_new_from_string_nt(&hm, "wasi proc exit(0)");
  t = wasm_trap_new(store, &hm);
  wasm_byte_vec_delete(&hm);
  CHECK(!wamr_trap_exit_code(t, &code));
  wasm_trap_delete(t);

  /* The instance stays usable after an exit. */
  t = call(export_func(m, &ex, "exit_with"), 1, (int32_t[]){9}, NULL, 0);
  CHECK(wamr_trap_exit_code(t, &code) && code == 9);
  if (t) wasm_trap_delete(t);
  done(inst, &ex);
  wasm_module_delete(m);
  capture_close(&o);
}

/* ---- reactors and post-instantiation functions -------------------------------- */

static int32_t get_after_instantiation(const char *name, const char **out) {
  capture_t o;
  capture_open(&o, "reactor");
  wasm_module_t *m = load_module(store, name);
  wasm_runtime_set_wasi_args_ex(*m, NULL, 0, NULL, 0, NULL, 0, NULL, 0, -1, o.fd, -1);
  wasm_extern_vec_t ex;
  wasm_instance_t *inst = instantiate(m, &ex, NULL);
  int32_t v = inst ? call_i32(export_func(m, &ex, "get"), 0, NULL) : -1;
  if (inst) done(inst, &ex);
  wasm_module_delete(m);
  if (out) *out = strdup(capture_text(&o));
  capture_close(&o);
  return v;
}

static void test_reactor(void) {
  const char *out;
  /* WASI module: _initialize (1) then __post_instantiate (10); not __wasm_call_ctors. */
  CHECK_EQ_INT(get_after_instantiation("reactor.wasm", &out), 11);
  CHECK_STR(out, "initialized\n");
  free((void *)out);
  /* Non-WASI module: __post_instantiate (10) and __wasm_call_ctors (100); not _initialize. */
  CHECK_EQ_INT(get_after_instantiation("plain_init.wasm", NULL), 110);
  /* Wrong types: skipped. */
  CHECK_EQ_INT(get_after_instantiation("bad_init.wasm", NULL), 0);

  /* _initialize that exits: instantiation fails with the exit trap. */
  wasm_module_t *m = load_module(store, "reactor_exit.wasm");
  wasm_extern_vec_t ex;
  wasm_trap_t *t = NULL;
  wasm_instance_t *inst = instantiate(m, &ex, &t);
  CHECK(inst == NULL);
  int32_t code = -1;
  CHECK(wamr_trap_exit_code(t, &code));
  CHECK_EQ_INT(code, 3);
  if (t) wasm_trap_delete(t);
  wasm_module_delete(m);
}

/* ---- import linking: is_linked, empty slots, placeholders, overrides ------------ */

static int host_writes;
static wasm_trap_t *host_fd_write(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  host_writes++;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = 1000 + args->data[0].of.i32; /* "errno" 1001 for fd 1 */
  return NULL;
}

static wasm_trap_t *host_env(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = 77;
  return NULL;
}

static void test_linking(void) {
  wasm_module_t *m = load_module(store, "links.wasm");
  wasm_importtype_vec_t imps;
  wasm_module_imports(m, &imps);
  CHECK_EQ_INT(imps.size, 4);
  if (imps.size == 4) {
    CHECK(wasm_importtype_is_linked(imps.data[0]));  /* fd_write */
    CHECK(wasm_importtype_is_linked(imps.data[1]));  /* random_get */
    CHECK(!wasm_importtype_is_linked(imps.data[2])); /* proc_raise, wrong signature */
    CHECK(!wasm_importtype_is_linked(imps.data[3])); /* env.host */
  }
  wasm_importtype_vec_delete(&imps);
  CHECK(!wasm_importtype_is_linked(NULL));

  /* 1. Empty imports: all WASI built in; the others unlinked. */
  capture_t o;
  capture_open(&o, "links");
  wasm_runtime_set_wasi_args_ex(*m, NULL, 0, NULL, 0, NULL, 0, NULL, 0, -1, o.fd, -1);
  wasm_extern_vec_t ex;
  wasm_instance_t *inst = instantiate(m, &ex, NULL);
  CHECK(inst != NULL);
  wasm_val_t r[2] = {WASM_INIT_VAL, WASM_INIT_VAL};
  CHECK(call(export_func(m, &ex, "write"), 0, NULL, r, 2) == NULL);
  CHECK_EQ_INT(r[0].of.i32, 0);
  CHECK_EQ_INT(r[1].of.i32, 13);
  CHECK_STR(capture_text(&o), "via fd_write\n");
  CHECK_EQ_INT(call_i32(export_func(m, &ex, "rand"), 0, NULL), 0);
  wasm_trap_t *t = call(export_func(m, &ex, "raise"), 0, NULL, NULL, 0);
  CHECK_STR(trap_text(t), "Exception: failed to call unlinked import function (wasi_snapshot_preview1, proc_raise)");
  if (t) wasm_trap_delete(t);
  t = call(export_func(m, &ex, "host"), 0, NULL, r, 1);
  CHECK_STR(trap_text(t), "Exception: failed to call unlinked import function (env, host)");
  if (t) wasm_trap_delete(t);
  done(inst, &ex);

  /* 2. A host function in the fd_write slot overrides the built-in; a
   *    wasm_extern_new_empty placeholder keeps random_get built in. */
  wasm_valtype_t *ps[4] = {wasm_valtype_new_i32(), wasm_valtype_new_i32(), wasm_valtype_new_i32(),
                           wasm_valtype_new_i32()};
  wasm_valtype_t *rs[1] = {wasm_valtype_new_i32()};
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new(&params, 4, ps);
  wasm_valtype_vec_new(&results, 1, rs);
  wasm_functype_t *wty = wasm_functype_new(&params, &results);
  wasm_func_t *hw = wasm_func_new(store, wty, host_fd_write);
  wasm_functype_t *ety = wasm_functype_new_0_1(wasm_valtype_new_i32());
  wasm_func_t *he = wasm_func_new(store, ety, host_env);
  wasm_extern_t *empty1 = wasm_extern_new_empty(store, WASM_EXTERN_FUNC);
  wasm_extern_t *empty2 = wasm_extern_new_empty(store, WASM_EXTERN_FUNC);
  wasm_extern_t *items[] = {wasm_func_as_extern(hw), empty1, empty2, wasm_func_as_extern(he)};
  wasm_extern_vec_t given = {4, items, 4, sizeof(wasm_extern_t *), NULL};
  t = NULL;
  inst = wasm_instance_new(store, m, &given, &t);
  CHECK(inst != NULL && t == NULL);
  wasm_instance_exports(inst, &ex);
  host_writes = 0;
  r[0].of.i32 = r[1].of.i32 = 0;
  CHECK(call(export_func(m, &ex, "write"), 0, NULL, r, 2) == NULL);
  CHECK_EQ_INT(host_writes, 1);
  CHECK_EQ_INT(r[0].of.i32, 1001);
  CHECK_EQ_INT(r[1].of.i32, -1); /* the host did not store a count */
  CHECK_STR(capture_text(&o), "via fd_write\n"); /* nothing more reached the file */
  CHECK_EQ_INT(call_i32(export_func(m, &ex, "rand"), 0, NULL), 0);
  CHECK_EQ_INT(call_i32(export_func(m, &ex, "host"), 0, NULL), 77);
  done(inst, &ex);
  wasm_extern_delete(empty1);
  wasm_extern_delete(empty2);
  wasm_func_delete(hw);
  wasm_func_delete(he);
  wasm_functype_delete(wty);
  wasm_functype_delete(ety);
  wasm_module_delete(m);
  capture_close(&o);
}

/* ---- the sandbox ------------------------------------------------------------------ */

typedef struct {
  wasm_module_t *m;
  wasm_instance_t *inst;
  wasm_extern_vec_t ex;
  char *mem;
} probe_t;

static void probe_open(probe_t *p, const char **dirs, uint32_t ndirs, const char **maps, uint32_t nmaps) {
  p->m = load_module(store, "sandbox.wasm");
  wasm_runtime_set_wasi_args(*p->m, dirs, ndirs, maps, nmaps, NULL, 0, NULL, 0);
  p->inst = instantiate(p->m, &p->ex, NULL);
  if (!p->inst) {
    fprintf(stderr, "sandbox module did not instantiate\n");
    exit(2);
  }
  p->mem = wasm_memory_data(export_memory(&p->ex));
}

static void probe_close(probe_t *p) {
  done(p->inst, &p->ex);
  wasm_module_delete(p->m);
}

/* Calls probe `fn(dirfd, len(path), extra...)` with `path` at guest address 1024. */
static int32_t probe(probe_t *p, const char *fn, int32_t dirfd, const char *path, int32_t extra) {
  size_t len = strlen(path);
  memcpy(p->mem + 1024, path, len);
  int32_t args[3] = {dirfd, (int32_t)len, extra};
  int n = strcmp(fn, "make_dir") == 0 || strcmp(fn, "stat") == 0 ? 2 : 3;
  return call_i32(export_func(p->m, &p->ex, fn), n, args);
}

static bool denied(int32_t e) { return e == WASI_ENOTCAPABLE || e == WASI_EPERM; }

static void test_sandbox(void) {
  char box[300], outside[300], secret[400], path[600];
  snprintf(box, sizeof box, "%s/box", tmp_root);
  snprintf(outside, sizeof outside, "%s/outside", tmp_root);
  snprintf(secret, sizeof secret, "%s/secret.txt", outside);
  mkdir(box, 0700);
  mkdir(outside, 0700);
  snprintf(path, sizeof path, "%s/sub", box);
  mkdir(path, 0700);
  write_file(secret, "top secret\n");
  snprintf(path, sizeof path, "%s/inside.txt", box);
  write_file(path, "inside\n");
  snprintf(path, sizeof path, "%s/link_out", box);
  CHECK(symlink("../outside", path) == 0);
  snprintf(path, sizeof path, "%s/link_file", box);
  CHECK(symlink("../outside/secret.txt", path) == 0);
  snprintf(path, sizeof path, "%s/abs_link", box);
  CHECK(symlink(secret, path) == 0);
  snprintf(path, sizeof path, "%s/link_in", box);
  CHECK(symlink("sub/../inside.txt", path) == 0);

  probe_t p;
  const char *dirs[] = {box};
  probe_open(&p, dirs, 1, NULL, 0);

  /* Positive: files inside the preopen, `..` that stays inside, a symlink inside. */
  CHECK_EQ_INT(probe(&p, "read_file", 3, "inside.txt", 1), 0);
  CHECK(memcmp(p.mem + 2048, "inside\n", 7) == 0);
  CHECK_EQ_INT(probe(&p, "read_file", 3, "sub/../inside.txt", 1), 0);
  CHECK_EQ_INT(probe(&p, "read_file", 3, "./sub/../inside.txt", 0), 0);
  memset(p.mem + 2048, 0, 16);
  CHECK_EQ_INT(probe(&p, "read_file", 3, "link_in", 1), 0);
  CHECK(memcmp(p.mem + 2048, "inside\n", 7) == 0);
  CHECK_EQ_INT(probe(&p, "stat", 3, "inside.txt", 0), 0);
  CHECK_EQ_INT(*(int64_t *)(p.mem + 32), 7);
  CHECK_EQ_INT(probe(&p, "read_file", 3, "nothing_here.txt", 1), WASI_ENOENT);

  /* Escapes: `..`, absolute paths, symlinks leading out. None reads the secret. */
  memset(p.mem + 2048, 0, 64);
  int32_t e;
  e = probe(&p, "read_file", 3, "../outside/secret.txt", 1);
  CHECK(denied(e));
  e = probe(&p, "read_file", 3, "sub/../../outside/secret.txt", 1);
  CHECK(denied(e));
  e = probe(&p, "read_file", 3, "/etc/passwd", 1);
  CHECK(denied(e));
  e = probe(&p, "read_file", 3, secret, 1);
  CHECK(denied(e));
  e = probe(&p, "read_file", 3, "link_out/secret.txt", 1);
  CHECK(denied(e));
  e = probe(&p, "read_file", 3, "link_file", 1);
  CHECK(denied(e));
  e = probe(&p, "read_file", 3, "abs_link", 1);
  CHECK(denied(e));
  e = probe(&p, "stat", 3, "link_file", 0);
  CHECK(denied(e));
  e = probe(&p, "stat", 3, "..", 0);
  CHECK(denied(e));
  CHECK(strstr(p.mem + 2048, "top secret") == NULL);

  /* Writes that would land outside: refused, and nothing appears on the host. */
  e = probe(&p, "create_file", 3, "../escaped.txt", 1);
  CHECK(denied(e));
  snprintf(path, sizeof path, "%s/escaped.txt", tmp_root);
  CHECK(!exists(path));
  e = probe(&p, "create_file", 3, "link_out/new.txt", 1);
  CHECK(denied(e));
  snprintf(path, sizeof path, "%s/new.txt", outside);
  CHECK(!exists(path));
  e = probe(&p, "create_file", 3, "link_file", 1);
  CHECK(denied(e));
  CHECK_STR(read_file(secret), "top secret\n");
  e = probe(&p, "make_dir", 3, "../newdir", 0);
  CHECK(denied(e));
  snprintf(path, sizeof path, "%s/newdir", tmp_root);
  CHECK(!exists(path));
  e = probe(&p, "create_file", 3, "/tmp/wasi_sandbox_abs.txt", 1);
  CHECK(denied(e));
  CHECK(!exists("/tmp/wasi_sandbox_abs.txt"));
  /* A symlink made by the guest may not point out either (or, if made, not be followed). */
  memcpy(p.mem + 1536, "../outside/secret.txt", 21);
  int32_t sargs[3] = {3, 7, 21};
  memcpy(p.mem + 1024, "evil_ln", 7);
  e = call_i32(export_func(p.m, &p.ex, "symlink"), 3, sargs);
  if (e == 0) {
    CHECK(denied(probe(&p, "read_file", 3, "evil_ln", 1)));
  } else {
    CHECK(denied(e));
  }
  /* Positive writes inside work. */
  CHECK_EQ_INT(probe(&p, "create_file", 3, "sub/made.txt", 1), 0);
  snprintf(path, sizeof path, "%s/sub/made.txt", box);
  CHECK(exists(path));
  CHECK_EQ_INT(probe(&p, "make_dir", 3, "newdir", 0), 0);
  snprintf(path, sizeof path, "%s/newdir", box);
  CHECK(exists(path));

  /* Only the preopen exists: fd 4 and stdio are not directories to open from. */
  CHECK_EQ_INT(probe(&p, "read_file", 4, "inside.txt", 1), WASI_EBADF);
  CHECK_EQ_INT(call_i32(export_func(p.m, &p.ex, "prestat_name"), 1, (int32_t[]){3}), 0);
  CHECK(memcmp(p.mem + 2048, box, strlen(box)) == 0);
  CHECK_EQ_INT(*(int32_t *)(p.mem + 20), (int32_t)strlen(box));
  CHECK_EQ_INT(call_i32(export_func(p.m, &p.ex, "prestat_name"), 1, (int32_t[]){4}), WASI_EBADF);
  probe_close(&p);

  /* No preopens at all: nothing can be opened. */
  probe_open(&p, NULL, 0, NULL, 0);
  CHECK_EQ_INT(call_i32(export_func(p.m, &p.ex, "prestat_name"), 1, (int32_t[]){3}), WASI_EBADF);
  CHECK_EQ_INT(probe(&p, "read_file", 3, "inside.txt", 1), WASI_EBADF);
  probe_close(&p);

  /* A mapped preopen: guest name "/sandbox", same confinement. */
  char map[400];
  snprintf(map, sizeof map, "/sandbox::%s", box);
  const char *maps[] = {map};
  probe_open(&p, NULL, 0, maps, 1);
  CHECK_EQ_INT(call_i32(export_func(p.m, &p.ex, "prestat_name"), 1, (int32_t[]){3}), 0);
  CHECK(memcmp(p.mem + 2048, "/sandbox", 8) == 0);
  CHECK_EQ_INT(probe(&p, "read_file", 3, "inside.txt", 1), 0);
  CHECK(denied(probe(&p, "read_file", 3, "../outside/secret.txt", 1)));
  CHECK(denied(probe(&p, "read_file", 3, "link_out/secret.txt", 1)));
  probe_close(&p);
}

int main(void) {
  snprintf(tmp_root, sizeof tmp_root, "%s/wasi-test.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
  if (!mkdtemp(tmp_root)) {
    perror("mkdtemp");
    return 2;
  }
  engine = wasm_engine_new();
  store = wasm_store_new(engine);

  test_stdio();
  test_args_env();
  test_defaults_inherit_stdio();
  test_per_instance_context();
  test_null_args();
  test_clock_random();
  test_files();
  test_exit();
  test_reactor();
  test_linking();
  test_sandbox();

  wasm_store_delete(store);
  wasm_engine_delete(engine);
  char cmd[400];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp_root);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmp_root);
  return test_summary();
}
