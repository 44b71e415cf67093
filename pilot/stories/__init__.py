"""What people tell: benefits, wins and concerns."""
