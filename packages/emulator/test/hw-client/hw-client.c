// SPDX-License-Identifier: Apache-2.0
// A client of the ZIP queue protocol written from the hardware specification only (docs/hardware.md:
// sysfs §1, the character device §2, rings and doorbells §3, the SQE §4), reaching the device
// through the emulator's transport (docs/contracts.md: open/ioctl/mmap as JSON lines on a UNIX
// socket, regions mapped from the files it names). It does what the hardware's drivers do: one SQ
// doorbell per submission, one CQ doorbell per consumed CQE, never a re-ring; CQEs found by their
// phase bit; ds_tx checked before ringing the SQ and ds_rx before ringing the CQ.
//
//   hw-client SYSFS SOCKET EMULATOR_PID API ALG DIR MODE IN_FLIGHT COUNT INPUT OUTPUT
//     API: hisi_qm_v2 | hisi_qm_v3 (the first device with that api is used)
//     ALG: deflate | zlib | gzip     DIR: compress | decompress     MODE: sync | async
//     INPUT: records (u32 LE length, bytes); request i takes record i % records
//     OUTPUT: records (u32 index, u32 status, u32 lstblk, u32 consumed, u32 produced, bytes)
// Exit status 0 when every request completed; 1 usage or setup; 2 protocol; 3 status words set.
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define SQE_SIZE 128
#define DEPTH 1024
#define CQE_SIZE 16
#define DOORBELL 0x1000
#define SET_QP_CTX 0xc004480aUL
#define START_Q 0x5700UL

static int sock;
static long next_id = 1;
static uint8_t *dus;
static uint8_t *mmio;
static size_t dus_size;
static unsigned queue_id;

static void die(int code, const char *what) {
  fprintf(stderr, "hw-client: %s%s%s\n", what, errno ? ": " : "", errno ? strerror(errno) : "");
  exit(code);
}

// ---- sysfs (spec §1.2): text attributes ending in one newline ----
static int read_attr(const char *dir, const char *name, char *out, size_t size) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "r");
  if (!f) return -1;
  size_t n = fread(out, 1, size - 1, f);
  fclose(f);
  out[n] = 0;
  while (n > 0 && out[n - 1] == '\n') out[--n] = 0;
  return 0;
}

static int has_line(const char *text, const char *word) {
  size_t len = strlen(word);
  for (const char *p = text; (p = strstr(p, word)) != NULL; p += len)
    if ((p == text || p[-1] == '\n') && (p[len] == '\n' || p[len] == 0)) return 1;
  return 0;
}

// ---- the transport: one JSON object per line ----
static void send_line(const char *line) {
  size_t len = strlen(line), done = 0;
  while (done < len) {
    ssize_t n = write(sock, line + done, len - done);
    if (n <= 0) die(1, "socket write");
    done += (size_t)n;
  }
}

// Reads lines until the reply to `id` (events such as {"ev":"poll"} are skipped).
static void read_reply(long id, char *out, size_t size) {
  static char buf[65536];
  static size_t have = 0;
  char want[32];
  snprintf(want, sizeof want, "\"id\":%ld", id);
  for (;;) {
    char *nl = memchr(buf, '\n', have);
    if (nl) {
      size_t len = (size_t)(nl - buf);
      int mine = memmem(buf, len, want, strlen(want)) != NULL;
      if (mine) {
        size_t copy = len < size - 1 ? len : size - 1;
        memcpy(out, buf, copy);
        out[copy] = 0;
      }
      memmove(buf, nl + 1, have - len - 1);
      have -= len + 1;
      if (mine) return;
      continue;
    }
    ssize_t n = read(sock, buf + have, sizeof buf - have);
    if (n <= 0) die(1, "socket read");
    have += (size_t)n;
  }
}

static void call(const char *fields, char *reply, size_t size) {
  char line[1024];
  long id = next_id++;
  snprintf(line, sizeof line, "{\"id\":%ld,%s}\n", id, fields);
  send_line(line);
  read_reply(id, reply, size);
  if (!strstr(reply, "\"ok\":true")) {
    errno = 0;
    fprintf(stderr, "hw-client: request %s refused: %s\n", fields, reply);
    exit(1);
  }
}

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void base64_encode(const uint8_t *in, size_t len, char *out) {
  size_t o = 0;
  for (size_t i = 0; i < len; i += 3) {
    uint32_t v = (uint32_t)in[i] << 16 | (i + 1 < len ? (uint32_t)in[i + 1] << 8 : 0) |
                 (i + 2 < len ? in[i + 2] : 0);
    out[o++] = B64[v >> 18 & 63];
    out[o++] = B64[v >> 12 & 63];
    out[o++] = i + 1 < len ? B64[v >> 6 & 63] : '=';
    out[o++] = i + 2 < len ? B64[v & 63] : '=';
  }
  out[o] = 0;
}

