/* WASI fd_allocate (posix_fallocate in wasi-libc; WAMR's file sample relies on it):
 * the file grows to at least offset + len and never shrinks; bad descriptors and
 * lengths give WASI errnos. The file is the module's stdout, redirected by the host
 * with wasm_runtime_set_wasi_args_ex. Built against our header and WAMR's. */
#include <sys/stat.h>
#include "wasm_export.h"
#include "testlib.h"

static wasm_module_inst_t inst;

static int32_t allocate(int32_t fd, int64_t offset, int64_t len) {
  uint32_t argv[5] = {(uint32_t)fd};
  memcpy(&argv[1], &offset, 8);
  memcpy(&argv[3], &len, 8);
  CHECK(wasm_runtime_call_wasm(wasm_runtime_get_exec_env_singleton(inst), wasm_runtime_lookup_function(inst, "allocate"), 5, argv));
  return (int32_t)argv[0];
}

static long size_of(int fd) {
  struct stat st;
  return fstat(fd, &st) == 0 ? (long)st.st_size : -1;
}

int main(void) {
  char path[] = "/tmp/fd_allocate_XXXXXX";
  int fd = mkstemp(path);
  CHECK(fd >= 0 && write(fd, "0123456789", 10) == 10);
  CHECK(wasm_runtime_init());
  wasm_byte_vec_t bin;
  load_wasm("export_fd_allocate.wasm", &bin);
  char err[128];
  wasm_module_t module = wasm_runtime_load((uint8_t *)bin.data, (uint32_t)bin.size, err, sizeof err);
  CHECK(module != NULL);
  wasm_runtime_set_wasi_args_ex(module, NULL, 0, NULL, 0, NULL, 0, NULL, 0, -1, fd, -1);
  inst = wasm_runtime_instantiate(module, 64 * 1024, 0, err, sizeof err);
  CHECK(inst != NULL);

  CHECK_EQ_INT(allocate(1, 0, 4096), 0); /* grows */
  CHECK_EQ_INT((int)size_of(fd), 4096);
  CHECK_EQ_INT(allocate(1, 100, 50), 0); /* inside: unchanged, never shrinks */
  CHECK_EQ_INT((int)size_of(fd), 4096);
  CHECK_EQ_INT(allocate(1, 4000, 1000), 0); /* past the end from inside */
  CHECK_EQ_INT((int)size_of(fd), 5000);
  char head[10];
  CHECK(pread(fd, head, 10, 0) == 10 && memcmp(head, "0123456789", 10) == 0); /* contents kept */

  CHECK_EQ_INT(allocate(99, 0, 1), 8);   /* badf */
  CHECK_EQ_INT(allocate(1, 0, 0), 28);   /* inval: empty */
  CHECK_EQ_INT(allocate(1, -1, 10), 28); /* inval: negative offset */
  CHECK_EQ_INT((int)size_of(fd), 5000);

  wasm_runtime_deinstantiate(inst);
  wasm_runtime_unload(module);
  wasm_runtime_destroy();
  wasm_byte_vec_delete(&bin);
  close(fd);
  unlink(path);
  return test_summary();
}
