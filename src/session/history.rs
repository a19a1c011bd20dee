//! Undo and redo: the inverse of every applied [`Command`], and the revision numbers that tell
//! whether the annotations are as they were last saved (undoing back to the saved state makes a
//! session clean again).

use super::Command;

/// A command that reverses a change, and the revision it leads back to.
#[derive(Debug)]
pub(super) struct Step {
    /// The inverse command.
    pub command: Command,
    /// The revision before the change it reverses.
    pub revision: u64,
}

/// The undo and redo stacks of a session.
#[derive(Debug)]
pub(super) struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    revision: u64,
    saved_revision: u64,
    next_revision: u64,
}

impl Default for History {
    fn default() -> History {
        History {
            undo: Vec::new(),
            redo: Vec::new(),
            revision: 0,
            saved_revision: 0,
            next_revision: 1,
        }
    }
}

impl History {
    /// A number that changes with every change, undo and redo (and comes back with undo).
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Whether the current revision is the saved one.
    pub fn at_saved(&self) -> bool {
        self.revision == self.saved_revision
    }

    /// The current revision was saved.
    pub fn mark_saved(&mut self) {
        self.saved_revision = self.revision;
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// A new change was made; `inverse` reverses it. Clears the redo stack.
    pub fn record(&mut self, inverse: Command) {
        self.undo.push(Step {
            command: inverse,
            revision: self.revision,
        });
        self.redo.clear();
        self.revision = self.next_revision;
        self.next_revision += 1;
    }

    /// The step to undo, if any; report its execution with [`History::undone`].
    pub fn take_undo(&mut self) -> Option<Step> {
        self.undo.pop()
    }

    /// The step taken from [`History::take_undo`] was carried out; `redo` reverses it.
    pub fn undone(&mut self, step_revision: u64, redo: Command) {
        self.redo.push(Step {
            command: redo,
            revision: self.revision,
        });
        self.revision = step_revision;
    }

    /// The step to redo, if any; report its execution with [`History::redone`].
    pub fn take_redo(&mut self) -> Option<Step> {
        self.redo.pop()
    }

    /// The step taken from [`History::take_redo`] was carried out; `undo` reverses it.
    pub fn redone(&mut self, step_revision: u64, undo: Command) {
        self.undo.push(Step {
            command: undo,
            revision: self.revision,
        });
        self.revision = step_revision;
    }
}
