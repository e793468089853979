"""The compliance report (``tlslint report``): one document model, many renderings."""
