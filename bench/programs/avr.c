/* bench/wasi_bench: cc1's workload, compiled for an ATmega328P with -O2 (bench/wasi_programs.py
 * checks the assembly has a label for every function below). Ordinary embedded code: a CRC, a ring
 * buffer, fixed-point filters, a sort, a command parser and a state machine. */
#include <stdint.h>
#include <stdbool.h>
#include <string.h>

#define RING_SIZE 32
#define NTAPS 8

typedef struct {
  uint8_t data[RING_SIZE];
  uint8_t head, tail;
} ring_t;

typedef enum { IDLE, HEATING, HOLDING, COOLING, FAULT } state_t;

typedef struct {
  state_t state;
  int16_t setpoint, temp;
  uint16_t ticks, faults;
} ctrl_t;

static const int16_t taps[NTAPS] = {3, 11, 27, 41, 41, 27, 11, 3};

uint16_t crc16_update(uint16_t crc, uint8_t byte) {
  crc ^= byte;
  for (uint8_t i = 0; i < 8; i++) crc = (crc & 1) ? (uint16_t)((crc >> 1) ^ 0xA001) : (uint16_t)(crc >> 1);
  return crc;
}

uint16_t crc16_block(const uint8_t *p, uint16_t n) {
  uint16_t crc = 0xFFFF;
  while (n--) crc = crc16_update(crc, *p++);
  return crc;
}

bool ring_put(ring_t *r, uint8_t v) {
  uint8_t next = (uint8_t)((r->head + 1) % RING_SIZE);
  if (next == r->tail) return false;
  r->data[r->head] = v;
  r->head = next;
  return true;
}

int16_t ring_get(ring_t *r) {
  if (r->head == r->tail) return -1;
  uint8_t v = r->data[r->tail];
  r->tail = (uint8_t)((r->tail + 1) % RING_SIZE);
  return v;
}

int16_t fir_filter(const int16_t *x) {
  int32_t acc = 0;
  for (uint8_t i = 0; i < NTAPS; i++) acc += (int32_t)taps[i] * x[i];
  return (int16_t)(acc >> 7);
}

int16_t ema_q8(int16_t prev, int16_t sample, uint8_t alpha) {
  int32_t d = (int32_t)sample - prev;
  return (int16_t)(prev + ((d * alpha) >> 8));
}

uint16_t isqrt32(uint32_t v) {
  uint32_t res = 0, bit = 1UL << 30;
  while (bit > v) bit >>= 2;
  while (bit) {
    if (v >= res + bit) {
      v -= res + bit;
      res = (res >> 1) + bit;
    } else {
      res >>= 1;
    }
    bit >>= 2;
  }
  return (uint16_t)res;
}

void sort_u16(uint16_t *a, uint8_t n) {
  for (uint8_t i = 1; i < n; i++) {
    uint16_t v = a[i];
    uint8_t j = i;
    while (j > 0 && a[j - 1] > v) {
      a[j] = a[j - 1];
      j--;
    }
    a[j] = v;
  }
}

uint16_t median5(const uint16_t *in) {
  uint16_t t[5];
  memcpy(t, in, sizeof t);
  sort_u16(t, 5);
  return t[2];
}

static int16_t parse_int(const char **s) {
  int16_t v = 0;
  bool neg = false;
  if (**s == '-') {
    neg = true;
    (*s)++;
  }
  while (**s >= '0' && **s <= '9') v = (int16_t)(v * 10 + (*(*s)++ - '0'));
  return neg ? (int16_t)-v : v;
}

int8_t parse_command(const char *line, ctrl_t *c) {
  if (!strncmp(line, "SET ", 4)) {
    line += 4;
    int16_t v = parse_int(&line);
    if (v < -400 || v > 2500) return -2;
    c->setpoint = v;
    return 1;
  }
  if (!strcmp(line, "STOP")) {
    c->state = COOLING;
    return 2;
  }
  if (!strcmp(line, "RESET")) {
    memset(c, 0, sizeof *c);
    return 3;
  }
  return -1;
}

state_t ctrl_step(ctrl_t *c, int16_t temp) {
  c->temp = temp;
  c->ticks++;
  switch (c->state) {
  case IDLE:
    if (c->setpoint > temp + 20) c->state = HEATING;
    break;
  case HEATING:
    if (temp >= c->setpoint) {
      c->state = HOLDING;
      c->ticks = 0;
    } else if (c->ticks > 6000) {
      c->state = FAULT;
      c->faults++;
    }
    break;
  case HOLDING:
    if (temp > c->setpoint + 50) c->state = COOLING;
    else if (temp < c->setpoint - 30) c->state = HEATING;
    break;
  case COOLING:
    if (temp < 400) c->state = IDLE;
    break;
  case FAULT:
    break;
  }
  return c->state;
}

uint8_t duty_for(const ctrl_t *c) {
  if (c->state != HEATING && c->state != HOLDING) return 0;
  int16_t err = (int16_t)(c->setpoint - c->temp);
  int16_t d = (int16_t)(err / 4 + (c->state == HOLDING ? 40 : 128));
  return d < 0 ? 0 : d > 255 ? 255 : (uint8_t)d;
}

uint16_t checksum_report(ring_t *r, const ctrl_t *c) {
  uint8_t buf[8];
  buf[0] = (uint8_t)c->state;
  buf[1] = (uint8_t)(c->temp >> 8);
  buf[2] = (uint8_t)c->temp;
  buf[3] = (uint8_t)(c->setpoint >> 8);
  buf[4] = (uint8_t)c->setpoint;
  buf[5] = duty_for(c);
  buf[6] = (uint8_t)(c->faults);
  buf[7] = (uint8_t)(c->ticks);
  for (uint8_t i = 0; i < sizeof buf; i++) ring_put(r, buf[i]);
  return crc16_block(buf, sizeof buf);
}
