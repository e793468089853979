"""Data the tool reads at run time: policy profiles, control mapping, server facts."""
