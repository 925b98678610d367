//! Getting an HTML page over HTTP or HTTPS (rustls), with timeouts and a redirect limit, and
//! telling the ways it can fail apart.

use std::time::Duration;

use super::SourceError;

/// The largest page body read; the vendor's pages are well under 1 MiB.
const BODY_LIMIT: u64 = 32 * 1024 * 1024;

/// Media types accepted as an HTML page.
const HTML_TYPES: [&str; 2] = ["text/html", "application/xhtml+xml"];

/// Which part of a request failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Resolving, connecting, sending the request, receiving the status and headers.
    Connect,
    /// Reading the body.
    Body,
}

/// An HTTP client with the timeouts and redirect limit of one `fetch` run.
#[derive(Debug, Clone)]
pub struct Http {
    agent: ureq::Agent,
    timeout: Duration,
    max_redirects: u32,
}

impl Http {
    /// A client whose connect, response and body reads each time out after `timeout`, and
    /// which follows at most `max_redirects` redirects.
    #[must_use]
    pub fn new(timeout: Duration, max_redirects: u32) -> Self {
        let config = ureq::Agent::config_builder()
            .timeout_connect(Some(timeout))
            .timeout_recv_response(Some(timeout))
            .timeout_recv_body(Some(timeout))
            .max_redirects(max_redirects)
            .max_redirects_will_error(true)
            // The status is checked below, so that a 404 is reported with its code.
            .http_status_as_error(false)
            .user_agent(concat!("ram-xtask-fetch/", env!("CARGO_PKG_VERSION")))
            .build();
        Self {
            agent: config.into(),
            timeout,
            max_redirects,
        }
    }

    /// Gets the HTML page at `url`: a 2xx answer whose content type is HTML and whose body is
    /// UTF-8. Returns the body's bytes exactly as received, since they are what gets pinned.
    ///
    /// # Errors
    ///
    /// An unreachable host, a timeout, too many redirects, a non-2xx status, a body that is not
    /// HTML or not UTF-8, each as its own [`SourceError`].
    pub fn get_html(&self, url: &str) -> Result<Vec<u8>, SourceError> {
        let mut response = self
            .agent
            .get(url)
            .call()
            .map_err(|e| self.classify(url, e, Phase::Connect))?;
        let status = response.status().as_u16();
        if !(200..300).contains(&status) {
            return Err(SourceError::Status {
                url: url.to_owned(),
                status,
            });
        }
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let media = content_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        if !HTML_TYPES.contains(&media.as_str()) {
            return Err(SourceError::NotHtml {
                url: url.to_owned(),
                content_type: if content_type.is_empty() {
                    "none".to_owned()
                } else {
                    content_type
                },
            });
        }
        let bytes = response
            .body_mut()
            .with_config()
            .limit(BODY_LIMIT)
            .read_to_vec()
            .map_err(|e| self.classify(url, e, Phase::Body))?;
        if std::str::from_utf8(&bytes).is_err() {
            return Err(SourceError::NotUtf8 {
                url: url.to_owned(),
            });
        }
        Ok(bytes)
    }

    /// Sorts a client error into the failures a reviewer acts on differently.
    fn classify(&self, url: &str, error: ureq::Error, phase: Phase) -> SourceError {
        let url = url.to_owned();
        match error {
            ureq::Error::Timeout(_) => SourceError::Timeout {
                url,
                seconds: self.timeout.as_secs_f64(),
            },
            ureq::Error::TooManyRedirects => SourceError::TooManyRedirects {
                url,
                limit: self.max_redirects,
            },
            ureq::Error::StatusCode(status) => SourceError::Status { url, status },
            ureq::Error::HostNotFound => SourceError::Unreachable {
                url,
                message: "host not found".to_owned(),
            },
            ureq::Error::ConnectionFailed => SourceError::Unreachable {
                url,
                message: "connection failed".to_owned(),
            },
            ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => {
                SourceError::Timeout {
                    url,
                    seconds: self.timeout.as_secs_f64(),
                }
            }
            // Before any answer, an I/O failure is the name lookup or the connection (the
            // client reports a failed lookup as a plain I/O error, without a kind of its own).
            ureq::Error::Io(e) if phase == Phase::Connect => SourceError::Unreachable {
                url,
                message: e.to_string(),
            },
            other => SourceError::Http {
                url,
                message: other.to_string(),
            },
        }
    }
}
