//! Unit tests of the records pallet, by topic.

mod categories;
mod endorsement;
mod search;
mod submit;
