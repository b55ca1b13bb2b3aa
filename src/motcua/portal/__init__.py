"""Citizen pages: find a procedure, submit online, look up a dossier, follow one's own dossiers."""
