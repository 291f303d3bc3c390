/* wasm_export.h's libc-builtin: WAMR's "env" module of C library functions for apps
 * built with -nostdlib, registered by wasm_runtime_init (wasm: export_libc.wat and
 * export_libc_heap.wat).
 * Covered, each with what must fail as well as what must work:
 * - printf with WAMR's wasm32 va_list (a pointer to the arguments packed in linear
 *   memory at natural alignment, the padding never read): %d %i %u %x %X %o %c %s %p
 *   %f %e %E %g %G %lld %llx %llu, %ld %lu %zu (32-bit), %hhd %hd, %%, flags, widths and
 *   precisions (also `*`), %s of NULL, %n; the count it returns; the text going to the
 *   process's stdout (captured here); an app's own call with its arguments stored by wasm;
 * - sprintf into linear memory; snprintf truncating and returning the full length;
 * - puts, putchar; malloc, calloc (zeroed, overflow: 0), free (0: harmless), strdup on the
 *   app heap, malloc beyond the heap: 0 and no exception;
 * - memcpy, memmove (overlapping), memset, memcmp, strlen, strcmp, strncmp, strcpy,
 *   strncpy (padding), strchr, atoi, the ctype functions;
 * - exit(3) / abort(7): the call ends there with "Exception: env.exit(3)" / "env.abort(7)";
 * - pointers outside memory trap with "Exception: out of bounds memory access", not a
 *   crash: a %s argument, a string running off the end, the format string, the argument
 *   list (or its end), the buffers of sprintf, snprintf and the mem and str functions,
 *   source and destination (the cases a faulty library could crash on run in a child
 *   process, so they fail alone);
 * - an import whose type does not fit the builtin's signature stays unlinked;
 * - an app exporting malloc and free: libc-builtin's malloc and free go to them (free(0)
 *   does not); its malloc calling libc-builtin's recurses: a stack overflow, not a crash;
 * - an embedder's native for "env" named like a builtin ("puts") shadows it for modules
 *   loaded while it is registered, and only them.
 * Built against our header and WAMR's. */
#include "wasm_export.h"
#include "testlib.h"
#include <stdarg.h>
#include <sys/wait.h>

#define OOB "Exception: out of bounds memory access"

/* Where the test puts what it passes: format strings, argument lists, strings, buffers. */
enum { FMT = 0x1000, VA = 0x1800, STR = 0x2000, STR2 = 0x2800, DST = 0x3000, BIG = 0x4000 };

/* ---- modules and calls ---- */

/* A module's bytes, as read from $WASM_DIR. */
typedef struct {
  uint8_t *data;
  uint32_t size;
} binary_t;

/* Reads $WASM_DIR/<name> with plain stdio (WAMR's wasm_byte_vec_* need its runtime). */
static binary_t read_wasm(const char *name) {
  const char *dir = getenv("WASM_DIR");
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", dir ? dir : "build/wasm", name);
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "cannot open %s\n", path);
    exit(2);
  }
  binary_t b;
  fseek(f, 0, SEEK_END);
  b.size = (uint32_t)ftell(f);
  fseek(f, 0, SEEK_SET);
  b.data = malloc(b.size);
  if (fread(b.data, 1, b.size, f) != b.size) exit(2);
  fclose(f);
  return b;
}

/* Bytes given to wasm_runtime_load: WAMR's loader writes into them and keeps them. */
static uint8_t *loaded_copies[8];
static int n_loaded;

static wasm_module_t load(binary_t b) {
  char err[128];
  uint8_t *copy = malloc(b.size);
  memcpy(copy, b.data, b.size);
  loaded_copies[n_loaded++] = copy;
  wasm_module_t m = wasm_runtime_load(copy, b.size, err, sizeof err);
  CHECK(m != NULL);
  return m;
}

static wasm_module_inst_t instantiate(wasm_module_t m, uint32_t heap) {
  char err[128];
  wasm_module_inst_t i = wasm_runtime_instantiate(m, 64 * 1024, heap, err, sizeof err);
  CHECK(i != NULL);
  return i;
}

static binary_t libc_wasm;       /* export_libc.wasm */
static wasm_module_inst_t inst; /* the instance the helpers below work on */
static bool ok;                 /* whether the last call() returned true */

static char *mem(uint32_t off) { return (char *)wasm_runtime_addr_app_to_native(inst, off); }

/* Calls export `name` with `argc` i32 arguments; its i32 result (the first argument
 * back if it has none). Sets `ok`. */
