//! Typesetting: a sealed typst world ([`world`]), the store of Thai line-break
//! opportunities it lays out with ([`breakcache`]), and what a reader would notice in the
//! laid-out pages ([`inspect`]). Knows no document: it lays out any generated source.

pub mod breakcache;
pub mod inspect;
pub mod world;

pub use world::DocWorld;

use typst_layout::PagedDocument;

use crate::error::Error;

/// Lays out a Typst world, with the line-break cache open for the run.
pub fn lay_out(world: &DocWorld) -> Result<PagedDocument, Error> {
    breakcache::begin();
    let document = world.compile();
    breakcache::finish();
    document.map_err(Error::Typeset)
}
