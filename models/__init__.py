"""Trellis's domain and storage: the vault, keys, sessions and sealed records. No Qt."""
