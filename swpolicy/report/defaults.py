"""The report's defaults, in a module light enough for the CLI to import at start-up."""

DEFAULT_DRAWS = 10_000
