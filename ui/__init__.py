"""The Qt interface: thin widgets over models/ and exports/."""
