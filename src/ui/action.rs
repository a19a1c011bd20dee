//! What the user can ask for: every [`Action`], and the [`MenuCommand`]s among them — those
//! with a menu entry and a keyboard shortcut, whose label, shortcuts and action are defined
//! together here, once (the menu bar, the shortcut handling and the README read them from here).

use crate::annotation::{
    Annotation, AnnotationId, EntityType, Kind, Label, Relation, RelationKind,
};
use crate::corpus::commitments::Status;
use crate::corpus::entities::AliasDecision;
use crate::interchange::import::ImportFormat;
use crate::interchange::{self, ExportOptions};
use crate::ui::disk::Resolution;
use crate::ui::i18n::Language;
use crate::ui::workspace::WorkspaceTab;
use eframe::egui::{Key, KeyboardShortcut, Modifiers};
use std::path::PathBuf;

/// Something the user asked for.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Show the open-file dialog.
    OpenDialog,
    /// Open this file.
    Open(PathBuf),
    /// Reopen the current file decoded with this encoding (WHATWG name).
    Reopen(String),
    /// Save the sidecar.
    Save,
    /// Tag the selected text (or retag the selected annotation) as this kind.
    Tag(Kind),
    /// Delete an annotation.
    Delete(AnnotationId),
    /// Replace an annotation with an edited version.
    Edit(Box<Annotation>),
    /// Change the attributes of the suggestion under review before accepting it.
    EditSuggestion(Label),
    /// Undo the last change.
    Undo,
    /// Redo the last undone change.
    Redo,
    /// Select an annotation (or none); `true` scrolls the document to it.
    Select(Option<AnnotationId>, bool),
    /// Show the find bar.
    Find,
    /// Select the next occurrence of this text after the selection (wrapping around).
    FindNext(String),
    /// Run the suggestion engine on the document.
    Suggest,
    /// Move to the next (+1) or previous (-1) pending suggestion.
    StepSuggestion(i32),
    /// Make the pending suggestion with this index the current one.
    FocusSuggestion(usize),
    /// Accept the current suggestion (with any edits made to it).
    AcceptSuggestion,
    /// Reject the current suggestion.
    RejectSuggestion,
    /// Accept every pending suggestion of a kind scoring at least the given score (0 for all).
    AcceptAll(Kind, f32),
    /// Move an orphaned (or to-be-checked) annotation onto the selected text.
    Reattach(AnnotationId),
    /// Confirm that an annotation marked "check" sits on the right text.
    ConfirmAnchor(AnnotationId),
    /// Show the export dialog.
    ShowExport,
    /// Export the annotations.
    Export {
        /// The format.
        format: interchange::Format,
        /// What to export.
        options: ExportOptions,
        /// Where to.
        path: PathBuf,
    },
    /// Show the import dialog.
    ShowImport,
    /// Merge annotations from another tool's file.
    Import {
        /// The file's format.
        format: ImportFormat,
        /// The file.
        path: PathBuf,
        /// The label for records of types Gloss does not map; `None` skips them.
        unmapped: Option<Label>,
    },
    /// Settle a conflict between the session and the sidecar changed on disk.
    ResolveConflict(Resolution),
    /// Reopen the report after it changed on disk (saving the annotations first).
    ReloadSource,
    /// Show the open-folder dialog.
    OpenFolderDialog,
    /// Open this folder as the workspace.
    OpenFolder(PathBuf),
    /// Show the quick-open box of the workspace.
    QuickOpen,
    /// Show the workspace's Search tab with the keyboard in its query field.
    FocusWorkspaceSearch,
    /// Search the workspace for this query.
    SearchWorkspace(String),
    /// Show a tab of the workspace panel.
    ShowWorkspaceTab(WorkspaceTab),
    /// Open this report (if it is not open) and select this range of it (code points).
    OpenAt(PathBuf, usize, usize),
    /// Mark a report of the workspace (by relative name) reviewed or not.
    SetReviewed(String, bool),
    /// Record what the user decided about a name of an entity.
    DecideAlias {
        /// The entity's canonical name.
        canonical: String,
        /// Its type.
        entity_type: EntityType,
        /// The other name.
        name: String,
        /// Same entity, or different.
        decision: AliasDecision,
    },
    /// Confirm a commitment track's status (`None`: back to the proposal).
    ConfirmTrack(String, Option<Status>),
    /// Show the dialog to pick another annotator's sidecar of the open report.
    CompareDialog,
    /// Compare the open report's annotations with this sidecar of another annotator.
    Compare(PathBuf),
    /// Take the other annotator's version of an annotation (replace ours on its span, or add it).
    TakeTheirs(Box<Annotation>),
    /// Stop comparing.
    CloseComparison,
    /// Start a link from the selected annotation (R): the next annotation picked is its target.
    StartLink,
    /// Link the annotation being linked from to this one, and stop linking.
    LinkTo(AnnotationId),
    /// Choose the kind of the link being made (`None`: the kind proposed for the target).
    SetLinkKind(Option<RelationKind>),
    /// Stop making a link.
    CancelLink,
    /// Make this link (one the panel proposes).
    Link(Relation),
    /// Remove a link.
    Unlink(Relation),
    /// Select this range of the open document (code points) and scroll to it.
    SelectRange(usize, usize),
    /// Show the window in this language (and remember it).
    SetLanguage(Language),
    /// Close the window.
    Quit,
}

