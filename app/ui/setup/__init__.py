"""The first-run setup wizard: database, station name, printer, scanner, language."""
