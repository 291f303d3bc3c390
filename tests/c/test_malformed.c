/* Safety: malformed modules. wasm_module_new must return NULL and
 * wasm_module_validate false, without crashing and without allocating what a
 * lying count or size asks for (`make test-safety` runs this under
 * `ulimit -v` 8 GiB): empty input, truncated headers, wrong magic or version,
 * every prefix of a real module, bad section ids and sizes, huge LEB128 counts,
 * oversized memories and tables, garbage opcodes, deep nesting. Valid modules
 * that cannot be instantiated (out-of-bounds segments, a trapping start
 * function, 4 G table elements) must fail instantiation with a trap; a 4 GiB
 * memory must either instantiate or fail cleanly. */
#include "testlib.h"
#include "../safety/safety_modules.h"

#include <fcntl.h>
#include <stdint.h>
#include <unistd.h>

/* The library prints one line per rejected module on stderr; hundreds of them
 * would drown the test's own messages, so they are silenced around the calls. */
static int g_saved_stderr = -1;
static void quiet(void) {
  fflush(stderr);
  g_saved_stderr = dup(2);
  int devnull = open("/dev/null", O_WRONLY);
  if (devnull >= 0) {
    dup2(devnull, 2);
    close(devnull);
  }
}
static void loud(void) {
  if (g_saved_stderr < 0) return;
  fflush(stderr);
  dup2(g_saved_stderr, 2);
  close(g_saved_stderr);
  g_saved_stderr = -1;
}

static wasm_store_t *g_store;

/* Loads `n` bytes with both wasm_module_validate and wasm_module_new and checks
 * both agree with `expect_valid`. Returns the module (or NULL) if `keep`. */
static wasm_module_t *load(const unsigned char *bytes, size_t n, int expect_valid, const char *what, int keep) {
  wasm_byte_vec_t bin;
  if (n == 0) {
    wasm_byte_vec_new_empty(&bin);
  } else {
    wasm_byte_vec_new(&bin, n, (const wasm_byte_t *)bytes);
  }
  quiet();
  bool valid = wasm_module_validate(g_store, &bin);
  wasm_module_t *m = wasm_module_new(g_store, &bin);
  loud();
  wasm_byte_vec_delete(&bin);
  if (valid == !!expect_valid && (m != NULL) == !!expect_valid) {
    tl_passed++;
  } else {
    tl_failed++;
    fprintf(stderr, "%s: validate=%d new=%s, expected %s\n", what, valid, m ? "module" : "NULL",
            expect_valid ? "valid" : "invalid");
  }
  if (!keep && m) {
    wasm_module_delete(m);
    m = NULL;
  }
  return m;
}

