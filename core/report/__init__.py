"""The coaching report: its schema (`schema`), the LLM prompts that ask for it (`prompts`), the parser that
reads what a model wrote (`parsing`), the measured evidence a model's report is checked against
(`evidence`) and the outline that exports render (`outline`)."""
