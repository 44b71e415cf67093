"""The go / no-go summary: built once, drawn once, rendered as Markdown, HTML, PDF or JSON."""
