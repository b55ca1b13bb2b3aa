"""Dossiers (hồ sơ): intake, the status machine, steps along the internal process, events.

A dossier is received through a channel (desk, post, online, national portal), gets its code
(Decree 118/2025/NĐ-CP Art 28), starts its statutory clock (Art 17(3), 18(2)) and moves through the
steps of its procedure's internal process until the result is returned (Art 22). Every change is a
service that writes one `DossierEvent`; the event log is append-only and hash-chained.
"""
