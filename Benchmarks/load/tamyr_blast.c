/*
 * tamyr_blast: the benchmark's sender. Loads a pre-generated NDJSON stream
 * (one event per line) fully into memory, then sends it as fast as one PUSH
 * socket can over ZeroMQ: one event per message, or --batch N consecutive
 * lines per message ('\n'-joined, no trailing newline: NDJSON as tamyrd
 * reads it). A batch is a slice of the loaded file, so nothing is copied or
 * formatted while sending; zmq_send copies the bytes into the message.
 *
 * The stream is sent --repeat R times, or until --count N events have gone
 * (the last message may then carry fewer lines). Batches never span the end
 * of one pass and the start of the next.
 *
 * Prints one JSON line on stdout:
 *   {"tool":"tamyr_blast","ok":true,"messages":M,"events":E,"bytes":B,
 *    "elapsed_s":S,        first zmq_send call -> last zmq_send returned
 *    "flush_s":F,          last send -> zmq_ctx_term returned (queue drained to the socket)
 *    "start_unix":T0,      CLOCK_REALTIME just before the first send
 *    "send_end_unix":T1, "end_unix":T2, "events_per_s":E/S, "cpu_s":C, ...}
 * Exit status: 0 sent everything, 1 usage or set-up error, 2 timed out
 * (a send blocked for --timeout seconds, the connection never came up, or
 * the queued tail was not delivered within --flush-timeout seconds; libzmq
 * then drops it, so "events" counts events handed to libzmq, not delivered).
 *
 * Build: cc -O2 -o tamyr_blast tamyr_blast.c -lzmq
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

static void usage(void) {
    fprintf(stderr,
        "usage: tamyr_blast --connect ENDPOINT --file STREAM.ndjson [options]\n"
        "  --batch N              lines per message (default 1: one event per message)\n"
        "  --repeat R             send the stream R times (default 1)\n"
        "  --count N              send N events in total, repeating the stream as needed\n"
        "  --sndhwm N             ZMQ_SNDHWM (default 1000000)\n"
        "  --timeout SEC          give up when one send blocks this long, or the\n"
        "                         connection is not up after this long (default 30)\n"
        "  --flush-timeout SEC    after the last send, wait at most this long for the\n"
        "                         queued tail to be delivered (default 300)\n"
        "  --no-wait-connected    start sending without waiting for the handshake\n"
        "  --io-threads N         libzmq I/O threads (default 1)\n"
        "  --curve-server-key K   CURVE: server public key (Z85, or @FILE)\n"
        "  --curve-public K       CURVE: client public key (Z85, or @FILE)\n"
        "  --curve-secret K       CURVE: client secret key (Z85, or @FILE)\n");
}

static double mono_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double real_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu_seconds(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

/* Prints {"tool":"tamyr_blast","ok":false,"error":MSG} and exits with `code`. */
static void fail(int code, const char *what, const char *detail) {
    printf("{\"tool\":\"tamyr_blast\",\"ok\":false,\"error\":\"%s%s%s\"}\n", what,
           detail ? ": " : "", detail ? detail : "");
    fflush(stdout);
    fprintf(stderr, "tamyr_blast: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    exit(code);
}

/* A Z85 key given inline (40 characters) or as @FILE (first 40 non-space characters). */
static void read_key(const char *arg, char out[41], const char *name) {
    if (arg[0] == '@') {
        FILE *f = fopen(arg + 1, "r");
        if (!f) fail(1, "cannot open key file", arg + 1);
        int n = 0, c;
        while (n < 40 && (c = fgetc(f)) != EOF) {
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') out[n++] = (char)c;
        }
        fclose(f);
        out[n] = 0;
    } else {
        snprintf(out, 41, "%s", arg);
    }
    if (strlen(out) != 40) fail(1, "a CURVE key must be 40 Z85 characters", name);
}

static char *load_file(const char *path, size_t *size) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) fail(1, "cannot open stream file", path);
    struct stat st;
    if (fstat(fd, &st) != 0) fail(1, "cannot stat stream file", path);
    char *data = malloc((size_t)st.st_size + 1);
    if (!data) fail(1, "out of memory loading", path);
    size_t done = 0;
    while (done < (size_t)st.st_size) {
        ssize_t n = read(fd, data + done, (size_t)st.st_size - done);
        if (n <= 0) fail(1, "cannot read stream file", path);
        done += (size_t)n;
    }
    close(fd);
    data[done] = '\n';
    *size = done;
    return data;
}

