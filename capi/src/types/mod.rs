//! Type representations: value, function, global, table, memory, extern, import
//! and export types, and the conversions between them and wasmi's types.
pub mod exporttype;
pub mod externtype;
pub mod functype;
pub mod globaltype;
pub mod importtype;
pub mod limits;
pub mod memorytype;
pub mod tabletype;
pub mod valtype;

pub use exporttype::*;
pub use externtype::*;
pub use functype::*;
pub use globaltype::*;
pub use importtype::*;
pub use limits::*;
pub use memorytype::*;
pub use tabletype::*;
pub use valtype::*;
