/*
 * tamyr_count: the benchmark's ceiling receiver. Binds a PULL socket and does
 * the least a receiver can do: zmq_msg_recv into one reused zmq_msg_t and
 * count. With --lines it also counts the events of NDJSON batches (non-empty
 * lines, via memchr over every byte); with --touch it reads every byte
 * (a byte sum), the cost any real decoder pays at least.
 *
 * Stops when --expect-events events have arrived, when no message came for
 * --idle-timeout seconds after the first one, when the first message does
 * not come within --first-timeout seconds, or on SIGINT/SIGTERM. Prints one
 * JSON line on stdout:
 *   {"tool":"tamyr_count","ok":true,"events":E,"messages":M,"bytes":B,
 *    "seconds":S,          first message received -> last message received
 *    "events_per_s":E/S, "messages_per_s":M/S,
 *    "first_unix":T0, "last_unix":T1 (CLOCK_REALTIME), "stopped":"expected|idle|first_timeout|signal",
 *    "cpu_s":C, ...}
 * The clock is read every 64 messages and exactly when the expected count is
 * reached; after an idle stop "last_unix" is the last reading, at most 63
 * messages before the true last one.
 * Exit status: 0 when stopped by the expected count (or idle after at least
 * one message without --expect-events), 1 on set-up errors, 3 otherwise.
 *
 * --keygen prints a fresh CURVE key pair as {"public":"...","secret":"..."}
 * (zmq_curve_keypair) and exits.
 *
 * Build: cc -O2 -o tamyr_count tamyr_count.c -lzmq
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

static volatile sig_atomic_t stop_requested = 0;
static void on_signal(int sig) { (void)sig; stop_requested = 1; }

static void usage(void) {
    fprintf(stderr,
        "usage: tamyr_count --bind ENDPOINT [options]\n"
        "       tamyr_count --keygen\n"
        "  --expect-events N      stop after N events (default: only the idle timeout stops)\n"
        "  --idle-timeout SEC     stop when no message came for SEC after the first (default 5)\n"
        "  --first-timeout SEC    give up when no message came within SEC (default 30)\n"
        "  --lines                count '\\n'-separated events per message (NDJSON batches)\n"
        "  --touch                read every byte of every message (byte sum)\n"
        "  --recv-buffer          zmq_recv into one pooled 1 MiB buffer instead of zmq_msg_recv\n"
        "                         into a reused zmq_msg_t (the two receive paths issue 4 compares)\n"
        "  --rcvhwm N             ZMQ_RCVHWM (default 10000, tamyrd's default ingest.receive_hwm)\n"
        "  --io-threads N         libzmq I/O threads (default 1)\n"
        "  --ready-file PATH      created once the socket is bound\n"
        "  --curve-secret K       CURVE server mode with this secret key (Z85, or @FILE)\n");
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

static void fail(const char *what, const char *detail) {
    printf("{\"tool\":\"tamyr_count\",\"ok\":false,\"error\":\"%s%s%s\"}\n", what, detail ? ": " : "",
           detail ? detail : "");
    fflush(stdout);
    fprintf(stderr, "tamyr_count: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    exit(1);
}

static void read_key(const char *arg, char out[41]) {
    if (arg[0] == '@') {
        FILE *f = fopen(arg + 1, "r");
        if (!f) fail("cannot open key file", arg + 1);
        int n = 0, c;
        while (n < 40 && (c = fgetc(f)) != EOF) {
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') out[n++] = (char)c;
        }
        fclose(f);
        out[n] = 0;
    } else {
        snprintf(out, 41, "%s", arg);
    }
    if (strlen(out) != 40) fail("a CURVE key must be 40 Z85 characters", "--curve-secret");
}

/* Non-empty lines in an NDJSON payload ("\r\n" and a trailing '\n' are fine). */
static long long count_lines(const unsigned char *p, size_t n) {
    long long lines = 0;
    size_t pos = 0;
    while (pos < n) {
        const unsigned char *nl = memchr(p + pos, '\n', n - pos);
        size_t stop = nl ? (size_t)(nl - p) : n;
        size_t e = stop;
        if (e > pos && p[e - 1] == '\r') e--;
        if (e > pos) lines++;
        pos = stop + 1;
    }
    return lines;
}

