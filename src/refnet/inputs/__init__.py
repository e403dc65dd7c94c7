"""refnet.inputs."""
