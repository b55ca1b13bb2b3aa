"""Shared kernel: errors, time helpers, Vietnamese text folding, base templates."""
