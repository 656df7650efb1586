/* The C ABI as an installer calls it: every return code, the buffer rules
 * (exact fit, one byte short, NULL out), NULL arguments, a non-UTF-8
 * feature name, and the handle API with its frees. Run from the repository
 * root (it reads licenses-sample/), under valgrind in .ci/run.
 *
 *   cc -std=c11 -Wall -Wextra -Werror -Iffi/include ffi/tests/check.c target/release/libairgap_license.a -lpthread -ldl -lm
 */
#define _DEFAULT_SOURCE /* mkdtemp */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "airgap_license.h"

/* 2026-06-01T00:00:00Z */
#define NOW 1780272000LL

static int failures = 0;
static int checks = 0;

#define CHECK(cond)                                                              \
    do {                                                                         \
        checks++;                                                                \
        if (!(cond)) {                                                           \
            failures++;                                                          \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                        \
    } while (0)

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)size + 1);
    if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) {
        exit(2);
    }
    fclose(f);
    buf[size] = 0;
    *len = (size_t)size;
    return buf;
}

static int check_file(const char *name) {
    char path[256];
    snprintf(path, sizeof path, "licenses-sample/%s", name);
    size_t len;
    char *text = read_file(path, &len);
    int code = airgap_license_check((const uint8_t *)text, len, NOW, NULL, 0, NULL);
    free(text);
    return code;
}

static int feature_of(const char *name, const char *feature) {
    char path[256];
    snprintf(path, sizeof path, "licenses-sample/%s", name);
    size_t len;
    char *text = read_file(path, &len);
    int code = airgap_license_feature((const uint8_t *)text, len, NOW, feature);
    free(text);
    return code;
}

