"""The national profile and the five seed profiles, one module each."""
