//! Standard output that survives a closed pipe, and messages on standard error.

use std::io::{self, BufWriter, Write};

use crate::error::CliError;

/// Buffered standard output. A closed pipe (`airgap-license status x | head -1`)
/// is not an error: output stops and the exit code still tells the verdict.
/// Warnings and errors go through it too, so that standard output is flushed
/// before anything is written to standard error and the two keep their order.
pub(crate) struct Out {
    stdout: BufWriter<io::StdoutLock<'static>>,
}

impl Out {
    pub(crate) fn new() -> Out {
        Out { stdout: BufWriter::new(io::stdout().lock()) }
    }

    /// One line. Text from a license or a file name must already be escaped
    /// (`airgap_license::Escaped`); everything else here is our own.
    pub(crate) fn line(&mut self, text: &str) -> Result<(), CliError> {
        let written = writeln!(self.stdout, "{text}");
        self.check(written)
    }

    /// Text without a line break (for JSON written piece by piece).
    pub(crate) fn text(&mut self, text: &str) -> Result<(), CliError> {
        let written = self.stdout.write_all(text.as_bytes());
        self.check(written)
    }

    /// Flushes, reporting a write error other than a closed pipe. Every
    /// command ends with it; a fleet audit flushes after each run of lines,
    /// so that what is judged is seen at once.
    pub(crate) fn finish(&mut self) -> Result<(), CliError> {
        let flushed = self.stdout.flush();
        self.check(flushed)
    }

    /// `error: ...` on standard error, after what standard output holds.
    pub(crate) fn error(&mut self, message: &str) -> Result<(), CliError> {
        self.finish()?;
        error_line(message);
        Ok(())
    }

    /// `warning: ...` on standard error, after what standard output holds.
    pub(crate) fn warning(&mut self, message: &str) -> Result<(), CliError> {
        self.finish()?;
        let _ = writeln!(io::stderr().lock(), "warning: {message}");
        Ok(())
    }

    /// A closed pipe stays closed: every later write fails the same way and
    /// is ignored the same way.
    fn check(&mut self, result: io::Result<()>) -> Result<(), CliError> {
        match result {
            Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(CliError::Write(e)),
            Err(_) | Ok(()) => Ok(()),
        }
    }
}

/// `error: ...` on standard error. If standard error itself is gone there is
/// nowhere left to report to, so a failure here is ignored.
pub(crate) fn error_line(message: &str) {
    let _ = writeln!(io::stderr().lock(), "error: {message}");
}
