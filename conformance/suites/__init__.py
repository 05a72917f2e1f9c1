"""The kit's test suites, run under pytest by `lookup-conformance run` or a vendor's own pytest."""
