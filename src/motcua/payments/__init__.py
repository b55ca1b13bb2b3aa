"""Online payment of dossier fees through gateway providers (VNPay first), with a local sandbox.

See docs/adr/0008-payments.md. This app sits in the support layer: it knows dossiers only by their
code and never imports `motcua.dossiers`; the interface layer marks the dossier's financial
obligation met after a confirmed payment.
"""