/// An action with a menu entry and standard keyboard shortcuts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MenuCommand {
    /// File → Open… (Ctrl+O).
    Open,
    /// File → Open folder… (Ctrl+Shift+O).
    OpenFolder,
    /// File → Go to report… (Ctrl+P).
    QuickOpen,
    /// File → Save (Ctrl+S).
    Save,
    /// File → Export….
    Export,
    /// File → Import….
    Import,
    /// File → Compare with another annotator….
    Compare,
    /// File → Quit (Ctrl+Q).
    Quit,
    /// Edit → Undo (Ctrl+Z).
    Undo,
    /// Edit → Redo (Ctrl+Shift+Z, Ctrl+Y).
    Redo,
    /// Edit → Find… (Ctrl+F).
    Find,
    /// Edit → Search the folder… (Ctrl+Shift+F).
    SearchFolder,
    /// Edit → Suggest annotations (Ctrl+G).
    Suggest,
}

const fn command(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, key)
}

impl MenuCommand {
    /// Every command, in the order their shortcuts are tried: a shortcut with more modifiers
    /// comes before one it contains (Ctrl+Shift+Z, redo, before Ctrl+Z, undo).
    pub const ALL: [MenuCommand; 13] = [
        MenuCommand::OpenFolder,
        MenuCommand::Open,
        MenuCommand::QuickOpen,
        MenuCommand::Save,
        MenuCommand::Export,
        MenuCommand::Import,
        MenuCommand::Compare,
        MenuCommand::Quit,
        MenuCommand::Redo,
        MenuCommand::Undo,
        MenuCommand::SearchFolder,
        MenuCommand::Find,
        MenuCommand::Suggest,
    ];

    /// The menu entry's text, in the window's language.
    pub fn label(self) -> String {
        let key = match self {
            MenuCommand::Open => "menu.open",
            MenuCommand::OpenFolder => "menu.open_folder",
            MenuCommand::QuickOpen => "menu.quick_open",
            MenuCommand::SearchFolder => "menu.search_folder",
            MenuCommand::Save => "menu.save",
            MenuCommand::Export => "menu.export",
            MenuCommand::Import => "menu.import",
            MenuCommand::Compare => "menu.compare",
            MenuCommand::Quit => "menu.quit",
            MenuCommand::Undo => "menu.undo",
            MenuCommand::Redo => "menu.redo",
            MenuCommand::Find => "menu.find",
            MenuCommand::Suggest => "menu.suggest",
        };
        crate::tr!(key).into_owned()
    }