/* Waits for the ZMTP handshake (plain or CURVE) to succeed on the monitored socket. */
static int wait_handshake(void *monitor, double timeout_s, char *why, size_t why_size) {
    double deadline = mono_now() + timeout_s;
    while (mono_now() < deadline) {
        zmq_pollitem_t item = {monitor, 0, ZMQ_POLLIN, 0};
        int rc = zmq_poll(&item, 1, 100);
        if (rc < 0) {
            if (errno == EINTR) continue;
            snprintf(why, why_size, "zmq_poll: %s", zmq_strerror(errno));
            return -1;
        }
        if (rc == 0) continue;
        zmq_msg_t frame;
        zmq_msg_init(&frame);
        if (zmq_msg_recv(&frame, monitor, 0) < 0) { zmq_msg_close(&frame); continue; }
        uint16_t event = 0;
        if (zmq_msg_size(&frame) >= 2) memcpy(&event, zmq_msg_data(&frame), 2);
        while (zmq_msg_more(&frame)) { /* the address frame */
            zmq_msg_close(&frame);
            zmq_msg_init(&frame);
            if (zmq_msg_recv(&frame, monitor, 0) < 0) break;
        }
        zmq_msg_close(&frame);
        if (event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED) return 0;
        if (event == ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL || event == ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL
            || event == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH) {
            snprintf(why, why_size, "handshake failed (monitor event 0x%x; wrong CURVE keys?)", event);
            return -1;
        }
    }
    snprintf(why, why_size, "no connection within %.0f s", timeout_s);
    return -1;
}

