"""directives: track the tasks set by a district's meeting conclusions, unit by unit."""

__version__ = "0.1.0"
