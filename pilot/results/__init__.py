"""The weekly metrics and what they mean: goal progress, the decision, charts, people, the overview."""