int main(int argc, char **argv) {
    const char *endpoint = NULL, *path = NULL;
    const char *server_key_arg = NULL, *public_arg = NULL, *secret_arg = NULL;
    long long batch = 1, repeat = 1, count = -1;
    int sndhwm = 1000000, io_threads = 1, wait_connected = 1;
    double timeout_s = 30, flush_timeout_s = 300;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define TAKE() do { if (!v) { usage(); fail(1, "missing value for", a); } i++; } while (0)
        if (!strcmp(a, "--connect")) { TAKE(); endpoint = v; }
        else if (!strcmp(a, "--file")) { TAKE(); path = v; }
        else if (!strcmp(a, "--batch")) { TAKE(); batch = atoll(v); }
        else if (!strcmp(a, "--repeat")) { TAKE(); repeat = atoll(v); }
        else if (!strcmp(a, "--count")) { TAKE(); count = atoll(v); }
        else if (!strcmp(a, "--sndhwm")) { TAKE(); sndhwm = atoi(v); }
        else if (!strcmp(a, "--timeout")) { TAKE(); timeout_s = atof(v); }
        else if (!strcmp(a, "--flush-timeout")) { TAKE(); flush_timeout_s = atof(v); }
        else if (!strcmp(a, "--io-threads")) { TAKE(); io_threads = atoi(v); }
        else if (!strcmp(a, "--no-wait-connected")) { wait_connected = 0; }
        else if (!strcmp(a, "--curve-server-key")) { TAKE(); server_key_arg = v; }
        else if (!strcmp(a, "--curve-public")) { TAKE(); public_arg = v; }
        else if (!strcmp(a, "--curve-secret")) { TAKE(); secret_arg = v; }
        else if (!strcmp(a, "-h") || !strcmp(a, "--help")) { usage(); return 0; }
        else { usage(); fail(1, "unknown argument", a); }
#undef TAKE
    }
    if (!endpoint || !path) { usage(); fail(1, "--connect and --file are required", NULL); }
    if (batch < 1 || repeat < 1 || timeout_s <= 0 || flush_timeout_s <= 0 || io_threads < 1 || sndhwm < 0)
        fail(1, "--batch, --repeat, --io-threads must be >= 1, --timeout and --flush-timeout > 0, --sndhwm >= 0", NULL);
    int curve = server_key_arg || public_arg || secret_arg;
    if (curve && !(server_key_arg && public_arg && secret_arg))
        fail(1, "CURVE needs --curve-server-key, --curve-public and --curve-secret", NULL);

    /* Load and index the stream: offsets of each non-empty line. */
    size_t size = 0;
    char *data = load_file(path, &size);
    size_t cap = 1 << 20, lines = 0;
    size_t *start = malloc(cap * sizeof *start), *end = malloc(cap * sizeof *end);
    if (!start || !end) fail(1, "out of memory indexing the stream", NULL);
    for (size_t pos = 0; pos < size;) {
        char *nl = memchr(data + pos, '\n', size - pos + 1); /* data[size] is a sentinel '\n' */
        size_t stop = (size_t)(nl - data);
        size_t e = stop;
        if (e > pos && data[e - 1] == '\r') e--;
        if (e > pos) {
            if (lines == cap) {
                cap *= 2;
                start = realloc(start, cap * sizeof *start);
                end = realloc(end, cap * sizeof *end);
                if (!start || !end) fail(1, "out of memory indexing the stream", NULL);
            }
            start[lines] = pos;
            end[lines] = e;
            lines++;
        }
        pos = stop + 1;
    }
    if (lines == 0) fail(1, "the stream file has no lines", path);
    long long total = count >= 0 ? count : (long long)lines * repeat;

    void *ctx = zmq_ctx_new();
    if (!ctx) fail(1, "zmq_ctx_new", zmq_strerror(errno));
    zmq_ctx_set(ctx, ZMQ_IO_THREADS, io_threads);
    void *sock = zmq_socket(ctx, ZMQ_PUSH);
    if (!sock) fail(1, "zmq_socket", zmq_strerror(errno));
    int sndtimeo = 200; /* sends wake up so a stalled receiver is noticed */
    zmq_setsockopt(sock, ZMQ_SNDHWM, &sndhwm, sizeof sndhwm);
    zmq_setsockopt(sock, ZMQ_SNDTIMEO, &sndtimeo, sizeof sndtimeo);
    if (curve) {
        char server_key[41], public_key[41], secret_key[41];
        read_key(server_key_arg, server_key, "--curve-server-key");
        read_key(public_arg, public_key, "--curve-public");
        read_key(secret_arg, secret_key, "--curve-secret");
        if (!zmq_has("curve")) fail(1, "this libzmq has no CURVE support", NULL);
        if (zmq_setsockopt(sock, ZMQ_CURVE_SERVERKEY, server_key, 41) != 0
            || zmq_setsockopt(sock, ZMQ_CURVE_PUBLICKEY, public_key, 41) != 0
            || zmq_setsockopt(sock, ZMQ_CURVE_SECRETKEY, secret_key, 41) != 0)
            fail(1, "setting the CURVE keys", zmq_strerror(errno));
    }
    void *monitor = NULL;
    if (wait_connected) {
        char address[64];
        snprintf(address, sizeof address, "inproc://tamyr-blast-monitor-%d", (int)getpid());
        if (zmq_socket_monitor(sock, address, ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL
                               | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH) != 0)
            fail(1, "zmq_socket_monitor", zmq_strerror(errno));
        monitor = zmq_socket(ctx, ZMQ_PAIR);
        int zero = 0;
        zmq_setsockopt(monitor, ZMQ_LINGER, &zero, sizeof zero);
        if (zmq_connect(monitor, address) != 0) fail(1, "connecting the monitor", zmq_strerror(errno));
    }
    if (zmq_connect(sock, endpoint) != 0) fail(1, "zmq_connect", zmq_strerror(errno));
    if (monitor) {
        char why[160];
        if (wait_handshake(monitor, timeout_s, why, sizeof why) != 0) {
            int zero = 0;
            zmq_setsockopt(sock, ZMQ_LINGER, &zero, sizeof zero);
            zmq_close(monitor);
            zmq_close(sock);
            zmq_ctx_term(ctx);
            fail(2, why, endpoint);
        }
        zmq_socket_monitor(sock, NULL, 0);
        zmq_close(monitor);
    }

    long long messages = 0, events = 0, bytes = 0;
    size_t line = 0;
    int timed_out = 0;
    double cpu0 = cpu_seconds();
    double start_unix = real_now();
    double t0 = mono_now();
    while (events < total) {
        long long n = batch;
        if ((long long)(lines - line) < n) n = (long long)(lines - line);
        if (total - events < n) n = total - events;
        const char *p = data + start[line];
        size_t len = end[line + n - 1] - start[line];
        double blocked_since = 0;
        for (;;) {
            if (zmq_send(sock, p, len, 0) >= 0) break;
            if (errno == EAGAIN) {
                double now = mono_now();
                if (blocked_since == 0) blocked_since = now;
                else if (now - blocked_since >= timeout_s) { timed_out = 1; break; }
                continue;
            }
            if (errno == EINTR) continue;
            fail(1, "zmq_send", zmq_strerror(errno));
        }
        if (timed_out) break;
        messages++;
        events += n;
        bytes += (long long)len;
        line += (size_t)n;
        if (line == lines) line = 0;
    }
    double t1 = mono_now();
    double send_end_unix = real_now();
    /* Deliver the queued tail (bounded), then tear down. */
    int linger = timed_out ? 0 : (int)(flush_timeout_s * 1000);
    zmq_setsockopt(sock, ZMQ_LINGER, &linger, sizeof linger);
    zmq_close(sock);
    zmq_ctx_term(ctx);
    double t2 = mono_now();
    double end_unix = real_now();
    double cpu = cpu_seconds() - cpu0;
    double elapsed = t1 - t0;
    int flush_timeout = !timed_out && (t2 - t1) >= flush_timeout_s * 0.99;
    printf("{\"tool\":\"tamyr_blast\",\"ok\":%s,\"messages\":%lld,\"events\":%lld,\"bytes\":%lld,"
           "\"batch\":%lld,\"stream_lines\":%zu,\"elapsed_s\":%.6f,\"flush_s\":%.6f,\"start_unix\":%.6f,"
           "\"send_end_unix\":%.6f,\"end_unix\":%.6f,\"events_per_s\":%.1f,\"messages_per_s\":%.1f,"
           "\"cpu_s\":%.3f,\"curve\":%s,\"timeout\":%s,\"flush_timeout\":%s}\n",
           (timed_out || flush_timeout) ? "false" : "true", messages, events, bytes, batch, lines, elapsed,
           t2 - t1, start_unix, send_end_unix, end_unix, elapsed > 0 ? events / elapsed : 0.0,
           elapsed > 0 ? messages / elapsed : 0.0, cpu, curve ? "true" : "false", timed_out ? "true" : "false",
           flush_timeout ? "true" : "false");
    fflush(stdout);
    if (timed_out) fprintf(stderr, "tamyr_blast: a send blocked for %.0f s; gave up after %lld events\n", timeout_s, events);
    if (flush_timeout) fprintf(stderr, "tamyr_blast: the queued tail was not delivered within %.0f s\n", flush_timeout_s);
    free(start);
    free(end);
    free(data);
    return (timed_out || flush_timeout) ? 2 : 0;
}
