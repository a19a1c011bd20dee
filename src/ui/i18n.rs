//! The window's language: English or 简体中文. Every text the window shows comes from one
//! catalogue per language (`assets/locales/en.yml`, `assets/locales/zh-CN.yml`, compiled in by
//! rust-i18n) through [`tr!`](crate::tr); the language is the system's at first (`sys-locale`), can
//! be switched in View, and is remembered in the user's settings file.
//!
//! The language is per UI thread (the frame sets it from the app's choice), so two windows or two
//! UI tests can show different languages at once.

use serde::{Deserialize, Serialize};
use std::cell::Cell;
use std::path::PathBuf;

/// A language the window can be shown in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Language {
    /// English.
    #[default]
    English,
    /// Simplified Chinese.
    Chinese,
}

impl Language {
    /// Every language, in menu order.
    pub const ALL: [Language; 2] = [Language::English, Language::Chinese];

    /// The catalogue's name (`en`, `zh-CN`).
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Chinese => "zh-CN",
        }
    }

    /// The language's name in itself, as the View menu lists it.
    pub fn name(self) -> &'static str {
        match self {
            Language::English => "English",
            Language::Chinese => "简体中文",
        }
    }

    /// The language of a locale tag (`zh-CN`, `zh_TW.UTF-8`, `en-GB`): Chinese for any `zh`.
    pub fn of_locale(tag: &str) -> Language {
        if tag.to_ascii_lowercase().starts_with("zh") {
            Language::Chinese
        } else {
            Language::English
        }
    }

    /// The language to start in: the one remembered, else the system's.
    pub fn preferred() -> Language {
        Settings::load()
            .and_then(|s| s.language)
            .unwrap_or_else(|| {
                sys_locale::get_locale()
                    .map(|tag| Language::of_locale(&tag))
                    .unwrap_or_default()
            })
    }
}

thread_local! {
    static CURRENT: Cell<Language> = const { Cell::new(Language::English) };
}

/// Shows this thread's window in `language` from now on.
pub fn set_current(language: Language) {
    CURRENT.with(|c| c.set(language));
}

/// The catalogue of this thread's window language (for [`tr!`](crate::tr)).
pub fn current_code() -> &'static str {
    CURRENT.with(|c| c.get()).code()
}

/// A text of the window in its language: `tr!("menu.file")`, `tr!("status.saved", path = p)`.
#[macro_export]
macro_rules! tr {
    ($key:expr) => {
        rust_i18n::t!($key, locale = $crate::ui::i18n::current_code())
    };
    ($key:expr, $($name:ident = $value:expr),+ $(,)?) => {
        rust_i18n::t!($key, locale = $crate::ui::i18n::current_code(), $($name = $value),+)
    };
}

/// What the window remembers between runs (`settings.ron` beside the user's glossary).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// The language chosen in View, if one was.
    #[serde(default)]
    pub language: Option<Language>,
}

impl Settings {
    /// Where the settings are kept: `settings.ron` in the user's config folder for Gloss.
    pub fn path() -> Option<PathBuf> {
        crate::store::UserFolder::Config
            .path()
            .map(|folder| folder.join("settings.ron"))
    }

    /// The settings saved, if any can be read.
    pub fn load() -> Option<Settings> {
        let text = std::fs::read_to_string(Settings::path()?).ok()?;
        ron::from_str(&text).ok()
    }

    /// Saves the settings to `path` (atomically); a failure is returned for the status bar.
    pub fn save(&self, path: &std::path::Path) -> Result<(), String> {
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(|e| e.to_string())?;
        }
        let text = ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default())
            .map_err(|e| e.to_string())?;
        crate::store::write_atomically(path, text.as_bytes()).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_pick_the_language() {
        assert_eq!(Language::of_locale("zh-CN"), Language::Chinese);
        assert_eq!(Language::of_locale("zh_TW.UTF-8"), Language::Chinese);
        assert_eq!(Language::of_locale("en-GB"), Language::English);
        assert_eq!(Language::of_locale("C"), Language::English);
    }

    #[test]
    fn every_key_has_both_languages_and_the_same_placeholders() {
        let load = |name: &str| -> std::collections::BTreeMap<String, String> {
            let path = format!("{}/assets/locales/{name}.yml", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(path).unwrap();
            text.lines()
                .filter(|l| !l.starts_with('#') && !l.starts_with("_version") && l.contains(": "))
                .map(|l| {
                    let (k, v) = l.split_once(": ").unwrap();
                    (k.trim().to_owned(), v.trim().to_owned())
                })
                .collect()
        };
        let (en, zh) = (load("en"), load("zh-CN"));
        assert_eq!(
            en.keys().collect::<Vec<_>>(),
            zh.keys().collect::<Vec<_>>(),
            "the catalogues have the same keys"
        );
        let placeholders = |v: &str| -> Vec<String> {
            let mut p: Vec<String> = v
                .split("%{")
                .skip(1)
                .filter_map(|s| s.split_once('}').map(|(n, _)| n.to_owned()))
                .collect();
            p.sort();
            p
        };
        for (k, v) in &en {
            assert_eq!(placeholders(v), placeholders(&zh[k]), "{k}");
        }
        // Every key the window's code names is in the catalogues.
        let dir = format!("{}/src/ui", env!("CARGO_MANIFEST_DIR"));
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let code = std::fs::read_to_string(&path).unwrap();
            for piece in code.split("tr!(\"").skip(1) {
                let key = piece.split('"').next().unwrap_or_default();
                assert!(
                    en.contains_key(key),
                    "{}: no text for {key:?}",
                    path.display()
                );
            }
        }
        set_current(Language::Chinese);
        assert_eq!(crate::tr!("menu.file"), "文件");
        set_current(Language::English);
        assert_eq!(crate::tr!("menu.file"), "File");
    }
}