static int32_t call(const char *name, int argc, ...) {
  uint32_t argv[4] = {0};
  va_list ap;
  va_start(ap, argc);
  for (int i = 0; i < argc; i++) argv[i] = (uint32_t)va_arg(ap, int);
  va_end(ap);
  wasm_function_inst_t f = wasm_runtime_lookup_function(inst, name);
  ok = f && wasm_runtime_call_wasm(wasm_runtime_get_exec_env_singleton(inst), f, (uint32_t)argc, argv);
  return (int32_t)argv[0];
}

/* The size of the instance's memory in bytes. */
static uint32_t mem_size(void) { return (uint32_t)call("pages", 0) * 65536u; }

/* Checks that the last call failed with exception `expected`, then clears it (WAMR
 * keeps it, failing later calls, until the embedder does). */
static void check_exception(int line, const char *expected) {
  const char *e = wasm_runtime_get_exception(inst);
  if (!ok && e && strcmp(e, expected) == 0) {
    tl_passed++;
  } else {
    tl_failed++;
    fprintf(stderr, "%s:%d: the call %s with exception \"%s\", expected a failure with \"%s\"\n", __FILE__, line,
            ok ? "succeeded" : "failed", e ? e : "(none)", expected);
  }
  wasm_runtime_clear_exception(inst);
}
#define CHECK_TRAPPED(expected) check_exception(__LINE__, expected)

/* A child process for a call that may crash a faulty library. It reports its verdict
 * through a pipe, not its exit status: under valgrind a child's exit status also counts
 * what the parent allocated and the child never freed. */
static pid_t fork_child(int verdict[2]) {
  fflush(stdout);
  fflush(stderr);
  if (pipe(verdict) != 0) exit(2);
  pid_t pid = fork();
  if (pid != 0) close(verdict[1]);
  return pid;
}

static void child_exit(int verdict[2], bool passed) {
  char c = passed ? 'y' : 'n';
  if (write(verdict[1], &c, 1) != 1) _exit(3);
  _exit(0);
}

/* Whether the child said it passed (a crash says nothing); its status in *status. */
static bool child_passed(pid_t pid, int verdict[2], int *status) {
  char c = 0;
  ssize_t n = read(verdict[0], &c, 1);
  close(verdict[0]);
  waitpid(pid, status, 0);
  return n == 1 && c == 'y';
}

/* Runs export `name` with `argc` of (a, b, c) in a child process, which passes if the
 * call fails with exception `expected`. A library that reads or writes outside linear
 * memory instead may crash: in a child, that fails this check rather than the whole test. */
