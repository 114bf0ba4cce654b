//! One module per command group, each with its arguments and what it does: `mhr keys`
//! ([`keys`]), `mhr hospital` ([`hospital`]), `mhr patient` ([`patient`]), `mhr doctor`
//! ([`doctor`]), `mhr vault` ([`vault`]); `mhr patient read` and `mhr doctor read` share
//! [`read`], `mhr vault load` is [`load`].

pub mod doctor;
pub mod hospital;
pub mod keys;
pub mod load;
pub mod patient;
pub mod read;
pub mod vault;
