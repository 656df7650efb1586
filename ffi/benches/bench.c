#define _POSIX_C_SOURCE 199309L
/* airgap_license_check from C against the same work done in Rust, in one
 * process, alternated in rounds; prints both and the ratio (goal <= 1.05). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "airgap_license.h"

uint64_t airgap_license_bench_rust_path(const uint8_t *text, size_t text_len, int64_t now_unix, uint64_t iterations);

static uint64_t nanos(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

int main(void) {
    FILE *f = fopen("licenses-sample/enterprise.lic", "rb");
    if (!f) return 2;
    static uint8_t text[65536];
    size_t len = fread(text, 1, sizeof text, f);
    fclose(f);
    const int64_t now = 1780272000;
    const uint64_t n = 2000;
    static char out[8192];
    uint64_t c_total = 0, rust_total = 0;
    airgap_license_check(text, len, now, out, sizeof out, NULL); /* warm up */
    for (int round = 0; round < 10; round++) {
        uint64_t start = nanos();
        for (uint64_t i = 0; i < n; i++) {
            size_t out_len;
            if (airgap_license_check(text, len, now, out, sizeof out, &out_len) != 0) return 1;
        }
        c_total += nanos() - start;
        rust_total += airgap_license_bench_rust_path(text, len, now, n);
    }
    double c_each = (double)c_total / (10.0 * n), rust_each = (double)rust_total / (10.0 * n);
    printf("Rust library path (judge, status, body): %.0f ns\n", rust_each);
    printf("C airgap_license_check:                   %.0f ns\n", c_each);
    printf("ratio (goal <= 1.05):                     %.3f\n", c_each / rust_each);
    return 0;
}
