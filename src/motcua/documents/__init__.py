"""Files: uploaded papers, their content checks, and later official forms, results and signatures."""
