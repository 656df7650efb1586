//! The C boundary, written once (as rustls-ffi does): no panic crosses it,
//! every pointer is checked for NULL before use, a length the caller gave is
//! never exceeded, every handle handed out has its `_free`. Each exported
//! function in `lib.rs` states only what it does, through these.

use std::cell::RefCell;
use std::ffi::{CStr, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use airgap::MAX_LICENSE_INPUT;

thread_local! {
    /// The message of this thread's last call that returned 2, for
    /// `airgap_license_last_error` (per thread, as libgit2 and SQLite keep it).
    static LAST_ERROR: RefCell<String> = const { RefCell::new(String::new()) };
}

/// What a call that returned 2 says when it said nothing more precise.
const USAGE_MESSAGE: &str = "a required argument is NULL or not valid, now_unix is outside the years 1970 to 9999, or the compiled-in keys are unusable";

/// Runs `body`; `None` if it panicked (the panic stops here).
pub(crate) fn shield<T>(body: impl FnOnce() -> T) -> Option<T> {
    catch_unwind(AssertUnwindSafe(body)).ok()
}

/// Records why the current call returns 2.
pub(crate) fn set_last_error(message: &str) {
    LAST_ERROR.with(|last| {
        let mut last = last.borrow_mut();
        last.clear();
        last.push_str(message);
    });
}

/// This thread's last error message (empty when its last call succeeded).
pub(crate) fn last_error() -> String {
    LAST_ERROR.with(|last| last.borrow().clone())
}

/// Runs `body`, turning a panic into `fallback`: no unwinding crosses the C
/// boundary. The thread's last error is cleared first; a call that returns
/// 2 (`fallback` 2) always leaves one, the most precise the body set.
pub(crate) fn guard(fallback: i32, body: impl FnOnce() -> i32) -> i32 {
    set_last_error("");
    let code = shield(body).unwrap_or_else(|| {
        set_last_error("internal error: a panic was stopped at the C boundary (please report this)");
        fallback
    });
    if fallback == crate::AIRGAP_LICENSE_USAGE && code == crate::AIRGAP_LICENSE_USAGE && last_error().is_empty() {
        set_last_error(USAGE_MESSAGE);
    }
    code
}

/// License text as a slice, at most one byte past the largest input the
/// library reads (it refuses anything longer without reading further);
/// `None` for NULL.
///
/// # Safety
/// `text`, if not NULL, points to `text_len` readable bytes.
pub(crate) unsafe fn text_arg<'a>(text: *const u8, text_len: usize) -> Option<&'a [u8]> {
    if text.is_null() {
        return None;
    }
    let len = text_len.min(MAX_LICENSE_INPUT.saturating_add(1));
    // SAFETY: not NULL; the caller guarantees `text_len` readable bytes at
    // `text`, and `len <= text_len`; `len` is far below isize::MAX.
    Some(unsafe { std::slice::from_raw_parts(text, len) })
}

/// A handle this library made; `None` for NULL.
///
/// # Safety
/// `handle`, if not NULL, came from this library and was not freed.
pub(crate) unsafe fn handle<'a, T>(handle: *const T) -> Option<&'a T> {
    // SAFETY: NULL gives None; otherwise the caller guarantees a live
    // handle of this library (a Box's pointer, aligned and initialised).
    unsafe { handle.as_ref() }
}

/// A NUL-terminated string; `None` for NULL.
///
/// # Safety
/// `text`, if not NULL, is a NUL-terminated string.
pub(crate) unsafe fn c_str<'a>(text: *const c_char) -> Option<&'a CStr> {
    if text.is_null() {
        return None;
    }
    // SAFETY: not NULL; the caller guarantees a NUL-terminated string.
    Some(unsafe { CStr::from_ptr(text) })
}

/// A NUL-terminated path exactly as given: on Unix its bytes, whatever
/// they are; elsewhere it must be UTF-8. `None` for NULL, or for a path
/// that is not valid for the platform: refused, never converted lossily
/// into the name of another file.
///
/// # Safety
/// `path`, if not NULL, is a NUL-terminated string.
pub(crate) unsafe fn path_arg(path: *const c_char) -> Option<PathBuf> {
    // SAFETY: the caller's guarantee, passed on.
    let bytes = unsafe { c_str(path) }?.to_bytes();
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt as _;
        Some(PathBuf::from(std::ffi::OsStr::from_bytes(bytes)))
    }
    #[cfg(not(unix))]
    {
        std::str::from_utf8(bytes).ok().map(PathBuf::from)
    }
}

/// Where a function writes its text: `out` (`cap` bytes) and `len`.
pub(crate) struct Output {
    out: *mut c_char,
    cap: usize,
    len: *mut usize,
}

impl Output {
    /// The caller's buffer and length pointer, either of them NULL, with 0
    /// written to `len` now: so that `len` is written on every return, 0
    /// where nothing is produced.
    ///
    /// # Safety
    /// As [`write`](Self::write).
    pub(crate) unsafe fn started(out: *mut c_char, cap: usize, len: *mut usize) -> Output {
        if !len.is_null() {
            // SAFETY: not NULL, and the caller guarantees it is writable.
            unsafe { len.write(0) };
        }
        Output { out, cap, len }
    }