int main(void) {
    /* Every verdict code of the one call. */
    CHECK(check_file("enterprise.lic") == AIRGAP_LICENSE_VALID);
    CHECK(check_file("tampered.lic") == AIRGAP_LICENSE_REJECTED);
    CHECK(check_file("malformed.lic") == AIRGAP_LICENSE_REJECTED);
    CHECK(check_file("expired.lic") == AIRGAP_LICENSE_EXPIRED);
    CHECK(check_file("not-yet-in-effect.lic") == AIRGAP_LICENSE_NOT_YET_IN_EFFECT);
    CHECK(check_file("issued-in-future.lic") == AIRGAP_LICENSE_CLOCK_UNTRUSTED);
    CHECK(airgap_license_check(NULL, 10, NOW, NULL, 0, NULL) == AIRGAP_LICENSE_USAGE);
    CHECK(airgap_license_check((const uint8_t *)"x", 1, INT64_MAX, NULL, 0, NULL) == AIRGAP_LICENSE_USAGE);
    CHECK(airgap_license_check((const uint8_t *)"", 0, NOW, NULL, 0, NULL) == AIRGAP_LICENSE_REJECTED);

    /* A path instead of the text (NSIS, Inno Setup). */
    char by_path[4096];
    CHECK(airgap_license_check_file("licenses-sample/expired.lic", NOW, by_path, sizeof by_path, NULL) == AIRGAP_LICENSE_EXPIRED);
    CHECK(strstr(by_path, "\"licensed\":false") != NULL);
    CHECK(airgap_license_check_file("licenses-sample/enterprise.lic", NOW, NULL, 0, NULL) == AIRGAP_LICENSE_VALID);
    CHECK(airgap_license_check_file("no-such-file.lic", NOW, NULL, 0, NULL) == AIRGAP_LICENSE_USAGE);
    CHECK(airgap_license_check_file("licenses-sample", NOW, NULL, 0, NULL) == AIRGAP_LICENSE_USAGE);
    CHECK(airgap_license_check_file(NULL, NOW, NULL, 0, NULL) == AIRGAP_LICENSE_USAGE);

    /* One feature from a file; a file that cannot be read is -1, with its reason. */
    CHECK(airgap_license_feature_file("licenses-sample/enterprise.lic", NOW, "scimServer") == AIRGAP_LICENSE_FEATURE_ACTIVE);
    CHECK(airgap_license_feature_file("licenses-sample/starter.lic", NOW, "scimServer") == AIRGAP_LICENSE_FEATURE_DISABLED);
    CHECK(airgap_license_feature_file("no-such-file.lic", NOW, "scimServer") == -1);
    {
        char reason_text[256];
        CHECK(airgap_license_last_error(reason_text, sizeof reason_text, NULL) == 0 && strstr(reason_text, "no-such-file.lic") != NULL);
    }
    CHECK(airgap_license_feature_file(NULL, NOW, "scimServer") == -1);

    /* Every call that returns 2 leaves its reason (per thread); out_len is
       written on every return, 0 where nothing was produced. */
    char why[512];
    size_t why_len = 99;
    CHECK(airgap_license_check_file("no-such-file.lic", NOW, NULL, 0, NULL) == AIRGAP_LICENSE_USAGE);
    CHECK(airgap_license_last_error(why, sizeof why, &why_len) == 0);
    CHECK(strstr(why, "no-such-file.lic") != NULL && strstr(why, "No such file") != NULL && why_len == strlen(why));
    size_t produced = 99;
    CHECK(airgap_license_check(NULL, 10, NOW, NULL, 0, &produced) == AIRGAP_LICENSE_USAGE && produced == 0);
    CHECK(airgap_license_last_error(why, sizeof why, NULL) == 0 && strstr(why, "NULL") != NULL);
    CHECK(airgap_license_check_file("licenses-sample/enterprise.lic", NOW, NULL, 0, NULL) == AIRGAP_LICENSE_VALID);
    CHECK(airgap_license_last_error(why, sizeof why, &why_len) == 0 && why_len == 0 && why[0] == '\0');

    /* Milliseconds passed as seconds, and instants outside 1970-9999: 2. */
    CHECK(airgap_license_check_file("licenses-sample/enterprise.lic", NOW * 1000, NULL, 0, NULL) == AIRGAP_LICENSE_USAGE);
    CHECK(airgap_license_check_file("licenses-sample/enterprise.lic", -1, NULL, 0, NULL) == AIRGAP_LICENSE_USAGE);
    CHECK(airgap_license_check_file("licenses-sample/enterprise.lic", 253402300800LL, NULL, 0, NULL) == AIRGAP_LICENSE_USAGE);
    CHECK(airgap_license_check_file("licenses-sample/enterprise.lic", 253402300799LL, NULL, 0, NULL) == AIRGAP_LICENSE_EXPIRED);

    /* A FIFO is refused at once (no writer: an open that waited would hang),
     * and a path that is not UTF-8 reaches exactly the file it names. */
    char odd_dir[] = "/tmp/airgap-license-paths-XXXXXX";
    CHECK(mkdtemp(odd_dir) != NULL);
    char fifo[96], odd[96];
    snprintf(fifo, sizeof fifo, "%s/fifo.lic", odd_dir);
    CHECK(mkfifo(fifo, 0600) == 0);
    CHECK(airgap_license_check_file(fifo, NOW, NULL, 0, NULL) == AIRGAP_LICENSE_USAGE);
    snprintf(odd, sizeof odd, "%s/\xff.lic", odd_dir);
    {
        size_t odd_len;
        char *odd_text = read_file("licenses-sample/enterprise.lic", &odd_len);
        FILE *f = fopen(odd, "wb");
        CHECK(f != NULL && fwrite(odd_text, 1, odd_len, f) == odd_len);
        fclose(f);
        free(odd_text);
    }
    CHECK(airgap_license_check_file(odd, NOW, NULL, 0, NULL) == AIRGAP_LICENSE_VALID);
    unlink(fifo);
    unlink(odd);
    rmdir(odd_dir);

    /* The buffer rules. */
    size_t len;
    char *text = read_file("licenses-sample/enterprise.lic", &len);
    size_t body_len = 0;
    CHECK(airgap_license_check((const uint8_t *)text, len, NOW, NULL, 0, &body_len) == 0);
    CHECK(body_len > 100);
    char *exact = malloc(body_len + 1);
    memset(exact, 'X', body_len + 1);
    size_t again = 0;
    CHECK(airgap_license_check((const uint8_t *)text, len, NOW, exact, body_len + 1, &again) == 0);
    CHECK(again == body_len);
    CHECK(exact[body_len] == 0 && strlen(exact) == body_len);
    CHECK(strncmp(exact, "{\"status\":{", 11) == 0);
    CHECK(strstr(exact, "\"scimServer\":\"ACTIVE\"") != NULL);
    char *short_buf = malloc(body_len);
    memset(short_buf, 'Y', body_len);
    size_t told = 0;
    CHECK(airgap_license_check((const uint8_t *)text, len, NOW, short_buf, body_len, &told) == 0);
    CHECK(told == body_len);
    int untouched = 1;
    for (size_t i = 0; i < body_len; i++) {
        if (short_buf[i] != 'Y') untouched = 0;
    }
    CHECK(untouched);
    /* out_len may be NULL. */
    CHECK(airgap_license_check((const uint8_t *)text, len, NOW, exact, body_len + 1, NULL) == 0);
    free(exact);
    free(short_buf);
    /* A rejected license gives the unlicensed map. */
    char unlicensed[4096];
    CHECK(airgap_license_check((const uint8_t *)"junk", 4, NOW, unlicensed, sizeof unlicensed, NULL) == 1);
    CHECK(strstr(unlicensed, "\"licensed\":false") != NULL);

    /* One feature. */
    CHECK(feature_of("enterprise.lic", "scimServer") == AIRGAP_LICENSE_FEATURE_ACTIVE);
    CHECK(feature_of("starter.lic", "scimServer") == AIRGAP_LICENSE_FEATURE_DISABLED);
    CHECK(feature_of("enterprise.lic", "breachedPasswordDetection") == AIRGAP_LICENSE_FEATURE_DISCONNECTED);
    CHECK(feature_of("not-yet-in-effect.lic", "scimServer") == AIRGAP_LICENSE_FEATURE_PENDING);
    CHECK(feature_of("enterprise.lic", "noSuchFeature") == AIRGAP_LICENSE_FEATURE_UNKNOWN);
    CHECK(feature_of("issued-in-future.lic", "scimServer") == AIRGAP_LICENSE_FEATURE_UNKNOWN);
    CHECK(feature_of("tampered.lic", "scimServer") == AIRGAP_LICENSE_FEATURE_DISABLED);
    CHECK(feature_of("enterprise.lic", "\xff\xfe") == AIRGAP_LICENSE_FEATURE_UNKNOWN);
    CHECK(airgap_license_feature((const uint8_t *)text, len, NOW, NULL) == -1);
    CHECK(airgap_license_feature(NULL, 0, NOW, "scimServer") == -1);

    CHECK(strcmp(airgap_license_version(), "0.2.0") == 0);
    /* The header's version macros say what the library says at run time. */
    char built_against[32];
    snprintf(built_against, sizeof built_against, "%d.%d.%d", AIRGAP_LICENSE_VERSION_MAJOR,
             AIRGAP_LICENSE_VERSION_MINOR, AIRGAP_LICENSE_VERSION_PATCH);
    CHECK(strcmp(airgap_license_version(), built_against) == 0);

    /* The handles. */
    airgap_license_validator *validator = NULL;
    CHECK(airgap_license_validator_embedded(&validator) == 0 && validator != NULL);
    CHECK(airgap_license_validator_embedded(NULL) == AIRGAP_LICENSE_USAGE);
    char verdict[8192];
    size_t verdict_len = 0;
    CHECK(airgap_license_judge(validator, (const uint8_t *)text, len, NOW, verdict, sizeof verdict, &verdict_len) == 0);
    CHECK(strstr(verdict, "\"verdict\":\"valid\"") != NULL);
    CHECK(strstr(verdict, "\"licenseId\":\"00000000-0000-4000-8000-000000000004\"") != NULL);
    size_t expired_len;
    char *expired = read_file("licenses-sample/expired.lic", &expired_len);
    CHECK(airgap_license_judge(validator, (const uint8_t *)expired, expired_len, NOW, verdict, sizeof verdict, NULL) == 3);
    CHECK(strstr(verdict, "\"code\":\"[expired]license\"") != NULL);
    CHECK(strstr(verdict, "\"issuedTo\":\"Example Corp (sample license)\"") != NULL);
    CHECK(airgap_license_judge(NULL, (const uint8_t *)text, len, NOW, verdict, sizeof verdict, NULL) == 2);

    airgap_license_license *license = NULL;
    CHECK(airgap_license_verify(validator, (const uint8_t *)text, len, &license) == 0 && license != NULL);
    CHECK(airgap_license_license_feature(license, NOW, "scimServer") == AIRGAP_LICENSE_FEATURE_ACTIVE);
    CHECK(airgap_license_license_feature(license, NOW, NULL) == -1);
    CHECK(airgap_license_license_feature(license, NOW, "\xc3\x28") == AIRGAP_LICENSE_FEATURE_UNKNOWN);
    size_t status_len = 0;
    CHECK(airgap_license_license_status(license, NOW, NULL, 0, &status_len) == 0 && status_len > 0);
    /* The last second of 9999 is expired; year 70,000 is outside 1970-9999. */
    CHECK(airgap_license_license_status(license, 253402300799LL, NULL, 0, NULL) == AIRGAP_LICENSE_EXPIRED);
    CHECK(airgap_license_license_status(license, 2147483647000LL, NULL, 0, NULL) == AIRGAP_LICENSE_USAGE);
    CHECK(airgap_license_license_status(NULL, NOW, NULL, 0, NULL) == AIRGAP_LICENSE_USAGE);
    /* The license handle's licensee, plan, expiration and days left. */
    char field[128];
    size_t field_len = 0;
    CHECK(airgap_license_license_licensee(license, field, sizeof field, &field_len) == 0);
    CHECK(strcmp(field, "Example Corp (sample license)") == 0 && field_len == strlen(field));
    CHECK(airgap_license_license_plan(license, field, sizeof field, NULL) == 0 && strcmp(field, "Enterprise") == 0);
    CHECK(airgap_license_license_expiration(license, field, sizeof field, NULL) == 0 && strcmp(field, "2036-12-31") == 0);
    CHECK(airgap_license_license_days_left(license, NOW) > 3000);
    CHECK(airgap_license_license_days_left(license, 2114380800LL) == 0); /* 2037-01-01: ended */
    CHECK(airgap_license_license_days_left(NULL, NOW) == -2);
    CHECK(airgap_license_license_plan(NULL, field, sizeof field, &field_len) == 2 && field_len == 0);
    /* Signed by the public sample key, which this build trusts: a program
       should say so (the library prints nothing). */
    CHECK(airgap_license_license_sample_key(license) == 1);
    CHECK(airgap_license_license_sample_key(NULL) == -1);
    CHECK(airgap_license_validator_trusts_sample_key(validator) == 1);
    CHECK(airgap_license_validator_trusts_sample_key(NULL) == -1);
    airgap_license_license_free(license);
    airgap_license_license *none = NULL;
    CHECK(airgap_license_verify(validator, (const uint8_t *)"junk", 4, &none) == AIRGAP_LICENSE_REJECTED && none == NULL);
    CHECK(airgap_license_verify(validator, (const uint8_t *)text, len, NULL) == AIRGAP_LICENSE_USAGE);
    /* A revocation list: the starter license revoked (1, verdict revoked);
       a license given as a list is 2, with the reason. */
    size_t list_len, starter_len;
    char *list = read_file("licenses-sample/revocations.txt", &list_len);
    char *starter = read_file("licenses-sample/starter.lic", &starter_len);
    airgap_license_validator *revoking = NULL;
    char reason[256];
    CHECK(airgap_license_validator_with_revocations(validator, (const uint8_t *)list, list_len, &revoking, reason, sizeof reason, NULL) == 0);
    CHECK(airgap_license_judge(revoking, (const uint8_t *)starter, starter_len, NOW, verdict, sizeof verdict, NULL) == AIRGAP_LICENSE_REJECTED);
    CHECK(strstr(verdict, "\"verdict\":\"revoked\"") != NULL);
    CHECK(airgap_license_judge(revoking, (const uint8_t *)text, len, NOW, verdict, sizeof verdict, NULL) == 0);
    airgap_license_validator *none_made = NULL;
    CHECK(airgap_license_validator_with_revocations(validator, (const uint8_t *)starter, starter_len, &none_made, reason, sizeof reason, NULL) == AIRGAP_LICENSE_USAGE);
    CHECK(none_made == NULL && strstr(reason, "this is a license, not a revocation list") != NULL);
    CHECK(airgap_license_validator_with_revocations(NULL, (const uint8_t *)list, list_len, &none_made, NULL, 0, NULL) == AIRGAP_LICENSE_USAGE);
    airgap_license_validator_free(revoking);
    free(list);
    free(starter);
    airgap_license_validator_free(validator);
    airgap_license_validator_free(NULL);
    airgap_license_license_free(NULL);

    /* A keys folder at run time, and one that is refused with its reason. */
    airgap_license_validator *from_dir = NULL;
    CHECK(airgap_license_validator_from_keys_dir("keys", &from_dir, NULL, 0, NULL) == 0 && from_dir != NULL);
    CHECK(airgap_license_judge(from_dir, (const uint8_t *)text, len, NOW, NULL, 0, NULL) == 0);
    airgap_license_validator_free(from_dir);
    airgap_license_validator *refused = NULL;
    char message[512];
    size_t message_len = 0;
    CHECK(airgap_license_validator_from_keys_dir("licenses-sample", &refused, message, sizeof message, &message_len) == 2);
    CHECK(refused == NULL && strstr(message, "PRIVATE key") != NULL && message_len == strlen(message));
    CHECK(airgap_license_validator_from_keys_dir(NULL, &refused, NULL, 0, NULL) == 2);

    /* One key as PEM text at run time; a private key given instead is refused, named. */
    size_t pem_len, key_len;
    char *pem = read_file("keys/sample-2026.pem", &pem_len);
    char *private_key = read_file("licenses-sample/sample-2026.key", &key_len);
    airgap_license_validator *from_pem = NULL;
    CHECK(airgap_license_validator_from_pem("sample-2026", pem, &from_pem, NULL, 0, NULL) == 0 && from_pem != NULL);
    CHECK(airgap_license_judge(from_pem, (const uint8_t *)text, len, NOW, NULL, 0, NULL) == 0);
    airgap_license_validator_free(from_pem);
    /* Another vendor's key (RFC 8032's first test key): not the sample. */
    airgap_license_validator *other_vendor = NULL;
    CHECK(airgap_license_validator_from_pem("rfc8032-1",
              "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n-----END PUBLIC KEY-----\n",
              &other_vendor, NULL, 0, NULL) == 0);
    CHECK(airgap_license_validator_trusts_sample_key(other_vendor) == 0);
    airgap_license_validator_free(other_vendor);
    CHECK(airgap_license_validator_from_pem("sample-2026", private_key, &refused, message, sizeof message, NULL) == 2);
    CHECK(refused == NULL && strstr(message, "PRIVATE key") != NULL);
    CHECK(airgap_license_validator_from_pem("bad kid!", pem, &refused, message, sizeof message, NULL) == 2);
    CHECK(airgap_license_validator_from_pem(NULL, pem, &refused, NULL, 0, NULL) == 2);
    free(pem);
    free(private_key);

    /* The default store folder, as the command line finds it. */
    setenv("AIRGAP_LICENSE_STORE", "/tmp/airgap-license-default-store", 1);
    char default_dir[256];
    CHECK(airgap_license_store_default_dir(default_dir, sizeof default_dir, NULL) == 0);
    CHECK(strcmp(default_dir, "/tmp/airgap-license-default-store") == 0);
    unsetenv("AIRGAP_LICENSE_STORE");

    /* The store: activate, status, deactivate. */
    char store_dir[] = "/tmp/airgap-license-ffi-store-XXXXXX";
    if (!mkdtemp(store_dir)) return 2;
    char store_path[128];
    snprintf(store_path, sizeof store_path, "%s/store", store_dir);
    airgap_license_validator *keys = NULL;
    CHECK(airgap_license_validator_embedded(&keys) == 0);
    char answer[8192];
    /* The published license vectors (tests/vectors/licenses.tsv): for every
     * line, the exit code and the status body of airgap_license_check_file
     * and the verdict of airgap_license_judge_file, as the library gives them. */
    {
        FILE *vectors = fopen("tests/vectors/licenses.tsv", "r");
        CHECK(vectors != NULL);
        char line[8192];
        int seen = 0;
        while (vectors && fgets(line, sizeof line, vectors)) {
            if (line[0] == '#') continue;
            line[strcspn(line, "\n")] = '\0';
            char *path = strtok(line, "\t"), *exit_text = strtok(NULL, "\t"), *verdict = strtok(NULL, "\t"), *body = strtok(NULL, "\t");
            CHECK(path && exit_text && verdict && body);
            if (!(path && exit_text && verdict && body)) break;
            char got[8192], expected_verdict[64];
            int code = airgap_license_check_file(path, NOW, got, sizeof got, NULL);
            if (code != atoi(exit_text) || strcmp(got, body) != 0) fprintf(stderr, "vector %s: %d %s\n", path, code, got);
            CHECK(code == atoi(exit_text) && strcmp(got, body) == 0);
            snprintf(expected_verdict, sizeof expected_verdict, "\"verdict\":\"%s\"", verdict);
            CHECK(airgap_license_judge_file(keys, path, NOW, got, sizeof got, NULL) == atoi(exit_text) && strstr(got, expected_verdict) != NULL);
            seen++;
        }
        if (vectors) fclose(vectors);
        CHECK(seen == 88);
    }
    /* The keys a build trusts, as JSON; a file judged with run-time keys;
     * every non-zero verdict code explained by airgap_license_last_error. */
    CHECK(airgap_license_validator_keys(keys, answer, sizeof answer, NULL) == 0);
    CHECK(strstr(answer, "\"kid\":\"sample-2026\"") != NULL && strstr(answer, "\"sampleKey\":true") != NULL);
    CHECK(airgap_license_validator_keys(NULL, answer, sizeof answer, NULL) == AIRGAP_LICENSE_USAGE);
    CHECK(airgap_license_judge_file(keys, "licenses-sample/enterprise.lic", NOW, answer, sizeof answer, NULL) == AIRGAP_LICENSE_VALID);
    CHECK(strstr(answer, "\"verdict\":\"valid\"") != NULL);
    CHECK(airgap_license_last_error(message, sizeof message, NULL) == 0 && message[0] == '\0');
    CHECK(airgap_license_judge_file(keys, "licenses-sample/expired.lic", NOW, answer, sizeof answer, NULL) == AIRGAP_LICENSE_EXPIRED);
    CHECK(airgap_license_last_error(message, sizeof message, NULL) == 0 && strstr(message, "[expired]license: the license expired") != NULL);
    CHECK(airgap_license_judge_file(keys, "licenses-sample/tampered.lic", NOW, NULL, 0, NULL) == AIRGAP_LICENSE_REJECTED);
    CHECK(airgap_license_last_error(message, sizeof message, NULL) == 0 && strstr(message, "signature") != NULL);
    CHECK(check_file("template.lic") == AIRGAP_LICENSE_UNBOUND);
    CHECK(airgap_license_last_error(message, sizeof message, NULL) == 0 && strstr(message, "[unbound]machines") != NULL);
    CHECK(airgap_license_judge_file(keys, "licenses-sample/no-such.lic", NOW, answer, sizeof answer, NULL) == AIRGAP_LICENSE_USAGE);
    CHECK(strstr(answer, "\"verdict\":\"unreadable\"") != NULL);
    CHECK(airgap_license_judge_file(keys, NULL, NOW, NULL, 0, NULL) == AIRGAP_LICENSE_USAGE);
    CHECK(airgap_license_store_status(keys, store_path, NOW, answer, sizeof answer, NULL) == AIRGAP_LICENSE_REJECTED);
    CHECK(strstr(answer, "\"licensed\":false") != NULL);
    CHECK(airgap_license_store_activate(keys, store_path, (const uint8_t *)expired, expired_len, NOW, answer, sizeof answer, NULL) == AIRGAP_LICENSE_EXPIRED);
    CHECK(strstr(answer, "\"stored\":false") != NULL);
    CHECK(airgap_license_store_activate(keys, store_path, (const uint8_t *)text, len, NOW, answer, sizeof answer, NULL) == AIRGAP_LICENSE_VALID);
    CHECK(strstr(answer, "\"stored\":true") != NULL);
    CHECK(airgap_license_store_status(keys, store_path, NOW, answer, sizeof answer, NULL) == AIRGAP_LICENSE_VALID);
    CHECK(strstr(answer, "\"scimServer\":\"ACTIVE\"") != NULL);
    /* Milliseconds given as seconds: refused, and the mark not moved. */
    CHECK(airgap_license_store_status(keys, store_path, NOW * 1000, answer, sizeof answer, NULL) == AIRGAP_LICENSE_USAGE);
    CHECK(airgap_license_store_status(keys, store_path, NOW, answer, sizeof answer, NULL) == AIRGAP_LICENSE_VALID);
    /* A clock three days behind the store's mark. */
    CHECK(airgap_license_store_status(keys, store_path, NOW - 3 * 86400, answer, sizeof answer, NULL) == AIRGAP_LICENSE_CLOCK_UNTRUSTED);
    /* Not bound to this machine: no receipt, the empty string. */
    CHECK(airgap_license_store_deactivate(store_path, NOW, answer, sizeof answer, NULL) == 0);
    CHECK(answer[0] == '\0');
    /* With no room for a receipt: nothing is deactivated, the size needed said. */
    size_t needed = 0;
    CHECK(airgap_license_store_deactivate(store_path, NOW, NULL, 0, &needed) == AIRGAP_LICENSE_USAGE);
    CHECK(needed == AIRGAP_LICENSE_RECEIPT_MAX);
    CHECK(airgap_license_store_status(keys, store_path, NOW, NULL, 0, NULL) == AIRGAP_LICENSE_REJECTED);
    CHECK(airgap_license_store_activate(keys, NULL, (const uint8_t *)text, len, NOW, NULL, 0, NULL) == AIRGAP_LICENSE_USAGE);
    CHECK(airgap_license_store_deactivate(NULL, NOW, NULL, 0, NULL) == AIRGAP_LICENSE_USAGE);

    /* Sold per machine: a template is in effect nowhere (7, features
     * PENDING); a license bound to another machine is 7 too. */
    CHECK(check_file("template.lic") == AIRGAP_LICENSE_UNBOUND);
    CHECK(check_file("bound-elsewhere.lic") == AIRGAP_LICENSE_UNBOUND);
    size_t template_len;
    char *template_text = read_file("licenses-sample/template.lic", &template_len);
    CHECK(airgap_license_feature((const uint8_t *)template_text, template_len, NOW, "scimServer") == AIRGAP_LICENSE_FEATURE_PENDING);
    /* This machine, and a request for the template from a fresh store. */
    char machine_store[160];
    snprintf(machine_store, sizeof machine_store, "%s/machine", store_dir);
    CHECK(airgap_license_store_machine(machine_store, answer, sizeof answer, NULL) == 0);
    CHECK(strstr(answer, "\"deviceFingerprint\":\"SHA256:") != NULL && strstr(answer, "\"created\":true") != NULL);
    size_t request_len = 0;
    CHECK(airgap_license_store_request(keys, machine_store, (const uint8_t *)template_text, template_len, NOW, answer, sizeof answer, &request_len) == 0);
    CHECK(strncmp(answer, "-----BEGIN AIRGAP LICENSE REQUEST-----\n", 39) == 0 && request_len <= 1024);
    /* A license sold for any machine needs no request: 2, an Errors object. */
    CHECK(airgap_license_store_request(keys, machine_store, (const uint8_t *)text, len, NOW, answer, sizeof answer, NULL) == AIRGAP_LICENSE_USAGE);
    CHECK(strstr(answer, "not sold per machine") != NULL);
    CHECK(airgap_license_store_request(keys, machine_store, (const uint8_t *)expired, 10, NOW, answer, sizeof answer, NULL) == AIRGAP_LICENSE_REJECTED);
    CHECK(airgap_license_store_machine(NULL, NULL, 0, NULL) == AIRGAP_LICENSE_USAGE);
    free(template_text);

    /* A license bound to this machine, deactivated. The vendor's side is the
     * issuer binary (AIRGAP_LICENSE_ISSUER, set by .ci/run) with the sample
     * key: a template for one machine, this store's request, the bound
     * license. A NULL or short buffer deactivates nothing (the key would be
     * destroyed with the receipt nowhere); the receipt is kept for
     * airgap_license_store_last_receipt. */
    {
        const char *issuer = getenv("AIRGAP_LICENSE_ISSUER");
        char cwd[512] = "";
        CHECK(issuer != NULL && getcwd(cwd, sizeof cwd) != NULL);
        char command[4096], path[256];
        if (issuer == NULL) issuer = "false"; /* the check above has failed; the rest fails with it */
        snprintf(command, sizeof command,
                 "cd '%s' && '%s' new --issued-to 'C test' --issued 2026-01-01 --until 2099-12-31 --machines 1 > template.json 2>/dev/null"
                 " && '%s' sign --key '%s/licenses-sample/sample-2026.key' --ledger ledger.jsonl template.json > one.lic",
                 store_dir, issuer, issuer, cwd);
        CHECK(system(command) == 0);
        snprintf(path, sizeof path, "%s/one.lic", store_dir);
        size_t one_len = 0;
        char *one = read_file(path, &one_len);
        char bound_store[160];
        snprintf(bound_store, sizeof bound_store, "%s/bound", store_dir);
        size_t req_len = 0;
        CHECK(airgap_license_store_request(keys, bound_store, (const uint8_t *)one, one_len, NOW, answer, sizeof answer, &req_len) == 0);
        snprintf(path, sizeof path, "%s/request.txt", store_dir);
        FILE *request_file = fopen(path, "w");
        CHECK(request_file != NULL);
        if (request_file) {
            fwrite(answer, 1, req_len, request_file);
            fclose(request_file);
        }
        snprintf(command, sizeof command,
                 "cd '%s' && '%s' bind --key '%s/licenses-sample/sample-2026.key' --ledger ledger.jsonl --allow-operator-id request.txt > bound.lic 2>/dev/null",
                 store_dir, issuer, cwd);
        CHECK(system(command) == 0);
        snprintf(path, sizeof path, "%s/bound.lic", store_dir);
        size_t bound_len = 0;
        char *bound = read_file(path, &bound_len);
        CHECK(airgap_license_store_activate(keys, bound_store, (const uint8_t *)bound, bound_len, NOW, answer, sizeof answer, NULL) == AIRGAP_LICENSE_VALID);
        char receipt[AIRGAP_LICENSE_RECEIPT_MAX + 1];
        size_t receipt_len = 0;
        CHECK(airgap_license_store_last_receipt(bound_store, receipt, sizeof receipt, NULL) == AIRGAP_LICENSE_USAGE);
        CHECK(airgap_license_store_deactivate(bound_store, NOW, NULL, 0, &receipt_len) == AIRGAP_LICENSE_USAGE);
        CHECK(receipt_len == AIRGAP_LICENSE_RECEIPT_MAX);
        CHECK(airgap_license_last_error(message, sizeof message, NULL) == 0 && strstr(message, "nothing was deactivated") != NULL);
        CHECK(airgap_license_store_deactivate(bound_store, NOW, receipt, 100, NULL) == AIRGAP_LICENSE_USAGE);
        CHECK(airgap_license_store_status(keys, bound_store, NOW, NULL, 0, NULL) == AIRGAP_LICENSE_VALID);
        CHECK(airgap_license_store_deactivate(bound_store, NOW, receipt, sizeof receipt, &receipt_len) == 0);
        CHECK(strncmp(receipt, "-----BEGIN AIRGAP LICENSE RECEIPT-----\n", 39) == 0 && receipt_len == strlen(receipt));
        CHECK(airgap_license_store_status(keys, bound_store, NOW, NULL, 0, NULL) == AIRGAP_LICENSE_REJECTED);
        char again[AIRGAP_LICENSE_RECEIPT_MAX + 1];
        CHECK(airgap_license_store_last_receipt(bound_store, again, sizeof again, NULL) == 0 && strcmp(again, receipt) == 0);
        CHECK(airgap_license_store_last_receipt(NULL, again, sizeof again, NULL) == AIRGAP_LICENSE_USAGE);
        free(bound);
        free(one);
    }

    /* Sold over time: perpetual, and maintenance judged for a release date. */
    CHECK(check_file("perpetual.lic") == AIRGAP_LICENSE_VALID);
    {
        size_t perpetual_len;
        char *perpetual = read_file("licenses-sample/perpetual.lic", &perpetual_len);
        airgap_license_license *forever = NULL;
        CHECK(airgap_license_verify(keys, (const uint8_t *)perpetual, perpetual_len, &forever) == 0);
        char never[16] = "x";
        size_t never_len = 99;
        CHECK(airgap_license_license_expiration(forever, never, sizeof never, &never_len) == 0 && never[0] == '\0' && never_len == 0);
        CHECK(airgap_license_license_days_left(forever, NOW) == -1);
        airgap_license_license_free(forever);
        free(perpetual);
    }
    size_t maintenance_len;
    char *maintenance = read_file("licenses-sample/maintenance.lic", &maintenance_len);
    airgap_license_validator *covered = NULL, *later = NULL;
    CHECK(airgap_license_validator_with_release_date(keys, "2026-12-31", &covered) == 0 && covered != NULL);
    CHECK(airgap_license_validator_with_release_date(keys, "2027-03-02", &later) == 0 && later != NULL);
    CHECK(airgap_license_judge(covered, (const uint8_t *)maintenance, maintenance_len, NOW, NULL, 0, NULL) == AIRGAP_LICENSE_VALID);
    CHECK(airgap_license_judge(later, (const uint8_t *)maintenance, maintenance_len, NOW, answer, sizeof answer, NULL) == AIRGAP_LICENSE_NOT_COVERED);
    CHECK(strstr(answer, "this release is dated 2027-03-02") != NULL);
    airgap_license_validator *bad = NULL;
    CHECK(airgap_license_validator_with_release_date(keys, "2027-02-30", &bad) == AIRGAP_LICENSE_USAGE && bad == NULL);
    CHECK(airgap_license_validator_with_release_date(NULL, "2027-01-01", &bad) == AIRGAP_LICENSE_USAGE);
    airgap_license_validator_free(covered);
    airgap_license_validator_free(later);
    free(maintenance);
    /* A corrupt store: 2, and an Errors object naming it. */
    char state[160];
    snprintf(state, sizeof state, "%s/state.json", store_path);
    FILE *corrupt = fopen(state, "w");
    fputs("{ not json", corrupt);
    fclose(corrupt);
    CHECK(airgap_license_store_status(keys, store_path, NOW, answer, sizeof answer, NULL) == AIRGAP_LICENSE_USAGE);
    CHECK(strstr(answer, "[unusable]store") != NULL && strstr(answer, "corrupt") != NULL);
    airgap_license_validator_free(keys);

    free(expired);
    free(text);
    printf("%d passed, %d failed\n", checks - failures, failures);
    return failures == 0 ? 0 : 1;
}
