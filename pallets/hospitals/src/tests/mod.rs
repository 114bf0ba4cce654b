//! Unit tests, by topic.

mod admin;
mod admission;
mod authority_set;
mod prime;
mod status;
