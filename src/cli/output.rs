//! Standard output that survives a closed pipe, and messages on standard error.

use std::io::{self, Write};

use super::error::CliError;

/// Standard output. A closed pipe (`airgap-license status x | head -1`) is not
/// an error: output stops and the exit code still tells the verdict.
pub(crate) struct Out {
    stdout: io::StdoutLock<'static>,
    closed: bool,
}

impl Out {
    pub(crate) fn new() -> Out {
        Out { stdout: io::stdout().lock(), closed: false }
    }

    pub(crate) fn line(&mut self, text: &str) -> Result<(), CliError> {
        if self.closed {
            return Ok(());
        }
        match writeln!(self.stdout, "{text}").and_then(|()| self.stdout.flush()) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            Err(e) => Err(CliError::Write(e)),
        }
    }
}

/// `error: ...` on standard error. If standard error itself is gone there is
/// nowhere left to report to, so a failure here is ignored.
pub(crate) fn error_line(message: &str) {
    let _ = writeln!(io::stderr().lock(), "error: {message}");
}

/// `warning: ...` on standard error.
pub(crate) fn warning_line(message: &str) {
    let _ = writeln!(io::stderr().lock(), "warning: {message}");
}

/// Text from a license, made safe for a terminal: control characters escaped.
pub(crate) fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}
