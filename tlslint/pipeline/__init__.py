"""The pipeline of a run: discover, extract, run the rules, suppress, baseline, fix."""
