"""prestatiemonitor: reproducible annual monitor of the Prestatieafspraken Leidschendam-Voorburg 2026-2029."""

__version__ = "0.1.0"
