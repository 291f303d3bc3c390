/* testlib.h plus helpers for the tests of our extensions (tests/c/ext_*.c), which
 * build against our header only. */
#ifndef EXTLIB_H
#define EXTLIB_H

#include "testlib.h"

/* A pthread body: waits 50 ms, then interrupts the store given (wamr_store_interrupt). */
static inline void *interrupt_later(void *store) {
  struct timespec pause = {0, 50 * 1000 * 1000};
  nanosleep(&pause, NULL);
  CHECK(wamr_store_interrupt((wasm_store_t *)store));
  return NULL;
}

#endif
