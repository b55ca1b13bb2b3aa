"""A local OpenID Connect provider standing in for the national SSO (VNeID / DVCQG) in tests and the demo.

It issues real RS256-signed ID tokens over real HTTP, so the relying party in `accounts.oidc` runs its
whole protocol against it. Only mounted when `USE_OIDC_SIMULATOR` is on. See README.md for what it
does and does not tell us about the real provider.
"""
