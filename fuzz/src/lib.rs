//! Shared property checks for the fuzz targets.
pub mod properties;
