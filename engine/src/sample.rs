//! A generated, realistic sample directory (with a few deliberate problems) so a newcomer sees the
//! product without a file; also the generator behind tests and benchmarks.
// TODO(helper)
