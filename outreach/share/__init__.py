"""Share images, their store, the texts ready to post, the volunteer kit, and their views."""
