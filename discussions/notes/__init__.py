"""A reader's private notes on a reading: written beside each paragraph, seen by nobody else."""
