"""The verdict said to people and machines: text, JSON, the class report."""
