"""Users and sign-in: citizens and staff share one user model; roles live in organisations."""
