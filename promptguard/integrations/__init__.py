"""Adapters that run promptguard inside other engines (Dask)."""