int main(int argc, char **argv) {
    const char *endpoint = NULL, *ready_file = NULL, *secret_arg = NULL;
    long long expect = -1;
    double idle_s = 5, first_s = 30;
    int lines_mode = 0, touch = 0, rcvhwm = 10000, io_threads = 1, recv_buffer = 0;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define TAKE() do { if (!v) { usage(); fail("missing value for", a); } i++; } while (0)
        if (!strcmp(a, "--bind")) { TAKE(); endpoint = v; }
        else if (!strcmp(a, "--expect-events")) { TAKE(); expect = atoll(v); }
        else if (!strcmp(a, "--idle-timeout")) { TAKE(); idle_s = atof(v); }
        else if (!strcmp(a, "--first-timeout")) { TAKE(); first_s = atof(v); }
        else if (!strcmp(a, "--lines")) { lines_mode = 1; }
        else if (!strcmp(a, "--touch")) { touch = 1; }
        else if (!strcmp(a, "--recv-buffer")) { recv_buffer = 1; }
        else if (!strcmp(a, "--rcvhwm")) { TAKE(); rcvhwm = atoi(v); }
        else if (!strcmp(a, "--io-threads")) { TAKE(); io_threads = atoi(v); }
        else if (!strcmp(a, "--ready-file")) { TAKE(); ready_file = v; }
        else if (!strcmp(a, "--curve-secret")) { TAKE(); secret_arg = v; }
        else if (!strcmp(a, "--keygen")) {
            char pub[41], sec[41];
            if (!zmq_has("curve")) fail("this libzmq has no CURVE support", NULL);
            if (zmq_curve_keypair(pub, sec) != 0) fail("zmq_curve_keypair", zmq_strerror(errno));
            printf("{\"public\":\"%s\",\"secret\":\"%s\"}\n", pub, sec);
            return 0;
        }
        else if (!strcmp(a, "-h") || !strcmp(a, "--help")) { usage(); return 0; }
        else { usage(); fail("unknown argument", a); }
#undef TAKE
    }
    if (!endpoint) { usage(); fail("--bind is required", NULL); }
    if (idle_s <= 0 || first_s <= 0 || io_threads < 1 || rcvhwm < 0) fail("bad timeout, --io-threads or --rcvhwm", NULL);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    void *ctx = zmq_ctx_new();
    if (!ctx) fail("zmq_ctx_new", zmq_strerror(errno));
    zmq_ctx_set(ctx, ZMQ_IO_THREADS, io_threads);
    void *sock = zmq_socket(ctx, ZMQ_PULL);
    if (!sock) fail("zmq_socket", zmq_strerror(errno));
    int rcvtimeo = 100, zero = 0;
    zmq_setsockopt(sock, ZMQ_RCVHWM, &rcvhwm, sizeof rcvhwm);
    zmq_setsockopt(sock, ZMQ_RCVTIMEO, &rcvtimeo, sizeof rcvtimeo);
    zmq_setsockopt(sock, ZMQ_LINGER, &zero, sizeof zero);
    if (secret_arg) {
        char secret[41];
        int one = 1;
        read_key(secret_arg, secret);
        if (!zmq_has("curve")) fail("this libzmq has no CURVE support", NULL);
        if (zmq_setsockopt(sock, ZMQ_CURVE_SERVER, &one, sizeof one) != 0
            || zmq_setsockopt(sock, ZMQ_CURVE_SECRETKEY, secret, 41) != 0)
            fail("setting the CURVE server key", zmq_strerror(errno));
    }
    if (zmq_bind(sock, endpoint) != 0) fail("zmq_bind", zmq_strerror(errno));
    if (ready_file) {
        FILE *f = fopen(ready_file, "w");
        if (!f) fail("cannot create the ready file", ready_file);
        fprintf(f, "%d\n", (int)getpid());
        fclose(f);
    }

    zmq_msg_t msg;
    zmq_msg_init(&msg);
    enum { BUFFER = 1 << 20 };
    unsigned char *buffer = malloc(BUFFER);
    if (!buffer) fail("malloc", NULL);
    long long events = 0, messages = 0, bytes = 0;
    uint64_t checksum = 0;
    double started = mono_now(), first = 0, last = 0;
    double cpu0 = 0;
    const char *stopped = NULL;
    unsigned sample = 0;
    long long seen = 0;      /* messages at the previous timeout wake-up */
    double activity = 0;     /* when a wake-up last found new messages: the idle clock */
    while (!stopped) {
        int n = recv_buffer ? zmq_recv(sock, buffer, BUFFER, 0) : zmq_msg_recv(&msg, sock, 0);
        if (n < 0) {
            if (errno != EAGAIN && errno != EINTR) fail("zmq_msg_recv", zmq_strerror(errno));
            double now = mono_now();
            if (stop_requested) stopped = "signal";
            else if (messages == 0 && now - started >= first_s) stopped = "first_timeout";
            else if (messages > 0) {
                if (messages != seen) { seen = messages; activity = now; }
                else if (now - activity >= idle_s) stopped = "idle";
            }
            continue;
        }
        const unsigned char *p;
        size_t size;
        if (recv_buffer) {
            int more = 0;
            size_t more_size = sizeof more;
            zmq_getsockopt(sock, ZMQ_RCVMORE, &more, &more_size);
            if (more) continue; /* count a message once, by its last frame */
            p = buffer;
            size = (size_t)n < (size_t)BUFFER ? (size_t)n : (size_t)BUFFER; /* truncated beyond: counted as is */
        } else {
            if (zmq_msg_more(&msg)) continue; /* count a message once, by its last frame */
            p = zmq_msg_data(&msg);
            size = zmq_msg_size(&msg);
        }
        if (messages == 0) {
            first = last = activity = mono_now();
            cpu0 = cpu_seconds();
        }
        messages++;
        bytes += (long long)size;
        events += lines_mode ? count_lines(p, size) : 1;
        if (touch) {
            uint64_t s = 0;
            for (size_t i = 0; i < size; i++) s += p[i];
            checksum += s;
        }
        if (expect >= 0 && events >= expect) {
            last = mono_now();
            stopped = "expected";
        } else if ((++sample & 63) == 0) {
            last = mono_now();
            if (stop_requested) stopped = "signal";
        }
    }
    double cpu = messages ? cpu_seconds() - cpu0 : 0;
    double offset = real_now() - mono_now(); /* monotonic -> realtime */
    zmq_msg_close(&msg);
    free(buffer);
    zmq_close(sock);
    zmq_ctx_term(ctx);

    double seconds = last - first;
    int ok = !strcmp(stopped, "expected") || (expect < 0 && !strcmp(stopped, "idle") && messages > 0);
    printf("{\"tool\":\"tamyr_count\",\"ok\":%s,\"events\":%lld,\"messages\":%lld,\"bytes\":%lld,"
           "\"seconds\":%.6f,\"events_per_s\":%.1f,\"messages_per_s\":%.1f,\"first_unix\":%.6f,"
           "\"last_unix\":%.6f,\"stopped\":\"%s\",\"expected\":%lld,\"lines\":%s,\"touch\":%s,"
           "\"curve\":%s,\"rcvhwm\":%d,\"checksum\":%llu,\"cpu_s\":%.3f}\n",
           ok ? "true" : "false", events, messages, bytes, seconds, seconds > 0 ? events / seconds : 0.0,
           seconds > 0 ? messages / seconds : 0.0, messages ? first + offset : 0.0, messages ? last + offset : 0.0,
           stopped, expect, lines_mode ? "true" : "false", touch ? "true" : "false", secret_arg ? "true" : "false",
           rcvhwm, (unsigned long long)checksum, cpu);
    fflush(stdout);
    return ok ? 0 : 3;
}
