"""What the owner does to make adoption happen: training, prompts, follow-ups."""