    /// The keyboard shortcuts; the first is the one shown in the menu.
    pub fn shortcuts(self) -> &'static [KeyboardShortcut] {
        const OPEN: [KeyboardShortcut; 1] = [command(Key::O)];
        const SAVE: [KeyboardShortcut; 1] = [command(Key::S)];
        const QUIT: [KeyboardShortcut; 1] = [command(Key::Q)];
        const UNDO: [KeyboardShortcut; 1] = [command(Key::Z)];
        const REDO: [KeyboardShortcut; 2] = [
            KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z),
            command(Key::Y),
        ];
        const FIND: [KeyboardShortcut; 1] = [command(Key::F)];
        const OPEN_FOLDER: [KeyboardShortcut; 1] = [KeyboardShortcut::new(
            Modifiers::COMMAND.plus(Modifiers::SHIFT),
            Key::O,
        )];
        const QUICK_OPEN: [KeyboardShortcut; 1] = [command(Key::P)];
        const SEARCH_FOLDER: [KeyboardShortcut; 1] = [KeyboardShortcut::new(
            Modifiers::COMMAND.plus(Modifiers::SHIFT),
            Key::F,
        )];
        const SUGGEST: [KeyboardShortcut; 1] = [command(Key::G)];
        match self {
            MenuCommand::Open => &OPEN,
            MenuCommand::OpenFolder => &OPEN_FOLDER,
            MenuCommand::QuickOpen => &QUICK_OPEN,
            MenuCommand::SearchFolder => &SEARCH_FOLDER,
            MenuCommand::Save => &SAVE,
            MenuCommand::Export | MenuCommand::Import | MenuCommand::Compare => &[],
            MenuCommand::Quit => &QUIT,
            MenuCommand::Undo => &UNDO,
            MenuCommand::Redo => &REDO,
            MenuCommand::Find => &FIND,
            MenuCommand::Suggest => &SUGGEST,
        }
    }

    /// What choosing it does.
    pub fn action(self) -> Action {
        match self {
            MenuCommand::Open => Action::OpenDialog,
            MenuCommand::OpenFolder => Action::OpenFolderDialog,
            MenuCommand::QuickOpen => Action::QuickOpen,
            MenuCommand::SearchFolder => Action::FocusWorkspaceSearch,
            MenuCommand::Save => Action::Save,
            MenuCommand::Export => Action::ShowExport,
            MenuCommand::Import => Action::ShowImport,
            MenuCommand::Compare => Action::CompareDialog,
            MenuCommand::Quit => Action::Quit,
            MenuCommand::Undo => Action::Undo,
            MenuCommand::Redo => Action::Redo,
            MenuCommand::Find => Action::Find,
            MenuCommand::Suggest => Action::Suggest,
        }
    }
}

/// The key that starts a link from the selected annotation.
pub const LINK_KEY: Key = Key::R;

/// The key that tags the selection (or retags the selected annotation) as `kind`.
pub fn tag_key(kind: Kind) -> Key {
    match kind {
        Kind::Figure => Key::F,
        Kind::Entity => Key::E,
        Kind::Commitment => Key::C,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_shortcut_is_shadowed_by_an_earlier_one() {
        let all: Vec<(usize, KeyboardShortcut)> = MenuCommand::ALL
            .iter()
            .enumerate()
            .flat_map(|(i, c)| c.shortcuts().iter().map(move |s| (i, *s)))
            .collect();
        for (i, a) in &all {
            for (j, b) in &all {
                // An earlier shortcut that a later one's keys also match would swallow it.
                if i < j && a.logical_key == b.logical_key {
                    assert!(
                        !b.modifiers.matches_logically(a.modifiers) || a.modifiers == b.modifiers,
                        "{a:?} is tried before {b:?} and would take its key presses"
                    );
                }
            }
        }
    }
}
