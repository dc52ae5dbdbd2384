"""Interactive networks, maps and figures drawn from rows read through the store."""