static void check_trap_in_child(int line, const char *expected, const char *name, int argc, uint32_t a, uint32_t b,
                                uint32_t c) {
  int verdict[2];
  pid_t pid = fork_child(verdict);
  if (pid == 0) {
    call(name, argc, a, b, c);
    const char *e = wasm_runtime_get_exception(inst);
    child_exit(verdict, !ok && e && strcmp(e, expected) == 0);
  }
  int status = 0;
  if (child_passed(pid, verdict, &status)) {
    tl_passed++;
  } else {
    tl_failed++;
    fprintf(stderr, "%s:%d: %s(0x%x, 0x%x, %u) did not fail with \"%s\" (%s %d)\n", __FILE__, line, name, a, b, c,
            expected, WIFSIGNALED(status) ? "the child was killed by signal" : "the child's exit status",
            WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
  }
}
#define CHECK_OOB_IN_CHILD(name, a, b, c) check_trap_in_child(__LINE__, OOB, name, 3, a, b, c)

/* ---- argument lists, as a wasm32 app's va_list ---- */

static uint32_t va_at;

/* Starts an argument list at VA, its bytes (padding included) set to 0xEE first. */
static void va_begin(void) {
  memset(mem(VA), 0xEE, 256);
  va_at = VA;
}
static void va_i32(int32_t v) {
  va_at = (va_at + 3) & ~3u;
  memcpy(mem(va_at), &v, 4);
  va_at += 4;
}
static void va_i64(int64_t v) {
  va_at = (va_at + 7) & ~7u;
  memcpy(mem(va_at), &v, 8);
  va_at += 8;
}
static void va_f64(double v) {
  va_at = (va_at + 7) & ~7u;
  memcpy(mem(va_at), &v, 8);
  va_at += 8;
}
/* Puts string `s` at app offset `off`; returns `off`. */
static uint32_t put_str(uint32_t off, const char *s) {
  strcpy(mem(off), s);
  return off;
}

/* printf(fmt_off, va_off) from wasm: what it printed; its result in *ret. */
static const char *wasm_printf(uint32_t fmt_off, uint32_t va_off, int32_t *ret) {
  capture_begin(false);
  int32_t r = call("call_printf", 2, fmt_off, va_off);
  const char *out = capture_end();
  if (ret) *ret = r;
  return out;
}

/* printf(fmt, <the list at VA>) from wasm prints `expected` and returns its length. */
static void check_printf(int line, const char *fmt, const char *expected) {
  put_str(FMT, fmt);
  int32_t ret;
  const char *out = wasm_printf(FMT, VA, &ret);
  if (ok && strcmp(out, expected) == 0 && ret == (int32_t)strlen(expected)) {
    tl_passed++;
  } else {
    tl_failed++;
    fprintf(stderr, "%s:%d: printf(\"%s\") printed \"%s\" and returned %d%s, expected \"%s\"\n", __FILE__, line, fmt,
            out, ret, ok ? "" : " (the call failed)", expected);
  }
}
#define CHECK_PRINTF(fmt, expected) check_printf(__LINE__, fmt, expected)

/* ---- the tests ---- */

static void test_printf_conversions(void) {
  va_begin();
  va_i32(-42);
  va_i32(7);
  CHECK_PRINTF("%d|%i", "-42|7");
  va_begin();
  va_i32(-1);
  va_i32(255);
  va_i32(0xabcdef);
  va_i32(8);
  CHECK_PRINTF("%u %x %X %o", "4294967295 ff ABCDEF 10");
  va_begin();
  va_i32('w');
  va_i32((int32_t)put_str(STR, "text"));
  CHECK_PRINTF("%c=%s", "w=text");
  va_begin();
  va_i32(0x1234);
  CHECK_PRINTF("%p", "0x1234");
  va_begin();
  va_f64(3.14159);
  va_f64(12345.678);
  va_f64(0.0001);
  va_f64(1e-5);
  CHECK_PRINTF("%f %e %g %g", "3.141590 1.234568e+04 0.0001 1e-05");
  va_begin();
  va_f64(1e-10);
  va_f64(1.5);
  CHECK_PRINTF("%G %E", "1E-10 1.500000E+00");
  va_begin();
  CHECK_PRINTF("100%% sure", "100% sure");
  CHECK_PRINTF("", "");

  /* 64-bit arguments are 8-byte aligned: after an i32 come 4 bytes of padding (0xEE) */
  va_begin();
  va_i32(1);
  va_i64(-5000000000LL);
  va_i32(2);
  va_f64(0.5);
  CHECK_PRINTF("%d %lld %d %f", "1 -5000000000 2 0.500000");
  va_begin();
  va_i64(0x123456789abcdefLL);
  va_i64(-1);
  CHECK_PRINTF("%llx %llu", "123456789abcdef 18446744073709551615");
  /* long and size_t are 32-bit in wasm32 */
  va_begin();
  va_i32(-5);
  va_i32(-1);
  va_i32(7);
  va_i32(9);
  CHECK_PRINTF("%ld %lu %zu %d", "-5 4294967295 7 9");
  /* char and short conversions narrow the int they are given */
  va_begin();
  va_i32(300);
  va_i32(70000);
  CHECK_PRINTF("%hhd %hd", "44 4464");

  /* flags, widths, precisions */
  va_begin();
  va_i32(42);
  va_i32(42);
  va_i32(-42);
  va_i32(42);
  va_i32(42);
  va_i32(7);
  CHECK_PRINTF("[%5d|%-5d|%05d|%+d|% d|%.3d]", "[   42|42   |-0042|+42| 42|007]");
  va_begin();
  va_i32(255);
  va_i32(8);
  va_f64(3.14159);
  va_f64(1234.5);
  va_i32((int32_t)put_str(STR, "abcdefgh"));
  va_i32((int32_t)put_str(STR2, "ab"));
  CHECK_PRINTF("[%#x|%#o|%8.3f|%-10.2e|%10.4s|%-6s]", "[0xff|010|   3.142|1.23e+03  |      abcd|ab    ]");
  /* `*`: the width or precision is the next int argument */
  va_begin();
  va_i32(5);
  va_i32(42);
  va_i32(4);
  va_i32(7);
  va_i32(2);
  va_f64(3.14159);
  va_i32(6);
  va_i32(2);
  va_i32((int32_t)put_str(STR, "hello"));
  CHECK_PRINTF("[%*d|%-*d|%.*f|%*.*s]", "[   42|7   |3.14|    he]");

  /* %s of a NULL pointer (offset 0, where memory holds "") prints "(null)", as the
   * host's printf does; %n prints nothing */
  CHECK(mem(0)[0] == 0);
  va_begin();
  va_i32(0);
  CHECK_PRINTF("[%s]", "[(null)]");
  va_begin();
  va_i32(DST);
  CHECK_PRINTF("a%nb", "ab");

  /* a long string argument, whole */
  static char long_text[3001];
  memset(long_text, 'L', 3000);
  long_text[3000] = 0;
  va_begin();
  va_i32((int32_t)put_str(BIG, long_text));
  char expected[3010];
  snprintf(expected, sizeof expected, "<%s>", long_text);
  CHECK_PRINTF("<%s>", expected);
}

/* printf called by the app itself, its arguments stored by wasm code */
static void test_printf_from_app(void) {
  uint32_t argv[5];
  int32_t a = -7;
  int64_t b = 1LL << 40;
  double c = 2.5;
  memcpy(&argv[0], &a, 4);
  memcpy(&argv[1], &b, 8);
  memcpy(&argv[3], &c, 8);
  capture_begin(false);
  bool called = wasm_runtime_call_wasm(wasm_runtime_get_exec_env_singleton(inst),
                                       wasm_runtime_lookup_function(inst, "print_mixed"), 5, argv);
  const char *out = capture_end();
  CHECK(called);
  CHECK_STR(out, "a=-7 b=1099511627776 c=2.50 s=wasm\n");
  CHECK_EQ_INT((int32_t)argv[0], strlen("a=-7 b=1099511627776 c=2.50 s=wasm\n"));

  memset(mem(DST), 'Z', 32);
  CHECK_EQ_INT(call("fmt_into", 1, DST), 10);
  CHECK(ok);
  CHECK_STR(mem(DST), "wasm-00042");
  CHECK(mem(DST)[11] == 'Z');
}

static void test_printf_out_of_bounds(void) {
  uint32_t end = mem_size();
  int32_t ret;
  /* %s of a pointer outside memory */
  va_begin();
  va_i32((int32_t)(end + 16));
  put_str(FMT, "%s!");
  const char *out = wasm_printf(FMT, VA, &ret);
  CHECK_TRAPPED(OOB);
  CHECK_STR(out, "");
  va_begin();
  va_i32(-1);
  wasm_printf(FMT, VA, NULL);
  CHECK_TRAPPED(OOB);
  /* %s of a string running to the end of memory without its NUL */
  memset(mem(end - 4), 'x', 4);
  va_begin();
  va_i32((int32_t)(end - 4));
  wasm_printf(FMT, VA, NULL);
  CHECK_TRAPPED(OOB);
  /* the format string outside memory, or without its NUL before the end */
  va_begin();
  out = wasm_printf(end + 100, VA, NULL);
  CHECK_TRAPPED(OOB);
  CHECK_STR(out, "");
  wasm_printf(0xffffffffu, VA, NULL);
  CHECK_TRAPPED(OOB);
  wasm_printf(end - 4, VA, NULL);
  CHECK_TRAPPED(OOB);
  /* the argument list outside memory, or running off its end */
  put_str(FMT, "%d");
  wasm_printf(FMT, end + 100, NULL);
  CHECK_TRAPPED(OOB);
  put_str(FMT, "%d %d");
  wasm_printf(FMT, end - 4, NULL); /* the first fits, the second does not */
  CHECK_TRAPPED(OOB);
  put_str(FMT, "%lld");
  wasm_printf(FMT, end - 12, NULL); /* aligned up to end - 8: fits */
  CHECK(ok);
  wasm_printf(FMT, end - 4, NULL); /* aligned up to the end itself */
  CHECK_TRAPPED(OOB);
  put_str(FMT, "%f");
  wasm_printf(FMT, end - 4, NULL);
  CHECK_TRAPPED(OOB);
  /* the instance carries on */
  va_begin();
  va_i32(5);
  CHECK_PRINTF("%d", "5");
  CHECK(wasm_runtime_get_exception(inst) == NULL);
}

static void test_sprintf(void) {
  uint32_t end = mem_size();
  va_begin();
  va_i32(12);
  va_i32((int32_t)put_str(STR, "ab"));
  put_str(FMT, "%d/%s");
  memset(mem(DST), 'Z', 32);
  capture_begin(false);
  CHECK_EQ_INT(call("call_sprintf", 3, DST, FMT, VA), 5);
  CHECK(ok);
  CHECK_STR(capture_end(), ""); /* nothing printed */
  CHECK_STR(mem(DST), "12/ab");
  CHECK(mem(DST)[6] == 'Z');

  /* snprintf: at most size - 1 characters and a NUL; returns the length it wanted */
  va_begin();
  va_i32((int32_t)put_str(STR, "abcdefgh"));
  va_i32(12345);
  put_str(FMT, "%s-%d");
  memset(mem(DST), 'Z', 32);
  CHECK_EQ_INT(call("call_snprintf", 4, DST, 8, FMT, VA), 14);
  CHECK(ok);
  CHECK_STR(mem(DST), "abcdefg");
  CHECK(mem(DST)[8] == 'Z');
  memset(mem(DST), 'Z', 32);
  CHECK_EQ_INT(call("call_snprintf", 4, DST, 15, FMT, VA), 14);
  CHECK_STR(mem(DST), "abcdefgh-12345");
  CHECK(mem(DST)[15] == 'Z');
  memset(mem(DST), 'Z', 32);
  CHECK_EQ_INT(call("call_snprintf", 4, DST, 0, FMT, VA), 14);
  CHECK(ok && mem(DST)[0] == 'Z');

  /* negative: a buffer (its size) past the end of memory, a bad format or argument */
  call("call_snprintf", 4, end - 4, 16, FMT, VA);
  CHECK_TRAPPED(OOB);
  call("call_snprintf", 4, DST, 8, end + 8, VA);
  CHECK_TRAPPED(OOB);
  va_begin();
  va_i32((int32_t)(end + 1));
  call("call_sprintf", 3, DST, FMT, VA);
  CHECK_TRAPPED(OOB);
  call("call_sprintf", 3, end + 4, FMT, VA);
  CHECK_TRAPPED(OOB);
  /* sprintf to a buffer at the end of memory (its destination is "$": it must hold a
   * string): as WAMR, the text is cut at the end of memory (NUL in its last byte) and
   * the call returns the whole length */
  va_begin();
  put_str(FMT, "hello world");
  memset(mem(end - 8), 'Z', 7);
  mem(end - 1)[0] = 0;
  CHECK_EQ_INT(call("call_sprintf", 3, end - 4, FMT, VA), 11);
  CHECK(ok);
  CHECK(memcmp(mem(end - 8), "ZZZZhel", 8) == 0);
  wasm_runtime_clear_exception(inst);
  /* a destination without a NUL before the end of memory */
  memset(mem(end - 4), 'Z', 4);
  call("call_sprintf", 3, end - 4, FMT, VA);
  CHECK_TRAPPED(OOB);
}

static void test_puts_putchar(void) {
  capture_begin(false);
  int32_t r1 = call("call_puts", 1, put_str(STR, "a line"));
  bool ok1 = ok;
  int32_t r2 = call("call_putchar", 1, 'Z');
  bool ok2 = ok;
  const char *out = capture_end();
  CHECK(ok1 && ok2);
  CHECK_EQ_INT(r1, 7);
  CHECK_EQ_INT(r2, 1);
  CHECK_STR(out, "a line\nZ");
  capture_begin(false);
  call("call_puts", 1, mem_size() + 1);
  out = capture_end();
  CHECK_TRAPPED(OOB);
  CHECK_STR(out, "");
}

static void test_heap(void) {
  /* malloc, writes through memset, a second block apart from the first */
  int32_t a = call("call_malloc", 1, 100);
  CHECK(ok && a > 0);
  CHECK_EQ_INT(call("call_memset", 3, a, 0xAB, 100), a);
  CHECK((uint8_t)mem((uint32_t)a)[0] == 0xAB && (uint8_t)mem((uint32_t)a)[99] == 0xAB);
  int32_t b = call("call_malloc", 1, 100);
  CHECK(b > 0 && (b >= a + 100 || b + 100 <= a));
  call("call_free", 1, a);
  CHECK(ok);
  call("call_free", 1, b);

  /* beyond the heap: 0, and the call itself succeeds */
  wasm_runtime_set_log_level(WASM_LOG_LEVEL_ERROR); /* WAMR warns about it */
  CHECK_EQ_INT(call("call_malloc", 1, 1 << 20), 0);
  CHECK(ok && wasm_runtime_get_exception(inst) == NULL);
  /* calloc of more than 4 GiB: 0 */
  CHECK_EQ_INT(call("call_calloc", 2, 0x10000, 0x10001), 0);
  CHECK(ok);

  /* calloc zeroes: dirty the whole heap first, then free it */
  static int32_t blocks[4096];
  int n = 0;
  while (n < 4096 && (blocks[n] = call("call_malloc", 1, 64)) != 0) {
    memset(mem((uint32_t)blocks[n]), 0xCD, 64);
    n++;
  }
  wasm_runtime_set_log_level(WASM_LOG_LEVEL_WARNING);
  CHECK(n > 10 && n < 4096); /* the heap ran out */
  for (int i = 0; i < n; i++) call("call_free", 1, blocks[i]);
  int32_t c = call("call_calloc", 2, 25, 4);
  CHECK(ok && c > 0);
  bool zero = true;
  for (int i = 0; i < 100; i++) zero = zero && mem((uint32_t)c)[i] == 0;
  CHECK(zero);
  call("call_free", 1, c);

  /* free(0) does nothing; free of a pointer outside memory traps */
  call("call_free", 1, 0);
  CHECK(ok && wasm_runtime_get_exception(inst) == NULL);
  CHECK(call("call_malloc", 1, 16) > 0);
  call("call_free", 1, mem_size() + 64);
  CHECK_TRAPPED(OOB);

  /* strdup: a copy on the heap; a string longer than the heap: 0 */
  int32_t d = call("call_strdup", 1, put_str(STR, "dup me"));
  CHECK(ok && d > 0 && d != STR);
  CHECK_STR(mem((uint32_t)d), "dup me");
  memset(mem(BIG), 's', 70000);
  mem(BIG)[70000] = 0;
  wasm_runtime_set_log_level(WASM_LOG_LEVEL_ERROR);
  CHECK_EQ_INT(call("call_strdup", 1, BIG), 0);
  wasm_runtime_set_log_level(WASM_LOG_LEVEL_WARNING);
  CHECK(ok);
  mem(BIG)[0] = 0;
}

static void test_mem_str(void) {
  uint32_t end = mem_size();
  /* memcpy, memmove both ways over overlapping bytes, memset */
  put_str(STR, "abcdefgh");
  memset(mem(DST), 'Z', 16);
  CHECK_EQ_INT(call("call_memcpy", 3, DST, STR, 4), DST);
  CHECK(memcmp(mem(DST), "abcdZ", 5) == 0);
  CHECK_EQ_INT(call("call_memmove", 3, STR + 2, STR, 6), STR + 2);
  CHECK_STR(mem(STR), "ababcdef");
  CHECK_EQ_INT(call("call_memmove", 3, STR, STR + 2, 6), STR);
  CHECK_STR(mem(STR), "abcdefef");
  CHECK_EQ_INT(call("call_memset", 3, DST, 'q', 3), DST);
  CHECK(memcmp(mem(DST), "qqqdZ", 5) == 0);
  CHECK_EQ_INT(call("call_memcpy", 3, DST, STR, 0), DST);

  /* comparisons */
  put_str(STR, "abc");
  put_str(STR2, "abd");
  CHECK(call("call_memcmp", 3, STR, STR2, 3) < 0);
  CHECK_EQ_INT(call("call_memcmp", 3, STR, STR2, 2), 0);
  CHECK(call("call_memcmp", 3, STR2, STR, 3) > 0);
  CHECK(call("call_strcmp", 2, STR, STR2) < 0);
  CHECK(call("call_strcmp", 2, STR2, STR) > 0);
  CHECK_EQ_INT(call("call_strcmp", 2, STR, STR), 0);
  CHECK_EQ_INT(call("call_strncmp", 3, STR, STR2, 2), 0);
  CHECK(call("call_strncmp", 3, STR, STR2, 3) < 0);

  /* strlen, strchr, atoi */
  CHECK_EQ_INT(call("call_strlen", 1, put_str(STR, "hello")), 5);
  CHECK_EQ_INT(call("call_strlen", 1, put_str(STR2, "")), 0);
  CHECK_EQ_INT(call("call_strchr", 2, STR, 'l'), STR + 2);
  CHECK_EQ_INT(call("call_strchr", 2, STR, 'z'), 0);
  CHECK_EQ_INT(call("call_strchr", 2, STR, 0), STR + 5);
  CHECK_EQ_INT(call("call_atoi", 1, put_str(STR, "  -42abc")), -42);
  CHECK_EQ_INT(call("call_atoi", 1, put_str(STR, "x1")), 0);

  /* strcpy; strncpy pads with NULs up to n, and no further */
  put_str(STR, "copy");
  memset(mem(DST), 'Z', 16);
  CHECK_EQ_INT(call("call_strcpy", 2, DST, STR), DST);
  CHECK_STR(mem(DST), "copy");
  CHECK(mem(DST)[5] == 'Z');
  memset(mem(DST), 'Z', 16);
  CHECK_EQ_INT(call("call_strncpy", 3, DST, put_str(STR, "ab"), 5), DST);
  CHECK(memcmp(mem(DST), "ab\0\0\0Z", 6) == 0);
  memset(mem(DST), 'Z', 16);
  call("call_strncpy", 3, DST, put_str(STR, "abcdef"), 3);
  CHECK(memcmp(mem(DST), "abcZ", 4) == 0);

  /* the ctype functions */
  CHECK(call("call_isdigit", 1, '7') != 0 && call("call_isdigit", 1, 'x') == 0);
  CHECK(call("call_isalpha", 1, 'q') != 0 && call("call_isalpha", 1, '1') == 0);
  CHECK(call("call_isspace", 1, '\t') != 0 && call("call_isspace", 1, 'a') == 0);
  CHECK(call("call_isupper", 1, 'Q') != 0 && call("call_isupper", 1, 'q') == 0);
  CHECK(call("call_isxdigit", 1, 'f') != 0 && call("call_isxdigit", 1, 'g') == 0);
  CHECK(call("call_isalnum", 1, '5') != 0 && call("call_isalnum", 1, '-') == 0);
  CHECK(call("call_isprint", 1, ' ') != 0 && call("call_isprint", 1, '\n') == 0);
  CHECK(call("call_isgraph", 1, '!') != 0 && call("call_isgraph", 1, ' ') == 0);
  CHECK_EQ_INT(call("call_toupper", 1, 'a'), 'A');
  CHECK_EQ_INT(call("call_toupper", 1, '1'), '1');
  CHECK_EQ_INT(call("call_tolower", 1, 'Q'), 'q');
  CHECK_EQ_INT(call("call_tolower", 1, 'q'), 'q');

  /* negative: buffers past the end of memory trap */
  put_str(STR, "abcdefghijklmnop");
  call("call_memset", 3, end - 4, 0, 16);
  CHECK_TRAPPED(OOB);
  call("call_memcpy", 3, DST, end - 4, 16); /* the source */
  CHECK_TRAPPED(OOB);
  call("call_memcmp", 3, STR, end - 4, 16);
  CHECK_TRAPPED(OOB);
  call("call_strncpy", 3, DST, end - 4, 16);
  CHECK_TRAPPED(OOB);
  call("call_strncmp", 3, STR, end - 4, 16);
  CHECK_TRAPPED(OOB);
  call("call_strcpy", 2, end - 2, STR);
  CHECK_TRAPPED(OOB);
  call("call_strlen", 1, end + 4);
  CHECK_TRAPPED(OOB);
  memset(mem(end - 4), 'x', 4); /* no NUL before the end */
  call("call_strlen", 1, end - 4);
  CHECK_TRAPPED(OOB);
  call("call_strdup", 1, end - 4);
  CHECK_TRAPPED(OOB);
  call("call_atoi", 1, end + 4);
  CHECK_TRAPPED(OOB);
  /* the destination (or first operand): a library that does not check it reads or
   * writes past the memory, so these run in a child */
  memcpy(mem(end - 4), "abcd", 4); /* the same bytes as STR's first four, no NUL */
  CHECK_OOB_IN_CHILD("call_memcpy", end - 4, STR, 16);
  CHECK_OOB_IN_CHILD("call_memmove", end - 4, STR, 16);
  CHECK_OOB_IN_CHILD("call_strncpy", end - 4, STR, 16);
  CHECK_OOB_IN_CHILD("call_memcmp", end - 4, STR, 16);
  CHECK_OOB_IN_CHILD("call_strncmp", end - 4, STR, 16);
  /* ... and they fit when they end at the end of memory */
  CHECK_EQ_INT(call("call_memcpy", 3, end - 4, STR, 4), end - 4);
  CHECK(ok);
  CHECK_EQ_INT(call("call_strncpy", 3, end - 4, STR, 4), end - 4);
  CHECK(ok);
  CHECK_EQ_INT(call("call_memcmp", 3, end - 4, STR, 4), 0);
  CHECK(ok);
}

static void test_exit_abort(void) {
  memset(mem(0x10), 0, 4);
  call("call_exit", 1, 3);
  CHECK_TRAPPED("Exception: env.exit(3)");
  call("call_abort", 1, 7);
  CHECK_TRAPPED("Exception: env.abort(7)");
  CHECK_EQ_INT(mem(0x10)[0], 0); /* the code after them never ran */
  /* the instance carries on */
  CHECK_EQ_INT(call("call_strlen", 1, put_str(STR, "abc")), 3);
  CHECK(ok && wasm_runtime_get_exception(inst) == NULL);
}

/* The module imports (env, strlen) twice: once as libc-builtin's "($)i" has it, once
 * as (i64) -> i32, which does not fit, so that one stays unlinked (the other is linked).
 * A library that links it anyway passes an i64 as a pointer: in a child. */
static void test_unlinked(void) {
  check_trap_in_child(__LINE__, "Exception: failed to call unlinked import function (env, strlen)",
                      "strlen_unlinked", 0, 0, 0, 0);
  CHECK_EQ_INT(call("call_strlen", 1, put_str(STR, "linked")), 6);
}

/* an embedder's "puts" for "env" */
static char shadow_seen[64];
static int32_t my_puts(wasm_exec_env_t env, const char *s) {
  snprintf(shadow_seen, sizeof shadow_seen, "%s", s);
  return 99;
}
static NativeSymbol my_env[] = {{"puts", (void *)my_puts, "($)i", NULL}};

static void test_shadowing(void) {
  wasm_module_inst_t old = inst;
  CHECK(wasm_runtime_register_natives("env", my_env, 1));
  wasm_module_t m = load(libc_wasm);
  inst = instantiate(m, 8192);
  capture_begin(false);
  int32_t r = call("call_puts", 1, put_str(STR, "shadowed"));
  const char *out = capture_end();
  CHECK(ok);
  CHECK_EQ_INT(r, 99);
  CHECK_STR(shadow_seen, "shadowed");
  CHECK_STR(out, "");
  /* the other builtins are still there */
  CHECK_EQ_INT(call("call_strlen", 1, STR), 8);
  wasm_runtime_deinstantiate(inst);

  /* the module loaded before the registration keeps the builtin */
  inst = old;
  shadow_seen[0] = 0;
  capture_begin(false);
  r = call("call_puts", 1, put_str(STR, "builtin"));
  out = capture_end();
  CHECK_EQ_INT(r, 8);
  CHECK_STR(out, "builtin\n");
  CHECK_STR(shadow_seen, "");

  /* unregistered: modules loaded from then on get the builtin again */
  CHECK(wasm_runtime_unregister_natives("env", my_env));
  wasm_module_t m2 = load(libc_wasm);
  inst = instantiate(m2, 8192);
  capture_begin(false);
  r = call("call_puts", 1, put_str(STR, "again"));
  out = capture_end();
  CHECK_EQ_INT(r, 6);
  CHECK_STR(out, "again\n");
  CHECK_STR(shadow_seen, "");
  wasm_runtime_deinstantiate(inst);
  inst = old;
  wasm_runtime_unload(m2);
  wasm_runtime_unload(m);
}

/* An app exporting malloc and free: libc-builtin's malloc and free use them. */
static void test_app_malloc(void) {
  binary_t b = read_wasm("export_libc_heap.wasm");
  wasm_module_t m = load(b);
  wasm_module_inst_t old = inst;
  inst = instantiate(m, 8192);
  CHECK_EQ_INT(call("call_malloc", 1, 16), 1024);
  CHECK_EQ_INT(call("call_malloc", 1, 8), 1040);
  call("call_free", 1, 1024);
  CHECK(ok);
  CHECK_EQ_INT(call("frees", 0), 1);
  call("call_free", 1, 0); /* free(0) never reaches the app's free */
  CHECK_EQ_INT(call("frees", 0), 1);
  /* an app malloc calling libc-builtin's malloc recurses without end: the call fails
   * with a stack overflow (WAMR: "wasm operand stack overflow"), not a crash */
  call("set_recurse", 1, 1);
  int verdict[2];
  pid_t pid = fork_child(verdict);
  if (pid == 0) {
    call("call_malloc", 1, 16);
    const char *e = wasm_runtime_get_exception(inst);
    child_exit(verdict, !ok && e && strstr(e, "stack overflow"));
  }
  int status = 0;
  CHECK(child_passed(pid, verdict, &status));
  if (WIFSIGNALED(status)) fprintf(stderr, "  (the recursion killed the child with signal %d)\n", WTERMSIG(status));
  wasm_runtime_deinstantiate(inst);
  inst = old;
  wasm_runtime_unload(m);
  free(b.data);
}

int main(void) {
  libc_wasm = read_wasm("export_libc.wasm");
  CHECK(wasm_runtime_init());
  wasm_module_t module = load(libc_wasm);
  inst = instantiate(module, 8192);
  CHECK_EQ_INT(mem_size() % 65536, 0);

  test_printf_conversions();
  test_printf_from_app();
  test_printf_out_of_bounds();
  test_sprintf();
  test_puts_putchar();
  test_heap();
  test_mem_str();
  test_exit_abort();
  test_unlinked();
  test_shadowing();
  test_app_malloc();

  wasm_runtime_deinstantiate(inst);
  wasm_runtime_unload(module);
  wasm_runtime_destroy();
  free(libc_wasm.data);
  for (int i = 0; i < n_loaded; i++) free(loaded_copies[i]);
  return test_summary();
}
