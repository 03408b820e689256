"""Pure algorithms with no Django import: usable from the CLI, tests and other systems."""
