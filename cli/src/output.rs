//! Standard output that survives a closed pipe, and messages on standard error.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

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

    /// Art for a person (a QR code): on standard output when it is a
    /// terminal, else on standard error, so that `request --qr > FILE`
    /// leaves only the request in the file.
    pub(crate) fn for_the_terminal(&mut self, art: &str) -> Result<(), CliError> {
        use std::io::IsTerminal as _;
        if io::stdout().is_terminal() {
            return self.text(art);
        }
        self.finish()?;
        let _ = io::stderr().lock().write_all(art.as_bytes());
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

/// Creates a file that must not exist yet (never overwriting, never through
/// a link), with `mode` from the start on Unix, so that a private key is
/// never readable by others, not even briefly.
pub(crate) fn create_new(path: &Path, mode: u32) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    options.open(path)
}

/// Writes `bytes` into a new file and syncs it.
pub(crate) fn write_synced(mut file: File, bytes: &[u8]) -> io::Result<()> {
    file.write_all(bytes).and_then(|()| file.sync_all())
}

/// A file made for a command's output (a request, a receipt): created
/// before the command changes anything, so that a file that cannot be made
/// stops it first; written and synced once the output exists.
pub(crate) struct OutputFile {
    file: File,
    path: PathBuf,
}

/// Creates `path` for output (`0644`: nothing in it is secret).
pub(crate) fn create_output(path: &Path) -> Result<OutputFile, CliError> {
    let file = create_new(path, 0o644).map_err(|source| CliError::Output { path: path.to_owned(), source })?;
    Ok(OutputFile { file, path: path.to_owned() })
}

impl OutputFile {
    /// Writes the output and syncs it; a failure removes the file.
    pub(crate) fn write(self, bytes: &[u8]) -> Result<(), CliError> {
        let OutputFile { file, path } = self;
        write_synced(file, bytes).map_err(|source| {
            let _ = fs::remove_file(&path);
            CliError::Output { path, source }
        })
    }

    /// Removes the file: there is nothing to write into it.
    pub(crate) fn discard(self) {
        drop(self.file);
        let _ = fs::remove_file(&self.path);
    }

    /// Its path.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }
}
