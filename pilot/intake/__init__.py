"""Weekly usage coming in: the admin export formats, reading them, storing imports,
entries by hand, manual KPIs."""
