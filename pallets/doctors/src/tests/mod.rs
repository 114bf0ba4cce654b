//! Unit tests, by topic.

mod bonding;
mod priority;
mod registry;
mod rewards;
mod suspension;
mod weight;