static size_t base64_decode(const char *in, uint8_t *out) {
  size_t o = 0;
  uint32_t v = 0;
  int bits = 0;
  for (; *in && *in != '"'; in++) {
    const char *p = strchr(B64, *in);
    if (!p || *in == '=') break;
    v = v << 6 | (uint32_t)(p - B64);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (uint8_t)(v >> bits);
    }
  }
  return o;
}

// mmap over the transport (spec §2.3): offset = qfrt * page, the reply names the region's file.
static uint8_t *map_region(int qfrt, size_t length) {
  char fields[128], reply[4096];
  snprintf(fields, sizeof fields, "\"op\":\"mmap\",\"offset\":%d,\"length\":%zu", qfrt * 4096, length);
  call(fields, reply, sizeof reply);
  char *path = strstr(reply, "\"path\":\"");
  if (!path) die(1, "mmap reply without path");
  path += 8;
  *strchr(path, '"') = 0;
  int fd = open(path, O_RDWR | O_CLOEXEC);
  if (fd < 0) die(1, "open region");
  void *map = mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  close(fd);
  if (map == MAP_FAILED) die(1, "mmap region");
  return map;
}

// ---- doorbells (spec §3.3): one 64-bit store each ----
static void doorbell(unsigned command, unsigned index) {
  uint64_t value = (uint64_t)(queue_id & 0xfff) | (uint64_t)(command & 0xf) << 12 | (uint64_t)(index & 0xffff) << 32;
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
  __atomic_store_n((uint64_t *)(mmio + DOORBELL), value, __ATOMIC_SEQ_CST);
}

static uint32_t status_word(size_t from_end) {
  return __atomic_load_n((uint32_t *)(dus + dus_size - from_end), __ATOMIC_ACQUIRE);
}

// ---- requests ----
struct record { uint8_t *data; uint32_t length; };
static struct record *records;
static size_t record_count;
static uint8_t *outputs;
static uint32_t capacity;
static unsigned req_type, in_flight;
// hisi_qm_v2 takes SQE type 0 (tag in DW13), hisi_qm_v3 type 3 (tag in DW26) (spec §4.1-4.2).
static unsigned sqe_type = 3, tag_word = 26;
static long total;
static FILE *out_file;
static volatile long submitted_count, consumed_count;
static int failed;

static void put_le32(uint8_t *p, uint32_t v) { p[0] = v; p[1] = v >> 8; p[2] = v >> 16; p[3] = v >> 24; }
static uint32_t le32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint16_t le16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static void put_le64(uint8_t *p, uint64_t v) { put_le32(p, (uint32_t)v); put_le32(p + 4, (uint32_t)(v >> 32)); }

// A stateless SQE (spec §4.2): DW4 input length, DW7 flush=finish + stream_new + SQE type, DW9
// request type + window 32 KiB, DW14 output space, DW18-21 addresses, the tag (DW26 or DW13).
static void write_sqe(long request) {
  uint8_t sqe[SQE_SIZE] = {0};
  struct record *in = &records[request % (long)record_count];
  uint8_t *out = outputs + (size_t)(request % DEPTH) * capacity;
  put_le32(sqe + 4 * 4, in->length);
  put_le32(sqe + 7 * 4, 1u << 25 | 1u << 27 | sqe_type << 28);
  put_le32(sqe + 9 * 4, req_type | 4u << 12);
  put_le32(sqe + 14 * 4, capacity);
  put_le64(sqe + 18 * 4, (uint64_t)(uintptr_t)in->data);
  put_le64(sqe + 20 * 4, (uint64_t)(uintptr_t)out);
  put_le32(sqe + tag_word * 4, (uint32_t)request + 1);
  memcpy(dus + (size_t)(request % DEPTH) * SQE_SIZE, sqe, SQE_SIZE);
}

static void submit(long request) {
  write_sqe(request);
  if (status_word(4) != 0) { fprintf(stderr, "hw-client: ds_tx set\n"); exit(3); }
  doorbell(0, (unsigned)((request + 1) % DEPTH));
}

