"""Text helpers every layer shares: cleaning what a model or a recognizer wrote (`clean`), and distances between
texts for measuring speech recognition (`metrics`), and the overlapping windows a pair model reads an answer in
(`windows`)."""
