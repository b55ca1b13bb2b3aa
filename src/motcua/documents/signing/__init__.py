"""Digital signatures of results and digitised papers: keys, PAdES signing, stamps, scans to PDF.

* `keys` — PKCS#12 files (development, demo) and PKCS#11 tokens or HSMs (production), unlocked by
  the signer's PIN; certificate checks before signing (validity, trusted root, key usage).
* `pades` — PAdES signatures (pyHanko) with a visible stamp and an optional RFC 3161 timestamp.
* `stamp` — the stamp: signer, agency, time, document code and a QR code to the public check.
* `metadata` — the document code and Decree 118 Art 19(2) metadata in the PDF's XMP.
* `render` — results from HTML templates, with the stamp placed where the template marks it.
* `digitise` — scans to PDF, with a Vietnamese OCR text layer when Tesseract is installed.
* `ca` — a demo certification authority (``motcua create_demo_ca``); never for production.

The writes (registering keys, issuing results, digitising) are services in `documents.services`;
verification is `documents.verification`.
"""
