/* Prints the keys the built library trusts (a JSON array of kid,
 * fingerprint and sampleKey) and exits 3 when one is the public sample key,
 * whose private half anyone has. ffi/install.sh builds and runs it against
 * the static library before installing anything. */
#include <stdio.h>

#include "airgap_license.h"

int main(void) {
    airgap_license_validator *validator = NULL;
    if (airgap_license_validator_embedded(&validator) != 0) {
        char why[512];
        airgap_license_last_error(why, sizeof why, NULL);
        fprintf(stderr, "the compiled-in keys are unusable: %s\n", why);
        return 2;
    }
    char keys[65536];
    if (airgap_license_validator_keys(validator, keys, sizeof keys, NULL) != 0) {
        airgap_license_validator_free(validator);
        return 2;
    }
    printf("%s\n", keys);
    int sample = airgap_license_validator_trusts_sample_key(validator);
    airgap_license_validator_free(validator);
    return sample == 1 ? 3 : 0;
}
