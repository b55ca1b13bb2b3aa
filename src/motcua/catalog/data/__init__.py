"""Reference data shipped with the catalog: the researched demo procedures (see SOURCES.md)."""

from pathlib import Path

DEMO_PROCEDURES_PATH = Path(__file__).with_name("demo_procedures.json")