#define HEADER 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00
#define BAD(...)                                               \
  do {                                                         \
    static const unsigned char b_[] = {__VA_ARGS__};           \
    load(b_, sizeof b_, 0, #__VA_ARGS__, 0);                   \
  } while (0)
#define GOOD(...)                                              \
  do {                                                         \
    static const unsigned char b_[] = {__VA_ARGS__};           \
    load(b_, sizeof b_, 1, #__VA_ARGS__, 0);                   \
  } while (0)

static void test_headers(void) {
  static const unsigned char header[] = {HEADER};
  /* empty, both with NULL data and with data but size 0 */
  load(NULL, 0, 0, "empty", 0);
  wasm_byte_vec_t zero = {0, (wasm_byte_t *)header, 0, 1, NULL};
  quiet();
  bool valid = wasm_module_validate(g_store, &zero);
  wasm_module_t *m = wasm_module_new(g_store, &zero);
  loud();
  CHECK(!valid);
  CHECK(m == NULL);
  /* 1..7 bytes of a header */
  for (size_t n = 1; n < 8; n++) {
    char what[64];
    snprintf(what, sizeof what, "header prefix of %zu bytes", n);
    load(header, n, 0, what, 0);
  }
  GOOD(HEADER); /* the empty module */
  BAD(0x00, 0x61, 0x73, 0x6e, 0x01, 0x00, 0x00, 0x00);  /* "\0asn" */
  BAD(0x61, 0x73, 0x6d, 0x00, 0x01, 0x00, 0x00, 0x00);  /* "asm\0" */
  BAD(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff);
  BAD(0x00, 0x61, 0x73, 0x6d, 0x00, 0x00, 0x00, 0x00);  /* version 0 */
  BAD(0x00, 0x61, 0x73, 0x6d, 0x02, 0x00, 0x00, 0x00);  /* version 2 */
  BAD(0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00);  /* a component */
  BAD(0x00, 0x61, 0x73, 0x6d, 0xff, 0xff, 0xff, 0xff);
  BAD(HEADER, 0x00);                                    /* a lone section id */
}

/* Every prefix of a real module: only those that end on a section boundary,
 * and that do not declare functions without their code, are modules. */
static void test_prefixes(void) {
  const unsigned char *b = safety_full_wasm;
  const size_t n = sizeof safety_full_wasm;
  load(b, n, 1, "the full module", 0);

  size_t ends[32];
  int valid_at[32], nsec = 0, seen_func = 0, seen_code = 0;
  size_t pos = 8;
  while (pos < n && nsec < 32) {
    unsigned id = b[pos++];
    size_t size = 0;
    for (int shift = 0;; shift += 7) {
      unsigned char c = b[pos++];
      size |= (size_t)(c & 0x7f) << shift;
      if (!(c & 0x80)) break;
    }
    pos += size;
    seen_func |= id == 3;
    seen_code |= id == 10;
    ends[nsec] = pos;
    valid_at[nsec++] = !seen_func || seen_code;
  }
  CHECK_EQ_INT(pos, n);
  CHECK(nsec >= 11); /* type .. data, and the name section */

  int valid_prefixes = 0;
  for (size_t len = 0; len < n; len++) {
    int expect = len == 8;
    for (int i = 0; i < nsec; i++)
      if (ends[i] == len) expect = valid_at[i];
    valid_prefixes += expect;
    char what[64];
    snprintf(what, sizeof what, "prefix of %zu of %zu bytes", len, n);
    load(b, len, expect, what, 0);
  }
  /* the header, and the ends of the type, import, code and data sections */
  CHECK_EQ_INT(valid_prefixes, 5);

  /* the same with every single byte of the module flipped: no crash, and
   * validate and new agree on each */
  unsigned char *copy = malloc(n);
  int rejected = 0;
  for (size_t i = 8; i < n; i++) {
    memcpy(copy, b, n);
    copy[i] ^= 0xff;
    wasm_byte_vec_t bin;
    wasm_byte_vec_new(&bin, n, (const wasm_byte_t *)copy);
    quiet();
    bool valid = wasm_module_validate(g_store, &bin);
    wasm_module_t *m = wasm_module_new(g_store, &bin);
    loud();
    if (valid != (m != NULL)) {
      tl_failed++;
      fprintf(stderr, "byte %zu flipped: validate=%d new=%p\n", i, valid, (void *)m);
    }
    rejected += m == NULL;
    wasm_module_delete(m);
    wasm_byte_vec_delete(&bin);
  }
  free(copy);
  /* most flips break the module; some (inside names, constants) do not */
  CHECK(rejected > (int)(n - 8) / 2);
}

static void test_sections(void) {
  /* unknown section ids */
  BAD(HEADER, 0x0e, 0x00);
  BAD(HEADER, 0x20, 0x00);
  BAD(HEADER, 0x7f, 0x00);
  BAD(HEADER, 0xff, 0x00);
  /* a custom section needs a name that fits */
  GOOD(HEADER, 0x00, 0x02, 0x01, 'x');
  BAD(HEADER, 0x00, 0x00);
  BAD(HEADER, 0x00, 0x02, 0x05, 'x');
  /* sections out of order, or twice */
  BAD(HEADER, 0x03, 0x01, 0x00, 0x01, 0x01, 0x00);
  BAD(HEADER, 0x01, 0x01, 0x00, 0x01, 0x01, 0x00);
  /* a type section claiming 16 bytes that has 4 */
  BAD(HEADER, 0x01, 0x10, 0x01, 0x60, 0x00, 0x00);
  /* a section size of 4 GiB - 1 */
  BAD(HEADER, 0x01, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01, 0x60, 0x00, 0x00);
  /* a section size LEB128 longer than 5 bytes, and one that never ends */
  BAD(HEADER, 0x01, 0x84, 0x80, 0x80, 0x80, 0x80, 0x00, 0x01, 0x60, 0x00, 0x00);
  BAD(HEADER, 0x01, 0x80, 0x80, 0x80);
  /* a section whose content is shorter than its size says (trailing bytes) */
  BAD(HEADER, 0x01, 0x05, 0x01, 0x60, 0x00, 0x00, 0x00);
  GOOD(HEADER, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00);
}

static void test_huge_counts(void) {
  /* type section: 0xFFFFFFFF entries in 5 bytes */
  BAD(HEADER, 0x01, 0x05, 0xff, 0xff, 0xff, 0xff, 0x0f);
  /* ... and 1 000 000 entries, of which one is there */
  BAD(HEADER, 0x01, 0x06, 0xc0, 0x84, 0x3d, 0x60, 0x00, 0x00);
  /* a function type with 0xFFFFFFFF parameters */
  BAD(HEADER, 0x01, 0x08, 0x01, 0x60, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x00);
  /* import section: 0xFFFFFFFF imports */
  BAD(HEADER, 0x02, 0x05, 0xff, 0xff, 0xff, 0xff, 0x0f);
  /* an import whose module name claims 0xFFFFFFFF bytes */
  BAD(HEADER, 0x02, 0x06, 0x01, 0xff, 0xff, 0xff, 0xff, 0x0f);
  /* function section: 0xFFFFFFFF functions of type 0 */
  BAD(HEADER, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x06, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x00);
  /* table, memory, global, export, element, data sections with 0xFFFFFFFF entries */
  BAD(HEADER, 0x04, 0x05, 0xff, 0xff, 0xff, 0xff, 0x0f);
  BAD(HEADER, 0x05, 0x05, 0xff, 0xff, 0xff, 0xff, 0x0f);
  BAD(HEADER, 0x06, 0x05, 0xff, 0xff, 0xff, 0xff, 0x0f);
  BAD(HEADER, 0x07, 0x05, 0xff, 0xff, 0xff, 0xff, 0x0f);
  BAD(HEADER, 0x09, 0x05, 0xff, 0xff, 0xff, 0xff, 0x0f);
  BAD(HEADER, 0x0b, 0x05, 0xff, 0xff, 0xff, 0xff, 0x0f);
  BAD(HEADER, 0x0c, 0x05, 0xff, 0xff, 0xff, 0xff, 0x0f); /* data count */
  /* code section: 0xFFFFFFFF bodies */
  BAD(HEADER, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
      0x0a, 0x05, 0xff, 0xff, 0xff, 0xff, 0x0f);
  /* a body declaring 0xFFFFFFFF locals of type i32 */
  BAD(HEADER, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
      0x0a, 0x0a, 0x01, 0x08, 0x01, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x7f, 0x0b);
  /* two local groups adding up past 2^32 */
  BAD(HEADER, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
      0x0a, 0x0f, 0x01, 0x0d, 0x02, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x7f,
      0xff, 0xff, 0xff, 0xff, 0x0f, 0x7e, 0x0b);
  /* a body whose size claims 0xFFFFFFFF bytes */
  BAD(HEADER, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
      0x0a, 0x07, 0x01, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x00);
  /* br_table with 0xFFFFFFFF targets */
  BAD(HEADER, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
      0x0a, 0x0c, 0x01, 0x0a, 0x00, 0x41, 0x00, 0x0e, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x0b);
  /* a data segment claiming 0xFFFFFFFF bytes */
  BAD(HEADER, 0x05, 0x03, 0x01, 0x00, 0x01,
      0x0b, 0x09, 0x01, 0x00, 0x41, 0x00, 0x0b, 0xff, 0xff, 0xff, 0xff, 0x0f);
}

static void test_limits(void) {
  /* memories: 65536 pages is the most; 65537 is not a 32-bit memory */
  GOOD(HEADER, 0x05, 0x05, 0x01, 0x00, 0x80, 0x80, 0x04);
  BAD(HEADER, 0x05, 0x05, 0x01, 0x00, 0x81, 0x80, 0x04);
  BAD(HEADER, 0x05, 0x07, 0x01, 0x00, 0xff, 0xff, 0xff, 0xff, 0x0f);
  BAD(HEADER, 0x05, 0x06, 0x01, 0x01, 0x00, 0x81, 0x80, 0x04);  /* max 65537 */
  BAD(HEADER, 0x05, 0x04, 0x01, 0x01, 0x02, 0x01);              /* min 2 > max 1 */
  BAD(HEADER, 0x05, 0x04, 0x01, 0x10, 0x00, 0x00);              /* unknown limits flags */
  BAD(HEADER, 0x05, 0x07, 0x02, 0x00, 0x01, 0x00, 0x01);        /* two memories */
  /* tables: min 2 > max 1, bad element type */
  BAD(HEADER, 0x04, 0x05, 0x01, 0x70, 0x01, 0x02, 0x01);
  BAD(HEADER, 0x04, 0x04, 0x01, 0x7f, 0x00, 0x01);
  /* a table of 0xFFFFFFFF elements is a valid module (see test_instantiation) */
  load(safety_big_table_wasm, sizeof safety_big_table_wasm, 1, "table of 0xFFFFFFFF elements", 0);
}

static void test_code(void) {
#define FUNC_PREFIX HEADER, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00
  GOOD(FUNC_PREFIX, 0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b);              /* (func) */
  BAD(FUNC_PREFIX, 0x0a, 0x05, 0x01, 0x03, 0x00, 0xff, 0x0b);         /* opcode 0xff */
  BAD(FUNC_PREFIX, 0x0a, 0x05, 0x01, 0x03, 0x00, 0x06, 0x0b);         /* opcode 0x06 (try) */
  BAD(FUNC_PREFIX, 0x0a, 0x06, 0x01, 0x04, 0x00, 0xfc, 0xff, 0x0b);   /* 0xfc prefix, bad sub-op */
  BAD(FUNC_PREFIX, 0x0a, 0x09, 0x01, 0x07, 0x00, 0xfd, 0xff, 0xff, 0xff, 0x0f, 0x0b); /* 0xfd, bad */
  BAD(FUNC_PREFIX, 0x0a, 0x03, 0x01, 0x01, 0x00);                     /* no end */
  BAD(FUNC_PREFIX, 0x0a, 0x05, 0x01, 0x03, 0x00, 0x0b, 0x0b);         /* end twice */
  BAD(FUNC_PREFIX, 0x0a, 0x05, 0x01, 0x03, 0x00, 0x6a, 0x0b);         /* i32.add, empty stack */
  BAD(FUNC_PREFIX, 0x0a, 0x06, 0x01, 0x04, 0x00, 0x0c, 0x05, 0x0b);   /* br 5 */
  BAD(FUNC_PREFIX, 0x0a, 0x06, 0x01, 0x04, 0x00, 0x10, 0x07, 0x0b);   /* call 7 */
  BAD(FUNC_PREFIX, 0x0a, 0x06, 0x01, 0x04, 0x00, 0x20, 0x00, 0x0b);   /* local.get 0 */
  BAD(FUNC_PREFIX, 0x0a, 0x07, 0x01, 0x05, 0x00, 0x41, 0x00, 0x1a, 0x0b, 0x00); /* trailing byte in section */
  BAD(FUNC_PREFIX, 0x0a, 0x08, 0x01, 0x06, 0x00, 0x28, 0x02, 0x00, 0x1a, 0x0b); /* load without memory */
  BAD(FUNC_PREFIX, 0x0a, 0x06, 0x01, 0x04, 0x00, 0x3f, 0x00, 0x0b);   /* memory.size without memory */
  /* a function section without code, and code without functions */
  BAD(FUNC_PREFIX);
  BAD(HEADER, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b);
}

/* A body of `depth` nested blocks (closed when `closed`), called "deep". */
static void deep_module(wasm_byte_vec_t *out, size_t depth, int closed) {
  size_t body = 1 + 2 * depth + (closed ? depth : 0) + 1; /* locals, blocks, ends, end */
  size_t cap = body + 64, n = 0;
  unsigned char *b = malloc(cap);
  const unsigned char head[] = {HEADER, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
                                0x07, 0x08, 0x01, 0x04, 'd', 'e', 'e', 'p', 0x00, 0x00};
  memcpy(b, head, sizeof head);
  n = sizeof head;
#define LEB(v)                                       \
  do {                                               \
    size_t x_ = (v);                                 \
    do {                                             \
      unsigned char c_ = x_ & 0x7f;                  \
      x_ >>= 7;                                      \
      b[n++] = c_ | (x_ ? 0x80 : 0);                 \
    } while (x_);                                    \
  } while (0)
  size_t body_leb = 0;
  for (size_t x = body; x; x >>= 7) body_leb++;
  b[n++] = 0x0a;
  LEB(1 + body_leb + body);
  b[n++] = 0x01;
  LEB(body);
  b[n++] = 0x00; /* no locals */
  for (size_t i = 0; i < depth; i++) {
    b[n++] = 0x02; /* block */
    b[n++] = 0x40; /* of type [] -> [] */
  }
  if (closed)
    for (size_t i = 0; i < depth; i++) b[n++] = 0x0b;
  b[n++] = 0x0b;
#undef LEB
  wasm_byte_vec_new(out, n, (const wasm_byte_t *)b);
  free(b);
}

static void test_deep_nesting(void) {
  wasm_byte_vec_t bin;
  /* unbalanced: 100 000 blocks, never closed */
  deep_module(&bin, 100000, 0);
  quiet();
  CHECK(!wasm_module_validate(g_store, &bin));
  CHECK(wasm_module_new(g_store, &bin) == NULL);
  loud();
  wasm_byte_vec_delete(&bin);

  /* balanced: 100 000 nested blocks are a valid function; calling it works */
  deep_module(&bin, 100000, 1);
  CHECK(wasm_module_validate(g_store, &bin));
  wasm_module_t *m = wasm_module_new(g_store, &bin);
  wasm_byte_vec_delete(&bin);
  CHECK(m != NULL);
  if (!m) return;
  wasm_trap_t *trap = NULL;
  wasm_instance_t *inst = wasm_instance_new(g_store, m, NULL, &trap);
  CHECK(inst != NULL && trap == NULL);
  if (inst) {
    wasm_extern_vec_t exports;
    wasm_instance_exports(inst, &exports);
    CHECK_EQ_INT(exports.size, 1);
    if (exports.size == 1) {
      wasm_trap_t *t = wasm_func_call(wasm_extern_as_func(exports.data[0]), NULL, NULL);
      CHECK(t == NULL);
      wasm_trap_delete(t);
    }
    wasm_extern_vec_delete(&exports);
  }
  wasm_instance_delete(inst);
  wasm_module_delete(m);
}

/* The trap message of a failed instantiation ("" if none), trap deleted. */
static int instantiate_fails(const unsigned char *bytes, size_t n, const char *expected) {
  wasm_module_t *m = load(bytes, n, 1, expected, 1);
  if (!m) return 0;
  wasm_trap_t *trap = NULL;
  quiet();
  wasm_instance_t *inst = wasm_instance_new(g_store, m, NULL, &trap);
  loud();
  int ok = inst == NULL && trap != NULL;
  if (trap) {
    wasm_message_t msg;
    wasm_trap_message(trap, &msg);
    int same = msg.size == strlen(expected) + 1 && memcmp(msg.data, expected, msg.size) == 0;
    if (!same) fprintf(stderr, "trap \"%.*s\", expected \"%s\"\n", (int)msg.size, msg.data, expected);
    ok = ok && same;
    wasm_byte_vec_delete(&msg);
    wasm_trap_delete(trap);
  }
  wasm_instance_delete(inst);
  wasm_module_delete(m);
  return ok;
}

static int running_under_valgrind(void) {
  const char *preload = getenv("LD_PRELOAD");
  return preload && strstr(preload, "vgpreload") != NULL;
}

static void test_instantiation(void) {
  CHECK(instantiate_fails(safety_oob_data_wasm, sizeof safety_oob_data_wasm,
                          "Exception: out of bounds memory access"));
  CHECK(instantiate_fails(safety_oob_elem_wasm, sizeof safety_oob_elem_wasm,
                          "Exception: out of bounds table access"));
  CHECK(instantiate_fails(safety_start_trap_wasm, sizeof safety_start_trap_wasm, "Exception: unreachable"));
  /* 0xFFFFFFFF table elements (16 GiB) are refused, not allocated */
  wasm_module_t *m = load(safety_big_table_wasm, sizeof safety_big_table_wasm, 1, "big table", 1);
  if (m) {
    wasm_trap_t *trap = NULL;
    quiet();
    wasm_instance_t *inst = wasm_instance_new(g_store, m, NULL, &trap);
    loud();
    CHECK(inst == NULL);
    CHECK(trap != NULL);
    wasm_trap_delete(trap);
    wasm_instance_delete(inst);
    wasm_module_delete(m);
  }

  /* A 4 GiB memory: refused under max_memory_pages, else allocated (or cleanly refused). */
  m = load(safety_big_memory_wasm, sizeof safety_big_memory_wasm, 1, "4 GiB memory", 1);
  if (!m) return;
  wasm_trap_t *trap = NULL;
  InstantiationArgs args = {0, 0, 100};
  quiet();
  wasm_instance_t *inst = wasm_instance_new_with_args_ex(g_store, m, NULL, &trap, &args);
  loud();
  CHECK(inst == NULL);
  CHECK(trap != NULL);
  wasm_trap_delete(trap);
  wasm_instance_delete(inst);

  if (running_under_valgrind()) {
    /* memcheck would shadow 4 GiB of zeroes for minutes; the path is the same */
    printf("(4 GiB instantiation skipped under valgrind)\n");
  } else {
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine); /* a store of its own, without the cap */
    trap = NULL;
    inst = wasm_instance_new(store, m, NULL, &trap);
    printf("(4 GiB memory: %s)\n", inst ? "instantiated" : "refused");
    if (inst) {
      CHECK(trap == NULL);
      wasm_extern_vec_t exports;
      wasm_instance_exports(inst, &exports);
      CHECK_EQ_INT(exports.size, 3);
      if (exports.size == 3) {
        wasm_memory_t *mem = wasm_extern_as_memory(exports.data[0]);
        CHECK_EQ_INT(wasm_memory_size(mem), 65536);
        CHECK_EQ_INT(wasm_memory_data_size(mem), (size_t)65536 * 65536);
        CHECK(!wasm_memory_grow(mem, 1));
        wasm_val_t r[1] = {WASM_INIT_VAL};
        wasm_val_vec_t res = WASM_ARRAY_VEC(r);
        CHECK(wasm_func_call(wasm_extern_as_func(exports.data[2]), NULL, &res) == NULL);
        CHECK(r[0].kind == WASM_I32 && r[0].of.i32 == 0);
      }
      wasm_extern_vec_delete(&exports);
      wasm_instance_delete(inst);
    } else {
      /* not enough memory here: a clean failure with a trap */
      CHECK(trap != NULL);
      wasm_trap_delete(trap);
    }
    wasm_store_delete(store);
    wasm_engine_delete(engine);
  }
  wasm_module_delete(m);
}

/* Serialized modules: every truncation and every flipped byte is rejected. */
static void test_deserialize(void) {
  wasm_byte_vec_t bin;
  wasm_byte_vec_new(&bin, sizeof safety_full_wasm, (const wasm_byte_t *)safety_full_wasm);
  wasm_module_t *m = wasm_module_new(g_store, &bin);
  wasm_byte_vec_delete(&bin);
  CHECK(m != NULL);
  if (!m) return;
  wasm_byte_vec_t ser;
  wasm_module_serialize(m, &ser);
  wasm_module_delete(m);
  CHECK(ser.size > sizeof safety_full_wasm);

  int accepted = 0;
  quiet();
  for (size_t len = 0; len < ser.size; len++) {
    wasm_byte_vec_t part = {len, len ? ser.data : NULL, len, 1, NULL};
    wasm_module_t *p = wasm_module_deserialize(g_store, &part);
    accepted += p != NULL;
    wasm_module_delete(p);
  }
  for (size_t i = 0; i < ser.size; i++) {
    ser.data[i] ^= 0x5a;
    wasm_module_t *p = wasm_module_deserialize(g_store, &ser);
    accepted += p != NULL;
    wasm_module_delete(p);
    ser.data[i] ^= 0x5a;
  }
  loud();
  CHECK_EQ_INT(accepted, 0);
  wasm_module_t *whole = wasm_module_deserialize(g_store, &ser);
  CHECK(whole != NULL);
  wasm_module_delete(whole);
  wasm_byte_vec_delete(&ser);
}

int main(void) {
  wasm_engine_t *engine = wasm_engine_new();
  g_store = wasm_store_new(engine);
  test_headers();
  test_prefixes();
  test_sections();
  test_huge_counts();
  test_limits();
  test_code();
  test_deep_nesting();
  test_instantiation();
  test_deserialize();
  wasm_store_delete(g_store);
  wasm_engine_delete(engine);
  return test_summary();
}
