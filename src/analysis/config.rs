//! `claimcheck.toml`: the one configuration file of the CLI and the server.
//!
//! ```toml
//! sources = "articles"          # relative to this file
//!
//! [severity]
//! unsupported = "error"         # error | warning | info | hint | off
//! unknown-entity = "off"
//! ```

use super::diagnostics::{Code, Severity};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// The articles folder, as written (relative to the config file).
    pub sources: Option<String>,
    /// Per-code severity; `None` turns a code off.
    pub severity: BTreeMap<Code, Option<Severity>>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    sources: Option<String>,
    #[serde(default)]
    severity: BTreeMap<String, String>,
}

impl Config {
    /// Parses the text of a `claimcheck.toml`.
    pub fn parse(text: &str) -> Result<Config, String> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut config = Config {
            sources: raw.sources,
            severity: BTreeMap::new(),
        };
        config.merge_severities(raw.severity.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
        Ok(config)
    }

    /// Applies `code = severity` pairs on top of this configuration.
    pub fn merge_severities<'a>(
        &mut self,
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<(), String> {
        for (code, severity) in pairs {
            let code = Code::parse(code).ok_or_else(|| {
                format!(
                    "unknown diagnostic code `{code}`; known codes: {}",
                    Code::ALL.map(Code::as_str).join(", ")
                )
            })?;
            let severity = Severity::parse(severity).ok_or_else(|| {
                format!(
                    "unknown severity `{severity}` for `{}`: use error, warning, info, hint or off",
                    code.as_str()
                )
            })?;
            self.severity.insert(code, severity);
        }
        Ok(())
    }

    /// The severity of `code`, or `None` when it is turned off.
    pub fn severity_of(&self, code: Code) -> Option<Severity> {
        match self.severity.get(&code) {
            Some(s) => *s,
            None => Some(code.default_severity()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sources_and_severities() {
        let config = Config::parse("sources = \"articles\"\n[severity]\nunsupported = \"error\"\nunknown-entity = \"off\"\n").unwrap();
        assert_eq!(config.sources.as_deref(), Some("articles"));
        assert_eq!(config.severity_of(Code::Unsupported), Some(Severity::Error));
        assert_eq!(config.severity_of(Code::UnknownEntity), None);
        assert_eq!(config.severity_of(Code::Duplicate), Some(Severity::Warning));
    }

    #[test]
    fn rejects_unknown_codes_and_keys_with_a_clear_message() {
        let err = Config::parse("[severity]\nunsuported = \"error\"\n").unwrap_err();
        assert!(
            err.contains("unknown diagnostic code `unsuported`"),
            "{err}"
        );
        assert!(Config::parse("source = \"x\"\n").is_err());
        let err = Config::parse("[severity]\nunsupported = \"loud\"\n").unwrap_err();
        assert!(err.contains("unknown severity `loud`"), "{err}");
    }
}
