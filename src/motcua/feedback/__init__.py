"""Feedback from citizens: ratings of how a dossier was handled (Decree 118/2025/NĐ-CP Art 31, 33)."""
