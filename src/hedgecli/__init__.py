"""hedge: how far US allies hedge toward China, and their risk of partial strategic reversal."""

__version__ = "1.0.0"
