"""Offline validation of Ed25519-signed software licenses.

A thin layer over the Rust library airgap-license::

    import airgap_license
    license = airgap_license.Validator().verify(open("customer.lic").read())
    license.check()                      # raises unless in effect now
    license.feature("scimServer")        # "ACTIVE", "DISABLED", ...
"""

from ._native import (
    ClockUntrustedError,
    EndsWithinError,
    ExpiredError,
    License,
    LicenseError,
    NotCoveredError,
    NotYetInEffectError,
    RejectedError,
    Store,
    UnboundError,
    Validator,
    __version__,
)

__all__ = [
    "ClockUntrustedError",
    "EndsWithinError",
    "ExpiredError",
    "License",
    "LicenseError",
    "NotCoveredError",
    "NotYetInEffectError",
    "RejectedError",
    "Store",
    "UnboundError",
    "Validator",
    "__version__",
]
