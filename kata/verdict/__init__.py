"""The verdict: which runs a student's test needs, and what their results mean."""
