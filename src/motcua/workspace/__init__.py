"""Staff pages: worklists, the dossier page and the actions allowed to the officer now."""
