"""One module per resource: the handlers of the contract's operations."""