    /// Whether `out` is a buffer that holds a body of `len` bytes and its NUL.
    pub(crate) fn holds(&self, len: usize) -> bool {
        !self.out.is_null() && len < self.cap
    }

    /// Writes `len` to `len` (if not NULL) without writing a body: the size
    /// a call needs, when it did nothing because the buffer was short.
    ///
    /// # Safety
    /// As [`write`](Self::write).
    pub(crate) unsafe fn needs(&self, len: usize) {
        if !self.len.is_null() {
            // SAFETY: not NULL, and the caller guarantees it is writable.
            unsafe { self.len.write(len) };
        }
    }

    /// Writes `body` and its NUL into `out` only if both fit in `cap` bytes;
    /// writes the body's length (without the NUL) to `len` if it is not
    /// NULL, whether or not it fitted.
    ///
    /// # Safety
    /// `out`, if not NULL, points to `cap` writable bytes; `len`, if not
    /// NULL, points to a writable `size_t`.
    pub(crate) unsafe fn write(&self, body: &str) {
        if !self.len.is_null() {
            // SAFETY: not NULL, and the caller guarantees it is writable.
            unsafe { self.len.write(body.len()) };
        }
        if !self.out.is_null() && body.len() < self.cap {
            // SAFETY: `out` has `cap > body.len()` writable bytes, so the
            // body and its NUL fit; the regions cannot overlap (ours is Rust's).
            unsafe {
                std::ptr::copy_nonoverlapping(body.as_ptr(), self.out.cast::<u8>(), body.len());
                self.out.add(body.len()).write(0);
            }
        }
    }
}

/// The shape of every call that answers in the caller's buffer, written
/// once (as rustls-ffi writes its boundary): no panic crosses (`guard`),
/// `out_len` is 0 until something is produced, and `body` says the code and
/// the text to write under `airgap_license_check`'s rules, or `None` for a
/// NULL or invalid argument (2, nothing written, the last error set or the
/// generic one). `body` gets the [`Output`] for the calls that must look at
/// the buffer first.
///
/// # Safety
/// `out`, if not NULL, points to `out_cap` writable bytes; `out_len`, if
/// not NULL, to a writable `size_t`.
pub(crate) unsafe fn answer_with(
    out: *mut c_char, out_cap: usize, out_len: *mut usize, body: impl FnOnce(&Output) -> Option<(i32, String)>,
) -> i32 {
    guard(crate::AIRGAP_LICENSE_USAGE, || {
        // SAFETY: the caller's guarantees on `out` and `out_len`.
        let output = unsafe { Output::started(out, out_cap, out_len) };
        let Some((code, text)) = body(&output) else { return crate::AIRGAP_LICENSE_USAGE };
        // SAFETY: the caller's guarantees on `out`, `out_cap` and `out_len`.
        unsafe { output.write(&text) };
        code
    })
}

/// [`answer_with`] in an exported function whose `# Safety` states the
/// guarantees on its `out`, `out_cap` and `out_len`: `answer!(out, out_cap,
/// out_len, |output| { ... Some((code, text)) })`.
macro_rules! answer {
    ($out:ident, $cap:ident, $len:ident, |$output:tt| $body:block) => {{
        let body = |$output: &$crate::boundary::Output| -> Option<(i32, String)> { $body };
        // SAFETY: the exported function's caller guarantees `out`, `out_cap`
        // and `out_len` (its # Safety).
        unsafe { $crate::boundary::answer_with($out, $cap, $len, body) }
    }};
}
pub(crate) use answer;

/// Hands `value` to the caller as a new handle in `*out`; `false` (nothing
/// allocated) for a NULL `out`.
///
/// # Safety
/// `out`, if not NULL, points to a writable pointer.
pub(crate) unsafe fn give<T>(out: *mut *mut T, value: T) -> bool {
    if out.is_null() {
        return false;
    }
    let handle = Box::into_raw(Box::new(value));
    // SAFETY: not NULL; the caller guarantees it is writable.
    unsafe { out.write(handle) };
    true
}

/// Hands a handle made by `made` to the caller (0), or writes why none was
/// made into `output` and keeps it as the thread's last error (2): the end
/// of every call that makes a handle from something that can be refused.
///
/// # Safety
/// As [`give`] for `out`, and [`Output::write`] for `output`.
pub(crate) unsafe fn give_or_explain<T, E: std::fmt::Display>(
    out: *mut *mut T, made: Result<T, E>, output: &Output,
) -> i32 {
    match made {
        Ok(value) => {
            // SAFETY: the caller's guarantee on `out`.
            if unsafe { give(out, value) } { crate::AIRGAP_LICENSE_VALID } else { crate::AIRGAP_LICENSE_USAGE }
        }
        Err(reason) => {
            let reason = reason.to_string();
            // SAFETY: the caller's guarantees on `output`.
            unsafe { output.write(&reason) };
            set_last_error(&reason);
            crate::AIRGAP_LICENSE_USAGE
        }
    }
}

/// Frees a handle `give` handed out (NULL is ignored).
///
/// # Safety
/// `handle` is NULL or came from `give` and is not used after.
pub(crate) unsafe fn free<T>(handle: *mut T) {
    let _ = guard(0, || {
        if !handle.is_null() {
            // SAFETY: it came from Box::into_raw in `give` and is freed once.
            drop(unsafe { Box::from_raw(handle) });
        }
        0
    });
}