static long cq_head = 0;
static unsigned phase = 1;

// Takes the next CQE if its phase says it is new; writes the result record. 0 when none yet.
static int consume_one(void) {
  uint8_t *cqe = dus + (size_t)DEPTH * SQE_SIZE + (size_t)(cq_head % DEPTH) * CQE_SIZE;
  if ((__atomic_load_n((uint16_t *)(cqe + 14), __ATOMIC_ACQUIRE) & 1) != phase) return 0;
  unsigned slot = le16(cqe + 8);
  if (slot >= DEPTH || le16(cqe + 10) != queue_id) { fprintf(stderr, "hw-client: bad CQE\n"); exit(2); }
  uint8_t *sqe = dus + (size_t)slot * SQE_SIZE;
  long request = (long)le32(sqe + tag_word * 4) - 1;
  if (request < 0 || request % DEPTH != slot) { fprintf(stderr, "hw-client: bad tag\n"); exit(2); }
  uint32_t dw3 = le32(sqe + 3 * 4), produced = le32(sqe + 4), consumed = le32(sqe);
  uint8_t header[20];
  put_le32(header, (uint32_t)request);
  put_le32(header + 4, dw3 & 0xff);
  put_le32(header + 8, dw3 >> 8 & 1);
  put_le32(header + 12, consumed);
  put_le32(header + 16, produced <= capacity ? produced : 0);
  fwrite(header, 1, sizeof header, out_file);
  fwrite(outputs + (size_t)slot * capacity, 1, produced <= capacity ? produced : 0, out_file);
  cq_head += 1;
  if (cq_head % DEPTH == 0) phase ^= 1;
  if (status_word(8) != 0) { fprintf(stderr, "hw-client: ds_rx set\n"); exit(3); }
  doorbell(1, (unsigned)(cq_head % DEPTH));
  __atomic_store_n(&consumed_count, consumed_count + 1, __ATOMIC_RELEASE);
  return 1;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void *sender(void *unused) {
  (void)unused;
  for (long request = 0; request < total; request++) {
    while (request - __atomic_load_n(&consumed_count, __ATOMIC_ACQUIRE) >= (long)in_flight)
      if (__atomic_load_n(&failed, __ATOMIC_ACQUIRE)) return NULL;
    submit(request);
    __atomic_store_n(&submitted_count, request + 1, __ATOMIC_RELEASE);
  }
  return NULL;
}

static void *poller(void *unused) {
  (void)unused;
  double last = now();
  while (cq_head < total) {
    if (consume_one()) last = now();
    else if (now() - last > 20) { fprintf(stderr, "hw-client: %ld of %ld never completed\n", total - cq_head, total); __atomic_store_n(&failed, 1, __ATOMIC_RELEASE); return NULL; }
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 12) { fprintf(stderr, "usage: see the header of hw-client.c\n"); return 1; }
  const char *sysfs = argv[1], *socket_path = argv[2], *api = argv[4], *alg = argv[5];
  int decompress = strcmp(argv[6], "decompress") == 0, async = strcmp(argv[7], "async") == 0;
  in_flight = (unsigned)atoi(argv[8]);
  total = atol(argv[9]);
  if (in_flight < 1 || in_flight > DEPTH - 1 || total < 1) { fprintf(stderr, "bad in-flight/count\n"); return 1; }
  req_type = strcmp(alg, "deflate") == 0 ? 1 : strcmp(alg, "zlib") == 0 ? 2 : strcmp(alg, "gzip") == 0 ? 3 : 0;
  if (!req_type) { fprintf(stderr, "bad algorithm\n"); return 1; }
  if (strcmp(api, "hisi_qm_v2") == 0) {
    sqe_type = 0;
    tag_word = 13;
  }
  // The device DMAs into this process (it reads and writes it like a debugger): allow it.
  prctl(PR_SET_PTRACER, (unsigned long)atol(argv[3]), 0, 0, 0);

  // Discovery (spec §1): the first device whose api matches and that offers the algorithm.
  char device[256] = "", dir[4096], text[1024];
  DIR *root = opendir(sysfs);
  if (!root) die(1, "sysfs root");
  struct dirent *entry;
  while ((entry = readdir(root)) != NULL && !device[0]) {
    if (entry->d_name[0] == '.') continue;
    snprintf(dir, sizeof dir, "%s/%s", sysfs, entry->d_name);
    if (read_attr(dir, "api", text, sizeof text) || strcmp(text, api)) continue;
    if (read_attr(dir, "algorithms", text, sizeof text) || !has_line(text, alg)) continue;
    if (read_attr(dir, "available_instances", text, sizeof text) || atoi(text) < 1) continue;
    if (read_attr(dir, "region_dus_size", text, sizeof text)) continue;
    dus_size = (size_t)atol(text);
    snprintf(device, sizeof device, "%s", entry->d_name);
  }
  closedir(root);
  if (!device[0]) { fprintf(stderr, "hw-client: no %s device offers %s\n", api, alg); return 1; }
  snprintf(dir, sizeof dir, "%s/%s", sysfs, device);
  if (read_attr(dir, "region_mmio_size", text, sizeof text)) die(1, "region_mmio_size");
  size_t mmio_size = (size_t)atol(text);

  // Bring-up (spec §2.8): open, mmap DUS, mmap MMIO, SET_QP_CTX, START_Q.
  sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  struct sockaddr_un address = {.sun_family = AF_UNIX};
  snprintf(address.sun_path, sizeof address.sun_path, "%s", socket_path);
  if (connect(sock, (struct sockaddr *)&address, sizeof address)) die(1, "connect");
  char fields[512], reply[4096];
  snprintf(fields, sizeof fields, "\"op\":\"open\",\"device\":\"%s\",\"pid\":%d", device, getpid());
  call(fields, reply, sizeof reply);
  dus = map_region(1, dus_size);
  mmio = map_region(0, mmio_size);
  uint8_t ctx[4] = {0, 0, (uint8_t)decompress, 0};
  char encoded[16];
  base64_encode(ctx, sizeof ctx, encoded);
  snprintf(fields, sizeof fields, "\"op\":\"ioctl\",\"request\":%lu,\"arg\":\"%s\"", SET_QP_CTX, encoded);
  call(fields, reply, sizeof reply);
  char *arg = strstr(reply, "\"arg\":\"");
  if (!arg || base64_decode(arg + 7, ctx) < 2) die(1, "SET_QP_CTX reply");
  queue_id = le16(ctx);
  snprintf(fields, sizeof fields, "\"op\":\"ioctl\",\"request\":%lu", START_Q);
  call(fields, reply, sizeof reply);

  // Requests.
  FILE *in = fopen(argv[10], "rb");
  if (!in) die(1, "input");
  fseek(in, 0, SEEK_END);
  long in_size = ftell(in);
  rewind(in);
  uint8_t *input = malloc((size_t)in_size);
  if (!input || fread(input, 1, (size_t)in_size, in) != (size_t)in_size) die(1, "read input");
  fclose(in);
  records = calloc((size_t)in_size / 4 + 1, sizeof *records);
  uint32_t largest = 0;
  for (long at = 0; at + 4 <= in_size; record_count++) {
    records[record_count].length = le32(input + at);
    records[record_count].data = input + at + 4;
    if (records[record_count].length > largest) largest = records[record_count].length;
    at += 4 + records[record_count].length;
  }
  if (!record_count) { fprintf(stderr, "empty input\n"); return 1; }
  capacity = decompress ? 256 * 1024 : largest + largest / 8 + 1024;
  outputs = malloc((size_t)DEPTH * capacity);
  out_file = fopen(argv[11], "wb");
  if (!outputs || !out_file) die(1, "output");

  if (async) {
    pthread_t send_thread, poll_thread;
    pthread_create(&poll_thread, NULL, poller, NULL);
    pthread_create(&send_thread, NULL, sender, NULL);
    pthread_join(send_thread, NULL);
    pthread_join(poll_thread, NULL);
  } else {
    // Synchronous: up to in_flight submitted, then each completion awaited by polling.
    long next = 0;
    double last = now();
    while (cq_head < total && !failed) {
      while (next < total && next - cq_head < (long)in_flight) submit(next++);
      if (consume_one()) last = now();
      else if (now() - last > 20) { fprintf(stderr, "hw-client: %ld never completed\n", total - cq_head); failed = 1; }
    }
  }
  fclose(out_file);
  snprintf(fields, sizeof fields, "\"op\":\"close\"");
  call(fields, reply, sizeof reply);
  close(sock);
  return failed ? 2 : 0;
}
