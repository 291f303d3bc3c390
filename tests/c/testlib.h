/* A tiny assertion library for the C tests: CHECK, CHECK_EQ_*, and loading
 * modules from $WASM_DIR. Each test ends with `return test_summary();`, which
 * prints "N passed, M failed" and returns non-zero if anything failed. */
#ifndef TESTLIB_H
#define TESTLIB_H

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "wasm_c_api.h"

static int tl_passed, tl_failed;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (cond) {                                                                \
      tl_passed++;                                                             \
    } else {                                                                   \
      tl_failed++;                                                             \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                          \
  } while (0)

#define CHECK_EQ_INT(actual, expected)                                          \
  do {                                                                          \
    long long tl_a = (long long)(actual), tl_e = (long long)(expected);         \
    if (tl_a == tl_e) {                                                         \
      tl_passed++;                                                              \
    } else {                                                                    \
      tl_failed++;                                                              \
      fprintf(stderr, "%s:%d: %s == %lld, expected %lld\n", __FILE__, __LINE__, \
              #actual, tl_a, tl_e);                                             \
    }                                                                           \
  } while (0)

/* Compares `size` bytes of a byte vec with a C string plus its NUL (WAMR names). */
#define CHECK_NAME_NT(vec, str)                                                  \
  do {                                                                           \
    const wasm_byte_vec_t *tl_v = (vec);                                         \
    const char *tl_s = (str);                                                    \
    size_t tl_n = strlen(tl_s) + 1;                                              \
    if (tl_v && tl_v->size == tl_n && memcmp(tl_v->data, tl_s, tl_n) == 0) {     \
      tl_passed++;                                                               \
    } else {                                                                     \
      tl_failed++;                                                               \
      fprintf(stderr, "%s:%d: name is \"%.*s\" (size %zu), expected \"%s\\0\"\n", \
              __FILE__, __LINE__, tl_v ? (int)tl_v->size : 0,                     \
              tl_v ? tl_v->data : "", tl_v ? tl_v->size : 0, tl_s);               \
    }                                                                            \
  } while (0)

/* Checks that `trap` is a trap whose message is `expected` (plus WAMR's NUL); deletes it. */
static inline void check_trap(wasm_trap_t *trap, const char *expected) {
  CHECK(trap != NULL);
  if (!trap) return;
  wasm_message_t msg;
  wasm_trap_message(trap, &msg);
  CHECK_NAME_NT(&msg, expected);
  wasm_byte_vec_delete(&msg);
  wasm_trap_delete(trap);
}

/* The export `name` of a module as a function (exports: its instance's, in module
 * order); NULL if there is none. */
static inline wasm_func_t *export_func_named(const wasm_exporttype_vec_t *types, const wasm_extern_vec_t *exports,
                                 const char *name) {
  for (size_t i = 0; i < types->size; i++) {
    const wasm_name_t *n = wasm_exporttype_name(types->data[i]);
    size_t len = strlen(name);
    /* WAMR's names count a trailing NUL; the spec's do not */
    if ((n->size == len || (n->size == len + 1 && n->data[len] == '\0')) && memcmp(n->data, name, len) == 0)
      return wasm_extern_as_func(exports->data[i]);
  }
  return NULL;
}

/* export_func_named, with the module's export types read here. */
static inline wasm_func_t *module_func(wasm_module_t *module, const wasm_extern_vec_t *exports, const char *name) {
  wasm_exporttype_vec_t types;
  wasm_module_exports(module, &types);
  wasm_func_t *f = export_func_named(&types, exports, name);
  wasm_exporttype_vec_delete(&types);
  return f;
}

/* Resident set size of this process in KiB (-1 if unknown). */
static inline long rss_kib(void) {
  long pages = 0, resident = 0;
  FILE *f = fopen("/proc/self/statm", "r");
  if (!f) return -1;
  if (fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = -1;
  fclose(f);
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

/* A monotonic clock, in seconds. */
static inline double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static inline int test_summary(void) {
  printf("%d passed, %d failed\n", tl_passed, tl_failed);
  return tl_failed ? 1 : 0;
}

/* Reads $WASM_DIR/<name> into `out` (a new byte vec); exits on failure. */
static inline void load_wasm(const char *name, wasm_byte_vec_t *out) {
  const char *dir = getenv("WASM_DIR");
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", dir ? dir : "build/wasm", name);
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "cannot open %s\n", path);
    exit(2);
  }
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  wasm_byte_vec_new_uninitialized(out, (size_t)n);
  if (fread(out->data, 1, (size_t)n, f) != (size_t)n) {
    fprintf(stderr, "cannot read %s\n", path);
    exit(2);
  }
  fclose(f);
}

/* Compiles $WASM_DIR/<name> in `s`; exits on failure. */
static inline wasm_module_t *load_module(wasm_store_t *s, const char *name) {
  wasm_byte_vec_t bin;
  load_wasm(name, &bin);
  wasm_module_t *m = wasm_module_new(s, &bin);
  wasm_byte_vec_delete(&bin);
  if (!m) {
    fprintf(stderr, "cannot compile %s\n", name);
    exit(2);
  }
  return m;
}

/* A C string equal to `expected` (NULL fails). */
#define CHECK_STR(actual, expected)                                                          \
  do {                                                                                       \
    const char *tl_a = (actual), *tl_e = (expected);                                         \
    if (tl_a && strcmp(tl_a, tl_e) == 0) {                                                   \
      tl_passed++;                                                                           \
    } else {                                                                                 \
      tl_failed++;                                                                           \
      fprintf(stderr, "%s:%d: %s is \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #actual, \
              tl_a ? tl_a : "(NULL)", tl_e);                                                 \
    }                                                                                        \
  } while (0)

/* Capturing what the library (or wasm through it) prints on stdout. */
struct capture {
  char text[16384];
  FILE *file;
  int saved_out, saved_err;
};

static inline struct capture *capture_state(void) {
  static struct capture c = {.saved_out = -1, .saved_err = -1};
  return &c;
}

/* Sends stdout (and with `with_stderr`, stderr) to a temporary file until capture_end. */
static inline void capture_begin(bool with_stderr) {
  struct capture *c = capture_state();
  fflush(stdout);
  fflush(stderr);
  c->file = tmpfile();
  c->saved_out = dup(1);
  dup2(fileno(c->file), 1);
  if (with_stderr) {
    c->saved_err = dup(2);
    dup2(fileno(c->file), 2);
  }
}

/* What was written since capture_begin (in a static buffer). */
static inline const char *capture_end(void) {
  struct capture *c = capture_state();
  fflush(stdout);
  fflush(stderr);
  dup2(c->saved_out, 1);
  close(c->saved_out);
  if (c->saved_err >= 0) {
    dup2(c->saved_err, 2);
    close(c->saved_err);
    c->saved_err = -1;
  }
  rewind(c->file);
  size_t n = fread(c->text, 1, sizeof c->text - 1, c->file);
  c->text[n] = 0;
  fclose(c->file);
  return c->text;
}

#endif
