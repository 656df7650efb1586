"""Offline validation of Ed25519-signed software licenses.

A thin layer over the Rust library airgap-license::

    import airgap_license
    license = airgap_license.Validator().verify(open("customer.lic").read())
    license.check()                      # raises unless in effect now
    license.feature("scimServer")        # "ACTIVE", "DISABLED", ...
"""

from . import _native

# Everything the native module exports: the classes, and one error class per
# verdict that is not in effect, made at import from the library's one
# vocabulary (so a new verdict needs no line here; the stub names it).
__all__ = sorted(name for name in dir(_native) if not name.startswith("_")) + ["__version__"]
globals().update({name: getattr(_native, name) for name in __all__})
