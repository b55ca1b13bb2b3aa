"""Staff pages of the steering committee's work (mounted under /can-bo/cai-cach/)."""
