"""Clients of external systems, each with a local simulator that speaks the real protocol (design.md rule 8).

`oidc_provider` is the simulator of the national single sign-on (VNeID through the national public
service portal): an OpenID Connect provider for tests and the demo. Its relying-party side lives in
`motcua.accounts.oidc`, because accounts sit below this layer and sign-in is theirs.
"""
